/**
 * Reading the caller's input files (a saved run), bounded in size, with
 * one-line errors that name the input.
 *
 * @module
 */
import { firstLine, UsageError } from "./errors.ts";

/**
 * The largest input {@link readTextInput} reads unless told otherwise: 256 MiB.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MAX_INPUT_BYTES } from "./input.ts";
 * strictEqual(MAX_INPUT_BYTES, 2 ** 28);
 * ```
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Reads at most `maxBytes` + 1 bytes of `path` (a file, a pipe or a device alike). */
async function readBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  using file = await Deno.open(path, { read: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buffer = new Uint8Array(1 << 20);
  while (total <= maxBytes) {
    const n = await file.read(buffer);
    if (n === null) break;
    chunks.push(buffer.slice(0, n));
    total += n;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Reads a text file of at most `options.maxBytes` bytes (default
 * {@link MAX_INPUT_BYTES}), turning "not found", "not allowed", "is a folder"
 * and "too large" (an endless device such as /dev/zero included) into
 * one-line {@link UsageError}s naming `input` (the caller's name for the file).
 *
 * @param path the file
 * @param input the caller's name for it, for messages
 * @param options the most bytes read (default {@link MAX_INPUT_BYTES})
 * @returns the file's text
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { readTextInput } from "./input.ts";
 * const path = await Deno.makeTempFile({ dir: "/tmp" });
 * await Deno.writeTextFile(path, "hello");
 * strictEqual(await readTextInput(path, "runFile"), "hello");
 * await rejects(readTextInput(path, "runFile", { maxBytes: 4 }), { name: "UsageError", message: /at most 4 bytes/ });
 * await Deno.remove(path);
 * ```
 */
export async function readTextInput(
  path: string,
  input: string,
  options: { maxBytes?: number } = {},
): Promise<string> {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(path, maxBytes);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new UsageError((n) => `${n(input)} must name an existing file; "${path}" does not exist`);
    }
    if (
      e instanceof Deno.errors.NotCapable ||
      e instanceof Deno.errors.PermissionDenied
    ) {
      throw new UsageError((n) => `${n(input)} must name a file this script may read; "${path}" is not allowed`);
    }
    const why = firstLine(e);
    throw new UsageError((n) => `${n(input)} must name a readable text file; "${path}": ${why}`);
  }
  if (bytes.length > maxBytes) {
    throw new UsageError((n) => `${n(input)} must name a file of at most ${maxBytes} bytes; "${path}" is larger`);
  }
  return new TextDecoder().decode(bytes);
}
