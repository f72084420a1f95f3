import assert from "node:assert/strict";
import { selectBackend } from "../lib/engine/backend.ts";
import { decompose } from "../lib/model/decompose.ts";
import { createRegressor, predict, targetData } from "../lib/model/regressor.ts";

await selectBackend("cpu");

const isFloat32 = (v: number) => Math.fround(v) === v;

Deno.test("createRegressor() draws w0, b0 from U(-1, 1) and w1, b1 from U(-1/√H, 1/√H), as float32", () => {
  for (const hidden of [1, 7, 64]) {
    const p = createRegressor({ hidden, seed: 3 });
    const bound = 1 / Math.sqrt(hidden);
    assert.equal(p.w0.length, hidden);
    assert.equal(p.b0.length, hidden);
    assert.equal(p.w1.length, hidden);
    for (const v of [...p.w0, ...p.b0]) assert.ok(v >= -1 && v <= 1 && isFloat32(v), `${v}`);
    for (const v of [...p.w1, p.b1]) assert.ok(Math.abs(v) <= bound && isFloat32(v), `${v}`);
  }
});

Deno.test("createRegressor() is reproducible from its seed and differs between seeds", () => {
  assert.deepEqual(createRegressor({ hidden: 7, seed: 0 }), createRegressor({ hidden: 7, seed: 0 }));
  assert.notDeepEqual(createRegressor({ hidden: 7, seed: 0 }), createRegressor({ hidden: 7, seed: 1 }));
});

Deno.test("createRegressor() draws uniformly: mean 0 and variance bound²/3 over many units", () => {
  const hidden = 4096;
  const p = createRegressor({ hidden, seed: 11 });
  const moments = (v: number[]) => {
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    return { mean, variance: v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length };
  };
  const first = moments([...p.w0, ...p.b0]);
  assert.ok(Math.abs(first.mean) < 0.03, `mean ${first.mean}`);
  assert.ok(Math.abs(first.variance - 1 / 3) < 0.02, `variance ${first.variance}`);
  const second = moments(p.w1);
  const bound2 = 1 / hidden;
  assert.ok(Math.abs(second.variance - bound2 / 3) < 0.1 * bound2, `variance ${second.variance}`);
});

Deno.test("createRegressor() refuses a hidden size that is not a positive integer", () => {
  assert.throws(() => createRegressor({ hidden: 0, seed: 0 }), /hidden must be a positive integer, got 0/);
  assert.throws(() => createRegressor({ hidden: 2.5, seed: 0 }), /got 2.5/);
});

Deno.test("targetData() spaces points evenly from xMin to xMax like torch.linspace, with y = x³", () => {
  const { x, y } = targetData({ points: 300, xMin: -10, xMax: 10 });
  assert.equal(x.length, 300);
  assert.equal(y.length, 300);
  assert.equal(x[0], -10);
  assert.equal(x[299], 10);
  assert.equal(y[0], -1000);
  assert.equal(y[299], 1000);
  const step = 20 / 299;
  x.forEach((v, i) => {
    assert.ok(isFloat32(v) && isFloat32(y[i]));
    assert.ok(Math.abs(v - (-10 + i * step)) < 1e-6, `x[${i}] = ${v}`);
    assert.equal(y[i], Math.fround(v * v * v));
    assert.equal(x[299 - i], -v, "symmetric about 0");
  });
  assert.equal(x[150], Math.fround(10 - 149 * step));
});

Deno.test("targetData() hits 0 exactly on an odd number of symmetric points", () => {
  assert.deepEqual(targetData({ points: 5, xMin: -2, xMax: 2 }), { x: [-2, -1, 0, 1, 2], y: [-8, -1, 0, 1, 8] });
  assert.ok(!Object.is(targetData({ points: 3, xMin: -1, xMax: 1 }).x[1], -0));
});

Deno.test("targetData() refuses fewer than 2 points", () => {
  assert.throws(() => targetData({ points: 1, xMin: 0, xMax: 1 }), /points must be an integer >= 2, got 1/);
});

Deno.test("the tfjs forward pass equals decompose()'s prediction within float32 tolerance", async () => {
  for (const seed of [0, 1, 2]) {
    const params = createRegressor({ hidden: 7, seed });
    const { x } = targetData({ points: 300, xMin: -10, xMax: 10 });
    const fromTf = await predict(params, x);
    const exact = decompose(params, x).prediction;
    fromTf.forEach((v, i) => {
      const tol = 1e-6 * Math.max(1, Math.abs(exact[i])) * 8;
      assert.ok(Math.abs(v - exact[i]) <= tol, `seed ${seed}, x = ${x[i]}: tfjs ${v}, decompose ${exact[i]}`);
    });
  }
});

Deno.test("predict() computes a hand-checked example", async () => {
  assert.deepEqual(await predict({ w0: [1, -1], b0: [0, 0], w1: [2, 3], b1: 0.5 }, [-1, 0, 2]), [3.5, 0.5, 4.5]);
});
