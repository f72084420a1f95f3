/**
 * A run's data: the points of a target of the registry or of a file, with
 * optional seeded Gaussian noise on y and a seeded held-out test split, and
 * the mean squared error of a model on any points. Pure: plain arrays in and
 * out, the same on every machine.
 *
 * @module
 */
import { createRng, hash32 } from "../math/random.ts";
import type { TargetName } from "../math/targets.ts";
import type { DataPoints } from "./data_csv.ts";
import { targetData } from "./regressor.ts";
import type { DataSettingName, RegressorParams, TrainingOptions } from "./run.ts";
import { RUN_SETTINGS } from "./settings.ts";

/**
 * The names of the settings of a run's data ({@link DataSettingName}), which
 * a run at their defaults leaves out of `training.json`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DATA_SETTING_NAMES } from "./dataset.ts";
 * deepStrictEqual(DATA_SETTING_NAMES, ["target", "noise", "testFraction"]);
 * ```
 */
export const DATA_SETTING_NAMES: readonly DataSettingName[] = ["target", "noise", "testFraction"];

/**
 * The data settings a run records: those that differ from their defaults.
 *
 * @param o a run's settings
 * @returns the data settings to record, in the registry's order
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { recordedDataSettings } from "./dataset.ts";
 * deepStrictEqual(recordedDataSettings({ target: "cubic", noise: 0.5 }), { noise: 0.5 });
 * deepStrictEqual(recordedDataSettings({}), {});
 * ```
 */
export function recordedDataSettings(
  o: Partial<Pick<TrainingOptions, DataSettingName>>,
): Partial<Pick<TrainingOptions, DataSettingName>> {
  const set = DATA_SETTING_NAMES.filter((n) => o[n] !== undefined && o[n] !== RUN_SETTINGS[n].default);
  return Object.fromEntries(set.map((n) => [n, o[n]]));
}

/** Mixed into the run's seed for the noise draws, so they do not repeat the initialisation's. */
const NOISE_STREAM = 0x6e6f6973;
/** Mixed into the run's seed for the split's shuffle. */
const SPLIT_STREAM = 0x74657374;

/**
 * The number of held-out points of `points` at `fraction`: round(fraction ×
 * points), at most points − 2 so that at least two points train (at most 1
 * of 2 or 3 points).
 *
 * @param points all the points
 * @param fraction the share held out, in [0, 1)
 * @returns the number of test points
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { testCount } from "./dataset.ts";
 * deepStrictEqual([testCount(300, 0.2), testCount(300, 0), testCount(2, 0.9), testCount(10, 0.9)], [60, 0, 1, 8]);
 * ```
 */
export function testCount(points: number, fraction: number): number {
  return Math.min(Math.round(fraction * points), Math.max(1, points - 2));
}

/**
 * `y` plus seeded Gaussian noise of standard deviation `sd`, rounded to
 * float32: y[i] + sd·z[i] with z[i] ~ N(0, 1) drawn by Box–Muller from a
 * stream of the seed. With `sd` 0 the values are returned unchanged.
 *
 * @param y the clean targets
 * @param sd the standard deviation (>= 0)
 * @param seed the run's seed
 * @returns the noisy targets
 *
 * @example
 * ```ts
 * import { deepStrictEqual, notDeepStrictEqual } from "node:assert/strict";
 * import { withNoise } from "./dataset.ts";
 * deepStrictEqual(withNoise([1, 2], 0, 7), [1, 2]);
 * deepStrictEqual(withNoise([1, 2], 0.5, 7), withNoise([1, 2], 0.5, 7));
 * notDeepStrictEqual(withNoise([1, 2], 0.5, 7), withNoise([1, 2], 0.5, 8));
 * ```
 */
export function withNoise(y: readonly number[], sd: number, seed: number): number[] {
  if (sd === 0) return [...y];
  const rng = createRng(hash32(seed ^ NOISE_STREAM));
  return y.map((v) => {
    const u1 = 1 - rng.next(); // in (0, 1]: log(u1) is finite
    const u2 = rng.next();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.fround(v + sd * z) + 0;
  });
}

/**
 * Splits points into training and test points: a seeded shuffle of the
 * indices (Fisher–Yates) picks {@link testCount} of them for the test set;
 * both sets keep the points' order.
 *
 * @param data the points
 * @param fraction the share held out, in [0, 1)
 * @param seed the run's seed
 * @returns the training points and the test points (empty at fraction 0)
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { splitData } from "./dataset.ts";
 * const data = { x: [0, 1, 2, 3, 4], y: [0, 1, 4, 9, 16] };
 * const { train, test } = splitData(data, 0.4, 3);
 * deepStrictEqual([train.x.length, test.x.length], [3, 2]);
 * deepStrictEqual([...train.x, ...test.x].sort(), [0, 1, 2, 3, 4]);
 * strictEqual(test.y[0], test.x[0] ** 2);
 * deepStrictEqual(splitData(data, 0, 3), { train: data, test: { x: [], y: [] } });
 * ```
 */
export function splitData(
  data: DataPoints,
  fraction: number,
  seed: number,
): { train: DataPoints; test: DataPoints } {
  const n = data.x.length;
  const k = testCount(n, fraction);
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = createRng(hash32(seed ^ SPLIT_STREAM));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const held = new Set(order.slice(0, k));
  const pick = (keep: boolean): DataPoints => {
    const idx = order.map((_, i) => i).filter((i) => held.has(i) === keep);
    return { x: idx.map((i) => data.x[i]), y: idx.map((i) => data.y[i]) };
  };
  return { train: k === 0 ? { x: [...data.x], y: [...data.y] } : pick(false), test: pick(true) };
}

/**
 * The model's mean squared error on points, in float64 from its parameters:
 * mean over i of (Σ_j w1[j]·relu(w0[j]·x[i] + b0[j]) + b1 − y[i])².
 *
 * @param params the parameters
 * @param data the points (at least one)
 * @returns the MSE
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { meanSquaredError } from "./dataset.ts";
 * // ŷ(x) = 2·relu(x) + 0.5: ŷ(-1) = 0.5, ŷ(1) = 2.5
 * strictEqual(meanSquaredError({ w0: [1], b0: [0], w1: [2], b1: 0.5 }, { x: [-1, 1], y: [0.5, 3.5] }), 0.5);
 * ```
 */
export function meanSquaredError(params: RegressorParams, data: DataPoints): number {
  let sum = 0;
  for (let i = 0; i < data.x.length; i++) {
    let yHat = params.b1;
    for (let j = 0; j < params.w0.length; j++) {
      yHat += params.w1[j] * Math.max(0, params.w0[j] * data.x[i] + params.b0[j]);
    }
    sum += (yHat - data.y[i]) ** 2;
  }
  return sum / data.x.length;
}

/** What makes a run's points (see {@link runData}). */
export interface RunDataOptions {
  /** The target learned; ignored with `data`. */
  target?: TargetName;
  /** Evenly spaced points of the target. */
  points: number;
  /** The smallest input of the target's points. */
  xMin: number;
  /** The largest input of the target's points. */
  xMax: number;
  /** Points of one's own, instead of the target's. */
  data?: DataPoints;
  /** Standard deviation of the Gaussian noise on y (default 0). */
  noise?: number;
  /** Share of the points held out for testing (default 0). */
  testFraction?: number;
  /** The run's seed, of the noise and the split. */
  seed: number;
}

/**
 * A run's points: the target's (or `data`, rounded to float32), with the
 * seeded noise on y, split into training and test points.
 *
 * @param o the target or the data, the noise, the split and the seed
 * @returns the training points and the test points (empty without a split)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { runData } from "./dataset.ts";
 * deepStrictEqual(runData({ points: 3, xMin: -2, xMax: 2, seed: 0 }), { train: { x: [-2, 0, 2], y: [-8, 0, 8] }, test: { x: [], y: [] } });
 * deepStrictEqual(runData({ points: 3, xMin: 0, xMax: 1, seed: 0, data: { x: [0.1], y: [1] } }).train, { x: [Math.fround(0.1)], y: [1] });
 * ```
 */
export function runData(o: RunDataOptions): { train: DataPoints; test: DataPoints } {
  const round = (v: number) => Math.fround(v) + 0;
  const base = o.data
    ? { x: o.data.x.map(round), y: o.data.y.map(round) }
    : targetData({ points: o.points, xMin: o.xMin, xMax: o.xMax, target: o.target });
  const noisy = { x: base.x, y: withNoise(base.y, o.noise ?? 0, o.seed) };
  return splitData(noisy, o.testFraction ?? 0, o.seed);
}
