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
export { countGifFrames, encodeGif, type GifOptions } from "./gif.ts";
export { escapeHtml } from "./html.ts";
export { experimentJsonText, toJsonText } from "./json.ts";
export { frameworkAnswersMarkdown, kinkProgramsMarkdown } from "./kink_tables.ts";
export { formatNumber, formatP, markdownDocument, markdownTable, wrapProse } from "./markdown.ts";
export { mnistBifurcationMarkdown } from "./mnist_bifurcation_tables.ts";
export { compositeOver, initRaster, rasterize, type RasterizeOptions, type RgbaImage } from "./raster.ts";
export { replicationMarkdown, type Replications } from "./replication_tables.ts";
export { compileSpec, createFrameRenderer, type FrameRenderer, renderSvg } from "./svg.ts";
export { sweepMarkdown } from "./sweep_tables.ts";
export {
  type OutputFile,
  renderTrainingFiles,
  renderTrainingFrames,
  TRAINING_FORMATS,
  trainingAnimationNote,
  type TrainingFilesOptions,
  type TrainingFormat,
} from "./training.ts";
export { rasterizeFrames } from "./training_gif.ts";
export { scriptSafe } from "./training_html.ts";
