/**
 * Checks with more seeds than the sweep and the grid have: are the initial
 * draws U(−1/√fan_in, 1/√fan_in) (Kolmogorov–Smirnov over many seeds), are
 * consecutive seeds' streams uncorrelated, how often a seed ends on the
 * ≈ 56 000 plateau at lr 1e-4 with H = 7, and whether 0.5 beats 1 in the
 * zero-initialised setting when there are enough seeds to tell.
 *
 * @module
 */
import type { EngineFactory } from "../engine/contract.ts";
import { ESSAY } from "../essay.ts";
import { createRegressor, targetData } from "../model/regressor.ts";
import { trainBatch } from "../train/batch.ts";
import { erfc, type Share, wilson } from "./intervals.ts";
import { exactStoredNumber } from "./records.ts";
import { pairedComparison } from "./stats.ts";
import { EXACT_ZERO_SETTING, sweepInit } from "./sweep.ts";

/** A one-sample Kolmogorov–Smirnov test against U(0, 1). */
export interface KsResult {
  /** Number of values. */
  n: number;
  /** sup |F_n(u) − u|. */
  d: number;
  /** Asymptotic two-sided p-value (Kolmogorov's distribution with Stephens' small-sample factor). */
  p: number;
}

/**
 * The Kolmogorov–Smirnov test of values in [0, 1] against U(0, 1): D = max over the sorted values u₍ᵢ₎ of
 * max(i/n − u₍ᵢ₎, u₍ᵢ₎ − (i−1)/n), and p = Q((√n + 0.12 + 0.11/√n)·D) with
 * Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} (Stephens 1970; within 1e-3 of the exact p for n ≥ 35).
 *
 * @param values the sample
 * @returns n, D and p
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { ksUniform } from "./replications.ts";
 * const r = ksUniform([0.1, 0.2, 0.3, 0.4, 0.95]); // largest gap: 4/5 − 0.4 at the fourth value
 * strictEqual(r.d, 0.4);
 * ok(r.p > 0.3 && r.p < 0.4); // SciPy kstest(..., method="asymp"), without Stephens' factor: 0.400
 * ```
 */
export function ksUniform(values: readonly number[]): KsResult {
  const u = Float64Array.from(values).sort();
  const n = u.length;
  let d = 0;
  u.forEach((v, i) => (d = Math.max(d, (i + 1) / n - v, v - i / n)));
  const lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
  return { n, d, p: Math.min(1, Math.max(0, lambda < 0.2 ? 1 : p)) };
}

/** The initial draws of one seed, mapped to [0, 1] by their bounds: w0, b0 (bound 1), w1, b1 (bound 1/√H). */
function initialUniforms(hidden: number, seed: number): Record<"w0" | "b0" | "w1" | "b1", number[]> {
  const p = createRegressor({ hidden, seed });
  const outer = 1 / Math.sqrt(hidden);
  const u = (v: number, bound: number) => (v / bound + 1) / 2;
  return {
    w0: p.w0.map((v) => u(v, 1)),
    b0: p.b0.map((v) => u(v, 1)),
    w1: p.w1.map((v) => u(v, outer)),
    b1: [u(p.b1, outer)],
  };
}

/** The initialiser check: KS per parameter and pooled, and the correlation of consecutive seeds' draws. */
export interface InitCheck {
  /** Hidden units of the networks drawn. */
  hidden: number;
  /** Seeds 0..seeds−1. */
  seeds: number;
  /** KS test of each parameter's draws, mapped to [0, 1] by U(−1/√fan_in, 1/√fan_in), and of all of them. */
  ks: Record<"w0" | "b0" | "w1" | "b1" | "all", KsResult>;
  /** Pearson correlation of draw k of seed s with draw k of seed s + 1, over all s and k, and its two-sided p (r·√n ~ N(0, 1)). */
  consecutive: { pairs: number; r: number; p: number };
}

/**
 * Checks the PyTorch-style initialiser over seeds 0..seeds−1.
 *
 * @param hidden H
 * @param seeds the number of seeds
 * @returns the KS tests and the consecutive-seed correlation
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { checkInitialiser } from "./replications.ts";
 * const c = checkInitialiser(7, 256);
 * strictEqual(c.ks.all.n, 256 * 22); // 7 + 7 + 7 + 1 draws per seed
 * ok(c.ks.all.p > 0.01 && Math.abs(c.consecutive.r) < 0.05);
 * ```
 */
export function checkInitialiser(hidden: number, seeds: number): InitCheck {
  const draws = Array.from({ length: seeds }, (_, s) => initialUniforms(hidden, s));
  const names = ["w0", "b0", "w1", "b1"] as const;
  const flat = draws.map((d) => names.flatMap((k) => d[k]));
  const ks = Object.fromEntries([
    ...names.map((k) => [k, ksUniform(draws.flatMap((d) => d[k]))]),
    ["all", ksUniform(flat.flat())],
  ]) as InitCheck["ks"];
  let [sx, sy, sxx, syy, sxy, n] = [0, 0, 0, 0, 0, 0];
  for (let s = 0; s + 1 < seeds; s++) {
    flat[s].forEach((x, k) => {
      const y = flat[s + 1][k];
      [sx, sy, sxx, syy, sxy, n] = [sx + x, sy + y, sxx + x * x, syy + y * y, sxy + x * y, n + 1];
    });
  }
  const r = (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
  const z = Math.abs(r) * Math.sqrt(n);
  return { hidden, seeds, ks, consecutive: { pairs: n, r, p: erfc(z / Math.SQRT2) } };
}

/** How many seeds of the essay's defaults end on the high-loss plateau. */
export interface PlateauShare {
  /** Learning rate, H, updates, and the loss above which a seed counts as on the plateau. */
  lr: number;
  /** Hidden units. */
  hidden: number;
  /** Full-batch SGD updates. */
  epochs: number;
  /** A seed is on the plateau when its final MSE is above this. */
  threshold: number;
  /** Seeds on the plateau among all seeds, with a Wilson 95 % interval. */
  share: Share;
  /** The same among the first 64 seeds (those of the dead-unit grid). */
  first64: Share;
  /** Every seed's final MSE (float32, stored exactly). */
  finalLoss: (number | null)[];
}

/**
 * Trains seeds 0..seeds−1 with the essay's defaults (relu'(0) = 0, float32) and counts those that end on the
 * plateau (final MSE above `threshold`; the plateau is near 56 000, every other seed ends far below 10 000).
 *
 * @param createEngine the training engine
 * @param seeds the number of seeds
 * @param epochs updates (default the essay's)
 * @param threshold the plateau's lower edge (default 10 000)
 * @returns the share and every seed's final MSE
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { plateauShare } from "./replications.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const r = await plateauShare(createFusedEngine, 2, 1, 0); // one update: every loss is above 0
 * strictEqual(r.share.k, 2);
 * ```
 */
export async function plateauShare(
  createEngine: EngineFactory,
  seeds: number,
  epochs: number = ESSAY.epochs,
  threshold = 10000,
): Promise<PlateauShare> {
  const data = targetData({ points: ESSAY.points, xMin: ESSAY.xMin, xMax: ESSAY.xMax });
  const ids = Array.from({ length: seeds }, (_, i) => i);
  const batch = await trainBatch(createEngine, {
    x: data.x,
    y: data.y,
    init: ids.map((seed) => createRegressor({ hidden: ESSAY.hidden, seed })),
    seeds: ids,
    lr: ESSAY.lr,
    optimizer: ESSAY.optimizer,
    gradAtZero: ESSAY.gradAtZero,
    epochs,
    precision: ESSAY.precision,
  });
  const finals = batch.losses.map((l) => l[epochs]);
  const on = (vs: number[]) => vs.filter((v) => v > threshold).length;
  return {
    lr: ESSAY.lr,
    hidden: ESSAY.hidden,
    epochs,
    threshold,
    share: wilson(on(finals), seeds),
    first64: wilson(on(finals.slice(0, 64)), Math.min(64, seeds)),
    finalLoss: finals.map((v) => exactStoredNumber(v, "float32")),
  };
}

/** 1 vs 0.5 in the zero-initialised setting (float32) over many seeds, and over the first `subset` of them. */
export interface HalfVsOne {
  /** Seeds 0..seeds−1. */
  seeds: number;
  /** The tests over each number of seeds: all of them and the first 256 and 64. */
  rows: {
    seeds: number;
    medianDifference: number;
    ci: [number, number];
    signP: number;
    wilcoxonP: number;
  }[];
}

/**
 * Trains the zero-initialised setting with relu'(0) = 0.5 and 1 on the same seeds (float32) and compares the final
 * MSEs (1 − 0.5 per seed) over all seeds and over the first 256 and 64.
 *
 * @param createEngine the training engine
 * @param seeds the number of seeds
 * @param epochs updates (default the essay's)
 * @returns the comparisons
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { halfVsOne } from "./replications.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const r = await halfVsOne(createFusedEngine, 8, 2);
 * strictEqual(r.rows.length, 1); // fewer than 64 seeds: only the row over all of them
 * ```
 */
export async function halfVsOne(
  createEngine: EngineFactory,
  seeds: number,
  epochs: number = ESSAY.epochs,
): Promise<HalfVsOne> {
  const s = EXACT_ZERO_SETTING;
  const data = targetData({ points: s.points, xMin: s.xMin, xMax: s.xMax });
  const ids = Array.from({ length: seeds }, (_, i) => i);
  const finals = async (gradAtZero: number) =>
    (await trainBatch(createEngine, {
      x: data.x,
      y: data.y,
      init: ids.map((seed) => sweepInit(s, seed)),
      seeds: ids,
      lr: s.lr,
      optimizer: s.optimizer,
      gradAtZero,
      epochs,
      precision: ESSAY.precision,
    })).losses.map((l) => l[epochs]);
  const [half, one] = [await finals(0.5), await finals(1)];
  const sizes = [...new Set([seeds, 256, 64].filter((n) => n <= seeds))];
  const round = (v: number) => Number(v.toPrecision(4)) + 0;
  return {
    seeds,
    rows: sizes.map((n) => {
      const r = pairedComparison(one.slice(0, n), half.slice(0, n), { seed: 0, resamples: 10000 });
      return {
        seeds: n,
        medianDifference: round(r.medianDifference),
        ci: [round(r.ci.lo), round(r.ci.hi)],
        signP: round(r.signTest.p),
        wilcoxonP: round(r.wilcoxon.p),
      };
    }),
  };
}
