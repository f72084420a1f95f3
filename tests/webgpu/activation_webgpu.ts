/**
 * The fused WebGPU kernel for every piecewise-linear activation and every
 * kink convention (`tests/support/activations.ts`) against the fused cpu
 * engine (the WebAssembly kernel, which follows the JavaScript loop bit for
 * bit: `tests/activation_kernels_test.ts`), in single and split mode, within
 * the tolerance `tests/webgpu/kernel_webgpu.ts` holds relu to (float32 sums in
 * another order), with exact zero counts. Without an adapter the test is
 * ignored with the reason in its name.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { EngineSpec, TrainingEngine } from "../../lib/engine/contract.ts";
import { createFusedEngine } from "../../lib/engine/fused.ts";
import { webgpuMode } from "../../lib/engine/webgpu/plan.ts";
import { createRegressor, targetData } from "../../lib/model/regressor.ts";
import type { GradAtZero, OptimizerName } from "../../lib/model/run.ts";
import { conventions, PIECEWISE_MEMBERS } from "../support/activations.ts";
import { useBackend } from "../support/fused_setup.ts";
import { assertClose } from "../support/close.ts";
import { needsWebgpu } from "../support/webgpu.ts";

/** The tolerance of this file's comparisons, relative (absolute below 1). */
const RTOL = 2e-5;

interface Trajectory {
  losses: number[][];
  zeros: number[][];
  params: number[][];
}

async function trajectory(engine: TrainingEngine, calls: number[]): Promise<Trajectory> {
  const losses: number[][] = Array.from({ length: engine.models }, () => []);
  const zeros: number[][] = Array.from({ length: engine.models }, () => []);
  try {
    for (const steps of calls) {
      const r = await engine.step(steps);
      r.losses.forEach((l, m) => losses[m].push(...l));
      r.zeros!.forEach((z, m) => zeros[m].push(...z));
    }
    const params = (await engine.params()).map((p) => [...p.w0, ...p.b0, ...p.w1, p.b1]);
    return { losses, zeros, params };
  } finally {
    engine.dispose();
  }
}

/** P points on [−2, 2] with y = x³; unit 0 has b0 = 0 (z = 0 at x = 0) and unit 1 z = 0 at x[1]. */
function spec(o: {
  activation: string;
  gradAtZero: GradAtZero;
  points: number;
  optimizer: OptimizerName;
}): EngineSpec {
  const { x, y } = targetData({ points: o.points, xMin: -2, xMax: 2 });
  const init = [0, 1].map((m) => {
    const p = createRegressor({ hidden: 7, seed: 100 + m });
    p.b0[0] = 0;
    p.w0[1] = 1;
    p.b0[1] = -x[1];
    return p;
  });
  return {
    x,
    y,
    init,
    seeds: [5, 6],
    lr: o.optimizer === "sgd" ? 0.002 : 0.01,
    optimizer: o.optimizer,
    gradAtZero: o.gradAtZero,
    activation: o.activation,
    countZeros: true,
  };
}

Deno.test({
  ...needsWebgpu(
    `webgpu agrees with cpu for every piecewise activation (${PIECEWISE_MEMBERS.join(", ")}) and kink convention, ` +
      `single and split mode, sgd and adam`,
  ),
  fn: async () => {
    let checked = 0;
    for (const [mode, points] of [["single", 301], ["split", 4_701]] as const) {
      assert.equal(webgpuMode(7, points), mode);
      for (const activation of PIECEWISE_MEMBERS) {
        for (const gradAtZero of conventions(activation)) {
          for (const optimizer of ["sgd", "adam"] as const) {
            const s = spec({ activation, gradAtZero, points, optimizer });
            await useBackend("cpu");
            const cpu = await trajectory(await createFusedEngine(s), [2, 3]);
            await useBackend("webgpu");
            const gpu = await trajectory(await createFusedEngine(s), [2, 3]);
            const what = `${mode} ${activation} g=${gradAtZero} ${optimizer}`;
            cpu.losses.forEach((l, m) => assertClose(gpu.losses[m], l, `${what} model ${m} losses`, RTOL));
            cpu.params.forEach((p, m) => assertClose(gpu.params[m], p, `${what} model ${m} params`, RTOL));
            assert.deepEqual(gpu.zeros, cpu.zeros, `${what} zero counts`);
            assert.ok(cpu.zeros.every((z) => z[0] > 0), `${what}: no z = 0 in the first update`);
            checked++;
          }
        }
      }
    }
    await useBackend("cpu");
    assert.equal(checked, 2 * 2 * PIECEWISE_MEMBERS.map(conventions).flat().length);
  },
});
