/**
 * A training run as the bytes of its output files, in memory: the animation
 * frames (one reused vega view), the animated SVG, the GIF and the
 * self-contained HTML page. The same run always gives the same bytes.
 *
 * @module
 */
import {
  animateFrames,
  type AnimationTiming,
  type FrameLayers,
  frameLayerSvg,
  frameSchedule,
  splitFrames,
  staticLayerSvg,
} from "./animated_svg.ts";
import { encodeGif } from "./gif.ts";
import { toJsonText } from "./json.ts";
import { type TrainingDomains, trainingDomains, trainingFrame, trainingFrameData } from "../plot/training.ts";
import { lossMarkerData, trainingLoss } from "../plot/training_loss.ts";
import type { RgbaImage } from "./raster.ts";
import { compileSpec, createFrameRenderer, renderSvg } from "./svg.ts";
import type { TrainingRun } from "../model/run.ts";
import { trainingHtml } from "./training_html.ts";

/** The output formats: `svg` means `training.svg` and `training_loss.svg`. */
export type TrainingFormat = "json" | "svg" | "gif" | "html";

/**
 * Every {@link TrainingFormat}, in the order files are written.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { TRAINING_FORMATS } from "./training.ts";
 * deepStrictEqual(TRAINING_FORMATS, ["json", "svg", "gif", "html"]);
 * ```
 */
export const TRAINING_FORMATS: readonly TrainingFormat[] = ["json", "svg", "gif", "html"];

/**
 * Renders every snapshot of `run` to an SVG frame with one vega view, swapping
 * the frame's datasets and title signals between renders.
 *
 * @param run the training run
 * @param domains the frames' axis domains (default: computed from the run)
 * @returns one SVG per snapshot
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { renderTrainingFrames } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, { epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * const frames = await renderTrainingFrames(run);
 * strictEqual(frames.length, 2);
 * ok(frames[1].startsWith("<svg") && frames[1].includes("epoch 1 · MSE 0.25"));
 * ```
 */
export async function renderTrainingFrames(
  run: TrainingRun,
  domains: TrainingDomains = trainingDomains(run),
): Promise<string[]> {
  const renderer = createFrameRenderer(trainingFrame(run, { domains }));
  try {
    const frames: string[] = [];
    for (let i = 0; i < run.snapshots.length; i++) {
      const { datasets, signals } = trainingFrameData(run, i);
      frames.push(await renderer.render(datasets, signals));
    }
    return frames;
  } finally {
    renderer.finalize();
  }
}

/**
 * Rasterises split frames: the static layer once, then per frame only the
 * changing markup, composited over it.
 *
 * @param layers what `splitFrames` returned
 * @returns one opaque image per frame
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { splitFrames } from "./animated_svg.ts";
 * import { rasterizeFrames } from "./training.ts";
 * const frame = (x: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><g class="mark-rect">` +
 *   `<rect x="${x}" width="1" height="2" fill="black"/></g></svg>`;
 * const images = await rasterizeFrames(splitFrames([frame(0), frame(3)]));
 * deepStrictEqual(images.map((img) => [...img.data.subarray(0, 4)]), [[0, 0, 0, 255], [255, 255, 255, 255]]);
 * ```
 */
export async function rasterizeFrames(layers: FrameLayers): Promise<RgbaImage[]> {
  // Loaded on first use: json, svg and html outputs need no rasteriser.
  const { compositeOver, initRaster, rasterize } = await import("./raster.ts");
  await initRaster();
  const base = rasterize(staticLayerSvg(layers), { background: "white" });
  return layers.frames.map((_, k) => compositeOver(base, rasterize(frameLayerSvg(layers, k))));
}

/**
 * The GIF of split frames, timed like the animated SVG.
 *
 * @param layers what `splitFrames` returned
 * @param timing seconds per frame (default 0.2) and for the last frame (default 2)
 * @returns the GIF's bytes
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { splitFrames } from "./animated_svg.ts";
 * import { countGifFrames } from "./gif.ts";
 * import { trainingGif } from "./training.ts";
 * const frame = (x: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><g class="mark-rect">` +
 *   `<rect x="${x}" width="1" height="2" fill="black"/></g></svg>`;
 * strictEqual(countGifFrames(await trainingGif(splitFrames([frame(0), frame(1), frame(2)]))), 3);
 * ```
 */
export async function trainingGif(layers: FrameLayers, timing: AnimationTiming = {}): Promise<Uint8Array> {
  const { starts, ends } = frameSchedule(layers.frames.length, timing);
  return encodeGif(await rasterizeFrames(layers), { delayMs: starts.map((s, k) => Math.round((ends[k] - s) * 1000)) });
}

/**
 * The self-contained training page of `run`.
 *
 * @param run the training run
 * @param vegaSource vega's browser build, inlined into the page
 * @param options the frame timing and precomputed frame domains
 * @returns the HTML page
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { trainingPage } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, { epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * const html = trainingPage(run, "// vega");
 * ok(html.includes("<title>A 1-1-1 ReLU network learning y = x³</title>"));
 * ok(html.includes('max="1"'));
 * ```
 */
export function trainingPage(
  run: TrainingRun,
  vegaSource: string,
  options: { timing?: AnimationTiming; domains?: TrainingDomains } = {},
): string {
  const { timing = {}, domains = trainingDomains(run) } = options;
  const { config } = run;
  const last = run.snapshots[run.snapshots.length - 1];
  return trainingHtml({
    title: `A 1-${config.hidden}-1 ReLU network learning y = x³`,
    description: `${config.optimizer}, lr ${config.lr}, ${config.epochs} epochs on ${config.points} points in ` +
      `[${config.xMin}, ${config.xMax}], seed ${config.seed}, relu'(0) = ${config.gradAtZero}, ` +
      `backend ${config.backend}; ${run.snapshots.length} snapshots every ${config.every} epochs.`,
    vegaSource,
    frameSpec: compileSpec(trainingFrame(run, { domains })),
    lossSpec: compileSpec(trainingLoss(run, { marker: last?.epoch ?? 0, width: 1000, height: 220 })),
    frames: run.snapshots.map((s, i) => {
      const { datasets, signals } = trainingFrameData(run, i);
      return { epoch: s.epoch, loss: lossMarkerData(run, s.epoch)[0]?.loss ?? s.loss, datasets, signals };
    }),
    frameMs: Math.round((timing.frameSeconds ?? 0.2) * 1000),
  });
}

/** One output file in memory: its name in the output folder and its bytes (or text). */
export interface OutputFile {
  /** File name, e.g. `training.gif`. */
  name: string;
  /** Its content. */
  data: string | Uint8Array;
}

/** Options of {@link renderTrainingFiles}. */
export interface TrainingFilesOptions {
  /** Which files to render. */
  formats: readonly TrainingFormat[];
  /** Frame timing of the SVG and GIF animations (default 0.2 s per frame, last frame held 2 s). */
  timing?: AnimationTiming;
  /** vega's browser build, inlined into the HTML page (needed for `html`). */
  vegaSource?: string;
}

/**
 * Renders the training outputs of `run` one file at a time, in the order
 * they are written: `training.json` (json), `training.svg`,
 * `training_loss.svg` and `training_loss.vl.json` (svg), `training.gif`
 * (gif), `training.html` (html). The frame domains are computed once and
 * shared by every output; a caller can write each file as soon as it comes.
 *
 * @param run the training run; a RangeError when it has no snapshots
 * @param options the formats (a RangeError for an unknown one), the timing and vega's browser build (needed for html)
 * @returns the files, one at a time
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { renderTrainingFiles } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, { epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * const names = [];
 * for await (const file of renderTrainingFiles(run, { formats: ["json", "svg"] })) names.push(file.name);
 * deepStrictEqual(names, ["training.json", "training.svg", "training_loss.svg", "training_loss.vl.json"]);
 * ```
 */
export async function* renderTrainingFiles(
  run: TrainingRun,
  options: TrainingFilesOptions,
): AsyncGenerator<OutputFile> {
  const { timing = {} } = options;
  const formats = new Set(options.formats);
  for (const f of formats) {
    if (!TRAINING_FORMATS.includes(f)) {
      throw new RangeError(
        `Cannot render training outputs: unknown format "${f}" (accepted: ${TRAINING_FORMATS.join(", ")})`,
      );
    }
  }
  if (run.snapshots.length === 0) throw new RangeError("Cannot render training outputs: the run has no snapshots");
  if (formats.has("html") && options.vegaSource === undefined) {
    throw new RangeError("Cannot render training.html: give vega's browser build as vegaSource");
  }
  const domains = trainingDomains(run);
  if (formats.has("json")) yield { name: "training.json", data: toJsonText(run) };
  const frames = formats.has("svg") || formats.has("gif") ? await renderTrainingFrames(run, domains) : [];
  if (formats.has("svg")) {
    yield { name: "training.svg", data: animateFrames(frames, timing) };
    const lossSpec = trainingLoss(run);
    yield { name: "training_loss.svg", data: await renderSvg(lossSpec) };
    yield { name: "training_loss.vl.json", data: toJsonText(lossSpec) };
  }
  if (formats.has("gif")) yield { name: "training.gif", data: await trainingGif(splitFrames(frames), timing) };
  if (formats.has("html")) {
    yield { name: "training.html", data: trainingPage(run, options.vegaSource!, { timing, domains }) };
  }
}
