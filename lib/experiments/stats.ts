/**
 * Paired statistics for comparing two conventions run on the same seeds: the summary quantiles used by every figure
 * ({@link quantile}, {@link summarize}), a seeded bootstrap interval for the median paired difference, the exact sign
 * test, the Wilcoxon signed-rank test, Holm's correction, and {@link pairedComparison}, which bundles them.
 *
 * @module
 */
import { erfc } from "./intervals.ts";
import { medianResampleRanks } from "./resample_ranks.ts";

/**
 * The q-quantile of `values` by linear interpolation between order statistics (NumPy's default, "type 7"): with the
 * values sorted ascending as v[0..n-1], h = (n − 1)·q and the result is v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋]).
 *
 * @param values Finite numbers, at least one (a RangeError otherwise).
 * @param q The quantile level in [0, 1].
 * @returns The interpolated quantile.
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { quantile } from "./stats.ts";
 * strictEqual(quantile([4, 1, 3, 2], 0.5), 2.5);
 * strictEqual(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1), 1.9);
 * ```
 */
export function quantile(values: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Cannot take a quantile: q must be in [0, 1], got ${q}`);
  if (values.length === 0) throw new RangeError("Cannot take a quantile of no values");
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw new RangeError(`Cannot take a quantile: every value must be finite, got ${bad}`);
  return sortedQuantile([...values].sort((a, b) => a - b), q);
}

/**
 * The median of finite `values` ({@link quantile} at 0.5).
 *
 * @param values Finite numbers, at least one.
 * @returns The median (the mean of the two middle values for an even count).
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { median } from "./stats.ts";
 * strictEqual(median([3, 1, 2]), 2);
 * strictEqual(median([4, 1, 3, 2]), 2.5);
 * ```
 */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median and 10–90 % quantiles of a group of values; non-finite values (diverged models) are counted, not used. */
export interface Spread {
  /** Number of finite values summarised. */ n: number;
  /** Number of values left out because they are NaN or infinite. */ nonFinite: number;
  /** Median of the finite values (null when there are none). */ median: number | null;
  /** 10 % quantile of the finite values (null when there are none). */ q10: number | null;
  /** 90 % quantile of the finite values (null when there are none). */ q90: number | null;
}

/**
 * The {@link Spread} of `values`: median, 10 % and 90 % quantiles of the finite ones, and how many were not finite.
 *
 * @param values Any numbers; NaN and ±Infinity are counted in `nonFinite` and otherwise ignored.
 * @returns The spread; its statistics are null when no value is finite.
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { summarize } from "./stats.ts";
 * deepStrictEqual(summarize([3, NaN, 1, 2]), { n: 3, nonFinite: 1, median: 2, q10: 1.2, q90: 2.8 });
 * ```
 */
export function summarize(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  const nonFinite = values.length - finite.length;
  const at = (q: number) => (finite.length === 0 ? null : quantile(finite, q));
  return { n: finite.length, nonFinite, median: at(0.5), q10: at(0.1), q90: at(0.9) };
}

/**
 * The element-wise differences a[i] − b[i] of two paired samples (same seed at the same index). Non-finite
 * inputs are passed through (NaN stays NaN); the tests below reject them, {@link pairedComparison} excludes them.
 *
 * @param a The first sample.
 * @param b The second sample, as long as `a`.
 * @returns The differences, in order.
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { pairedDifferences } from "./stats.ts";
 * deepStrictEqual(pairedDifferences([3, 5, 2], [1, 5, 4]), [2, 0, -2]);
 * throws(() => pairedDifferences([1, 2], [1]), RangeError);
 * ```
 */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError(`Cannot pair samples: a has length ${a.length}, b has ${b.length}`);
  if (a.length === 0) throw new RangeError("Cannot pair empty samples: a and b have length 0");
  return a.map((x, i) => x - b[i]);
}

function checkDiffs(diffs: readonly number[], what: string): void {
  if (diffs.length === 0) throw new RangeError(`Cannot run ${what} on no differences`);
  const bad = diffs.findIndex((d) => !Number.isFinite(d));
  if (bad >= 0) throw new RangeError(`Cannot run ${what}: difference ${bad} is ${diffs[bad]}, not finite`);
}

/** Options of {@link bootstrapMedianCI} (and of {@link pairedComparison}). */
export interface BootstrapOptions {
  /** Confidence level in (0, 1); default 0.95. */ level?: number;
  /** Number of bootstrap resamples, an integer ≥ 1; default 10000. */ resamples?: number;
  /** Integer seed of the resampling generator; default 0. */ seed?: number;
}

/** A bootstrap confidence interval for the median difference. */
export interface BootstrapCI {
  /** The median of the differences themselves. */ estimate: number;
  /** Lower end of the interval. */ lo: number;
  /** Upper end of the interval. */ hi: number;
  /** Confidence level used. */ level: number;
  /** Number of resamples drawn. */ resamples: number;
  /** Seed used. */ seed: number;
}

/**
 * A seeded percentile-bootstrap confidence interval for the median of paired differences. Method: draw `resamples`
 * samples of size n with replacement (each draw is sorted(diffs)[⌊u·n⌋], u from a mulberry32 generator seeded by
 * `seed`), take the {@link median} of each, and report the type-7 {@link quantile}s at (1 − level)/2 and
 * (1 + level)/2 of those medians. The same inputs and seed always give the same interval.
 *
 * @param diffs Finite paired differences, at least one (a RangeError otherwise).
 * @param options Level, number of resamples and seed.
 * @returns The estimate (median of `diffs`), the interval [lo, hi] and the settings used.
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { bootstrapMedianCI } from "./stats.ts";
 * const diffs = [0.3, -0.1, 0.5, 0.2, 0.4, 0.1, 0.6, 0.2, -0.2, 0.3];
 * const ci = bootstrapMedianCI(diffs, { seed: 7 });
 * ok(ci.lo <= ci.estimate && ci.estimate <= ci.hi);
 * deepStrictEqual(bootstrapMedianCI(diffs, { seed: 7 }), ci);
 * ```
 */
export function bootstrapMedianCI(diffs: readonly number[], options: BootstrapOptions = {}): BootstrapCI {
  const { level = 0.95, resamples = 10000, seed = 0 } = options;
  checkDiffs(diffs, "a bootstrap");
  if (!(level > 0 && level < 1 && Number.isInteger(resamples) && resamples >= 1 && Number.isInteger(seed))) {
    throw new RangeError(`Invalid bootstrap options: level ${level}, resamples ${resamples}, seed ${seed}`);
  }
  const n = diffs.length;
  const sorted = Float64Array.from(diffs).sort();
  // A resample's median only needs its order statistics ⌊h⌋ and ⌊h⌋+1, whose ranks depend on the draws alone
  // (see medianResampleRanks): the same value as median() of the resample.
  const { lo: ranksLo, hi: ranksHi, frac } = medianResampleRanks(n, seed, resamples);
  const medians = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const vLo = sorted[ranksLo[r]];
    medians[r] = vLo + frac * (sorted[ranksHi[r]] - vLo);
  }
  medians.sort();
  const [lo, hi] = [sortedQuantile(medians, (1 - level) / 2), sortedQuantile(medians, (1 + level) / 2)];
  return { estimate: median(diffs), lo, hi, level, resamples, seed };
}

/** Type-7 quantile of an already sorted, non-empty array (the formula of {@link quantile}). */
function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Result of {@link signTest}. */
export interface SignTestResult {
  /** Number of non-zero differences (the binomial n). */ n: number;
  /** Number of positive differences. */ positive: number;
  /** Number of negative differences. */ negative: number;
  /** Number of zero differences (dropped). */ ties: number;
  /** Exact two-sided p-value. */ p: number;
}

/**
 * The exact two-sided sign test: zeros are dropped, and with n non-zero differences and X ~ Bin(n, ½),
 * p = min(1, 2·P(X ≤ min(positive, negative))). The binomial coefficients are summed exactly while below
 * 2^53 and with a floating scale beyond, so p is exact for small n and accurate to ~1e-13 for n in the thousands.
 *
 * @param diffs Finite paired differences, at least one (a RangeError otherwise).
 * @returns The counts and the p-value; p = 1 when every difference is zero.
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { signTest } from "./stats.ts";
 * // 8 positive, 2 negative: p = 2·(1 + 10 + 45)/1024
 * const diffs = [1, 2, 3, 4, 5, 6, 7, 8, -1, -2, 0];
 * deepStrictEqual(signTest(diffs), { n: 10, positive: 8, negative: 2, ties: 1, p: 0.109375 });
 * ```
 */
export function signTest(diffs: readonly number[]): SignTestResult {
  checkDiffs(diffs, "a sign test");
  const positive = diffs.filter((d) => d > 0).length;
  const negative = diffs.filter((d) => d < 0).length;
  const n = positive + negative;
  const k = Math.min(positive, negative);
  // Σ_{i≤k} C(n,i) by C(n,i) = C(n,i−1)·(n−i+1)/i (exact integers while below 2^53), rescaled by 2^−960 whenever
  // it passes 2^960, times 2^(1−n) applied in two halves so that neither factor underflows for n in the thousands.
  let [term, sum, e] = [1, 1, 1 - n];
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
    if (sum > 2 ** 960) [term, sum, e] = [term * 2 ** -960, sum * 2 ** -960, e + 960];
  }
  const p = Math.min(1, sum * 2 ** (e >> 1) * 2 ** (e - (e >> 1)));
  return { n, positive, negative, ties: diffs.length - n, p };
}

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonResult {
  /** Number of non-zero differences ranked. */ n: number;
  /** Sum of the ranks of |d| over the positive differences. */ wPlus: number;
  /** Sum of the ranks of |d| over the negative differences. */ wMinus: number;
  /** Two-sided p-value. */ p: number;
  /** How p was computed (see {@link wilcoxonSignedRank}). */ method: "exact" | "normal";
}

/**
 * The two-sided Wilcoxon signed-rank test. Zeros are dropped (Wilcoxon's convention, as R and SciPy by default) and
 * the remaining |d| ranked 1..n, tied values sharing their average rank.
 *
 * - "exact" (the default when n ≤ 50 and no |d| are tied): under H0 each rank's sign is a fair coin, so the number
 *   of sign patterns with W⁺ = s is counted by dynamic programming over the ranks (counts ≤ 2^50 are exact doubles;
 *   forced with ties, it is the exact distribution given the average ranks). p = min(1, 2·P(W⁺ ≤ min(W⁺, W⁻))).
 * - "normal" (the default otherwise): μ = n(n+1)/4, σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over groups of t tied |d|,
 *   z = (W⁺ − μ − ½·sign(W⁺ − μ))/σ and p = erfc(|z|/√2), the same formula as R's `wilcox.test` with `correct`.
 *
 * @param diffs Finite paired differences, at least one (a RangeError otherwise).
 * @param options `method`: "auto" (default, as above), "exact" (n ≤ 50 only, a RangeError beyond) or "normal".
 * @returns The rank sums, the p-value and the method used; p = 1 when every difference is zero.
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { wilcoxonSignedRank } from "./stats.ts";
 * // ranks 1..4, W⁻ = 2; subsets of {1,2,3,4} with sum ≤ 2: {}, {1}, {2}, so p = 2·3/16
 * deepStrictEqual(wilcoxonSignedRank([1, -2, 3, 4, 0]), { n: 4, wPlus: 8, wMinus: 2, p: 0.375, method: "exact" });
 * ```
 */
export function wilcoxonSignedRank(
  diffs: readonly number[],
  options: { method?: "auto" | "exact" | "normal" } = {},
): WilcoxonResult {
  checkDiffs(diffs, "a Wilcoxon signed-rank test");
  const nz = diffs.filter((d) => d !== 0).sort((x, y) => Math.abs(x) - Math.abs(y));
  const n = nz.length;
  const ranks2: number[] = []; // 2·rank of each |d| (an integer, also for average ranks)
  let tieTerm = 0; // Σ (t³ − t) over groups of t tied |d|
  for (let i = 0, j = 1; i < n; i = j, j = i + 1) {
    while (j < n && Math.abs(nz[j]) === Math.abs(nz[i])) j++;
    for (let m = i; m < j; m++) ranks2.push(i + 1 + j); // average of ranks i+1..j, doubled
    tieTerm += (j - i) ** 3 - (j - i);
  }
  const wPlus = nz.reduce((w, d, m) => (d > 0 ? w + ranks2[m] / 2 : w), 0);
  const wMinus = (n * (n + 1)) / 2 - wPlus;
  const { method: wanted = "auto" } = options;
  const method = wanted === "auto" ? (n > 50 || tieTerm > 0 ? "normal" : "exact") : wanted;
  if (n === 0) return { n, wPlus, wMinus, p: 1, method };
  if (method === "exact") {
    if (n > 50) throw new RangeError(`An exact Wilcoxon test needs at most 50 non-zero differences, got ${n}`);
    const counts = new Float64Array(n * (n + 1) + 1); // counts[s]: sign patterns with 2·W⁺ = s
    counts[0] = 1;
    let top = 0;
    for (const r2 of ranks2) for (let s = (top += r2); s >= r2; s--) counts[s] += counts[s - r2];
    let tail = 0;
    for (let s = 0; s <= 2 * Math.min(wPlus, wMinus); s++) tail += counts[s];
    return { n, wPlus, wMinus, p: Math.min(1, (2 * tail) / 2 ** n), method };
  }
  const mu = (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const z = (wPlus - mu - 0.5 * Math.sign(wPlus - mu)) / sigma;
  return { n, wPlus, wMinus, p: Math.min(1, erfc(Math.abs(z) / Math.SQRT2)), method: "normal" };
}

/**
 * Holm–Bonferroni adjusted p-values: with the m p-values sorted ascending as p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted
 * value of p₍ᵢ₎ is max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎) (step-down, monotone, capped at 1). Rejecting
 * every hypothesis whose adjusted p is ≤ α controls the family-wise error rate at α.
 *
 * @param pValues p-values in [0, 1] (a RangeError otherwise); may be empty.
 * @returns The adjusted p-values, in the original order.
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { holm } from "./stats.ts";
 * // sorted 0.01, 0.02, 0.5: 3·0.01, max(0.03, 2·0.02), max(0.04, 1·0.5)
 * deepStrictEqual(holm([0.5, 0.01, 0.02]), [0.5, 0.03, 0.04]);
 * ```
 */
export function holm(pValues: readonly number[]): number[] {
  const bad = pValues.findIndex((p) => !(p >= 0 && p <= 1));
  if (bad >= 0) throw new RangeError(`Cannot adjust p-values: p-value ${bad} is ${pValues[bad]}, not in [0, 1]`);
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((i, j) => pValues[i] - pValues[j]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]));
    adjusted[idx] = running;
  });
  return adjusted;
}

/** Result of {@link pairedComparison}. */
export interface PairedComparison {
  /** Number of pairs used (both values and their difference finite). */ n: number;
  /** Number of pairs excluded because a value or the difference was NaN or infinite. */ excluded: number;
  /** Indices (into the inputs) of the excluded pairs. */ excludedIndices: number[];
  /** Median of a[i] − b[i] over the pairs used. */ medianDifference: number;
  /** Bootstrap interval for the median difference. */ ci: BootstrapCI;
  /** Exact sign test. */ signTest: SignTestResult;
  /** Wilcoxon signed-rank test. */ wilcoxon: WilcoxonResult;
}

/**
 * Compares paired samples a and b (index i = same seed under two conventions) on the differences a[i] − b[i].
 * Rule for non-finite values: a pair is excluded when a[i], b[i] or their difference is NaN or ±Infinity (a
 * diverged run); it is counted in `excluded` and listed in `excludedIndices`, and everything else is computed on
 * the remaining pairs. Report divergence separately (e.g. {@link summarize}'s `nonFinite`): exclusion drops it.
 *
 * @param a The first sample (e.g. final losses with relu'(0) = 0).
 * @param b The second sample, as long as `a`; a RangeError when the lengths differ, are 0, or no pair is finite.
 * @param options Bootstrap settings ({@link BootstrapOptions}).
 * @returns The counts, median difference, bootstrap interval, sign test and Wilcoxon test.
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { pairedComparison } from "./stats.ts";
 * const r = pairedComparison([5, 6, 7, NaN, 9], [4, 4, 4, 4, 4], { resamples: 1000 });
 * strictEqual(r.n, 4);
 * strictEqual(r.excluded, 1);
 * strictEqual(r.medianDifference, 2.5);
 * strictEqual(r.signTest.p, 0.125); // 4 of 4 positive: 2·(1/16)
 * ```
 */
export function pairedComparison(
  a: readonly number[],
  b: readonly number[],
  options?: BootstrapOptions,
): PairedComparison {
  const all = pairedDifferences(a, b);
  const kept = all.map((d, i) => Number.isFinite(a[i]) && Number.isFinite(b[i]) && Number.isFinite(d));
  const excludedIndices = kept.flatMap((ok, i) => ok ? [] : [i]);
  const diffs = all.filter((_, i) => kept[i]);
  if (diffs.length === 0) {
    throw new RangeError(`Cannot compare paired samples: all ${all.length} pairs have a non-finite value`);
  }
  return {
    n: diffs.length,
    excluded: excludedIndices.length,
    excludedIndices,
    medianDifference: median(diffs),
    ci: bootstrapMedianCI(diffs, options),
    signTest: signTest(diffs),
    wilcoxon: wilcoxonSignedRank(diffs),
  };
}
