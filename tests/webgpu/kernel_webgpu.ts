/**
 * The fused WebGPU kernel (`lib/engine/kernel_webgpu.ts`): its dispatch plan
 * (single or split mode, chunk, loop budget on software adapters only) as
 * pure functions, and, where `navigator.gpu` gives an adapter (llvmpipe here),
 * the kernel itself against the fused cpu engine (the WebAssembly kernel that
 * follows `runFusedSteps` bit for bit): SGD and Adam, fixed and random
 * relu'(0), M = 1 and 3, H = 1, 7, 64, 130, in both modes with P not a
 * multiple of the chunk, zero counts exact. Without an adapter the GPU tests
 * are registered as ignored, with the reason in their names (with CI set they
 * fail instead: see `tests/support/webgpu.ts`).
 *
 * @module
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { isFallbackAdapter } from "../../lib/engine/webgpu/device.ts";
import type { EngineSpec } from "../../lib/engine/contract.ts";
import { createFusedEngine } from "../../lib/engine/fused.ts";
import { stateWidth } from "../../lib/engine/kernel.ts";
import {
  FUSED_LOOP_BUDGET,
  FUSED_MAX_CHUNK,
  FUSED_WORKGROUP_SIZE,
  fusedWebGpuPlan,
  webgpuChunk,
  webgpuMode,
  webgpuScratch,
} from "../../lib/engine/webgpu/plan.ts";
import { isSoftwareWebGpu } from "../../lib/engine/webgpu/adapter.ts";
import { createRegressor, targetData } from "../../lib/model/regressor.ts";
import type { GradAtZero, OptimizerName } from "../../lib/model/run.ts";
import { assertSameTrajectory, type Trajectory, trajectory, useBackend } from "../support/fused_setup.ts";
import { needsWebgpu, WEBGPU_ADAPTER } from "../support/webgpu.ts";

/** Whether the adapter is a software one (llvmpipe): the only kind with a loop budget. */
const SOFTWARE = WEBGPU_ADAPTER !== null && isFallbackAdapter(WEBGPU_ADAPTER);

// ------------------------------------------------------------ the plan

Deno.test("webgpuChunk is a multiple of the workgroup size in [64, 2048], about 16384 pairs, with exact zero counts", () => {
  assert.equal(webgpuChunk(1, 300), FUSED_MAX_CHUNK);
  assert.equal(webgpuChunk(7, 300), FUSED_MAX_CHUNK);
  assert.equal(webgpuChunk(64, 10_000), 256);
  assert.equal(webgpuChunk(512, 10_000), 64);
  assert.equal(webgpuChunk(4096, 300), 64);
  // Large P·H takes larger chunks, so that the partial sums stay small.
  assert.ok(webgpuChunk(4096, 1_000_000) >= 1900);
  for (const hidden of [1, 3, 7, 31, 64, 100, 512, 4096, 10_000]) {
    for (const points of [2, 300, 10_000, 1_000_000]) {
      const chunk = webgpuChunk(hidden, points);
      assert.equal(chunk % FUSED_WORKGROUP_SIZE, 0, `H=${hidden} P=${points}`);
      assert.ok(chunk >= FUSED_WORKGROUP_SIZE && chunk <= FUSED_MAX_CHUNK, `H=${hidden} P=${points}: ${chunk}`);
      assert.ok(chunk * hidden <= 2 ** 24, `H=${hidden} P=${points}: a chunk's zero count is not exact in float32`);
    }
  }
});

Deno.test("single mode for small updates, split mode (scratch-free rows) for large ones", () => {
  assert.equal(webgpuMode(7, 300), "single"); // the essay's defaults
  assert.equal(webgpuMode(64, 300), "single");
  assert.equal(webgpuMode(4096, 8), "single");
  assert.equal(webgpuMode(7, 10_000), "split");
  assert.equal(webgpuMode(64, 10_000), "split");
  assert.equal(webgpuMode(4096, 300), "split");
  assert.equal(webgpuScratch(7, 300), 300);
  assert.equal(webgpuScratch(64, 10_000), 0);
});

Deno.test("the loop budget applies to single mode on a software adapter only", () => {
  const software = fusedWebGpuPlan({ hidden: 7, points: 300, steps: 1000, software: true });
  assert.equal(software.mode, "single");
  assert.ok(software.dispatches > 1 && software.stepsPerDispatch < 1000);
  assert.ok(software.loopIterations <= FUSED_LOOP_BUDGET);
  assert.equal(software.dispatches, Math.ceil(1000 / software.stepsPerDispatch));
  const hardware = fusedWebGpuPlan({ hidden: 7, points: 300, steps: 1000, software: false });
  assert.equal(hardware.dispatches, 1);
  assert.equal(hardware.stepsPerDispatch, 1000);
  assert.equal(hardware.refused, undefined);
  // steps = 0 (the loss only) is one dispatch
  assert.equal(fusedWebGpuPlan({ hidden: 7, points: 300, steps: 0, software: true }).dispatches, 1);
});

Deno.test("split mode is two dispatches per update, each within the budget of a software adapter", () => {
  for (const software of [true, false]) {
    const plan = fusedWebGpuPlan({ hidden: 64, points: 10_000, steps: 5, models: 3, software });
    assert.equal(plan.mode, "split");
    assert.equal(plan.chunk, 256);
    assert.equal(plan.chunks, 40);
    assert.equal(plan.dispatches, 10);
    assert.ok(plan.loopIterations <= FUSED_LOOP_BUDGET);
    assert.equal(plan.partialBytes, 4 * 3 * 40 * (3 * 64 + 3 + 256));
    assert.equal(plan.refused, undefined);
  }
  // The case the one-workgroup kernel refused on llvmpipe now runs.
  assert.equal(fusedWebGpuPlan({ hidden: 4, points: 400_000, steps: 1, software: true }).refused, undefined);
});

Deno.test("of the scale grid only H = 4096, P = 10^6 is refused, and only on a software adapter", () => {
  const refused: string[] = [];
  for (const hidden of [7, 64, 512, 4096]) {
    for (const points of [300, 10_000, 1_000_000]) {
      const limits = { models: 1, maxBindingBytes: 2 ** 27, stateSize: stateWidth(hidden, false) };
      assert.equal(fusedWebGpuPlan({ hidden, points, steps: 1, software: false, ...limits }).refused, undefined);
      const plan = fusedWebGpuPlan({ hidden, points, steps: 1, software: true, ...limits });
      if (plan.refused) refused.push(`${hidden}x${points}`);
    }
  }
  assert.deepEqual(refused, ["4096x1000000"]);
  const why = fusedWebGpuPlan({ hidden: 4096, points: 1_000_000, steps: 1, software: true }).refused!;
  assert.match(why, /H = 4096 and P = 1000000: one dispatch needs about \d+ loop iterations .* software adapter/);
  const big = fusedWebGpuPlan({
    hidden: 512,
    points: 1_000_000,
    steps: 1,
    models: 64,
    software: false,
    maxBindingBytes: 2 ** 27,
  });
  assert.match(big.refused!, /partial sums .* more than the device's maxStorageBufferBindingSize of 134217728/);
});

// ------------------------------------------------------- on the adapter

async function onBoth(spec: EngineSpec, calls: number[]): Promise<{ cpu: Trajectory; gpu: Trajectory }> {
  await useBackend("cpu");
  const cpu = await trajectory(await createFusedEngine(spec), calls);
  await useBackend("webgpu");
  const gpu = await trajectory(await createFusedEngine(spec), calls);
  await useBackend("cpu");
  return { cpu, gpu };
}

/**
 * P points on [-2, 2] (P odd: x = 0 is one of them) and y = x³; M models
 * with unit 0 at b0 = 0 (z = 0 at x = 0) and, with H > 1, unit 1 at w0 = 1,
 * b0 = −x[1] (z = 0 at x[1]), so relu'(0) matters.
 */
function spec(
  o: { hidden: number; points: number; models: number; optimizer: OptimizerName; gradAtZero: GradAtZero },
): EngineSpec {
  const { x, y } = targetData({ points: o.points, xMin: -2, xMax: 2 });
  const init = Array.from({ length: o.models }, (_, m) => {
    const p = createRegressor({ hidden: o.hidden, seed: 100 + m });
    p.b0[0] = 0;
    if (o.hidden > 1) {
      p.w0[1] = 1;
      p.b0[1] = -x[1];
    }
    return p;
  });
  return {
    x,
    y,
    init,
    seeds: init.map((_, m) => 5 + m),
    lr: o.optimizer === "sgd" ? 0.002 : 0.01,
    optimizer: o.optimizer,
    gradAtZero: o.gradAtZero,
    countZeros: true,
  };
}

/** Points for each mode: P·H over 2^15 and past the chunk for split, never a multiple of the chunk. */
const POINTS: Record<number, { single: number; split: number }> = {
  1: { single: 21, split: 33_001 },
  7: { single: 301, split: 4_701 },
  64: { single: 301, split: 601 },
  // H > 64: threads take several units each.
  130: { single: 201, split: 301 },
};

for (const hidden of [1, 7, 64, 130]) {
  for (const mode of ["single", "split"] as const) {
    const points = POINTS[hidden][mode];
    Deno.test({
      ...needsWebgpu(
        `webgpu ${mode} mode, H = ${hidden}, P = ${points}: agrees with cpu for sgd and adam, ` +
          `fixed and random relu'(0), M = 1 and 3`,
      ),
      fn: async () => {
        assert.equal(webgpuMode(hidden, points), mode);
        if (mode === "split") assert.notEqual(points % webgpuChunk(hidden, points), 0);
        for (const optimizer of ["sgd", "adam"] as const) {
          for (const gradAtZero of [0.5, "random"] as const) {
            for (const models of [1, 3]) {
              const what = `${mode} H=${hidden} P=${points} ${optimizer} relu'(0)=${gradAtZero} M=${models}`;
              const { cpu, gpu } = await onBoth(spec({ hidden, points, models, optimizer, gradAtZero }), [2, 3]);
              assertSameTrajectory(gpu, cpu, what, 2e-5);
              assert.ok(cpu.zeros.every((z) => z[0] > 0), `${what}: no z = 0 in the first update`);
            }
          }
        }
      },
    });
  }
}

Deno.test({
  ...needsWebgpu(`webgpu counts every z = 0 exactly when w0 = b0 = 0, in both modes, for M = 3`),
  fn: async () => {
    for (const [hidden, points] of [[7, 301], [7, 4_701], [64, 601]]) {
      for (const optimizer of ["sgd", "adam"] as const) {
        for (const gradAtZero of [0, "random"] as const) {
          const s = spec({ hidden, points, models: 3, optimizer, gradAtZero });
          s.init = s.init.map((p) => ({ ...p, w0: p.w0.map(() => 0), b0: p.b0.map(() => 0) }));
          const what = `${webgpuMode(hidden, points)} H=${hidden} P=${points} ${optimizer} relu'(0)=${gradAtZero}`;
          const { cpu, gpu } = await onBoth(s, [2, 2]);
          if (gradAtZero === 0) {
            // relu'(0) = 0 leaves w0 and b0 at 0: every pair stays at z = 0, on every update.
            assertSameTrajectory(gpu, cpu, what, 2e-5);
            for (const z of gpu.zeros) assert.deepEqual(z, z.map(() => points * hidden), what);
          } else {
            // After the first update w0 and b0 are no longer 0, and a later z is exactly 0 only by a
            // coincidence of the last bits (Adam's first step makes |w0| ≈ |b0|, so z ≈ 0 at x = ±1),
            // which float32 sums in another order need not repeat: only the first count is exact.
            const first = (t: Trajectory): Trajectory => ({ ...t, zeros: t.zeros.map((z) => z.slice(0, 1)) });
            assertSameTrajectory(first(gpu), first(cpu), what, 2e-5);
            for (const z of gpu.zeros) assert.equal(z[0], points * hidden, what);
          }
        }
      }
    }
  },
});

Deno.test({
  ...needsWebgpu(`webgpu split mode: model m of a batch follows model m alone bit for bit (fixed-order sums)`),
  fn: async () => {
    await useBackend("webgpu");
    const s = spec({ hidden: 64, points: 601, models: 3, optimizer: "adam", gradAtZero: "random" });
    const batch = await trajectory(await createFusedEngine(s), [3, 2]);
    for (let m = 0; m < s.init.length; m++) {
      const alone = await trajectory(
        await createFusedEngine({ ...s, init: [s.init[m]], seeds: [s.seeds[m]] }),
        [3, 2],
      );
      assert.deepEqual(alone.losses[0], batch.losses[m], `model ${m} losses`);
      assert.deepEqual(alone.params[0], batch.params[m], `model ${m} params`);
      assert.deepEqual(alone.zeros[0], batch.zeros[m], `model ${m} zeros`);
    }
    await useBackend("cpu");
  },
});

Deno.test({
  ...needsWebgpu(`webgpu split mode over 40 updates in one call stays within 1e-4 of cpu`),
  fn: async () => {
    const { cpu, gpu } = await onBoth(
      spec({ hidden: 7, points: 4_701, models: 2, optimizer: "adam", gradAtZero: "random" }),
      [40],
    );
    assertSameTrajectory(gpu, cpu, "40 adam updates", 1e-4);
  },
});

Deno.test({
  ...needsWebgpu(`webgpu kernel calls compile no pipeline after the first and hold no buffer after the call`),
  fn: async () => {
    await useBackend("webgpu");
    const backend = tf.backend() as unknown as { pipelineCache: Record<string, unknown>; numDataIds(): number };
    for (const [hidden, points] of [[7, 301], [7, 4_701]]) {
      const engine = await createFusedEngine(spec({ hidden, points, models: 2, optimizer: "adam", gradAtZero: 0.5 }));
      await engine.step(2);
      await engine.step(2);
      const pipelines = Object.keys(backend.pipelineCache).length;
      const ids = backend.numDataIds();
      const tensors = tf.memory().numTensors;
      // Enough updates for several dispatches per call in either mode (on a software adapter).
      const plan = fusedWebGpuPlan({ hidden, points, steps: 10_000, software: SOFTWARE });
      const steps = plan.mode === "single" ? Math.min(2 * plan.stepsPerDispatch + 1, 1000) : 12;
      await engine.step(steps);
      await engine.evaluate();
      await engine.step(2);
      assert.equal(Object.keys(backend.pipelineCache).length, pipelines, `H=${hidden} P=${points}: new pipelines`);
      assert.equal(backend.numDataIds(), ids, `H=${hidden} P=${points}: buffers left behind`);
      assert.equal(tf.memory().numTensors, tensors);
      engine.dispose();
    }
    await useBackend("cpu");
  },
});

Deno.test({
  ...needsWebgpu(`webgpu reads the adapter's fallback flag once per backend`),
  fn: async () => {
    await useBackend("webgpu");
    const backend = tf.backend() as unknown as { device: GPUDevice };
    assert.equal(isSoftwareWebGpu(backend), SOFTWARE);
    // A stand-in backend: read once, then cached.
    const info = { isFallbackAdapter: false, description: "Stand-in GPU" };
    const standIn = { device: { adapterInfo: info } as unknown as GPUDevice };
    assert.equal(isSoftwareWebGpu(standIn), false);
    info.isFallbackAdapter = true;
    assert.equal(isSoftwareWebGpu(standIn), false);
    assert.equal(
      isSoftwareWebGpu({ device: { adapterInfo: { description: "llvmpipe (LLVM 15)" } } as unknown as GPUDevice }),
      true,
    );
    assert.equal(isSoftwareWebGpu({ device: {} as GPUDevice }), true, "unknown adapters keep the budget");
    await useBackend("cpu");
  },
});

Deno.test({
  ...needsWebgpu(
    "webgpu refuses H = 4096, P = 10^6 with the reason on a software adapter, and trains it on a hardware one",
  ),
  fn: async () => {
    await useBackend("webgpu");
    const { x, y } = targetData({ points: 1_000_000, xMin: -10, xMax: 10 });
    const engine = await createFusedEngine({
      x,
      y,
      init: [createRegressor({ hidden: 4096, seed: 0 })],
      seeds: [0],
      lr: 1e-4,
      optimizer: "sgd",
      gradAtZero: 0,
    });
    try {
      if (SOFTWARE) {
        await assert.rejects(
          () => engine.step(1),
          /H = 4096 and P = 1000000: one dispatch needs about \d+ loop iterations per shader invocation/,
        );
      } else {
        // A hardware adapter has no loop budget: the update runs (the plan tests above check why).
        const { losses } = await engine.step(1);
        assert.ok(Number.isFinite(losses[0][0]) && losses[0][0] > 0, `loss ${losses[0][0]}`);
      }
    } finally {
      engine.dispose();
      await useBackend("cpu");
    }
  },
});
