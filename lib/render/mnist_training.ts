/**
 * The MNIST training experiment's tables as Markdown (`figures/mnist_training.md`), generated from its result:
 * per cell, how many seeds' conventions split apart, the exact zeros per relu call, divergence and the test
 * accuracy; then each convention against relu'(0) = 0. README quotes this file verbatim.
 *
 * @module
 */
import { formatInterval, formatNumber, formatP, markdownDocument, markdownTable } from "./markdown.ts";
import { wilson } from "../experiments/intervals.ts";
import { median, quantile } from "../experiments/stats.ts";
import { CONVENTIONS } from "../experiments/sweep.ts";
import { type MnistTrainingResult, PAPER_ZERO_RATES, type TrainingCellResult } from "../mnist/training_result.ts";

/** `3.2e-8 (41 in 1.3e9)`: exact zeros per relu call, pooled over the cell's runs of every convention. */
function zeroRate(cell: TrainingCellResult): string {
  const runs = CONVENTIONS.flatMap((c) => cell.runs[c] ?? []);
  const zeros = runs.reduce((s, r) => s + r.zeros, 0);
  const calls = runs.reduce((s, r) => s + r.reluCalls, 0);
  return `${zeros === 0 ? "0" : (zeros / calls).toExponential(1)} (${zeros} in ${calls.toExponential(1)})`;
}

function splitText(cell: TrainingCellResult): string {
  const at = cell.splitAt.filter((v): v is number => v !== null);
  const n = cell.splitAt.length;
  const share = `${at.length} of ${n} ${formatInterval(wilson(at.length, n))}`;
  return at.length === 0 ? share : `${share}, update ${median(at)} (${Math.min(...at)}–${Math.max(...at)})`;
}

function divergedText(cell: TrainingCellResult): string {
  const runs = CONVENTIONS.flatMap((c) => cell.runs[c] ?? []);
  const at = runs.map((r) => r.divergedAt).filter((v): v is number => v !== null);
  return at.length === 0 ? `0 of ${runs.length}` : `${at.length} of ${runs.length}, from update ${Math.min(...at)}`;
}

function accuracyText(cell: TrainingCellResult): string {
  const acc = (cell.runs["0"] ?? []).map((r) => r.accuracy).filter((v): v is number => v !== null).map((v) => 100 * v);
  if (acc.length === 0) return "–";
  const f = (v: number) => v.toFixed(2);
  return `${f(median(acc))} [${f(quantile(acc, 0.1))}–${f(quantile(acc, 0.9))}]`;
}

/**
 * The per-cell table: seeds whose conventions split (with a Wilson 95 % interval and the update of the
 * split), exact zeros per relu call, diverged runs, and the test accuracy with relu'(0) = 0.
 *
 * @param result the experiment
 * @returns the table, in Markdown
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { cellTable } from "./mnist_training.ts";
 * const run = { accuracy: 0.9, epochLoss: [0.3], zeros: 1, reluCalls: 1000, firstZero: 3, divergedAt: null };
 * const runs = { "0": [run, run], "0.5": [run, run], "1": [run, run], random: [run, run] };
 * const cell = { cell: { optimizer: "sgd" as const, batchNorm: false, precision: "float16" as const },
 *   name: "float16 sgd", splitAt: [3, null], runs };
 * match(cellTable({ cells: [cell] }), /\| float16 sgd +\| 1 of 2 \[9\.5–90\.5 %\], update 3 \(3–3\) +\| 1\.0e-3 \(8 in 8\.0e\+3\) +\|/);
 * ```
 */
export function cellTable(result: Pick<MnistTrainingResult, "cells">): string {
  return markdownTable(
    [
      "cell",
      "seeds whose conventions split",
      "exact zeros per relu call",
      "diverged runs",
      "test accuracy % (relu'(0) = 0)",
    ],
    result.cells.map((c) => [c.name, splitText(c), zeroRate(c), divergedText(c), accuracyText(c)]),
  );
}

/**
 * The comparison table: each convention against relu'(0) = 0 per cell, on test accuracy in percentage points.
 *
 * @param result the experiment
 * @returns the table, in Markdown
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { comparisonTable } from "./mnist_training.ts";
 * const row = { cell: "float16 sgd", convention: "1" as const, n: 8, excluded: 0, identical: false,
 *   medianDifference: 0.05, ci: [-0.01, 0.1] as [number, number], detectable: 0.08, signP: 0.29, wilcoxonP: 0.2, holmP: 1 };
 * match(comparisonTable({ comparisons: [row] }), /\| 1 vs 0 +\| 8 +\| 0\.05 \[-0\.01, 0\.1\] +\| 0\.08 +\| 0\.29 +\| 0\.2 +\| 1 +\|/);
 * ```
 */
export function comparisonTable(result: Pick<MnistTrainingResult, "comparisons">): string {
  return markdownTable(
    [
      "cell",
      "compared",
      "seeds",
      "median difference, points [95 % CI]",
      "detectable",
      "sign p",
      "Wilcoxon p",
      "Holm p",
    ],
    result.comparisons.map((c) => {
      const seeds = `${c.n}${c.excluded ? ` (${c.excluded} diverged)` : ""}`;
      const p = (v: number | null) => v === null ? "–" : formatP(v);
      const diff = c.identical
        ? "same accuracy in every seed"
        : `${formatNumber(c.medianDifference)} [${formatNumber(c.ci[0])}, ${formatNumber(c.ci[1])}]`;
      return [
        c.cell,
        `${c.convention} vs 0`,
        seeds,
        diff,
        formatNumber(c.detectable),
        p(c.signP),
        p(c.wilcoxonP),
        p(c.holmP),
      ];
    }),
  );
}

/** Runs, splits and exact zeros pooled over the cells of one precision. */
function precisionTotals(result: Pick<MnistTrainingResult, "cells">, precision: string) {
  const cells = result.cells.filter((c) => c.cell.precision === precision);
  const runs = cells.flatMap((c) => CONVENTIONS.flatMap((k) => c.runs[k] ?? []));
  const seeds = cells.reduce((s, c) => s + c.splitAt.length, 0);
  const split = cells.reduce((s, c) => s + c.splitAt.filter((v) => v !== null).length, 0);
  const zeros = runs.reduce((s, r) => s + r.zeros, 0);
  const calls = runs.reduce((s, r) => s + r.reluCalls, 0);
  const diverged = runs.filter((r) => r.divergedAt !== null).length;
  return { cells, seeds, split, zeros, calls, diverged, runs: runs.length };
}

/**
 * What the tables say, in sentences made from the result: per precision how many (cell, seed) trajectories split
 * and the exact zeros per relu call, which comparisons Holm keeps at 0.05, the largest median difference, and
 * divergence.
 *
 * @param result the experiment
 * @returns the paragraph (Markdown, one line)
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { trainingSummary } from "./mnist_training.ts";
 * const run = (zeros: number) => ({ accuracy: 0.9, epochLoss: [0.3], zeros, reluCalls: 1000, firstZero: zeros ? 3 : null, divergedAt: null });
 * const cell = (precision: "float32" | "float16", zeros: number) => ({
 *   cell: { optimizer: "sgd" as const, batchNorm: false, precision }, name: `${precision} sgd`, splitAt: [zeros ? 3 : null],
 *   runs: { "0": [run(zeros)], "0.5": [run(zeros)], "1": [run(zeros)], random: [run(zeros)] },
 * });
 * const text = trainingSummary({ cells: [cell("float32", 0), cell("float16", 2)], comparisons: [] });
 * match(text, /float32, the conventions split in 0 of 1 trajectories/);
 * match(text, /float16, in 1 of 1 \(2\.0e-3 exact zeros per relu call;/);
 * ```
 */
export function trainingSummary(
  result: Pick<MnistTrainingResult, "cells" | "comparisons"> & {
    settings?: Pick<MnistTrainingResult["settings"], "widths">;
  },
): string {
  const [f32, f16] = ["float32", "float16"].map((p) => precisionTotals(result, p));
  const rate = (t: { zeros: number; calls: number }) =>
    `${t.zeros === 0 ? "0" : (t.zeros / t.calls).toExponential(1)} exact zeros per relu call`;
  const tested = result.comparisons.filter((c) => c.holmP !== null);
  const kept = tested.filter((c) => (c.holmP as number) < 0.05);
  const largest = tested.reduce<typeof tested[number] | undefined>(
    (m, c) => m === undefined || Math.abs(c.medianDifference) > Math.abs(m.medianDifference) ? c : m,
    undefined,
  );
  const equal = result.comparisons.length - tested.length;
  const keptText = kept.length === 0
    ? `none has Holm p < 0.05`
    : `${kept.length} ha${kept.length === 1 ? "s" : "ve"} Holm p < 0.05 (${
      kept.map((c) => `${c.cell}, ${c.convention} vs 0: ${formatNumber(c.medianDifference)} points`).join("; ")
    })`;
  const largestText = largest === undefined
    ? ""
    : `; the largest median difference is ${formatNumber(largest.medianDifference)} points [${
      formatNumber(largest.ci[0])
    }, ${formatNumber(largest.ci[1])}] (${largest.cell}, ${largest.convention} vs 0)`;
  const divergedRuns = f32.diverged + f16.diverged;
  const paper = (p: "float32" | "float16") => PAPER_ZERO_RATES[p].map((v) => v.toExponential(1)).join(" to ");
  const hidden = (result.settings?.widths ?? []).reduce((a, b) => a + b, 0);
  const perPass = f16.zeros === 0 || hidden === 0 ? "" : ` At the float16 rate, one pass over the 60,000 training ` +
    `images (${hidden} relu calls per image) meets about ${
      formatNumber(Number((f16.zeros / f16.calls * 60000 * hidden).toPrecision(2)))
    } exact zeros.`;
  return `**What the numbers say.** In float32, the conventions split in ${f32.split} of ${f32.seeds} trajectories ` +
    `(cell × seed; ${rate(f32)}); in float16, in ${f16.split} of ${f16.seeds} (${rate(f16)}; Bertoin et al. report ` +
    `${paper("float32")} per relu call in float32 and ${paper("float16")} in float16). Where they never ` +
    `split, relu′(0) did not change one bit of training.${perPass} Of the ${result.comparisons.length} comparisons with ` +
    `relu′(0) = 0, ${equal} have the same test accuracy in every seed and ${tested.length} ` +
    `${tested.length === 1 ? "is" : "are"} tested: ${keptText}` +
    `${largestText}. ${divergedRuns} of ${f32.runs + f16.runs} runs diverged.`;
}

/**
 * `figures/mnist_training.md`: how it was run, the per-cell table and the comparisons.
 *
 * @param result the experiment
 * @returns the Markdown
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { mnistTrainingMarkdown } from "./mnist_training.ts";
 * const md = mnistTrainingMarkdown({
 *   command: "deno task mnist_training -- --seeds 2", wallSeconds: 61.2, backend: { name: "wasm", reason: "asked for" },
 *   machine: { platform: "linux x86_64", cpus: 2, cpuModel: null, deno: "2.9.6", load: { before: [1, 1, 1], after: null } },
 *   settings: { widths: [256, 256], batch: 128, lr: { sgd: 0.1, adam: 0.001 }, epochs: 1, seeds: [0, 1],
 *     trainSize: 1000, testSize: 10000, workers: 2 },
 *   cells: [], comparisons: [],
 * });
 * ok(md.includes("| command                     | `deno task mnist_training -- --seeds 2`"));
 * ```
 */
export function mnistTrainingMarkdown(result: MnistTrainingResult): string {
  const { settings: s, machine: m } = result;
  const load = (l: number[] | null) => l === null ? "unknown" : l.map((v) => v.toFixed(2)).join(", ");
  const run = markdownTable(["run", "value"], [
    ["command", `\`${result.command}\``],
    ["backend", `${result.backend.name} (${result.backend.reason})`],
    ["machine", `${m.platform}, ${m.cpus} logical CPUs${m.cpuModel ? ` (${m.cpuModel})` : ""}, Deno ${m.deno}`],
    ["threads training", String(s.workers)],
    ["wall time", `${(result.wallSeconds / 60).toFixed(1)} minutes`],
    ["load average (1, 5, 15 min)", `before ${load(m.load.before)}; after ${load(m.load.after)}`],
  ]);
  return markdownDocument([
    "<!-- Generated by deno task mnist_training from mnist_training.json; do not edit. -->",
    "",
    `784-${s.widths.join("-")}-10 MLP, batch ${s.batch}, SGD lr ${s.lr.sgd}, Adam lr ${s.lr.adam}, ${s.epochs} ` +
    `epoch${s.epochs === 1 ? "" : "s"} over the first ${s.trainSize} MNIST training images, test accuracy on the ` +
    `${s.testSize} test images; seeds ${s.seeds[0]}–${s.seeds[s.seeds.length - 1]} (${s.seeds.length}), each ` +
    `trained with relu'(0) = ${CONVENTIONS.join(", ")} from the same initialisation and batches.`,
    "",
    run,
    cellTable(result),
    trainingSummary(result),
    "",
    "Each convention against relu'(0) = 0 on the same seeds, test accuracy in percentage points (Holm over the " +
    "comparisons that are not identical; `detectable`: the mean difference a 0.05 test finds with 80 % power):",
    "",
    comparisonTable(result),
  ]);
}
