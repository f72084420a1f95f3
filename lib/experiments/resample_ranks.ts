/**
 * Where the median of each bootstrap resample falls, by rank: what
 * `bootstrapMedianCI` (`stats.ts`) draws depends only on the sample size, the
 * seed and the number of resamples, not on the values, so the ranks are drawn
 * once per (n, seed, resamples) and every comparison of that size reads them.
 * The experiments compare 64 seeds dozens of times with the same seed.
 *
 * @module
 */
import { createRng } from "../math/random.ts";

/** The ranks, in the sorted sample, of the two order statistics whose interpolation is a resample's median. */
export interface MedianRanks {
  /** Per resample: the rank of order statistic ⌊h⌋, h = (n − 1) / 2. */
  lo: Int32Array;
  /** Per resample: the rank of order statistic ⌊h⌋ + 1 (⌊h⌋ when n is 1). */
  hi: Int32Array;
  /** h − ⌊h⌋: a resample's median is `sorted[lo] + frac·(sorted[hi] − sorted[lo])`. */
  frac: number;
}

/** The most recent draws kept (a notebook may compare many sizes). */
const KEPT = 8;
const kept = new Map<string, MedianRanks>();

/**
 * The ranks of each resample's median: draw `resamples` samples of size n
 * with replacement (draw i is rank ⌊u·n⌋, u from the mulberry32 generator of
 * `createRng(seed)`), count how often each rank is drawn, and walk the counts
 * to the order statistics ⌊h⌋ and ⌊h⌋ + 1, h = (n − 1) / 2. A resample's
 * median is then `sorted[lo] + frac·(sorted[hi] − sorted[lo])`. Drawn
 * once per (n, seed, resamples) and kept (the last few).
 *
 * @param n the sample size, an integer ≥ 1
 * @param seed the generator's seed, an integer
 * @param resamples the number of resamples, an integer ≥ 1
 * @returns the ranks (shared: not to be changed)
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { medianResampleRanks } from "./resample_ranks.ts";
 * const { lo, hi } = medianResampleRanks(1, 0, 3);
 * deepStrictEqual([...lo, ...hi], [0, 0, 0, 0, 0, 0]); // one value: every resample is that value
 * const ranks = medianResampleRanks(5, 7, 100);
 * strictEqual(medianResampleRanks(5, 7, 100), ranks); // drawn once
 * strictEqual(ranks.lo.every((r, i) => 0 <= r && r <= ranks.hi[i] && ranks.hi[i] < 5), true);
 * strictEqual(ranks.frac, 0); // n odd: the median is order statistic 2 itself
 * strictEqual(medianResampleRanks(4, 7, 100).frac, 0.5);
 * ```
 */
export function medianResampleRanks(n: number, seed: number, resamples: number): MedianRanks {
  const key = `${n},${seed},${resamples}`;
  const found = kept.get(key);
  if (found) return found;
  const h = (n - 1) * 0.5;
  const k = Math.floor(h);
  const k1 = Math.min(k + 1, n - 1);
  const counts = new Uint32Array(n);
  const ranks = { lo: new Int32Array(resamples), hi: new Int32Array(resamples), frac: h - k };
  const next = createRng(seed).next;
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(next() * n)]++;
    let [j, seen] = [0, counts[0]];
    while (seen <= k) seen += counts[++j];
    ranks.lo[r] = j;
    while (seen <= k1) seen += counts[++j];
    ranks.hi[r] = j;
  }
  if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  kept.set(key, ranks);
  return ranks;
}
