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
