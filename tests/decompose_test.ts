import assert from "node:assert/strict";
import { decompose, decomposeExact, regressorBreakpointXs } from "../lib/model/decompose.ts";
import { deadUnits } from "../lib/model/dead_units.ts";
import { reluPieceBreakpoints } from "../lib/math/breakpoints.ts";
import { createRng } from "../lib/math/random.ts";
import type { RegressorParams } from "../lib/model/run.ts";

function randomParams(hidden: number, seed: number): RegressorParams {
  const rng = createRng(seed);
  const u = () => rng.uniform(-1, 1);
  return {
    w0: Array.from({ length: hidden }, u),
    b0: Array.from({ length: hidden }, u),
    w1: Array.from({ length: hidden }, u),
    b1: u(),
  };
}

Deno.test("the unit contributions plus b1 (once) sum to the prediction", () => {
  const p = randomParams(7, 3);
  const xs = Array.from({ length: 41 }, (_, i) => -10 + i / 2);
  const d = decompose(p, xs);
  for (let i = 0; i < xs.length; i++) {
    let direct = p.b1;
    for (let j = 0; j < 7; j++) direct += p.w1[j] * Math.max(0, p.w0[j] * xs[i] + p.b0[j]);
    const sum = d.contributions.reduce((s, c) => s + c[i], p.b1);
    assert.ok(Math.abs(sum - d.prediction[i]) < 1e-12);
    assert.ok(Math.abs(direct - d.prediction[i]) < 1e-12);
  }
});

Deno.test("b1 is added once, not once per unit as in the essay's code", () => {
  const d = decompose({ w0: [1, 1, 1], b0: [0, 0, 0], w1: [0, 0, 0], b1: 2 }, [5]);
  assert.deepEqual(d.prediction, [2]);
});

Deno.test("the exact decomposition interpolates the model everywhere between breakpoints", () => {
  const p = randomParams(7, 11);
  const exact = decomposeExact(p, -10, 10);
  assert.deepEqual(exact.x, regressorBreakpointXs(p, -10, 10));
  const dense = Array.from({ length: 2001 }, (_, i) => -10 + i / 100);
  const truth = decompose(p, dense).prediction;
  dense.forEach((x, k) => {
    const next = exact.x.findIndex((b) => b > x);
    const i = next < 0 ? exact.x.length - 2 : Math.max(0, next - 1);
    const t = (x - exact.x[i]) / (exact.x[i + 1] - exact.x[i]);
    const y = exact.prediction[i] + t * (exact.prediction[i + 1] - exact.prediction[i]);
    assert.ok(Math.abs(y - truth[k]) < 1e-9, `x = ${x}`);
  });
});

Deno.test("reluPieceBreakpoints() keeps only a kink strictly inside the range", () => {
  assert.deepEqual(reluPieceBreakpoints({ w: 2, b: -4 }, -5, 5), { x: [-5, 2, 5], y: [0, 0, 6] });
  assert.deepEqual(reluPieceBreakpoints({ w: 1, b: 9 }, -5, 5).x, [-5, 5]);
  assert.deepEqual(reluPieceBreakpoints({ w: 0, b: 1, a: 2, c: 1 }, -1, 1), { x: [-1, 1], y: [3, 3] });
});

Deno.test("a unit that is zero on every input is dead", () => {
  const p = { w0: [1, 1, -1], b0: [-20, 0, -20], w1: [1, 1, 1], b1: 0 };
  assert.deepEqual(deadUnits(p, [-10, 0, 10]), [true, false, true]);
});
