/**
 * A worker of `deno task figures` (see `figures.ts`): runs one job at a time (the static
 * figures, some of the training outputs of a finished run, part of the
 * subgradient sweep, rows of the dead-unit grid, an experiment's files from
 * its merged parts, or the files of the experiments it never reruns) on its
 * own core and posts back the result. A worker writes nothing: it renders files and posts
 * them back, and the main thread writes them. A signal can end the process
 * cleanly only from the main thread (`Deno.exit` in a worker ends the worker),
 * so a write made here could be cut in half by Ctrl-C and leave its
 * temporary file behind.
 *
 * @module
 */
/// <reference lib="deno.worker" />
// Only what every job needs is imported here: each job loads its own modules (vega for the figures, resvg for the
// GIF, tfjs for the experiments), so that a worker loads only what its jobs need.
import { RunError, UsageError } from "../errors.ts";
import { flagName } from "./flags.ts";
import type { Precision, TrainingRun } from "../model/run.ts";
import type { DeadUnitResult } from "../experiments/dead_units.ts";
import type { SweepResult } from "../experiments/sweep.ts";
import type { FileToWrite } from "../output/files.ts";
import type { TrainingFormat } from "../render/training.ts";
import type { FrameLayers } from "../render/animated_svg.ts";
import { clockMs, type JobTiming, type Step, stopwatch } from "./timings.ts";

/** When this worker's entry module had loaded: its start-up and module loading end here. */
const loadedAt = clockMs();

/** A job for a worker; `load` loads the modules of a job of kind `for` that is not ready yet. */
export type FiguresJob =
  | { kind: "load"; for: Exclude<FiguresJob["kind"], "load"> }
  | { kind: "static"; out: string }
  | { kind: "measure"; out: string }
  | { kind: "explore"; out: string }
  | { kind: "measured_figures"; out: string; measured: unknown[] }
  | { kind: "training_frames"; out: string; run: TrainingRun }
  | { kind: "training_gif"; out: string; layers: FrameLayers }
  | { kind: "training_outputs"; out: string; run: TrainingRun; formats: TrainingFormat[] }
  | { kind: "sweep"; out: string; setting: string; precision: Precision }
  | { kind: "dead_units"; out: string; lrs: number[] }
  | { kind: "sweep_files"; out: string; parts: SweepResult[] }
  | { kind: "dead_unit_files"; out: string; parts: DeadUnitResult[] }
  | { kind: "rerenders"; out: string };

/** What a `rerenders` job returns: the files of each experiment re-rendered from its committed record, as sets. */
export interface RerenderedFiles {
  /** `mnist_bifurcation` (and PyTorch's record beside it). */
  bifurcation: FileToWrite[];
  /** `mnist_training` (none when its record is not committed). */
  mnistTraining: FileToWrite[];
  /** `vanishing_gradients` (none when its record is not committed). */
  vanishing: FileToWrite[];
}

/**
 * What a worker posts back: the job's result (the files to write, for the
 * static figures and the training outputs; the computed result, for the
 * experiments) with its timestamps and steps, or its error by class name and message.
 */
export type FiguresJobReply =
  | { ok: true; result: unknown; status: string[]; timing: JobTiming }
  | { ok: false; errorClass: string; message: string; stack?: string };

/**
 * Part of a job's result, posted before the job ends, for a job that waits for it: a `training_frames` job posts
 * the animation's layers as soon as they are split, and its `training_gif` job starts in the other worker at once.
 */
export interface FiguresJobPart {
  /** The part. */
  part: unknown;
}

/**
 * resvg ready and warmed up, once per worker: its code for what the frames draw compiled before the first frame
 * (`warmUpRaster`), while the GIF's job waits for them.
 */
let gifRaster: Promise<void> | undefined;

/** The modules of each kind of job, loaded on its first job. */
const modules = {
  static: async () => {
    const [{ renderFigureScript }, { DRAWN_SCRIPTS, MEASURED_SCRIPTS }] = await Promise.all([
      import("./figure_script.ts"),
      import("./static_figures.ts"),
    ]);
    return { renderFigureScript, DRAWN_SCRIPTS, MEASURED_SCRIPTS };
  },
  // The page embeds the explore bundle (a module of 0.8 MB): it loads in a worker that draws nothing else with it.
  explore: async () => ({ ...await import("../output/paths.ts"), ...await import("../output/explore.ts") }),
  measure: async () => {
    const [{ MEASURED_SCRIPTS }, { measureFigureScript }] = await Promise.all([
      import("./static_figures.ts"),
      import("./figure_values.ts"),
    ]);
    return { MEASURED_SCRIPTS, measureFigureScript };
  },
  measured_figures: async () => await modules.static(),
  training_frames: async () => await modules.training_outputs(),
  training_gif: async () => {
    const [{ trainingGif, TRAINING_GIF_NAME }, { joinPath }, raster] = await Promise.all([
      import("../render/training_gif.ts"),
      import("../output/paths.ts"),
      import("../render/raster.ts"),
    ]);
    gifRaster ??= raster.initRaster().then(() => void raster.warmUpRaster());
    await gifRaster;
    return { trainingGif, TRAINING_GIF_NAME, joinPath };
  },
  training_outputs: async () => {
    const output = await import("../output/training.ts");
    const render = await import("../render/training.ts");
    return { ...output, ...render };
  },
  sweep: async () => ({ ...await import("./experiments.ts"), ...await import("../experiments/sweep.ts") }),
  dead_units: async () => await import("./experiments.ts"),
  sweep_files: async () => ({
    ...await import("../output/experiments.ts"),
    ...await import("../experiments/sweep_files.ts"),
  }),
  dead_unit_files: async () => ({
    ...await import("../output/experiments.ts"),
    ...await import("../experiments/dead_units.ts"),
    ...await import("../experiments/dead_unit_files.ts"),
  }),
  rerenders: async () => ({
    ...await import("./mnist_bifurcation.ts"),
    ...await import("./mnist_training.ts"),
    ...await import("./vanishing_gradients.ts"),
  }),
};

/** The files in `out` of the static figures that only draw; one step per figure. */
async function staticFigureFiles(out: string, lap: (label: string) => void): Promise<FileToWrite[]> {
  const m = await modules.static();
  lap("static: load vega, vega-lite and the figures' modules");
  const files = [];
  for (const script of m.DRAWN_SCRIPTS) {
    // deno-lint-ignore no-explicit-any
    files.push(...(await m.renderFigureScript(script as any, ["--out", out]))!);
    lap(`static: ${script.name}`);
  }
  return files;
}

/** What the static figures that measure (`MEASURED_SCRIPTS`) measure, in their order, with `out` as their `--out`. */
async function measureFigures(out: string, lap: (label: string) => void): Promise<unknown[]> {
  const m = await modules.measure();
  lap("static: load the figures' modules");
  const measured = [];
  for (const script of m.MEASURED_SCRIPTS) {
    // deno-lint-ignore no-explicit-any
    measured.push((await m.measureFigureScript(script as any, ["--out", out]))!.value);
    lap(`static: measure ${script.name} (tfjs)`);
  }
  return measured;
}

/** The files in `out` of the static figures that measure, drawn from what a `measure` job measured; one step each. */
async function measuredFigureFiles(
  out: string,
  measured: unknown[],
  lap: (label: string) => void,
): Promise<FileToWrite[]> {
  const m = await modules.measured_figures();
  lap("static: load vega, vega-lite and the figures' modules");
  const files = [];
  for (const [i, script] of m.MEASURED_SCRIPTS.entries()) {
    // deno-lint-ignore no-explicit-any
    files.push(...(await m.renderFigureScript(script as any, ["--out", out], { value: measured[i] }))!);
    lap(`static: ${script.name}`);
  }
  return files;
}

/** An experiment's io: status lines to `status`, and one step per cell (or batch) trained, from its progress. */
function experimentIo(status: string[], lap: (label: string) => void) {
  return {
    status: (line: string) => status.push(line),
    progress: (line: string) => {
      const done = /^trained (\d+\/\d+ \w+)/.exec(line);
      if (done) lap(`trained ${done[1]}`);
    },
  };
}

async function run(
  job: FiguresJob,
  status: string[],
  into: Step[],
  post: (part: unknown) => void,
): Promise<unknown> {
  const lap = stopwatch(into);
  switch (job.kind) {
    case "load":
      await modules[job.for]();
      lap(`load the modules of a ${job.for} job`);
      return null;
    case "static":
      return await staticFigureFiles(job.out, lap);
    case "measure":
      return await measureFigures(job.out, lap);
    case "explore": {
      const { joinPath, EXPLORE_FILE, explorePageText } = await modules.explore();
      lap("static: load the explore page's modules");
      const page = { path: joinPath(job.out, EXPLORE_FILE), data: explorePageText() };
      lap("static: explore.html");
      return page satisfies FileToWrite;
    }
    case "measured_figures":
      return await measuredFigureFiles(job.out, job.measured, lap);
    case "training_frames": {
      const { trainingOutputFilesWith } = await modules.training_frames();
      lap("load the modules");
      return await trainingOutputFilesWith(job.run, {
        outDir: job.out,
        formats: ["svg"],
        status: (line) => status.push(line),
        onStep: (label, ms) => into.push([label, ms]),
        onLayers: (layers) => post(layers), // for the GIF's job, before training.svg and the loss figure are drawn
      });
    }
    case "training_gif": {
      const { trainingGif, TRAINING_GIF_NAME, joinPath } = await modules.training_gif();
      lap("load the modules");
      const data = await trainingGif(job.layers, {}, (label, ms) => into.push([label, ms]));
      return [{ path: joinPath(job.out, TRAINING_GIF_NAME), data }] satisfies FileToWrite[];
    }
    case "training_outputs": {
      const { trainingOutputFiles } = await modules.training_outputs();
      lap("load the modules");
      return await trainingOutputFiles(job.run, {
        outDir: job.out,
        formats: job.formats,
        status: (line) => status.push(line),
        onStep: (label, ms) => into.push([label, ms]),
      });
    }
    case "sweep": {
      // The experiments (and tfjs with them) load only in a worker that trains: rendering jobs start faster.
      const { computeSweep, defaultDeadUnitValues, defaultSweepValues, SWEEP_SETTINGS } = await modules.sweep();
      lap("load the experiments' modules");
      return await computeSweep(defaultSweepValues(job.out), {
        settings: SWEEP_SETTINGS.filter((s) => s.name === job.setting),
        precisions: [job.precision],
        deadUnits: defaultDeadUnitValues(job.out), // the dead-unit cells it trains too come back with it
        io: experimentIo(status, lap),
      });
    }
    case "dead_units": {
      const { computeDeadUnits, defaultDeadUnitValues, defaultSweepValues } = await modules.dead_units();
      lap("load the experiments' modules");
      return await computeDeadUnits(defaultDeadUnitValues(job.out), {
        lrs: job.lrs,
        sweep: defaultSweepValues(job.out), // leaves out the cells the sweep trains
        io: experimentIo(status, lap),
      });
    }
    case "sweep_files": {
      const { mergeSweepResults, sweepFiles } = await modules.sweep_files();
      lap("load the modules");
      return await sweepFiles(mergeSweepResults(job.parts), job.out);
    }
    case "dead_unit_files": {
      const { DEAD_UNIT_GRID, deadUnitFiles, mergeDeadUnitResults } = await modules.dead_unit_files();
      lap("load the modules");
      return await deadUnitFiles(mergeDeadUnitResults(job.parts, DEAD_UNIT_GRID.lrs), job.out);
    }
    case "rerenders": {
      const { bifurcationRerender, mnistTrainingRerender, vanishingRerender } = await modules.rerenders();
      lap("load the modules");
      const bifurcation = await bifurcationRerender(job.out);
      lap("mnist_bifurcation");
      const mnistTraining = await mnistTrainingRerender(job.out);
      lap("mnist_training");
      const vanishing = await vanishingRerender(job.out);
      lap("vanishing_gradients");
      return { bifurcation, mnistTraining, vanishing } satisfies RerenderedFiles;
    }
  }
}

self.onmessage = async (event: MessageEvent<FiguresJob>) => {
  const status: string[] = [];
  const startedAt = clockMs();
  const steps: Step[] = [];
  try {
    const result = await run(event.data, status, steps, (part) => self.postMessage({ part } satisfies FiguresJobPart));
    const timing = { workerLoadedAt: loadedAt, startedAt, steps, endedAt: clockMs() };
    self.postMessage({ ok: true, result, status, timing } satisfies FiguresJobReply);
  } catch (e) {
    const errorClass = e instanceof UsageError
      ? "UsageError"
      : e instanceof RunError
      ? "RunError"
      : e instanceof Error
      ? e.name
      : "Error";
    const message = e instanceof UsageError || e instanceof RunError
      ? e.describe(flagName)
      : e instanceof Error
      ? e.message
      : String(e);
    self.postMessage({ ok: false, errorClass, message, stack: e instanceof Error ? e.stack : undefined });
  }
};
