/**
 * Every number README's experiments section states is checked against its own row: the sentences and tables
 * between README's markers are regenerated here from the committed JSON results (not from the .md files) and must
 * be what README quotes, so a number quoted from the wrong row or cell (1348 and 1421 swapped) fails. The
 * hand-written setup sentences are checked phrase by phrase against the results' settings.
 */
import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";
import { sweepComparisons } from "../lib/experiments/comparisons.ts";
import type { SweepResult } from "../lib/experiments/sweep.ts";
import type { DeadUnitResult } from "../lib/experiments/dead_units.ts";
import { sweepMarkdown } from "../lib/render/sweep_tables.ts";
import { deadUnitMarkdown } from "../lib/render/dead_unit_tables.ts";
import { replicationMarkdown } from "../lib/render/replication_tables.ts";
import { mnistTrainingMarkdown } from "../lib/render/mnist_training.ts";

const README = Deno.readTextFileSync(`${ROOT}/README.md`);
const json = (name: string) => JSON.parse(Deno.readTextFileSync(`${ROOT}/figures/${name}.json`));
const sweepFile = json("subgradient_sweep");
const deadFile = json("dead_units");
const replicationFile = JSON.parse(Deno.readTextFileSync(`${ROOT}/bench/results/replications.json`));

const sweep: SweepResult = {
  epochs: sweepFile.epochs,
  every: sweepFile.every,
  sampledEpochs: sweepFile.sampledEpochs,
  seeds: sweepFile.seeds,
  engine: sweepFile.engine,
  backend: sweepFile.backend,
  settings: sweepFile.settings,
};
const dead: DeadUnitResult = {
  settings: deadFile.settings,
  engine: deadFile.engine,
  backend: deadFile.backend,
  cells: deadFile.cells,
};

/** The Markdown README must quote for each generated file, rendered from the JSON results. */
const EXPECTED: Record<string, string> = {
  "figures/subgradient_sweep.md": sweepMarkdown(sweep, sweepComparisons(sweep)),
  "figures/dead_units.md": deadUnitMarkdown(dead),
  "figures/mnist_training.md": mnistTrainingMarkdown(json("mnist_training")),
  "bench/results/replications.md": replicationMarkdown({
    init: replicationFile.init,
    plateau: replicationFile.plateau,
    halfVsOne: replicationFile.halfVsOne,
  }),
};

/** The lines of README's quoted experiment blocks that differ from what the results give, as "path: line". */
function readmeMismatches(readme: string): string[] {
  const out: string[] = [];
  for (const [path, expected] of Object.entries(EXPECTED)) {
    const m = readme.match(new RegExp(`<!-- BEGIN ${path} -->\\n\\n([\\s\\S]*?)\\n<!-- END ${path} -->`));
    if (!m) {
      out.push(`${path}: not quoted`);
      continue;
    }
    const [got, want] = [m[1].split("\n"), expected.split("\n")];
    for (let i = 0; i < Math.max(got.length, want.length); i++) {
      if (got[i] !== want[i]) out.push(`${path}: ${got[i]} (expected: ${want[i]})`);
    }
  }
  return out;
}

function handProse(readme: string): string {
  const start = readme.indexOf("## What the experiments show");
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end).replace(/<!-- BEGIN (\S+) -->[\s\S]*?<!-- END \1 -->/g, "");
}

Deno.test("README's experiment sentences and tables are what the committed JSON results give, row by row", () => {
  assert.deepEqual(readmeMismatches(README), []);
});

Deno.test("two numbers of README's experiment sentences swapped (1348 and 1421) are caught", () => {
  const sentence = "1348 (0.5), 1421 (1)";
  assert.ok(README.includes(sentence), "README states the final MSE of 0.5 and 1 in the zero-initialised setting");
  const swapped = README.replace(sentence, "1421 (0.5), 1348 (1)");
  assert.notDeepEqual(readmeMismatches(swapped), []);
  assert.ok(readmeMismatches(swapped).every((m) => m.startsWith("figures/subgradient_sweep.md:")));
});

Deno.test("README's hand-written setup sentences state the settings the results ran with", () => {
  const prose = handProse(README).replace(/\s+/g, " ");
  const essay = sweep.settings.find((s) => s.setting.name === "essay")!.setting;
  const checks: [RegExp, string[]][] = [
    [/trains the same (\d+) seeds under/, [String(sweep.seeds.length)]],
    [/(\d+) full-batch SGD updates each/, [String(sweep.epochs)]],
    [/\((\d+) points on \[−(\d+), (\d+)\], H = (\d+), lr (\S+), PyTorch-style init\)/, [
      String(essay.points),
      String(-essay.xMin),
      String(essay.xMax),
      String(essay.hidden),
      essay.lr.toExponential(),
    ]],
    [/trains (\d+) seeds per cell/, [String(dead.settings.seeds.length)]],
  ];
  let rest = prose;
  for (const [pattern, want] of checks) {
    const m = prose.match(pattern);
    assert.ok(m, `README states ${pattern}`);
    assert.deepEqual(m.slice(1), want, `${pattern}`);
    rest = rest.replace(m[0], "");
  }
  // What is left names conventions and variables (relu′(0) = 0, 0.5, 1, U(0, 1), w0, b0), not results.
  const left = [...rest.replace(/float(32|64)/g, "").matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]).filter((n) =>
    !["0", "0.5", "1"].includes(n)
  );
  assert.deepEqual(left, [], "numbers in README's hand-written experiment sentences that no check covers");
});

Deno.test("the replications agree with the sweep and the grid on the seeds they share", () => {
  // Seeds 0-63 of the plateau run are the dead-unit grid's cell lr 1e-4, H = 7.
  const cell = dead.cells.find((c) => c.lr === 1e-4 && c.hidden === 7)!;
  const { plateau, halfVsOne } = replicationFile;
  assert.equal(plateau.first64.k, cell.perSeed.filter((s) => (s.finalLoss ?? 0) > plateau.threshold).length);
  assert.deepEqual(
    plateau.finalLoss.slice(0, 64).map((v: number) => Math.fround(v)),
    cell.perSeed.map((s) => Math.fround(s.finalLoss!)),
  );
  // Seeds 0-63 of 1 vs 0.5 are the sweep's comparison in the zero-initialised setting, float32.
  const row = sweepComparisons(sweep).find((c) =>
    c.setting === "exact_zeros" && c.compared === "1 vs 0.5" && c.precision === "float32"
  )!;
  const first64 = halfVsOne.rows.find((r: { seeds: number }) => r.seeds === 64);
  assert.deepEqual([first64.medianDifference, first64.ci, first64.wilcoxonP], [
    row.medianDifference,
    row.ci,
    row.wilcoxonP,
  ]);
});
