/**
 * `deno task figures`: regenerates every figure into figures/ (or `--out DIR`): the static figures
 * of the essay, the training run and its outputs (cpu backend, so the files
 * are byte-identical on every run), and the two experiments. The expensive
 * parts run in two workers, one per core: the dead-unit grid split by rows,
 * the sweep split by setting, the training outputs and the static figures,
 * longest first; this process trains (a tenth of a second) and writes the
 * GIF meanwhile. Merged results are the same bytes as one script run alone.
 *
 * @module
 */
import { type FlagSpec, listFlag, parseFlags } from "./flags.ts";
import { RunError, UsageError } from "../errors.ts";
import { prepareOutDir } from "../output/files.ts";
import { DEAD_UNIT_GRID, type DeadUnitResult, mergeDeadUnitResults } from "../experiments/dead_units.ts";
import { SWEEP_SETTINGS, type SweepResult } from "../experiments/sweep.ts";
import { mergeSweepResults } from "../experiments/sweep_files.ts";
import type { TrainingRun } from "../model/run.ts";
import { writeTrainingOutputs } from "../output/training.ts";
import { trainNetwork } from "../train/network.ts";
import { outFlag, PRECISIONS } from "./common_flags.ts";
import { writeDeadUnits, writeSweep } from "./experiments.ts";
import type { FiguresJob, FiguresJobReply } from "./figures_worker.ts";
import { wroteLine } from "./report.ts";

/** The parts `--only` can pick. */
export const FIGURE_PARTS = ["essay", "training", "experiments"] as const;

/** One of {@link FIGURE_PARTS}. */
export type FigurePart = typeof FIGURE_PARTS[number];

/** The flags of `deno task figures`. */
export const FIGURES_FLAGS: {
  only: FlagSpec<FigurePart[]>;
  out: FlagSpec<string>;
} = {
  only: listFlag({ description: "which parts to regenerate", default: FIGURE_PARTS, choices: FIGURE_PARTS }),
  out: outFlag,
};

/** The worker jobs for `parts`, longest first. */
function jobsFor(parts: readonly FigurePart[], out: string, run: TrainingRun | undefined): FiguresJob[] {
  const jobs: FiguresJob[] = [];
  if (parts.includes("experiments")) {
    // One row of the grid (5 · 10^9 unit-point pairs) costs about twice one sweep cell (2 · 10^9).
    for (const lr of DEAD_UNIT_GRID.lrs) jobs.push({ kind: "dead_units", out, lrs: [lr] });
    for (const setting of SWEEP_SETTINGS) {
      for (const precision of PRECISIONS) jobs.push({ kind: "sweep", out, setting: setting.name, precision });
    }
  }
  if (run) jobs.push({ kind: "training_outputs", out, run, formats: ["json", "svg", "html"] });
  if (parts.includes("essay")) jobs.push({ kind: "static", out });
  return jobs;
}

function rethrow(reply: Extract<FiguresJobReply, { ok: false }>, job: FiguresJob): never {
  if (reply.errorClass === "UsageError") throw new UsageError(reply.message);
  if (reply.errorClass === "RunError") throw new RunError(reply.message);
  const e = new Error(`figures: the ${job.kind} job failed: ${reply.message}`);
  if (reply.stack) e.stack = reply.stack;
  throw e;
}

/** Runs `jobs` on `workers` workers, at most one job per worker at a time; results in job order. */
async function runJobs(jobs: readonly FiguresJob[], workers: number): Promise<FiguresJobReply[]> {
  const replies: FiguresJobReply[] = new Array(jobs.length);
  let next = 0;
  const pool: Worker[] = [];
  const drive = async () => {
    const worker = new Worker(new URL("./figures_worker.ts", import.meta.url).href, { type: "module" });
    pool.push(worker);
    while (next < jobs.length) {
      const i = next++;
      const reply = await new Promise<FiguresJobReply>((resolve) => {
        worker.onmessage = (e: MessageEvent<FiguresJobReply>) => resolve(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          resolve({ ok: false, errorClass: "Error", message: e.message });
        };
        worker.postMessage(jobs[i]);
      });
      if (!reply.ok) rethrow(reply, jobs[i]);
      replies[i] = reply;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, drive));
  } finally {
    for (const w of pool) w.terminate();
  }
  return replies;
}

/**
 * Regenerates the chosen parts into `out` and returns one line per file
 * written, in a fixed order (static figures, training, sweep, dead units),
 * plus the status lines of the jobs.
 */
export async function writeAllFigures(
  out: string,
  parts: readonly FigurePart[] = FIGURE_PARTS,
): Promise<{ lines: string[]; status: string[] }> {
  // Training at the defaults takes a tenth of a second on cpu: it runs here,
  // a worker writes json, svg and html from the run, and this thread writes
  // the GIF (resvg, a native addon, is never loaded in a worker).
  const run = parts.includes("training") ? await trainNetwork({ backend: "cpu", engine: "fused" }) : undefined;
  const jobs = jobsFor(parts, out, run);
  const pending = runJobs(jobs, 2);
  pending.catch(() => {}); // awaited below; keeps an early failure from being reported as unhandled
  const gif = run ? await writeTrainingOutputs(run, { outDir: out, formats: ["gif"] }) : [];
  const replies = (await pending) as Extract<FiguresJobReply, { ok: true }>[];
  const status = replies.flatMap((r) => r.status);
  const of = <K extends FiguresJob["kind"]>(kind: K) => replies.filter((_, i) => jobs[i].kind === kind);
  const lines = of("static").flatMap((r) => r.result as string[]);
  for (const r of of("training_outputs")) lines.push(...(r.result as string[]));
  lines.push(...gif.map(wroteLine));
  const sweeps = of("sweep").map((r) => r.result as SweepResult);
  if (sweeps.length > 0) lines.push(...await writeSweep(mergeSweepResults(sweeps), out));
  const grids = of("dead_units").map((r) => r.result as DeadUnitResult);
  if (grids.length > 0) {
    lines.push(...await writeDeadUnits(mergeDeadUnitResults(grids, DEAD_UNIT_GRID.lrs), out));
  }
  return { lines, status };
}

/**
 * Runs `deno task figures` with `args`: regenerates the chosen parts and
 * prints one line per file written, the jobs' status lines and the total time.
 */
export async function runFiguresCommand(args: readonly string[]): Promise<void> {
  const values = parseFlags(args, {
    usage: "deno task figures --",
    summary: "Regenerates every figure with its default settings: the essay's static figures, the training " +
      "run on the cpu backend (training.json, training.svg, training_loss.svg, training.gif, training.html) " +
      "and the two experiments (subgradient_sweep, dead_units), using both cores.",
    flags: FIGURES_FLAGS,
  });
  if (values === null) return;
  await prepareOutDir(values.out);
  const started = performance.now();
  const { lines, status } = await writeAllFigures(values.out, values.only);
  for (const line of lines) console.log(line);
  for (const line of status) console.error(line);
  console.error(`regenerated ${lines.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
