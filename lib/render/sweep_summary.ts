/**
 * What the sweep's numbers say, as sentences generated from the result: every
 * number in them is read from the same cell as the tables of
 * `subgradient_sweep.md` read it, so a sentence cannot quote a number from the
 * wrong row. README quotes them with the tables.
 *
 * @module
 */
import { formatInterval, formatNumber, formatP, wrapProse } from "./markdown.ts";
import type { Comparison } from "../experiments/comparisons.ts";
import { wilson } from "../experiments/intervals.ts";
import { storedValue } from "../experiments/records.ts";
import { median } from "../experiments/stats.ts";
import { type ConventionRecord, CONVENTIONS, type SweepResult, type SweepSettingResult } from "../experiments/sweep.ts";

/**
 * The sampled epochs the pattern table shows: the first after 0, one a quarter of the way and the last.
 *
 * @param result the sweep
 * @returns the epochs, ascending
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { patternEpochs } from "./sweep_summary.ts";
 * const result = { sampledEpochs: [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000] };
 * deepStrictEqual(patternEpochs(result as never), [100, 200, 1000]);
 * ```
 */
export function patternEpochs(result: SweepResult): number[] {
  const at = result.sampledEpochs;
  const picks = [at[1] ?? at[0], at[Math.floor((at.length - 1) / 4)], at[at.length - 1]];
  return [...new Set(picks)].sort((a, b) => a - b);
}

/**
 * The distinct activation patterns of a record's seeds after `epoch` updates: `median (min–max)`.
 *
 * @param result the sweep (its sampled epochs)
 * @param record one convention's record
 * @param epoch a sampled epoch
 * @returns the spread as the tables write it
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { patternSpread } from "./sweep_summary.ts";
 * const record = { patterns: [[7, 2], [7, 3], [7, 5]] };
 * strictEqual(patternSpread({ sampledEpochs: [0, 10] } as never, record as never, 10), "3 (2–5)");
 * ```
 */
export function patternSpread(result: SweepResult, record: ConventionRecord, epoch: number): string {
  const values = record.patterns.map((p) => p[result.sampledEpochs.indexOf(epoch)]);
  return `${formatNumber(median(values))} (${formatNumber(Math.min(...values))}–${formatNumber(Math.max(...values))})`;
}

/** One seed in which relu'(0) acted: its exact zeros per convention and its final MSE's change from relu'(0) = 0. */
export interface ZeroSeed {
  /** Index of the seed in the sweep's seeds. */
  seed: number;
  /** Exact zeros over all updates, per convention in {@link CONVENTIONS} order. */
  zeros: number[];
  /** 100·(MSE(c) − MSE(0))/MSE(0) for c = 0.5, 1, random (exact values). */
  changes: number[];
}

/**
 * The seeds of a cell in which some pre-activation was exactly 0 under some convention.
 *
 * @param cell one setting in one precision
 * @returns those seeds, in order
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { zeroSeedRows } from "./sweep_summary.ts";
 * const rec = (finalLoss: number[], zerosAfter: number[]) => ({ finalLoss, zerosAfter, zerosAtUpdate0: [0, 0] });
 * const cell = { precision: "float64", conventions: {
 *   "0": rec([100, 50], [0, 1]), "0.5": rec([100, 60], [0, 1]), "1": rec([100, 40], [0, 2]), random: rec([100, 50], [0, 0]),
 * } };
 * deepStrictEqual(zeroSeedRows(cell as never), [{ seed: 1, zeros: [1, 1, 2, 0], changes: [20, -20, 0] }]);
 * ```
 */
export function zeroSeedRows(cell: SweepSettingResult): ZeroSeed[] {
  const value = (c: (typeof CONVENTIONS)[number], i: number) =>
    storedValue(cell.conventions[c].finalLoss[i], cell.precision);
  return cell.conventions["0"].finalLoss.flatMap((_, i) => {
    const zeros = CONVENTIONS.map((c) => cell.conventions[c].zerosAtUpdate0[i] + cell.conventions[c].zerosAfter[i]);
    if (zeros.every((z) => z === 0)) return [];
    const changes = CONVENTIONS.slice(1).map((c) => (100 * (value(c, i) - value("0", i))) / value("0", i));
    return [{ seed: i, zeros, changes }];
  });
}

/** A Markdown list item wrapped as `deno fmt` wraps it: 120 columns, continuation lines indented by two. */
function bullet(text: string): string {
  return wrapProse(text, 118).split("\n").map((line, i) => (i === 0 ? "- " : "  ") + line).join("\n");
}

const atLeast = (p: number) => p === 1 ? "Holm p = 1" : `Holm p ≥ ${formatP(p)}`;
const holmText = (p: number | null) => p === null ? "identical" : p < 1e-6 ? "Holm p < 1e-6" : `Holm p = ${formatP(p)}`;
const diffText = (c: Comparison) =>
  `${formatNumber(c.medianDifference)} [${formatNumber(c.ci[0])}, ${formatNumber(c.ci[1])}]`;
const final = (r: ConventionRecord) => formatNumber(r.final.median);
const band = (r: ConventionRecord) => `${formatNumber(r.final.q10)}–${formatNumber(r.final.q90)}`;

/**
 * What the numbers of the full sweep say (both settings in both precisions), as Markdown paragraphs and list
 * items ready for {@link markdownDocument}-style joining; nothing when a setting or a precision is missing.
 *
 * @param result the sweep
 * @param comparisons its paired comparisons
 * @returns the paragraphs, each followed by an empty string
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sweepSummary } from "./sweep_summary.ts";
 * deepStrictEqual(sweepSummary({ settings: [] } as never, []), []);
 * ```
 */
export function sweepSummary(result: SweepResult, comparisons: readonly Comparison[]): string[] {
  const cell = (name: string, precision: string) =>
    result.settings.find((s) => s.setting.name === name && s.precision === precision);
  const [z32, z64, e32, e64] = [
    cell("exact_zeros", "float32"),
    cell("exact_zeros", "float64"),
    cell("essay", "float32"),
    cell("essay", "float64"),
  ];
  if (!z32 || !z64 || !e32 || !e64) return [];
  const find = (setting: string, compared: string, within: string) =>
    comparisons.find((c) =>
      c.setting === setting && c.compared === compared && (c.precision ?? `relu'(0) = ${c.convention}`) === within
    )!;
  const n = result.seeds.length;
  const tested = comparisons.filter((c) => !c.identical);
  const maxHolm = (cs: Comparison[]) => Math.max(...cs.map((c) => c.holmP ?? 1));
  const minHolm = (cs: Comparison[]) => Math.min(...cs.map((c) => c.holmP ?? 1));
  const significance = (cs: Comparison[]) => {
    const hits = cs.filter((c) => c.holmP !== null && c.holmP < 0.05).length;
    return hits === 0
      ? `no comparison between conventions is significant (smallest Holm p = ${formatP(minHolm(cs))})`
      : `${hits} of ${cs.length} comparisons between conventions are significant`;
  };

  // Essay setting
  const essayPairs32 = tested.filter((c) => c.setting === "essay" && c.precision === "float32");
  const identicalEssay64 = comparisons.filter((c) => c.setting === "essay" && c.precision === "float64" && c.identical);
  const zeroSeeds = zeroSeedRows(e32);
  const zeroTotals = CONVENTIONS.map((c) => zeroSeeds.reduce((s, r) => s + r.zeros[CONVENTIONS.indexOf(c)], 0));
  const changes = zeroSeeds.flatMap((r) => r.changes.map((v, j) => ({ v, seed: r.seed, c: CONVENTIONS[j + 1] })));
  const largest = changes.reduce((a, b) => Math.abs(b.v) > Math.abs(a.v) ? b : a, changes[0] ?? { v: 0, seed: 0 });
  const mostZeros = Math.max(...zeroSeeds.flatMap((r) => r.zeros));
  const detectable = essayPairs32.map((c) => c.detectable ?? 0);
  const float64Line = `In float64 no pre-activation is ever exactly 0, and all ${n} seeds train identically ` +
    `under all four conventions (the ${identicalEssay64.length} comparisons marked "identical in every seed").`;
  const essay = zeroSeeds.length === 0
    ? `**Essay setting: relu′(0) was never used.** In float32, no pre-activation was exactly 0 over all ${n} seeds ` +
      `and ${result.epochs} updates (0 of the ${n} seeds ${formatInterval(wilson(0, n))}), so every seed trains bit ` +
      `for bit the same under every convention. ${float64Line}`
    : `**Essay setting: relu′(0) is rarely used, but where it is used it moves the result.** In float32, ` +
      `${Math.min(...zeroTotals)} to ${Math.max(...zeroTotals)} pre-activations (depending on the convention) were ` +
      `exactly 0 over all ${n} seeds and ${result.epochs} updates, in ${zeroSeeds.length} of the ${n} seeds ` +
      `${formatInterval(wilson(zeroSeeds.length, n))}; the other ${n - zeroSeeds.length} train bit for bit the same ` +
      `under every convention. In those ${zeroSeeds.length} seeds ${
        mostZeros === 1
          ? "a single exact zero"
          : mostZeros === 2
          ? "one or two exact zeros"
          : `one to ${mostZeros} exact zeros`
      } changed the final MSE by up to ${formatNumber(Math.abs(largest.v))} % (seed ${result.seeds[largest.seed]} ` +
      `with ${largest.c}: ${largest.v > 0 ? "+" : ""}${formatNumber(largest.v)} %), in both ` +
      `directions (table "Where relu'(0) was used"), so ${significance(essayPairs32)}; with ${n} seeds a mean ` +
      `difference of ${formatNumber(Math.min(...detectable))}–${
        formatNumber(Math.max(...detectable))
      } would still be ` +
      `missed one time in five. ${float64Line}`;

  // Zero-initialised setting
  const z0 = z32.conventions["0"].finalLoss.map((v) => storedValue(v, "float32"));
  const constant = formatNumber(Math.min(...z0)) === formatNumber(Math.max(...z0));
  const zeroInit =
    `**With a zero-initialised hidden layer the choice decides everything.** relu′(0) = 0 (TensorFlow, ` +
    `PyTorch) leaves w0 and b0 at 0 for ever: the MSE stays at ${final(z32.conventions["0"])}` +
    `${constant ? " in every seed" : ""}, against ${final(z32.conventions["0.5"])} (0.5), ` +
    `${final(z32.conventions["1"])} (1) and ${final(z32.conventions.random)} (random) in float32.`;

  const one32 = find("exact_zeros", "1 vs 0.5", "float32");
  const one64 = find("exact_zeros", "1 vs 0.5", "float64");
  const half = `**The essay's 0.5 is not shown to be better than 1, and ${n} seeds cannot show it.** 1 vs 0.5: ` +
    `median difference ${diffText(one32)} in float32 and ${diffText(one64)} in float64, ${
      one32.holmP === one64.holmP
        ? `${holmText(one32.holmP)} in both`
        : `${holmText(one32.holmP)} and ${formatP(one64.holmP ?? 1)}`
    }; a mean difference below ${formatNumber(one32.detectable)} (float32) or ` +
    `${formatNumber(one64.detectable)} (float64) is missed at least one time in five. The replication with more ` +
    "seeds below settles it.";

  const r32 = [find("exact_zeros", "random vs 0.5", "float32"), find("exact_zeros", "random vs 1", "float32")];
  const r64 = [find("exact_zeros", "random vs 0.5", "float64"), find("exact_zeros", "random vs 1", "float64")];
  const essayRandom = tested.filter((c) => c.setting === "essay" && c.compared.startsWith("random vs"));
  const random = `**In the zero-initialised setting only, random draws beat both fixed values**, in both precisions: ` +
    `random vs 0.5 is ${diffText(r32[0])} in float32 and ${diffText(r64[0])} in float64, random vs 1 ` +
    `${diffText(r32[1])} and ${diffText(r64[1])} (${holmText(maxHolm([...r32, ...r64])).replace("=", "≤")}). In ` +
    `the essay setting, where relu′(0) is almost never used, random draws do no better (${
      essayRandom.length === 0 ? "identical in every seed" : atLeast(minHolm(essayRandom))
    }).`;

  const epochs = patternEpochs(result); // one, two or three: a short run samples few epochs
  const [e1, e3] = [epochs[0], epochs[epochs.length - 1]];
  const p = (c: SweepSettingResult, conv: (typeof CONVENTIONS)[number], e: number) =>
    patternSpread(result, c.conventions[conv], e);
  const f32half = find("exact_zeros", "float32 vs float64", "relu'(0) = 0.5");
  const f32random = find("exact_zeros", "float32 vs float64", "relu'(0) = random");
  const why = "**Why, as measured: a fixed relu′(0) keeps the hidden units proportional; random draws break the " +
    "symmetry.** At the first update z = 0 everywhere, so with a fixed g each unit's step is (Δw0[j], Δb0[j]) = " +
    "−lr·g·w1[j]·(2/P)·(Σ r·x, Σ r): one vector, scaled by the unit's own w1[j]. Units whose scale has the same " +
    "sign are active on the same inputs, get the same gradient scaled by their w1[j] again, and stay proportional: " +
    "the layer acts as two units. The table of distinct units (activation patterns on the training inputs) shows " +
    `it: ${p(z32, "0.5", e1)} after ${e1} updates with 0.5; in float64 still ${p(z64, "0.5", e3)} after ${e3} ` +
    `updates with 0.5 and ${p(z64, "1", e3)} with 1, where the median final MSE is ${final(z64.conventions["0.5"])} ` +
    `and ${final(z64.conventions["1"])} (10–90 %: ${band(z64.conventions["0.5"])} and ` +
    `${band(z64.conventions["1"])}). Float32 rounding breaks the proportionality slowly, ${
      p(z32, "0.5", e2(result))
    } ` +
    `after ${e2(result)} updates and ${p(z32, "0.5", e3)} after ${e3} with 0.5, which is why the fixed values do ` +
    `better in float32 than in float64 (float32 vs float64 with 0.5: ${diffText(f32half)}). Random draws weight ` +
    `each unit's first step by its own draws, so the units separate early: ${p(z32, "random", e2(result))} after ` +
    `${e2(result)} updates in float32 and ${p(z64, "random", e2(result))} in float64, and the result barely depends ` +
    `on rounding (float32 vs float64 with random: ${diffText(f32random)}, ${holmText(f32random.holmP)}).`;

  const f0 = find("exact_zeros", "float32 vs float64", "relu'(0) = 0");
  const ulp = 2 ** (Math.floor(Math.log2(storedValue(z32.conventions["0"].final.median, "float32"))) - 23);
  const essayPrecision = tested.filter((c) => c.setting === "essay" && c.compared === "float32 vs float64");
  const fixed = [f32half, find("exact_zeros", "float32 vs float64", "relu'(0) = 1")];
  const rounding = `**Rounding is an effect of its own.** In the essay setting float32 and float64 do not differ ` +
    `for any convention (${atLeast(minHolm(essayPrecision))}); in the zero-initialised setting with a ` +
    `fixed relu′(0), rounding moves the final MSE (${diffText(fixed[0])} with 0.5, ${diffText(fixed[1])} with 1) ` +
    `more than the choice between 0.5 and 1 does. With relu′(0) = 0 the two precisions differ by ${diffText(f0)} ` +
    `(${holmText(f0.holmP)}), less than one float32 step at that loss (${formatNumber(ulp)}).`;

  return [
    `**What the numbers say.** The comparisons are paired (the same seed under two conventions), with a seeded ` +
    "bootstrap 95 % interval for the median difference, the exact sign test and the Wilcoxon signed-rank test, on " +
    "the exact values the runs computed; the conclusions rest on the rows of the comparison table with Holm p < " +
    `0.05 (Holm over the ${tested.length} comparisons that are tests; ${comparisons.length - tested.length} more ` +
    "are identical in every seed).",
    "",
    ...[essay, zeroInit, half, random, why, rounding].map(bullet),
    "",
  ];
}

/** The middle epoch of the pattern table. */
function e2(result: SweepResult): number {
  const epochs = patternEpochs(result);
  return epochs[Math.floor(epochs.length / 2)];
}
