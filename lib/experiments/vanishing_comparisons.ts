/**
 * Paired comparisons of the vanishing-gradient experiment: the first
 * activation (relu) against each other one, on the same seeds, for the
 * first-layer gradient norm at initialisation and at the end, the final MSE,
 * the share of units with a near-zero gradient and the share of flat (unit,
 * input) pairs at the end; each with the median paired difference, a seeded
 * bootstrap 95 % interval, the exact sign test and the Wilcoxon signed-rank
 * test, Holm-corrected over all of them together. Gradient norms and losses
 * are compared as log10 ratios (they span orders of magnitude); shares as
 * differences.
 *
 * @module
 */
import type { ActivationRecord, VanishingResult } from "./vanishing_gradients.ts";
import { holm, pairedComparison } from "./stats.ts";

/** What is compared, and how. */
export interface VanishingMetric {
  /** Its key in the JSON. */
  key: string;
  /** Its words in the tables. */
  label: string;
  /** `log10`: the difference of log10 values (a ratio); `share`: the difference of shares. */
  scale: "log10" | "share";
  /** Each seed's value in a record of a network of `hidden` units (null: diverged). */
  value: (r: ActivationRecord, hidden: number) => (number | null)[];
}

const last = <T>(row: readonly T[]) => row[row.length - 1];

/**
 * Each seed's first-layer gradient norm after training per unit of residual, ‖∂L/∂(w0, b0)‖ / (2√MSE): the
 * gradient is (2/P) Σ_p r_p ∂ŷ_p/∂θ, so dividing by 2√MSE = 2·rms(r) leaves what the network passes back per unit
 * of error, the part that saturation can make vanish, apart from how large the error still is.
 *
 * @param r an activation's record
 * @returns per seed, or null (diverged, or an MSE of 0)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { gradPerResidual } from "./vanishing_comparisons.ts";
 * deepStrictEqual(gradPerResidual({ gradNorm: [[1, 8]], loss: [[9, 4]] } as never), [2]); // 8 / (2·2)
 * ```
 */
export function gradPerResidual(r: ActivationRecord): (number | null)[] {
  return r.gradNorm.map((row, m) => {
    const [g, l] = [last(row), last(r.loss[m])];
    return g === null || l === null || !(l > 0) ? null : g / (2 * Math.sqrt(l));
  });
}

/**
 * The metrics compared, in the order of the tables.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { VANISHING_METRICS } from "./vanishing_comparisons.ts";
 * deepStrictEqual(VANISHING_METRICS.map((m) => m.key), [
 *   "gradAtInit", "gradAtEnd", "gradPerResidualAtEnd", "finalLoss", "nearZeroAtEnd", "flatAtEnd",
 * ]);
 * ```
 */
export const VANISHING_METRICS: readonly VanishingMetric[] = [
  {
    key: "gradAtInit",
    label: "‖∂L/∂(w0, b0)‖ at initialisation",
    scale: "log10",
    value: (r) => r.gradNorm.map((row) => row[0]),
  },
  {
    key: "gradAtEnd",
    label: "‖∂L/∂(w0, b0)‖ after training",
    scale: "log10",
    value: (r) => r.gradNorm.map(last),
  },
  {
    key: "gradPerResidualAtEnd",
    label: "‖∂L/∂(w0, b0)‖ / (2√MSE) after training",
    scale: "log10",
    value: gradPerResidual,
  },
  { key: "finalLoss", label: "final MSE", scale: "log10", value: (r) => r.loss.map(last) },
  {
    key: "nearZeroAtEnd",
    label: "share of units with a near-zero gradient after training",
    scale: "share",
    value: (r, hidden) => r.nearZero.map((row) => last(row) === null ? null : last(row)! / hidden),
  },
  {
    key: "flatAtEnd",
    label: "share of flat (unit, input) pairs after training",
    scale: "share",
    value: (r) => r.flat.map(last),
  },
];

/** One paired comparison: the first activation minus another, per seed. */
export interface VanishingComparison {
  /** The metric's key. */
  metric: string;
  /** `"relu vs sigmoid"`: the first activation, then the other. */
  compared: string;
  /** The other activation. */
  other: string;
  /** Seeds compared (both finite; for log10, both > 0). */
  n: number;
  /** Seeds left out. */
  excluded: number;
  /** Median over seeds of the difference (log10 ratio, or share difference); null when no seed is compared. */
  medianDifference: number | null;
  /** Seeded percentile bootstrap 95 % interval of that median (10000 resamples, seed 0), or null. */
  ci: [number, number] | null;
  /** Exact two-sided sign test, or null. */
  signP: number | null;
  /** Two-sided Wilcoxon signed-rank test, or null. */
  wilcoxonP: number | null;
  /** The Wilcoxon p-value after Holm's correction over every comparison that has one, or null. */
  holmP: number | null;
}

const round = (v: number) => Number(v.toPrecision(4)) + 0;

/**
 * Every paired comparison of the first activation with each other one, for each of {@link VANISHING_METRICS},
 * Holm-corrected together (on the Wilcoxon p-values). A log10 comparison leaves out seeds where either value is 0
 * (a model whose every unit is dead has a gradient norm of 0) or null (diverged); a comparison with no seed left
 * has n = 0, null statistics and no part in Holm's correction.
 *
 * @param result the experiment
 * @returns the comparisons, metric-major
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { vanishingComparisons } from "./vanishing_comparisons.ts";
 * const record = (activation: string, g: number) => ({
 *   activation, engine: "fused", backend: "cpu" as const, peakSlope: 1,
 *   gradNorm: [[g, g], [g * 2, g], [g, g], [g, g]], nearZero: [[0, 0], [0, 1], [0, 0], [0, 0]],
 *   exactZero: [[0, 0], [0, 0], [0, 0], [0, 0]], flat: [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]],
 *   loss: [[9, 1], [9, 2], [9, 3], [9, 4]], divergedAt: [null, null, null, null],
 * });
 * const result = { settings: { hidden: 2 }, snapshotEpochs: [0, 9], records: [record("relu", 100), record("tanh", 1)] };
 * const c = vanishingComparisons(result as never);
 * strictEqual(c.length, 6);
 * deepStrictEqual([c[0].compared, c[0].medianDifference, c[0].n, c[0].signP], ["relu vs tanh", 2, 4, 0.125]);
 * deepStrictEqual([c[3].metric, c[3].medianDifference], ["finalLoss", 0]);
 * const gone = { ...record("tanh", 1), loss: [[9, null], [9, null], [9, null], [9, null]] }; // every seed diverged
 * const none = vanishingComparisons({ ...result, records: [record("relu", 1), gone] } as never)[3];
 * deepStrictEqual([none.n, none.medianDifference, none.holmP], [0, null, null]);
 * ```
 */
export function vanishingComparisons(result: VanishingResult): VanishingComparison[] {
  const [first, ...others] = result.records;
  const H = result.settings.hidden;
  const out: Omit<VanishingComparison, "holmP">[] = [];
  for (const metric of VANISHING_METRICS) {
    for (const other of others) {
      const read = (r: ActivationRecord) =>
        metric.value(r, H).map((v) => {
          if (v === null) return NaN;
          return metric.scale === "log10" ? (v > 0 ? Math.log10(v) : NaN) : v;
        });
      const [a, b] = [read(first), read(other)];
      const label = {
        metric: metric.key,
        compared: `${first.activation} vs ${other.activation}`,
        other: other.activation,
      };
      if (!a.some((v, i) => Number.isFinite(v) && Number.isFinite(b[i]))) {
        const none = { medianDifference: null, ci: null, signP: null, wilcoxonP: null };
        out.push({ ...label, n: 0, excluded: a.length, ...none });
        continue;
      }
      const r = pairedComparison(a, b, { seed: 0, resamples: 10000 });
      out.push({
        ...label,
        n: r.n,
        excluded: r.excluded,
        medianDifference: round(r.medianDifference),
        ci: [round(r.ci.lo), round(r.ci.hi)],
        signP: round(r.signTest.p),
        wilcoxonP: round(r.wilcoxon.p),
      });
    }
  }
  const tested = out.filter((c) => c.wilcoxonP !== null);
  const adjusted = holm(tested.map((c) => c.wilcoxonP as number));
  return out.map((c) => ({ ...c, holmP: c.wilcoxonP === null ? null : round(adjusted[tested.indexOf(c)]) }));
}
