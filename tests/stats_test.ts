// Tests of lib/experiments/stats.ts against (1) values worked out by hand in the comments, (2) a second method
// (brute-force enumeration, BigInt binomial coefficients, BigInt dynamic programming, a naive bootstrap, a
// simulation of coverage, the rejection rule of Holm's procedure) and (3) Python's math.erfc for the normal tail.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  bootstrapMedianCI,
  holm,
  median,
  pairedComparison,
  pairedDifferences,
  quantile,
  signTest,
  summarize,
  wilcoxonSignedRank,
} from "../lib/experiments/stats.ts";
import { detectableDifference, normalQuantile, sampleSd, wilson } from "../lib/experiments/intervals.ts";
import { ksUniform } from "../lib/experiments/replications.ts";

/** mulberry32, the generator the bootstrap documents (same constants as lib's createRng). */
function mulberry32(seed: number): () => number {
  let state = (seed >>> 0) ^ 0x6d2b79f5;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function close(actual: number, expected: number, relTol: number, what = ""): void {
  ok(Math.abs(actual - expected) <= relTol * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

/** num / 2^exp as a double (num > 0), via its top 64 bits so that huge BigInts do not overflow. */
function dyadic(num: bigint, exp: number): number {
  const shift = Math.max(0, num.toString(2).length - 64);
  const e = shift - exp;
  return Number(num >> BigInt(shift)) * 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));
}

// ---------------------------------------------------------------------------------------------------------------
// quantile, median, summarize (the semantics of the original lib/experiments.ts)

Deno.test("quantile() interpolates between order statistics as worked out by hand", () => {
  // [1..10], q = 0.1: h = 9·0.1 = 0.9, so 1 + 0.9·(2 − 1) = 1.9
  strictEqual(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.1), 1.9);
  // [1, 2, 3, 4], q = 0.5: h = 1.5, so 2 + 0.5·(3 − 2) = 2.5
  strictEqual(median([4, 1, 3, 2]), 2.5);
  strictEqual(median([7, 1, 3]), 3);
  // [0, 100], q = 0.25: h = 0.25, so 0 + 0.25·100 = 25
  strictEqual(quantile([0, 100], 0.25), 25);
  strictEqual(quantile([3, 1, 2], 0), 1);
  strictEqual(quantile([3, 1, 2], 1), 3);
  strictEqual(quantile([5], 0.9), 5);
});

Deno.test("quantile() rejects no values, q outside [0, 1] and non-finite values", () => {
  throws(() => quantile([], 0.5), /no values/);
  throws(() => quantile([1], 1.5), /q must be in \[0, 1\], got 1.5/);
  throws(() => quantile([1], NaN), /got NaN/);
  throws(() => median([1, NaN]), /finite, got NaN/);
  throws(() => median([1, -Infinity]), /finite, got -Infinity/);
});

Deno.test("summarize() gives the median and 10–90 % quantiles of the finite values and counts the rest", () => {
  // finite [1, 2, 3]: q10 at h = 0.2 → 1.2, q90 at h = 1.8 → 2.8
  deepStrictEqual(summarize([3, NaN, 1, 2, Infinity, -Infinity]), {
    n: 3,
    nonFinite: 3,
    median: 2,
    q10: 1.2,
    q90: 2.8,
  });
  deepStrictEqual(summarize([NaN]), { n: 0, nonFinite: 1, median: null, q10: null, q90: null });
  deepStrictEqual(summarize([]), { n: 0, nonFinite: 0, median: null, q10: null, q90: null });
});

// ---------------------------------------------------------------------------------------------------------------
// pairedDifferences and errors

Deno.test("pairedDifferences() subtracts element-wise and rejects mismatched or empty samples", () => {
  deepStrictEqual(pairedDifferences([3, 5, 2], [1, 5, 4]), [2, 0, -2]);
  throws(
    () => pairedDifferences([1, 2, 3], [1, 2]),
    (e) => e instanceof RangeError && /a has length 3, b has 2/.test(e.message),
  );
  throws(() => pairedDifferences([], []), (e) => e instanceof RangeError && /length 0/.test(e.message));
});

Deno.test("the tests reject empty and non-finite differences and bad options with a RangeError", () => {
  for (const f of [signTest, wilcoxonSignedRank, bootstrapMedianCI]) {
    throws(() => f([]), (e) => e instanceof RangeError && /no differences/.test(e.message));
    throws(() => f([1, NaN]), (e) => e instanceof RangeError && /difference 1 is NaN, not finite/.test(e.message));
    throws(() => f([Infinity]), (e) => e instanceof RangeError && /difference 0 is Infinity/.test(e.message));
  }
  throws(() => bootstrapMedianCI([1], { level: 1 }), /Invalid bootstrap options: level 1/);
  throws(() => bootstrapMedianCI([1], { resamples: 0 }), /resamples 0/);
  throws(() => bootstrapMedianCI([1], { seed: 0.5 }), /seed 0.5/);
  const n51 = Array.from({ length: 51 }, (_, i) => i + 1);
  throws(() => wilcoxonSignedRank(n51, { method: "exact" }), /at most 50 non-zero differences, got 51/);
  throws(() => holm([0.1, NaN]), /p-value 1 is NaN/);
  throws(() => holm([1.5]), /not in \[0, 1\]/);
});

// ---------------------------------------------------------------------------------------------------------------
// Sign test

Deno.test("signTest() gives p = 0.109375 for 8 positives and 2 negatives", () => {
  // n = 10, k = 2: P(X ≤ 2) = (C(10,0) + C(10,1) + C(10,2))/2^10 = (1 + 10 + 45)/1024 = 56/1024; p = 112/1024
  deepStrictEqual(signTest([1, 2, 3, 4, 5, 6, 7, 8, -1, -2]), {
    n: 10,
    positive: 8,
    negative: 2,
    ties: 0,
    p: 0.109375,
  });
});

Deno.test("signTest() matches hand-worked binomial tails and drops zeros", () => {
  // 9+ 1−: 2·(1 + 10)/1024 = 22/1024
  strictEqual(signTest([...new Array(9).fill(1), -1]).p, 0.021484375);
  // 10+ 0−: 2·1/1024
  strictEqual(signTest(new Array(10).fill(0.5)).p, 0.001953125);
  // 5+ 5−: 2·(1 + 10 + 45 + 120 + 210 + 252)/1024 = 1276/1024 > 1, capped at 1
  strictEqual(signTest([1, 1, 1, 1, 1, -1, -1, -1, -1, -1]).p, 1);
  // 3+ 1− and two zeros: n = 4, p = 2·(1 + 4)/16 = 0.625
  deepStrictEqual(signTest([0, 2, 0, 3, -1, 4]), { n: 4, positive: 3, negative: 1, ties: 2, p: 0.625 });
  deepStrictEqual(signTest([0, 0]), { n: 0, positive: 0, negative: 0, ties: 2, p: 1 });
});

function signTestReference(n: number, k: number): number {
  let c = 1n;
  let sum = 1n;
  for (let i = 1; i <= k; i++) {
    c = (c * BigInt(n - i + 1)) / BigInt(i); // C(n, i), exact
    sum += c;
  }
  return Math.min(1, dyadic(2n * sum, n));
}

function signs(positive: number, negative: number): number[] {
  return [...new Array(positive).fill(1), ...new Array(negative).fill(-1)];
}

Deno.test("signTest() equals the BigInt binomial sum exactly for n ≤ 50 and to 1e-12 for n up to 5000", () => {
  for (let n = 1; n <= 50; n++) {
    for (let neg = 0; neg <= n; neg++) {
      strictEqual(signTest(signs(n - neg, neg)).p, signTestReference(n, Math.min(neg, n - neg)));
    }
  }
  for (const n of [100, 517, 1000, 1021, 1500, 3000, 5000]) {
    for (
      const k of [0, 1, Math.floor(n / 10), Math.floor(n / 3), Math.floor(n / 2 - 2 * Math.sqrt(n)), Math.floor(n / 2)]
    ) {
      const p = signTest(signs(n - k, k)).p;
      const ref = signTestReference(n, k);
      if (ref < 1e-290) ok(p < 1e-290, `n=${n} k=${k}: ${p} vs ${ref}`);
      else close(p, ref, 1e-12, `n=${n} k=${k}`);
    }
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Wilcoxon signed-rank test

Deno.test("wilcoxonSignedRank() exact p-values match small cases enumerated by hand", () => {
  // n = 3, all positive: W⁻ = 0; of the 8 sign patterns only {} has W ≤ 0, so p = 2·1/8
  deepStrictEqual(wilcoxonSignedRank([1, 2, 3]), { n: 3, wPlus: 6, wMinus: 0, p: 0.25, method: "exact" });
  // ranks 1..4 with rank 2 negative: W⁻ = 2; subsets of {1,2,3,4} with sum ≤ 2: {}, {1}, {2}; p = 2·3/16
  deepStrictEqual(wilcoxonSignedRank([0.1, -0.2, 0, 0.3, 0.4]), {
    n: 4,
    wPlus: 8,
    wMinus: 2,
    p: 0.375,
    method: "exact",
  });
  // ranks 1..6 with rank 6 negative: W⁻ = 6; subsets of {1..6} with sum ≤ 6 by sum 0..6: 1+1+1+2+2+3+4 = 14
  // ({}, {1}, {2}, {3},{1,2}, {4},{1,3}, {5},{1,4},{2,3}, {6},{1,5},{2,4},{1,2,3}); p = 2·14/64 = 0.4375
  deepStrictEqual(wilcoxonSignedRank([1, 2, 3, 4, 5, -6]), { n: 6, wPlus: 15, wMinus: 6, p: 0.4375, method: "exact" });
  // n = 8 with ranks 1 and 2 negative: W⁻ = 3; subsets of {1..8} with sum ≤ 3: {}, {1}, {2}, {3}, {1,2}; p = 10/256
  strictEqual(wilcoxonSignedRank([-1, -2, 3, 4, 5, 6, 7, 8]).p, 0.0390625);
  // n = 1: P(W ≤ 0) = 1/2, so p = min(1, 2·1/2) = 1; all zeros: nothing to rank
  strictEqual(wilcoxonSignedRank([5]).p, 1);
  deepStrictEqual(wilcoxonSignedRank([0, 0, 0]), { n: 0, wPlus: 0, wMinus: 0, p: 1, method: "exact" });
});

Deno.test("wilcoxonSignedRank() uses average ranks and the tie-corrected normal approximation with ties", () => {
  // |d| = 1,1,1,2,3 → ranks 2,2,2,4,5 (1..3 averaged); W⁺ = 2+2+4+5 = 13, W⁻ = 2. μ = 5·6/4 = 7.5,
  // σ² = 5·6·11/24 − (3³ − 3)/48 = 13.75 − 0.5 = 13.25, z = (13 − 7.5 − 0.5)/√13.25 = 1.3736056…,
  // p = erfc(z/√2) = 0.1695641451905634 (Python's math.erfc)
  const r = wilcoxonSignedRank([1, 1, -1, 2, 3]);
  deepStrictEqual({ ...r, p: 0 }, { n: 5, wPlus: 13, wMinus: 2, p: 0, method: "normal" });
  close(r.p, 0.1695641451905634, 1e-12);
  // |d| = 1,1,2 → ranks 1.5,1.5,3; W⁺ = 4.5. Normal: μ = 3, σ² = 3·4·7/24 − (2³ − 2)/48 = 3.375,
  // z = (4.5 − 3 − 0.5)/√3.375 = 0.54433…, p = 0.58621368107314 (math.erfc). Exact given the ties: W⁺ over the
  // 8 sign patterns is 0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6, so P(W⁺ ≤ 1.5) = 3/8 and p = 0.75.
  close(wilcoxonSignedRank([1, -1, 2]).p, 0.58621368107314, 1e-12);
  strictEqual(wilcoxonSignedRank([1, -1, 2], { method: "exact" }).p, 0.75);
});

Deno.test("wilcoxonSignedRank() normal tails agree with Python's math.erfc deep into the tail", () => {
  // n = 60 (> 50, so normal): μ = 915, σ² = 60·61·121/24 = 18452.5
  const ranks = Array.from({ length: 60 }, (_, i) => i + 1);
  // ranks 1..15 negative: W⁻ = 120, W⁺ = 1710, z = 794.5/√18452.5 = 5.848793…
  const deep = wilcoxonSignedRank(ranks.map((r) => (r <= 15 ? -r : r)));
  strictEqual(deep.method, "normal");
  close(deep.p, 4.951510815147859e-9, 1e-12);
  // ranks 1..35 negative: W⁻ = 630, W⁺ = 1200, z = 284.5/√18452.5 = 2.094376…
  close(wilcoxonSignedRank(ranks.map((r) => (r <= 35 ? -r : r))).p, 0.03622649417878664, 1e-12);
});

/** p by enumerating all 2^n sign patterns: the share with |W⁺ − μ| ≥ |observed W⁺ − μ|, ranks computed anew. */
function bruteForceWilcoxonP(diffs: number[]): number {
  const nz = diffs.filter((d) => d !== 0);
  const n = nz.length;
  const rank = nz.map((d) => {
    const below = nz.filter((e) => Math.abs(e) < Math.abs(d)).length;
    const tied = nz.filter((e) => Math.abs(e) === Math.abs(d)).length;
    return below + (tied + 1) / 2;
  });
  const mu = (n * (n + 1)) / 4;
  const observed = Math.abs(nz.reduce((w, d, i) => (d > 0 ? w + rank[i] : w), 0) - mu);
  let extreme = 0;
  for (let mask = 0; mask < 2 ** n; mask++) {
    let w = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) w += rank[i];
    if (Math.abs(w - mu) >= observed) extreme++;
  }
  return extreme / 2 ** n;
}

Deno.test("wilcoxonSignedRank() exact p equals brute-force enumeration of all 2^n sign patterns (n ≤ 12)", () => {
  const rng = mulberry32(2024);
  for (let trial = 0; trial < 150; trial++) {
    const n = 1 + (trial % 12);
    const diffs = Array.from({ length: n }, () => (rng() < 0.1 ? 0 : (rng() - 0.35) * 10));
    const r = wilcoxonSignedRank(diffs);
    strictEqual(r.method, "exact");
    strictEqual(r.p, bruteForceWilcoxonP(diffs), `diffs ${diffs}`);
    strictEqual(r.wPlus + r.wMinus, (r.n * (r.n + 1)) / 2);
    // With ties (magnitudes from {1, 2, 3}), the forced exact test is the exact distribution given average ranks.
    const tied = Array.from({ length: n }, () => (1 + Math.floor(rng() * 3)) * (rng() < 0.4 ? -1 : 1));
    strictEqual(wilcoxonSignedRank(tied, { method: "exact" }).p, bruteForceWilcoxonP(tied), `tied ${tied}`);
  }
});

/** Exact p for ranks 1..n (no ties) by a BigInt subset-sum count: p = min(1, 2·#{W ≤ min(W⁺, W⁻)}/2^n). */
function bigIntExactP(n: number, wMin: number): number {
  let counts = [1n];
  for (let r = 1; r <= n; r++) {
    const next = [...counts, ...new Array<bigint>(r).fill(0n)];
    counts.forEach((c, s) => (next[s + r] += c));
    counts = next;
  }
  const tail = counts.slice(0, wMin + 1).reduce((a, b) => a + b, 0n);
  return Math.min(1, dyadic(2n * tail, n));
}

Deno.test("wilcoxonSignedRank() exact p equals a BigInt count of subsets at n = 40 and n = 50", () => {
  for (const n of [40, 50]) {
    const rng = mulberry32(n);
    for (let trial = 0; trial < 8; trial++) {
      const diffs = Array.from({ length: n }, (_, i) => (i + 1) * (rng() < 0.2 + trial * 0.04 ? -1 : 1));
      const r = wilcoxonSignedRank(diffs);
      strictEqual(r.method, "exact");
      strictEqual(r.p, bigIntExactP(n, Math.min(r.wPlus, r.wMinus)));
    }
  }
});

Deno.test("wilcoxonSignedRank() normal approximation is within 0.005 of the exact p at n = 40", () => {
  // Tolerance: W⁺ is symmetric, so the first Edgeworth correction to the continuity-corrected normal tail is the
  // kurtosis term (γ₂/24)·He₃(z)·φ(z) per tail, with γ₂ = κ₄/σ⁴ = −2.4·(3n² + 3n − 1)/(n(n+1)(2n+1)) = −0.0889 at
  // n = 40 (κ₄ = −Σr⁴/8 for independent ±r/2 terms) and max |He₃φ| = 0.5506, i.e. two-sided 2·0.0889/24·0.5506 =
  // 0.0041; the remainder is O(n⁻²). γ₂ < 0 also means the exact tails are lighter: normal p ≥ exact p there.
  const n = 40;
  let worst = 0;
  for (let w = 0; w <= (n * (n + 1)) / 2; w++) {
    let rest = w; // a sign pattern with W⁺ = w: take the largest ranks that fit
    const positive = new Set<number>();
    for (let r = n; r >= 1; r--) {
      if (r <= rest) {
        positive.add(r);
        rest -= r;
      }
    }
    const diffs = Array.from({ length: n }, (_, i) => (positive.has(i + 1) ? i + 1 : -(i + 1)));
    const exact = wilcoxonSignedRank(diffs);
    const normal = wilcoxonSignedRank(diffs, { method: "normal" });
    strictEqual(exact.wPlus, w);
    worst = Math.max(worst, Math.abs(normal.p - exact.p));
    if (exact.p < 0.05) ok(normal.p >= exact.p, `W⁺ = ${w}: normal ${normal.p} < exact ${exact.p}`);
    if (exact.p >= 0.01 && exact.p <= 0.05) close(normal.p, exact.p, 0.15, `W⁺ = ${w}`);
  }
  ok(worst <= 0.005 && worst > 0.003, `largest |normal − exact| = ${worst}`);
});

Deno.test("wilcoxonSignedRank() switches to the normal approximation above n = 50 or with ties", () => {
  const ranks = (n: number) => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
  strictEqual(wilcoxonSignedRank(ranks(50)).method, "exact");
  strictEqual(wilcoxonSignedRank(ranks(51)).method, "normal");
  strictEqual(wilcoxonSignedRank([...ranks(10), 1]).method, "normal");
});

// ---------------------------------------------------------------------------------------------------------------
// Holm

Deno.test("holm() adjusts a small list as worked out by hand, in the original order", () => {
  // sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1: 0.02, 0.03, 0.06, 0.04; running max: 0.02, 0.03, 0.06, 0.06
  deepStrictEqual(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
  // 3·0.25 = 0.75, 2·0.5 = 1, max(1, 1·0.75) = 1
  deepStrictEqual(holm([0.25, 0.5, 0.75]), [0.75, 1, 1]);
  // capped at 1: 2·0.9 = 1.8 → 1
  deepStrictEqual(holm([0.9, 0.95]), [1, 1]);
  deepStrictEqual(holm([0.2]), [0.2]);
  deepStrictEqual(holm([]), []);
});

Deno.test("holm() adjusted p ≤ α exactly when Holm's step-down procedure rejects at level α", () => {
  // Second method: sort ascending, reject H₍₁₎, H₍₂₎, … while p₍ⱼ₎ ≤ α/(m − j + 1), stop at the first failure.
  const rng = mulberry32(99);
  for (let trial = 0; trial < 300; trial++) {
    const m = 1 + (trial % 9);
    const ps = Array.from({ length: m }, () => (rng() < 0.5 ? rng() * 0.02 : rng()));
    const adjusted = holm(ps);
    const order = ps.map((_, i) => i).sort((i, j) => ps[i] - ps[j]);
    for (const alpha of [0.01, 0.05, 0.1, 0.25]) {
      const rejected = new Set<number>();
      for (let j = 0; j < m && ps[order[j]] <= alpha / (m - j); j++) rejected.add(order[j]);
      ps.forEach((_, i) => strictEqual(adjusted[i] <= alpha, rejected.has(i), `p ${ps}, α ${alpha}`));
    }
    ps.forEach((p, i) => ok(adjusted[i] >= p && adjusted[i] <= 1));
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Bootstrap

/** The documented method done naively: resample arrays, median() each, quantile() of the medians. */
function naiveBootstrap(diffs: number[], level: number, resamples: number, seed: number): [number, number] {
  const sorted = [...diffs].sort((a, b) => a - b);
  const next = mulberry32(seed);
  const medians = Array.from(
    { length: resamples },
    () => median(diffs.map(() => sorted[Math.floor(next() * sorted.length)])),
  );
  return [quantile(medians, (1 - level) / 2), quantile(medians, (1 + level) / 2)];
}

Deno.test("bootstrapMedianCI() equals the naive resample-and-take-median bootstrap bit for bit", () => {
  const rng = mulberry32(5);
  for (const n of [1, 2, 3, 10, 25]) {
    const diffs = Array.from({ length: n }, () => Math.round((rng() - 0.4) * 100) / 10);
    for (const [level, seed] of [[0.95, 0], [0.9, 17], [0.5, 123456789]]) {
      const ci = bootstrapMedianCI(diffs, { level, resamples: 500, seed });
      deepStrictEqual([ci.lo, ci.hi], naiveBootstrap(diffs, level, 500, seed), `n ${n} level ${level} seed ${seed}`);
      deepStrictEqual({ ...ci, lo: 0, hi: 0 }, { estimate: median(diffs), lo: 0, hi: 0, level, resamples: 500, seed });
    }
  }
});

Deno.test("bootstrapMedianCI() is deterministic for a seed and brackets the sample median", () => {
  const diffs = [0.31, -0.12, 0.5, 0.22, 0.45, 0.1, 0.61, 0.2, -0.25, 0.33, 0.05];
  const a = bootstrapMedianCI(diffs, { seed: 42 });
  deepStrictEqual(bootstrapMedianCI(diffs, { seed: 42 }), a);
  deepStrictEqual({ ...a, lo: 0, hi: 0 }, { estimate: 0.22, lo: 0, hi: 0, level: 0.95, resamples: 10000, seed: 42 });
  ok(a.lo <= a.estimate && a.estimate <= a.hi && a.lo < a.hi);
  ok(a.lo >= -0.25 && a.hi <= 0.61);
  const b = bootstrapMedianCI(diffs, { seed: 43 });
  ok(b.lo <= b.estimate && b.estimate <= b.hi);
  const narrow = bootstrapMedianCI(diffs, { seed: 42, level: 0.5 });
  ok(narrow.lo >= a.lo && narrow.hi <= a.hi, "a 50 % interval lies inside the 95 % one");
  deepStrictEqual(bootstrapMedianCI([2.5]), {
    estimate: 2.5,
    lo: 2.5,
    hi: 2.5,
    level: 0.95,
    resamples: 10000,
    seed: 0,
  });
});

Deno.test("bootstrapMedianCI() covers the true median of a skewed distribution about 95 % of the time", () => {
  // 500 samples of n = 25 from Exp(1) − ln 2 (true median 0), 1000 resamples each. The binomial standard error of
  // the coverage over 500 samples is √(0.95·0.05/500) = 0.0097; 4000 samples put this interval's coverage at n = 25
  // at 0.949, so ±0.035 (≈ 3.5 standard errors) fails only if the interval is wrong, not by chance.
  const rng = mulberry32(12345);
  const samples = 500;
  let covered = 0;
  for (let s = 0; s < samples; s++) {
    const x = Array.from({ length: 25 }, () => -Math.log(1 - rng()) - Math.LN2);
    const ci = bootstrapMedianCI(x, { resamples: 1000, seed: s });
    if (ci.lo <= 0 && 0 <= ci.hi) covered++;
  }
  ok(Math.abs(covered / samples - 0.95) <= 0.035, `coverage ${covered / samples}`);
});

// ---------------------------------------------------------------------------------------------------------------
// pairedComparison

Deno.test("pairedComparison() excludes and counts pairs with a non-finite value or difference", () => {
  // pairs 2 (NaN), 3 (−Infinity), 4 (Infinity − Infinity) and 5 (1e308 − (−1e308) overflows) are excluded;
  // left: 3 − 1 = 2, 5 − 2 = 3, 2 − 2 = 0
  const a = [3, 5, NaN, 4, Infinity, 1e308, 2];
  const b = [1, 2, 0, -Infinity, Infinity, -1e308, 2];
  const r = pairedComparison(a, b, { resamples: 200, seed: 3 });
  strictEqual(r.n, 3);
  strictEqual(r.excluded, 4);
  deepStrictEqual(r.excludedIndices, [2, 3, 4, 5]);
  strictEqual(r.medianDifference, 2);
  // sign test: 2+, 0−, 1 tie: n = 2, p = 2·1/4 = 0.5; Wilcoxon: ranks 1, 2 both positive, p = 2·1/4 = 0.5
  deepStrictEqual(r.signTest, { n: 2, positive: 2, negative: 0, ties: 1, p: 0.5 });
  deepStrictEqual(r.wilcoxon, { n: 2, wPlus: 3, wMinus: 0, p: 0.5, method: "exact" });
  deepStrictEqual(r.ci, bootstrapMedianCI([2, 3, 0], { resamples: 200, seed: 3 }));
  ok(!JSON.stringify(r).includes("null"), "no NaN or Infinity (which JSON writes as null) anywhere");
});

Deno.test("pairedComparison() agrees with its parts on clean data and rejects unusable input", () => {
  const rng = mulberry32(8);
  const a = Array.from({ length: 30 }, () => rng());
  const b = a.map((x) => x - 0.1 + (rng() - 0.5) * 0.3);
  const diffs = pairedDifferences(a, b);
  const r = pairedComparison(a, b);
  deepStrictEqual(r, {
    n: 30,
    excluded: 0,
    excludedIndices: [],
    medianDifference: median(diffs),
    ci: bootstrapMedianCI(diffs),
    signTest: signTest(diffs),
    wilcoxon: wilcoxonSignedRank(diffs),
  });
  throws(() => pairedComparison([1, 2], [1]), /a has length 2, b has 1/);
  throws(() => pairedComparison([], []), /length 0/);
  throws(() => pairedComparison([NaN, 1], [0, Infinity]), /all 2 pairs have a non-finite value/);
});

// ---------------------------------------------------------------------------------------------------------------
// intervals.ts and the KS test of replications.ts, against SciPy 1.17 values (written out below) and a second method

Deno.test("wilson() matches SciPy's binomtest(k, n).proportion_ci(method='wilson')", () => {
  const scipy: [number, number, number, number][] = [
    [7, 64, 0.05400113344416799, 0.2089864132689612],
    [30, 1024, 0.020597534519865346, 0.041514631002182556],
    [0, 10, 0, 0.27753279986288926],
    [255, 256, 0.9782090246194175, 0.9993101178330381],
    [20, 64, 0.2123106653948205, 0.4339233570274815],
    [19, 192, 0.06427041684371626, 0.14937923156399277],
    [3, 3, 0.4385029682449546, 1],
  ];
  for (const [k, n, lo, hi] of scipy) {
    const s = wilson(k, n);
    ok(Math.abs(s.lo - lo) < 1e-12 && Math.abs(s.hi - hi) < 1e-12, `${k} of ${n}: ${s.lo}, ${s.hi}`);
    strictEqual(s.share, k / n);
  }
  throws(() => wilson(5, 4), RangeError);
  throws(() => wilson(0, 0), RangeError);
});

Deno.test("wilson() covers the true share about 95 % of the time (simulation)", () => {
  const next = mulberry32(11);
  const [n, p, trials] = [40, 0.1, 4000];
  let covered = 0;
  for (let t = 0; t < trials; t++) {
    let k = 0;
    for (let i = 0; i < n; i++) if (next() < p) k++;
    const s = wilson(k, n);
    if (s.lo <= p && p <= s.hi) covered++;
  }
  ok(covered / trials > 0.92 && covered / trials < 0.98, `coverage ${covered / trials}`);
});

Deno.test("normalQuantile() inverts the normal CDF (SciPy norm.ppf) and detectableDifference() sizes a paired test", () => {
  const scipy: [number, number][] = [
    [0.975, 1.959963984540054],
    [0.8, 0.8416212335729143],
    [0.01, -2.3263478740408408],
    [1e-10, -6.361340902404056],
  ];
  for (const [p, x] of scipy) close(normalQuantile(p), x, 1e-12, `p = ${p}`);
  // (z_0.975 + z_0.8)·sd/√n with the values above: 2.8015852181·3/4
  close(detectableDifference(3, 16), (1.959963984540054 + 0.8416212335729143) * 3 / 4, 1e-12);
  strictEqual(sampleSd([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7));
});

Deno.test("ksUniform() computes the KS distance to U(0, 1) and rejects a sample that is not uniform", () => {
  // D by its formula over the sorted sample, and by brute force over the empirical CDF.
  const next = mulberry32(5);
  const u = Array.from({ length: 1000 }, () => next());
  const sorted = [...u].sort((a, b) => a - b);
  const d = Math.max(...sorted.map((v, i) => Math.max((i + 1) / 1000 - v, v - i / 1000)));
  const r = ksUniform(u);
  strictEqual(r.d, d);
  // Brute force: the largest gap between the empirical CDF (just below and at x) and x, at the sample points.
  let brute = 0;
  for (const x of sorted) {
    const below = sorted.filter((v) => v < x).length / 1000;
    const atOrBelow = sorted.filter((v) => v <= x).length / 1000;
    brute = Math.max(brute, Math.abs(atOrBelow - x), Math.abs(below - x));
  }
  ok(Math.abs(brute - d) < 1e-12, `${brute} vs ${d}`);
  // SciPy kstest([0.1, 0.2, 0.3, 0.4, 0.95], "uniform", method="asymp"): D = 0.4; Stephens' factor makes p smaller.
  strictEqual(ksUniform([0.1, 0.2, 0.3, 0.4, 0.95]).d, 0.4);
  // A sample far from uniform is rejected.
  ok(ksUniform(u.map((v) => v * v)).p < 1e-6);
});
