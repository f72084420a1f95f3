/**
 * The section of `figures/mnist_bifurcation.md` that sets PyTorch's own pass
 * (`deno task mnist_bifurcation:torch`) beside ours, cell by cell.
 *
 * @module
 */
import { type BifurcationRecord, compareWithTorch, PAPER_BIFURCATION, type TorchComparisonRow } from "../mnist/mod.ts";
import { formatInterval, formatP, markdownTable } from "./markdown.ts";

const percent = (share: number) => `${(100 * share).toFixed(1)} %`;
const rate = (value: number) => (value === 0 ? "0" : value.toExponential(1));
const name = (r: TorchComparisonRow) => `${r.precision} ${r.depth} × ${r.width}`;

/** The sentences under the table: how the shares and the rates of exact zeros compare. */
function findings(rows: readonly TorchComparisonRow[]): string {
  const f32 = rows.filter((r) => r.precision === "float32");
  const higher = f32.filter((r) => r.zerosPerCall.torch > r.zerosPerCall.ours).length;
  const significant = rows.filter((r) => r.pHolm < 0.05);
  const ratios = f32.filter((r) => r.zerosPerCall.ours > 0).map((r) => r.zerosPerCall.torch / r.zerosPerCall.ours);
  const spread = ratios.length
    ? ` (PyTorch's rate ÷ ours: ${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)} by cell)`
    : "";
  const tests = significant.length === 0
    ? `No cell's two shares differ at 5 % after Holm's correction over the ${rows.length} cells.`
    : `The shares differ at 5 % after Holm's correction over the ${rows.length} cells in: ${
      significant.map(name).join("; ")
    }.`;
  // The paper's float32 counts (depth 3 × width 256 has two) against each interval.
  const paper = f32.flatMap((r) =>
    PAPER_BIFURCATION.filter((c) =>
      c.count !== null && c.depth === r.depth && c.width === r.width && c.precision === r.precision
    ).map((c) => ({ share: c.count! / c.trials, row: r }))
  );
  const inside = (which: "ours" | "torch") =>
    paper.filter(({ share, row }) => share >= row[which].lo && share <= row[which].hi).length;
  const counts = paper.length
    ? ` The paper's float32 count lies inside PyTorch's 95 % interval for ${inside("torch")} of its ` +
      `${paper.length} counts, inside ours for ${inside("ours")}.`
    : "";
  return `In float32, PyTorch's pass met exact zeros more often than ours in ${higher} of ${f32.length} ` +
    `architectures${spread}.${counts} ${tests}`;
}

/**
 * The Markdown lines of the comparison with PyTorch's pass.
 *
 * @param ours our record
 * @param torch the record of `deno task mnist_bifurcation:torch`
 * @returns the lines (a paragraph, the table, the findings, the run)
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { torchComparisonLines } from "./mnist_bifurcation_torch.ts";
 * const cell = (bifurcated: number[]) => ({ depth: 1, width: 256, precision: "float32" as const, bifurcated,
 *   firstBatch: bifurcated.map((b) => (b ? 0 : -1)), zeros: bifurcated, reluCalls: bifurcated.map(() => 100), seconds: 1 });
 * const record = (bifurcated: number[]) => ({
 *   command: "deno task mnist_bifurcation:torch", date: "2026-01-01T00:00:00.000Z",
 *   machine: { cores: 2, os: "linux x86_64", deno: "2.9.6", workers: 1 }, wallSeconds: 60,
 *   protocol: { images: 60000, batch: 256, order: "", compared: "", arithmetic: "PyTorch 1.13" },
 *   inits: { float16: 0, float32: bifurcated.length, float64: 0 }, cells: [cell(bifurcated)],
 * });
 * const md = torchComparisonLines(record([1, 0]), record([1, 1])).join("\n");
 * ok(md.includes("| float32   | 1 × 256 "));
 * ok(md.includes("more often than ours in 1 of 1 architectures (PyTorch's rate ÷ ours: 2.00 to 2.00 by cell)."));
 * // The paper's 54 of 1000 at depth 1 × width 256 lies inside 1 of 2 (0.013–0.987), not inside 2 of 2 (0.158–1):
 * ok(md.includes("float32 count lies inside PyTorch's 95 % interval for 0 of its 1 counts, inside ours for 1."));
 * ```
 */
export function torchComparisonLines(ours: BifurcationRecord, torch: BifurcationRecord): string[] {
  const rows = compareWithTorch(ours, torch);
  const table = markdownTable(
    [
      "precision",
      "depth × width",
      "ours: in zone [95 % CI]",
      "PyTorch: in zone [95 % CI]",
      "p (Holm)",
      "exact zeros per relu call: ours",
      "PyTorch",
    ],
    rows.map((r) => [
      r.precision,
      `${r.depth} × ${r.width}`,
      `${r.ours.k} of ${r.ours.n}: ${percent(r.ours.share)} ${formatInterval(r.ours)}`,
      `${r.torch.k} of ${r.torch.n}: ${percent(r.torch.share)} ${formatInterval(r.torch)}`,
      `${formatP(r.p)} (${formatP(r.pHolm)})`,
      rate(r.zerosPerCall.ours),
      rate(r.zerosPerCall.torch),
    ]),
  );
  const load = torch.machine.loadAverage
    ? `, load average ${torch.machine.loadAverage.map((l) => l.toFixed(1)).join(" ")}`
    : "";
  return [
    `**The same pass in PyTorch.** The protocol above, run by PyTorch itself: ${torch.protocol.arithmetic}. ` +
    `${torch.inits.float32} initialisations per float32 cell and ${torch.inits.float64} per float64 cell ` +
    "(torch.manual_seed(init), then nn.Linear's default initialisation). What moves between the two columns is " +
    "only the arithmetic of the sums (and the initialisations' generator); p: the pooled two-proportion z-test.",
    "",
    table.trimEnd(),
    "",
    findings(rows),
    "",
    `Run: \`${torch.command}\`, ${torch.date.slice(0, 10)}, ${torch.machine.cores} cores (${torch.machine.os}), ` +
    `${torch.machine.workers} Python processes, ${torch.wallSeconds} s wall${load}.`,
  ];
}
