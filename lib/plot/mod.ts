/**
 * Figure builders: every figure of the essay as a Vega-Lite spec (plain JSON), the shared theme, and the
 * training frames' data and style.
 *
 * This is the `./plot` subpath export.
 *
 * @module
 */
export { activationRows, activationsFigure, type ActivationsFigureOptions, slopeShareRows } from "./activations.ts";
export { deadUnitsFigure, lrLabel } from "./dead_units.ts";
export { kinkProgramRows, kinkProgramsFigure } from "./kink_programs.ts";
export { bifurcationRows, mnistBifurcationFigure } from "./mnist_bifurcation.ts";
export {
  familyGrid,
  type FamilyGridOptions,
  flipFigure,
  horizontalShiftFigure,
  slopeFigure,
  verticalShiftFigure,
} from "./families.ts";
export { MAX_DIAGRAM_HIDDEN, networkFigure, type NetworkFigureOptions, networkLayout } from "./network_diagram.ts";
export {
  reluDerivativeFigure,
  type ReluDerivativeFigureOptions,
  reluFigure,
  subgradientsFigure,
  type SubgradientsFigureOptions,
  type ZRange,
} from "./relu.ts";
export {
  curveRows,
  figure,
  type FigureTitle,
  type Row,
  sampleRows,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
} from "./spec.ts";
export { subgradientSweepFigure } from "./sweep.ts";
export { targetFigure, type TargetFigureOptions } from "./target.ts";
export { vanishingGradientsFigure, vanishingRows } from "./vanishing_gradients.ts";
export { COLORS, FONT, PALETTE, themeConfig } from "./theme.ts";
export {
  type CurvePoint,
  type TrainingDomains,
  trainingDomains,
  trainingFrame,
  type TrainingFrameData,
  trainingFrameData,
  type TrainingFrameOptions,
  type UnitPoint,
} from "./training.ts";
export { lossMarkerData, TEST_COLOR, trainingLoss, type TrainingLossOptions } from "./training_loss.ts";
export {
  DEAD_DASH,
  frameTitle,
  PREDICTION_LABEL,
  targetText,
  TEST_LABEL,
  TRUTH_LABEL,
  truthLabel,
  UNIT_COLORS,
} from "./training_style.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { DeadUnitCell, DeadUnitGridOptions, DeadUnitResult, DeadUnitSeed } from "../experiments/dead_units.ts";
export type { Share } from "../experiments/intervals.ts";
export type { KinkProgramMeasure, KinkProgramsResult } from "../experiments/kink_claims.ts";
export type { Spread } from "../experiments/stats.ts";
export type {
  ActivationRecord,
  VanishingActivation,
  VanishingOptions,
  VanishingResult,
} from "../experiments/vanishing_gradients.ts";
export type { Differentiable } from "../model/gradients.ts";
export type {
  Convention,
  ConventionRecord,
  SweepResult,
  SweepSetting,
  SweepSettingResult,
} from "../experiments/sweep.ts";
export type { Curve } from "../math/breakpoints.ts";
export type { ReluMember } from "../math/families.ts";
export type { KinkDerivative } from "../math/kink_programs.ts";
export type { TargetName } from "../math/targets.ts";
export type { BifurcationSummary } from "../mnist/bifurcation_grid.ts";
export type { PaperCell } from "../mnist/paper.ts";
export { MNIST_PRECISIONS } from "../mnist/precision.ts";
export type { MnistPrecision } from "../mnist/precision.ts";
export type { RegressorParams, Snapshot, TrainingConfig, TrainingOptions, TrainingRun } from "../model/run.ts";
export { BACKEND_NAMES, HIDDEN_INITS, OPTIMIZERS, PRECISIONS } from "../model/settings.ts";
export type { BackendName, GradAtZero, HiddenInit, OptimizerName, Precision } from "../model/settings.ts";
