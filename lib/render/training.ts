/**
 * A training run as the bytes of its output files, in memory: the animation
 * frames (one reused vega view), the animated SVG, the GIF and the
 * self-contained HTML page. The same run always gives the same bytes.
 *
 * @module
 */
import { targetText } from "../plot/training_style.ts";
import { animateFrames, type AnimationTiming, type FrameLayers, splitFrames } from "./animated_svg.ts";
import { TRAINING_GIF_NAME, trainingGif } from "./training_gif.ts";
import { animationNote, animationSample } from "./animation_sample.ts";
import { toJsonText } from "./json.ts";
import { type TrainingDomains, trainingDomains, trainingFrame, trainingFrameData } from "../plot/training.ts";
import { lossMarkerData, trainingLoss } from "../plot/training_loss.ts";
import { compileSpec, createFrameRenderer, renderSvg } from "./svg.ts";
import type { TrainingRun } from "../model/run.ts";
import { activationOf } from "../math/activation_registry.ts";
import { trainingHtml } from "./training_html.ts";
import { TRAINING_PY_NAME, trainingPy } from "./training_py.ts";

/** The output formats: `svg` means `training.svg` and `training_loss.svg`; `py` is `training.py` (see `trainingPy`). */
export type TrainingFormat = "json" | "svg" | "gif" | "html" | "py";

/**
 * Every {@link TrainingFormat}, in the order files are written.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { TRAINING_FORMATS } from "./training.ts";
 * deepStrictEqual(TRAINING_FORMATS, ["json", "svg", "gif", "html", "py"]);
 * ```
 */
export const TRAINING_FORMATS: readonly TrainingFormat[] = ["json", "svg", "gif", "html", "py"];

/**
 * The formats written when none are asked for: every {@link TrainingFormat} but `py` (the PyTorch script is
 * written on request).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DEFAULT_TRAINING_FORMATS } from "./training.ts";
 * deepStrictEqual(DEFAULT_TRAINING_FORMATS, ["json", "svg", "gif", "html"]);
 * ```
 */
export const DEFAULT_TRAINING_FORMATS: readonly TrainingFormat[] = TRAINING_FORMATS.filter((f) => f !== "py");

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
  // The frames' datasets feed line marks only, and the title signal sets the title's text only.
  const renderer = createFrameRenderer(trainingFrame(run, { domains }), { textSignals: ["frameTitle"] });
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
 * The network's kind in titles: "ReLU" for relu (as ever), the activation's label otherwise.
 *
 * @param activation the run's activation (`config.activation`; relu when absent)
 * @returns the words
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { networkName } from "./training.ts";
 * deepStrictEqual([networkName(undefined), networkName("leaky_relu:0.1"), networkName("tanh")], ["ReLU", "leaky relu (0.1)", "tanh"]);
 * ```
 */
export function networkName(activation: string | undefined): string {
  const a = activationOf(activation ?? "relu");
  return a.name === "relu" ? "ReLU" : a.label;
}

/**
 * A run's kink derivative in words: `relu'(0) = g` for relu (as ever), `leaky_relu:0.1'(0) = g` for another
 * piecewise-linear activation, the activation's name for a smooth one (it has no kink).
 *
 * @param config the run's config
 * @returns the words
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { kinkText } from "./training.ts";
 * deepStrictEqual(
 *   [kinkText({ gradAtZero: 0 }), kinkText({ gradAtZero: "random", activation: "abs" }), kinkText({ gradAtZero: 0, activation: "gelu" })],
 *   ["relu'(0) = 0", "abs'(0) = random", "activation GELU (tanh approx.)"],
 * );
 * ```
 */
export function kinkText(config: Pick<TrainingRun["config"], "gradAtZero" | "activation">): string {
  const a = activationOf(config.activation ?? "relu");
  if (a.kind === "smooth") return `activation ${a.label}`;
  return `${a.name === "relu" ? "relu" : a.text}'(0) = ${config.gradAtZero}`;
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
    title: `A 1-${config.hidden}-1 ${networkName(config.activation)} network learning ${targetText(run)}`,
    description: `${config.optimizer}, lr ${config.lr}, ${config.epochs} epochs on ${config.points} points in ` +
      `[${config.xMin}, ${config.xMax}], seed ${config.seed}, ${kinkText(config)}, ` +
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
  /** Receives how long each step took (for profiling: see `bench/figures_profile.ts`). */
  onStep?: (label: string, ms: number) => void;
  /** The frames' axis domains, when already computed (default: `trainingDomains(run)`, when a drawn format needs them). */
  domains?: TrainingDomains;
  /**
   * Renders the GIF of the animation's frames, split into layers, elsewhere
   * (`deno task train` does it in a worker while this thread renders the
   * other formats): it must return what `trainingGif(layers, timing)`
   * returns. It is called as soon as the frames are rendered and split.
   */
  renderGif?: (layers: FrameLayers) => Promise<Uint8Array>;
  /**
   * Receives the animation's frames, split into layers, as soon as they are
   * rendered and split (when `svg` or `gif` is among the formats): what
   * `trainingGif` makes the GIF of, for a caller that makes it elsewhere
   * later (`deno task figures` sends them to its other worker).
   */
  onLayers?: (layers: FrameLayers) => void;
}

/**
 * Renders the training outputs of `run` one file at a time, in the order
 * they are written: `training.json` (json), `training.svg`,
 * `training_loss.svg` and `training_loss.vl.json` (svg), `training.gif`
 * (gif), `training.html` (html), `training.py` (py). The frame domains are computed once, when a drawn
 * format needs them, and shared by every output. The animations (`training.svg`, `training.gif`)
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
  // The frames' domains, computed once when a drawn format needs them (json and py do not).
  const domains = formats.has("svg") || formats.has("gif") || formats.has("html")
    ? options.domains ?? trainingDomains(run)
    : undefined;
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
  // Split once, for both animations.
  const layers = frames.length > 0 ? splitFrames(frames) : undefined;
  if (layers) {
    lap("svg and gif: split the frames into layers");
    options.onLayers?.(layers);
    t = performance.now();
  }
  const gifElsewhere = layers && formats.has("gif") && options.renderGif ? options.renderGif(layers) : undefined;
  gifElsewhere?.catch(() => {}); // awaited below, in the order of the files
  if (layers && formats.has("svg")) {
    const animation = animateFrames(layers, timing);
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
  // The page is rendered before the GIF is awaited, so that it is made while a GIF made elsewhere is.
  const page = formats.has("html") ? trainingPage(run, options.vegaSource!, { timing, domains }) : undefined;
  if (page !== undefined) lap("html: training.html");
  if (gifElsewhere) {
    const gif = await gifElsewhere;
    lap("gif: wait for its bytes");
    yield { name: TRAINING_GIF_NAME, data: gif };
    t = performance.now();
  } else if (layers && formats.has("gif")) {
    const gif = await trainingGif(layers, timing, options.onStep);
    yield { name: TRAINING_GIF_NAME, data: gif };
    t = performance.now();
  }
  if (page !== undefined) {
    yield { name: "training.html", data: page };
    t = performance.now();
  }
  if (formats.has("py")) {
    const script = trainingPy(run);
    lap("py: training.py");
    yield { name: TRAINING_PY_NAME, data: script };
  }
}
