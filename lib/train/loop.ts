/**
 * One run, as `deno task train` makes it: the stepwise trainer
 * (`trainer.ts`) with one model, in chunks of `every` updates, collecting the
 * loss of every epoch and a snapshot of the parameters at the end of every
 * chunk. The result is the plain {@link TrainingRun} that `training.json` holds.
 *
 * The engine is injected, so this loop knows no tfjs and works with any
 * implementation of the engine contract (`engine.ts`).
 *
 * @module
 */
import type { EngineFactory } from "../engine/contract.ts";
import type { DataSource, RegressorParams, Snapshot, TrainingOptions, TrainingRun } from "../model/run.ts";
import { meanSquaredError } from "../model/dataset.ts";
import { divergence, regressorSetup, runConfig, withTrainer } from "./trainer.ts";

/** Options of {@link trainRegressor}. */
export interface TrainRegressorOptions extends Omit<TrainingOptions, "init" | "precision"> {
  /** Starts the engine that does the arithmetic. */
  createEngine: EngineFactory;
  /** How the hidden layer starts (default `"pytorch"`). */
  init?: TrainingOptions["init"];
  /** The arithmetic (default `"float32"`). */
  precision?: TrainingOptions["precision"];
  /** The file and its points, when `target` is `data`. */
  data?: DataSource;
}

/** Where a run stands, reported after every chunk. */
export interface TrainingProgress {
  /** Updates done so far. */
  epoch: number;
  /** Updates in the whole run. */
  epochs: number;
  /** The latest known loss: the MSE before the last update done. */
  loss: number;
  /** Milliseconds since the first update started. */
  elapsedMs: number;
}

/** Callbacks of {@link trainRegressor}. */
export interface TrainHooks {
  /** Called after every chunk of updates. */
  onProgress?: (progress: TrainingProgress) => void;
}

/**
 * The epochs at which snapshots are taken: 0, every `every`-th epoch, and
 * `epochs` itself.
 *
 * @param options the number of updates and the snapshot interval
 * @returns the epochs, ascending, each once
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { snapshotEpochs } from "./loop.ts";
 * deepStrictEqual(snapshotEpochs({ epochs: 250, every: 100 }), [0, 100, 200, 250]);
 * deepStrictEqual(snapshotEpochs({ epochs: 200, every: 100 }), [0, 100, 200]);
 * ```
 */
export function snapshotEpochs(options: { epochs: number; every: number }): number[] {
  const { epochs, every } = options;
  const out: number[] = [];
  for (let e = 0; e < epochs; e += every) out.push(e);
  out.push(epochs);
  return out;
}

function checkOptions(o: TrainRegressorOptions): void {
  const fail = (what: string) => {
    throw new RangeError(`Cannot train: ${what}`);
  };
  if (!Number.isInteger(o.epochs) || o.epochs < 1) fail(`epochs must be a positive integer, got ${o.epochs}`);
  if (!Number.isInteger(o.every) || o.every < 1 || o.every > o.epochs) {
    fail(`every must be an integer in [1, epochs = ${o.epochs}], got ${o.every}`);
  }
  if (!(o.xMin < o.xMax)) fail(`xMin must be less than xMax, got ${o.xMin} and ${o.xMax}`);
}

/**
 * Trains a fresh regressor (initialised from `seed`) on its target (y = x³ by default) or data and records
 * the run. `losses[k]` is the MSE after k updates (k = 0..epochs); snapshots
 * hold the parameters at epoch 0, every `every` epochs and at `epochs`, each
 * with `loss = losses[epoch]`. The engine reads back once per chunk of
 * `every` updates for the losses, and once for the snapshot's parameters.
 * With a test split (`testFraction`), `test` holds the held-out points and
 * the test MSE at every snapshot (computed from its parameters: per
 * snapshot, not per epoch, as the engines compute only the training loss).
 *
 * Throws a {@link RunError} naming the epoch when a loss is NaN or infinite.
 *
 * @param options the run's settings and the engine
 * @param hooks called after every chunk of updates
 * @returns the run: its settings, data, losses and snapshots
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
 * import { trainRegressor } from "./loop.ts";
 * import { createAutodiffEngine } from "../engine/autodiff.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const seen: number[] = [];
 * const run = await trainRegressor({
 *   hidden: 3, epochs: 20, lr: 1e-4, optimizer: "sgd", seed: 0, every: 10,
 *   points: 50, xMin: -10, xMax: 10, gradAtZero: 0, createEngine: createAutodiffEngine,
 * }, { onProgress: (p) => seen.push(p.epoch) });
 * strictEqual(run.losses.length, 21);
 * deepStrictEqual(run.snapshots.map((s) => s.epoch), [0, 10, 20]);
 * deepStrictEqual(seen, [10, 20]);
 * deepStrictEqual([run.config.init, run.config.precision, run.config.backend], ["pytorch", "float32", "cpu"]);
 * ok(run.losses[20] < run.losses[0]);
 * strictEqual(run.snapshots[2].loss, run.losses[20]);
 * ```
 */
export async function trainRegressor(
  options: TrainRegressorOptions,
  hooks: TrainHooks = {},
): Promise<TrainingRun> {
  checkOptions(options);
  const o = options;
  const { init, x, y, test: held, spec } = regressorSetup(o);
  return await withTrainer(o.createEngine, spec, { chunk: o.every, trackParams: true }, async (trainer) => {
    const params: (RegressorParams & { epoch: number })[] = [{ epoch: 0, ...init }];
    const started = performance.now();
    await trainer.step(o.epochs, (end) => {
      params.push({ epoch: end, ...trainer.params()[0] });
      hooks.onProgress?.({
        epoch: end,
        epochs: o.epochs,
        loss: trainer.losses()[0][end - 1],
        elapsedMs: performance.now() - started,
      });
    });
    const stopped = () => {
      const stop = trainer.stopped();
      if (stop !== null) throw divergence(stop.epoch, stop.loss, o.lr);
    };
    stopped();
    const [last] = await trainer.evaluate();
    stopped();
    const losses = [...trainer.losses()[0], last];
    const snapshots: Snapshot[] = params.map(({ epoch, w0, b0, w1, b1 }) => ({
      epoch,
      loss: losses[epoch],
      w0,
      b0,
      w1,
      b1,
    }));
    // The test loss at each snapshot, from its parameters (float64): the engines compute the training loss only.
    const test = held.x.length > 0 ? { ...held, losses: snapshots.map((p) => meanSquaredError(p, held)) } : undefined;
    const data = o.target === "data" && o.data ? { data: { file: o.data.file, x: o.data.x, y: o.data.y } } : {};
    return { config: runConfig(o, trainer.backend), x, y, losses, snapshots, ...(test ? { test } : {}), ...data };
  }, o.epochs);
}
