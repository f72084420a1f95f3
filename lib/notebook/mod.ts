/**
 * Notebook helpers: show figures and training runs in a Deno Jupyter kernel (SVG plus the Vega-Lite mime type
 * so JupyterLab draws them interactively), and the display bundles behind them.
 *
 * This is the `./notebook` subpath export.
 *
 * @module
 */
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
} from "./display.ts";
export {
  showTraining,
  type ShowTrainingOptions,
  trainingAnimationHtml,
  trainingBundle,
  type TrainingBundleOptions,
  type TrainingDisplayInput,
  type TrainingFrameLabel,
  trainingSummary,
} from "./training_display.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { RegressorParams, Snapshot, TrainingConfig, TrainingOptions, TrainingRun } from "../model/run.ts";
export { BACKEND_NAMES } from "../model/settings.ts";
export type { BackendName } from "../model/settings.ts";
export type { VegaLiteSpec } from "../plot/spec.ts";
export type { AnimationTiming } from "../render/animated_svg.ts";
