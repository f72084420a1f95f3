/**
 * Which hidden units are dead: zero on every training input.
 *
 * @module
 */
import type { Precision, RegressorParams } from "./run.ts";
import { preActivation } from "./pre_activation.ts";

/**
 * Which hidden units are dead on `xs`: unit j is dead when its activation
 * relu(z) is 0 at every input, i.e. z = w0[j]·x + b0[j] ≤ 0 for every x. With
 * `precision: "float32"` (the default) z is rounded as a float32 device
 * computes it, fround(fround(w0·x) + b0); with `"float64"` it is computed in
 * float64. A unit with z exactly 0 somewhere counts as dead (its output is 0
 * there too). A unit with non-finite parameters is not reported dead (its
 * model diverged).
 *
 * @param params the regressor's parameters
 * @param xs the training inputs
 * @param options the arithmetic of z
 * @returns one flag per unit
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { deadUnits } from "./dead_units.ts";
 * const p = { w0: [1, -1, 0.5, NaN], b0: [-20, 20, -1, 0], w1: [1, 1, 1, 1], b1: 0 };
 * deepStrictEqual(deadUnits(p, [-10, 0, 10]), [true, false, false, false]);
 * ```
 */
export function deadUnits(
  params: RegressorParams,
  xs: readonly number[],
  options: { precision?: Precision } = {},
): boolean[] {
  const z = preActivation(options.precision);
  return params.w0.map((w, j) => {
    const b = params.b0[j];
    if (!Number.isFinite(w) || !Number.isFinite(b)) return false;
    return xs.every((x) => z(w, x, b) <= 0);
  });
}
