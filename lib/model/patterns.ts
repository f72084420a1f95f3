/**
 * How many different units a hidden layer really has on its training data:
 * the number of distinct activation patterns (which inputs each unit is
 * active on). Units with the same pattern are one ReLU piece on the data,
 * however many there are.
 *
 * @module
 */
import type { Precision, RegressorParams } from "./run.ts";
import { preActivation } from "./pre_activation.ts";

/**
 * The number of distinct activation patterns among the hidden units on `xs`:
 * unit j's pattern is the set of inputs where z = w0[j]·x + b0[j] > 0 (z
 * rounded as the run computes it: float32 by default, or float64). Units
 * with the same pattern have the same kink between two neighbouring inputs,
 * so on the training data they act as one unit. A unit dead on every input
 * has the empty pattern; a unit with non-finite parameters is left out.
 *
 * @param params the regressor's parameters
 * @param xs the training inputs
 * @param options the arithmetic of z
 * @returns how many distinct patterns there are
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { distinctPatterns } from "./patterns.ts";
 * // Units 0 and 1 are active on x > 0 only, unit 2 on x < 0 only: two patterns.
 * const p = { w0: [1, 2, -1], b0: [0, -0.5, 0], w1: [1, 1, 1], b1: 0 };
 * strictEqual(distinctPatterns(p, [-1, 1]), 2);
 * ```
 */
export function distinctPatterns(
  params: RegressorParams,
  xs: readonly number[],
  options: { precision?: Precision } = {},
): number {
  const z = preActivation(options.precision);
  const seen = new Set<string>();
  params.w0.forEach((w, j) => {
    const b = params.b0[j];
    if (!Number.isFinite(w) || !Number.isFinite(b)) return;
    seen.add(xs.map((x) => (z(w, x, b) > 0 ? "1" : "0")).join(""));
  });
  return seen.size;
}
