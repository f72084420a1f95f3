/**
 * The numbers the result files hold: float32 values in the fewest digits.
 *
 * @module
 */
import { float32Number } from "../math/float32.ts";
import type { Spread } from "./stats.ts";

/**
 * A {@link Spread} with its numbers as float32 values in the fewest digits
 * (what the result files hold).
 *
 * @param s a spread
 * @returns the same spread, rounded
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { roundSpread } from "./rounding.ts";
 * strictEqual(roundSpread({ n: 1, nonFinite: 0, median: 0.1, q10: 0.1, q90: 0.1 }).median, 0.1);
 * ```
 */
export function roundSpread(s: Spread): Spread {
  const r = (v: number | null) => v === null ? null : float32Number(v);
  return { n: s.n, nonFinite: s.nonFinite, median: r(s.median), q10: r(s.q10), q90: r(s.q90) };
}
