/**
 * Live training for the page: the stepwise trainer (`lib/train/trainer.ts`)
 * driven a few steps at a time (one animation frame's worth), which
 * can at any moment hand back the run so far as the project's
 * `training.json` — the same record, number for number, that `deno task
 * train` writes for as many epochs with the same settings on the same
 * backend. Engine calls never cross a multiple of the snapshot interval, so
 * snapshots land where the command line takes them.
 *
 * @module
 */
import type { EngineFactory, TrainingEngine } from "../engine/contract.ts";
import { defaultEvery, ESSAY } from "../essay.ts";
import type {
  DataSource,
  GradAtZero,
  HiddenInit,
  OptimizerName,
  Precision,
  RegressorParams,
  Snapshot,
  TargetChoice,
  TrainingRun,
} from "../model/run.ts";
import type { DataPoints } from "../model/data_csv.ts";
import { meanSquaredError } from "../model/dataset.ts";
import { DEFAULT_TARGET, TARGETS } from "../math/targets.ts";
import { TRAINING_LIMITS } from "../model/limits.ts";
import { createTrainer, DEFAULT_PRECISION, regressorSetup, runConfig, type TrainerStop } from "../train/trainer.ts";
import { PAGE_LIMITS } from "./config.ts";

/** What shapes the numbers of a live run. */
export interface LiveConfig {
  /** Hidden units H. */
  hidden: number;
  /** Learning rate. */
  lr: number;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** The derivative at the kink (relu'(0)) during training: between the activation's slopes, or random. */
  gradAtZero: GradAtZero;
  /** The hidden layer's activation, as the registry writes it (default relu); the engine must run it. */
  activation?: string;
  /** How the hidden layer starts. */
  init: HiddenInit;
  /** Seed of the initialisation (and of relu'(0) = random). */
  seed: number;
  /** Training points, evenly spaced in [xMin, xMax]. */
  points: number;
  /** The arithmetic (default float32, the command line's; float64 runs on the cpu backend only). */
  precision?: Precision;
  /** What is learned (default y = x³): a target of the registry, over its own x range, or `data`. */
  target?: TargetChoice;
  /** Standard deviation of the seeded Gaussian noise on y (default 0). */
  noise?: number;
  /** Share of the points held out as a test set (default 0). */
  testFraction?: number;
  /** The file and its points, for `target` `data` (then `points` is ignored: the file's rows are the points). */
  data?: DataSource;
}

/**
 * The input range of a live run: the target's own (the essay's [−10, 10] for y = x³), or the data's.
 *
 * @param c the target and, for `data`, the points
 * @returns the range
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { liveRange } from "./trainer.ts";
 * deepStrictEqual(liveRange({}), { xMin: -10, xMax: 10 });
 * deepStrictEqual(liveRange({ target: "zigzag" }), { xMin: -3, xMax: 3 });
 * deepStrictEqual(liveRange({ target: "data", data: { file: "a.csv", x: [2, -1, 0], y: [0, 0, 0] } }), { xMin: -1, xMax: 2 });
 * ```
 */
export function liveRange(c: Pick<LiveConfig, "target" | "data">): { xMin: number; xMax: number } {
  if (c.target === "data" && c.data) {
    return { xMin: c.data.x.reduce((a, b) => Math.min(a, b)), xMax: c.data.x.reduce((a, b) => Math.max(a, b)) };
  }
  const t = TARGETS[c.target === undefined || c.target === "data" ? DEFAULT_TARGET : c.target];
  return { xMin: t.xMin, xMax: t.xMax };
}

/** The input range of the page's runs: the essay's [−10, 10]. */
export const LIVE_RANGE: Readonly<{ xMin: number; xMax: number }> = Object.freeze({
  xMin: ESSAY.xMin,
  xMax: ESSAY.xMax,
});

/** The snapshot interval of the page's runs: the essay's 100 (or the run's length when shorter). */
export const LIVE_EVERY: number = ESSAY.every;

/** Why a live run stopped on its own: `diverged` (a NaN or infinite loss) or `limit` (the most epochs a training.json holds). */
export type LiveStop = TrainerStop;

/** A network training live. */
export interface LiveTrainer {
  /** The settings. */
  readonly config: Readonly<LiveConfig>;
  /** The backend the engine runs on. */
  readonly backend: TrainingEngine["backend"];
  /** Training inputs. */
  readonly x: readonly number[];
  /** Training targets. */
  readonly y: readonly number[];
  /** The input range of the run. */
  readonly range: Readonly<{ xMin: number; xMax: number }>;
  /** The held-out test points (none without a split). */
  readonly test: Readonly<DataPoints>;
  /** The test MSE after each engine call so far (and at the start): `[epoch, loss]` pairs; none without a split. */
  testLosses(): readonly (readonly [number, number])[];
  /** Updates done. */
  epoch(): number;
  /** `losses()[k]`: the MSE after k updates, for k < epoch (the engine's record; not a copy). */
  losses(): readonly number[];
  /** The MSE at the current parameters (after a divergence: the last finite one, at {@link LiveTrainer.paramsEpoch}). */
  loss(): number;
  /** The current parameters (after a divergence: the last ones whose loss is finite). */
  params(): RegressorParams;
  /** The epoch of {@link LiveTrainer.params}: {@link LiveTrainer.epoch}, or one before the divergence. */
  paramsEpoch(): number;
  /** Why the run stopped, or null while it can go on. */
  stopped(): LiveStop | null;
  /** Applies up to `steps` updates (fewer at the epoch limit; none once stopped); resolves to the number done. */
  step(steps: number): Promise<number>;
  /** The run so far as `training.json` holds it; throws before the first update or after a divergence. */
  run(): TrainingRun;
  /** Frees the engine. */
  dispose(): void;
}

/** Options of {@link createLiveTrainer}. */
export interface LiveTrainerOptions {
  /** Starts the engine on the active backend (the page passes the activation's: `ENGINES[pageEngine(activation)]`). */
  createEngine: EngineFactory;
  /** The most epochs (default: what one training.json holds, 1,000,000). */
  maxEpochs?: number;
  /**
   * The most epochs × points × H replayed after a divergence to recover the
   * last finite parameters (default: the page's limit for replaying a link);
   * beyond it the parameters stay those of the last engine call before it.
   */
  maxRecoverWork?: number;
}

/**
 * Starts a live run: initialises the network (`createRegressor`, as the
 * command line does), starts the engine and evaluates the loss at the
 * initial parameters, in float32 (the command line's default) or float64.
 * After a divergence the run replays itself on a fresh engine to the update
 * before it, so that `params()` are the last whose loss is finite.
 *
 * @param config what shapes the numbers
 * @param options the engine
 * @returns the trainer
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createLiveTrainer } from "./trainer.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const config = { hidden: 7, lr: 1e-4, optimizer: "sgd" as const, gradAtZero: 0, init: "pytorch" as const, seed: 0, points: 300 };
 * const live = await createLiveTrainer(config, { createEngine: createFusedEngine });
 * strictEqual(await live.step(150), 150);
 * strictEqual(live.run().snapshots.map((s) => s.epoch).join(), "0,100,150");
 * live.dispose();
 * ```
 */
export async function createLiveTrainer(config: LiveConfig, options: LiveTrainerOptions): Promise<LiveTrainer> {
  const c: LiveConfig = { ...config };
  const maxEpochs = options.maxEpochs ?? TRAINING_LIMITS.epochs;
  const precision = c.precision ?? DEFAULT_PRECISION;
  const range = liveRange(c);
  const points = c.target === "data" && c.data ? c.data.x.length : c.points;
  const { init, x, y, test, spec } = regressorSetup({ ...c, ...range, points, precision });
  const testLosses: [number, number][] = [];
  const recordTest = () => {
    if (test.x.length > 0) testLosses.push([trainer.epoch(), meanSquaredError(trainer.params()[0], test)]);
  };
  const chunking = { chunk: LIVE_EVERY, trackParams: true };
  const trainer = await createTrainer(options.createEngine, spec, { ...chunking, maxEpochs });
  const maxRecoverWork = options.maxRecoverWork ?? PAGE_LIMITS.replayWork;
  const snapshots: (RegressorParams & { epoch: number })[] = [{ epoch: 0, ...init }];
  /** After a divergence: the parameters replayed to the update before it (null until then, or if too long). */
  let recovered: { epoch: number; params: RegressorParams } | null = null;
  /** After a divergence inside an engine call: the losses before it (the trainer holds the whole call's). */
  let kept: number[] | null = null;
  let disposed = false;

  const diverged = () => {
    const stop = trainer.stopped();
    return stop?.reason === "diverged" ? stop : null;
  };
  const epoch = () => diverged()?.epoch ?? trainer.epoch();
  const losses = (): readonly number[] => {
    const stop = diverged();
    const all = trainer.losses()[0];
    if (stop === null || stop.epoch === all.length) return all;
    return kept ??= all.slice(0, stop.epoch);
  };
  /** After a divergence: the parameters after `target` updates, replayed on a fresh engine (the same numbers). */
  const recover = async (target: number) => {
    if (target <= (recovered?.epoch ?? trainer.paramsEpoch()) || target * c.points * c.hidden > maxRecoverWork) return;
    const again = await createTrainer(options.createEngine, spec, chunking);
    try {
      await again.step(target);
      recovered = { epoch: target, params: again.params()[0] };
    } finally {
      again.dispose();
    }
  };
  let lossNow: number;
  try {
    [lossNow] = await trainer.evaluate();
    recordTest();
  } catch (e) {
    trainer.dispose();
    throw e;
  }

  const live: LiveTrainer = {
    config: c,
    backend: trainer.backend,
    x,
    y,
    range,
    test,
    testLosses: () => testLosses,
    epoch,
    losses,
    loss: () => diverged() ? losses()[recovered?.epoch ?? trainer.paramsEpoch()] ?? lossNow : lossNow,
    params: () => recovered?.params ?? trainer.params()[0],
    paramsEpoch: () => recovered?.epoch ?? trainer.paramsEpoch(),
    stopped: () => trainer.stopped(),
    async step(steps: number): Promise<number> {
      if (disposed) throw new Error("The live trainer was disposed");
      if (!Number.isInteger(steps) || steps < 1) {
        throw new RangeError(`Cannot train: steps must be a positive integer, got ${steps}`);
      }
      const start = epoch();
      await trainer.step(steps, (end) => {
        if (end % LIVE_EVERY === 0) snapshots.push({ epoch: end, ...trainer.params()[0] });
      });
      const stop = diverged();
      if (stop !== null) await recover(stop.epoch - 1);
      else if (trainer.stopped() === null) [lossNow] = await trainer.evaluate();
      if (stop === null) recordTest();
      return epoch() - start;
    },
    run(): TrainingRun {
      const epochs = epoch();
      const stop = diverged();
      if (stop !== null) throw new Error(`a diverged run cannot be saved: ${stop.message}`);
      if (epochs < 1) throw new Error("a run needs at least one update before it can be saved");
      const every = defaultEvery(epochs);
      const all = [...losses(), lossNow];
      // The command line snapshots every `every` epochs and at the end; a run shorter than LIVE_EVERY has only the two.
      const kept = snapshots.filter((s) => s.epoch % every === 0 && s.epoch < epochs);
      const last = { epoch: epochs, ...trainer.params()[0] };
      const out: Snapshot[] = [...kept, last].map(({ epoch, w0, b0, w1, b1 }) => ({
        epoch,
        loss: all[epoch],
        w0: [...w0],
        b0: [...b0],
        w1: [...w1],
        b1,
      }));
      const settings = { ...c, ...range, points, epochs, every, precision };
      const run: TrainingRun = {
        config: runConfig(settings, trainer.backend),
        x: [...x],
        y: [...y],
        losses: all,
        snapshots: out,
      };
      // As the command line records them: the test MSE at each snapshot, and the data file's points.
      if (test.x.length > 0) {
        run.test = {
          x: [...test.x],
          y: [...test.y],
          losses: out.map((s) => meanSquaredError(s, test)),
        };
      }
      if (c.target === "data" && c.data) run.data = { file: c.data.file, x: [...c.data.x], y: [...c.data.y] };
      return run;
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      trainer.dispose();
    },
  };
  return live;
}
