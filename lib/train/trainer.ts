/**
 * The one stepwise trainer: M models (M = 1 for an ordinary run) in one
 * engine, advanced `n` updates at a time, with the divergence rule, the
 * chunking and the run's config written once here. `deno task train`
 * (`trainRegressor`), the batched experiments (`trainBatch`) and the live
 * page (`createLiveTrainer`) are thin front ends over it.
 *
 * - Chunking: no engine call crosses a multiple of `chunk` (the snapshot
 *   interval), so the parameters can be read where the snapshots are taken.
 * - Divergence: a model diverges at its first loss that is NaN or infinite;
 *   the run stops once every model has diverged.
 *
 * @module
 */
import type { EngineFactory, EngineSpec } from "../engine/contract.ts";
import { createRegressor } from "../model/regressor.ts";
import { recordedDataSettings, runData } from "../model/dataset.ts";
import type { DataPoints } from "../model/data_csv.ts";
import type { BackendName, RegressorParams, TrainingConfig, TrainingOptions } from "../model/run.ts";
import { type HiddenInit, type Precision, RUN_SETTINGS } from "../model/settings.ts";
import { type EngineSession, startEngine, withEngine } from "./lifecycle.ts";
import { divergence } from "./divergence.ts";

export { divergence, divergenceEpoch } from "./divergence.ts";

/** The arithmetic of a run that names none. */
export const DEFAULT_PRECISION: Precision = RUN_SETTINGS.precision.default;
/** How the hidden layer of a run that names none starts. */
export const DEFAULT_INIT: HiddenInit = RUN_SETTINGS.init.default;

/** Why a run stopped on its own. */
export interface TrainerStop {
  /** `diverged` (every model's loss went NaN or infinite) or `limit` (the most updates allowed). */
  reason: "diverged" | "limit";
  /** The epoch it stopped at: where the last model diverged, or the limit. */
  epoch: number;
  /** The loss there: the non-finite loss of the last model to diverge, or the first model's loss at the limit. */
  loss: number;
  /** One line for the reader, naming inputs by the library's names. */
  message: string;
}

/** Options of {@link withTrainer} and {@link createTrainer}. */
export interface TrainerOptions {
  /** The most updates per engine call; no call crosses a multiple of it. */
  chunk: number;
  /** Read every model's parameters after each engine call (default false). */
  trackParams?: boolean;
  /** The most updates of the run (default: no limit); reaching it stops the run at the next evaluation. */
  maxEpochs?: number;
}

/** M models training in one engine, a step at a time. */
export interface Trainer {
  /** Which engine runs. */
  readonly engine: string;
  /** The tfjs backend it runs on. */
  readonly backend: BackendName;
  /** Number of models M. */
  readonly models: number;
  /** The epoch the models started at: the spec's `startEpoch` (default 0), a run continued from a snapshot. */
  readonly start: number;
  /** The epoch the models are at: `start` plus the updates done by the engine. */
  epoch(): number;
  /** `losses()[m][i]`: MSE of model m before update `start` + i, up to `epoch` (the record itself, not a copy). */
  losses(): readonly (readonly number[])[];
  /** `zeros()[m][i]`: pre-activations of model m exactly 0 in update `start` + i (with `countZeros`). */
  zeros(): readonly (readonly number[])[] | undefined;
  /** The parameters read last: the initial ones, or those after the last engine call (with `trackParams`). */
  params(): readonly RegressorParams[];
  /** The epoch of {@link Trainer.params}. */
  paramsEpoch(): number;
  /** Why the run stopped, or null while it can go on. */
  stopped(): TrainerStop | null;
  /**
   * Applies up to `steps` updates (fewer at `maxEpochs`, none once stopped), in engine calls that never cross a
   * multiple of `chunk`; `afterCall(epoch)` runs after each call the run survives. Resolves to the updates done.
   */
  step(steps: number, afterCall?: (epoch: number) => void): Promise<number>;
  /** Every model's MSE at its current parameters; a non-finite one counts as a divergence there. */
  evaluate(): Promise<number[]>;
  /** Reads every model's current parameters from the engine. */
  readParams(): Promise<RegressorParams[]>;
}

/** The settings that make one regressor's engine spec (see {@link regressorSetup}). */
export type RegressorSettings =
  & Pick<TrainingOptions, "hidden" | "seed" | "points" | "xMin" | "xMax" | "lr" | "optimizer" | "gradAtZero">
  & Partial<Pick<TrainingOptions, "init" | "precision" | "target" | "noise" | "testFraction" | "activation">>
  & {
    /** The points of a file, when `target` is `data`. */
    data?: DataPoints;
  };

/**
 * One regressor's start: its initial parameters (seeded), its data (the
 * target's or the file's points, with the seeded noise, less the seeded test
 * split) and the engine spec.
 *
 * @param s the settings (`init` and `precision` default to `"pytorch"` and `"float32"`, the target to y = x³)
 * @returns the initial parameters, the training data, the test points and the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { regressorSetup } from "./trainer.ts";
 * const { init, x, y, test, spec } = regressorSetup({ hidden: 2, seed: 1, points: 3, xMin: -1, xMax: 1, lr: 0.1, optimizer: "sgd", gradAtZero: 0 });
 * deepStrictEqual([x, y, test.x], [[-1, 0, 1], [-1, 0, 1], []]);
 * deepStrictEqual(spec.init, [init]);
 * strictEqual(spec.precision, "float32");
 * const settings = { hidden: 2, seed: 1, points: 10, xMin: -1, xMax: 1, lr: 0.1, optimizer: "sgd" as const, gradAtZero: 0 };
 * strictEqual(regressorSetup({ ...settings, testFraction: 0.2 }).test.x.length, 2);
 * ```
 */
export function regressorSetup(s: RegressorSettings): {
  init: RegressorParams;
  x: number[];
  y: number[];
  test: DataPoints;
  spec: EngineSpec;
} {
  const init = createRegressor({ hidden: s.hidden, seed: s.seed, init: s.init ?? DEFAULT_INIT });
  const target = s.target ?? RUN_SETTINGS.target.default;
  if (target === "data" && !s.data) throw new RangeError("Cannot train: target data needs the data's points");
  const { train: { x, y }, test } = runData({
    target: target === "data" ? undefined : target,
    data: target === "data" ? s.data : undefined,
    points: s.points,
    xMin: s.xMin,
    xMax: s.xMax,
    noise: s.noise,
    testFraction: s.testFraction,
    seed: s.seed,
  });
  const { lr, optimizer, gradAtZero, precision, activation } = s;
  return {
    init,
    x,
    y,
    test,
    spec: engineSpec({ x, y, init: [init], seeds: [s.seed], lr, optimizer, gradAtZero, activation, precision }),
  };
}

/**
 * An engine spec with its defaults filled in (`countZeros` false, `precision` `"float32"`, `startEpoch` 0) and no
 * other key.
 *
 * @param s the spec, or options that extend it
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { engineSpec } from "./trainer.ts";
 * const unit = { w0: [1], b0: [0], w1: [1], b1: 0 };
 * const options = { x: [1], y: [1], init: [unit], seeds: [0], lr: 0.1, optimizer: "sgd" as const, gradAtZero: 0, epochs: 9 };
 * const { epochs: _, ...spec } = options;
 * deepStrictEqual(engineSpec(options), { ...spec, countZeros: false, precision: "float32", startEpoch: 0 });
 * ```
 */
export function engineSpec(s: EngineSpec): EngineSpec {
  return {
    x: s.x,
    y: s.y,
    init: s.init,
    seeds: s.seeds,
    lr: s.lr,
    optimizer: s.optimizer,
    gradAtZero: s.gradAtZero,
    ...(s.activation !== undefined ? { activation: s.activation } : {}),
    countZeros: s.countZeros ?? false,
    precision: s.precision ?? DEFAULT_PRECISION,
    startEpoch: s.startEpoch ?? 0,
  };
}

/**
 * A run's config as `training.json` holds it, keys in the order README's section "The snapshot file" gives,
 * whatever order the caller used; the activation and the data settings (target, noise, testFraction) only where
 * they differ from their defaults, so a relu run on y = x³ is recorded as before them.
 *
 * @param o the run's settings (`init` and `precision` default to `"pytorch"` and `"float32"`)
 * @param backend the backend that ran
 * @returns the config
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { runConfig } from "./trainer.ts";
 * const c = runConfig({ xMax: 1, xMin: -1, points: 3, every: 5, seed: 0, optimizer: "sgd", lr: 0.1, epochs: 5, hidden: 2, gradAtZero: 0 }, "cpu");
 * deepStrictEqual(Object.keys(c).slice(0, 3), ["hidden", "epochs", "lr"]);
 * deepStrictEqual([c.init, c.precision, c.backend], ["pytorch", "float32", "cpu"]);
 * ```
 */
export function runConfig(
  o: Omit<TrainingOptions, "init" | "precision"> & Partial<Pick<TrainingOptions, "init" | "precision">>,
  backend: BackendName,
): TrainingConfig {
  return {
    hidden: o.hidden,
    epochs: o.epochs,
    lr: o.lr,
    optimizer: o.optimizer,
    seed: o.seed,
    every: o.every,
    points: o.points,
    xMin: o.xMin,
    xMax: o.xMax,
    gradAtZero: o.gradAtZero,
    init: o.init ?? DEFAULT_INIT,
    precision: o.precision ?? DEFAULT_PRECISION,
    ...(o.activation && o.activation !== RUN_SETTINGS.activation.default ? { activation: o.activation } : {}),
    ...recordedDataSettings(o),
    backend,
  };
}

function positive(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Cannot train: ${what} must be a positive integer, got ${n}`);
}

/** A {@link Trainer} on an engine in use (its session), which the caller disposes. */
function trainerOn(session: EngineSession, spec: EngineSpec, options: TrainerOptions): Trainer {
  const { engine, call } = session;
  const { chunk, trackParams = false, maxEpochs = Infinity } = options;
  positive("chunk", chunk);
  const models = engine.models;
  const losses: number[][] = Array.from({ length: models }, () => []);
  const zeros = spec.countZeros ? Array.from({ length: models }, (): number[] => []) : undefined;
  const diverged: boolean[] = Array(models).fill(false);
  const start = spec.startEpoch ?? 0;
  let params: readonly RegressorParams[] = spec.init;
  let paramsEpoch = start;
  let epoch = start;
  let stop: TrainerStop | null = null;

  /** The divergence rule: model m diverges at its first non-finite loss; the run stops once every model has. */
  const check = (m: number, k: number, loss: number) => {
    if (diverged[m] || Number.isFinite(loss)) return;
    diverged[m] = true;
    if (stop === null && diverged.every(Boolean)) {
      stop = { reason: "diverged", epoch: k, loss, message: divergence(k, loss, spec.lr).message };
    }
  };
  const trainer: Trainer = {
    engine: engine.name,
    backend: engine.backend,
    models,
    start,
    epoch: () => epoch,
    losses: () => losses,
    zeros: () => zeros,
    params: () => params,
    paramsEpoch: () => paramsEpoch,
    stopped: () => stop,
    async step(steps: number, afterCall?: (epoch: number) => void): Promise<number> {
      positive("steps", steps);
      const from = epoch;
      const end = Math.min(from + steps, maxEpochs);
      while (stop === null && epoch < end) {
        const next = Math.min(end, (Math.floor(epoch / chunk) + 1) * chunk);
        const result = await call(epoch, () => engine.step(next - epoch));
        if (zeros && !result.zeros) {
          throw new Error(`The ${engine.name} engine returned no zero counts though asked to`);
        }
        for (let m = 0; m < models; m++) {
          const curve = result.losses[m];
          for (let i = 0; i < curve.length; i++) {
            losses[m].push(curve[i]);
            check(m, epoch + i, curve[i]);
          }
          if (zeros) { for (const z of result.zeros![m]) zeros[m].push(z); }
        }
        epoch = next;
        if (stop !== null) break;
        if (trackParams) {
          params = await call(epoch, () => engine.params());
          paramsEpoch = epoch;
        }
        afterCall?.(epoch);
      }
      return epoch - from;
    },
    async evaluate(): Promise<number[]> {
      const now = await call(epoch, () => engine.evaluate());
      now.forEach((loss, m) => check(m, epoch, loss));
      if (stop === null && epoch >= maxEpochs) {
        stop = {
          reason: "limit",
          epoch,
          loss: now[0],
          message: `stopped at epoch ${epoch}, the most one training.json holds`,
        };
      }
      return now;
    },
    readParams: () => call(epoch, () => engine.params()),
  };
  return trainer;
}

/**
 * Starts an engine for `spec`, runs `work` with a {@link Trainer} on it and disposes the engine, also when `work`
 * fails (as `withEngine` does; a device failure ends the run with one line naming the epoch).
 *
 * @param createEngine starts the engine
 * @param spec what to train
 * @param options the chunk, whether to track parameters, the most updates
 * @param work what to do with the trainer
 * @param epochs the last epoch, named if disposing fails
 * @returns what `work` returns
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { withTrainer } from "./trainer.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const unit = { w0: [1], b0: [0], w1: [1], b1: 0 };
 * const spec = { x: [1], y: [1], init: [unit], seeds: [0], lr: 0.1, optimizer: "sgd" as const, gradAtZero: 0 };
 * const ends: number[] = [];
 * const done = await withTrainer(createFusedEngine, spec, { chunk: 2 }, async (t) => {
 *   strictEqual(await t.step(5, (e) => ends.push(e)), 5);
 *   return t.losses()[0].length;
 * });
 * strictEqual(done, 5);
 * deepStrictEqual(ends, [2, 4, 5]);
 * ```
 */
export function withTrainer<T>(
  createEngine: EngineFactory,
  spec: EngineSpec,
  options: TrainerOptions,
  work: (trainer: Trainer) => Promise<T>,
  epochs = 0,
): Promise<T> {
  return withEngine(createEngine, spec, (session) => work(trainerOn(session, spec, options)), epochs);
}

/**
 * Starts a {@link Trainer} that lives until `dispose()` (the live page's: it trains a frame's worth at a time).
 *
 * @param createEngine starts the engine
 * @param spec what to train
 * @param options the chunk, whether to track parameters, the most updates
 * @returns the trainer and `dispose`, which frees the engine
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createTrainer } from "./trainer.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const unit = { w0: [1], b0: [0], w1: [1], b1: 0 };
 * const spec = { x: [1], y: [1], init: [unit], seeds: [0], lr: 1e30, optimizer: "sgd" as const, gradAtZero: 0 };
 * const t = await createTrainer(createFusedEngine, { ...spec, y: [2] }, { chunk: 10 });
 * await t.step(10);
 * strictEqual(t.stopped()?.reason, "diverged");
 * t.dispose();
 * ```
 */
export async function createTrainer(
  createEngine: EngineFactory,
  spec: EngineSpec,
  options: TrainerOptions,
): Promise<Trainer & { dispose(): void }> {
  const session = await startEngine(createEngine, spec);
  try {
    return { ...trainerOn(session, spec, options), dispose: () => session.engine.dispose() };
  } catch (e) {
    session.engine.dispose();
    throw e;
  }
}
