import assert from "node:assert/strict";
import {
  checkGradAtZero,
  expectedSubgradient,
  expectedSubgradientNumeric,
  relu,
  reluDerivative,
  subdifferential,
  subgradientFan,
} from "../lib/math/relu.ts";
import { createRng } from "../lib/math/random.ts";

Deno.test("relu() is max(0, z)", () => {
  assert.deepEqual([-3, -0.5, 0, 0.5, 3].map(relu), [0, 0, 0, 0.5, 3]);
});

Deno.test("reluDerivative() returns 0 at z = 0 by default, like TensorFlow and PyTorch", () => {
  assert.equal(reluDerivative(0), 0);
  assert.equal(reluDerivative(-0), 0);
});

Deno.test("reluDerivative() returns the chosen value at exactly z = 0 and 0/1 elsewhere", () => {
  for (const gradAtZero of [0, 0.25, 0.5, 1]) {
    assert.equal(reluDerivative(0, { gradAtZero }), gradAtZero);
    assert.equal(reluDerivative(-0, { gradAtZero }), gradAtZero);
    assert.equal(reluDerivative(1e-300, { gradAtZero }), 1);
    assert.equal(reluDerivative(-1e-300, { gradAtZero }), 0);
    assert.equal(reluDerivative(7, { gradAtZero }), 1);
    assert.equal(reluDerivative(-7, { gradAtZero }), 0);
  }
});

Deno.test("reluDerivative() agrees with central finite differences away from the kink", () => {
  const h = 1e-6;
  for (const z of [-4, -1, -0.01, 0.01, 1, 4]) {
    const fd = (relu(z + h) - relu(z - h)) / (2 * h);
    assert.ok(Math.abs(fd - reluDerivative(z)) < 1e-9, `z = ${z}: ${fd}`);
  }
});

Deno.test("the one-sided difference quotients at 0 are 0 and 1, the ends of the subdifferential", () => {
  const h = 1e-8;
  assert.equal((relu(0) - relu(-h)) / h, 0);
  assert.equal((relu(h) - relu(0)) / h, 1);
  assert.deepEqual(subdifferential(0), { lo: 0, hi: 1 });
  assert.deepEqual(subdifferential(2), { lo: 1, hi: 1 });
  assert.deepEqual(subdifferential(-2), { lo: 0, hi: 0 });
});

Deno.test("a value for relu'(0) outside [0, 1] is refused with the bad value in the message", () => {
  for (const bad of [-0.1, 1.5, NaN, Infinity]) {
    assert.throws(() => reluDerivative(0, { gradAtZero: bad }), (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, new RegExp(`${bad}.*\\[0, 1\\]`));
      return true;
    });
  }
  assert.equal(checkGradAtZero(0.5), 0.5);
});

// The grid of the subgradient inequality: z = -5, -4.75, ..., 5 (exact binary fractions), with 0 in it.
const Z_GRID = Array.from({ length: 41 }, (_, i) => -5 + i / 4);

/** Whether g is a subgradient of relu at 0 on the grid: relu(z) >= relu(0) + g·z for every z, by definition. */
const isSubgradientAtZero = (g: number) => Z_GRID.every((z) => relu(z) >= relu(0) + g * z);

Deno.test("every slope of the subgradient fan satisfies the subgradient inequality relu(z) >= relu(0) + g·z", () => {
  const fan = subgradientFan(11);
  assert.equal(fan.length, 11);
  assert.equal(fan[0], 0);
  assert.equal(fan[10], 1);
  for (const g of fan) assert.ok(isSubgradientAtZero(g), `g = ${g} is a subgradient at 0`);
});

Deno.test("slopes just outside [0, 1] violate the subgradient inequality, so they are no subgradients", () => {
  // By hand: g = 1.1 at z = 1 gives relu(0) + 1.1 = 1.1 > relu(1) = 1; g = -0.1 at z = -1 gives 0.1 > relu(-1) = 0.
  assert.ok(relu(1) < relu(0) + 1.1 * 1);
  assert.ok(relu(-1) < relu(0) + -0.1 * -1);
  for (const g of [1.1, -0.1, 1 + 2 ** -20, -(2 ** -20), 2, -1]) {
    assert.equal(isSubgradientAtZero(g), false, `g = ${g} must not be a subgradient`);
  }
});

Deno.test("subdifferential(0) is exactly the set of slopes that pass the subgradient inequality, on a fine grid", () => {
  const { lo, hi } = subdifferential(0);
  for (let i = -200; i <= 400; i++) {
    const g = i / 200; // -1 to 2 in steps of 0.005
    assert.equal(lo <= g && g <= hi, isSubgradientAtZero(g), `g = ${g}`);
  }
});

Deno.test("E[g] for g ~ U(0, 1) is 1/2 by hand: expectedSubgradient() and expectedSubgradientNumeric() give it", () => {
  // ∫₀¹ g dg / (1 − 0) = [g²/2]₀¹ = 1/2
  assert.equal(expectedSubgradient(), 1 / 2);
  for (const n of [1, 7, 1000]) assert.ok(Math.abs(expectedSubgradientNumeric(n) - 1 / 2) < 1e-12, `n = ${n}`);
});

Deno.test("a Monte Carlo estimate of E[g] from the seeded generator agrees with expectedSubgradient() within 4 standard errors", () => {
  // g_i ~ U(0, 1) drawn independently of lib/math/relu.ts; sd of U(0, 1) is 1/√12, so the standard error of the
  // mean of N draws is 1/√(12 N) ≈ 9.1e-4 for N = 100 000. Four standard errors: a false alarm about once in 16 000.
  const n = 100_000;
  const standardError = 1 / Math.sqrt(12 * n);
  for (const seed of [42, 7]) {
    const rng = createRng(seed);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const g = rng.uniform(0, 1);
      sum += g;
      sumSq += g * g;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sumSq / n - mean * mean);
    assert.ok(Math.abs(sd - 1 / Math.sqrt(12)) < 0.01, `seed ${seed}: the draws are U(0, 1)-like, sd ${sd}`);
    assert.ok(
      Math.abs(mean - expectedSubgradient()) < 4 * standardError,
      `seed ${seed}: Monte Carlo ${mean} vs expectedSubgradient() ${expectedSubgradient()} (4 SE = ${
        4 * standardError
      })`,
    );
  }
});
