import assert from "node:assert/strict";
import {
  ACTIVATIONS,
  saturatedIntervals,
  sigmoid,
  sigmoidDerivative,
  tanhDerivative,
} from "../lib/math/activations.ts";
import { linspace } from "../lib/math/grid.ts";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

Deno.test("sigmoid and tanh have their textbook values at 0", () => {
  close(sigmoid(0), 0.5);
  close(sigmoidDerivative(0), 0.25);
  close(tanhDerivative(0), 1);
});

Deno.test("the derivatives agree with central finite differences", () => {
  const h = 1e-5;
  for (const a of ACTIVATIONS) {
    for (const z of [-3, -1, -0.2, 0.3, 1.7, 4]) {
      close((a.f(z + h) - a.f(z - h)) / (2 * h), a.df(z), 1e-7);
    }
  }
});

Deno.test("sigmoid saturates (|σ′| < 0.01) for |z| > ln(s/(1−s)) with s(1−s) = 0.01", () => {
  const s = (1 - Math.sqrt(1 - 4 * 0.01)) / 2;
  const edge = -Math.log(s / (1 - s));
  const bands = saturatedIntervals(sigmoidDerivative, { zMin: -8, zMax: 8, threshold: 0.01 });
  assert.equal(bands.length, 2);
  close(bands[0].lo, -8);
  close(bands[0].hi, -edge, 1e-8);
  close(bands[1].lo, edge, 1e-8);
  close(bands[1].hi, 8);
});

Deno.test("tanh saturates for |z| > atanh(√0.99) and relu never does", () => {
  const edge = Math.atanh(Math.sqrt(0.99));
  const bands = saturatedIntervals(tanhDerivative, { zMin: -8, zMax: 8 });
  close(bands[1].lo, edge, 1e-8);
  const relu = ACTIVATIONS.find((a) => a.name === "relu")!;
  const reluBands = saturatedIntervals(relu.df, { zMin: 0.001, zMax: 8 });
  assert.deepEqual(reluBands, []);
});

Deno.test("linspace() includes both ends exactly", () => {
  const xs = linspace(-10, 10, 300);
  assert.equal(xs.length, 300);
  assert.equal(xs[0], -10);
  assert.equal(xs[299], 10);
  assert.throws(() => linspace(0, 1, 1), RangeError);
});
