/**
 * dissecting-relu: every figure of the essay "Dissecting ReLU" from code —
 * relu and its derivative with a named value at the kink, the subgradients at
 * 0 and their expectation 0.5, the flips, slopes and shifts of relu, sigmoid
 * and tanh saturation, and a 1-H-1 ReLU network learning y = x³ — as plain
 * data, Vega-Lite specs and SVG files.
 *
 * This is the toolkit's face: the relu maths, training, the plot builders,
 * rendering, writing figures, the experiments' results and the notebook
 * helpers, with every type their signatures name. Train the network with
 * {@link trainNetwork}, write its animation with {@link writeTrainingOutputs},
 * and show any figure in a notebook with {@link showFigure}.
 *
 * Everything else is under a subpath export, one per layer folder (the files
 * `lib/<layer>/mod.ts`): `./math`, `./model` (the settings registry, the
 * regressor), `./engine` (the engines, `selectBackend`), `./train`
 * (`trainRegressor` with an engine of your choice, many models at once),
 * `./experiments` (`runSubgradientSweep`, `runDeadUnitGrid`, the statistics),
 * `./plot`, `./render`, `./output` and `./notebook`.
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

// The model: a run, its settings and what a model computes.
export {
  BACKEND_NAMES,
  type BackendName,
  deadUnits,
  decompose,
  type Decomposition,
  ENGINE_NAMES,
  type EngineName,
  type GradAtZero,
  HIDDEN_INITS,
  type HiddenInit,
  type OptimizerName,
  OPTIMIZERS,
  parseTrainingRun,
  type Precision,
  PRECISIONS,
  type RegressorParams,
  type Snapshot,
  type TrainingConfig,
  type TrainingOptions,
  type TrainingRun,
} from "./lib/model/mod.ts";

// Engines.
export { type BackendChoice } from "./lib/engine/mod.ts";

// Training.
export { type TrainHooks, type TrainingProgress, trainNetwork, type TrainNetworkOptions } from "./lib/train/mod.ts";

// The plot builders.
export {
  activationsFigure,
  type ActivationsFigureOptions,
  flipFigure,
  horizontalShiftFigure,
  networkFigure,
  type NetworkFigureOptions,
  reluDerivativeFigure,
  type ReluDerivativeFigureOptions,
  reluFigure,
  slopeFigure,
  subgradientsFigure,
  type SubgradientsFigureOptions,
  subgradientSweepFigure,
  targetFigure,
  type TargetFigureOptions,
  trainingLoss,
  type TrainingLossOptions,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
  verticalShiftFigure,
  type ZRange,
} from "./lib/plot/mod.ts";

// Rendering.
export { type AnimationTiming, renderSvg, type TrainingFormat } from "./lib/render/mod.ts";

// Writing figures.
export {
  type TrainingOutputOptions,
  writeExplorePage,
  writeFigure,
  writeTrainingOutputs,
  type WrittenFile,
} from "./lib/output/mod.ts";

// The experiments' results.
export {
  type Convention,
  type ConventionRecord,
  type Spread,
  type SweepResult,
  type SweepSetting,
  type SweepSettingResult,
} from "./lib/experiments/mod.ts";

// The notebook helpers.
export {
  type Displayable,
  type DisplayBundle,
  type FigureBundleOptions,
  JUPYTER_DISPLAY,
  showFigure,
  showTraining,
  type ShowTrainingOptions,
  type TrainingBundleOptions,
} from "./lib/notebook/mod.ts";
