/**
 * A training run as a Jupyter display bundle: its animated SVG and, as
 * `text/html`, the same SVG as an `<img>` with a script that, where scripts
 * run, adds a play/pause button and a snapshot slider driving the SVG's own
 * animation clock (an untrusted notebook keeps only the `<img>`, which still
 * animates).
 *
 * @module
 */
import { escapeHtml } from "../render/html.ts";
import { animateFrames, type AnimationTiming, frameSchedule } from "../render/animated_svg.ts";
import { formatLoss } from "../model/loss_text.ts";
import type { TrainingRun } from "../model/run.ts";
import { kinkText, networkName, renderTrainingFrames } from "../render/training.ts";
import {
  checkSvg,
  type Displayable,
  displayable,
  type DisplayBundle,
  HTML_MIME,
  SVG_MIME,
  TEXT_MIME,
} from "./display.ts";

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
 *
 * @param input the animated SVG, one label per frame (a RangeError unless one per frame group), the timing and a summary
 * @returns the HTML fragment
 *
 * @example
 * ```ts
 * import { ok, strictEqual, throws } from "node:assert/strict";
 * import { trainingAnimationHtml } from "./training_display.ts";
 * import { animateFrames } from "../render/animated_svg.ts";
 * const frame = (y: number) => `<svg width="9" height="9"><g class="mark-line"><path d="M0,${y}"/></g></svg>`;
 * const input = {
 *   animatedSvg: animateFrames([frame(1), frame(2)]),
 *   frames: [{ epoch: 0, loss: 0.5 }, { epoch: 10, loss: 0.25 }],
 *   summary: "a run",
 * };
 * const html = trainingAnimationHtml(input);
 * ok(html.includes("epoch 10 · MSE 0.25") && html.includes('src="data:image/svg+xml;base64,'));
 * strictEqual(trainingAnimationHtml(input), html);
 * throws(() => trainingAnimationHtml({ ...input, frames: input.frames.slice(1) }), RangeError);
 * ```
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
 *
 * @param input the animated SVG, the frame labels, the timing and a summary
 * @param options whether to include the HTML animation (default true)
 * @returns the bundle
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { trainingBundle } from "./training_display.ts";
 * import { animateFrames } from "../render/animated_svg.ts";
 * const frame = (y: number) => `<svg width="9" height="9"><g class="mark-line"><path d="M0,${y}"/></g></svg>`;
 * const input = {
 *   animatedSvg: animateFrames([frame(1), frame(2)]),
 *   frames: [{ epoch: 0, loss: 0.5 }, { epoch: 10, loss: 0.25 }],
 *   summary: "a run",
 * };
 * deepStrictEqual(Object.keys(trainingBundle(input)), ["text/plain", "image/svg+xml", "text/html"]);
 * deepStrictEqual(Object.keys(trainingBundle(input, { html: false })), ["text/plain", "image/svg+xml"]);
 * ```
 */
export function trainingBundle(input: TrainingDisplayInput, options: TrainingBundleOptions = {}): DisplayBundle {
  checkSvg(input.animatedSvg, "the training display");
  const bundle: Record<string, string> = { [TEXT_MIME]: input.summary, [SVG_MIME]: input.animatedSvg };
  if (options.html !== false) bundle[HTML_MIME] = trainingAnimationHtml(input);
  return bundle as DisplayBundle;
}

/**
 * One line about a run: network, snapshots, loss before and after, settings.
 *
 * @param run the training run
 * @returns the line
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { trainingSummary } from "./training_display.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, { epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * strictEqual(
 *   trainingSummary(run),
 *   "A 1-1-1 ReLU network learning y = x³: 2 snapshots, epochs 0–1, MSE 0.5 → 0.25 (sgd, lr 0.0001, relu'(0) = 0, seed 0, cpu)",
 * );
 * ```
 */
export function trainingSummary(run: TrainingRun): string {
  const c = run.config;
  const first = run.snapshots[0];
  const last = run.snapshots[run.snapshots.length - 1];
  return `A 1-${c.hidden}-1 ${
    networkName(c.activation)
  } network learning y = x³: ${run.snapshots.length} snapshots, epochs ` +
    `${first?.epoch ?? 0}–${last?.epoch ?? 0}, MSE ${formatLoss(first?.loss ?? NaN)} → ${
      formatLoss(last?.loss ?? NaN)
    } ` +
    `(${c.optimizer}, lr ${c.lr}, ${kinkText(c)}, seed ${c.seed}, ${c.backend})`;
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
 *
 * @param run the training run; a RangeError when it has no snapshots
 * @param options the frame timing and whether to include the HTML animation
 * @returns the training display
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { showTraining } from "./training_display.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, { epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * const shown = await showTraining(run, { html: false });
 * strictEqual(String(shown.bundle["image/svg+xml"]).match(/<g class="frame frame-\d+"/g)?.length, 2);
 * ```
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
