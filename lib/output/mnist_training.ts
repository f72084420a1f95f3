/**
 * The MNIST training experiment's files: `mnist_training.json` (the result), `.md` (its tables), `.svg` with its
 * spec `.vl.json` (the figure). Rendered from the result alone, so `deno task figures` re-renders them from the
 * committed JSON without training.
 *
 * @module
 */
import type { MnistTrainingResult } from "../mnist/training_result.ts";
import { mnistTrainingFigure } from "../plot/mnist_training.ts";
import { mnistTrainingMarkdown } from "../render/mnist_training.ts";
import { experimentJsonText } from "../render/json.ts";
import { figureFiles } from "./figures.ts";
import { type FileToWrite, writeFilesAtomic, type WrittenFile } from "./files.ts";
import { joinPath } from "./paths.ts";

/** The experiment's file name, without extension. */
export const MNIST_TRAINING_NAME = "mnist_training";

/**
 * The experiment's files in `out`, rendered but not written: JSON, SVG, Vega-Lite spec, Markdown.
 *
 * @param out the output folder
 * @param result the experiment
 * @returns the files to write
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { mnistTrainingFiles } from "./mnist_training.ts";
 * const result = {
 *   command: "deno task mnist_training", wallSeconds: 1, backend: { name: "cpu", reason: "asked for" },
 *   machine: { platform: "linux x86_64", cpus: 2, cpuModel: null, deno: "2.9.6", load: { before: null, after: null } },
 *   settings: { widths: [256, 256], batch: 128, lr: { sgd: 0.1, adam: 0.001 }, epochs: 1, seeds: [], trainSize: 1000,
 *     testSize: 10000, workers: 2 },
 *   cells: [], comparisons: [],
 * };
 * const files = await mnistTrainingFiles("/out", result);
 * deepStrictEqual(files.map((f) => f.path), ["json", "svg", "vl.json", "md"].map((e) => `/out/mnist_training.${e}`));
 * ```
 */
export async function mnistTrainingFiles(out: string, result: MnistTrainingResult): Promise<FileToWrite[]> {
  return [
    { path: joinPath(out, `${MNIST_TRAINING_NAME}.json`), data: experimentJsonText(result) },
    ...await figureFiles(out, MNIST_TRAINING_NAME, mnistTrainingFigure(result)),
    { path: joinPath(out, `${MNIST_TRAINING_NAME}.md`), data: mnistTrainingMarkdown(result) },
  ];
}

/**
 * Writes the experiment's files into `out`, atomically.
 *
 * @param out the output folder (it must exist)
 * @param result the experiment
 * @returns the files written
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { writeMnistTraining } from "./mnist_training.ts";
 * const dir = await Deno.makeTempDir();
 * const result = {
 *   command: "deno task mnist_training", wallSeconds: 1, backend: { name: "cpu", reason: "asked for" },
 *   machine: { platform: "linux x86_64", cpus: 2, cpuModel: null, deno: "2.9.6", load: { before: null, after: null } },
 *   settings: { widths: [256, 256], batch: 128, lr: { sgd: 0.1, adam: 0.001 }, epochs: 1, seeds: [], trainSize: 1000,
 *     testSize: 10000, workers: 2 },
 *   cells: [], comparisons: [],
 * };
 * strictEqual((await writeMnistTraining(dir, result)).length, 4);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeMnistTraining(out: string, result: MnistTrainingResult): Promise<WrittenFile[]> {
  return await writeFilesAtomic(await mnistTrainingFiles(out, result));
}
