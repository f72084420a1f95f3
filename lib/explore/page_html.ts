/**
 * The live page (`figures/explore.html`) as one self-contained HTML string:
 * the markup of its four sections (text, controls, empty charts), its style,
 * and the browser bundle of the library inlined as one script, so that the
 * file works from `file://` with no network. A Content-Security-Policy keeps
 * it that way: the page may load nothing at all.
 *
 * Pure: the same bundle gives the same bytes.
 *
 * @module
 */
import { escapeHtml as esc } from "../render/html.ts";
import { scriptSafe } from "../render/training_html.ts";
import { DEFAULT_SETTINGS, PAGE_LIMITS, type SettingName, SETTINGS } from "./config.ts";
import { onWhite } from "./palette.ts";
import { TARGET_NAMES, TARGETS } from "../math/targets.ts";
import { activationOptions, kinkChoices } from "./activation_settings.ts";

/** Options of {@link explorePage}. */
export interface ExplorePageOptions {
  /** The page title (default "Dissecting ReLU, live"). */
  title?: string;
}

/** A message slot beside a control: refusals appear here. */
const msg = (id: string) => `<span class="msg" id="${id}-msg" role="status" aria-live="polite"></span>`;

/** A text field for a setting, with its label and message slot. */
function field(id: SettingName, label: string, size = 8, hint = ""): string {
  const value = String(DEFAULT_SETTINGS[id]);
  return `<label class="field" for="${id}"><span>${label}</span>` +
    `<input id="${id}" type="text" inputmode="decimal" size="${size}" value="${esc(value)}" autocomplete="off" ` +
    `spellcheck="false" aria-describedby="${id}-msg"${hint ? ` title="${esc(hint)}"` : ""}>${msg(id)}</label>`;
}

/** A slider and a text field for one number. */
function slider(id: SettingName, label: string, range: [number, number, number]): string {
  const [min, max, step] = range;
  const value = String(DEFAULT_SETTINGS[id]);
  return `<div class="slider"><label for="${id}-range">${label}</label>` +
    `<input id="${id}-range" type="range" min="${min}" max="${max}" step="${step}" value="${value}">` +
    `<input id="${id}" type="text" inputmode="decimal" size="6" value="${value}" aria-label="${
      esc(label)
    }, exact value" ` +
    `autocomplete="off" spellcheck="false" aria-describedby="${id}-msg">${msg(id)}</div>`;
}

/** A select for a setting of a fixed set of words: its choices, in the registry's order, each with its label. */
function choices(id: SettingName, label: string, labels: Readonly<Record<string, string>>): string {
  const words = (SETTINGS[id].setting.choices ?? []) as readonly string[];
  return select(id, label, words.map((v) => [v, labels[v] ?? v]));
}

/** A select for a setting. */
function select(id: SettingName, label: string, options: [string, string][]): string {
  const value = String(DEFAULT_SETTINGS[id]);
  const opts = options.map(([v, text]) => `<option value="${v}"${v === value ? " selected" : ""}>${text}</option>`);
  return `<label class="field" for="${id}"><span>${label}</span><select id="${id}" aria-describedby="${id}-msg">` +
    `${opts.join("")}</select>${msg(id)}</label>`;
}

const button = (id: string, text: string, extra = "") => `<button type="button" id="${id}"${extra}>${text}</button>`;

/**
 * A chart slot: an SVG that the script draws, named for screen readers and
 * described by the element `describedBy`, whose text the script keeps to
 * the chart's current state.
 */
const chart = (id: string, label: string, describedBy: string) =>
  `<svg id="${id}" role="img" aria-label="${esc(label)}" aria-describedby="${describedBy}"></svg>`;

/** A checkbox for a setting, with its message slot. */
const checkbox = (id: SettingName, label: string) =>
  `<label class="field"><span><input id="${id}" type="checkbox" aria-describedby="${id}-msg"> ${label}</span>${
    msg(id)
  }</label>`;

/** The focus ring: the page's orange, darkened to 3:1 against white (WCAG's non-text contrast). */
const FOCUS = onWhite("#E69F00");

// The charts keep their size (tick labels 11 px, titles 13–14 px) and scroll sideways where the screen is narrower.
const STYLE = `
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:0;color:#222;background:#fff;line-height:1.45}
main{max-width:1080px;margin:0 auto;padding:20px 24px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 6px;border-top:1px solid #ddd;padding-top:18px}
p{margin:6px 0 10px;max-width:860px}p.lead{color:#555}
nav a{margin-right:14px}
.controls{display:flex;flex-wrap:wrap;align-items:flex-start;gap:10px 18px;margin:10px 0;font-size:14px}
.field{display:flex;flex-direction:column;gap:2px}.field[hidden]{display:none}.field>span{font-size:13px;color:#444}
.slider{display:flex;align-items:center;gap:8px;flex-wrap:wrap}.slider input[type=range]{width:200px}
input[type=text],select{font:inherit;font-size:14px;padding:3px 5px}
button{font:inherit;font-size:14px;padding:5px 14px;min-width:64px;cursor:pointer}
button[aria-pressed=true]{background:#0072B2;color:#fff;border-color:#0072B2}
:focus-visible{outline:3px solid ${FOCUS};outline-offset:2px}
input[aria-invalid=true]{border:2px solid #D55E00;background:#fff4ee}
.hint{display:block;color:#555;font-size:12px;max-width:260px}.hint:empty{display:none}
.field>input,.field>select{align-self:flex-start}
.msg{display:block;color:#B34700;font-size:13px;max-width:420px;white-space:pre-line}.msg:empty{display:none}
.charts{display:flex;flex-wrap:wrap;gap:8px;margin:6px 0;overflow-x:auto}.charts>svg{flex:none}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:600px){main{padding:12px 12px 40px}}
.status{font-variant-numeric:tabular-nums;font-size:14px;margin:6px 0}
.note{color:#B34700;font-size:14px;min-height:1em;white-space:pre-line}
code{background:#f4f4f4;padding:2px 4px;font-size:13px;overflow-wrap:anywhere}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;margin:2px 0 6px;padding:0;list-style:none}
.legend i{display:inline-block;width:18px;height:0;border-top:3px solid;vertical-align:middle;margin-right:5px}
.legend i.dead{border-top-style:dashed}
.buttons{display:flex;gap:8px;align-items:flex-end;flex-wrap:wrap}
`;

function reluSection(): string {
  return `<section id="section-relu" aria-labelledby="relu-h"><h2 id="relu-h">1. relu and its derivative</h2>
<p>relu(z) = max(0, z). Its derivative is 0 for z &lt; 0 and 1 for z &gt; 0; at the kink z = 0 it is undefined, so a
library must pick a value. TensorFlow and PyTorch pick 0; the essay argues for 0.5. Pick one: the filled dot moves,
the two pieces (ending in open circles) do not.</p>
<div class="controls"><div class="buttons" role="group" aria-label="relu′(0) presets">
${button("d0-0", "0")}${button("d0-half", "0.5")}${button("d0-1", "1")}</div>
${slider("d0", "relu′(0)", [0, 1, 0.01])}</div>
<p class="sr-only" id="relu-summary"></p>
<div class="charts">${chart("relu-chart", "relu(z)", "relu-summary")}${
    chart("relu-derivative-chart", "relu′(z) with the chosen value at 0", "relu-summary")
  }</div>
</section>`;
}

function fanSection(): string {
  return `<section id="section-fan" aria-labelledby="fan-h"><h2 id="fan-h">2. The subgradient fan</h2>
<p>A slope g is a subgradient of relu at 0 when the line g·z touches relu at the origin and never rises above it.
Every g in [0, 1] qualifies (the faint fan); move g outside [0, 1] and the line crosses relu. Drawn uniformly from
[0, 1], the expected subgradient is E[g] = 0.5 (dashed).</p>
<div class="controls">${slider("g", "g", [-0.5, 1.5, 0.01])}</div>
<p class="status" id="fan-verdict" aria-live="polite"></p>
<div class="charts">${chart("fan-chart", "relu and the line g·z", "fan-verdict")}${
    chart("g-chart", "the density of g and E[g]", "fan-verdict")
  }</div>
</section>`;
}

function familySection(): string {
  const presets: [string, string][] = [["flip", "Flips"], ["slope", "Slopes"], ["hshift", "Horizontal shifts"], [
    "vshift",
    "Vertical shifts",
  ], ["none", "Clear"]];
  return `<section id="section-family" aria-labelledby="family-h"><h2 id="family-h">3. Flips, slopes and shifts</h2>
<p>One unit computes relu(w·z + b); the next layer scales it and adds to it. Flipping the sign of the input or the
output points the kink any of four ways, w sets the slope, b moves the kink to z = −b/w, and an offset c lifts the
whole curve. The essay's four panels are presets: they draw their family behind the live curve.</p>
<div class="controls">${slider("w", "slope w", [0, 3, 0.05])}${slider("b", "shift b", [-3, 3, 0.05])}${
    slider("c", "lift c", [-3, 3, 0.05])
  }
${checkbox("fi", "flip the input (−z)")}${checkbox("fo", "flip the output (−relu)")}</div>
<div class="controls"><div class="buttons" role="group" aria-label="the essay's panels">${
    presets.map(([id, text]) => button(`family-${id}`, text, ` aria-pressed="${id === "none"}"`)).join("")
  }</div>${msg("family")}</div>
<p class="status"><code id="family-formula"></code></p>
<div class="charts">${
    chart("family-chart", "the live curve and the chosen family", "family-formula family-legend")
  }</div>
<ul class="legend" id="family-legend"></ul>
</section>`;
}

/** The target picker's labels: each target's formula, from the registry; `data` names the file picker. */
const TARGET_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(TARGET_NAMES.map((t) => [t, TARGETS[t].label])),
  data: "the data file's points",
};

/**
 * The activation list and its parameter field (leaky relu's slope, hidden for the others), and the kink
 * derivative's list and its field for any value between the slopes: `activation_view.ts` binds and fills them.
 */
function activationPicker(): string {
  const hint = (id: string) => `<span class="hint" id="${id}"></span>`;
  const activation = String(DEFAULT_SETTINGS.activation);
  const names = activationOptions().map(([v, text]) =>
    `<option value="${v}"${v === activation ? " selected" : ""}>${esc(text)}</option>`
  );
  const kinks = kinkChoices(activation).map((c) => `<option value="${c.value}">${esc(c.label)}</option>`);
  return `<label class="field" for="activation-name"><span>activation</span><select id="activation-name" ` +
    `aria-describedby="activation-msg activation-hint">${names.join("")}</select>${hint("activation-hint")}${
      msg("activation")
    }</label>
<label class="field" for="activation-slope" id="activation-slope-field" hidden><span id="activation-slope-label">` +
    `slope</span><input id="activation-slope" type="text" inputmode="decimal" size="6" autocomplete="off" ` +
    `spellcheck="false" aria-describedby="activation-msg"></label>
<label class="field" for="grad"><span>kink derivative f′(0)</span><select id="grad" ` +
    `aria-describedby="grad-msg grad-hint">${kinks.join("")}</select></label>
<label class="field" for="grad-exact"><span>or any f′(0) between the slopes</span><input id="grad-exact" ` +
    `type="text" inputmode="decimal" size="6" autocomplete="off" spellcheck="false" ` +
    `aria-describedby="grad-msg grad-hint">${hint("grad-hint")}${msg("grad")}</label>`;
}

function networkSection(): string {
  const L = PAGE_LIMITS;
  return `<section id="section-network" aria-labelledby="network-h"><h2 id="network-h">4. The network, training live</h2>
<p>A 1-H-1 network learns y = x³ on evenly spaced points in [−10, 10] (or another target on its own range, or
the points of a CSV file of x, y that you pick or drop here, with noise on y and a held-out test split if you like) by
full-batch gradient descent on the mean squared error, here in the page with the project's own engines (tfjs cpu
backend; WebGPU where the browser has it). Its units are relu, or the activation you pick: a piecewise-linear one
(leaky relu with its slope, abs, identity) trains on the fused kernel with the derivative at its kink that you choose
between its two slopes, or random; a smooth one (sigmoid, tanh, softplus, GELU) on the autodiff engine, as
<code>deno task train</code> picks them. On cpu the numbers are those of <code>deno task train</code> with the same
settings, to the last bit.
Start the hidden layer at zero with relu′(0) = 0 and no gradient ever reaches it; give relu′(0) = 0.5 and it moves,
the units in two groups that move together. In float64 arithmetic the two groups last. In float32, the default here
and in <code>deno task train</code>, rounding splits them after the first thousand or so updates: the count of
distinct activation patterns under the charts shows when.</p>
<div class="controls">
${field("hidden", "H (hidden units)", 4, `1 to ${L.hidden}`)}${field("lr", "lr", 9)}
${choices("optimizer", "optimizer", { sgd: "SGD", adam: "Adam" })}
${activationPicker()}
${choices("init", "initialisation", { pytorch: "PyTorch-style", "zero-hidden": "zero hidden" })}
${field("seed", "seed", 8)}${field("points", "points", 5, `2 to ${L.points}`)}${field("spf", "steps per frame", 5)}
${choices("target", "target", TARGET_LABELS)}${field("noise", "noise (sd)", 6)}${field("test", "test split", 5)}
<label class="field" for="data-file"><span>data file (CSV of x, y)</span><input id="data-file" type="file" ` +
    `accept=".csv,text/csv,text/plain" aria-describedby="data-msg">${msg("data")}</label>
${choices("precision", "arithmetic", { float64: "float64 (cpu)" })}
${choices("backend", "backend", { webgpu: "WebGPU" })}
</div>
<div class="controls buttons">${button("play", "Play", ' aria-pressed="false"')}${button("step", "Step")}${
      button("reset", "Reset")
    }${button("download", "Download run")}${button("download-py", "Download training.py")}</div>
<p class="status" id="net-status" aria-live="off"></p><span class="msg" id="epoch-msg" role="status" aria-live="polite"></span>
<p class="note" id="net-note" role="status" aria-live="polite"></p>
<p class="sr-only" id="net-summary"></p>
<div class="charts">${chart("activations-chart", "unit activations", "net-summary")}${
      chart("contributions-chart", "scaled contributions", "net-summary")
    }${chart("prediction-chart", "prediction against the ground truth", "net-summary")}</div>
<ul class="legend" id="unit-legend"></ul>
<div class="charts">${chart("loss-chart", "the loss on a log scale", "net-summary")}<div style="flex:1 1 300px">
<h3 style="font-size:15px;margin:8px 0 4px">Dead units</h3><p id="dead-units" aria-live="polite"></p>
<h3 style="font-size:15px;margin:8px 0 4px">Distinct units</h3><p id="patterns" aria-live="polite"></p></div></div>
<div id="network-diagram"></div>
<p>The same run from the command line: <code id="net-command"></code></p>
</section>`;
}

/**
 * The whole page: markup, style and `bundleJs` (the browser bundle of
 * `lib/explore/main.ts`) inlined.
 *
 * @param bundleJs the bundle's source
 * @param options the title
 * @returns the HTML text
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { explorePage } from "./page_html.ts";
 * const html = explorePage('document.title = "</script>";', { title: "ReLU & co" });
 * ok(html.startsWith("<!doctype html>"));
 * ok(html.includes("<title>ReLU &amp; co</title>"));
 * strictEqual(html.match(/<\/script>/g)?.length, 1); // the bundle cannot end its own script element
 * ```
 */
export function explorePage(bundleJs: string, options: ExplorePageOptions = {}): string {
  const title = options.title ?? "Dissecting ReLU, live";
  const csp = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; " +
    "img-src data: blob:";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>
<h1>${esc(title)}</h1>
<p class="lead">The essay “Dissecting ReLU”, to play with: every control below lives in the link, so a link shows what you saw.</p>
<nav aria-label="sections"><a href="#relu-h">1. relu′(0)</a><a href="#fan-h">2. Subgradients</a><a href="#family-h">3. Flips, slopes, shifts</a><a href="#network-h">4. The network</a></nav>
<p class="note" id="page-note" role="status" aria-live="polite"></p>
<noscript><p>This page needs JavaScript: everything on it is computed in the page.</p></noscript>
${reluSection()}
${fanSection()}
${familySection()}
${networkSection()}
</main>
<script>${scriptSafe(bundleJs)}</script>
</body></html>
`;
}
