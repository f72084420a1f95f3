/**
 * Evenly spaced grids of inputs.
 *
 * @module
 */

/** `n` evenly spaced numbers from `lo` to `hi` inclusive (n ≥ 2). */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`Cannot space ${n} points: n must be an integer >= 2`);
  }
  return Array.from(
    { length: n },
    (_, i) => i === n - 1 ? hi : lo + (hi - lo) * i / (n - 1),
  );
}
