import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createAutodiffEngine, reluWithGradAtZero } from "../../lib/engine/autodiff.ts";
import { selectBackend } from "../../lib/engine/backend.ts";
import type { EngineSpec } from "../../lib/engine/contract.ts";
import { plainTrain } from "../../lib/engine/plain_trainer.ts";
import { createRegressor, targetData } from "../../lib/model/regressor.ts";
import { hashUniform } from "../../lib/math/random.ts";
import type { BackendName } from "../../lib/model/run.ts";
import { float32SumTolerance, mseFloat64 } from "../support/mse.ts";
import { assertClose, flatParams } from "../support/close.ts";
import { onBackend } from "../support/webgpu.ts";

/** The tolerance of this file's comparisons, relative (absolute below 1). */
const RTOL = 1e-5;

/** Every backend; webgpu without an adapter shows as ignored tests that say so. */
const BACKENDS: BackendName[] = ["cpu", "wasm", "webgpu"];

/** Makes `name` the active backend, starting it only once (webgpu keeps its device and pipelines). */
async function use(name: BackendName): Promise<void> {
  if (tf.findBackend(name)) await tf.setBackend(name);
  else await selectBackend(name);
  assert.equal(tf.getBackend(), name);
}

// The hand-computed case: one unit, relu(x) with w0 = 1, b0 = 0, w1 = 1, b1 = 0
// on x = -1, 0, 1 with y = 0, 1, 0, so z = x and z = 0 exactly at x = 0.
// ŷ = [0, 0, 1], r = ŷ − y = [0, −1, 1], loss = 2/3, ∂loss/∂ŷ = 2r/3.
// With relu'(0) = g: ∂w1 = 2/3, ∂b1 = 0, ∂w0 = 2/3, ∂b0 = 2/3 − 2g/3.
// One SGD step with lr = 0.75: w0 = 0.5, b0 = −(1 − g)/2, w1 = 0.5, b1 = 0.
const hand: Omit<EngineSpec, "gradAtZero" | "optimizer" | "lr"> = {
  x: [-1, 0, 1],
  y: [0, 1, 0],
  init: [{ w0: [1], b0: [0], w1: [1], b1: 0 }],
  seeds: [0],
};
const afterOneSgdStep = (g: number) => [0.5, -(1 - g) / 2, 0.5, 0];

for (const backend of BACKENDS) {
  // WebGPU devices and buffers outlive a test; the resource checks do not apply to them.
  const options = { sanitizeResources: backend !== "webgpu", sanitizeOps: backend !== "webgpu" };

  Deno.test({
    ...onBackend(backend, `[${backend}] relu's gradient is the chosen value at exactly z = 0 and 0 or 1 elsewhere`),
    ...options,
    async fn() {
      await use(backend);
      const z = tf.tensor1d([-2, -1e-30, -0, 0, 1e-30, 3]);
      for (const g of [0, 0.5, 1]) {
        const grad = tf.grad((t: tf.Tensor) => reluWithGradAtZero(t, tf.scalar(g)));
        const dz = grad(z);
        assert.deepEqual(Array.from(await dz.data()), [0, 0, g, g, 1, 1], `relu'(0) = ${g}`);
        dz.dispose();
      }
      const value = reluWithGradAtZero(z, tf.scalar(0.5));
      assert.deepEqual(Array.from(await value.data()), [0, 0, 0, 0, 1e-30, 3].map(Math.fround));
      tf.dispose([z, value]);
    },
  });

  Deno.test({
    ...onBackend(backend, `[${backend}] one SGD step matches the hand-computed gradient for relu'(0) = 0, 0.5 and 1`),
    ...options,
    async fn() {
      await use(backend);
      for (const g of [0, 0.5, 1]) {
        const engine = await createAutodiffEngine({
          ...hand,
          lr: 0.75,
          optimizer: "sgd",
          gradAtZero: g,
          countZeros: true,
        });
        const { losses, zeros } = await engine.step(1);
        assertClose(losses[0], [2 / 3], `loss (g = ${g})`, RTOL);
        assert.deepEqual(Array.from(zeros![0]), [1]);
        assertClose(flatParams((await engine.params())[0]), afterOneSgdStep(g), `params (g = ${g})`, RTOL);
        engine.dispose();
      }
    },
  });

  Deno.test({
    ...onBackend(
      backend,
      `[${backend}] z = w0·x + b0 is rounded like float32 arithmetic: a product that rounds onto -b0 gives z = 0`,
    ),
    ...options,
    async fn() {
      await use(backend);
      const x = Math.fround(0.1);
      const w0 = Math.fround(0.3);
      const b0 = -Math.fround(x * w0);
      assert.notEqual(x * w0 + b0, 0, "in exact arithmetic z is not 0");
      const engine = await createAutodiffEngine({
        x: [x],
        y: [1],
        init: [{ w0: [w0], b0: [b0], w1: [1], b1: 0 }],
        seeds: [0],
        lr: 0.5,
        optimizer: "sgd",
        gradAtZero: 1,
        countZeros: true,
      });
      const { zeros } = await engine.step(1);
      assert.deepEqual(Array.from(zeros![0]), [1]);
      // ŷ = 0, r = −1, ∂loss/∂z = −2·w1·relu'(0) = −2, so b0 moves by +1.
      assertClose([(await engine.params())[0].b0[0]], [b0 + 1], "b0", RTOL);
      engine.dispose();
    },
  });

  Deno.test({
    ...onBackend(backend, `[${backend}] relu'(0) = "random" draws hashUniform(seed, step, p·H + j) for each model`),
    ...options,
    async fn() {
      await use(backend);
      const seeds = [3, 11];
      const engine = await createAutodiffEngine({
        ...hand,
        init: [hand.init[0], hand.init[0]],
        seeds,
        lr: 0.75,
        optimizer: "sgd",
        gradAtZero: "random",
      });
      await engine.step(1);
      const params = await engine.params();
      seeds.forEach((seed, m) => {
        // the zero sits at point p = 1 of unit j = 0: index 1·H + 0 = 1
        assertClose(flatParams(params[m]), afterOneSgdStep(hashUniform(seed, 0, 1)), `model ${m}`, RTOL);
      });
      engine.dispose();
    },
  });
}

Deno.test("gradients equal tf.grads of an independent matMul formulation, model by model", async () => {
  await use("cpu");
  const hidden = 5;
  const { x, y } = targetData({ points: 40, xMin: -2, xMax: 2.1 });
  const init = [createRegressor({ hidden, seed: 4 }), createRegressor({ hidden, seed: 5 })];
  const lr = 0.5;
  const engine = await createAutodiffEngine({ x, y, init, seeds: [0, 0], lr, optimizer: "sgd", gradAtZero: 0 });
  await engine.step(1);
  const after = await engine.params();
  engine.dispose();
  init.forEach((p, m) => {
    const xs = tf.tensor2d(x, [x.length, 1]);
    const ys = tf.tensor2d(y, [y.length, 1]);
    const loss = (w0: tf.Tensor, b0: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor) =>
      tf.losses.meanSquaredError(ys, tf.relu(xs.matMul(w0 as tf.Tensor2D).add(b0)).matMul(w1 as tf.Tensor2D).add(b1));
    const grads = tf.grads(loss)([
      tf.tensor2d(p.w0, [1, hidden]),
      tf.tensor1d(p.b0),
      tf.tensor2d(p.w1, [hidden, 1]),
      tf.scalar(p.b1),
    ]);
    const g = grads.flatMap((t) => Array.from(t.dataSync()));
    const expected = flatParams(p).map((v, i) => v - lr * g[i]);
    assertClose(flatParams(after[m]), expected, `model ${m}`, 2e-6);
    assert.ok(g.some((v) => Math.abs(v) > 0.1), "the gradient is not trivially small");
    tf.dispose([xs, ys, ...grads]);
  });
});

Deno.test("one Adam step moves every parameter by lr·g/(|g| + ε), the hand-computed first step", async () => {
  await use("cpu");
  for (const g of [0, 1]) {
    const engine = await createAutodiffEngine({ ...hand, lr: 0.01, optimizer: "adam", gradAtZero: g });
    await engine.step(1);
    // gradients: w0 2/3, b0 (2/3)(1 − g), w1 2/3, b1 0
    assertClose(flatParams((await engine.params())[0]), [0.99, g === 0 ? -0.01 : 0, 0.99, 0], `relu'(0) = ${g}`, 1e-6);
    engine.dispose();
  }
});

for (const optimizer of ["sgd", "adam"] as const) {
  Deno.test(`${optimizer}: 30 steps follow the plain-JavaScript trainer, random relu'(0) included`, async () => {
    await use("cpu");
    // 21 points on [-2, 2] with b0 = 0 for unit 0: z = 0 exactly at x = 0 in the first step.
    const { x, y } = targetData({ points: 21, xMin: -2, xMax: 2 });
    const init = createRegressor({ hidden: 3, seed: 9 });
    init.b0[0] = 0;
    const lr = optimizer === "sgd" ? 0.01 : 0.02;
    const engine = await createAutodiffEngine({
      x,
      y,
      init: [init],
      seeds: [5],
      lr,
      optimizer,
      gradAtZero: "random",
      countZeros: true,
    });
    const a = await engine.step(10);
    const b = await engine.step(20);
    const ref = plainTrain(init, { x, y, gradAtZero: "random", seed: 5, lr, optimizer, steps: 30 });
    assertClose([...a.losses[0], ...b.losses[0]], ref.losses, "losses", 1e-4);
    assert.deepEqual([...a.zeros![0], ...b.zeros![0]], ref.zeros);
    assert.ok(ref.zeros[0] >= 1, "the first step meets z = 0 exactly");
    assertClose(flatParams((await engine.params())[0]), flatParams(ref.params), "params", 1e-4);
    engine.dispose();
  });
}

Deno.test("the loss goes down at the defaults (H = 7, 300 points, SGD, lr 1e-4)", async () => {
  await use("cpu");
  const data = targetData({ points: 300, xMin: -10, xMax: 10 });
  const engine = await createAutodiffEngine({
    ...data,
    init: [createRegressor({ hidden: 7, seed: 0 })],
    seeds: [0],
    lr: 1e-4,
    optimizer: "sgd",
    gradAtZero: 0,
  });
  const { losses: [losses] } = await engine.step(300);
  const [final] = await engine.evaluate();
  const [trained] = await engine.params();
  engine.dispose();
  // Both ends recomputed independently: a float64 loop over the initial and the trained parameters.
  const initial = mseFloat64(createRegressor({ hidden: 7, seed: 0 }), data.x, data.y);
  assert.ok(
    Math.abs(losses[0] - initial) <= float32SumTolerance(300) * initial,
    `initial loss ${losses[0]}, float64 ${initial}`,
  );
  const reached = mseFloat64(trained, data.x, data.y);
  assert.ok(Math.abs(final - reached) <= float32SumTolerance(300) * reached, `final ${final}, float64 ${reached}`);
  assert.ok(losses[299] < losses[0] / 5, `loss ${losses[0]} -> ${losses[299]}`);
  assert.ok(final < losses[299]);
});

Deno.test("evaluate() is the loss the next step starts from, and step() continues where it stopped", async () => {
  await use("cpu");
  const spec: EngineSpec = {
    ...targetData({ points: 50, xMin: -3, xMax: 3 }),
    init: [createRegressor({ hidden: 4, seed: 2 })],
    seeds: [2],
    lr: 1e-3,
    optimizer: "adam",
    gradAtZero: 0.5,
  };
  const split = await createAutodiffEngine(spec);
  const whole = await createAutodiffEngine(spec);
  await split.step(3);
  const [atThree] = await split.evaluate();
  const rest = await split.step(2);
  assert.equal(rest.losses[0][0], Math.fround(atThree));
  const all = await whole.step(5);
  assert.deepEqual(Array.from(all.losses[0].slice(3)), Array.from(rest.losses[0]));
  assert.deepEqual(await split.params(), await whole.params());
  split.dispose();
  whole.dispose();
});

Deno.test("no tensors leak: the count is the same after 10 and after 1000 epochs, and back to the start after dispose()", async () => {
  await use("cpu");
  const before = tf.memory().numTensors;
  const engine = await createAutodiffEngine({
    ...targetData({ points: 20, xMin: -1, xMax: 1 }),
    init: [createRegressor({ hidden: 3, seed: 1 }), createRegressor({ hidden: 3, seed: 2 })],
    seeds: [1, 2],
    lr: 1e-3,
    optimizer: "adam",
    gradAtZero: "random",
    countZeros: true,
  });
  await engine.step(10);
  await engine.evaluate();
  await engine.params();
  const after10 = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) await engine.step(99);
  await engine.step(10);
  await engine.evaluate();
  await engine.params();
  assert.equal(tf.memory().numTensors, after10);
  engine.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("createAutodiffEngine() refuses inconsistent specs with a message naming the problem", async () => {
  await use("cpu");
  const base: EngineSpec = { ...hand, lr: 0.1, optimizer: "sgd", gradAtZero: 0 };
  await assert.rejects(
    async () => await createAutodiffEngine({ ...base, y: [1, 2] }),
    /same non-zero length, got 3 and 2/,
  );
  await assert.rejects(
    async () => await createAutodiffEngine({ ...base, seeds: [] }),
    /seeds must have one entry per model/,
  );
  await assert.rejects(
    async () => await createAutodiffEngine({ ...base, gradAtZero: -0.5 }),
    /gradAtZero must be a number in \[0, 1\] or "random"/, // relu's slopes
  );
  await assert.rejects(
    async () => await createAutodiffEngine({ ...base, gradAtZero: 2 }),
    /gradAtZero must be a number in \[-1, 1\] between the activation's slopes/,
  );
  await assert.rejects(
    async () => await createAutodiffEngine({ ...base, init: [{ w0: [1, 2], b0: [0], w1: [1, 1], b1: 0 }] }),
    /model 0/,
  );
  const engine = await createAutodiffEngine(base);
  await assert.rejects(() => engine.step(0), /steps must be a positive integer, got 0/);
  engine.dispose();
  await assert.rejects(() => engine.step(1), /disposed/);
});
