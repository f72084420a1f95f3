/**
 * Direct tests for three bugs that only the byte-for-byte figures test used
 * to catch (so regenerating the figures would have hidden them): a float64
 * sweep that silently trains in float32, an activation pattern that counts
 * z = 0 as active, and a batch that stops when one model diverges instead of
 * all of them. Each test was seen to fail with its bug planted.
 *
 * @module
 */
import assert from "node:assert/strict";
import { selectBackend } from "../lib/engine/backend.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { CONVENTIONS, ESSAY_SETTING, runSubgradientSweep, sweepInit } from "../lib/experiments/sweep.ts";
import { targetData } from "../lib/model/regressor.ts";
import { distinctPatterns } from "../lib/model/patterns.ts";
import type { RegressorParams } from "../lib/model/run.ts";
import { trainBatch } from "../lib/train/batch.ts";
import { divergenceEpoch } from "../lib/train/trainer.ts";
import { mseFloat64 } from "./support/mse.ts";

/**
 * Full-batch SGD on the MSE in plain float64 loops, sharing no code with the
 * engines: the loss before each update and after the last. No z is exactly 0
 * on the data it is used on, so relu'(0) does not enter.
 */
function sgdFloat64(init: RegressorParams, data: { x: number[]; y: number[] }, lr: number, epochs: number): number[] {
  const p = structuredClone(init);
  const { x, y } = data;
  const losses = [mseFloat64(p, x, y)];
  for (let k = 0; k < epochs; k++) {
    const H = p.w0.length;
    const g = { w0: Array(H).fill(0), b0: Array(H).fill(0), w1: Array(H).fill(0), b1: 0 };
    for (let i = 0; i < x.length; i++) {
      const z = p.w0.map((w, j) => w * x[i] + p.b0[j]);
      const r = z.reduce((s, v, j) => s + p.w1[j] * Math.max(0, v), p.b1) - y[i];
      const dy = (2 * r) / x.length;
      g.b1 += dy;
      z.forEach((v, j) => {
        g.w1[j] += dy * Math.max(0, v);
        if (v > 0) {
          g.w0[j] += dy * p.w1[j] * x[i];
          g.b0[j] += dy * p.w1[j];
        }
      });
    }
    p.w0 = p.w0.map((v, j) => v - lr * g.w0[j]);
    p.b0 = p.b0.map((v, j) => v - lr * g.b0[j]);
    p.w1 = p.w1.map((v, j) => v - lr * g.w1[j]);
    p.b1 -= lr * g.b1;
    losses.push(mseFloat64(p, x, y));
  }
  return losses;
}

Deno.test("the float64 sweep trains in float64: every stored loss is the float64 trainer's to 10 digits", async () => {
  await selectBackend("cpu");
  const setting = { ...ESSAY_SETTING, points: 40, hidden: 3 };
  const [seeds, epochs, every] = [[0, 1], 30, 10];
  const data = targetData(setting);
  const expected = seeds.map((seed) => sgdFloat64(sweepInit(setting, seed), data, setting.lr, epochs));
  for (const precision of ["float64", "float32"] as const) {
    const result = await runSubgradientSweep(createFusedEngine, {
      settings: [setting],
      precisions: [precision],
      seeds,
      epochs,
      every,
    });
    const at = result.sampledEpochs;
    assert.deepEqual(at, [0, 10, 20, 30]);
    // The largest relative gap between a stored loss and the float64 trainer's, over conventions, seeds and epochs.
    let gap = 0;
    for (const convention of CONVENTIONS) {
      const record = result.settings[0].conventions[convention];
      assert.deepEqual(record.zerosAtUpdate0, [0, 0], `${precision} ${convention}: no z = 0, relu'(0) never acts`);
      record.losses.forEach((curve, i) =>
        curve.forEach((loss, s) => {
          const want = expected[i][at[s]];
          gap = Math.max(gap, Math.abs(loss! - want) / want);
        })
      );
    }
    // float64 losses are stored to 10 significant digits; float32 ones are off by about 2^-24 relative and more.
    if (precision === "float64") assert.ok(gap <= 1e-9, `float64 sweep vs float64 trainer: relative gap ${gap}`);
    else assert.ok(gap > 1e-8, `float32 sweep vs float64 trainer: relative gap ${gap}, the check has no power`);
  }
});

Deno.test("an activation pattern counts z = 0 as inactive (z > 0), in float32 and float64", () => {
  const xs = [-1, 0, 1];
  for (const precision of ["float32", "float64"] as const) {
    // z = x: active at x = 1 only, the same pattern as z = x − 0.5. With z ≥ 0 it would also be active at x = 0.
    assert.equal(distinctPatterns({ w0: [1, 1], b0: [0, -0.5], w1: [1, 1], b1: 0 }, xs, { precision }), 1);
    // z = 0 everywhere: the empty pattern, the same as a unit dead on every input. With z ≥ 0 it would be all-active.
    assert.equal(distinctPatterns({ w0: [0, 0], b0: [0, -1], w1: [1, 1], b1: 0 }, xs, { precision }), 1);
    // z = −x: active at x = −1 only; with z = x and z = 0 that is three patterns, {1}, {−1} and none.
    assert.equal(distinctPatterns({ w0: [1, -1, 0], b0: [0, 0, 0], w1: [1, 1, 1], b1: 0 }, xs, { precision }), 3);
  }
});

Deno.test("a batch trains on while any model is finite: one model diverging stops nothing", async () => {
  await selectBackend("cpu");
  // Model 0 fits y = 1 at x = 1 exactly (gradient 0, it never moves); model 1 is a dead unit with b1 = 100, whose
  // error is multiplied by 1 − 2·lr = −3 at every update, so its loss overflows float32 after about 40 updates.
  const fit = { w0: [1], b0: [0], w1: [1], b1: 0 };
  const blowUp = { w0: [0], b0: [-1], w1: [0], b1: 100 };
  const epochs = 200;
  const r = await trainBatch(createFusedEngine, {
    x: [1],
    y: [1],
    init: [fit, blowUp],
    seeds: [0, 1],
    lr: 2,
    optimizer: "sgd",
    gradAtZero: 0,
    epochs,
    chunk: 10,
    paramsEvery: 10,
  });
  const diverged = divergenceEpoch(r.losses[1]);
  assert.ok(diverged !== null && diverged < epochs / 2, `model 1 diverges early: epoch ${diverged}`);
  assert.deepEqual([...r.losses[0]], Array(epochs + 1).fill(0), "model 0 keeps its loss of 0 to the last epoch");
  assert.deepEqual(r.params[0], fit, "model 0's final parameters");
  assert.deepEqual(r.paramsAt!.map((p) => p.epoch), Array.from({ length: epochs / 10 + 1 }, (_, k) => 10 * k));
  for (const { epoch, params } of r.paramsAt!) assert.deepEqual(params[0], fit, `model 0 at epoch ${epoch}`);
});
