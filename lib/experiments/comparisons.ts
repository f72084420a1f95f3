/**
 * Paired comparisons of the sweep's final losses: every pair of relu'(0)
 * conventions on the same seeds (per setting and precision), and float32
 * against float64 (per setting and convention), each with the median paired
 * difference, a seeded bootstrap 95 % interval, the exact sign test and the
 * Wilcoxon signed-rank test, Holm-corrected over all of them together except
 * those where every seed's two values are bit for bit equal (identical by
 * construction: nothing to test). Differences are taken between the exact
 * values the runs computed (a float32 MSE stored as 145736.6 is 145736.59375).
 *
 * @module
 */
import type { Precision } from "../model/run.ts";
import { detectableDifference, sampleSd } from "./intervals.ts";
import { storedValue } from "./records.ts";
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
  /**
   * Every seed's two final MSEs are bit for bit equal (both diverged counts as equal): the two sides trained
   * identically, so there is nothing to test; the p-values are null and the row is left out of Holm's correction.
   */
  identical: boolean;
  /** Median over seeds of MSE(a) − MSE(b), on the exact values (float32 entries read back with `Math.fround`). */
  medianDifference: number;
  /** Seeded percentile bootstrap 95 % interval of that median (10000 resamples, seed 0). */
  ci: [number, number];
  /**
   * The smallest mean difference a two-sided test at 0.05 detects with 80 % power given the standard deviation of
   * these differences ({@link detectableDifference}); null when identical.
   */
  detectable: number | null;
  /** Exact two-sided sign test (null when identical). */
  signP: number | null;
  /** Two-sided Wilcoxon signed-rank test (null when identical). */
  wilcoxonP: number | null;
  /** The Wilcoxon p-value after Holm's correction over every comparison that is not identical (null when identical). */
  holmP: number | null;
}

const round = (v: number) => Number(v.toPrecision(4)) + 0;

/** One side of a comparison: final losses as stored, and the precision that tells how to read them back. */
interface Side {
  finalLoss: readonly (number | null)[];
  precision: Precision;
}

function compare(
  a: Side,
  b: Side,
  label: Pick<Comparison, "setting" | "compared" | "precision" | "convention">,
): Comparison {
  const [va, vb] = [a, b].map((s) => s.finalLoss.map((v) => storedValue(v, s.precision)));
  const identical = va.every((v, i) => Object.is(v, vb[i]));
  const r = pairedComparison(va, vb, { seed: 0, resamples: 10000 });
  const diffs = va.map((v, i) => v - vb[i]).filter(Number.isFinite);
  return {
    ...label,
    n: r.n,
    excluded: r.excluded,
    identical,
    medianDifference: round(r.medianDifference),
    ci: [round(r.ci.lo), round(r.ci.hi)],
    detectable: identical || diffs.length < 2 ? null : round(detectableDifference(sampleSd(diffs), diffs.length)),
    signP: identical ? null : round(r.signTest.p),
    wilcoxonP: identical ? null : round(r.wilcoxon.p),
    holmP: null,
  };
}

/** The convention pairs, each once, later convention first: 0.5 vs 0, 1 vs 0, ..., random vs 1. */
export const CONVENTION_PAIRS: readonly [Convention, Convention][] = CONVENTIONS.flatMap((b, i) =>
  CONVENTIONS.slice(i + 1).map((a): [Convention, Convention] => [a, b])
);

/**
 * Every paired comparison of the sweep, Holm-corrected together: the
 * convention pairs in every (setting, precision), then float32 against
 * float64 for every (setting, convention) where both precisions ran. A
 * comparison whose two sides are bit for bit equal in every seed is marked
 * `identical`, has no p-values and is not counted in Holm's correction.
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
 * deepStrictEqual(comparisons.slice(12).map((c) => [c.compared, c.convention, c.identical, c.holmP]), [
 *   ["float32 vs float64", "0", true, null], ["float32 vs float64", "0.5", true, null],
 *   ["float32 vs float64", "1", true, null], ["float32 vs float64", "random", true, null],
 * ]);
 * strictEqual(comparisons.filter((c) => c.holmP !== null).length, 10); // "1 vs 0.5" is identical in each precision
 * ```
 */
export function sweepComparisons(result: SweepResult): Comparison[] {
  const out: Comparison[] = [];
  for (const cell of result.settings) {
    for (const [a, b] of CONVENTION_PAIRS) {
      const side = (c: Convention): Side => ({ finalLoss: cell.conventions[c].finalLoss, precision: cell.precision });
      out.push(compare(side(a), side(b), {
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
      const [a, b] = [f32, f64].map((s): Side => ({
        finalLoss: s.conventions[convention].finalLoss,
        precision: s.precision,
      }));
      out.push(compare(a, b, {
        setting: name,
        compared: "float32 vs float64",
        convention,
      }));
    }
  }
  const tested = out.filter((c) => !c.identical);
  const adjusted = holm(tested.map((c) => c.wilcoxonP as number));
  return out.map((c) => c.identical ? c : { ...c, holmP: round(adjusted[tested.indexOf(c)]) });
}
