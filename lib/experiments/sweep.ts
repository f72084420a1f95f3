/**
 * The relu'(0) sweep: the conventions relu'(0) ∈ {0, 0.5, 1, random} × seeds
 * on two settings, every seed of a convention in one batch, recording the
 * loss and the number of pre-activations that were exactly 0 at every update.
 *
 * Why the first setting is {@link EXACT_ZERO_SETTING} (a zero-initialised
 * hidden layer): relu'(0) only acts when a pre-activation z = w0·x + b0 is
 * exactly 0 in float32. On the essay's data that almost never happens. The
 * obvious way to force it, zero hidden biases and an input grid that contains
 * x = 0, gives exactly 0 at x = 0 for the first update only: b0 then moves
 * (its gradient is a sum over all the points where the unit is active, which
 * is not 0), and no exact zero is seen again (measured: H zeros at update 0,
 * none in the 3999 updates after it, for every seed and convention). For
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
import { float32Number } from "../math/float32.ts";
import { createRegressor, targetData } from "../model/regressor.ts";
import type { BackendName, GradAtZero, OptimizerName, RegressorParams } from "../model/run.ts";
import { divergenceEpoch, trainBatch } from "../train/batch.ts";
import { ESSAY } from "../essay.ts";
import { roundSpread } from "./rounding.ts";
import { type Spread, summarize } from "./stats.ts";

/** The relu'(0) conventions compared, as JSON keys: TensorFlow's and PyTorch's 0, the essay's 0.5, 1, and a fresh U(0, 1) draw. */
export type Convention = "0" | "0.5" | "1" | "random";

/** The conventions in the order they are reported. */
export const CONVENTIONS: readonly Convention[] = ["0", "0.5", "1", "random"];

/** The value of relu'(0) that a convention stands for. */
export function conventionGrad(convention: Convention): GradAtZero {
  return convention === "random" ? "random" : Number(convention);
}

/** How the hidden layer (w0, b0) starts: PyTorch's nn.Linear default, or all zeros (output layer PyTorch's in both). */
export type HiddenInit = "pytorch" | "zero";

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
  hiddenInit: "zero",
};

/** The two settings of the sweep, in the order they are reported. */
export const SWEEP_SETTINGS: readonly SweepSetting[] = [EXACT_ZERO_SETTING, ESSAY_SETTING];

/** The initial parameters of `setting` for `seed`: PyTorch-style, with w0 and b0 zeroed for `hiddenInit: "zero"`. */
export function sweepInit(setting: SweepSetting, seed: number): RegressorParams {
  const p = createRegressor({ hidden: setting.hidden, seed });
  return setting.hiddenInit === "zero" ? { ...p, w0: p.w0.map(() => 0), b0: p.b0.map(() => 0) } : p;
}

/**
 * The epochs at which loss curves are recorded: every `every`-th from 0, and
 * `epochs` itself.
 *
 * @example
 * ```ts
 * import { sampledEpochs } from "./sweep.ts";
 * console.log(sampledEpochs(10, 4)); // [0, 4, 8, 10]
 * ```
 */
export function sampledEpochs(epochs: number, every: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < epochs; e += every) out.push(e);
  out.push(epochs);
  return out;
}

/** The recording interval for `epochs` updates: at most `maxIntervals` intervals (default 200), i.e. every ⌈epochs/200⌉-th epoch. */
export function recordingInterval(epochs: number, maxIntervals = 200): number {
  return Math.max(1, Math.ceil(epochs / maxIntervals));
}

/**
 * Run-length encoding of per-update counts: `[[value, times], ...]`, e.g.
 * 2100 zeros at update 0 then none for 3999 updates is `[[2100, 1], [0, 3999]]`.
 *
 * @example
 * ```ts
 * import { runLengths } from "./sweep.ts";
 * console.log(runLengths([5, 0, 0, 0, 1])); // [[5, 1], [0, 3], [1, 1]]
 * ```
 */
export function runLengths(values: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < values.length; k++) {
    const last = out[out.length - 1];
    if (last && last[0] === values[k]) last[1]++;
    else out.push([values[k], 1]);
  }
  return out;
}

/** The per-update values of a run-length encoding (the inverse of {@link runLengths}). */
export function expandRuns(runs: readonly (readonly [number, number])[]): number[] {
  return runs.flatMap(([value, times]) => Array.from({ length: times }, () => value));
}

/** One convention on one setting: every seed's record. Arrays are indexed like {@link SweepResult.seeds}. */
export interface ConventionRecord {
  /** `losses[i][s]`: MSE of seed i at epoch `sampledEpochs[s]` (null once non-finite). */
  losses: (number | null)[][];
  /** `zeroRuns[i]`: run-length encoded count of exactly-zero pre-activations at each update 0..epochs−1 of seed i. */
  zeroRuns: [number, number][][];
  /** `zerosTotal[i]`: exact zeros of seed i over all updates. */
  zerosTotal: number[];
  /** `finalLoss[i]`: MSE of seed i after the last update (null when diverged). */
  finalLoss: (number | null)[];
  /** `divergedAt[i]`: first epoch with a NaN or infinite loss, or null. */
  divergedAt: (number | null)[];
  /** How many seeds trained exactly (bit for bit, every epoch's loss) as with relu'(0) = 0. */
  sameAsConvention0: number;
  /** Median and 10–90 % spread of the final losses. */
  final: Spread;
}

/** One setting of the sweep with the records of every convention. */
export interface SweepSettingResult {
  /** The setting. */
  setting: SweepSetting;
  /** The records, keyed by convention ("0", "0.5", "1", "random"). */
  conventions: Record<Convention, ConventionRecord>;
}

/** The whole sweep as plain JSON-ready data. */
export interface SweepResult {
  /** Full-batch updates per model. */
  epochs: number;
  /** Loss curves are recorded every `every`-th epoch (and at the last). */
  every: number;
  /** The recorded epochs. */
  sampledEpochs: number[];
  /** The seeds (initialisation and random relu'(0) draws); the same seeds for every convention. */
  seeds: number[];
  /** The engine that ran. */
  engine: string;
  /** The tfjs backend it ran on. */
  backend: BackendName;
  /** One entry per setting. */
  settings: SweepSettingResult[];
}

/** Options of {@link runSubgradientSweep}. */
export interface SweepOptions {
  /** The settings (default {@link SWEEP_SETTINGS}). */
  settings?: readonly SweepSetting[];
  /** Seeds, one model each. */
  seeds: readonly number[];
  /** Full-batch updates. */
  epochs: number;
  /** Recording interval (default {@link recordingInterval} of epochs). */
  every?: number;
  /** Called after each (setting, convention) batch with how many of them are done. */
  onProgress?: (done: number, total: number) => void;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return false;
  }
  return true;
}

/**
 * Trains every seed under every convention on every setting, one engine per
 * (setting, convention) with M = seeds models, and records every model's loss
 * curve (at {@link sampledEpochs}) and its exact-zero count at every update.
 * The same seeds initialise every convention, so conventions are compared on
 * identical starting points.
 */
export async function runSubgradientSweep(
  createEngine: EngineFactory,
  options: SweepOptions,
): Promise<SweepResult> {
  const settings = options.settings ?? SWEEP_SETTINGS;
  const seeds = [...options.seeds];
  const { epochs } = options;
  const every = options.every ?? recordingInterval(epochs);
  if (seeds.length < 1) throw new RangeError("Cannot run the sweep: give at least one seed");
  if (!Number.isInteger(every) || every < 1 || every > epochs) {
    throw new RangeError(`Cannot run the sweep: every must be an integer in [1, epochs = ${epochs}], got ${every}`);
  }
  const at = sampledEpochs(epochs, every);
  const total = settings.length * CONVENTIONS.length;
  let done = 0;
  let engine = "";
  let backend: BackendName = "cpu";
  const results: SweepSettingResult[] = [];
  for (const setting of settings) {
    const data = targetData({ points: setting.points, xMin: setting.xMin, xMax: setting.xMax });
    const init = seeds.map((seed) => sweepInit(setting, seed));
    const records: Partial<Record<Convention, ConventionRecord>> = {};
    let reference: Float32Array[] | undefined;
    for (const convention of CONVENTIONS) {
      const batch = await trainBatch(createEngine, {
        x: data.x,
        y: data.y,
        init,
        seeds,
        lr: setting.lr,
        optimizer: setting.optimizer,
        gradAtZero: conventionGrad(convention),
        epochs,
        countZeros: true,
      });
      engine = batch.engine;
      backend = batch.backend;
      if (convention === "0") reference = batch.losses;
      const zeros = batch.zeros as Int32Array[];
      const finalLoss = batch.losses.map((l) => float32Number(l[epochs]));
      records[convention] = {
        losses: batch.losses.map((l) => at.map((e) => float32Number(l[e]))),
        zeroRuns: zeros.map((z) => runLengths(z)),
        zerosTotal: zeros.map((z) => z.reduce((s, v) => s + v, 0)),
        finalLoss,
        divergedAt: batch.losses.map((l) => divergenceEpoch(l)),
        sameAsConvention0: reference ? batch.losses.filter((l, i) => sameBits(l, reference![i])).length : 0,
        final: roundSpread(summarize(batch.losses.map((l) => l[epochs]))),
      };
      options.onProgress?.(++done, total);
    }
    results.push({ setting, conventions: records as Record<Convention, ConventionRecord> });
  }
  return { epochs, every, sampledEpochs: at, seeds, engine, backend, settings: results };
}

/** What every field of `subgradient_sweep.json` means (written into the file). */
export const SWEEP_JSON_FIELDS: Readonly<Record<string, string>> = {
  sampledEpochs: "the epochs at which losses are recorded: every `every`-th epoch from 0, and the last",
  seeds: "seed i initialises model i (PyTorch-style, w0 = b0 = 0 in exact_zeros) and seeds its random relu'(0) draws",
  "settings.NAME.conventions.C.losses":
    "losses[i][s]: MSE of seed i after sampledEpochs[s] updates with relu'(0) = C (null once NaN or infinite)",
  "settings.NAME.conventions.C.zeroRuns":
    "zeroRuns[i]: [count, updates] runs: the number of pre-activations exactly 0 at each update 0..epochs-1",
  "settings.NAME.conventions.C.zerosTotal": "zerosTotal[i]: exact zeros of seed i over all updates",
  "settings.NAME.conventions.C.finalLoss": "finalLoss[i]: MSE after the last update (null when diverged)",
  "settings.NAME.conventions.C.divergedAt": "divergedAt[i]: first epoch with a NaN or infinite loss, or null",
  "settings.NAME.conventions.C.sameAsConvention0":
    "seeds whose loss at every epoch is bit for bit the same as with relu'(0) = 0",
  "settings.NAME.conventions.C.final": "median and 10-90 % quantiles of finalLoss over the seeds that did not diverge",
  numbers: "losses are float32 values written with the fewest digits that read back as the same float32",
};

/** The content of `subgradient_sweep.json`: the sweep with settings keyed by name and a description of every field. */
export function sweepJson(result: SweepResult): Record<string, unknown> {
  return {
    experiment: "subgradient_sweep",
    fields: SWEEP_JSON_FIELDS,
    epochs: result.epochs,
    every: result.every,
    engine: result.engine,
    backend: result.backend,
    conventions: [...CONVENTIONS],
    seeds: result.seeds,
    sampledEpochs: result.sampledEpochs,
    settings: Object.fromEntries(result.settings.map((s) => [s.setting.name, s])),
  };
}

/**
 * Joins sweeps that ran on disjoint settings (for example one per worker)
 * into the sweep that one run over all of them gives, settings in the order
 * of `order` (default {@link SWEEP_SETTINGS}).
 */
export function mergeSweepResults(
  parts: readonly SweepResult[],
  order: readonly SweepSetting[] = SWEEP_SETTINGS,
): SweepResult {
  if (parts.length === 0) throw new RangeError("Cannot merge sweeps: give at least one");
  const rank = (s: SweepSettingResult) => order.findIndex((o) => o.name === s.setting.name);
  const settings = parts.flatMap((p) => p.settings).sort((a, b) => rank(a) - rank(b));
  return { ...parts[0], settings };
}
