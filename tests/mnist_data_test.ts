/**
 * The MNIST loader: the IDX parser refuses wrong and truncated files in one
 * line naming the file, and the first images of the training set are the
 * well-known ones (labels 5 0 4 1 9 2 1 3 1 4, 28 × 28 bytes scaled by 1/255).
 * Reads a slice of 512 images only.
 */
import assert from "node:assert/strict";
import { UsageError } from "../lib/errors.ts";
import { loadMnist, mnistFiles, parseIdx } from "../lib/mnist/mod.ts";

/** Asserts that `run` is refused with a one-line UsageError matching `pattern`. */
async function refused(run: () => unknown, pattern: RegExp): Promise<void> {
  await assert.rejects(async () => await run(), (e: unknown) => {
    assert.ok(e instanceof UsageError, `a UsageError, got ${e}`);
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes("\n"), `one line: ${e.message}`);
    return true;
  });
}

Deno.test("parseIdx() refuses a wrong magic number, a wrong rank, a truncated and a too long file", async () => {
  const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 4, 2]);
  assert.deepEqual([...parseIdx(labels, { name: "f", ndims: 1 }).data], [4, 2]);
  await refused(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 1]), { name: "f.gz", ndims: 1 }), /^f\.gz is not an IDX/);
  await refused(() => parseIdx(labels, { name: "f", ndims: 3 }), /magic number 0x00000801, expected 0x00000803/);
  await refused(
    () => parseIdx(labels.subarray(0, 9), { name: "f", ndims: 1 }),
    /^f is truncated: .* needs 2 data bytes, the file has 1$/,
  );
  await refused(() => parseIdx(labels.subarray(0, 6), { name: "f", ndims: 1 }), /^f is truncated: 6 bytes/);
  await refused(() => parseIdx(new Uint8Array([...labels, 9]), { name: "f", ndims: 1 }), /^f has trailing bytes/);
  await refused(() => parseIdx(new Uint8Array(2), { name: "f", ndims: 1 }), /shorter than its 4-byte magic/);
});

Deno.test("loadMnist() reads the first 512 training images: the known first labels, pixels / 255 in float32", async () => {
  const data = await loadMnist("train", { limit: 512 });
  assert.equal(data.count, 512);
  assert.equal(data.pixels.length, 512 * 784);
  assert.deepEqual([...data.labels.subarray(0, 10)], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  for (let i = 0; i < data.images.length; i += 97) assert.equal(data.images[i], Math.fround(data.pixels[i] / 255));
  // The corners of a centred digit are background.
  assert.equal(data.pixels[0], 0);
  assert.equal(data.pixels[783], 0);
  assert.equal(Math.max(...data.pixels.subarray(0, 784)), 255);
  const test = await loadMnist("test", { limit: 3 });
  assert.deepEqual([...test.labels], [7, 2, 1]);
});

Deno.test("loadMnist() refuses a truncated copy, a swapped file and a bad limit in one line naming them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mnist_data_test_" });
  try {
    const source = mnistFiles("test");
    const files = mnistFiles("test", dir);
    const images = await Deno.readFile(source.images);
    const labels = await Deno.readFile(source.labels);
    await Deno.writeFile(files.images, images.subarray(0, 16 + 784 * 100));
    await Deno.writeFile(files.labels, labels);
    await refused(() => loadMnist("test", { dir, limit: 5 }), new RegExp(`^${files.images} is truncated`));
    await Deno.writeFile(files.images, labels);
    await refused(() => loadMnist("test", { dir }), /is not an IDX file .* 3 dimension/);
    await Deno.remove(files.images);
    await refused(() => loadMnist("test", { dir }), /^Cannot read the MNIST file/);
    await refused(() => loadMnist("test", { limit: 0 }), /^limit must be a positive integer, got 0$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
