/**
 * A worker of `scripts/figures.ts`: runs one job at a time (the static
 * figures, the training outputs of a finished run except the GIF, part of
 * the subgradient sweep, or rows of the dead-unit grid) on its own core and
 * posts back the result. Nothing here loads resvg: native addons in workers
 * that are terminated crashed the process at exit now and then (glibc "double
 * free or corruption"), so the GIF is written by the main thread.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { RunError, UsageError } from "../lib/cli/flags.ts";
import { SWEEP_SETTINGS } from "../lib/experiments/experiments.ts";
import { computeDeadUnits, defaultDeadUnitFlags } from "./dead_units.ts";
import { computeSubgradientSweep, defaultSweepFlags } from "./subgradient_sweep.ts";
import type { TrainingRun } from "../lib/model/run.ts";
import { type TrainingFormat, writeTrainingOutputs } from "../lib/output/training.ts";
import { writeStaticFigures } from "./_static_figures.ts";

/** A job for a worker. */
export type FiguresJob =
  | { kind: "static"; out: string }
  | { kind: "training_outputs"; out: string; run: TrainingRun; formats: TrainingFormat[] }
  | { kind: "sweep"; out: string; setting: string }
  | { kind: "dead_units"; out: string; lrs: number[] };

/** What a worker posts back: the job's result, or its error by class name and message. */
export type FiguresJobReply =
  | { ok: true; result: unknown; status: string[] }
  | { ok: false; errorClass: string; message: string; stack?: string };

async function run(job: FiguresJob, status: string[]): Promise<unknown> {
  const io = { status: (line: string) => status.push(line) };
  switch (job.kind) {
    case "static":
      return await writeStaticFigures(job.out);
    case "training_outputs": {
      const written = await writeTrainingOutputs(job.run, { outDir: job.out, formats: job.formats });
      return written.map((w) => `wrote ${w.path} (${w.bytes} bytes)`);
    }
    case "sweep":
      return await computeSubgradientSweep(defaultSweepFlags(job.out), {
        settings: SWEEP_SETTINGS.filter((s) => s.name === job.setting),
        io,
      });
    case "dead_units":
      return await computeDeadUnits(defaultDeadUnitFlags(job.out), { lrs: job.lrs, io });
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
    const message = e instanceof Error ? e.message : String(e);
    self.postMessage({ ok: false, errorClass, message, stack: e instanceof Error ? e.stack : undefined });
  }
};
