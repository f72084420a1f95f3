/**
 * Intervals and power for the experiments' shares and comparisons: the
 * Wilson score interval of a share k of n, the standard normal quantile, and
 * the smallest paired mean difference a test detects with a given power.
 *
 * @module
 */

/** A share k/n with its confidence interval. */
export interface Share {
  /** Successes (dead units, diverged models, seeds with zeros, ...). */
  k: number;
  /** Trials. */
  n: number;
  /** k / n. */
  share: number;
  /** Lower end of the interval. */
  lo: number;
  /** Upper end of the interval. */
  hi: number;
}

/**
 * The standard normal quantile Φ⁻¹(p): Acklam's rational approximation
 * (relative error below 1.2e-9), refined by one Halley step on
 * Φ(x) = erfc(−x/√2)/2 with {@link erfc}, which brings it
 * to about 1e-15.
 *
 * @param p a probability in (0, 1) (a RangeError otherwise)
 * @returns x with Φ(x) = p
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { normalQuantile } from "./intervals.ts";
 * strictEqual(normalQuantile(0.5), 0);
 * ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-12);
 * ok(Math.abs(normalQuantile(0.8) - 0.8416212335729143) < 1e-12);
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`Cannot take a normal quantile: p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => {
    const t = Math.sqrt(-2 * Math.log(q));
    return (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5]) /
      ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1);
  };
  let x: number;
  if (p < 0.02425) x = tail(p);
  else if (p > 1 - 0.02425) x = -tail(1 - p);
  else {
    const q = p - 0.5;
    const r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * The complementary error function for x ≥ 0: 1 − erf(x) with erf from its all-positive series
 * erf(x) = 2x/√π · e^(−x²) · Σ (2x²)^k / (1·3·…·(2k+1)) below x = 2, and Laplace's continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) from x = 2 (both near double precision).
 *
 * @param x a number ≥ 0
 * @returns erfc(x)
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { erfc } from "./intervals.ts";
 * ok(Math.abs(erfc(1) - 0.15729920705028513) < 1e-15); // Python's math.erfc(1)
 * ok(Math.abs(erfc(3) / 2.2090496998585438e-05 - 1) < 1e-13); // math.erfc(3)
 * ```
 */
export function erfc(x: number): number {
  if (x < 2) {
    let term = x;
    let sum = x;
    for (let k = 1; term > 1e-17 * sum; k++) {
      term *= (2 * x * x) / (2 * k + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  let f = x;
  for (let k = 200; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Φ(x) = erfc(−x/√2)/2. */
function normalCdf(x: number): number {
  const upper = erfc(Math.abs(x) / Math.SQRT2);
  return x < 0 ? upper / 2 : 1 - upper / 2;
}

/**
 * The Wilson score interval of the share k/n: with z = Φ⁻¹((1 + level)/2),
 * (k + z²/2 ± z·√(k(n − k)/n + z²/4)) / (n + z²). Unlike k/n ± z·√(k(n−k)/n³)
 * it stays inside [0, 1] and is not empty at k = 0 or k = n.
 *
 * @param k successes, an integer in [0, n]
 * @param n trials, an integer ≥ 1 (a RangeError otherwise)
 * @param level the confidence level (default 0.95)
 * @returns the share and its interval
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { wilson } from "./intervals.ts";
 * const s = wilson(7, 64); // SciPy: binomtest(7, 64).proportion_ci(method="wilson") = (0.0540011, 0.2089864)
 * ok(Math.abs(s.lo - 0.0540011334) < 1e-9 && Math.abs(s.hi - 0.2089864133) < 1e-9);
 * strictEqual(wilson(0, 10).lo, 0);
 * ```
 */
export function wilson(k: number, n: number, level = 0.95): Share {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(k) && k >= 0 && k <= n && level > 0 && level < 1)) {
    throw new RangeError(`Cannot take a Wilson interval: need integers 0 <= k <= n, n >= 1, got k ${k}, n ${n}`);
  }
  const z = normalQuantile((1 + level) / 2);
  const z2 = z * z;
  const centre = k + z2 / 2;
  const half = z * Math.sqrt((k * (n - k)) / n + z2 / 4);
  return {
    k,
    n,
    share: k / n,
    lo: Math.max(0, (centre - half) / (n + z2)),
    hi: Math.min(1, (centre + half) / (n + z2)),
  };
}

/**
 * The smallest mean paired difference that a two-sided test at level `alpha`
 * detects with probability `power`, given the standard deviation `sd` of the
 * paired differences over `n` pairs (normal approximation of the paired
 * t-test): (Φ⁻¹(1 − α/2) + Φ⁻¹(power))·sd/√n. A difference in the data
 * smaller than this is one the experiment could easily have missed.
 *
 * @param sd standard deviation of the paired differences (≥ 0)
 * @param n number of pairs (≥ 1)
 * @param alpha the test's level (default 0.05)
 * @param power the wanted power (default 0.8)
 * @returns the minimum detectable mean difference
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { detectableDifference } from "./intervals.ts";
 * // (1.959964 + 0.841621)·10/√64 = 3.50198
 * ok(Math.abs(detectableDifference(10, 64) - 3.501981) < 1e-6);
 * ```
 */
export function detectableDifference(sd: number, n: number, alpha = 0.05, power = 0.8): number {
  if (!(sd >= 0 && n >= 1 && alpha > 0 && alpha < 1 && power > 0 && power < 1)) {
    throw new RangeError(`Cannot size a test: need sd >= 0, n >= 1, alpha and power in (0, 1)`);
  }
  return ((normalQuantile(1 - alpha / 2) + normalQuantile(power)) * sd) / Math.sqrt(n);
}

/**
 * The sample standard deviation (n − 1 in the denominator) of finite values.
 *
 * @param values at least two numbers
 * @returns the standard deviation
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { sampleSd } from "./intervals.ts";
 * strictEqual(sampleSd([1, 2, 3, 4]), Math.sqrt(5 / 3));
 * ```
 */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) throw new RangeError(`Cannot take a standard deviation of ${values.length} values`);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}
