/**
 * A worker of `deno task figures` (see `figures.ts`): runs one job at a time (the static
 * figures, some of the training outputs of a finished run, part of the
 * subgradient sweep, or rows of the dead-unit grid) on its own core and
 * posts back the result. A worker writes nothing: it renders files and posts
 * them back, and the main thread writes them. A signal can end the process
 * cleanly only from the main thread (`Deno.exit` in a worker ends the worker),
 * so a write made here could be cut in half by Ctrl-C and leave its
 * temporary file behind.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { RunError, UsageError } from "../errors.ts";
import { flagName } from "./flags.ts";
import { renderFigureScript } from "./figure_script.ts";
import { STATIC_SCRIPTS } from "./static_figures.ts";
import type { Precision, TrainingRun } from "../model/run.ts";
import type { FileToWrite } from "../output/files.ts";
import { joinPath } from "../output/paths.ts";
import { trainingOutputFiles } from "../output/training.ts";
import { EXPLORE_FILE, explorePageText } from "../output/explore.ts";
import type { TrainingFormat } from "../render/training.ts";

/** A job for a worker. */
export type FiguresJob =
  | { kind: "static"; out: string }
  | { kind: "training_outputs"; out: string; run: TrainingRun; formats: TrainingFormat[] }
  | { kind: "sweep"; out: string; setting: string; precision: Precision }
  | { kind: "dead_units"; out: string; lrs: number[] };

/**
 * What a worker posts back: the job's result (the files to write, for the
 * static figures and the training outputs; the computed result, for the
 * experiments), or its error by class name and message.
 */
export type FiguresJobReply =
  | { ok: true; result: unknown; status: string[] }
  | { ok: false; errorClass: string; message: string; stack?: string };

/** Every static figure's files in `out`, and the explore page's, rendered, not written. */
async function staticFigureFiles(out: string): Promise<FileToWrite[]> {
  const files = [];
  for (const script of STATIC_SCRIPTS) {
    // deno-lint-ignore no-explicit-any
    files.push(...(await renderFigureScript(script as any, ["--out", out]))!);
  }
  return [...files, { path: joinPath(out, EXPLORE_FILE), data: explorePageText() }];
}

async function run(job: FiguresJob, status: string[]): Promise<unknown> {
  const io = { status: (line: string) => status.push(line) };
  switch (job.kind) {
    case "static":
      return await staticFigureFiles(job.out);
    case "training_outputs":
      return await trainingOutputFiles(job.run, { outDir: job.out, formats: job.formats, status: io.status });
    case "sweep": {
      // The experiments (and tfjs with them) load only in a worker that trains: rendering jobs start faster.
      const { computeSweep, defaultSweepValues } = await import("./experiments.ts");
      const { SWEEP_SETTINGS } = await import("../experiments/sweep.ts");
      return await computeSweep(defaultSweepValues(job.out), {
        settings: SWEEP_SETTINGS.filter((s) => s.name === job.setting),
        precisions: [job.precision],
        io,
      });
    }
    case "dead_units": {
      const { computeDeadUnits, defaultDeadUnitValues } = await import("./experiments.ts");
      return await computeDeadUnits(defaultDeadUnitValues(job.out), { lrs: job.lrs, io });
    }
  }
}

self.onmessage = async (event: MessageEvent<FiguresJob>) => {
  const status: string[] = [];
  try {
    const result = await run(event.data, status);
    self.postMessage({ ok: true, result, status } satisfies FiguresJobReply);
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
