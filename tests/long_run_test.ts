/**
 * Long runs keep memory flat: resvg's objects are freed after each image
 * (its WebAssembly heap, 4 GiB at most, filled at the 2000th frame of a
 * 1000 × 540 animation), the animations of a long run show a sample of its
 * snapshots, and the autodiff engine reads its losses back in blocks instead
 * of holding one tensor per update until a chunk ends.
 *
 * Permissions: --allow-read (the npm cache: resvg and the fonts), --allow-env.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initRaster, rasterize } from "../lib/render/raster.ts";
import { renderTrainingFiles } from "../lib/render/training.ts";
import { countGifFrames } from "../lib/render/gif.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import { syntheticRun } from "./support/synthetic_run.ts";

// resvg's WebAssembly memory, caught as `initRaster` instantiates the module (this file is the first to call it).
let resvgMemory: WebAssembly.Memory | undefined;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = (async (...args: Parameters<typeof instantiate>) => {
  const result = await (instantiate as (...a: unknown[]) => Promise<unknown>)(...args);
  const instance = result instanceof WebAssembly.Instance
    ? result
    : (result as WebAssembly.WebAssemblyInstantiatedSource).instance;
  if ("resvg_render" in instance.exports) resvgMemory = instance.exports.memory as WebAssembly.Memory;
  return result;
}) as typeof instantiate;

Deno.test("rasterising many images leaves resvg's WebAssembly heap where it was after the first few", async () => {
  await initRaster();
  assert.ok(resvgMemory, "resvg's memory was caught when its module was instantiated");
  // A frame of the training animation's size: 2.2 MB of pixels, which resvg kept until its heap was full.
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="540"><rect width="9" height="9"/></svg>';
  const image = 1000 * 540 * 4;
  for (let i = 0; i < 5; i++) rasterize(svg);
  const warm = resvgMemory.buffer.byteLength;
  for (let i = 0; i < 40; i++) assert.equal(rasterize(svg).data.length, image);
  const grown = resvgMemory.buffer.byteLength - warm;
  assert.ok(grown < 3 * image, `resvg's heap grew by ${grown} bytes over 40 images of ${image} bytes`);
});

Deno.test("the animations of a 2500-snapshot run show a sample, first and last snapshot included", async () => {
  const run = syntheticRun({ hidden: 2, epochs: 2499, every: 1, points: 8 });
  assert.equal(run.snapshots.length, 2500);
  // A cap of 5 frames keeps the test quick; the default cap (300) samples 2500 snapshots the same way (every 9th).
  const files = new Map<string, string | Uint8Array>();
  for await (const f of renderTrainingFiles(run, { formats: ["svg", "gif"], maxFrames: 5 })) files.set(f.name, f.data);
  const gif = files.get("training.gif") as Uint8Array;
  const svg = files.get("training.svg") as string;
  // stride ceil(2499 / 4) = 625: snapshots 0, 625, 1250, 1875 and the last, 2499
  assert.equal(countGifFrames(gif), 5);
  assert.equal(svg.match(/<g class="frame frame-\d+"/g)?.length, 5);
  const epochs = [...svg.matchAll(/epoch (\d+) · MSE/g)].map((m) => Number(m[1]));
  assert.deepEqual([...new Set(epochs)], [0, 625, 1250, 1875, 2499]);
});

Deno.test({
  name: "the autodiff engine holds a bounded number of tensors through a long chunk",
  sanitizeResources: false,
  async fn() {
    await selectBackend("cpu");
    const engine = await createAutodiffEngine({
      x: [-1, 0, 1],
      y: [-1, 0, 1],
      seeds: [0],
      lr: 0.01,
      optimizer: "sgd",
      gradAtZero: 0,
      init: [{ w0: [1], b0: [0.5], w1: [1], b1: 0 }],
      countZeros: true,
    });
    // Every tensor the engine makes goes through trackTensor: the count's peak is what the chunk held at once.
    const eng = tf.engine() as unknown as {
      trackTensor(a: unknown, backend: unknown): void;
      state: { numTensors: number };
    };
    const track = eng.trackTensor;
    let peak = 0;
    eng.trackTensor = function (a, backend) {
      track.call(this, a, backend);
      peak = Math.max(peak, this.state.numTensors);
    };
    try {
      const steps = 3000;
      const { losses, zeros } = await engine.step(steps);
      assert.equal(losses[0].length, steps);
      assert.equal(zeros![0].length, steps);
      assert.ok(losses[0].every(Number.isFinite) && losses[0][steps - 1] < losses[0][0]);
      assert.ok(peak < 1000, `at most ${peak} tensors at once over ${steps} updates`);
    } finally {
      eng.trackTensor = track;
      engine.dispose();
    }
  },
});
