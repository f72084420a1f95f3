/**
 * A long series thinned for a line plot without changing what the line
 * shows: the series is cut into equal blocks of consecutive points, and each
 * block keeps its smallest and its largest value, in order. A plot a
 * thousand pixels wide draws the same envelope from a few thousand points
 * as from a million, and its renderer needs memory for those few thousand.
 *
 * @module
 */

/**
 * The most points a thinned series keeps (the essay's 4000 losses are kept
 * whole).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MAX_PLOTTED_POINTS } from "./envelope.ts";
 * strictEqual(MAX_PLOTTED_POINTS, 10_000);
 * ```
 */
export const MAX_PLOTTED_POINTS = 10_000;

/**
 * The indices of `values` a plot keeps: all of them when they are at most
 * `max`; else the first, the last, and per block of consecutive points the
 * index of its smallest and of its largest value (the earlier first), at most
 * `max` in all. The series' overall minimum and maximum are always kept.
 *
 * @param values the series
 * @param max the most indices kept (at least 4, else a RangeError; default {@link MAX_PLOTTED_POINTS})
 * @returns the kept indices, ascending
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { envelopeIndices } from "./envelope.ts";
 * deepStrictEqual(envelopeIndices([3, 1, 2], 4), [0, 1, 2]); // short enough: all
 * // two blocks, [5, 1, 4] and [2, 9, 3, 7], each keeping its min and max, plus the first and the last:
 * deepStrictEqual(envelopeIndices([5, 1, 4, 2, 9, 3, 7], 6), [0, 1, 3, 4, 6]);
 * ```
 */
export function envelopeIndices(values: readonly number[], max: number = MAX_PLOTTED_POINTS): number[] {
  if (!Number.isInteger(max) || max < 4) {
    throw new RangeError(`Cannot thin a series: max must be an integer >= 4, got ${max}`);
  }
  const n = values.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const blocks = Math.floor((max - 2) / 2);
  const kept = [0];
  for (let b = 0; b < blocks; b++) {
    const start = Math.floor((b * n) / blocks);
    const end = Math.floor(((b + 1) * n) / blocks);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) if (i !== kept[kept.length - 1]) kept.push(i);
  }
  if (kept[kept.length - 1] !== n - 1) kept.push(n - 1);
  return kept;
}
