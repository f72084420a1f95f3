/**
 * Writing files, the only layer that does: figures, training outputs, experiment files and the live page, all
 * written atomically into a checked output folder.
 *
 * This is the `./output` subpath export.
 *
 * @module
 */
export { type ExperimentFiles, writeExperimentFiles } from "./experiments.ts";
export { EXPLORE_FILE, explorePageText, writeExplorePage } from "./explore.ts";
export { figureFiles, writeFigure } from "./figures.ts";
export {
  checkOutDir,
  type FileToWrite,
  prepareOutDir,
  writeFileAtomic,
  writeFilesAtomic,
  type WriteOptions,
  type WrittenFile,
} from "./files.ts";
export { dirname, joinPath } from "./paths.ts";
export { MNIST_BIFURCATION_NAME, MNIST_BIFURCATION_TORCH_NAME, writeMnistBifurcation } from "./mnist.ts";
export { probeOutDir } from "./probe.ts";
export { trainingOutputFiles, type TrainingOutputOptions, writeTrainingOutputs } from "./training.ts";
export { VANISHING_NAME, vanishingFiles } from "./vanishing_gradients.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { BifurcationCellRecord, BifurcationRecord } from "../mnist/bifurcation_grid.ts";
export { MNIST_PRECISIONS } from "../mnist/precision.ts";
export type { MnistPrecision } from "../mnist/precision.ts";
export type { RegressorParams, Snapshot, TrainingConfig, TrainingOptions, TrainingRun } from "../model/run.ts";
export { BACKEND_NAMES, PRECISIONS } from "../model/settings.ts";
export type { BackendName, Precision } from "../model/settings.ts";
export type { VegaLiteSpec } from "../plot/spec.ts";
export type { VanishingRecord } from "../experiments/vanishing_files.ts";
export type {
  ActivationRecord,
  VanishingActivation,
  VanishingOptions,
  VanishingResult,
} from "../experiments/vanishing_gradients.ts";
export type { Differentiable } from "../model/gradients.ts";
export type { VanishingComparison } from "../experiments/vanishing_comparisons.ts";
export type { AnimationTiming } from "../render/animated_svg.ts";
export type { TrainingFormat } from "../render/training.ts";
