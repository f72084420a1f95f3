/**
 * Writes a training run's output files (see `render/training.ts` for what
 * each holds) as one set: all are rendered first, then written together (see
 * `writeFilesAtomic`), so that a failure replaces none of them and the folder
 * never holds one file of this run beside another of an earlier one.
 *
 * Permissions: read and write access to the output folder (an atomic rename
 * needs both); for html, read access to Deno's npm cache (vega's browser
 * build); for gif, read access to Deno's npm cache (the font files).
 *
 * @module
 */
import { readVegaBrowserBuild } from "../assets.ts";
import type { TrainingRun } from "../model/run.ts";
import type { TrainingDomains } from "../plot/training.ts";
import type { AnimationTiming, FrameLayers } from "../render/animated_svg.ts";
import { renderTrainingFiles, trainingAnimationNote, type TrainingFormat } from "../render/training.ts";
import { type FileToWrite, writeFilesAtomic, type WrittenFile } from "./files.ts";
import { joinPath } from "./paths.ts";

/** Options of {@link writeTrainingOutputs}. */
export interface TrainingOutputOptions {
  /** The folder to write into; it must exist (see `prepareOutDir`). */
  outDir: string;
  /** Which files to write. */
  formats: readonly TrainingFormat[];
  /** Frame timing of the SVG and GIF animations (default 0.2 s per frame, last frame held 2 s). */
  timing?: AnimationTiming;
  /**
   * Receives one-line notes: that the animations show a sample of a long
   * run's snapshots, that the write waits for another run writing into the
   * same folder.
   */
  status?: (line: string) => void;
  /** Receives how long each step of rendering took (for profiling: see `bench/figures_profile.ts`). */
  onStep?: (label: string, ms: number) => void;
}

/**
 * {@link TrainingOutputOptions} and where the GIF is made: for the commands
 * that render it in a worker (`deno task train`). Not part of the public
 * face, which renders everything in the calling thread.
 */
export interface TrainingOutputRenderers extends TrainingOutputOptions {
  /** Renders the GIF of the animation's layers elsewhere, e.g. in a worker (see `TrainingFilesOptions`). */
  renderGif?: (layers: FrameLayers) => Promise<Uint8Array>;
  /** The frames' axis domains, when the caller computed them already (see `TrainingFilesOptions`). */
  domains?: TrainingDomains;
  /** Receives the animation's layers as soon as they are made, for a GIF made elsewhere (see `TrainingFilesOptions`). */
  onLayers?: (layers: FrameLayers) => void;
}

/**
 * Renders the training outputs of `run` into memory, as the files they go
 * to in `options.outDir` (see {@link writeTrainingOutputs}), without writing.
 *
 * @param run the training run
 * @param options the folder, the formats, the animation timing and where notes go
 * @returns the files, in the order they are written
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { trainingOutputFiles } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, {
 *     epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * const files = await trainingOutputFiles(run, { outDir: "out", formats: ["json"] });
 * deepStrictEqual(files.map((f) => f.path), ["out/training.json"]);
 * ```
 */
export async function trainingOutputFiles(run: TrainingRun, options: TrainingOutputOptions): Promise<FileToWrite[]> {
  return await renderedOutputFiles(run, options);
}

/**
 * {@link trainingOutputFiles}, the GIF rendered by `options.renderGif` when
 * given and the layers handed to `options.onLayers`: for the commands that
 * make the GIF in a worker (`deno task figures`). Not part of the public face.
 *
 * @param run the training run
 * @param options what {@link trainingOutputFiles} takes, and where the GIF is made
 * @returns the files, in the order they are written
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { trainingOutputFilesWith } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, {
 *     epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * let frames = 0;
 * const files = await trainingOutputFilesWith(run, {
 *   outDir: "out",
 *   formats: ["svg"],
 *   onLayers: (layers) => frames = layers.frames.length,
 * });
 * deepStrictEqual(files.map((f) => f.path), ["out/training.svg", "out/training_loss.svg", "out/training_loss.vl.json"]);
 * deepStrictEqual(frames, 2);
 * ```
 */
export async function trainingOutputFilesWith(
  run: TrainingRun,
  options: TrainingOutputRenderers,
): Promise<FileToWrite[]> {
  return await renderedOutputFiles(run, options);
}

/** {@link trainingOutputFiles}, the GIF rendered by `options.renderGif` when given. */
async function renderedOutputFiles(run: TrainingRun, options: TrainingOutputRenderers): Promise<FileToWrite[]> {
  const note = trainingAnimationNote(run, options.formats);
  if (note !== undefined) options.status?.(note);
  const t0 = performance.now();
  const vegaSource = options.formats.includes("html") ? await readVegaBrowserBuild() : undefined;
  if (vegaSource !== undefined) options.onStep?.("html: read vega's browser build", performance.now() - t0);
  const files: FileToWrite[] = [];
  const { timing, onStep, renderGif, domains, onLayers } = options;
  const rendered = renderTrainingFiles(run, {
    formats: options.formats,
    timing,
    vegaSource,
    onStep,
    renderGif,
    domains,
    onLayers,
  });
  for await (const { name, data } of rendered) files.push({ path: joinPath(options.outDir, name), data });
  return files;
}

/**
 * Renders the training outputs of `run` and writes them into
 * `options.outDir` as one set: `training.json` (json), `training.svg` and
 * `training_loss.svg` with its `.vl.json` (svg), `training.gif` (gif),
 * `training.html` (html). A write that fails replaces none of them and
 * rejects with a one-line `RunError` (`cannot write PATH: REASON`).
 * Returns the files written.
 *
 * @param run the training run
 * @param options the folder, the formats, the animation timing and where notes go
 * @returns the files written
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { writeTrainingOutputs } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, {
 *     epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * const dir = await Deno.makeTempDir();
 * const written = await writeTrainingOutputs(run, { outDir: dir, formats: ["json", "svg"] });
 * const names = ["training.json", "training.svg", "training_loss.svg", "training_loss.vl.json"];
 * deepStrictEqual(written.map((f) => f.path), names.map((name) => `${dir}/${name}`));
 * deepStrictEqual(JSON.parse(await Deno.readTextFile(`${dir}/training.json`)), run);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTrainingOutputs(
  run: TrainingRun,
  options: TrainingOutputOptions,
): Promise<WrittenFile[]> {
  return await writeTrainingOutputsWith(run, options);
}

/**
 * {@link writeTrainingOutputs}, the GIF rendered by `options.renderGif` when
 * given (the train command's worker); the same files.
 *
 * @param run the training run
 * @param options the folder, the formats, the timing, where notes go and what renders the GIF
 * @returns the files written
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { writeTrainingOutputsWith } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, {
 *     epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * const dir = await Deno.makeTempDir();
 * let frames = 0;
 * const renderGif = (layers: { frames: string[] }) => Promise.resolve(new Uint8Array([frames = layers.frames.length]));
 * await writeTrainingOutputsWith(run, { outDir: dir, formats: ["gif"], renderGif });
 * deepStrictEqual([...await Deno.readFile(`${dir}/training.gif`)], [frames]); // the bytes it returned
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTrainingOutputsWith(
  run: TrainingRun,
  options: TrainingOutputRenderers,
): Promise<WrittenFile[]> {
  return await writeFilesAtomic(await renderedOutputFiles(run, options), { onWait: options.status });
}
