/**
 * `deno task figures`: regenerates every figure into figures/ (or `--out DIR`): the static figures
 * of the essay, the training run and its outputs (cpu backend, so the files
 * are byte-identical on every run), and the two experiments. The expensive
 * parts run in two workers, one per core (see `jobsFor`): the animation's
 * frames, their GIF, the static figures (what tfjs answers measured apart
 * from the drawing), the dead-unit grid split by rows and the sweep split by
 * setting; this process trains (a tenth of a second) first. The
 * workers then render the experiments' files: the sweep's and the dead-unit
 * grid's from their merged parts, the MNIST and vanishing-gradient ones
 * (experiments this task does not rerun) from their committed records. The
 * workers write nothing: this process writes every file (the static figures
 * and the training outputs as one set, then each experiment's set), so that a
 * signal in the middle of a write finds its listener (see `output/files.ts`)
 * and leaves no temporary file. Merged results are the same bytes as one
 * script run alone.
 *
 * @module
 */
import { type FlagSpec, listFlag, parseFlags } from "./flags.ts";
import { type FileToWrite, prepareOutDir, writeFilesAtomic } from "../output/files.ts";
import type { DeadUnitResult } from "../experiments/dead_units.ts";
import type { SweepResult } from "../experiments/sweep.ts";
import type { TrainingRun } from "../model/run.ts";
import { outFlag } from "./out_flag.ts";
import { PRECISIONS } from "../model/settings.ts";
import { wroteLine } from "./wrote_line.ts";
import type { FiguresJob, FiguresJobReply, RerenderedFiles } from "./figures_worker.ts";
import type { FrameLayers } from "../render/animated_svg.ts";
import type { TrainingFormat } from "../render/training.ts";
import { clockMs, type FiguresTimings } from "./timings.ts";
import { type PendingJob, runJobs } from "./figures_pool.ts";

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

/** Collects n results by index; `all` resolves once every one has come. */
function collector<T>(n: number): { add: (i: number, value: T) => void; all: Promise<T[]> } {
  const got: T[] = new Array(n);
  let count = 0;
  let resolve: (values: T[]) => void = () => {};
  const all = new Promise<T[]>((r) => resolve = r);
  return {
    add: (i, value) => {
      got[i] = value;
      if (++count === n) resolve(got);
    },
    all,
  };
}

/**
 * The worker jobs for `parts`, longest first, so that the two workers, each
 * taking the next job when it is free, finish close together; then the jobs
 * that render the experiments' files, which wait for the experiments. Costs
 * are seconds of one core, as `bench/results/figures_profile.md` measured
 * them: a row of the dead-unit grid trains (3 + 7 + 15 + 31) units × 300
 * points × 64 seeds × 4000 updates, about 2.8 s at lr ≤ 3e-5 and 1.7 s above,
 * where more units die, and 0.7 s at lr 1e-3, where every model of the wider
 * cells diverges and stops (its H = 3 cell has one survivor, which runs to
 * the end); the row at lr 1e-4 leaves its H = 7 cell to the sweep. A sweep
 * cell (one setting, one precision) trains 64 seeds under 4 conventions,
 * forked at their first exact zero: about 1.3 s on the zero-initialised
 * setting (every seed forks at update 0), 0.85 s on the essay's. The
 * training outputs (the animation's frames, drawn once for the SVG and the
 * GIF, with the loss figure; the GIF; the JSON and the page), the static
 * figures and the re-rendered experiments cost about 0.3, 0.6, 0.1, 0.5 and
 * 0.6 s (the static figures are queued as 1, before the shorter experiment
 * jobs, so that they never end the run). The training outputs wait for the
 * run, which this thread trains while the workers start; the GIF waits for
 * the frames; the figures that ask tfjs wait for what a worker measured.
 */
async function jobsFor(
  parts: readonly FigurePart[],
  out: string,
  run: Promise<TrainingRun> | undefined,
): Promise<PendingJob[]> {
  const jobs: PendingJob[] = [];
  const rendering: PendingJob[] = [];
  // The frames (vega) first. Without the experiments, the other worker measures the figures that ask tfjs, then
  // makes the GIF (resvg), waiting for the frames, which it gets as soon as they are split. With the experiments,
  // the other worker trains after measuring, and the GIF goes to whichever worker is free once they are split.
  const first: { frames?: PendingJob; measure?: PendingJob; gif?: PendingJob } = {};
  const experiments = parts.includes("experiments");
  if (experiments) {
    // The experiments' modules (and tfjs with them) load only when the experiments run.
    const { DEAD_UNIT_GRID } = await import("../experiments/dead_units.ts");
    const { EXACT_ZERO_SETTING, SWEEP_SETTINGS } = await import("../experiments/sweep.ts");
    // Each part's place is fixed (the rows in lr order, the sweep's cells by setting, then precision), whichever
    // worker ends first, so the merged results are the same bytes on every run.
    const grids = collector<DeadUnitResult>(DEAD_UNIT_GRID.lrs.length);
    const sweeps = collector<SweepResult & { deadUnitCells?: DeadUnitResult }>(
      SWEEP_SETTINGS.length * PRECISIONS.length,
    );
    DEAD_UNIT_GRID.lrs.forEach((lr, i) => {
      jobs.push({
        kind: "dead_units",
        job: { kind: "dead_units", out, lrs: [lr] },
        cost: lr <= 3e-5 ? 2.8 : lr < 1e-3 ? 1.7 : 0.7,
        onResult: (r) => grids.add(i, r as DeadUnitResult),
      });
    });
    SWEEP_SETTINGS.forEach((setting, s) => {
      PRECISIONS.forEach((precision, p) => {
        jobs.push({
          kind: "sweep",
          job: { kind: "sweep", out, setting: setting.name, precision },
          cost: setting === EXACT_ZERO_SETTING ? 1.3 : 0.85,
          onResult: (r) => sweeps.add(s * PRECISIONS.length + p, r as SweepResult),
        });
      });
    });
    rendering.push({
      kind: "sweep_files",
      job: sweeps.all.then((parts): FiguresJob => ({ kind: "sweep_files", out, parts })),
      cost: 0,
    });
    rendering.push({
      kind: "dead_unit_files",
      job: Promise.all([grids.all, sweeps.all]).then(([rows, cells]): FiguresJob => ({
        kind: "dead_unit_files",
        out,
        parts: [...rows, ...cells.flatMap((c) => c.deadUnitCells ?? [])],
      })),
      cost: 0,
    });
    jobs.push({ kind: "rerenders", job: { kind: "rerenders", out }, cost: 0.6 });
  }
  if (run) {
    const waiting = <T>(job: Promise<T>) => {
      job.catch(() => {}); // a failure is reported by the job that waits for it first
      return job;
    };
    let layersReady: (layers: FrameLayers) => void = () => {};
    const layers = new Promise<FrameLayers>((resolve, reject) => {
      layersReady = resolve;
      run.catch(reject);
    });
    first.frames = {
      kind: "training_frames",
      job: waiting(run.then((r): FiguresJob => ({ kind: "training_frames", out, run: r }))),
      cost: 0.3,
      onPart: (part) => layersReady(part as FrameLayers),
    };
    const gif: PendingJob = {
      kind: "training_gif",
      job: waiting(layers.then((l): FiguresJob => ({ kind: "training_gif", out, layers: l }))),
      cost: 0.6,
    };
    if (experiments) jobs.push(gif);
    else first.gif = gif;
    const outputs = (formats: TrainingFormat[]) =>
      waiting(run.then((r): FiguresJob => ({ kind: "training_outputs", out, run: r, formats })));
    jobs.push({ kind: "training_outputs", job: outputs(["json", "html"]), cost: 0.1 });
  }
  if (parts.includes("essay")) {
    // The figures that ask tfjs are measured by a worker that draws nothing (the GIF's, before its frames are
    // drawn), then drawn by one that has vega: tfjs and vega each load in one worker only.
    let measuredReady: (measured: unknown[]) => void = () => {};
    const measured = new Promise<unknown[]>((resolve) => measuredReady = resolve);
    first.measure = {
      kind: "measure",
      job: { kind: "measure", out },
      cost: 0.3,
      onResult: (r) => measuredReady(r as unknown[]),
    };
    jobs.push({ kind: "static", job: { kind: "static", out }, cost: 1 });
    jobs.push({ kind: "explore", job: { kind: "explore", out }, cost: 0.1 });
    jobs.push({
      kind: "measured_figures",
      job: measured.then((m): FiguresJob => ({ kind: "measured_figures", out, measured: m })),
      cost: 0.05,
    });
  }
  // Every job the rendering waits for comes before it: a worker that takes it has nothing else left to take.
  const head = [first.frames, first.measure, first.gif].filter((q) => q !== undefined);
  const queue = [...head, ...jobs.sort((a, b) => b.cost - a.cost), ...rendering];
  // Without the experiments the jobs are few, and each library loads in one worker only: the measuring (tfjs), the
  // GIF (resvg) and the explore page go to the second worker, every job that draws with vega to the first.
  const second = ["measure", "training_gif", "explore"];
  if (!experiments) { for (const q of queue) q.worker = second.includes(q.kind) ? 1 : 0; }
  return queue;
}

/** The rank of a training output file in the order `deno task train` writes them (json, svg, gif, html). */
function trainingFileRank(path: string): number {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return ["training.json", "training.svg", "training_loss.svg", "training_loss.vl.json", "training.gif"].indexOf(
        name,
      ) + 1 || 6;
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
  const training = [
    ...of("training_frames").flatMap((r) => r.result as FileToWrite[]),
    ...of("training_gif").flatMap((r) => r.result as FileToWrite[]),
    ...of("training_outputs").flatMap((r) => r.result as FileToWrite[]),
  ].sort((a, b) => trainingFileRank(a.path) - trainingFileRank(b.path));
  // The static figures in the essay's order (those that draw, then those that measure), then the explore page.
  const files = [
    ...of("static").flatMap((r) => r.result as FileToWrite[]),
    ...of("measured_figures").flatMap((r) => r.result as FileToWrite[]),
    ...of("explore").map((r) => r.result as FileToWrite),
    ...training,
  ];
  const lines = (await writeFilesAtomic(files, { onWait: (line) => status.push(line) })).map(wroteLine);
  // Each experiment's files as one set, in a fixed order: the sweep, the dead-unit grid, then those re-rendered from
  // their committed records (the MNIST experiments and the vanishing gradients, which this task does not rerun).
  const rerendered = of("rerenders").map((r) => r.result as RerenderedFiles);
  const sets = [
    ...of("sweep_files").map((r) => r.result as FileToWrite[]),
    ...of("dead_unit_files").map((r) => r.result as FileToWrite[]),
    ...rerendered.flatMap((r) => [r.bifurcation, r.mnistTraining, r.vanishing]),
  ];
  for (const set of sets) lines.push(...(await writeFilesAtomic(set)).map(wroteLine));
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
