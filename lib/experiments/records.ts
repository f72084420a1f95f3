/**
 * How experiment results are recorded: the epochs sampled, run-length
 * encoded counts, and numbers stored with the precision the run computed in.
 *
 * @module
 */
import { float32Number } from "../math/float32.ts";
import type { Precision } from "../model/run.ts";
import type { Spread } from "./stats.ts";

/**
 * The epochs at which loss curves are recorded: every `every`-th from 0, and
 * `epochs` itself.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sampledEpochs } from "./records.ts";
 * deepStrictEqual(sampledEpochs(10, 4), [0, 4, 8, 10]);
 * ```
 */
export function sampledEpochs(epochs: number, every: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < epochs; e += every) out.push(e);
  out.push(epochs);
  return out;
}

/**
 * The recording interval for `epochs` updates: at most `maxIntervals`
 * intervals (default 40), i.e. every ⌈epochs/40⌉-th epoch (100 for 4000).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { recordingInterval } from "./records.ts";
 * strictEqual(recordingInterval(4000), 100);
 * strictEqual(recordingInterval(10), 1);
 * ```
 */
export function recordingInterval(epochs: number, maxIntervals = 40): number {
  return Math.max(1, Math.ceil(epochs / maxIntervals));
}

/**
 * Run-length encoding of per-update counts: `[[value, times], ...]`, e.g.
 * 2100 zeros at update 0 then none for 3999 updates is `[[2100, 1], [0, 3999]]`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { runLengths } from "./records.ts";
 * deepStrictEqual(runLengths([5, 0, 0, 0, 1]), [[5, 1], [0, 3], [1, 1]]);
 * ```
 */
export function runLengths(values: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < values.length; k++) {
    const last = out[out.length - 1];
    if (last && last[0] === values[k]) last[1]++;
    else out.push([values[k], 1]);
  }
  return out;
}

/**
 * The per-update values of a run-length encoding (the inverse of {@link runLengths}).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { expandRuns } from "./records.ts";
 * deepStrictEqual(expandRuns([[5, 1], [0, 3]]), [5, 0, 0, 0]);
 * ```
 */
export function expandRuns(runs: readonly (readonly [number, number])[]): number[] {
  return runs.flatMap(([value, times]) => Array.from({ length: times }, () => value));
}

/**
 * A number as a result file stores it: a float32 value in the fewest digits
 * that read back as the same float32, or a float64 value to 10 significant
 * digits; non-finite values become null.
 *
 * @param v the number
 * @param precision the arithmetic of the run it comes from
 * @returns the stored number, or null
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { storedNumber } from "./records.ts";
 * strictEqual(storedNumber(Math.fround(0.1), "float32"), 0.1);
 * strictEqual(storedNumber(1 / 3, "float64"), 0.3333333333);
 * strictEqual(storedNumber(NaN, "float64"), null);
 * ```
 */
export function storedNumber(v: number, precision: Precision): number | null {
  if (precision === "float32") return float32Number(v);
  return Number.isFinite(v) ? Number(v.toPrecision(10)) + 0 : null;
}

/**
 * A number stored so that it reads back exactly: a float32 value in the fewest
 * digits that read back as the same float32 (so `Math.fround` of the stored
 * decimal is the value), a float64 value in full (JSON writes the shortest
 * decimal that reads back as the same double); non-finite values become null.
 * Statistics are computed on {@link storedValue} of it, never on the decimal.
 *
 * @param v the number
 * @param precision the arithmetic of the run it comes from
 * @returns the stored number, or null
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { exactStoredNumber } from "./records.ts";
 * strictEqual(exactStoredNumber(145736.59375, "float32"), 145736.6);
 * strictEqual(exactStoredNumber(1 / 3, "float64"), 1 / 3);
 * strictEqual(exactStoredNumber(Infinity, "float32"), null);
 * ```
 */
export function exactStoredNumber(v: number, precision: Precision): number | null {
  if (precision === "float32") return float32Number(v);
  return Number.isFinite(v) ? v + 0 : null;
}

/**
 * The value that an {@link exactStoredNumber} stands for: `Math.fround` of a
 * float32 decimal (145736.6 is 145736.59375), a float64 number itself, and NaN
 * for null (a diverged run).
 *
 * @param stored the stored number, or null
 * @param precision the arithmetic of the run it comes from
 * @returns the value the run computed
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { storedValue } from "./records.ts";
 * strictEqual(storedValue(145736.6, "float32"), 145736.59375);
 * strictEqual(storedValue(145736.6, "float64"), 145736.6);
 * strictEqual(storedValue(null, "float32"), NaN);
 * ```
 */
export function storedValue(stored: number | null, precision: Precision): number {
  if (stored === null) return NaN;
  return precision === "float32" ? Math.fround(stored) : stored;
}

/**
 * A {@link Spread} with its numbers as {@link storedNumber} writes them.
 *
 * @param s a spread
 * @param precision the arithmetic of the run it comes from
 * @returns the same spread, rounded
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { roundSpread } from "./records.ts";
 * strictEqual(roundSpread({ n: 1, nonFinite: 0, median: 1 / 3, q10: 0, q90: 1 }, "float32").median, 0.33333334);
 * ```
 */
export function roundSpread(s: Spread, precision: Precision): Spread {
  const r = (v: number | null) => v === null ? null : storedNumber(v, precision);
  return { n: s.n, nonFinite: s.nonFinite, median: r(s.median), q10: r(s.q10), q90: r(s.q90) };
}
