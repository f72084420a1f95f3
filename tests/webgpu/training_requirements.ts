import assert from "node:assert/strict";
import { selectBackend } from "../../lib/engine/backend.ts";
import { plainTrain } from "../../lib/engine/plain_trainer.ts";
import { ENGINES } from "../../lib/engine/registry.ts";
import { createRegressor, targetData } from "../../lib/model/regressor.ts";
import { trainRegressor } from "../../lib/train/loop.ts";
import { trainNetwork } from "../../lib/train/train_network.ts";
import { ESSAY } from "../../lib/essay.ts";
import { float32SumTolerance, mseFloat64 } from "../support/mse.ts";
import { onBackend } from "../support/webgpu.ts";

// The essay's data and initial parameters, and the plain-JavaScript trainer's 300 updates from them
// (float64 arithmetic with float32 pre-activations): the independent numbers the trained runs are held to.
const DATA = targetData(ESSAY);
const INIT = createRegressor({ hidden: ESSAY.hidden, seed: ESSAY.seed, init: ESSAY.init });
const REFERENCE = plainTrain(INIT, {
  ...DATA,
  gradAtZero: ESSAY.gradAtZero,
  seed: ESSAY.seed,
  lr: ESSAY.lr,
  optimizer: ESSAY.optimizer,
  steps: 300,
});
/** float32 engines against the float64 reference over 300 updates; measured: at most 1.6e-7 relative. */
const TRAJECTORY_RTOL = 1e-5;
/**
 * cpu against webgpu over 20 epochs, the kernel tests' tolerance (`tests/webgpu/kernel_webgpu.ts`); measured on llvmpipe:
 * at most 1.2e-7 relative, for both engines.
 */
const WEBGPU_RTOL = 2e-5;

Deno.test("the defaults trained for 300 epochs lower the loss at least 10-fold, with either engine", async () => {
  const initial = mseFloat64(INIT, DATA.x, DATA.y);
  const referenceFinal = mseFloat64(REFERENCE.params, DATA.x, DATA.y);
  for (const engine of ["fused", "autodiff"] as const) {
    const run = await trainNetwork({ epochs: 300, engine });
    const [first, last] = [run.losses[0], run.losses[300]];
    // the starting loss is the float64 MSE of the initial parameters
    assert.ok(Math.abs(first - initial) <= float32SumTolerance(300) * initial, `${engine}: ${first} vs ${initial}`);
    // the stored final parameters give the stored final loss
    const stored = mseFloat64(run.snapshots.at(-1)!, run.x, run.y);
    assert.ok(Math.abs(last - stored) <= float32SumTolerance(300) * stored, `${engine}: ${last} vs ${stored}`);
    // the run follows the plain trainer at every epoch
    run.losses.slice(0, 300).forEach((l, k) => {
      const ref = REFERENCE.losses[k];
      assert.ok(Math.abs(l - ref) <= TRAJECTORY_RTOL * ref, `${engine}, epoch ${k}: ${l} vs reference ${ref}`);
    });
    assert.ok(
      Math.abs(last - referenceFinal) <= TRAJECTORY_RTOL * referenceFinal,
      `${engine}: ${last} vs ${referenceFinal}`,
    );
    // the requirement itself
    assert.ok(last * 10 <= first, `${engine}: ${first} -> ${last}`);
  }
});

Deno.test({
  ...onBackend("webgpu", "cpu and webgpu agree on the first 20 epochs' losses within 2e-5 relative, for both engines"),
  fn: async () => {
    for (const engine of ["fused", "autodiff"] as const) {
      const losses: Record<string, number[]> = {};
      for (const backend of ["cpu", "webgpu"] as const) {
        await selectBackend(backend);
        const run = await trainRegressor({ ...ESSAY, epochs: 20, every: 10, createEngine: ENGINES[engine] });
        assert.equal(run.config.backend, backend);
        losses[backend] = run.losses;
      }
      await selectBackend("cpu");
      losses.cpu.forEach((l, k) => {
        const rel = Math.abs(l - losses.webgpu[k]) / Math.abs(l);
        assert.ok(rel <= WEBGPU_RTOL, `${engine}, epoch ${k}: cpu ${l}, webgpu ${losses.webgpu[k]}`);
      });
    }
  },
});
