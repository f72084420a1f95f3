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
import type { DeadUnitResult } from "../experiments/dead_units.ts";
import type { SweepResult } from "../experiments/sweep.ts";
import type { TrainingRun } from "../model/run.ts";
import { outFlag } from "./out_flag.ts";
import { PRECISIONS } from "../model/settings.ts";
import { wroteLine } from "./wrote_line.ts";
import type { FiguresJob, FiguresJobReply } from "./figures_worker.ts";
import type { TrainingFormat } from "../render/training.ts";
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

/** A job, or one that waits for the training run; `kind` is known before it is ready. */
interface PendingJob {
  kind: Exclude<FiguresJob["kind"], "load">;
  job: FiguresJob | Promise<FiguresJob>;
  cost: number;
}

/**
 * The worker jobs for `parts`, longest first, so that the two workers, each
 * taking the next job when it is free, finish close together. Costs are in
 * billions of unit-point updates: a row of the dead-unit grid trains
 * (3 + 7 + 15 + 31) units × 300 points × 64 seeds × 4000 updates ≈ 4.3; a
 * sweep cell (one setting, one precision) 4 conventions × 2100 × 64 × 4000
 * ≈ 2.2; the lr 1e-3 row stops once every model of a cell has diverged, so
 * only its H = 3 cell (one model survives) runs to the end ≈ 0.2. The
 * training outputs (the animations, whose frames are rendered once for the
 * SVG and the GIF; the JSON and the page) and the static figures cost seconds
 * of rendering, counted as 1.5, 0.3 and 1; the training outputs wait for the
 * run, which this thread trains while the workers start.
 */
async function jobsFor(
  parts: readonly FigurePart[],
  out: string,
  run: Promise<TrainingRun> | undefined,
): Promise<PendingJob[]> {
  const jobs: PendingJob[] = [];
  if (parts.includes("experiments")) {
    // The experiments' modules (and tfjs with them) load only when the experiments run.
    const { DEAD_UNIT_GRID } = await import("../experiments/dead_units.ts");
    const { SWEEP_SETTINGS } = await import("../experiments/sweep.ts");
    for (const lr of DEAD_UNIT_GRID.lrs) {
      jobs.push({ kind: "dead_units", job: { kind: "dead_units", out, lrs: [lr] }, cost: lr < 1e-3 ? 4.3 : 0.2 });
    }
    for (const setting of SWEEP_SETTINGS) {
      for (const precision of PRECISIONS) {
        jobs.push({ kind: "sweep", job: { kind: "sweep", out, setting: setting.name, precision }, cost: 2.2 });
      }
    }
  }
  if (run) {
    const outputs = (formats: TrainingFormat[]) => {
      const job = run.then((r): FiguresJob => ({ kind: "training_outputs", out, run: r, formats }));
      job.catch(() => {}); // a failed training run is reported by the job that waits for it first
      return job;
    };
    jobs.push({ kind: "training_outputs", job: outputs(["svg", "gif"]), cost: 1.5 });
    jobs.push({ kind: "training_outputs", job: outputs(["json", "html"]), cost: 0.3 });
  }
  if (parts.includes("essay")) jobs.push({ kind: "static", job: { kind: "static", out }, cost: 1 });
  return jobs.sort((a, b) => b.cost - a.cost);
}

/** The rank of a training output file in the order `deno task train` writes them (json, svg, gif, html). */
function trainingFileRank(path: string): number {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return ["training.json", "training.svg", "training_loss.svg", "training_loss.vl.json", "training.gif"].indexOf(
        name,
      ) + 1 || 6;
}

function rethrow(reply: Extract<FiguresJobReply, { ok: false }>, kind: string): never {
  if (reply.errorClass === "UsageError") throw new UsageError(reply.message);
  if (reply.errorClass === "RunError") throw new RunError(reply.message);
  const e = new Error(`figures: the ${kind} job failed: ${reply.message}`);
  if (reply.stack) e.stack = reply.stack;
  throw e;
}

/** What {@link runJobs} returns: the replies in job order, each worker's busy time in milliseconds, and timings. */
interface JobsDone {
  jobs: FiguresJob[];
  replies: FiguresJobReply[];
  busyMs: number[];
  createdAt: number[];
  records: JobRecord[];
}

/** A job's name in the profile. */
function jobLabel(job: FiguresJob): string {
  switch (job.kind) {
    case "load":
      return `load the modules of a ${job.for} job`;
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

/**
 * Runs `pending` on `workers` workers, at most one job per worker at a time;
 * results in job order. A worker whose next job still waits (for the
 * training run) first loads that job's modules.
 */
async function runJobs(pending: Promise<PendingJob[]>, workers: number): Promise<JobsDone> {
  const createdAt: number[] = [];
  const pool: Worker[] = [];
  // The workers start (and load their entry module) while this thread decides the jobs and trains.
  for (let w = 0; w < workers; w++) {
    createdAt[w] = clockMs();
    pool.push(new Worker(new URL("./figures_worker.ts", import.meta.url).href, { type: "module" }));
  }
  const busyMs: number[] = [];
  const records: JobRecord[] = [];
  let queue: PendingJob[] = [];
  let next = 0;
  const post = (w: number, job: FiguresJob) =>
    new Promise<FiguresJobReply>((resolve) => {
      const worker = pool[w];
      worker.onmessage = (e: MessageEvent<FiguresJobReply>) => resolve(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        resolve({ ok: false, errorClass: "Error", message: e.message });
      };
      worker.postMessage(job);
    });
  const drive = async (w: number) => {
    const started = performance.now();
    busyMs[w] = 0;
    while (next < queue.length) {
      const i = next++;
      let job = queue[i].job;
      if (job instanceof Promise) {
        const load: FiguresJob = { kind: "load", for: queue[i].kind };
        const postedAt = clockMs();
        const [reply, ready] = await Promise.all([post(w, load), job]);
        if (!reply.ok) rethrow(reply, load.kind);
        records.push({ label: jobLabel(load), worker: w, postedAt, repliedAt: clockMs(), timing: reply.timing });
        job = ready;
      }
      jobs[i] = job;
      const postedAt = clockMs();
      const reply = await post(w, job);
      if (!reply.ok) rethrow(reply, job.kind);
      records.push({ label: jobLabel(job), worker: w, postedAt, repliedAt: clockMs(), timing: reply.timing });
      replies[i] = reply;
    }
    busyMs[w] = performance.now() - started;
  };
  let jobs: FiguresJob[] = [];
  let replies: FiguresJobReply[] = [];
  try {
    queue = await pending;
    jobs = new Array(queue.length);
    replies = new Array(queue.length);
    await Promise.all(Array.from({ length: Math.min(workers, queue.length) }, (_, w) => drive(w)));
  } finally {
    for (const w of pool) w.terminate();
  }
  return { jobs, replies, busyMs, createdAt, records };
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
  let trained: [number, number] | undefined;
  // Training at the defaults takes a tenth of a second on cpu: it runs here while the workers start (loading
  // tfjs is most of it), then a worker renders its outputs (the GIF's rasteriser is WebAssembly, so it runs in a
  // worker too).
  const run = parts.includes("training")
    ? (async () => {
      const { trainNetwork } = await import("../train/train_network.ts");
      const begun = clockMs();
      const r = await trainNetwork({ backend: "cpu", engine: "fused" });
      trained = [begun, clockMs()];
      return r;
    })()
    : undefined;
  run?.catch(() => {}); // its failure reaches the jobs that wait for the run
  const started = performance.now();
  const done = await runJobs(jobsFor(parts, out, run), 2);
  const wallMs = performance.now() - started;
  const { jobs } = done;
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
  const training = of("training_outputs").flatMap((r) => r.result as FileToWrite[])
    .sort((a, b) => trainingFileRank(a.path) - trainingFileRank(b.path));
  const files = [...of("static").flatMap((r) => r.result as FileToWrite[]), ...training];
  const lines = (await writeFilesAtomic(files, { onWait: (line) => status.push(line) })).map(wroteLine);
  const sweeps = of("sweep").map((r) => r.result as SweepResult & { deadUnitCells?: DeadUnitResult });
  const grids = of("dead_units").map((r) => r.result as DeadUnitResult);
  if (sweeps.length > 0 || grids.length > 0) {
    const { writeDeadUnits, writeSweep } = await import("./experiments.ts");
    const { DEAD_UNIT_GRID, mergeDeadUnitResults } = await import("../experiments/dead_units.ts");
    const { mergeSweepResults } = await import("../experiments/sweep_files.ts");
    if (sweeps.length > 0) lines.push(...await writeSweep(mergeSweepResults(sweeps), out));
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
  }
  if (parts.includes("experiments")) {
    const { rerenderBifurcation } = await import("./mnist_bifurcation.ts"); // from its committed record, not rerun
    lines.push(...await rerenderBifurcation(out));
    const { mnistTrainingRerender } = await import("./mnist_training.ts"); // from its committed result, not rerun
    lines.push(...(await writeFilesAtomic(await mnistTrainingRerender(out))).map(wroteLine));
    const { vanishingRerender } = await import("./vanishing_gradients.ts"); // from its committed record, not rerun
    lines.push(...(await writeFilesAtomic(await vanishingRerender(out))).map(wroteLine));
  }
  const timings: FiguresTimings = {
    origin: performance.timeOrigin,
    startedAt,
    ...(trained ? { training: trained } : {}),
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
