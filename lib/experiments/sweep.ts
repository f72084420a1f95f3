/**
 * The relu'(0) sweep: the conventions relu'(0) ∈ {0, 0.5, 1, random} × seeds
 * on two settings, in float32 and in float64, every seed of a convention in
 * one batch, recording the loss, the number of pre-activations that were
 * exactly 0 at every update, and how many distinct units the hidden layer
 * has on the data (activation patterns).
 *
 * Why the first setting is {@link EXACT_ZERO_SETTING} (a zero-initialised
 * hidden layer): relu'(0) only acts when a pre-activation z = w0·x + b0 is
 * exactly 0 in float32. On the essay's data that almost never happens. The
 * obvious way to force it, zero hidden biases and an input grid that contains
 * x = 0, gives exactly 0 at x = 0 for the first update only: b0 then moves
 * (its gradient is a sum over all the points where the unit is active, which
 * is not 0), and no exact zero is seen again (the sweep's essay setting
 * measures this). For
 * exact zeros to recur at every update, a unit must not move at all while z
 * stays 0; the only such state is w0 = b0 = 0, where z = 0 at every input.
 * There the gradients of w0 and b0 are exactly Σ r·w1·relu'(0)·(x or 1), so
 * with relu'(0) = 0 the unit stays at (0, 0) for ever and z = 0 at all P·H
 * pre-activations of every update, while any relu'(0) > 0 moves it off at the
 * first update. A zero-initialised hidden layer (the state a pruned or
 * zero-initialised layer is in) puts every unit there; everything else
 * (data, H, lr, SGD, the output layer's PyTorch-style init) is the essay's,
 * so the two settings differ in one thing.
 *
 * @module
 */
import type { EngineFactory } from "../engine/contract.ts";
import { ESSAY } from "../essay.ts";
import { createRegressor, targetData } from "../model/regressor.ts";
import { distinctPatterns } from "../model/patterns.ts";
import type { BackendName, GradAtZero, HiddenInit, OptimizerName, Precision, RegressorParams } from "../model/run.ts";
import { PRECISIONS } from "../model/settings.ts";
import type { BatchResult } from "../train/batch.ts";
import { trainForked } from "../train/fork.ts";
import { divergenceEpoch } from "../train/trainer.ts";
import {
  exactStoredNumber,
  recordingInterval,
  roundSpread,
  runLengths,
  sampledEpochs,
  storedNumber,
} from "./records.ts";
import { type Spread, summarize } from "./stats.ts";

/** The relu'(0) conventions compared, as JSON keys: TensorFlow's and PyTorch's 0, the essay's 0.5, 1, and a fresh U(0, 1) draw. */
export type Convention = "0" | "0.5" | "1" | "random";

/**
 * The conventions in the order they are reported.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { CONVENTIONS } from "./sweep.ts";
 * deepStrictEqual(CONVENTIONS, ["0", "0.5", "1", "random"]);
 * ```
 */
export const CONVENTIONS: readonly Convention[] = ["0", "0.5", "1", "random"];

/**
 * The value of relu'(0) that a convention stands for.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { conventionGrad } from "./sweep.ts";
 * strictEqual(conventionGrad("0.5"), 0.5);
 * strictEqual(conventionGrad("random"), "random");
 * ```
 */
export function conventionGrad(convention: Convention): GradAtZero {
  return convention === "random" ? "random" : Number(convention);
}

/** One training setting of the sweep. */
export interface SweepSetting {
  /** Key of the setting in the results (`exact_zeros`, `essay`). */
  name: string;
  /** Title for figures and tables. */
  title: string;
  /** Why it is in the sweep, in one sentence. */
  description: string;
  /** Number of evenly spaced training points on [xMin, xMax]. */
  points: number;
  /** Smallest input. */
  xMin: number;
  /** Largest input. */
  xMax: number;
  /** The target learned, a name of `TARGET_NAMES` (absent: y = x³, the essay's). */
  target?: string;
  /** Hidden units H. */
  hidden: number;
  /** Learning rate. */
  lr: number;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** How w0 and b0 start. */
  hiddenInit: HiddenInit;
}

/** The essay's defaults: 300 points on [−10, 10], H = 7, lr 1e-4, SGD, PyTorch-style init. */
export const ESSAY_SETTING: SweepSetting = {
  name: "essay",
  title: "essay defaults (PyTorch init)",
  description: "300 points on [-10, 10], H = 7, lr 1e-4, SGD, PyTorch-style init: whether z = 0 ever happens there",
  points: ESSAY.points,
  xMin: ESSAY.xMin,
  xMax: ESSAY.xMax,
  hidden: ESSAY.hidden,
  lr: ESSAY.lr,
  optimizer: ESSAY.optimizer,
  hiddenInit: "pytorch",
};

/**
 * The essay's defaults with a zero-initialised hidden layer (w0 = b0 = 0):
 * z = 0 at all P·H pre-activations of the first update, and of every update
 * for as long as relu'(0) = 0 (see the module comment for why this is the
 * setting where exact zeros keep happening).
 */
export const EXACT_ZERO_SETTING: SweepSetting = {
  ...ESSAY_SETTING,
  name: "exact_zeros",
  title: "zero-initialised hidden layer (w0 = b0 = 0)",
  description: "the essay's defaults but w0 = b0 = 0: z = 0 exactly at every input until a unit moves, " +
    "and with relu'(0) = 0 no unit ever moves",
  hiddenInit: "zero-hidden",
};

/** The two settings of the sweep, in the order they are reported. */
export const SWEEP_SETTINGS: readonly SweepSetting[] = [EXACT_ZERO_SETTING, ESSAY_SETTING];

/**
 * The initial parameters of `setting` for `seed`: PyTorch-style, with w0 and b0 zeroed for `hiddenInit: "zero-hidden"`.
 *
 * @param setting the setting (its width H and its initialisation)
 * @param seed the seed of the initialisation
 * @returns the parameters
 *
 * @example
 * ```ts
 * import { deepStrictEqual, notDeepStrictEqual } from "node:assert/strict";
 * import { ESSAY_SETTING, EXACT_ZERO_SETTING, sweepInit } from "./sweep.ts";
 * const zero = sweepInit(EXACT_ZERO_SETTING, 3);
 * const essay = sweepInit(ESSAY_SETTING, 3);
 * deepStrictEqual([zero.w0, zero.b0], [Array(7).fill(0), Array(7).fill(0)]);
 * notDeepStrictEqual(essay.w0, zero.w0);
 * deepStrictEqual([zero.w1, zero.b1], [essay.w1, essay.b1]); // the output layer is the same in both settings
 * ```
 */
export function sweepInit(setting: SweepSetting, seed: number): RegressorParams {
  return createRegressor({ hidden: setting.hidden, seed, init: setting.hiddenInit });
}

/** One convention on one setting in one precision: every seed's record. Arrays are indexed like {@link SweepResult.seeds}. */
export interface ConventionRecord {
  /** `losses[i][s]`: MSE of seed i at epoch `sampledEpochs[s]` (null once non-finite). */
  losses: (number | null)[][];
  /** `patterns[i][s]`: distinct activation patterns among the hidden units of seed i on the data at `sampledEpochs[s]`. */
  patterns: number[][];
  /** `zeroRuns[i]`: run-length encoded count of exactly-zero pre-activations at each update 0..epochs−1 of seed i. */
  zeroRuns: [number, number][][];
  /** `zerosAtUpdate0[i]`: exact zeros of seed i in the first update's forward pass. */
  zerosAtUpdate0: number[];
  /** `zerosAfter[i]`: exact zeros of seed i in all later updates together. */
  zerosAfter: number[];
  /**
   * `finalLoss[i]`: MSE of seed i after the last update (null when diverged), stored exactly
   * ({@link exactStoredNumber}: `Math.fround` of a float32 entry is the value).
   */
  finalLoss: (number | null)[];
  /** `divergedAt[i]`: first epoch with a NaN or infinite loss, or null. */
  divergedAt: (number | null)[];
  /** How many seeds trained exactly (bit for bit, every epoch's loss) as with relu'(0) = 0. */
  sameAsConvention0: number;
  /** Median and 10–90 % spread of the final losses. */
  final: Spread;
}

/** One setting in one precision, with the records of every convention. */
export interface SweepSettingResult {
  /** The setting. */
  setting: SweepSetting;
  /** The arithmetic. */
  precision: Precision;
  /** The records, keyed by convention ("0", "0.5", "1", "random"). */
  conventions: Record<Convention, ConventionRecord>;
}

/** The whole sweep as plain JSON-ready data. */
export interface SweepResult {
  /** Full-batch updates per model. */
  epochs: number;
  /** Loss curves and patterns are recorded every `every`-th epoch (and at the last). */
  every: number;
  /** The recorded epochs. */
  sampledEpochs: number[];
  /** The seeds (initialisation and random relu'(0) draws); the same seeds for every convention. */
  seeds: number[];
  /** The engine that ran. */
  engine: string;
  /** The tfjs backend it ran on. */
  backend: BackendName;
  /** One entry per setting and precision, setting-major. */
  settings: SweepSettingResult[];
}

/** One (setting, precision, convention) of the sweep as trained: what {@link SweepOptions.onBatch} receives. */
export interface SweepBatch {
  /** The setting. */
  setting: SweepSetting;
  /** The arithmetic. */
  precision: Precision;
  /** The convention. */
  convention: Convention;
  /** Every seed's initial parameters. */
  init: readonly RegressorParams[];
  /** The training inputs. */
  x: readonly number[];
  /** The trained batch: every seed's losses, exact zeros, parameters at the recorded epochs and at the end. */
  result: BatchResult;
}

/** Options of {@link runSubgradientSweep}. */
export interface SweepOptions {
  /** The settings (default {@link SWEEP_SETTINGS}). */
  settings?: readonly SweepSetting[];
  /** The precisions (default float32 and float64). */
  precisions?: readonly Precision[];
  /** Seeds, one model each. */
  seeds: readonly number[];
  /** Full-batch updates. */
  epochs: number;
  /** Recording interval (default {@link recordingInterval} of epochs). */
  every?: number;
  /** Called with each (setting, precision, convention)'s trained batch, before it is recorded. */
  onBatch?: (batch: SweepBatch) => void;
  /** Called after each (setting, precision, convention) is recorded with how many of them are done. */
  onProgress?: (done: number, total: number) => void;
}

function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return false;
  }
  return true;
}

/**
 * Trains every seed under every convention on every setting in every
 * precision, all seeds of a (setting, precision) at once, and records every
 * model's loss curve and activation patterns (at the sampled epochs) and its
 * exact-zero count at every update. The same seeds initialise every
 * convention, so conventions are compared on identical starting points
 * (paired). The conventions train a seed alike until its first exact zero,
 * so each seed is trained once up to there and forked ({@link trainForked}):
 * the results are those of one batch per convention, bit for bit.
 *
 * @param createEngine the training engine
 * @param options the settings, precisions, seeds, epochs and recording interval
 * @returns the sweep, setting-major
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { EXACT_ZERO_SETTING, runSubgradientSweep } from "./sweep.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const result = await runSubgradientSweep(createFusedEngine, {
 *   settings: [{ ...EXACT_ZERO_SETTING, points: 5, hidden: 2 }], // w0 = b0 = 0: z = 0 at all 5 × 2 pre-activations
 *   precisions: ["float32"],
 *   seeds: [0, 1],
 *   epochs: 3,
 * });
 * deepStrictEqual(result.sampledEpochs, [0, 1, 2, 3]);
 * const { conventions } = result.settings[0];
 * deepStrictEqual(conventions["0"].zerosAfter, [20, 20]); // relu'(0) = 0: no unit ever moves
 * strictEqual(conventions["0"].sameAsConvention0, 2);
 * deepStrictEqual(conventions["0.5"].zerosAtUpdate0, [10, 10]);
 * deepStrictEqual(conventions["0.5"].zerosAfter, [0, 0]); // relu'(0) = 0.5 moves every unit at the first update
 * ```
 */
export async function runSubgradientSweep(
  createEngine: EngineFactory,
  options: SweepOptions,
): Promise<SweepResult> {
  const settings = options.settings ?? SWEEP_SETTINGS;
  const precisions = options.precisions ?? PRECISIONS;
  const seeds = [...options.seeds];
  const { epochs } = options;
  const every = options.every ?? recordingInterval(epochs);
  if (seeds.length < 1) throw new RangeError("Cannot run the sweep: give at least one seed");
  if (!Number.isInteger(every) || every < 1 || every > epochs) {
    throw new RangeError(`Cannot run the sweep: every must be an integer in [1, epochs = ${epochs}], got ${every}`);
  }
  const at = sampledEpochs(epochs, every);
  const total = settings.length * precisions.length * CONVENTIONS.length;
  let done = 0;
  let engine = "";
  let backend: BackendName = "cpu";
  const results: SweepSettingResult[] = [];
  for (const setting of settings) {
    const data = targetData({ points: setting.points, xMin: setting.xMin, xMax: setting.xMax, target: setting.target });
    const init = seeds.map((seed) => sweepInit(setting, seed));
    for (const precision of precisions) {
      const records: Partial<Record<Convention, ConventionRecord>> = {};
      let reference: ArrayLike<number>[] | undefined;
      const batches = await trainForked(createEngine, {
        x: data.x,
        y: data.y,
        init,
        seeds,
        lr: setting.lr,
        optimizer: setting.optimizer,
        gradAtZeros: CONVENTIONS.map(conventionGrad),
        epochs,
        countZeros: true,
        paramsEvery: every,
        precision,
      });
      for (const [c, convention] of CONVENTIONS.entries()) {
        const batch = batches[c];
        options.onBatch?.({ setting, precision, convention, init, x: data.x, result: batch });
        engine = batch.engine;
        backend = batch.backend;
        if (convention === "0") reference = batch.losses;
        const zeros = batch.zeros as Int32Array[];
        const paramsAt = new Map(batch.paramsAt!.map((p) => [p.epoch, p.params]));
        records[convention] = {
          losses: batch.losses.map((l) => at.map((e) => storedNumber(l[e], precision))),
          patterns: seeds.map((_, i) => at.map((e) => distinctPatterns(paramsAt.get(e)![i], data.x, { precision }))),
          zeroRuns: zeros.map((z) => runLengths(z)),
          zerosAtUpdate0: zeros.map((z) => z[0]),
          zerosAfter: zeros.map((z) => z.reduce((s, v) => s + v, 0) - z[0]),
          finalLoss: batch.losses.map((l) => exactStoredNumber(l[epochs], precision)),
          divergedAt: batch.losses.map((l) => divergenceEpoch(l)),
          sameAsConvention0: reference ? batch.losses.filter((l, i) => sameValues(l, reference![i])).length : 0,
          final: roundSpread(summarize(Array.from(batch.losses, (l) => l[epochs])), precision),
        };
        options.onProgress?.(++done, total);
      }
      results.push({ setting, precision, conventions: records as Record<Convention, ConventionRecord> });
    }
  }
  return { epochs, every, sampledEpochs: at, seeds, engine, backend, settings: results };
}
