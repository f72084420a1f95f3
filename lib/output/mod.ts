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
export { MNIST_BIFURCATION_NAME, writeMnistBifurcation } from "./mnist.ts";
export { probeOutDir } from "./probe.ts";
export { trainingOutputFiles, type TrainingOutputOptions, writeTrainingOutputs } from "./training.ts";
