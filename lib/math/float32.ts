/**
 * Numbers as float32 values: what the engines compute, written with no more
 * digits than a float32 holds.
 *
 * @module
 */

/**
 * `v` with float32 precision and the fewest decimal digits that still read
 * back as the same float32 (the engines compute in float32, so more digits
 * only add noise to the JSON). Non-finite values become `null`.
 *
 * @param v any number
 * @returns the shortest number that rounds to the same float32, or null
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { float32Number } from "./float32.ts";
 * strictEqual(float32Number(Math.fround(0.1)), 0.1);
 * strictEqual(float32Number(NaN), null);
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
