import assert from "node:assert/strict";
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { RunError } from "../lib/errors.ts";
import type { EngineSpec, TrainingEngine } from "../lib/engine/contract.ts";
import { toJsonText } from "../lib/render/json.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";
import type { RegressorParams } from "../lib/model/run.ts";
import { snapshotEpochs, type TrainingProgress, trainRegressor } from "../lib/train/loop.ts";
import type { TrainingOptions } from "../lib/model/run.ts";
import { float32SumTolerance, mseFloat64 } from "./support/mse.ts";

await selectBackend("cpu");

const SMALL: TrainingOptions = {
  hidden: 3,
  epochs: 25,
  lr: 1e-3,
  optimizer: "sgd",
  seed: 4,
  every: 10,
  points: 30,
  xMin: -2,
  xMax: 2,
  gradAtZero: 0,
  init: "pytorch",
  precision: "float32",
};

/**
 * A stand-in engine whose loss after k updates is 1000 − k (or `bad` from
 * update `badAt` on) and whose b1 counts the updates; it records every call.
 */
function fakeEngine(options: { badAt?: number; bad?: number; finalLoss?: number } = {}) {
  const calls: string[] = [];
  const specs: EngineSpec[] = [];
  let k = 0;
  const lossAt = (i: number) => (options.badAt !== undefined && i >= options.badAt ? options.bad ?? NaN : 1000 - i);
  const factory = (spec: EngineSpec): Promise<TrainingEngine> => {
    specs.push(spec);
    const init = spec.init[0];
    return Promise.resolve({
      name: "autodiff",
      backend: "cpu",
      models: 1,
      step(steps: number) {
        calls.push(`step(${steps})`);
        const losses = Float32Array.from({ length: steps }, (_, s) => lossAt(k + s));
        k += steps;
        return Promise.resolve({ losses: [losses] });
      },
      evaluate() {
        calls.push("evaluate");
        return Promise.resolve([options.finalLoss ?? lossAt(k)]);
      },
      params(): Promise<RegressorParams[]> {
        calls.push("params");
        return Promise.resolve([{ ...init, b1: k }]);
      },
      dispose() {
        calls.push("dispose");
      },
    });
  };
  return { factory, calls, specs };
}

Deno.test("snapshotEpochs() lists 0, every multiple of every below epochs, and epochs", () => {
  assert.deepEqual(snapshotEpochs({ epochs: 25, every: 10 }), [0, 10, 20, 25]);
  assert.deepEqual(snapshotEpochs({ epochs: 20, every: 10 }), [0, 10, 20]);
  assert.deepEqual(snapshotEpochs({ epochs: 1, every: 1 }), [0, 1]);
  assert.equal(snapshotEpochs({ epochs: 4000, every: 100 }).length, 41);
});

Deno.test("trainRegressor() runs the engine in chunks of every updates and records the run as README's section 'The snapshot file' describes", async () => {
  const { factory, calls, specs } = fakeEngine();
  const progress: TrainingProgress[] = [];
  const run = await trainRegressor({ ...SMALL, createEngine: factory }, { onProgress: (p) => progress.push(p) });
  assert.deepEqual(calls, [
    "step(10)",
    "params",
    "step(10)",
    "params",
    "step(5)",
    "params",
    "evaluate",
    "dispose",
  ]);
  // the engine got the seeded initial parameters and the target data
  const init = createRegressor({ hidden: 3, seed: 4 });
  const data = targetData({ points: 30, xMin: -2, xMax: 2 });
  assert.deepEqual(specs[0].init, [init]);
  assert.deepEqual(specs[0].x, data.x);
  assert.deepEqual(specs[0].y, data.y);
  assert.deepEqual(specs[0].seeds, [4]);
  assert.deepEqual(Object.keys(run), ["config", "x", "y", "losses", "snapshots"]);
  assert.deepEqual(run.config, { ...SMALL, backend: "cpu" });
  assert.deepEqual(Object.keys(run.config), [
    "hidden",
    "epochs",
    "lr",
    "optimizer",
    "seed",
    "every",
    "points",
    "xMin",
    "xMax",
    "gradAtZero",
    "init",
    "precision",
    "backend",
  ]);
  assert.deepEqual(run.losses, Array.from({ length: 26 }, (_, k) => 1000 - k));
  assert.deepEqual(run.snapshots.map((s) => s.epoch), [0, 10, 20, 25]);
  assert.deepEqual(run.snapshots[0], { epoch: 0, loss: 1000, ...init });
  for (const s of run.snapshots) {
    assert.equal(s.loss, run.losses[s.epoch], `snapshot ${s.epoch}`);
    assert.deepEqual(Object.keys(s), ["epoch", "loss", "w0", "b0", "w1", "b1"]);
  }
  assert.deepEqual(run.snapshots.slice(1).map((s) => s.b1), [10, 20, 25], "parameters read after each chunk");
  assert.deepEqual(progress.map((p) => [p.epoch, p.epochs, p.loss]), [[10, 25, 991], [20, 25, 981], [25, 25, 976]]);
});

for (const [bad, badAt] of [[NaN, 13], [Infinity, 0], [-Infinity, 24]] as const) {
  Deno.test(`trainRegressor() stops with a RunError naming the epoch when the loss becomes ${bad}`, async () => {
    const { factory, calls } = fakeEngine({ badAt, bad });
    await assert.rejects(
      () => trainRegressor({ ...SMALL, lr: 0.001, createEngine: factory }),
      (e: unknown) => {
        assert.ok(e instanceof RunError);
        assert.equal(e.message, `training diverged at epoch ${badAt} (loss = ${bad}); try a smaller lr (now 0.001)`);
        assert.equal(
          e.describe((input) => `--${input}`),
          `training diverged at epoch ${badAt} (loss = ${bad}); try a smaller --lr (now 0.001)`,
        );
        return true;
      },
    );
    assert.equal(calls.at(-1), "dispose", "the engine is disposed");
  });
}

Deno.test("trainRegressor() also catches a loss that turns NaN only at the last epoch", async () => {
  const { factory } = fakeEngine({ finalLoss: NaN });
  await assert.rejects(
    () => trainRegressor({ ...SMALL, createEngine: factory }),
    /training diverged at epoch 25 \(loss = NaN\)/,
  );
});

Deno.test("trainRegressor() refuses every > epochs and an empty x range", async () => {
  const { factory } = fakeEngine();
  await assert.rejects(
    () => trainRegressor({ ...SMALL, every: 26, createEngine: factory }),
    /every must be an integer in \[1, epochs = 25\], got 26/,
  );
  await assert.rejects(
    () => trainRegressor({ ...SMALL, xMin: 2, createEngine: factory }),
    /xMin must be less than xMax/,
  );
});

Deno.test("trainRegressor() with the autodiff engine: the loss falls, each snapshot's loss is the MSE of its parameters, and cpu runs are byte-identical", async () => {
  const options = { ...SMALL, epochs: 40, lr: 0.02, optimizer: "adam" as const, createEngine: createAutodiffEngine };
  const run = await trainRegressor(options);
  assert.equal(run.losses.length, 41);
  assert.ok(run.losses[40] < run.losses[0] / 2, `${run.losses[0]} -> ${run.losses[40]}`);
  assert.deepEqual(run.snapshots.map((s) => [s.epoch, s.loss]), [0, 10, 20, 30, 40].map((e) => [e, run.losses[e]]));
  // each snapshot's loss is the MSE of its parameters, recomputed in float64
  for (const s of run.snapshots) {
    const mse = mseFloat64(s, run.x, run.y);
    assert.ok(Math.abs(s.loss - mse) <= float32SumTolerance(30) * mse, `epoch ${s.epoch}: ${s.loss} vs ${mse}`);
  }
  assert.equal(run.config.backend, "cpu");
  // reproducibility: a second run writes the same bytes
  assert.equal(toJsonText(await trainRegressor(options)), toJsonText(run));
});

Deno.test("a learning rate far too large diverges with the real engine and says so", async () => {
  await assert.rejects(
    () =>
      trainRegressor({
        ...SMALL,
        hidden: 7,
        points: 300,
        xMin: -10,
        xMax: 10,
        lr: 10,
        createEngine: createAutodiffEngine,
      }),
    /^RunError: training diverged at epoch \d+ \(loss = (NaN|Infinity)\); try a smaller lr \(now 10\)$/,
  );
});
