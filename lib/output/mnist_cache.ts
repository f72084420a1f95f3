/**
 * Where the MNIST commands keep their cache of the validated MNIST bytes
 * (`lib/mnist/cache.ts` reads and checks it; writing it is this layer's):
 * {@link mnistCache} is the cache `loadMnist` is given by
 * `deno task mnist_bifurcation` and `mnist_training`, in `mnistCacheDir()`,
 * outside the repository.
 *
 * @module
 */
import { type MnistCache, mnistCacheDir } from "../mnist/dataset.ts";

/**
 * Writes a cache file atomically: its folder is created if needed, the bytes
 * go to a temporary file beside it (`.NAME.tmp-PID-RANDOM`, so that workers
 * of one process building the same cache do not collide), which is renamed
 * over `path` once complete; a reader sees the old file or the new one, never
 * a part. On failure the temporary file is removed and the error thrown.
 *
 * @param path the cache file
 * @param bytes its contents (`encodeMnistCache` of lib/mnist)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { writeMnistCache } from "./mnist_cache.ts";
 * const dir = await Deno.makeTempDir();
 * await writeMnistCache(`${dir}/sub/a.bin`, new Uint8Array([1, 2]));
 * deepStrictEqual([...await Deno.readFile(`${dir}/sub/a.bin`)], [1, 2]);
 * deepStrictEqual([...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name), ["a.bin"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeMnistCache(path: string, bytes: Uint8Array): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash);
  const tmp = `${dir}/.${path.slice(slash + 1)}.tmp-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.mkdir(dir, { recursive: true });
  try {
    await Deno.writeFile(tmp, bytes, { createNew: true });
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * The cache the MNIST commands load through: `mnistCacheDir()`, written by
 * {@link writeMnistCache}.
 *
 * @returns the folder and its writer, for `loadMnist`'s `cache` option
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { mnistCache, writeMnistCache } from "./mnist_cache.ts";
 * strictEqual(mnistCache().write, writeMnistCache);
 * strictEqual(mnistCache().dir.endsWith("/dissecting-relu/mnist"), true);
 * ```
 */
export function mnistCache(): MnistCache {
  return { dir: mnistCacheDir(), write: writeMnistCache };
}
