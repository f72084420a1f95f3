/**
 * Writes a training run's output files (see `render/training.ts` for what
 * each holds), each atomically.
 *
 * Permissions: read and write access to the output folder (an atomic rename
 * needs both); for html, read access to Deno's npm cache (vega's browser
 * build); for gif, read access to Deno's npm cache (the font files).
 *
 * @module
 */
import { readVegaBrowserBuild } from "../assets.ts";
import type { TrainingRun } from "../model/run.ts";
import type { AnimationTiming } from "../render/animated_svg.ts";
import { renderTrainingFiles, type TrainingFormat } from "../render/training.ts";
import { joinPath, writeFileAtomic, type WrittenFile } from "./files.ts";

/** Options of {@link writeTrainingOutputs}. */
export interface TrainingOutputOptions {
  /** The folder to write into; it must exist (see `prepareOutDir`). */
  outDir: string;
  /** Which files to write. */
  formats: readonly TrainingFormat[];
  /** Frame timing of the SVG and GIF animations (default 0.2 s per frame, last frame held 2 s). */
  timing?: AnimationTiming;
}

/**
 * Renders the training outputs of `run` and writes each into
 * `options.outDir`: `training.json` (json), `training.svg` and
 * `training_loss.svg` with its `.vl.json` (svg), `training.gif` (gif),
 * `training.html` (html). Returns the files written.
 */
export async function writeTrainingOutputs(
  run: TrainingRun,
  options: TrainingOutputOptions,
): Promise<WrittenFile[]> {
  const vegaSource = options.formats.includes("html") ? await readVegaBrowserBuild() : undefined;
  const written: WrittenFile[] = [];
  const files = renderTrainingFiles(run, { formats: options.formats, timing: options.timing, vegaSource });
  for await (const { name, data } of files) written.push(await writeFileAtomic(joinPath(options.outDir, name), data));
  return written;
}
