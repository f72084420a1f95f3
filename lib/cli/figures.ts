/**
 * `deno task figures`: regenerates every figure into figures/ (or `--out DIR`): the static figures
 * of the essay, the training run and its outputs (cpu backend, so the files
 * are byte-identical on every run), and the two experiments. The expensive
 * parts run in two workers, one per core: the dead-unit grid split by rows,
 * the sweep split by setting, the training outputs and the static figures,
 * longest first; this process trains (a tenth of a second) first. The
 * workers write nothing: this process writes every file (the static figures
 * and the training outputs as one set, then each experiment's set), so that a
 * signal in the middle of a write finds its listener (see `output/files.ts`)
 * and leaves no temporary file. Merged results are the same bytes as one
 * script run alone.
 *
 * @module
 */
import { type FlagSpec, listFlag, parseFlags } from "./flags.ts";
import { RunError, UsageError } from "../errors.ts";
import { type FileToWrite, prepareOutDir, writeFilesAtomic } from "../output/files.ts";
import { DEAD_UNIT_GRID, type DeadUnitResult, mergeDeadUnitResults } from "../experiments/dead_units.ts";
import { SWEEP_SETTINGS, type SweepResult } from "../experiments/sweep.ts";
import { mergeSweepResults } from "../experiments/sweep_files.ts";
import type { TrainingRun } from "../model/run.ts";
import { trainNetwork } from "../train/train_network.ts";
import { outFlag } from "./common_flags.ts";
import { PRECISIONS } from "../model/settings.ts";
import { writeDeadUnits, writeSweep } from "./experiments.ts";
import { wroteLine } from "./report.ts";
import type { FiguresJob, FiguresJobReply } from "./figures_worker.ts";
import { clockMs, type FiguresTimings, type JobRecord } from "./timings.ts";

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

/**
 * The worker jobs for `parts`, longest first, so that the two workers, each
 * taking the next job when it is free, finish close together. Costs are in
 * billions of unit-point updates: a row of the dead-unit grid trains
 * (3 + 7 + 15 + 31) units × 300 points × 64 seeds × 4000 updates ≈ 4.3; a
 * sweep cell (one setting, one precision) 4 conventions × 2100 × 64 × 4000
 * ≈ 2.2; the lr 1e-3 row stops once every model of a cell has diverged, so
 * only its H = 3 cell (one model survives) runs to the end ≈ 0.2. The
 * training outputs (the GIF; the rest) and the static figures cost seconds of
 * rendering, counted as 1.5, 0.9 and 1.
 */
function jobsFor(parts: readonly FigurePart[], out: string, run: TrainingRun | undefined): FiguresJob[] {
  const jobs: { job: FiguresJob; cost: number }[] = [];
  if (parts.includes("experiments")) {
    for (const lr of DEAD_UNIT_GRID.lrs) {
      jobs.push({ job: { kind: "dead_units", out, lrs: [lr] }, cost: lr < 1e-3 ? 4.3 : 0.2 });
    }
    for (const setting of SWEEP_SETTINGS) {
      for (const precision of PRECISIONS) {
        jobs.push({ job: { kind: "sweep", out, setting: setting.name, precision }, cost: 2.2 });
      }
    }
  }
  if (run) {
    // The GIF (frames rendered, then rasterised) is the longest rendering job: it gets a worker of its own.
    jobs.push({ job: { kind: "training_outputs", out, run, formats: ["gif"] }, cost: 1.5 });
    jobs.push({ job: { kind: "training_outputs", out, run, formats: ["json", "svg", "html"] }, cost: 0.9 });
  }
  if (parts.includes("essay")) jobs.push({ job: { kind: "static", out }, cost: 1 });
  return jobs.sort((a, b) => b.cost - a.cost).map(({ job }) => job);
}

function rethrow(reply: Extract<FiguresJobReply, { ok: false }>, job: FiguresJob): never {
  if (reply.errorClass === "UsageError") throw new UsageError(reply.message);
  if (reply.errorClass === "RunError") throw new RunError(reply.message);
  const e = new Error(`figures: the ${job.kind} job failed: ${reply.message}`);
  if (reply.stack) e.stack = reply.stack;
  throw e;
}

/** What {@link runJobs} returns: the replies in job order, each worker's busy time in milliseconds, and timings. */
interface JobsDone {
  replies: FiguresJobReply[];
  busyMs: number[];
  createdAt: number[];
  records: JobRecord[];
}

/** A job's name in the profile. */
function jobLabel(job: FiguresJob): string {
  switch (job.kind) {
    case "static":
      return "static figures";
    case "training_outputs":
      return `training outputs: ${job.formats.join(", ")}`;
    case "sweep":
      return `sweep: ${job.setting}, ${job.precision}`;
    case "dead_units":
      return `dead units: lr ${job.lrs.join(", ")}`;
  }
}

/** Runs `jobs` on `workers` workers, at most one job per worker at a time; results in job order. */
async function runJobs(jobs: readonly FiguresJob[], workers: number): Promise<JobsDone> {
  const replies: FiguresJobReply[] = new Array(jobs.length);
  const busyMs: number[] = [];
  const createdAt: number[] = [];
  const records: JobRecord[] = [];
  let next = 0;
  const pool: Worker[] = [];
  const drive = async (w: number) => {
    createdAt[w] = clockMs();
    const worker = new Worker(new URL("./figures_worker.ts", import.meta.url).href, { type: "module" });
    pool.push(worker);
    const started = performance.now();
    busyMs[w] = 0;
    while (next < jobs.length) {
      const i = next++;
      const postedAt = clockMs();
      const reply = await new Promise<FiguresJobReply>((resolve) => {
        worker.onmessage = (e: MessageEvent<FiguresJobReply>) => resolve(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          resolve({ ok: false, errorClass: "Error", message: e.message });
        };
        worker.postMessage(jobs[i]);
      });
      if (!reply.ok) rethrow(reply, jobs[i]);
      records.push({ label: jobLabel(jobs[i]), worker: w, postedAt, repliedAt: clockMs(), timing: reply.timing });
      replies[i] = reply;
    }
    busyMs[w] = performance.now() - started;
  };
  try {
    await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, (_, w) => drive(w)));
  } finally {
    for (const w of pool) w.terminate();
  }
  return { replies, busyMs, createdAt, records };
}

/**
 * Regenerates the chosen parts into `out` and returns one line per file
 * written, in a fixed order (static figures, training, sweep, dead units),
 * plus the status lines of the jobs.
 *
 * @param out the output folder (it must exist)
 * @param parts which parts to regenerate (default all)
 * @returns the lines of the files written, the status lines and where the time went
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { writeAllFigures } from "./figures.ts";
 * const dir = await Deno.makeTempDir();
 * const { lines } = await writeAllFigures(dir, ["essay"]); // the static figures only: about a second
 * ok(lines.includes(`wrote ${dir}/relu.svg (${(await Deno.stat(`${dir}/relu.svg`)).size} bytes)`));
 * strictEqual(lines.length, (await Array.fromAsync(Deno.readDir(dir))).length);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeAllFigures(
  out: string,
  parts: readonly FigurePart[] = FIGURE_PARTS,
): Promise<{ lines: string[]; status: string[]; timings: FiguresTimings }> {
  const startedAt = clockMs();
  // Training at the defaults takes a tenth of a second on cpu: it runs here, then a worker renders and writes its
  // outputs (the GIF's rasteriser is WebAssembly, so it runs in a worker too).
  const run = parts.includes("training") ? await trainNetwork({ backend: "cpu", engine: "fused" }) : undefined;
  const trained = clockMs();
  const jobs = jobsFor(parts, out, run);
  const started = performance.now();
  const done = await runJobs(jobs, 2);
  const wallMs = performance.now() - started;
  const replies = done.replies as Extract<FiguresJobReply, { ok: true }>[];
  const status = replies.flatMap((r) => r.status);
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  status.push(
    `workers busy ${done.busyMs.map(seconds).join(" s and ")} s of ${seconds(wallMs)} s ` +
      `(critical path: the busier worker; the other waits ${
        seconds(Math.max(...done.busyMs) - Math.min(...done.busyMs))
      } s)`,
  );
  const writing = clockMs();
  const of = <K extends FiguresJob["kind"]>(kind: K) => replies.filter((_, i) => jobs[i].kind === kind);
  const files = [...of("static"), ...of("training_outputs")].flatMap((r) => r.result as FileToWrite[]);
  const lines = (await writeFilesAtomic(files, { onWait: (line) => status.push(line) })).map(wroteLine);
  const sweeps = of("sweep").map((r) => r.result as SweepResult & { deadUnitCells?: DeadUnitResult });
  if (sweeps.length > 0) lines.push(...await writeSweep(mergeSweepResults(sweeps), out));
  const grids = of("dead_units").map((r) => r.result as DeadUnitResult);
  if (grids.length > 0) {
    lines.push(
      ...await writeDeadUnits(
        mergeDeadUnitResults([
          ...grids,
          ...sweeps.flatMap((s) => s.deadUnitCells ?? []),
        ], DEAD_UNIT_GRID.lrs),
        out,
      ),
    );
  }
  const timings: FiguresTimings = {
    origin: performance.timeOrigin,
    startedAt,
    ...(run ? { training: [startedAt, trained] as [number, number] } : {}),
    workersCreatedAt: done.createdAt,
    jobs: done.records,
    writing: [writing, clockMs()],
  };
  return { lines, status, timings };
}

/**
 * Runs `deno task figures` with `args`: regenerates the chosen parts and
 * prints one line per file written, the jobs' status lines and the total time.
 *
 * @param args the command-line arguments
 * @param onTimings receives where the time went (see `timings.ts`), once every file is written
 * @returns when every file is written, or at once after `--help`
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { runFiguresCommand } from "./figures.ts";
 * import { UsageError } from "../errors.ts";
 * await runFiguresCommand(["--help"]); // prints the help text and regenerates nothing
 * await rejects(() => runFiguresCommand(["--only", "essay,gifs"]), UsageError); // before anything is written
 * ```
 */
export async function runFiguresCommand(
  args: readonly string[],
  onTimings?: (timings: FiguresTimings) => void,
): Promise<void> {
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
  const { lines, status, timings } = await writeAllFigures(values.out, values.only);
  for (const line of lines) console.log(line);
  for (const line of status) console.error(line);
  console.error(`regenerated ${lines.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  onTimings?.(timings);
}
