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
 * // Patterns that differ at one input of 70000 (past the first 65536) are two; equal ones are one.
 * const xs = Array.from({ length: 70000 }, (_, i) => i - 65536);
 * strictEqual(distinctPatterns({ w0: [1, 1], b0: [-3000, -3001], w1: [1, 1], b1: 0 }, xs), 2);
 * strictEqual(distinctPatterns({ w0: [1, 2], b0: [-3000, -6000], w1: [1, 1], b1: 0 }, xs), 1);
 * ```
 */
export function distinctPatterns(
  params: RegressorParams,
  xs: readonly number[],
  options: { precision?: Precision } = {},
): number {
  const z = preActivation(options.precision);
  const seen = new Set<string>();
  // A pattern's key: its bits, 16 inputs per character (the same patterns give the same keys, different ones differ).
  const chars = new Array<number>(Math.ceil(xs.length / 16));
  params.w0.forEach((w, j) => {
    const b = params.b0[j];
    if (!Number.isFinite(w) || !Number.isFinite(b)) return;
    chars.fill(0);
    for (let i = 0; i < xs.length; i++) if (z(w, xs[i], b) > 0) chars[i >> 4] |= 1 << (i & 15);
    let key = "";
    for (let c = 0; c < chars.length; c += 4096) key += String.fromCharCode(...chars.slice(c, c + 4096));
    seen.add(key);
  });
  return seen.size;
}
