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

/**
 * A short, escaped excerpt of the first line of `text`, for a message about a
 * file that failed to parse: at most `length` characters (default 16), quoted,
 * with everything outside printable ASCII escaped, so that neither the file's
 * content nor control characters reach the terminal.
 *
 * @param text the file's text
 * @param length the most characters of the first line kept (default 16)
 * @returns the quoted excerpt, with `...` when cut
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { firstLineExcerpt } from "./input.ts";
 * strictEqual(firstLineExcerpt("root:x:0:0:root:/root:/bin/bash\nbin:x:1:1"), `"root:x:0:0:root:..."`);
 * strictEqual(firstLineExcerpt("\u001b[31mü"), `"\\u001b[31m\\u00fc"`);
 * strictEqual(firstLineExcerpt(""), `""`);
 * ```
 */
export function firstLineExcerpt(text: string, length = 16): string {
  const line = text.split(/\r?\n/, 1)[0];
  const cut = line.length > length ? line.slice(0, length) : line;
  const escaped = JSON.stringify(cut).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return line.length > length ? `${escaped.slice(0, -1)}..."` : escaped;
}

/** What kind of file `info` describes, for a message refusing it. */
function kindOf(info: Deno.FileInfo): string {
  if (info.isDirectory) return "a folder";
  if (info.isFifo) return "a pipe (FIFO)";
  if (info.isCharDevice || info.isBlockDevice) return "a device";
  if (info.isSocket) return "a socket";
  return "not a regular file";
}

/** Reads at most `maxBytes` + 1 bytes of `path`, a regular file (checked before opening: a pipe would block). */
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
 * Where `path` really is, symbolic links resolved, checked against this
 * script's read permission: Deno checks the path as written, so a link inside
 * a readable folder would otherwise let the script read whatever it points to.
 * Refuses anything but a regular file (a folder, a pipe, which would block for
 * ever, a device such as /dev/zero, a socket), looked at before it is opened.
 */
async function resolveRegularFile(path: string, input: string): Promise<string> {
  const real = await Deno.realPath(path);
  const access = await Deno.permissions.query({ name: "read", path: real });
  if (access.state !== "granted") {
    throw new UsageError((n) =>
      `${n(input)} must name a file this script may read; "${path}" is a link to "${real}", which is not allowed`
    );
  }
  const info = await Deno.stat(real);
  if (!info.isFile) {
    const kind = kindOf(info);
    throw new UsageError((n) => `${n(input)} must name a regular file; "${path}" is ${kind}`);
  }
  return real;
}

/**
 * Reads a text file of at most `options.maxBytes` bytes (default
 * {@link MAX_INPUT_BYTES}), turning "not found", "not allowed" (symbolic links
 * followed: the file they point to must be readable too), "not a regular
 * file" (a folder, a pipe, a device such as /dev/zero: looked at before
 * opening, so a pipe never blocks) and "too large" into one-line
 * {@link UsageError}s naming `input` (the caller's name for the file).
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
 * await rejects(readTextInput("/tmp", "runFile"), { message: `runFile must name a regular file; "/tmp" is a folder` });
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
    bytes = await readBounded(await resolveRegularFile(path, input), maxBytes);
  } catch (e) {
    if (e instanceof UsageError) throw e;
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

/**
 * The text of a file that may not be there (a committed result a command
 * re-renders if it exists): null when it does not exist; any other error
 * (no permission, a folder) is thrown.
 *
 * @param path the file
 * @returns its text, or null when there is no such file
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { readTextIfPresent } from "./input.ts";
 * const dir = await Deno.makeTempDir({ dir: "/tmp" });
 * strictEqual(await readTextIfPresent(`${dir}/none.json`), null);
 * await Deno.writeTextFile(`${dir}/a.json`, "{}");
 * strictEqual(await readTextIfPresent(`${dir}/a.json`), "{}");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readTextIfPresent(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}
