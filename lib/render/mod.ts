/**
 * Rendering: Vega-Lite specs to SVG, animated SVG and GIF, the training frames, and the Markdown, HTML and
 * JSON texts of the figures, tables and pages.
 *
 * This is the `./render` subpath export.
 *
 * @module
 */
export {
  animateFrames,
  type AnimationTiming,
  type FrameLayers,
  frameLayerSvg,
  frameSchedule,
  splitFrames,
  staticLayerSvg,
} from "./animated_svg.ts";
export { activationsMarkdown } from "./activation_tables.ts";
export { type AnimationSample, animationSample } from "./animation_sample.ts";
export { deadUnitMarkdown } from "./dead_unit_tables.ts";
export { vanishingMarkdown, vanishingVerdict } from "./vanishing_tables.ts";
export { countGifFrames, encodeGif, type GifOptions } from "./gif.ts";
export { escapeHtml } from "./html.ts";
export { experimentJsonText, toJsonText } from "./json.ts";
export { frameworkAnswersMarkdown, kinkProgramsMarkdown } from "./kink_tables.ts";
export { formatNumber, formatP, markdownDocument, markdownTable, wrapProse } from "./markdown.ts";
export { mnistBifurcationMarkdown } from "./mnist_bifurcation_tables.ts";
export { compositeOver, initRaster, rasterize, type RasterizeOptions, type RgbaImage } from "./raster.ts";
export { replicationMarkdown, type Replications } from "./replication_tables.ts";
export { compileSpec, createFrameRenderer, type FrameRenderer, type FrameRendererOptions, renderSvg } from "./svg.ts";
export { sweepMarkdown } from "./sweep_tables.ts";
export {
  DEFAULT_TRAINING_FORMATS,
  type OutputFile,
  renderTrainingFiles,
  renderTrainingFrames,
  TRAINING_FORMATS,
  trainingAnimationNote,
  type TrainingFilesOptions,
  type TrainingFormat,
} from "./training.ts";
export { rasterizeFrames } from "./training_gif.ts";
export {
  pyLiteral,
  pyNumber,
  torchReplayRun,
  TRAINING_PY_DEVIATES,
  TRAINING_PY_NAME,
  trainingPy,
} from "./training_py.ts";
export {
  TORCH_ACTIVATIONS,
  TORCH_AGREEMENT,
  TORCH_MISSING_EXIT,
  TORCH_REPLAY_LIBRARY,
  torchReplayTool,
} from "./torch_replay_py.ts";
export { scriptSafe } from "./training_html.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { Comparison } from "../experiments/comparisons.ts";
export type { DeadUnitCell, DeadUnitGridOptions, DeadUnitResult, DeadUnitSeed } from "../experiments/dead_units.ts";
export type { Share } from "../experiments/intervals.ts";
export type {
  FrameworkAnswers,
  FrameworkRow,
  KinkProgramMeasure,
  KinkProgramsResult,
} from "../experiments/kink_claims.ts";
export type { HalfVsOne, InitCheck, KsResult, PlateauShare } from "../experiments/replications.ts";
export type {
  ActivationRecord,
  VanishingActivation,
  VanishingOptions,
  VanishingResult,
} from "../experiments/vanishing_gradients.ts";
export type { Differentiable } from "../model/gradients.ts";
export type { VanishingComparison } from "../experiments/vanishing_comparisons.ts";
export type { Spread } from "../experiments/stats.ts";
export type {
  Convention,
  ConventionRecord,
  SweepResult,
  SweepSetting,
  SweepSettingResult,
} from "../experiments/sweep.ts";
export type { KinkDerivative } from "../math/kink_programs.ts";
export type { Linearity, SlopeAt } from "../math/linearity.ts";
export type { BifurcationCellRecord, BifurcationRecord } from "../mnist/bifurcation_grid.ts";
export { MNIST_PRECISIONS } from "../mnist/precision.ts";
export type { MnistPrecision } from "../mnist/precision.ts";
export type { RegressorParams, Snapshot, TrainingConfig, TrainingOptions, TrainingRun } from "../model/run.ts";
export { BACKEND_NAMES, HIDDEN_INITS, OPTIMIZERS, PRECISIONS } from "../model/settings.ts";
export type { BackendName, GradAtZero, HiddenInit, OptimizerName, Precision } from "../model/settings.ts";
export type { VegaLiteSpec } from "../plot/spec.ts";
export type { TrainingDomains } from "../plot/training.ts";
