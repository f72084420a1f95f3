/**
 * Evenly spaced grids of inputs.
 *
 * @module
 */

/**
 * `n` evenly spaced numbers from `lo` to `hi` inclusive (n ≥ 2).
 *
 * @param lo the first number
 * @param hi the last number
 * @param n how many; throws a RangeError unless an integer ≥ 2
 * @returns the grid
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { linspace } from "./grid.ts";
 * deepStrictEqual(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
 * throws(() => linspace(0, 1, 1), RangeError);
 * ```
 */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`Cannot space ${n} points: n must be an integer >= 2`);
  }
  return Array.from(
    { length: n },
    (_, i) => i === n - 1 ? hi : lo + (hi - lo) * i / (n - 1),
  );
}
