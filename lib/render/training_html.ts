/**
 * The interactive training page as one self-contained HTML string (vega, the
 * compiled specs and every snapshot inlined, so it works offline): an epoch
 * slider and a play/pause button swap the frame's datasets and title signals
 * and move a marker along the loss curve.
 *
 * @module
 */
import { escapeHtml } from "./html.ts";

/** One snapshot's frame as the page swaps it in. */
export interface HtmlFrame {
  /** The snapshot's epoch. */
  epoch: number;
  /** The MSE at that epoch. */
  loss: number;
  /** Named datasets of the frame spec. */
  datasets: Readonly<Record<string, readonly object[]>>;
  /** Signals of the frame spec. */
  signals: Readonly<Record<string, unknown>>;
}

/** Everything {@link trainingHtml} inlines. */
export interface TrainingHtmlInput {
  /** Page title. */
  title: string;
  /** One line under the page title (the run's settings). */
  description: string;
  /** The source of vega's browser build (`vega.min.js`). */
  vegaSource: string;
  /** The compiled Vega spec of the frame figure. */
  frameSpec: unknown;
  /** The compiled Vega spec of the loss figure, with a named dataset `current` for the marker. */
  lossSpec: unknown;
  /** One entry per snapshot, in epoch order. */
  frames: readonly HtmlFrame[];
  /** Milliseconds per frame while playing (default 200). */
  frameMs?: number;
}

/**
 * Makes JavaScript source safe inside a `<script>` element: `</script` and
 * `<!--` are escaped (they can only occur inside string or regex literals,
 * where the escapes mean the same characters).
 *
 * @param source JavaScript source
 * @returns the same program, without `</script` or `<!--`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { scriptSafe } from "./training_html.ts";
 * strictEqual(scriptSafe('s = "</script><!--";'), 's = "<\\/script><\\!--";');
 * ```
 */
export function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/**
 * JSON text safe inside a `<script type="application/json">` element: every `<` written as `\u003c`.
 *
 * @param value any JSON value
 * @returns its JSON text, without `<`
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { jsonForScript } from "./training_html.ts";
 * const text = jsonForScript({ html: "</script>" });
 * strictEqual(text, '{"html":"\\u003c/script>"}');
 * deepStrictEqual(JSON.parse(text), { html: "</script>" });
 * ```
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

const STYLE = `
  body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 24px; color: #222; background: #fff; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  p.description { color: #555; margin: 0 0 16px; font-size: 14px; }
  .controls { display: flex; align-items: center; gap: 12px; margin: 8px 0 12px; font-size: 14px; }
  .controls input[type=range] { width: 420px; }
  .controls button { font: inherit; padding: 4px 14px; min-width: 72px; }
  #frame-label { font-variant-numeric: tabular-nums; min-width: 220px; }
`;

const SCRIPT = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("training-data").textContent);
  var slider = document.getElementById("epoch");
  var button = document.getElementById("play");
  var label = document.getElementById("frame-label");
  var frameView = new vega.View(vega.parse(data.frameSpec), { renderer: "svg", container: "#frame", hover: false });
  var lossView = new vega.View(vega.parse(data.lossSpec), { renderer: "svg", container: "#loss", hover: false });
  var timer = null;
  var pending = Promise.resolve();
  function show(i) {
    var f = data.frames[i];
    slider.value = String(i);
    label.textContent = "epoch " + f.epoch + " (snapshot " + (i + 1) + " of " + data.frames.length + ")";
    Object.keys(f.datasets).forEach(function (name) { frameView.data(name, f.datasets[name]); });
    Object.keys(f.signals).forEach(function (name) { frameView.signal(name, f.signals[name]); });
    lossView.data("current", [{ epoch: f.epoch, loss: f.loss }]);
    pending = Promise.all([frameView.runAsync(), lossView.runAsync()]).then(function () {
      document.body.setAttribute("data-frame", String(i));
    });
    return pending;
  }
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    button.textContent = "Play";
    button.setAttribute("aria-pressed", "false");
  }
  function play() {
    if (Number(slider.value) === data.frames.length - 1) show(0);
    timer = setInterval(function () {
      var next = Number(slider.value) + 1;
      if (next >= data.frames.length) next = 0;
      show(next);
    }, data.frameMs);
    button.textContent = "Pause";
    button.setAttribute("aria-pressed", "true");
  }
  slider.addEventListener("input", function () { show(Number(slider.value)); });
  button.addEventListener("click", function () { if (timer === null) play(); else stop(); });
  window.trainingPage = { show: show, play: play, stop: stop, frames: data.frames.length };
  show(0);
})();
`;

/**
 * The training page. It renders with vega's SVG renderer, so the frame title
 * (`epoch E · MSE L`) is text in the page's DOM; `body[data-frame]` names the
 * frame drawn last.
 *
 * @param input what the page inlines; a RangeError when there are no frames
 * @returns the HTML page
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { trainingHtml } from "./training_html.ts";
 * const frame = { epoch: 0, loss: 1, datasets: {}, signals: {} };
 * const html = trainingHtml({ title: "x < y", description: "", vegaSource: "", frameSpec: {}, lossSpec: {}, frames: [frame] });
 * ok(html.startsWith("<!DOCTYPE html>"));
 * ok(html.includes("<title>x &lt; y</title>"));
 * ```
 */
export function trainingHtml(input: TrainingHtmlInput): string {
  if (input.frames.length === 0) throw new RangeError("Cannot build the training page: got no frames");
  const payload = {
    frameSpec: input.frameSpec,
    lossSpec: input.lossSpec,
    frames: input.frames,
    frameMs: input.frameMs ?? 200,
  };
  const last = input.frames.length - 1;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p class="description">${escapeHtml(input.description)}</p>
<div class="controls">
<button id="play" type="button" aria-pressed="false">Play</button>
<label for="epoch">snapshot</label>
<input id="epoch" type="range" min="0" max="${last}" step="1" value="0">
<span id="frame-label" aria-live="polite"></span>
</div>
<div id="frame"></div>
<div id="loss"></div>
<script>${scriptSafe(input.vegaSource)}</script>
<script type="application/json" id="training-data">${jsonForScript(payload)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
