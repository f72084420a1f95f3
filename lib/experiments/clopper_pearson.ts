/**
 * The Clopper–Pearson ("exact") confidence interval of a binomial share:
 * the set of p for which neither tail of Binomial(n, p) at the observed k is
 * below (1 − level) / 2. Found by bisection on the binomial tails, which are
 * summed in log space, so it holds for n in the thousands.
 *
 * @module
 */
import type { Share } from "./intervals.ts";

/** log(n choose k) via log-gamma-free summation of logs (exact enough for n ≤ 10⁶). */
function logChoose(n: number, k: number): number {
  let s = 0;
  const m = Math.min(k, n - k);
  for (let i = 1; i <= m; i++) s += Math.log((n - m + i) / i);
  return s;
}

/** P(X ≤ k) for X ~ Binomial(n, p), 0 < p < 1. */
function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  const [lp, lq] = [Math.log(p), Math.log1p(-p)];
  let term = logChoose(n, 0) + n * lq; // log P(X = 0)
  let sum = 0;
  for (let i = 0; i <= k; i++) {
    sum += Math.exp(term);
    term += Math.log((n - i) / (i + 1)) + lp - lq;
  }
  return Math.min(sum, 1);
}

/** The p in (0, 1) where the decreasing function `f` crosses `target`, by 200 bisections. */
function solveDecreasing(f: (p: number) => number, target: number): number {
  let [lo, hi] = [0, 1];
  for (let step = 0; step < 200 && hi - lo > 1e-17; step++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The Clopper–Pearson interval of k successes in n trials: the lower end
 * solves P(X ≥ k) = (1 − level)/2 (0 when k = 0), the upper end solves
 * P(X ≤ k) = (1 − level)/2 (1 when k = n).
 *
 * @param k successes, an integer in [0, n]
 * @param n trials, a positive integer
 * @param level the confidence level (default 0.95)
 * @returns the share and its interval
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { clopperPearson } from "./clopper_pearson.ts";
 * const { lo, hi, share } = clopperPearson(5, 10);
 * strictEqual(share, 0.5);
 * ok(Math.abs(lo - 0.1870860) < 1e-7 && Math.abs(hi - 0.8129140) < 1e-7); // R: binom.test(5, 10)
 * strictEqual(clopperPearson(0, 10).lo, 0);
 * ok(Math.abs(clopperPearson(0, 10).hi - (1 - 0.025 ** (1 / 10))) < 1e-12);
 * ```
 */
export function clopperPearson(k: number, n: number, level = 0.95): Share {
  if (!(Number.isInteger(n) && n > 0 && Number.isInteger(k) && k >= 0 && k <= n)) {
    throw new RangeError(
      `Cannot form a Clopper–Pearson interval: need integers 0 ≤ k ≤ n, n > 0, got k = ${k}, n = ${n}`,
    );
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`Cannot form an interval at level ${level}: need 0 < level < 1`);
  const tail = (1 - level) / 2;
  // P(X ≥ k) = 1 − P(X ≤ k − 1) grows with p; its complement falls.
  const lo = k === 0 ? 0 : solveDecreasing((p) => binomialCdf(k - 1, n, p), 1 - tail);
  const hi = k === n ? 1 : solveDecreasing((p) => binomialCdf(k, n, p), tail);
  return { k, n, share: k / n, lo, hi };
}
