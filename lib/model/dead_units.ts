/**
 * Which hidden units are dead: zero gradient on every training input. Only a
 * piecewise-linear activation with a zero slope can have one (relu: z ≤ 0
 * everywhere); a smooth activation's derivative is nowhere exactly 0 on
 * finite inputs, nor are leaky relu's, abs's and identity's.
 *
 * @module
 */
import { activationOf, isPiecewise } from "../math/activation_registry.ts";
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
 * For another activation of the registry, unit j is dead when every z lies on a side whose slope is 0 (z ≤ 0 with
 * left slope 0, or z ≥ 0 with right slope 0); a smooth activation has no dead unit.
 *
 * @param params the regressor's parameters
 * @param xs the training inputs
 * @param options the arithmetic of z, and the activation as the registry writes it (default relu)
 * @returns one flag per unit
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { deadUnits } from "./dead_units.ts";
 * const p = { w0: [1, -1, 0.5, NaN], b0: [-20, 20, -1, 0], w1: [1, 1, 1, 1], b1: 0 };
 * deepStrictEqual(deadUnits(p, [-10, 0, 10]), [true, false, false, false]);
 * deepStrictEqual(deadUnits(p, [-10, 0, 10], { activation: "leaky_relu:0.01" }), [false, false, false, false]);
 * deepStrictEqual(deadUnits(p, [-10, 0, 10], { activation: "tanh" }), [false, false, false, false]);
 * ```
 */
export function deadUnits(
  params: RegressorParams,
  xs: readonly number[],
  options: { precision?: Precision; activation?: string } = {},
): boolean[] {
  const z = preActivation(options.precision);
  const a = activationOf(options.activation ?? "relu");
  const slopes = isPiecewise(a) ? a.slopes : undefined;
  return params.w0.map((w, j) => {
    const b = params.b0[j];
    if (!slopes || !Number.isFinite(w) || !Number.isFinite(b)) return false;
    const { left, right } = slopes;
    return xs.every((x) => {
      const v = z(w, x, b);
      return (v <= 0 && left === 0) || (v >= 0 && right === 0);
    });
  });
}
