/**
 * dissecting-relu: every figure of the essay "Dissecting ReLU" from code —
 * relu and its derivative with a named value at the kink, the subgradients at
 * 0 and their expectation 0.5, the flips, slopes and shifts of relu, sigmoid
 * and tanh saturation, and a 1-H-1 ReLU network learning y = x³ — as plain
 * data, Vega-Lite specs and SVG files.
 *
 * Train the network with {@link trainNetwork} (or {@link trainRegressor}
 * with an engine of your choice), write its animation with
 * {@link writeTrainingOutputs}, and measure the relu'(0) conventions with
 * {@link runSubgradientSweep}.
 *
 * Math and model functions return plain numbers and arrays; figure builders
 * return Vega-Lite specs (plain JSON with `$schema`); `renderSvg` and
 * `writeFigure` turn a spec into SVG.
 *
 * @example Compute relu'(0) three ways and render a figure
 * ```ts
 * import {
 *   expectedSubgradient,
 *   reluDerivative,
 *   reluDerivativeFigure,
 *   renderSvg,
 * } from "./mod.ts";
 *
 * console.log(reluDerivative(0)); // 0 (TensorFlow, PyTorch)
 * console.log(reluDerivative(0, { atZero: 0.5 })); // 0.5
 * console.log(expectedSubgradient()); // 0.5
 *
 * const svg = await renderSvg(reluDerivativeFigure({ atZero: 0.5 }));
 * console.log(svg.startsWith("<svg")); // true
 * ```
 *
 * @module
 */

export {
  checkAtZero,
  expectedSubgradient,
  expectedSubgradientNumeric,
  type Interval,
  relu,
  reluDerivative,
  type ReluDerivativeOptions,
  subdifferential,
  subgradientFan,
} from "./lib/math/relu.ts";
export {
  type Activation,
  ACTIVATIONS,
  saturatedIntervals,
  sigmoid,
  sigmoidDerivative,
  tanhDerivative,
} from "./lib/math/activations.ts";
export { linspace } from "./lib/math/grid.ts";
export {
  evaluateMember,
  FAMILY_VALUES,
  flipFamily,
  horizontalShiftFamily,
  memberCurve,
  type ReluMember,
  slopeFamily,
  verticalShiftFamily,
} from "./lib/math/families.ts";
export { decompose, decomposeExact, type Decomposition, regressorBreakpointXs } from "./lib/model/decompose.ts";
export { type Curve, reluPieceBreakpoints } from "./lib/math/breakpoints.ts";
export { deadUnits } from "./lib/model/dead_units.ts";
export { createRng, hash32, hashUniform, type Rng } from "./lib/math/random.ts";
export type {
  BackendName,
  GradAtZero,
  OptimizerName,
  RegressorParams,
  Snapshot,
  TrainingConfig,
  TrainingRun,
} from "./lib/model/run.ts";
export {
  ADAM_BETA1,
  ADAM_BETA2,
  ADAM_EPSILON,
  checkEngineSpec,
  checkSteps,
  type EngineFactory,
  type EngineName,
  type EngineSpec,
  type StepResult,
  type TrainingEngine,
} from "./lib/engine/contract.ts";
export { ENGINE_NAMES, ENGINES } from "./lib/engine/registry.ts";
export { createFusedEngine } from "./lib/engine/fused.ts";
export { createAutodiffEngine, reluWithGradAtZero, type Tensor } from "./lib/engine/autodiff.ts";
export {
  type ReferenceGradient,
  referenceGradient,
  type ReferenceGradientOptions,
  type ReferenceRun,
  referenceTrain,
  type ReferenceTrainOptions,
} from "./lib/engine/reference.ts";
export {
  type AdapterProvider,
  type AdapterSource,
  BACKEND_CHOICES,
  type BackendChoice,
  type BackendSelection,
  describeAdapter,
  gpuAdapterProvider,
  isFallbackAdapter,
  selectBackend,
  type SelectBackendOptions,
} from "./lib/engine/backend.ts";
export {
  createRegressor,
  predict,
  type RegressorOptions,
  type TargetData,
  targetData,
  type TargetDataOptions,
} from "./lib/model/regressor.ts";
export {
  snapshotEpochs,
  type TrainHooks,
  type TrainingProgress,
  trainRegressor,
  type TrainRegressorOptions,
} from "./lib/train/loop.ts";
export { deviceFailure } from "./lib/train/lifecycle.ts";
export type { HiddenInit, Precision, TrainingOptions } from "./lib/model/run.ts";
export { trainNetwork, type TrainNetworkOptions } from "./lib/train/train_network.ts";
export { parseTrainingRun } from "./lib/model/run_file.ts";
export { smallestEvery, snapshotCount, TRAINING_LIMITS } from "./lib/model/limits.ts";
export { formatProgress, type FormatProgressOptions } from "./lib/cli/progress.ts";
export { type TrainingOutputOptions, writeTrainingOutputs } from "./lib/output/training.ts";
export { renderTrainingFrames, TRAINING_FORMATS, type TrainingFormat } from "./lib/render/training.ts";
export { type WrittenFile } from "./lib/output/files.ts";
export {
  type CurvePoint,
  formatLoss,
  frameTitle,
  type TrainingDomains,
  trainingDomains,
  trainingFrame,
  type TrainingFrameData,
  trainingFrameData,
  type TrainingFrameOptions,
  UNIT_COLORS,
  type UnitPoint,
} from "./lib/plot/training.ts";
export { trainingLoss, type TrainingLossOptions } from "./lib/plot/training_loss.ts";
export { animateFrames, type AnimationTiming, type FrameLayers, splitFrames } from "./lib/render/animated_svg.ts";
export { countGifFrames, encodeGif, type GifOptions } from "./lib/render/gif.ts";
export type { RgbaImage } from "./lib/render/raster.ts";
export { type BatchOptions, type BatchResult, divergenceEpoch, trainBatch } from "./lib/train/batch.ts";
export { type EngineSession, withEngine } from "./lib/train/lifecycle.ts";
export { type Comparison, CONVENTION_PAIRS, sweepComparisons } from "./lib/experiments/comparisons.ts";
export {
  type BootstrapCI,
  bootstrapMedianCI,
  type BootstrapOptions,
  holm,
  type PairedComparison,
  pairedComparison,
  pairedDifferences,
  signTest,
  type SignTestResult,
  type WilcoxonResult,
  wilcoxonSignedRank,
} from "./lib/experiments/stats.ts";
export { mergeSweepResults, SWEEP_JSON_FIELDS, sweepJson } from "./lib/experiments/sweep_files.ts";
export { expandRuns, recordingInterval, runLengths, sampledEpochs, storedNumber } from "./lib/experiments/records.ts";
export { distinctPatterns } from "./lib/model/patterns.ts";
export { preActivation } from "./lib/model/pre_activation.ts";
export { sweepMarkdown } from "./lib/render/sweep_tables.ts";
export { deadUnitMarkdown } from "./lib/render/dead_unit_tables.ts";
export { formatNumber, formatP, markdownDocument, markdownTable, wrapProse } from "./lib/render/markdown.ts";
export { escapeHtml } from "./lib/render/html.ts";
export { explorePageText, writeExplorePage } from "./lib/output/explore.ts";
export { type ExperimentFiles, writeExperimentFiles } from "./lib/output/experiments.ts";
export { GRAD_AT_ZERO_ACCEPTED, isAtZero, isGradAtZero } from "./lib/math/relu.ts";
export {
  type Convention,
  conventionGrad,
  type ConventionRecord,
  CONVENTIONS,
  ESSAY_SETTING,
  EXACT_ZERO_SETTING,
  runSubgradientSweep,
  SWEEP_SETTINGS,
  type SweepOptions,
  type SweepResult,
  type SweepSetting,
  type SweepSettingResult,
} from "./lib/experiments/sweep.ts";
export {
  type DeadUnitCell,
  type DeadUnitGridOptions,
  type DeadUnitResult,
  type DeadUnitSeed,
  runDeadUnitGrid,
} from "./lib/experiments/dead_units.ts";
export { median, quantile, type Spread, summarize } from "./lib/experiments/stats.ts";
export { subgradientSweepFigure } from "./lib/plot/sweep.ts";
export { deadUnitsFigure } from "./lib/plot/dead_units.ts";
export {
  reluDerivativeFigure,
  type ReluDerivativeFigureOptions,
  reluFigure,
  subgradientsFigure,
  type SubgradientsFigureOptions,
  type ZRange,
} from "./lib/plot/relu.ts";
export {
  familyGrid,
  type FamilyGridOptions,
  flipFigure,
  horizontalShiftFigure,
  slopeFigure,
  verticalShiftFigure,
} from "./lib/plot/families.ts";
export { targetFigure, type TargetFigureOptions } from "./lib/plot/target.ts";
export { MAX_DIAGRAM_HIDDEN, networkFigure, type NetworkFigureOptions, networkLayout } from "./lib/plot/network_diagram.ts";
export { activationRows, activationsFigure, type ActivationsFigureOptions } from "./lib/plot/activations.ts";
export {
  curveRows,
  figure,
  type FigureTitle,
  type Row,
  sampleRows,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
} from "./lib/plot/spec.ts";
export { COLORS, FONT, PALETTE, themeConfig } from "./lib/plot/theme.ts";
export { compileSpec, createFrameRenderer, type FrameRenderer, renderSvg } from "./lib/render/svg.ts";
export { figureFiles } from "./lib/output/figures.ts";
export { float32Number } from "./lib/math/float32.ts";
export { defaultEvery, ESSAY } from "./lib/essay.ts";
export { FONT_FACES, fontFiles, readVegaBrowserBuild, vegaPackageFile } from "./lib/assets.ts";
export { writeFigure } from "./lib/output/figures.ts";
export {
  checkOutDir,
  dirname,
  type FileToWrite,
  joinPath,
  prepareOutDir,
  writeFileAtomic,
  writeFilesAtomic,
  type WriteOptions,
} from "./lib/output/files.ts";
export { toJsonText } from "./lib/render/json.ts";
export { MAX_INPUT_BYTES, readTextInput } from "./lib/input.ts";
export {
  firstLine,
  type InputNamer,
  libraryName,
  RunError,
  UsageError,
  type Worded,
  type Wording,
} from "./lib/errors.ts";
export {
  booleanFlag,
  choiceFlag,
  type CommandSpec,
  flagName,
  type FlagSpec,
  type FlagValues,
  helpText,
  integerFlag,
  listFlag,
  numberFlag,
  type NumberFlagOptions,
  optionalStringFlag,
  parseFlags,
  runMain,
  stringFlag,
} from "./lib/cli/flags.ts";
export {
  type Displayable,
  displayable,
  type DisplayBundle,
  displayNow,
  figureBundle,
  type FigureBundleOptions,
  HTML_MIME,
  inJupyter,
  JUPYTER_DISPLAY,
  showFigure,
  SVG_MIME,
  TEXT_MIME,
  VEGA_LITE_V5_MIME,
  VEGA_LITE_V5_SCHEMA,
  vegaLiteMajor,
  vegaLiteMime,
} from "./lib/notebook/display.ts";
export {
  showTraining,
  type ShowTrainingOptions,
  trainingAnimationHtml,
  trainingBundle,
  type TrainingBundleOptions,
  type TrainingDisplayInput,
  type TrainingFrameLabel,
  trainingSummary,
} from "./lib/notebook/training_display.ts";
