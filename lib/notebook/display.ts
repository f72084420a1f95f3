/**
 * Figures and training runs as Jupyter display bundles, for Deno notebooks
 * (`deno jupyter`). A bundle is a plain object from media type to data; the
 * front end shows the richest type it understands:
 *
 * - a figure carries its SVG (`image/svg+xml`, shown everywhere) and its
 *   Vega-Lite spec under `application/vnd.vegalite.v5+json` with a v5
 *   `$schema`: JupyterLab 3/4 (its built-in vega5-extension embeds Vega-Lite
 *   5 and knows only the v3–v5 types) and VS Code draw it as an interactive
 *   chart, and every figure here validates against the Vega-Lite 5 schema.
 *   `nativeMime: true` adds the unchanged spec under its own version's type
 *   (`application/vnd.vegalite.v6+json`) for front ends that know v6;
 * - a training run carries its animated SVG and, as `text/html`, the same
 *   SVG as an `<img>` plus a script that puts it inline and adds a play/pause
 *   button and a snapshot slider driving the SVG's own animation clock (no
 *   vega in the page). JupyterLab prefers `text/html`; in an untrusted
 *   notebook it strips scripts and inline SVG but keeps the `<img>`, so the
 *   animation still plays, without controls.
 *
 * The bundle builders are pure; {@link showFigure} and {@link showTraining}
 * render and wrap a bundle in a {@link Displayable}, which Deno's kernel shows
 * when it is the value of a cell's last expression
 * (`await showFigure(reluFigure())`). {@link displayNow} shows one at once,
 * for several outputs in one cell.
 *
 * @module
 */
import { animateFrames, type AnimationTiming, frameSchedule } from "../render/animated_svg.ts";
import { formatLoss } from "../plot/training.ts";
import type { VegaLiteSpec } from "../plot/spec.ts";
import { renderSvg } from "../render/svg.ts";
import type { TrainingRun } from "../model/run.ts";
import { renderTrainingFrames } from "../render/training.ts";

/** Plain text, shown by every front end. */
export const TEXT_MIME = "text/plain";
/** HTML; JupyterLab prefers it over every other type here. */
export const HTML_MIME = "text/html";
/** SVG images. */
export const SVG_MIME = "image/svg+xml";
/** The Vega-Lite media type JupyterLab's built-in renderer (vega5-extension) draws interactively. */
export const VEGA_LITE_V5_MIME = "application/vnd.vegalite.v5+json";
/** The `$schema` of the Vega-Lite 5 copy of a spec (JupyterLab embeds Vega-Lite 5 and warns about other versions). */
export const VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** The symbol Deno's Jupyter kernel looks for (`Deno.jupyter.$display`). */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** A Jupyter MIME bundle: media type to data (a string, or a JSON object for `+json` types). */
export interface DisplayBundle {
  /** Plain text: what front ends without richer support show. */
  readonly "text/plain": string;
  /** Any other representation. */
  readonly [mediaType: string]: string | Readonly<Record<string, unknown>>;
}

/** An object that Deno's Jupyter kernel shows as its {@link DisplayBundle}. */
export interface Displayable {
  /** The bundle shown. */
  readonly bundle: DisplayBundle;
  /** Called by the kernel: returns {@link Displayable.bundle}. */
  [JUPYTER_DISPLAY](): DisplayBundle;
}

/**
 * Wraps a bundle so that the kernel shows it as a cell's result.
 *
 * @example
 * ```ts
 * import { displayable, JUPYTER_DISPLAY } from "./display.ts";
 * const shown = displayable({ "text/plain": "hello", "text/html": "<b>hello</b>" });
 * console.log(shown[JUPYTER_DISPLAY]()["text/html"]); // <b>hello</b>
 * ```
 */
export function displayable(bundle: DisplayBundle): Displayable {
  return {
    bundle,
    [JUPYTER_DISPLAY]: () => bundle,
  };
}

/** The major Vega-Lite version a `$schema` URL names, e.g. 6 for `.../vega-lite/v6.json`. */
export function vegaLiteMajor(schema: string): number {
  const m = /\/vega-lite\/v(\d+)(?:[.\d]*)\.json$/.exec(schema);
  if (m === null) {
    throw new RangeError(
      `Cannot read the Vega-Lite version: $schema must look like ".../vega-lite/vN.json", got "${schema}"`,
    );
  }
  return Number(m[1]);
}

/** The Vega-Lite media type of a major version: `application/vnd.vegalite.vN+json`. */
export function vegaLiteMime(major: number): string {
  return `application/vnd.vegalite.v${major}+json`;
}

function titleText(spec: VegaLiteSpec): string {
  const title = spec.title;
  if (typeof title === "string") return title;
  if (Array.isArray(title)) return title.join(" ");
  if (title !== null && typeof title === "object") {
    const text = (title as { text?: unknown }).text;
    if (typeof text === "string") return text;
    if (Array.isArray(text)) return text.join(" ");
  }
  return "untitled";
}

function svgSize(svg: string): string {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const w = /\swidth="([\d.]+)"/.exec(open)?.[1];
  const h = /\sheight="([\d.]+)"/.exec(open)?.[1];
  return w && h ? `${w}×${h}` : "?";
}

function checkSvg(svg: string, what: string): void {
  if (!/^\s*(?:<\?xml[^>]*>\s*)?<svg\b/.test(svg)) {
    throw new RangeError(`Cannot build ${what}: the SVG must start with "<svg", got "${svg.slice(0, 40)}"`);
  }
}

/** Options of {@link figureBundle} and {@link showFigure}. */
export interface FigureBundleOptions {
  /**
   * Include the spec as a Vega-Lite 5 copy ({@link VEGA_LITE_V5_MIME}), so
   * that front ends with a Vega-Lite renderer draw an interactive chart
   * (default true). False leaves SVG and text only.
   */
  vegaLite?: boolean;
  /**
   * Also include the unchanged spec under the media type of its own major
   * version, e.g. `application/vnd.vegalite.v6+json` (default false: the v5
   * copy already carries the same chart, and the spec would be stored twice).
   */
  nativeMime?: boolean;
}

/**
 * The display bundle of a figure: `text/plain` (title and size),
 * `image/svg+xml` (the rendered figure), unless `vegaLite` is false the spec
 * under {@link VEGA_LITE_V5_MIME} with a v5 `$schema`, and with `nativeMime`
 * the unchanged spec under its own version's media type. `spec` is not changed.
 *
 * @example
 * ```ts
 * import { figureBundle } from "./display.ts";
 * const spec = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title: "dots", mark: "point" };
 * const bundle = figureBundle(spec, '<svg width="10" height="10"></svg>', { nativeMime: true });
 * console.log(Object.keys(bundle));
 * // ["text/plain", "image/svg+xml", "application/vnd.vegalite.v5+json", "application/vnd.vegalite.v6+json"]
 * console.log(bundle["text/plain"]); // dots (Vega-Lite figure, 10×10 SVG)
 * ```
 */
export function figureBundle(
  spec: VegaLiteSpec,
  svg: string,
  options: FigureBundleOptions = {},
): DisplayBundle {
  checkSvg(svg, "a figure bundle");
  const text = `${titleText(spec)} (Vega-Lite figure, ${svgSize(svg)} SVG)`;
  if (options.vegaLite === false) return { [TEXT_MIME]: text, [SVG_MIME]: svg };
  const major = vegaLiteMajor(spec.$schema);
  const copy = structuredClone(spec) as Record<string, unknown>;
  const bundle: Record<string, string | Readonly<Record<string, unknown>>> = {
    [TEXT_MIME]: text,
    [SVG_MIME]: svg,
    [VEGA_LITE_V5_MIME]: { ...copy, $schema: VEGA_LITE_V5_SCHEMA },
  };
  if (options.nativeMime === true && major !== 5) bundle[vegaLiteMime(major)] = structuredClone(copy);
  return bundle as DisplayBundle;
}

/**
 * Renders `spec` to SVG and returns it as a {@link Displayable}: the last
 * expression of a notebook cell, `await showFigure(spec)`, shows the figure.
 */
export async function showFigure(
  spec: VegaLiteSpec,
  options: FigureBundleOptions = {},
): Promise<Displayable> {
  // vega tags the rows of inline data with a symbol; render a copy so the caller's spec stays as it was.
  return displayable(figureBundle(spec, await renderSvg(structuredClone(spec)), options));
}

/** One snapshot as the training display labels it. */
export interface TrainingFrameLabel {
  /** The snapshot's epoch. */
  epoch: number;
  /** The MSE at that epoch. */
  loss: number;
}

/** What {@link trainingAnimationHtml} and {@link trainingBundle} show. */
export interface TrainingDisplayInput {
  /** The animated SVG (one `<g class="frame frame-K">` per snapshot, as `animateFrames` writes it). */
  animatedSvg: string;
  /** Epoch and loss of every frame, in order. */
  frames: readonly TrainingFrameLabel[];
  /** The frame timing the SVG was made with (default 0.2 s per frame, last frame held 2 s). */
  timing?: AnimationTiming;
  /** One line about the run, the plain-text representation. */
  summary: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A short deterministic hash of a string (FNV-1a, hex), for element ids. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** Base64 of the UTF-8 bytes of `text`. */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

// Where the script runs (a trusted notebook, VS Code, a web page) it swaps the
// <img> for the same SVG inline, shows the controls and lets them drive the
// SVG's SMIL clock: the slider pauses it and seeks to the start of a frame,
// Play resumes it, and while it plays the slider follows. Where scripts are
// stripped (JupyterLab's sanitizer for untrusted outputs keeps <img> with a
// data: URL but drops inline <svg>), the <img> stays and still animates.
const CONTROLS_SCRIPT = `
(function () {
  "use strict";
  var me = document.currentScript;
  var root = me && me.parentNode && me.parentNode.id === ROOT_ID ? me.parentNode : document.getElementById(ROOT_ID);
  if (root === null || root.getAttribute("data-ready") === "1") return;
  var img = root.querySelector("img");
  var controls = root.querySelector(".controls");
  var slider = root.querySelector("input[type=range]");
  var button = root.querySelector("button");
  var label = root.querySelector("[data-role=label]");
  var data = JSON.parse(root.querySelector("script[type='application/json']").textContent);
  var b64 = img.getAttribute("src").split(",")[1];
  var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  var holder = document.createElement("div");
  holder.innerHTML = new TextDecoder().decode(bytes);
  var svg = holder.querySelector("svg");
  if (!svg || typeof svg.pauseAnimations !== "function") return;
  img.replaceWith(svg);
  controls.style.display = "flex";
  root.setAttribute("data-ready", "1");
  function frameAt(t) {
    t = t % data.total;
    var k = 0;
    while (k + 1 < data.starts.length && data.starts[k + 1] <= t + 1e-9) k++;
    return k;
  }
  function showLabel(k) {
    slider.value = String(k);
    label.textContent = data.labels[k];
  }
  function seek(k) {
    svg.pauseAnimations();
    svg.setCurrentTime(data.starts[k] + 1e-3);
    button.textContent = "Play";
    showLabel(k);
  }
  slider.addEventListener("input", function () { seek(Number(slider.value)); });
  button.addEventListener("click", function () {
    if (svg.animationsPaused()) { svg.unpauseAnimations(); button.textContent = "Pause"; }
    else { svg.pauseAnimations(); button.textContent = "Play"; }
  });
  (function follow() {
    if (!document.body.contains(root)) return;
    if (!svg.animationsPaused()) showLabel(frameAt(svg.getCurrentTime()));
    window.requestAnimationFrame(follow);
  })();
})();
`;

/**
 * The training animation as an HTML fragment: the animated SVG as an `<img>`
 * (a base64 `data:` URL, so it animates even where a front end sanitizes the
 * HTML) and a script that, where scripts run, puts the same SVG inline and
 * shows a play/pause button, a snapshot slider and a label (`epoch E · MSE L`)
 * that drive its animation clock. Ids are derived from the SVG, so the same
 * input gives the same bytes and two animations on one page do not clash.
 */
export function trainingAnimationHtml(input: TrainingDisplayInput): string {
  checkSvg(input.animatedSvg, "the training display");
  const n = input.frames.length;
  const groups = input.animatedSvg.match(/<g class="frame frame-\d+"/g)?.length ?? 0;
  if (n === 0 || groups !== n) {
    throw new RangeError(
      `Cannot build the training display: got ${n} frame labels for an SVG with ${groups} frame groups`,
    );
  }
  const { starts, total } = frameSchedule(n, input.timing);
  const labels = input.frames.map((f) => `epoch ${f.epoch} · MSE ${formatLoss(f.loss)}`);
  const id = `relu-training-${fnv1a(input.animatedSvg)}`;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const data = JSON.stringify({ starts: starts.map(round), total: round(total), labels }).replace(/</g, "\\u003c");
  const script = CONTROLS_SCRIPT.replaceAll("ROOT_ID", JSON.stringify(id));
  return `<div id="${id}" class="relu-training">
<div class="controls" style="display:none;align-items:center;gap:12px;margin:4px 0 8px;font:14px sans-serif">
<button type="button" style="min-width:64px">Pause</button>
<input type="range" min="0" max="${n - 1}" step="1" value="${n - 1}" style="width:360px" aria-label="snapshot">
<span data-role="label" style="font-variant-numeric:tabular-nums">${escapeHtml(labels[n - 1])}</span>
</div>
<img alt="${escapeHtml(input.summary)}" src="data:image/svg+xml;base64,${base64Utf8(input.animatedSvg.trim())}">
<script type="application/json">${data}</script>
<script>${script}</script>
</div>
`;
}

/** Options of {@link trainingBundle} and {@link showTraining}. */
export interface TrainingBundleOptions {
  /** Include the `text/html` animation with controls (default true); false leaves SVG and text only. */
  html?: boolean;
}

/**
 * The display bundle of a training animation: `text/plain` (the summary),
 * `image/svg+xml` (the animated SVG, which loops by itself) and, unless
 * `html` is false, `text/html` ({@link trainingAnimationHtml}).
 */
export function trainingBundle(input: TrainingDisplayInput, options: TrainingBundleOptions = {}): DisplayBundle {
  checkSvg(input.animatedSvg, "the training display");
  const bundle: Record<string, string> = { [TEXT_MIME]: input.summary, [SVG_MIME]: input.animatedSvg };
  if (options.html !== false) bundle[HTML_MIME] = trainingAnimationHtml(input);
  return bundle as DisplayBundle;
}

/** One line about a run: network, snapshots, loss before and after, settings. */
export function trainingSummary(run: TrainingRun): string {
  const c = run.config;
  const first = run.snapshots[0];
  const last = run.snapshots[run.snapshots.length - 1];
  return `A 1-${c.hidden}-1 ReLU network learning y = x³: ${run.snapshots.length} snapshots, epochs ` +
    `${first?.epoch ?? 0}–${last?.epoch ?? 0}, MSE ${formatLoss(first?.loss ?? NaN)} → ${
      formatLoss(last?.loss ?? NaN)
    } ` +
    `(${c.optimizer}, lr ${c.lr}, relu'(0) = ${c.gradAtZero}, seed ${c.seed}, ${c.backend})`;
}

/** Options of {@link showTraining}. */
export interface ShowTrainingOptions extends TrainingBundleOptions {
  /** Frame timing (default 0.2 s per frame, last frame held 2 s). */
  timing?: AnimationTiming;
}

/**
 * Renders one frame per snapshot of `run` (one reused vega view), animates
 * them into one SVG and returns the training display: the last expression
 * `await showTraining(run)` shows the animation with its controls.
 */
export async function showTraining(run: TrainingRun, options: ShowTrainingOptions = {}): Promise<Displayable> {
  if (run.snapshots.length === 0) throw new RangeError("Cannot show the training: the run has no snapshots");
  const frames = await renderTrainingFrames(run);
  const input: TrainingDisplayInput = {
    animatedSvg: animateFrames(frames, options.timing),
    frames: run.snapshots.map((s) => ({ epoch: s.epoch, loss: s.loss })),
    timing: options.timing,
    summary: trainingSummary(run),
  };
  return displayable(trainingBundle(input, options));
}

/** Milliseconds {@link displayNow} waits after each output (see there). */
const DISPLAY_SETTLE_MS = 20;

interface JupyterNamespace {
  display(value: unknown, options: { raw: boolean }): Promise<void>;
}

/** `Deno.jupyter` when running inside `deno jupyter`, else undefined. */
function jupyter(): JupyterNamespace | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: Partial<JupyterNamespace> } }).Deno;
  try {
    const ns = deno?.jupyter;
    return typeof ns?.display === "function" ? ns as JupyterNamespace : undefined;
  } catch {
    return undefined; // outside a kernel, reading Deno.jupyter may throw
  }
}

/** True inside a Deno Jupyter kernel (where {@link displayNow} works). */
export function inJupyter(): boolean {
  return jupyter() !== undefined;
}

/**
 * Shows a bundle or displayable now, as its own output (Jupyter's
 * `display_data`), so that one cell can show several figures. Throws outside
 * a Deno Jupyter kernel.
 */
export async function displayNow(value: Displayable | DisplayBundle): Promise<void> {
  const ns = jupyter();
  if (ns === undefined) {
    throw new Error("Cannot display: Deno.jupyter is not available (run this inside a Deno Jupyter kernel)");
  }
  const bundle = JUPYTER_DISPLAY in value ? (value as Displayable)[JUPYTER_DISPLAY]() : value as DisplayBundle;
  await ns.display(bundle, { raw: true });
  // Deno's kernel (2.9) relays outputs through a queue and can report the cell
  // idle before a large output is sent, and front ends then drop the output;
  // a short pause lets the relay catch up (20 ms removed every loss measured).
  await new Promise((resolve) => setTimeout(resolve, DISPLAY_SETTLE_MS));
}
