/**
 * The MNIST bifurcation experiment's tables as Markdown
 * (`figures/mnist_bifurcation.md`), generated from its record: our shares
 * with Clopper–Pearson intervals beside the paper's counts, cell by cell,
 * and where they agree. README quotes this file verbatim.
 *
 * @module
 */
import {
  type BifurcationRecord,
  type BifurcationSummary,
  MNIST_PRECISIONS,
  summarizeBifurcation,
} from "../mnist/mod.ts";
import { formatInterval, formatP, markdownDocument, markdownTable } from "./markdown.ts";
import { torchComparisonLines } from "./mnist_bifurcation_torch.ts";

const percent = (share: number) => `${(100 * share).toFixed(1)} %`;

/** The paper's count, or why there is none. */
function paperCell(row: BifurcationSummary): string {
  if (row.paper.count === null) return "not computed";
  return `${row.paper.count} (${percent(row.paper.count / row.paper.trials)})`;
}

/** A rate per relu call, e.g. "3.1e-9", or "0". */
function rate(value: number): string {
  return value === 0 ? "0" : value.toExponential(1);
}

/** The sentence that says where the paper's share lies inside our interval and where not. */
function agreementText(rows: readonly BifurcationSummary[]): string {
  const compared = rows.filter((r) => r.agrees !== null);
  const outside = compared.filter((r) => r.agrees === false);
  const name = (r: BifurcationSummary) => `${r.precision} depth ${r.depth} × width ${r.width} (${r.panel} panel)`;
  const head = `The paper's share lies inside our 95 % interval in ${compared.length - outside.length} of ` +
    `${compared.length} compared cells`;
  const significant = compared.filter((r) => r.pHolm! < 0.05);
  const tests = significant.length === 0
    ? ` No difference is significant at 5 % after Holm's correction over the ${compared.length} comparisons ` +
      "(p: the pooled two-proportion z-test of our count against the paper's, its sampling error counted)."
    : ` Significant at 5 % after Holm's correction over the ${compared.length} comparisons: ${
      significant.map(name).join("; ")
    }.`;
  if (outside.length === 0) return `${head}.${tests}`;
  const words = outside.map((r) =>
    `${name(r)}: ours ${percent(r.ours.share)} ${formatInterval(r.ours)}, the paper's ${
      percent(r.paper.count! / r.paper.trials)
    }, ${r.paper.count! / r.paper.trials > r.ours.hi ? "above" : "below"} our interval`
  );
  return `${head}; outside it: ${words.join("; ")}.${tests}`;
}

/** One sentence per precision: initialisations in the zone over every cell, and the exact zeros per relu call. */
function precisionText(record: BifurcationRecord): string {
  const parts = MNIST_PRECISIONS.map((precision) => {
    const cells = record.cells.filter((c) => c.precision === precision);
    const k = cells.reduce((s, c) => s + c.bifurcated.reduce((a, b) => a + b, 0), 0);
    const n = cells.reduce((s, c) => s + c.bifurcated.length, 0);
    const zeros = cells.reduce((s, c) => s + c.zeros.reduce((a, b) => a + b, 0), 0);
    const calls = cells.reduce((s, c) => s + c.reluCalls.reduce((a, b) => a + b, 0), 0);
    const shares = cells.map((c) => c.bifurcated.reduce((a, b) => a + b, 0) / c.bifurcated.length);
    const range = `${percent(Math.min(...shares))} to ${percent(Math.max(...shares))} by cell`;
    return `in ${precision}, ${k} of ${n} initialisations over the ${cells.length} architectures are in the zone ` +
      `(${range}), with ${zeros} exact zeros in ${calls.toExponential(2).replace("e+", "e")} relu calls (${
        rate(zeros / calls)
      } per call)`;
  });
  const text = parts.join("; ");
  const silent = record.cells.reduce(
    (s, c) => s + c.bifurcated.filter((b, i) => b === 0 && c.zeros[i] > 0).length,
    0,
  );
  const zeroText = silent === 0
    ? " Every initialisation that met an exact zero bifurcated: no zero left the first-layer gradient unchanged, so " +
      "the paper's constant α (which also counts a zero whose upstream gradient is 0) would count the same " +
      "initialisations here, and a difference from the paper comes from how often exact zeros occur."
    : ` ${silent} initialisations met an exact zero that changed no first-layer gradient; the paper's constant α ` +
      "may count some of them.";
  return `**What it shows.** ${text[0].toUpperCase()}${text.slice(1)}.${zeroText}`;
}

/**
 * The experiment's Markdown: what was run, the comparison table, and where
 * the paper's numbers fall inside our intervals; with PyTorch's record, the
 * same pass in PyTorch beside ours.
 *
 * @param record the experiment's record
 * @param torch the record of `deno task mnist_bifurcation:torch`, when there is one
 * @returns the document
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { mnistBifurcationMarkdown } from "./mnist_bifurcation_tables.ts";
 * const cell = { depth: 1, width: 256, precision: "float32" as const, bifurcated: [0, 1], firstBatch: [-1, 9],
 *   zeros: [0, 1], reluCalls: [10, 5], seconds: 1 };
 * const md = mnistBifurcationMarkdown({
 *   command: "deno task mnist_bifurcation", date: "2026-01-01T00:00:00.000Z",
 *   machine: { cores: 2, os: "linux x86_64", deno: "2.9.6", workers: 2 }, wallSeconds: 60,
 *   protocol: { images: 60000, batch: 256, order: "file order", compared: "", arithmetic: "" },
 *   inits: { float16: 2, float32: 2, float64: 1 }, cells: [cell],
 * });
 * ok(md.includes("| depth | float32   | 1 "));
 * ok(md.includes("inside our 95 % interval in 1 of 1 compared cells."));
 * ```
 */
export function mnistBifurcationMarkdown(record: BifurcationRecord, torch?: BifurcationRecord): string {
  const rows = summarizeBifurcation(record);
  const { machine, inits, protocol } = record;
  const load = machine.loadAverage ? `, load average ${machine.loadAverage.map((l) => l.toFixed(1)).join(" ")}` : "";
  const table = markdownTable(
    [
      "panel",
      "precision",
      "depth × width",
      "ours: in zone",
      "share [95 % CI]",
      "paper (of 1000)",
      "paper inside",
      "p (Holm)",
      "exact zeros per relu call",
      "median first batch",
    ],
    rows.map((r) => [
      r.panel,
      r.precision,
      `${r.depth} × ${r.width}`,
      `${r.ours.k} of ${r.ours.n}`,
      `${percent(r.ours.share)} ${formatInterval(r.ours)}`,
      paperCell(r),
      r.agrees === null ? "–" : r.agrees ? "yes" : "no",
      r.p === null ? "–" : `${formatP(r.p)} (${formatP(r.pHolm!)})`,
      rate(r.zerosPerCall),
      r.medianFirstBatch === null ? "–" : String(r.medianFirstBatch),
    ]),
  );
  return markdownDocument([
    "<!-- generated from mnist_bifurcation.json by deno task figures (or mnist_bifurcation); do not edit -->",
    "",
    `**The bifurcation zone on MNIST.** One pass over the first ${protocol.images} training images in file ` +
    `order, batches of ${protocol.batch}, for each initialisation (PyTorch's default, seeded); it is in the zone ` +
    "when some batch's first-layer weight gradient differs bit for bit between relu′(0) = 0 and relu′(0) = 1 " +
    `(applied as α × the upstream gradient). ${inits.float32} initialisations per float16 and float32 cell, ` +
    `${inits.float64} per float64 cell; our share with a Clopper–Pearson 95 % interval, beside the count per 1000 ` +
    "of Bertoin et al. (NeurIPS 2021, from the result files of deel-ai/relu-prime). Exact zeros per relu call " +
    "count the hidden pre-activations that were exactly 0 over the batches computed (a pass stops at its first " +
    "bifurcation). Depth 3 × width 256 is one cell of ours, set beside the paper's two separate counts.",
    "",
    table.trimEnd(),
    "",
    precisionText(record),
    "",
    `${agreementText(rows)} The paper's float64 zeros of the depth panel were not computed (its notebook ` +
    "stops the float64 loop before the first batch); ours are.",
    "",
    `Run: \`${record.command}\`, ${record.date.slice(0, 10)}, ${machine.cores} cores (${machine.os}, Deno ` +
    `${machine.deno}), ${machine.workers} workers, ${record.wallSeconds} s wall${load}` +
    (record.stoppedEarly ? ` (${record.stoppedEarly}).` : "."),
    "",
    ...(torch ? [...torchComparisonLines(record, torch), ""] : []),
  ]);
}
