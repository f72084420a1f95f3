/**
 * Experiments that put the essay's claims about relu'(0) to the test, run as
 * batches: every model of a batch (one seed each) trains at once in one
 * engine (see `engine.ts`), and the results come back as plain data.
 *
 * - {@link runSubgradientSweep}: the conventions relu'(0) ∈ {0, 0.5, 1,
 *   random} × seeds on two settings, recording the loss and the number of
 *   pre-activations that were exactly 0 at every update.
 * - {@link runDeadUnitGrid}: how many hidden units are dead (zero on every
 *   training input) at initialisation and after training, over a grid of
 *   learning rates and widths, with diverging models counted apart.
 * - {@link summarize} and {@link quantile}: the median and the 10–90 % spread
 *   reported for every group of seeds.
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
import type { EngineFactory, EngineSpec, TrainingEngine } from "../engine/contract.ts";
import { deviceFailure } from "../train/loop.ts";
import { createRegressor, targetData } from "../model/regressor.ts";
import type { BackendName, GradAtZero, OptimizerName, RegressorParams } from "../model/run.ts";

// ---------------------------------------------------------------------------
// Summary statistics

/**
 * The q-quantile of `values` by linear interpolation between order statistics
 * (NumPy's default, "type 7"): with the values sorted ascending as v[0..n-1],
 * h = (n − 1)·q and the result is v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋]).
 *
 * @example
 * ```ts
 * import { quantile } from "./experiments.ts";
 * console.log(quantile([4, 1, 3, 2], 0.5), quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1)); // 2.5 1.9
 * ```
 */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Cannot take a quantile: q must be in [0, 1], got ${q}`);
  if (values.length === 0) throw new RangeError("Cannot take a quantile of no values");
  if (!values.every(Number.isFinite)) {
    throw new RangeError(
      `Cannot take a quantile: every value must be finite, got ${values.find((v) => !Number.isFinite(v))}`,
    );
  }
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The median of finite `values` ({@link quantile} at 0.5). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median and 10–90 % quantiles of a group of values; non-finite values (diverged models) are counted, not used. */
export interface Spread {
  /** Number of finite values summarised. */
  n: number;
  /** Number of values left out because they are NaN or infinite. */
  nonFinite: number;
  /** Median of the finite values (null when there are none). */
  median: number | null;
  /** 10 % quantile of the finite values (null when there are none). */
  q10: number | null;
  /** 90 % quantile of the finite values (null when there are none). */
  q90: number | null;
}

/**
 * The {@link Spread} of `values`: median, 10 % and 90 % quantiles of the
 * finite ones, and how many were not finite.
 *
 * @example
 * ```ts
 * import { summarize } from "./experiments.ts";
 * console.log(summarize([3, NaN, 1, 2])); // { n: 3, nonFinite: 1, median: 2, q10: 1.2, q90: 2.8 }
 * ```
 */
export function summarize(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  const nonFinite = values.length - finite.length;
  if (finite.length === 0) return { n: 0, nonFinite, median: null, q10: null, q90: null };
  return {
    n: finite.length,
    nonFinite,
    median: quantile(finite, 0.5),
    q10: quantile(finite, 0.1),
    q90: quantile(finite, 0.9),
  };
}

/**
 * `v` with float32 precision and the fewest decimal digits that still read
 * back as the same float32 (the engines compute in float32, so more digits
 * only add noise to the JSON). Non-finite values become `null`.
 *
 * @example
 * ```ts
 * import { float32Number } from "./experiments.ts";
 * console.log(float32Number(Math.fround(0.1)), float32Number(NaN)); // 0.1 null
 * ```
 */
export function float32Number(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  const f = Math.fround(v);
  if (!Number.isFinite(f)) return null;
  for (let digits = 1; digits < 9; digits++) {
    const short = Number(f.toPrecision(digits));
    if (Math.fround(short) === f) return short + 0;
  }
  return Number(f.toPrecision(9)) + 0;
}

/**
 * Serialises experiment results as JSON: objects indented by two spaces, one
 * key per line, but arrays of numbers (or null) on one line, so that curves
 * of hundreds of numbers stay readable and small. Ends with a newline.
 *
 * @example
 * ```ts
 * import { experimentJsonText } from "./experiments.ts";
 * console.log(experimentJsonText({ a: [1, 2], b: { c: null } }).split("\n")[1]); //   "a": [1, 2],
 * ```
 */
export function experimentJsonText(value: unknown): string {
  const pad = (n: number) => "  ".repeat(n);
  const text = (v: unknown, depth: number): string => {
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      if (v.every((x) => x === null || typeof x !== "object")) {
        return `[${v.map((x) => JSON.stringify(x ?? null) ?? "null").join(", ")}]`;
      }
      return `[\n${v.map((x) => pad(depth + 1) + text(x, depth + 1)).join(",\n")}\n${pad(depth)}]`;
    }
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return "{}";
      const body = entries.map(([k, x]) => `${pad(depth + 1)}${JSON.stringify(k)}: ${text(x, depth + 1)}`);
      return `{\n${body.join(",\n")}\n${pad(depth)}}`;
    }
    return JSON.stringify(v) ?? "null";
  };
  return text(value, 0) + "\n";
}

// ---------------------------------------------------------------------------
// Batched training

/** Options of {@link trainBatch}: M models on one data set with one lr, optimizer and relu'(0). */
export interface BatchOptions extends EngineSpec {
  /** Number of full-batch updates. */
  epochs: number;
  /** Updates per engine call (one read-back each); default 500. */
  chunk?: number;
}

/** What {@link trainBatch} returns. */
export interface BatchResult {
  /** Which engine ran. */
  engine: string;
  /** The tfjs backend it ran on. */
  backend: BackendName;
  /** `losses[m][k]`: MSE of model m after k updates, k = 0..epochs (float32 values). */
  losses: Float32Array[];
  /** `zeros[m][k]`: pre-activations of model m exactly 0 in update k, k = 0..epochs−1 (with `countZeros`). */
  zeros?: Int32Array[];
  /** Parameters of every model after the last update. */
  params: RegressorParams[];
}

/**
 * Trains M models at once in one engine for `epochs` updates, reading back
 * once per chunk, and returns every model's loss curve (and zero counts) and
 * its final parameters. The engine is disposed before returning.
 */
export async function trainBatch(createEngine: EngineFactory, options: BatchOptions): Promise<BatchResult> {
  const { epochs } = options;
  const chunk = options.chunk ?? 500;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new RangeError(`Cannot train a batch: epochs must be a positive integer, got ${epochs}`);
  }
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new RangeError(`Cannot train a batch: chunk must be a positive integer, got ${chunk}`);
  }
  const models = options.init.length;
  let engine: TrainingEngine;
  try {
    engine = await createEngine({
      x: options.x,
      y: options.y,
      init: options.init,
      seeds: options.seeds,
      lr: options.lr,
      optimizer: options.optimizer,
      gradAtZero: options.gradAtZero,
      countZeros: options.countZeros ?? false,
    });
  } catch (e) {
    throw deviceFailure(e, "active", 0) ?? e;
  }
  let done = 0;
  try {
    const losses = Array.from({ length: models }, () => new Float32Array(epochs + 1));
    const zeros = options.countZeros ? Array.from({ length: models }, () => new Int32Array(epochs)) : undefined;
    while (done < epochs) {
      const steps = Math.min(chunk, epochs - done);
      const result = await engine.step(steps);
      for (let m = 0; m < models; m++) {
        losses[m].set(result.losses[m], done);
        if (zeros) {
          if (!result.zeros) throw new Error(`The ${engine.name} engine returned no zero counts though asked to`);
          zeros[m].set(result.zeros[m], done);
        }
      }
      done += steps;
    }
    const last = await engine.evaluate();
    last.forEach((loss, m) => losses[m][epochs] = loss);
    const params = await engine.params();
    return { engine: engine.name, backend: engine.backend, losses, ...(zeros ? { zeros } : {}), params };
  } catch (e) {
    throw deviceFailure(e, engine.backend, done) ?? e;
  } finally {
    engine.dispose();
  }
}

/** The first k with a non-finite `losses[k]`, or null when every loss is finite. */
export function divergenceEpoch(losses: ArrayLike<number>): number | null {
  for (let k = 0; k < losses.length; k++) {
    if (!Number.isFinite(losses[k])) return k;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Dead units

/**
 * Which hidden units are dead on `xs`: unit j is dead when its activation
 * relu(z) is 0 at every input, i.e. z = w0[j]·x + b0[j] ≤ 0 for every x, with
 * z rounded to float32 the way the engines compute it
 * (fround(fround(w0·x) + b0)). A unit with z exactly 0 somewhere counts as
 * dead: its output is 0 there too. A unit with non-finite parameters is not
 * reported dead (its model diverged; see {@link DeadUnitSeed.divergedAt}).
 *
 * @example
 * ```ts
 * import { deadUnitsFloat32 } from "./experiments.ts";
 * const p = { w0: [1, -1, 0.5], b0: [-20, 20, -1], w1: [1, 1, 1], b1: 0 };
 * console.log(deadUnitsFloat32(p, [-10, 0, 10])); // [true, false, false]
 * ```
 */
export function deadUnitsFloat32(params: RegressorParams, xs: readonly number[]): boolean[] {
  const f = Math.fround;
  return params.w0.map((w, j) => {
    const b = params.b0[j];
    if (!Number.isFinite(w) || !Number.isFinite(b)) return false;
    return xs.every((x) => f(f(w * x) + b) <= 0);
  });
}

// ---------------------------------------------------------------------------
// The relu'(0) sweep

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
  points: 300,
  xMin: -10,
  xMax: 10,
  hidden: 7,
  lr: 1e-4,
  optimizer: "sgd",
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
 * import { sampledEpochs } from "./experiments.ts";
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
 * import { runLengths } from "./experiments.ts";
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

function roundSpread(s: Spread): Spread {
  const r = (v: number | null) => v === null ? null : float32Number(v);
  return { n: s.n, nonFinite: s.nonFinite, median: r(s.median), q10: r(s.q10), q90: r(s.q90) };
}

// ---------------------------------------------------------------------------
// The dead-unit grid

/** Options of {@link runDeadUnitGrid}. */
export interface DeadUnitGridOptions {
  /** Learning rates (rows of the grid). */
  lrs: readonly number[];
  /** Widths H (columns of the grid). */
  hiddens: readonly number[];
  /** Seeds, one model each per cell (PyTorch-style init from the seed). */
  seeds: readonly number[];
  /** Full-batch updates. */
  epochs: number;
  /** Number of evenly spaced training points. */
  points: number;
  /** Smallest input. */
  xMin: number;
  /** Largest input. */
  xMax: number;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** relu'(0) during training. */
  gradAtZero: GradAtZero;
  /** Called after each cell with how many cells are done. */
  onProgress?: (done: number, total: number) => void;
}

/** One seed of one cell of the dead-unit grid. */
export interface DeadUnitSeed {
  /** The seed. */
  seed: number;
  /** Units dead at initialisation. */
  deadAtInit: number;
  /** Units dead after training (null when the model diverged). */
  deadAtEnd: number | null;
  /** MSE after training (null when the model diverged). */
  finalLoss: number | null;
  /** First epoch with a NaN or infinite loss (or non-finite final parameters: `epochs`), or null. */
  divergedAt: number | null;
}

/** One (lr, H) cell of the dead-unit grid. */
export interface DeadUnitCell {
  /** Learning rate. */
  lr: number;
  /** Hidden units H. */
  hidden: number;
  /** Models trained (= number of seeds). */
  models: number;
  /** Models whose loss became NaN or infinite: left out of the dead fractions. */
  diverged: number;
  /** Units of all models: H × models. */
  unitsAtInit: number;
  /** Dead units at initialisation, over all models (divergence comes later). */
  deadAtInit: number;
  /** deadAtInit / unitsAtInit. */
  deadFractionAtInit: number;
  /** Units of the models that did not diverge: H × (models − diverged). */
  units: number;
  /** Dead units after training among the models that did not diverge. */
  deadAtEnd: number;
  /** deadAtEnd / units (null when every model diverged). */
  deadFraction: number | null;
  /** Median and 10–90 % spread of the final losses of the models that did not diverge. */
  finalLoss: Spread;
  /** Every seed's numbers. */
  perSeed: DeadUnitSeed[];
}

/** The dead-unit grid as plain JSON-ready data. */
export interface DeadUnitResult {
  /** The settings the grid ran with (without the progress callback). */
  settings: Omit<DeadUnitGridOptions, "onProgress"> & { seeds: number[]; lrs: number[]; hiddens: number[] };
  /** The engine that ran. */
  engine: string;
  /** The tfjs backend it ran on. */
  backend: BackendName;
  /** One cell per (lr, H), lr-major in the order given. */
  cells: DeadUnitCell[];
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : float32Number(a / b);
}

/**
 * Trains `seeds` models per (lr, H) cell, one engine per cell with M = seeds,
 * and counts the units that are dead ({@link deadUnitsFloat32}) at
 * initialisation and after the last update. Models whose loss becomes NaN or
 * infinite are counted as diverged and left out of the dead fractions; they
 * never stop the grid.
 */
export async function runDeadUnitGrid(
  createEngine: EngineFactory,
  options: DeadUnitGridOptions,
): Promise<DeadUnitResult> {
  const { onProgress, ...rest } = options;
  const seeds = [...options.seeds];
  if (seeds.length < 1) throw new RangeError("Cannot run the dead-unit grid: give at least one seed");
  const data = targetData({ points: options.points, xMin: options.xMin, xMax: options.xMax });
  const cells: DeadUnitCell[] = [];
  const total = options.lrs.length * options.hiddens.length;
  let engine = "";
  let backend: BackendName = "cpu";
  for (const lr of options.lrs) {
    for (const hidden of options.hiddens) {
      const init = seeds.map((seed) => createRegressor({ hidden, seed }));
      const batch = await trainBatch(createEngine, {
        x: data.x,
        y: data.y,
        init,
        seeds,
        lr,
        optimizer: options.optimizer,
        gradAtZero: options.gradAtZero,
        epochs: options.epochs,
      });
      engine = batch.engine;
      backend = batch.backend;
      const count = (flags: boolean[]) => flags.filter((d) => d).length;
      const perSeed: DeadUnitSeed[] = seeds.map((seed, m) => {
        const p = batch.params[m];
        const finite = [...p.w0, ...p.b0, ...p.w1, p.b1].every(Number.isFinite);
        const lossAt = divergenceEpoch(batch.losses[m]);
        const divergedAt = lossAt ?? (finite ? null : options.epochs);
        return {
          seed,
          deadAtInit: count(deadUnitsFloat32(init[m], data.x)),
          deadAtEnd: divergedAt === null ? count(deadUnitsFloat32(p, data.x)) : null,
          finalLoss: divergedAt === null ? float32Number(batch.losses[m][options.epochs]) : null,
          divergedAt,
        };
      });
      const alive = perSeed.filter((s) => s.divergedAt === null);
      const units = alive.length * hidden;
      const unitsAtInit = seeds.length * hidden;
      const deadAtInit = perSeed.reduce((s, r) => s + r.deadAtInit, 0);
      const deadAtEnd = alive.reduce((s, r) => s + (r.deadAtEnd ?? 0), 0);
      cells.push({
        lr,
        hidden,
        models: seeds.length,
        diverged: seeds.length - alive.length,
        unitsAtInit,
        deadAtInit,
        deadFractionAtInit: ratio(deadAtInit, unitsAtInit) as number,
        units,
        deadAtEnd,
        deadFraction: ratio(deadAtEnd, units),
        finalLoss: roundSpread(summarize(alive.map((s) => s.finalLoss as number))),
        perSeed,
      });
      onProgress?.(cells.length, total);
    }
  }
  return {
    settings: { ...rest, seeds, lrs: [...options.lrs], hiddens: [...options.hiddens] },
    engine,
    backend,
    cells,
  };
}

// ---------------------------------------------------------------------------
// The files

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

/** What every field of `dead_units.json` means (written into the file). */
export const DEAD_UNIT_JSON_FIELDS: Readonly<Record<string, string>> = {
  dead: "a unit is dead when relu(w0·x + b0) = 0 (z <= 0, z in float32) at every training input",
  "cells[].diverged": "models whose loss became NaN or infinite; they are left out of units and deadAtEnd",
  "cells[].unitsAtInit": "H × models",
  "cells[].deadFractionAtInit": "deadAtInit / unitsAtInit: dead before training, all models",
  "cells[].units": "H × (models - diverged)",
  "cells[].deadFraction": "deadAtEnd / units: dead after the last update (null when every model diverged)",
  "cells[].finalLoss": "median and 10-90 % quantiles of the final MSE of the models that did not diverge",
  "cells[].perSeed": "every seed: dead units at init and at the end, final MSE, first diverged epoch (or null)",
};

/** The content of `dead_units.json`: the grid and a description of every field. */
export function deadUnitJson(result: DeadUnitResult): Record<string, unknown> {
  return {
    experiment: "dead_units",
    fields: DEAD_UNIT_JSON_FIELDS,
    engine: result.engine,
    backend: result.backend,
    settings: result.settings,
    diverged: result.cells.reduce((s, c) => s + c.diverged, 0),
    models: result.cells.reduce((s, c) => s + c.models, 0),
    cells: result.cells,
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

/**
 * Joins dead-unit grids that ran on disjoint learning rates into the grid
 * that one run over all of them gives, rows in the order of `lrs`.
 */
export function mergeDeadUnitResults(parts: readonly DeadUnitResult[], lrs: readonly number[]): DeadUnitResult {
  if (parts.length === 0) throw new RangeError("Cannot merge dead-unit grids: give at least one");
  const hiddens = parts[0].settings.hiddens;
  const key = (c: DeadUnitCell) => lrs.indexOf(c.lr) * hiddens.length + hiddens.indexOf(c.hidden);
  const cells = parts.flatMap((p) => p.cells).sort((a, b) => key(a) - key(b));
  return { ...parts[0], settings: { ...parts[0].settings, lrs: [...lrs] }, cells };
}
