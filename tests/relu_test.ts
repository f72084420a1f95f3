import assert from "node:assert/strict";
import {
  checkAtZero,
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
  for (const atZero of [0, 0.25, 0.5, 1]) {
    assert.equal(reluDerivative(0, { atZero }), atZero);
    assert.equal(reluDerivative(-0, { atZero }), atZero);
    assert.equal(reluDerivative(1e-300, { atZero }), 1);
    assert.equal(reluDerivative(-1e-300, { atZero }), 0);
    assert.equal(reluDerivative(7, { atZero }), 1);
    assert.equal(reluDerivative(-7, { atZero }), 0);
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
    assert.throws(() => reluDerivative(0, { atZero: bad }), (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, new RegExp(`${bad}.*\\[0, 1\\]`));
      return true;
    });
  }
  assert.equal(checkAtZero(0.5), 0.5);
});

Deno.test("every line g·z of the subgradient fan stays below relu and touches it at 0", () => {
  const fan = subgradientFan(11);
  assert.equal(fan.length, 11);
  assert.equal(fan[0], 0);
  assert.equal(fan[10], 1);
  for (const g of fan) {
    for (let z = -5; z <= 5; z += 0.25) assert.ok(g * z <= relu(z) + 1e-12);
    assert.equal(g * 0, relu(0));
  }
});

Deno.test("expectedSubgradient() is 0.5 in closed form and by numerical integration", () => {
  assert.equal(expectedSubgradient(), 0.5);
  assert.ok(Math.abs(expectedSubgradientNumeric(1000) - 0.5) < 1e-12);
  assert.ok(Math.abs(expectedSubgradientNumeric(7) - 0.5) < 1e-12);
});

Deno.test("the mean of 100 000 seeded U(0, 1) subgradients is 0.5 within 0.005", () => {
  const rng = createRng(42);
  let sum = 0;
  for (let i = 0; i < 100_000; i++) sum += rng.next();
  assert.ok(Math.abs(sum / 100_000 - expectedSubgradient()) < 0.005);
});
