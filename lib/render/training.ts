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
import { createGifEncoder, gifPalette } from "./gif.ts";
import { animationNote, animationSample } from "./animation_sample.ts";
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
 * @param indices the snapshots to render (default: every one), e.g. `animationSample(n).indices`
 * @returns one SVG per snapshot rendered
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
  indices: readonly number[] = run.snapshots.map((_, i) => i),
): Promise<string[]> {
  const renderer = createFrameRenderer(trainingFrame(run, { domains }));
  try {
    const frames: string[] = [];
    for (const i of indices) {
      const { datasets, signals } = trainingFrameData(run, i);
      frames.push(await renderer.render(datasets, signals));
    }
    return frames;
  } finally {
    renderer.finalize();
  }
}

/**
 * Rasterises frame `k` of split frames (into `into`, when given): its
 * changing markup composited over the static layer, which is rasterised once
 * when the function is made. resvg must be ready (`initRaster`).
 */
function frameRasterizer(
  raster: typeof import("./raster.ts"),
  layers: FrameLayers,
): (k: number, into?: Uint8Array) => RgbaImage {
  const base = raster.rasterize(staticLayerSvg(layers), { background: "white" });
  return (k, into) => raster.compositeOver(base, raster.rasterize(frameLayerSvg(layers, k)), into);
}

/** resvg, loaded on first use (json, svg and html outputs need no rasteriser) and ready. */
async function readyRaster(): Promise<typeof import("./raster.ts")> {
  const raster = await import("./raster.ts");
  await raster.initRaster();
  return raster;
}

/**
 * Rasterises split frames: the static layer once, then per frame only the
 * changing markup, composited over it. Every image is kept: a GIF is made
 * with {@link trainingGif}, which keeps one at a time.
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
  const draw = frameRasterizer(await readyRaster(), layers);
  return layers.frames.map((_, k) => draw(k));
}

/**
 * The GIF of split frames, timed like the animated SVG. Frames are
 * rasterised and encoded one at a time, so memory does not grow with their
 * number; the palette comes from the first, middle and last frames.
 *
 * @param layers what `splitFrames` returned
 * @param timing seconds per frame (default 0.2) and for the last frame (default 2)
 * @param onStep receives how long each step took (loading, the static layer, the palette, rasterising, encoding)
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
export async function trainingGif(
  layers: FrameLayers,
  timing: AnimationTiming = {},
  onStep?: (label: string, ms: number) => void,
): Promise<Uint8Array> {
  const n = layers.frames.length;
  const { starts, ends } = frameSchedule(n, timing);
  let t = performance.now();
  const lap = (label: string) => {
    const now = performance.now();
    onStep?.(label, now - t);
    t = now;
  };
  const raster = await readyRaster();
  lap("gif: load resvg and the fonts");
  const base = raster.rasterize(staticLayerSvg(layers), { background: "white" });
  const top = (k: number) => raster.rasterize(frameLayerSvg(layers, k));
  lap("gif: rasterise the static layer");
  // The palette's frames are composited whole; every frame is then encoded as its layer over the static one.
  const chosen = [...new Set([0, n >> 1, n - 1])];
  const tops = new Map(chosen.map((k) => [k, top(k)]));
  let drawing = performance.now() - t;
  t = performance.now();
  const gif = createGifEncoder(base, gifPalette(chosen.map((k) => raster.compositeOver(base, tops.get(k)!))));
  lap("gif: quantize the palette");
  let drawingLoop = 0;
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    const layer = tops.get(k) ?? top(k);
    drawingLoop += performance.now() - t0;
    tops.delete(k);
    gif.addOver(base, layer, Math.round((ends[k] - starts[k]) * 1000));
  }
  const bytes = gif.finish();
  const loop = performance.now() - t;
  drawing += drawingLoop;
  onStep?.("gif: rasterise the frames' layers", drawing);
  onStep?.("gif: composite and encode the frames", loop - drawingLoop);
  return bytes;
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

/**
 * The one-line note that the animations among `formats` show a sample of
 * `run`'s snapshots (see `animationSample`), or undefined when they show all.
 *
 * @param run the training run
 * @param formats the formats written
 * @param maxFrames the most frames of an animation (default `MAX_ANIMATION_FRAMES`)
 * @returns the note, or undefined
 *
 * @example
 * ```ts
 * import { match, strictEqual } from "node:assert/strict";
 * import { trainingAnimationNote } from "./training.ts";
 * const run = (count: number) => ({ snapshots: new Array(count) });
 * strictEqual(trainingAnimationNote(run(41), ["json", "svg", "gif", "html"]), undefined);
 * match(trainingAnimationNote(run(10001), ["gif"])!, /^note: training.gif shows 296 of the 10001 snapshots/);
 * strictEqual(trainingAnimationNote(run(10001), ["json", "html"]), undefined);
 * ```
 */
export function trainingAnimationNote(
  run: { snapshots: readonly unknown[] },
  formats: readonly TrainingFormat[],
  maxFrames?: number,
): string | undefined {
  const names = (["svg", "gif"] as const).filter((f) => formats.includes(f)).map((f) => `training.${f}`);
  return animationNote(names, run.snapshots.length, maxFrames);
}

/** Options of {@link renderTrainingFiles}. */
export interface TrainingFilesOptions {
  /** Which files to render. */
  formats: readonly TrainingFormat[];
  /** Frame timing of the SVG and GIF animations (default 0.2 s per frame, last frame held 2 s). */
  timing?: AnimationTiming;
  /** vega's browser build, inlined into the HTML page (needed for `html`). */
  vegaSource?: string;
  /** The most frames of an animation (at least 2; default `MAX_ANIMATION_FRAMES`): see `animationSample`. */
  maxFrames?: number;
  /** Receives how long each step took (for profiling: `deno task figures -- --timings`). */
  onStep?: (label: string, ms: number) => void;
}

/**
 * Renders the training outputs of `run` one file at a time, in the order
 * they are written: `training.json` (json), `training.svg`,
 * `training_loss.svg` and `training_loss.vl.json` (svg), `training.gif`
 * (gif), `training.html` (html). The frame domains are computed once and
 * shared by every output. The animations (`training.svg`, `training.gif`)
 * show at most `MAX_ANIMATION_FRAMES` snapshots, evenly spaced, the last
 * included (see {@link trainingAnimationNote}).
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
  let t = performance.now();
  const lap = (label: string) => {
    const now = performance.now();
    options.onStep?.(label, now - t);
    t = now;
  };
  const domains = trainingDomains(run);
  if (formats.has("json")) {
    const data = toJsonText(run);
    lap("json");
    yield { name: "training.json", data };
    t = performance.now();
  }
  // The animations show at most MAX_ANIMATION_FRAMES snapshots (see trainingAnimationNote); the rest keep all.
  const shown = animationSample(run.snapshots.length, options.maxFrames).indices;
  const frames = formats.has("svg") || formats.has("gif") ? await renderTrainingFrames(run, domains, shown) : [];
  if (frames.length > 0) lap("svg and gif: the frames' SVG (vega)");
  if (formats.has("svg")) {
    const animation = animateFrames(frames, timing);
    lap("svg: training.svg");
    yield { name: "training.svg", data: animation };
    t = performance.now();
    const lossSpec = trainingLoss(run);
    const loss = await renderSvg(lossSpec);
    lap("svg: training_loss.svg (vega)");
    yield { name: "training_loss.svg", data: loss };
    yield { name: "training_loss.vl.json", data: toJsonText(lossSpec) };
    t = performance.now();
  }
  if (formats.has("gif")) {
    const layers = splitFrames(frames);
    lap("gif: split the frames into layers");
    const gif = await trainingGif(layers, timing, options.onStep);
    yield { name: "training.gif", data: gif };
    t = performance.now();
  }
  if (formats.has("html")) {
    const page = trainingPage(run, options.vegaSource!, { timing, domains });
    lap("html: training.html");
    yield { name: "training.html", data: page };
  }
}
