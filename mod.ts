/**
 * dissecting-relu: every figure of the essay "Dissecting ReLU" from code —
 * relu and its derivative with a named value at the kink, the subgradients at
 * 0 and their expectation 0.5, the flips, slopes and shifts of relu, sigmoid
 * and tanh saturation, and a 1-H-1 ReLU network learning y = x³ — as plain
 * data, Vega-Lite specs and SVG files.
 *
 * This is the toolkit's face: the relu maths, training, the plot builders,
 * rendering, writing figures, the experiments' results and the notebook
 * helpers. Train the network with {@link trainNetwork} (or
 * {@link trainRegressor} with an engine of your choice), write its animation
 * with {@link writeTrainingOutputs}, and measure the relu'(0) conventions with
 * {@link runSubgradientSweep}.
 *
 * Everything else a layer offers is under a subpath export, one per layer
 * folder: `./math`, `./model`, `./engine`, `./train`, `./experiments`,
 * `./plot`, `./render`, `./output` and `./notebook` (the files
 * `lib/<layer>/mod.ts`).
 *
 * Math and model functions return plain numbers and arrays; figure builders
 * return Vega-Lite specs (plain JSON with `$schema`); {@link renderSvg} and
 * {@link writeFigure} turn a spec into SVG.
 *
 * @example Compute relu'(0) three ways and render a figure
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { expectedSubgradient, reluDerivative, reluDerivativeFigure, renderSvg } from "./mod.ts";
 *
 * strictEqual(reluDerivative(0), 0); // TensorFlow, PyTorch
 * strictEqual(reluDerivative(0, { gradAtZero: 0.5 }), 0.5);
 * strictEqual(expectedSubgradient(), 0.5);
 *
 * const svg = await renderSvg(reluDerivativeFigure({ gradAtZero: 0.5 }));
 * strictEqual(svg.startsWith("<svg"), true);
 * ```
 *
 * @module
 */

// The relu maths.
export {
  expectedSubgradient,
  expectedSubgradientNumeric,
  type Interval,
  linspace,
  relu,
  reluDerivative,
  type ReluDerivativeOptions,
  sigmoid,
  sigmoidDerivative,
  subdifferential,
  subgradientFan,
  tanhDerivative,
} from "./lib/math/mod.ts";

// The model and training.
export {
  deadUnits,
  decompose,
  type Decomposition,
  type GradAtZero,
  parseTrainingRun,
  type RegressorParams,
  type Snapshot,
  type TrainingConfig,
  type TrainingRun,
} from "./lib/model/mod.ts";
export { createAutodiffEngine, createFusedEngine } from "./lib/engine/mod.ts";
export { trainNetwork, type TrainNetworkOptions, trainRegressor, type TrainRegressorOptions } from "./lib/train/mod.ts";

// The plot builders.
export {
  activationsFigure,
  type ActivationsFigureOptions,
  deadUnitsFigure,
  flipFigure,
  horizontalShiftFigure,
  networkFigure,
  type NetworkFigureOptions,
  networkLayout,
  reluDerivativeFigure,
  type ReluDerivativeFigureOptions,
  reluFigure,
  slopeFigure,
  subgradientsFigure,
  type SubgradientsFigureOptions,
  subgradientSweepFigure,
  targetFigure,
  type TargetFigureOptions,
  trainingFrame,
  trainingLoss,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
  verticalShiftFigure,
} from "./lib/plot/mod.ts";

// Rendering and writing figures.
export { renderSvg, renderTrainingFrames } from "./lib/render/mod.ts";
export {
  type TrainingOutputOptions,
  writeExperimentFiles,
  writeExplorePage,
  writeFigure,
  writeTrainingOutputs,
  type WrittenFile,
} from "./lib/output/mod.ts";

// The experiments' results.
export {
  type Comparison,
  CONVENTIONS,
  type DeadUnitGridOptions,
  type DeadUnitResult,
  runDeadUnitGrid,
  runSubgradientSweep,
  sweepComparisons,
  type SweepOptions,
  type SweepResult,
} from "./lib/experiments/mod.ts";
export { deadUnitMarkdown, sweepMarkdown } from "./lib/render/mod.ts";

// The notebook helpers.
export {
  type Displayable,
  displayable,
  displayNow,
  figureBundle,
  type FigureBundleOptions,
  showFigure,
  showTraining,
  type ShowTrainingOptions,
  trainingSummary,
} from "./lib/notebook/mod.ts";
