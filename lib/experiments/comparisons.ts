/**
 * Paired comparisons of the sweep's final losses: every pair of relu'(0)
 * conventions on the same seeds (per setting and precision), and float32
 * against float64 (per setting and convention), each with the median paired
 * difference, a seeded bootstrap 95 % interval, the exact sign test and the
 * Wilcoxon signed-rank test, Holm-corrected over all of them together.
 *
 * @module
 */
import { holm, pairedComparison } from "./stats.ts";
import { type Convention, CONVENTIONS, type SweepResult, type SweepSettingResult } from "./sweep.ts";

/** One paired comparison of final MSEs: a − b per seed. */
export interface Comparison {
  /** The setting's name. */
  setting: string;
  /** What is compared: `"0.5 vs 0"` (conventions, in `precision`) or `"float32 vs float64"` (in `convention`). */
  compared: string;
  /** The precision both sides ran in (convention comparisons). */
  precision?: string;
  /** The convention both sides used (precision comparisons). */
  convention?: Convention;
  /** Seeds compared (both finite). */
  n: number;
  /** Seeds left out because one side diverged. */
  excluded: number;
  /** Median over seeds of MSE(a) − MSE(b). */
  medianDifference: number;
  /** Seeded percentile bootstrap 95 % interval of that median (10000 resamples, seed 0). */
  ci: [number, number];
  /** Exact two-sided sign test. */
  signP: number;
  /** Two-sided Wilcoxon signed-rank test. */
  wilcoxonP: number;
  /** The Wilcoxon p-value after Holm's correction over every comparison of the sweep. */
  holmP: number;
}

const round = (v: number) => Number(v.toPrecision(4)) + 0;

function compare(
  a: readonly (number | null)[],
  b: readonly (number | null)[],
  label: Omit<Comparison, "n" | "excluded" | "medianDifference" | "ci" | "signP" | "wilcoxonP" | "holmP">,
): Comparison {
  const r = pairedComparison(a.map((v) => v ?? NaN), b.map((v) => v ?? NaN), { seed: 0, resamples: 10000 });
  return {
    ...label,
    n: r.n,
    excluded: r.excluded,
    medianDifference: round(r.medianDifference),
    ci: [round(r.ci.lo), round(r.ci.hi)],
    signP: round(r.signTest.p),
    wilcoxonP: round(r.wilcoxon.p),
    holmP: NaN,
  };
}

/** The convention pairs, each once, later convention first: 0.5 vs 0, 1 vs 0, ..., random vs 1. */
export const CONVENTION_PAIRS: readonly [Convention, Convention][] = CONVENTIONS.flatMap((b, i) =>
  CONVENTIONS.slice(i + 1).map((a): [Convention, Convention] => [a, b])
);

/**
 * Every paired comparison of the sweep, Holm-corrected together: the
 * convention pairs in every (setting, precision), then float32 against
 * float64 for every (setting, convention) where both precisions ran.
 *
 * @param result the sweep
 * @returns the comparisons, in that order
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { sweepComparisons } from "./comparisons.ts";
 * import { type ConventionRecord, ESSAY_SETTING, type SweepResult } from "./sweep.ts";
 * import { summarize } from "./stats.ts";
 * const record = (finalLoss: number[]): ConventionRecord => ({
 *   losses: finalLoss.map((l) => [9, l]), patterns: finalLoss.map(() => [1, 1]), zeroRuns: finalLoss.map(() => []),
 *   zerosAtUpdate0: finalLoss.map(() => 0), zerosAfter: finalLoss.map(() => 0), finalLoss,
 *   divergedAt: finalLoss.map(() => null), sameAsConvention0: 0, final: summarize(finalLoss),
 * });
 * const conventions = {
 *   "0": record([4, 4, 4, 4]), "0.5": record([3, 2, 3, 2]), "1": record([3, 2, 3, 2]), random: record([5, 4, 5, 4]),
 * };
 * const result: SweepResult = {
 *   epochs: 1, every: 1, sampledEpochs: [0, 1], seeds: [0, 1, 2, 3], engine: "fused", backend: "cpu",
 *   settings: [{ setting: ESSAY_SETTING, precision: "float32", conventions }, {
 *     setting: ESSAY_SETTING, precision: "float64", conventions }],
 * };
 * const comparisons = sweepComparisons(result);
 * strictEqual(comparisons.length, 6 + 6 + 4); // the pairs in each precision, then float32 vs float64 per convention
 * const [first] = comparisons;
 * deepStrictEqual([first.compared, first.precision, first.n], ["0.5 vs 0", "float32", 4]);
 * deepStrictEqual([first.medianDifference, first.ci, first.signP], [-1.5, [-2, -1], 0.125]);
 * deepStrictEqual(comparisons.slice(12).map((c) => [c.compared, c.convention, c.medianDifference]), [
 *   ["float32 vs float64", "0", 0], ["float32 vs float64", "0.5", 0],
 *   ["float32 vs float64", "1", 0], ["float32 vs float64", "random", 0],
 * ]);
 * ```
 */
export function sweepComparisons(result: SweepResult): Comparison[] {
  const out: Comparison[] = [];
  for (const cell of result.settings) {
    for (const [a, b] of CONVENTION_PAIRS) {
      out.push(compare(cell.conventions[a].finalLoss, cell.conventions[b].finalLoss, {
        setting: cell.setting.name,
        compared: `${a} vs ${b}`,
        precision: cell.precision,
      }));
    }
  }
  const find = (name: string, precision: string): SweepSettingResult | undefined =>
    result.settings.find((s) => s.setting.name === name && s.precision === precision);
  for (const name of [...new Set(result.settings.map((s) => s.setting.name))]) {
    const [f32, f64] = [find(name, "float32"), find(name, "float64")];
    if (!f32 || !f64) continue;
    for (const convention of CONVENTIONS) {
      out.push(compare(f32.conventions[convention].finalLoss, f64.conventions[convention].finalLoss, {
        setting: name,
        compared: "float32 vs float64",
        convention,
      }));
    }
  }
  const adjusted = holm(out.map((c) => c.wilcoxonP));
  return out.map((c, i) => ({ ...c, holmP: round(adjusted[i]) }));
}
