/**
 * The 1-H-1 ReLU regressor of the essay: its seeded initialisation (PyTorch's
 * `nn.Linear` defaults), its training data (a target of the registry, y = x³
 * by default, on evenly spaced points)
 * and a tfjs forward pass. Parameters and data are float32 values held in
 * plain numbers, exactly what the tfjs engines compute with.
 *
 * @module
 */
import * as tf from "../tf.ts";
import { createRng } from "../math/random.ts";
import { DEFAULT_TARGET, TARGET_NAMES, type TargetName, TARGETS } from "../math/targets.ts";
import type { HiddenInit, RegressorParams } from "./run.ts";

/** Options of {@link createRegressor}. */
export interface RegressorOptions {
  /** Number of hidden units H (a positive integer). */
  hidden: number;
  /** Seed of the initialisation. */
  seed: number;
  /** How the hidden layer starts (default `"pytorch"`; `"zero-hidden"` sets w0 = b0 = 0 after the same draws). */
  init?: HiddenInit;
}

/**
 * A freshly initialised regressor, drawn from `seed` the way PyTorch's
 * `nn.Linear` initialises (weights and biases U(-1/√fan_in, 1/√fan_in)):
 * w0, b0 ~ U(-1, 1) (fan_in 1) and w1, b1 ~ U(-1/√H, 1/√H), drawn in that
 * order (w0, b0, w1, b1) and rounded to float32. With `init: "zero-hidden"`
 * w0 and b0 are then set to 0 (w1 and b1 are the same draws).
 *
 * @param options the number of hidden units, the seed and the initialisation
 * @returns the parameters
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
 * import { createRegressor } from "./regressor.ts";
 * const p = createRegressor({ hidden: 3, seed: 0 });
 * strictEqual(p.w0.length, 3);
 * ok(p.w1.every((w) => Math.abs(w) <= 1 / Math.sqrt(3)));
 * const z = createRegressor({ hidden: 3, seed: 0, init: "zero-hidden" });
 * deepStrictEqual([z.w0, z.b0, z.w1], [[0, 0, 0], [0, 0, 0], p.w1]);
 * ```
 */
export function createRegressor(options: RegressorOptions): RegressorParams {
  const { hidden, seed } = options;
  if (!Number.isInteger(hidden) || hidden < 1) {
    throw new RangeError(
      `Cannot create a regressor: hidden must be a positive integer, got ${hidden}`,
    );
  }
  const rng = createRng(seed);
  const draw = (n: number, bound: number) => Array.from({ length: n }, () => Math.fround(rng.uniform(-bound, bound)));
  const outer = 1 / Math.sqrt(hidden);
  const w0 = draw(hidden, 1);
  const b0 = draw(hidden, 1);
  const w1 = draw(hidden, outer);
  const [b1] = draw(1, outer);
  if (options.init === "zero-hidden") return { w0: w0.map(() => 0), b0: b0.map(() => 0), w1, b1 };
  return { w0, b0, w1, b1 };
}

/** Options of {@link targetData}. */
export interface TargetDataOptions {
  /** Number of points (at least 2). */
  points: number;
  /** First input. */
  xMin: number;
  /** Last input. */
  xMax: number;
  /** The function learned (default `cubic`, y = x³): a name of `TARGET_NAMES`; any other (`data` too) is a RangeError. */
  target?: string;
}

/** Training data: inputs and targets of the same length. */
export interface TargetData {
  /** Inputs, evenly spaced from xMin to xMax inclusive. */
  x: number[];
  /** Targets y = f(x) of the target f. */
  y: number[];
}

/**
 * A target of the registry (`lib/math/targets.ts`, default y = x³) on
 * `points` evenly spaced inputs from `xMin` to `xMax`. The inputs follow
 * `torch.linspace` (the first half counted up from xMin, the second half down
 * from xMax, so both ends are exact) and, like the targets, are rounded to
 * float32.
 *
 * @param options the number of points (a RangeError below 2), the input range and the target
 * @returns the inputs and targets
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { targetData } from "./regressor.ts";
 * deepStrictEqual(targetData({ points: 3, xMin: -2, xMax: 2 }), { x: [-2, 0, 2], y: [-8, 0, 8] });
 * deepStrictEqual(targetData({ points: 3, xMin: -2, xMax: 2, target: "abs" }).y, [2, 0, 2]);
 * ```
 */
export function targetData(options: TargetDataOptions): TargetData {
  const { points, xMin, xMax } = options;
  if (!Number.isInteger(points) || points < 2) {
    throw new RangeError(
      `Cannot make target data: points must be an integer >= 2, got ${points}`,
    );
  }
  const target = options.target ?? DEFAULT_TARGET;
  if (!(TARGET_NAMES as readonly string[]).includes(target)) {
    throw new RangeError(`Cannot make target data: target must be one of ${TARGET_NAMES.join(", ")}, got ${target}`);
  }
  const f = TARGETS[target as TargetName].formula;
  const step = (xMax - xMin) / (points - 1);
  const half = Math.floor(points / 2);
  const x = Array.from(
    { length: points },
    (_, i) => Math.fround(i < half ? xMin + i * step : xMax - (points - 1 - i) * step),
  );
  // Canonicalise -0 so JSON and comparisons see a plain 0.
  const y = x.map((v) => Math.fround(f(v)) + 0);
  return { x: x.map((v) => v + 0), y };
}

/**
 * The regressor's predictions at `xs`, computed with tfjs on the active
 * backend: Σ_j w1[j]·relu(w0[j]·x + b0[j]) + b1 in float32.
 *
 * @param params the regressor's parameters
 * @param xs the inputs
 * @returns one prediction per input
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { selectBackend } from "../engine/backend.ts";
 * import { predict } from "./regressor.ts";
 * await selectBackend("cpu");
 * deepStrictEqual(await predict({ w0: [1, -1], b0: [0, 0], w1: [2, 3], b1: 0.5 }, [-1, 0, 2]), [3.5, 0.5, 4.5]);
 * ```
 */
export async function predict(
  params: RegressorParams,
  xs: readonly number[],
): Promise<number[]> {
  const out = tf.tidy(() => {
    const x = tf.tensor2d([...xs], [xs.length, 1]);
    const hidden = tf.relu(tf.add(tf.mul(x, tf.tensor2d(params.w0, [1, params.w0.length])), tf.tensor1d(params.b0)));
    return tf.add(
      tf.reshape(tf.matMul(hidden, tf.tensor2d(params.w1, [params.w1.length, 1])), [xs.length]),
      tf.scalar(params.b1),
    );
  });
  try {
    return Array.from(await out.data());
  } finally {
    out.dispose();
  }
}
