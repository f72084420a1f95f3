/**
 * The sweep's tables as Markdown (`figures/subgradient_sweep.md`), generated
 * from the result: final losses, exact zeros, distinct units on the data,
 * and the paired comparisons. README quotes this file verbatim.
 *
 * @module
 */
import { formatInterval, formatNumber, formatP, markdownDocument, markdownTable } from "./markdown.ts";
import type { Comparison } from "../experiments/comparisons.ts";
import { wilson } from "../experiments/intervals.ts";
import { patternEpochs, patternSpread, sweepSummary, zeroSeedRows } from "./sweep_summary.ts";
import { storedValue } from "../experiments/records.ts";
import { CONVENTIONS, type SweepResult, type SweepSettingResult } from "../experiments/sweep.ts";

function cellName(cell: SweepSettingResult): string {
  return `${cell.setting.name}, ${cell.precision}`;
}

function finalTable(result: SweepResult): string {
  const rows = result.settings.map((cell) => [
    cellName(cell),
    ...CONVENTIONS.map((c) => {
      const f = cell.conventions[c].final;
      const diverged = f.nonFinite > 0 ? `, ${f.nonFinite} diverged` : "";
      return `${formatNumber(f.median)} (${formatNumber(f.q10)}–${formatNumber(f.q90)})${diverged}`;
    }),
  ]);
  return markdownTable(["setting, precision", ...CONVENTIONS.map((c) => `relu'(0) = ${c}`)], rows);
}

function zeroTable(result: SweepResult): string {
  const sum = (v: readonly number[]) => v.reduce((s, x) => s + x, 0);
  const rows = result.settings.flatMap((cell) =>
    CONVENTIONS.map((c) => {
      const r = cell.conventions[c];
      const seedsWithLater = r.zerosAfter.filter((z) => z > 0).length;
      return [
        cellName(cell),
        c,
        formatNumber(sum(r.zerosAtUpdate0)),
        formatNumber(sum(r.zerosAfter)),
        `${seedsWithLater} of ${result.seeds.length} ${formatInterval(wilson(seedsWithLater, result.seeds.length))}`,
        c === "0" ? "–" : `${r.sameAsConvention0} of ${result.seeds.length}`,
      ];
    })
  );
  return markdownTable(
    ["setting, precision", "relu'(0)", "zeros at update 0", "zeros after", "seeds with zeros after", "same as 0"],
    rows,
  );
}

function patternTable(result: SweepResult): string {
  const epochs = patternEpochs(result);
  const rows = result.settings.flatMap((cell) =>
    CONVENTIONS.map((c) => {
      const r = cell.conventions[c];
      return [
        cellName(cell),
        c,
        ...epochs.map((e) => patternSpread(result, r, e)),
      ];
    })
  );
  return markdownTable(["setting, precision", "relu'(0)", ...epochs.map((e) => `after ${e} updates`)], rows);
}

function comparisonTable(comparisons: readonly Comparison[]): string {
  const p = (v: number | null) => v === null ? "–" : formatP(v);
  const rows = comparisons.map((c) => [
    c.setting,
    c.compared,
    c.precision ?? `relu'(0) = ${c.convention}`,
    `${c.n}${c.excluded ? ` (${c.excluded} diverged)` : ""}`,
    c.identical
      ? "identical in every seed"
      : `${formatNumber(c.medianDifference)} [${formatNumber(c.ci[0])}, ${formatNumber(c.ci[1])}]`,
    formatNumber(c.detectable),
    p(c.signP),
    p(c.wilcoxonP),
    p(c.holmP),
  ]);
  return markdownTable(
    ["setting", "a vs b", "in", "seeds", "median of a − b [95 % CI]", "detectable", "sign p", "Wilcoxon p", "Holm p"],
    rows,
  );
}

function zeroSeedTable(result: SweepResult, cell: SweepSettingResult): string {
  const signed = (v: number) => `${v > 0 ? "+" : ""}${formatNumber(v)} %`;
  const rows = zeroSeedRows(cell).map(({ seed, zeros, changes }) => [
    String(result.seeds[seed]),
    zeros.join(" / "),
    formatNumber(storedValue(cell.conventions["0"].finalLoss[seed], cell.precision)),
    ...changes.map(signed),
  ]);
  return markdownTable(
    [
      "seed",
      "exact zeros (0 / 0.5 / 1 / random)",
      "final MSE, relu'(0) = 0",
      ...CONVENTIONS.slice(1).map((c) => `change with ${c}`),
    ],
    rows,
  );
}

/**
 * The Markdown of `subgradient_sweep.md`: every table of the sweep, each
 * with one line saying what it shows.
 *
 * @param result the sweep
 * @param comparisons its paired comparisons (`sweepComparisons(result)`)
 * @returns the Markdown text
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { sweepMarkdown } from "./sweep_tables.ts";
 * import { sweepComparisons } from "../experiments/comparisons.ts";
 * import { type ConventionRecord, EXACT_ZERO_SETTING, type SweepResult } from "../experiments/sweep.ts";
 * import { summarize } from "../experiments/stats.ts";
 * const record: ConventionRecord = { // seed 1 diverges in its last update
 *   losses: [[4, 2.5, 1], [6, 3.5, null]], patterns: [[7, 5, 4], [7, 6, 6]], zeroRuns: [[[14, 1], [0, 3]], [[14, 4]]],
 *   zerosAtUpdate0: [14, 14], zerosAfter: [0, 42], finalLoss: [1, null], divergedAt: [null, 4],
 *   sameAsConvention0: 0, final: summarize([1, NaN]),
 * };
 * const conventions = { "0": record, "0.5": record, "1": record, random: record };
 * const result: SweepResult = {
 *   epochs: 4, every: 2, sampledEpochs: [0, 2, 4], seeds: [0, 1], engine: "fused", backend: "cpu",
 *   settings: [{ setting: EXACT_ZERO_SETTING, precision: "float32", conventions }],
 * };
 * const markdown = sweepMarkdown(result, sweepComparisons(result));
 * strictEqual(markdown.split("\n")[0], "<!-- generated from subgradient_sweep.json by deno task figures " +
 *   "(or subgradient_sweep); do not edit -->");
 * ok(markdown.includes("**Final MSE** after 4 full-batch updates: median (10–90 % of 2 seeds)."));
 * ok(markdown.includes("| exact_zeros, float32 | 1 (1–1), 1 diverged | 1 (1–1), 1 diverged |"));
 * // every convention has the same record here: all 6 comparisons are identical, none is a test
 * ok(markdown.replace(/\s+/g, " ").includes("6 comparisons are identical in every seed"));
 * ```
 */
export function sweepMarkdown(result: SweepResult, comparisons: readonly Comparison[]): string {
  const n = result.seeds.length;
  const tested = comparisons.filter((c) => !c.identical).length;
  const zeroCells = result.settings.filter((c) => c.setting.hiddenInit === "pytorch" && zeroSeedRows(c).length > 0);
  return markdownDocument([
    "<!-- generated from subgradient_sweep.json by deno task figures (or subgradient_sweep); do not edit -->",
    "",
    ...sweepSummary(result, comparisons),
    `**Final MSE** after ${result.epochs} full-batch updates: median (10–90 % of ${n} seeds).`,
    "",
    finalTable(result),
    `**Exact zeros**: pre-activations exactly 0, summed over the ${n} seeds; "same as 0": seeds whose loss is bit ` +
    "for bit the same at every epoch as with relu'(0) = 0; seeds in brackets: Wilson 95 % interval of the share.",
    "",
    zeroTable(result),
    `**Distinct units on the data**: activation patterns (which training inputs a unit is active on) among the ` +
    `H = ${result.settings[0]?.setting.hidden} hidden units, median (min–max) over ${n} seeds.`,
    "",
    patternTable(result),
    ...zeroCells.flatMap((cell) => [
      `**Where relu'(0) was used in the ${cell.setting.name} setting, ${cell.precision}**: the ${
        zeroSeedRows(cell).length
      } seeds in which some pre-activation was exactly 0, each convention's exact zeros over all updates, and the ` +
      "final MSE with relu'(0) = 0 and its change under the other conventions (exact values). Every other seed " +
      "trains bit for bit the same under every convention.",
      "",
      zeroSeedTable(result, cell),
    ]),
    `**Paired comparisons** of final MSE on the same ${n} seeds: every pair of conventions in every setting and ` +
    "precision, and float32 against float64 for every convention, on the exact values (float32 losses as float32). " +
    `${comparisons.length - tested} comparisons are identical in every seed (both sides trained bit for bit the ` +
    `same): they are not tests. Over the other ${tested}, Wilcoxon p-values are Holm-corrected. "detectable": the ` +
    "mean difference a two-sided test at 0.05 finds with 80 % power given the spread of the paired differences " +
    "(normal approximation); a smaller true difference can hide behind Holm p = 1. The conclusions rest on the rows " +
    "with Holm p < 0.05.",
    "",
    comparisonTable(comparisons),
  ]);
}
