/**
 * dissecting-relu: every figure of the essay "Dissecting ReLU" from code —
 * relu and its derivative with a named value at the kink, the subgradients at
 * 0 and their expectation 0.5, the flips, slopes and shifts of relu, sigmoid
 * and tanh saturation, and a 1-H-1 ReLU network learning y = x³ — as plain
 * data, Vega-Lite specs and SVG files.
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
} from "./lib/relu.ts";
export {
  type Activation,
  ACTIVATIONS,
  linspace,
  saturatedIntervals,
  sigmoid,
  sigmoidDerivative,
  tanhDerivative,
} from "./lib/activations.ts";
export {
  evaluateMember,
  FAMILY_VALUES,
  flipFamily,
  horizontalShiftFamily,
  memberCurve,
  type ReluMember,
  slopeFamily,
  verticalShiftFamily,
} from "./lib/families.ts";
export {
  type Curve,
  deadUnits,
  decompose,
  decomposeExact,
  type Decomposition,
  regressorBreakpointXs,
  reluPieceBreakpoints,
} from "./lib/decompose.ts";
export { createRng, hash32, hashUniform, type Rng } from "./lib/random.ts";
export type {
  BackendName,
  GradAtZero,
  OptimizerName,
  RegressorParams,
  Snapshot,
  TrainingConfig,
  TrainingRun,
} from "./lib/snapshot.ts";
export type { EngineName, EngineSpec, StepResult, TrainingEngine } from "./lib/engine.ts";
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
export { MAX_DIAGRAM_HIDDEN, networkFigure, type NetworkFigureOptions, networkLayout } from "./lib/plot/network.ts";
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
export {
  compileSpec,
  createFrameRenderer,
  type FrameRenderer,
  renderSvg,
  writeFigure,
  type WrittenFigure,
} from "./lib/render.ts";
export { joinPath, prepareOutDir, readTextInput, toJsonText, writeFileAtomic } from "./lib/io.ts";
export {
  booleanFlag,
  choiceFlag,
  type CommandSpec,
  type FlagSpec,
  type FlagValues,
  helpText,
  integerFlag,
  listFlag,
  numberFlag,
  type NumberFlagOptions,
  optionalStringFlag,
  parseFlags,
  RunError,
  runMain,
  stringFlag,
  UsageError,
} from "./lib/cli.ts";
