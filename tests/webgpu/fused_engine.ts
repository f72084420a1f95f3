import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createAutodiffEngine } from "../../lib/engine/autodiff.ts";
import type { EngineSpec } from "../../lib/engine/contract.ts";
import { createFusedEngine } from "../../lib/engine/fused.ts";
import { webgpuChunk, webgpuMode } from "../../lib/engine/webgpu/plan.ts";
import { plainGradient, plainTrain } from "../../lib/engine/plain_trainer.ts";
import { hashUniform } from "../../lib/math/random.ts";
import type { GradAtZero, OptimizerName, RegressorParams } from "../../lib/model/run.ts";
import { assertSameTrajectory, trajectory, useBackend as use } from "../support/fused_setup.ts";
import { assertClose, flatParams } from "../support/close.ts";
import { onBackend } from "../support/webgpu.ts";

// The hand-checked case: a 1-2-1 model on x = -1, 0, 1 with zero biases, so
// both units have z = 0 exactly at x = 0. Unit 0 computes relu(x), unit 1
// relu(-x); with w1 = [1, 2], b1 = 0 and y = 1 everywhere:
// ŷ = [2, 0, 1], r = ŷ − y = [1, −1, 0], loss = 2/3, ∂loss/∂ŷ = 2r/3.
// Gradients with relu'(0) = g at the x = 0 point (index p·H + j = 2, 3):
// w1: [0, 2/3]; b1: 0; w0: [0, −4/3]; b0: [−2g0/3, 4/3 − 4g1/3].
const tiny = {
  x: [-1, 0, 1],
  y: [1, 1, 1],
  init: { w0: [1, -1], b0: [0, 0], w1: [1, 2], b1: 0 },
};

function tinyGradient(g0: number, g1: number): RegressorParams {
  return { w0: [0, -4 / 3], b0: [(-2 * g0) / 3, 4 / 3 - (4 * g1) / 3], w1: [0, 2 / 3], b1: 0 };
}

const GRADS_AT_ZERO: GradAtZero[] = [0, 0.5, 1, "random"];
const SEED = 7;

function gAt(gradAtZero: GradAtZero, index: number): number {
  return gradAtZero === "random" ? hashUniform(SEED, 0, index) : gradAtZero;
}

Deno.test("the plain trainer's gradient of the 1-2-1 case matches the hand computation for every relu'(0)", () => {
  for (const gradAtZero of GRADS_AT_ZERO) {
    const r = plainGradient(tiny.init, { x: tiny.x, y: tiny.y, gradAtZero, seed: SEED });
    assert.ok(Math.abs(r.loss - 2 / 3) < 1e-15);
    assert.equal(r.zeros, 2);
    assertClose(
      flatParams(r.grad),
      flatParams(tinyGradient(gAt(gradAtZero, 2), gAt(gradAtZero, 3))),
      `grad ${gradAtZero}`,
      1e-12,
    );
  }
  // relu'(0) matters: the b0 gradients differ between 0 and 1.
  const at0 = plainGradient(tiny.init, { x: tiny.x, y: tiny.y, gradAtZero: 0 });
  const at1 = plainGradient(tiny.init, { x: tiny.x, y: tiny.y, gradAtZero: 1 });
  assert.deepEqual(at0.grad.b0, [0, 4 / 3]);
  assert.deepEqual(at1.grad.b0.map((v) => Math.round(v * 3)), [-2, 0]);
});

for (const backend of ["cpu", "wasm", "webgpu"] as const) {
  Deno.test({
    ...onBackend(backend, `one fused SGD step on ${backend} uses the chosen relu'(0) at z = 0 exactly (1-2-1 by hand)`),
    fn: async () => {
      await use(backend);
      for (const gradAtZero of GRADS_AT_ZERO) {
        const lr = 0.25;
        const engine = await createFusedEngine({
          x: tiny.x,
          y: tiny.y,
          init: [tiny.init],
          seeds: [SEED],
          lr,
          optimizer: "sgd",
          gradAtZero,
          countZeros: true,
        });
        const { losses, zeros } = await engine.step(1);
        const [after] = await engine.params();
        engine.dispose();
        assertClose(losses[0], [2 / 3], `loss ${gradAtZero}`, 1e-6);
        assert.deepEqual(Array.from(zeros![0]), [2]);
        const grad = flatParams(tinyGradient(gAt(gradAtZero, 2), gAt(gradAtZero, 3)));
        const expected = flatParams(tiny.init).map((v, i) => v - lr * grad[i]);
        assertClose(flatParams(after), expected, `params after one step, relu'(0) = ${gradAtZero}`, 1e-6);
      }
    },
  });
}

// A small cubic data set with exact zeros at x = 0 (b0 = 0 for some units).
function cubicSpec(
  o: { models: number; optimizer: OptimizerName; gradAtZero: GradAtZero; points?: number },
): EngineSpec {
  const P = o.points ?? 21;
  const x = Array.from({ length: P }, (_, i) => -2 + (4 * i) / (P - 1));
  const y = x.map((v) => v ** 3);
  const init = Array.from({ length: o.models }, (_, m): RegressorParams => ({
    w0: [1, -0.75, 0.5 + 0.1 * m, -1.25],
    b0: [0, 0.3, 0, -0.2 * m],
    w1: [0.4, -0.3 - 0.05 * m, 0.6, 0.2],
    b1: 0.05 * m,
  }));
  return {
    x,
    y,
    init,
    seeds: init.map((_, m) => 11 + m),
    lr: o.optimizer === "sgd" ? 0.01 : 0.02,
    optimizer: o.optimizer,
    gradAtZero: o.gradAtZero,
    countZeros: true,
  };
}

for (const optimizer of ["sgd", "adam"] as const) {
  Deno.test(`the fused cpu engine follows the plain trainer and the autodiff engine (${optimizer}, every relu'(0))`, async () => {
    await use("cpu");
    for (const gradAtZero of GRADS_AT_ZERO) {
      const spec = cubicSpec({ models: 3, optimizer, gradAtZero });
      const fused = await trajectory(await createFusedEngine(spec), [6, 9]);
      const autodiff = await trajectory(await createAutodiffEngine(spec), [6, 9]);
      assertSameTrajectory(fused, autodiff, `fused vs autodiff, ${optimizer}, relu'(0) = ${gradAtZero}`, 2e-5);
      spec.init.forEach((init, m) => {
        // The engines hold float32 parameters: start the float64 plain trainer from the same numbers.
        const init32 = {
          w0: init.w0.map(Math.fround),
          b0: init.b0.map(Math.fround),
          w1: init.w1.map(Math.fround),
          b1: Math.fround(init.b1),
        };
        const ref = plainTrain(init32, { ...spec, x: spec.x.map(Math.fround), seed: spec.seeds[m], steps: 15 });
        assertClose(fused.losses[m], ref.losses, `fused vs reference losses, model ${m}, ${gradAtZero}`, 2e-5);
        assertClose(
          fused.params[m],
          flatParams(ref.params),
          `fused vs reference params, model ${m}, ${gradAtZero}`,
          2e-5,
        );
        assert.deepEqual(fused.zeros[m], ref.zeros);
      });
      // The case really exercises z = 0.
      assert.ok(fused.zeros.every((z) => z[0] > 0), `no zeros for ${gradAtZero}`);
    }
  });
}

for (const backend of ["wasm", "webgpu"] as const) {
  Deno.test({
    ...onBackend(
      backend,
      `the fused ${backend} engine agrees with the fused cpu engine (sgd and adam, every relu'(0))`,
    ),
    fn: async () => {
      for (const optimizer of ["sgd", "adam"] as const) {
        for (const gradAtZero of GRADS_AT_ZERO) {
          const spec = cubicSpec({ models: 2, optimizer, gradAtZero });
          await use("cpu");
          const cpu = await trajectory(await createFusedEngine(spec), [4, 5]);
          await use(backend);
          const other = await trajectory(await createFusedEngine(spec), [4, 5]);
          assertSameTrajectory(other, cpu, `${backend} vs cpu, ${optimizer}, relu'(0) = ${gradAtZero}`, 2e-5);
        }
      }
      await use("cpu");
    },
  });
}

for (const backend of ["cpu", "webgpu"] as const) {
  Deno.test({
    ...onBackend(backend, `on ${backend}, model m of a batch follows the same trajectory as model m trained alone`),
    fn: async () => {
      await use(backend);
      for (const optimizer of ["sgd", "adam"] as const) {
        const spec = cubicSpec({ models: 3, optimizer, gradAtZero: "random" });
        const batch = await trajectory(await createFusedEngine(spec), [3, 4]);
        for (let m = 0; m < spec.init.length; m++) {
          const alone = await trajectory(
            await createFusedEngine({ ...spec, init: [spec.init[m]], seeds: [spec.seeds[m]] }),
            [3, 4],
          );
          assert.deepEqual(alone.losses[0], batch.losses[m], `${optimizer} model ${m} losses`);
          assert.deepEqual(alone.params[0], batch.params[m], `${optimizer} model ${m} params`);
          assert.deepEqual(alone.zeros[0], batch.zeros[m], `${optimizer} model ${m} zeros`);
        }
      }
      await use("cpu");
    },
  });
}

for (const backend of ["cpu", "wasm", "webgpu"] as const) {
  Deno.test({
    ...onBackend(backend, `the fused engine on ${backend} leaks no tensors across step, evaluate and params`),
    fn: async () => {
      await use(backend);
      const before = tf.memory().numTensors;
      const engine = await createFusedEngine(cubicSpec({ models: 2, optimizer: "adam", gradAtZero: 0.5 }));
      const held = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) {
        await engine.step(2);
        await engine.evaluate();
        await engine.params();
        assert.equal(tf.memory().numTensors, held, `call ${i}`);
      }
      engine.dispose();
      engine.dispose();
      assert.equal(tf.memory().numTensors, before);
      await use("cpu");
    },
  });
}

Deno.test("the fused engine reports the MSE before each update and evaluate() gives the one after the last", async () => {
  await use("cpu");
  const spec = cubicSpec({ models: 1, optimizer: "sgd", gradAtZero: 0 });
  const engine = await createFusedEngine(spec);
  const first = await engine.evaluate();
  const { losses } = await engine.step(3);
  const after = await engine.evaluate();
  const { losses: next } = await engine.step(1);
  engine.dispose();
  assert.equal(losses[0][0], first[0]);
  assert.equal(next[0][0], after[0]);
  assert.ok(after[0] < first[0], `loss did not fall: ${first[0]} -> ${after[0]}`);
  assert.equal(engine.name, "fused");
  assert.equal(engine.backend, "cpu");
  assert.equal(engine.models, 1);
});

Deno.test("the fused engine rejects bad specs and bad step counts with a message naming the value", async () => {
  await use("cpu");
  const good = cubicSpec({ models: 1, optimizer: "sgd", gradAtZero: 0 });
  await assert.rejects(
    () => createFusedEngine({ ...good, seeds: [] }),
    /seeds must have one entry per model \(1\), got 0/,
  );
  await assert.rejects(
    () => createFusedEngine({ ...good, gradAtZero: 2 }),
    /gradAtZero must be a number in \[-1, 1\] between the activation's slopes \(\[0, 1\] for relu\) or "random", got 2/,
  );
  await assert.rejects(
    () => createFusedEngine({ ...good, gradAtZero: -0.5 }),
    /gradAtZero must be a number in \[0, 1\] or "random", got -0.5/, // relu's slopes
  );
  await assert.rejects(() => createFusedEngine({ ...good, lr: -1 }), /lr must be a finite number > 0, got -1/);
  await assert.rejects(() => createFusedEngine({ ...good, y: [1] }), /same non-zero length, got 21 and 1/);
  const engine = await createFusedEngine(good);
  await assert.rejects(() => engine.step(0), /steps must be a positive integer, got 0/);
  await assert.rejects(() => engine.step(1.5), /got 1.5/);
  await use("wasm");
  await assert.rejects(() => engine.step(1), /runs on the cpu backend, but the active backend is wasm/);
  await use("cpu");
  engine.dispose();
  await assert.rejects(() => engine.step(1), /disposed/);
});

Deno.test({
  ...onBackend(
    "webgpu",
    "the fused webgpu engine continues across dispatches when the steps exceed one dispatch's loop budget",
  ),
  fn: async () => {
    // 2000 points: about 110 updates fit in one dispatch, so 250 updates take three.
    const spec = cubicSpec({ models: 2, optimizer: "sgd", gradAtZero: 0.5, points: 2001 });
    spec.lr = 0.002;
    await use("cpu");
    const cpu = await trajectory(await createFusedEngine(spec), [250]);
    await use("webgpu");
    const gpu = await trajectory(await createFusedEngine(spec), [250]);
    await use("cpu");
    assert.ok(gpu.losses.every((l) => l.every((v) => v > 0)), "a loss slot was never written");
    assertSameTrajectory(gpu, cpu, "webgpu vs cpu over 250 updates", 1e-4);
  },
});

Deno.test({
  ...onBackend(
    "webgpu",
    "the fused webgpu engine trains H = 4 on 400 000 points, a size one workgroup per model could not run " +
      "on a software adapter, and agrees with the fused cpu engine",
  ),
  fn: async () => {
    // tests/webgpu/kernel_webgpu.ts checks the dispatch plan and the sizes that are still refused.
    const spec = cubicSpec({ models: 1, optimizer: "sgd", gradAtZero: 0, points: 400_000 });
    spec.lr = 1e-4;
    await use("cpu");
    const cpu = await trajectory(await createFusedEngine(spec), [2]);
    await use("webgpu");
    const gpu = await trajectory(await createFusedEngine(spec), [2]);
    await use("cpu");
    assertSameTrajectory(gpu, cpu, "webgpu vs cpu, P = 400 000", 1e-4);
  },
});

// Random relu'(0) at exact zeros past the first chunk of points (webgpu's split mode cuts the points into chunks) and
// in the second call (the update index carries over), built so that every sum is exact in float32 in any order: the
// engines must then give the reference's numbers bit for bit, so one wrong draw anywhere shows.
// P = 2^15 points at x = 0 (y = 0) except x = 1 at point A and x = −1 at point B (y = −1/16); unit 0 is z = x − 1 and
// unit 1 is z = −x − 1, so z ≤ 0 everywhere, z = 0 exactly at A for unit 0 and at B for unit 1, and ŷ = b1 = 0.
// lr = 2^13, so that lr·2/P = 1/2. Update 0: only r_B = 1/16 is not 0, so unit 1 draws u0 = U(seed, 0, B·H + 1) and
// moves to w0 = −1 + u0/32, b0 = −1 − u0/32 (z < 0 at B from then on), b1 = −1/32; unit 0 draws at A with r_A = 0
// and stays. Update 1: r = −1/32 everywhere but r_B = 1/32; unit 0 draws u1 = U(seed, 1, A·H) with r_A = −1/32 and
// moves to w0 = 1 + u1/64, b0 = −1 + u1/64; b1 = −1/32 + (P − 2)/64.
const SPLIT = (() => {
  const P = 2 ** 15;
  const H = 2;
  const chunk = webgpuChunk(H, P);
  const [A, B] = [3 * chunk + 17, 9 * chunk + 1000];
  const x = Array<number>(P).fill(0);
  const y = Array<number>(P).fill(0);
  [x[A], x[B], y[B]] = [1, -1, -1 / 16];
  const init: RegressorParams = { w0: [1, -1], b0: [-1, -1], w1: [1, 1], b1: 0 };
  const seeds = [5, 6];
  const spec: EngineSpec = {
    x,
    y,
    init: seeds.map(() => init),
    seeds,
    lr: 2 ** 13,
    optimizer: "sgd",
    gradAtZero: "random",
    countZeros: true,
  };
  return { P, H, chunk, A, B, spec };
})();

Deno.test("the exact split-mode case follows the hand derivation and the plain trainer, in float64", () => {
  const { P, H, chunk, A, B, spec } = SPLIT;
  assert.equal(webgpuMode(H, P), "split");
  assert.ok(A >= chunk && B >= chunk && Math.floor(A / chunk) !== Math.floor(B / chunk), "zeros past chunk 0");
  for (const seed of spec.seeds) {
    const [u0, u1] = [hashUniform(seed, 0, B * H + 1), hashUniform(seed, 1, A * H)];
    assert.ok(u0 > 2 ** -16 && u1 > 2 ** -16, `seed ${seed}: the draws move the units`);
    const ref = plainTrain(spec.init[0], { ...spec, seed, steps: 2 });
    assert.deepEqual(ref.losses, [2 ** -23, 2 ** -10]);
    assert.deepEqual(ref.zeros, [2, 1]);
    assert.deepEqual(ref.params, {
      w0: [1 + u1 / 64, -1 + u0 / 32],
      b0: [-1 + u1 / 64, -1 - u0 / 32],
      w1: [1, 1],
      b1: -1 / 32 + (P - 2) / 64,
    });
  }
});

for (const backend of ["cpu", "wasm", "webgpu"] as const) {
  Deno.test({
    ...onBackend(
      backend,
      `on ${backend}, random relu'(0) at exact zeros past the first chunk of points and in the second call ` +
        `gives the reference's float32 numbers bit for bit (split mode on webgpu)`,
    ),
    // A GPUDevice holds resources that outlive a test.
    sanitizeResources: backend !== "webgpu",
    sanitizeOps: backend !== "webgpu",
    fn: async () => {
      const { spec } = SPLIT;
      await use(backend);
      const run = await trajectory(await createFusedEngine(spec), [1, 1]);
      await use("cpu");
      spec.seeds.forEach((seed, m) => {
        const ref = plainTrain(spec.init[m], { ...spec, seed, steps: 2 });
        assert.deepEqual(run.losses[m], ref.losses.map(Math.fround), `model ${m} losses`);
        assert.deepEqual(run.zeros[m], ref.zeros, `model ${m} zero counts`);
        assert.deepEqual(run.params[m], flatParams(ref.params).map(Math.fround), `model ${m} params`);
      });
    },
  });
}
