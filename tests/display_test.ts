/**
 * The Jupyter display bundles of lib/display.ts: media types, the SVG and
 * Vega-Lite content of figure bundles (every figure's v5 copy validated against
 * the Vega-Lite 5 schema JupyterLab's renderer uses), the training animation
 * with its controls, and, where /usr/bin/chromium exists and may be run, the
 * controls driving the animation in a browser.
 *
 * Run with: deno test --allow-read --allow-write=/tmp --allow-env --allow-sys --allow-run=/usr/bin/chromium
 *   tests/display_test.ts
 * (the other tests need no permission; without these the browser test is skipped with the reason printed).
 */
import assert from "node:assert/strict";
import { Ajv } from "ajv";
import schemaV5 from "npm:vega-lite@5.23.0/build/vega-lite-schema.json" with { type: "json" };
import {
  displayable,
  displayNow,
  figureBundle,
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
} from "../lib/notebook/display.ts";
import { showTraining, trainingAnimationHtml, trainingBundle } from "../lib/notebook/training_display.ts";
import { animateFrames } from "../lib/render/animated_svg.ts";
import { formatLoss } from "../lib/model/loss_text.ts";
import { reluDerivativeFigure, reluFigure, renderSvg, subgradientsFigure, VEGA_LITE_SCHEMA } from "../mod.ts";
import { browserSkipReason, launchChromium } from "../tools/chromium.ts";
import { FIGURE_BUILDERS } from "./support/figure_builders.ts";
import { syntheticRun } from "./support/synthetic_run.ts";

const V6_MIME = "application/vnd.vegalite.v6+json";

Deno.test("the display symbol is the one Deno's kernel looks for", () => {
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
  const bundle = { [TEXT_MIME]: "x", [HTML_MIME]: "<b>x</b>" };
  const shown = displayable(bundle);
  assert.equal(shown[JUPYTER_DISPLAY](), bundle);
  assert.equal(shown.bundle, bundle);
});

Deno.test("vegaLiteMajor reads the version from $schema and names a bad one", () => {
  assert.equal(vegaLiteMajor(VEGA_LITE_SCHEMA), 6);
  assert.equal(vegaLiteMajor("https://vega.github.io/schema/vega-lite/v5.23.0.json"), 5);
  assert.equal(vegaLiteMime(6), V6_MIME);
  assert.throws(() => vegaLiteMajor("https://vega.github.io/schema/vega/v5.json"), /vega\/v5\.json/);
});

Deno.test("a figure bundle holds text, the SVG and a Vega-Lite 5 copy of the spec, and leaves the spec alone", async () => {
  const spec = reluDerivativeFigure({ gradAtZero: 0.5 });
  const before = structuredClone(spec);
  const svg = await renderSvg(structuredClone(spec));
  const bundle = figureBundle(spec, svg);
  assert.deepEqual(Object.keys(bundle), [TEXT_MIME, SVG_MIME, VEGA_LITE_V5_MIME]);
  assert.equal(bundle[SVG_MIME], svg);
  assert.match(bundle[TEXT_MIME], /^ReLU and its derivative \(Vega-Lite figure, \d+×\d+ SVG\)$/);
  const copy = bundle[VEGA_LITE_V5_MIME] as Record<string, unknown>;
  assert.equal(copy.$schema, VEGA_LITE_V5_SCHEMA);
  assert.deepEqual({ ...copy, $schema: spec.$schema }, spec);
  assert.deepEqual(spec, before);
  assert.equal(VEGA_LITE_V5_MIME, "application/vnd.vegalite.v5+json");
});

Deno.test("nativeMime adds the unchanged v6 spec; vegaLite: false leaves SVG and text only", () => {
  const spec = reluFigure();
  const svg = '<svg width="1" height="2"></svg>';
  const both = figureBundle(spec, svg, { nativeMime: true });
  assert.deepEqual(Object.keys(both), [TEXT_MIME, SVG_MIME, VEGA_LITE_V5_MIME, V6_MIME]);
  assert.deepEqual(both[V6_MIME], spec);
  assert.notEqual(both[V6_MIME], spec, "a copy, not the caller's object");
  assert.deepEqual(Object.keys(figureBundle(spec, svg, { vegaLite: false })), [TEXT_MIME, SVG_MIME]);
  const v5 = { ...spec, $schema: VEGA_LITE_V5_SCHEMA };
  assert.deepEqual(Object.keys(figureBundle(v5, svg, { nativeMime: true })), [TEXT_MIME, SVG_MIME, VEGA_LITE_V5_MIME]);
  assert.throws(() => figureBundle(spec, "<html></html>"), /must start with "<svg", got "<html>/);
});

Deno.test("the Vega-Lite 5 copy of every figure validates against the Vega-Lite 5.23 schema", () => {
  const ajv = new Ajv({ allErrors: false, strict: false, allowUnionTypes: true, validateFormats: false });
  const validate = ajv.compile(schemaV5);
  for (const [name, build] of Object.entries(FIGURE_BUILDERS)) {
    const copy = figureBundle(build(), "<svg></svg>")[VEGA_LITE_V5_MIME];
    assert.ok(validate(copy), `${name}: ${ajv.errorsText(validate.errors)}`);
  }
});

Deno.test("showFigure renders the spec into a displayable bundle and leaves the spec alone", async () => {
  const spec = subgradientsFigure({ lines: 5 });
  const shown = await showFigure(spec);
  assert.deepEqual(spec, subgradientsFigure({ lines: 5 }));
  const bundle = shown[JUPYTER_DISPLAY]();
  assert.ok((bundle[SVG_MIME] as string).startsWith("<svg"));
  assert.match(bundle[SVG_MIME] as string, />E\[g\] = 0\.5<\/text>/);
  assert.equal((bundle[VEGA_LITE_V5_MIME] as Record<string, unknown>).$schema, VEGA_LITE_V5_SCHEMA);
});

const run = syntheticRun({ hidden: 3, epochs: 400, every: 100, points: 50 });

Deno.test("the training display shows the animated SVG with controls, the same bytes every time", async () => {
  const shown = await showTraining(run);
  const bundle = shown[JUPYTER_DISPLAY]();
  assert.deepEqual(Object.keys(bundle), [TEXT_MIME, SVG_MIME, HTML_MIME]);
  const svg = bundle[SVG_MIME] as string;
  const html = bundle[HTML_MIME] as string;
  assert.equal(svg.match(/<g class="frame frame-\d+"/g)?.length, 5);
  assert.match(svg, /<animate attributeName="visibility"/);
  const b64 = /<img alt="[^"]*" src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)">/.exec(html)?.[1];
  assert.ok(b64, "the HTML carries the animation as an <img> with a data: URL");
  const decoded = new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  assert.equal(decoded, svg.trim(), "the same animated SVG");
  assert.match(html, /<div class="controls" style="display:none;/);
  assert.match(html, /<input type="range" min="0" max="4" step="1" value="4"/);
  assert.match(html, /<span data-role="label"[^>]*>epoch 400 · MSE [\d.]+<\/span>/);
  assert.match(html, /"starts":\[0,0\.2,0\.4,0\.6,0\.8\],"total":2\.8/);
  // The summary, written out: the run's first and last losses (161273.06 and 38876.86, from the synthetic run's
  // own float64 MSE) to whole numbers, and its config.
  assert.deepEqual([run.snapshots[0].loss, run.snapshots[4].loss].map(Math.round), [161273, 38877]);
  assert.equal(
    bundle[TEXT_MIME],
    "A 1-3-1 ReLU network learning y = x³: 5 snapshots, epochs 0–400, MSE 161273 → 38877 " +
      "(sgd, lr 0.0001, relu'(0) = 0, seed 0, cpu)",
  );
  const again = (await showTraining(run)).bundle;
  assert.deepEqual(again, bundle);
  assert.deepEqual(Object.keys((await showTraining(run, { html: false })).bundle), [TEXT_MIME, SVG_MIME]);
});

Deno.test("training HTML ids follow the SVG, and frame labels must match the frame groups", () => {
  const frame = (t: string) => `<svg width="10" height="10"><g class="mark-text"><text>${t}</text></g></svg>`;
  const labels = [{ epoch: 0, loss: 2 }, { epoch: 1, loss: 1 }];
  const a = trainingAnimationHtml({
    animatedSvg: animateFrames([frame("a"), frame("b")]),
    frames: labels,
    summary: "",
  });
  const b = trainingAnimationHtml({
    animatedSvg: animateFrames([frame("a"), frame("c")]),
    frames: labels,
    summary: "",
  });
  const id = (html: string) => /<div id="(relu-training-[0-9a-f]{8})"/.exec(html)?.[1];
  assert.ok(id(a) && id(b) && id(a) !== id(b));
  assert.ok(a.includes(`document.getElementById("${id(a)}")`));
  assert.throws(
    () => trainingBundle({ animatedSvg: animateFrames([frame("a")]), frames: labels, summary: "" }),
    /got 2 frame labels for an SVG with 1 frame groups/,
  );
});

Deno.test("displayNow refuses outside a Jupyter kernel and says why", async () => {
  assert.equal(inJupyter(), false);
  await assert.rejects(() => displayNow({ [TEXT_MIME]: "x" }), /Deno\.jupyter is not available/);
});

const browserMissing = browserSkipReason();
if (browserMissing) console.log(`skipping the browser test of the training display: ${browserMissing}`);

Deno.test({
  name: "in a browser the animation plays without scripts, and with scripts the slider shows the chosen frame",
  ignore: browserMissing !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const html = (await showTraining(run)).bundle[HTML_MIME] as string;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      // Without scripts (an untrusted notebook in JupyterLab) the <img> shows the animation and the controls stay hidden.
      const stripped = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, "");
      await page.setContent(`<!DOCTYPE html><html><body>${stripped}</body></html>`);
      assert.equal(await page.evaluate(`document.querySelector("img").naturalWidth > 0`), true);
      assert.equal(await page.locator(".controls").isVisible(), false);
      // With scripts the SVG goes inline and the controls drive it.
      await page.setContent(`<!DOCTYPE html><html><body>${html}</body></html>`);
      assert.equal(await page.locator("img").count(), 0);
      assert.equal(await page.locator(".controls").isVisible(), true);
      const visible = (): Promise<number[]> =>
        page.evaluate(
          `[...document.querySelectorAll("g.frame")].flatMap((g, k) => getComputedStyle(g).visibility === "visible" ? [k] : [])`,
        );
      await page.locator("input[type=range]").fill("2");
      assert.deepEqual(await visible(), [2]);
      assert.equal(
        await page.locator("[data-role=label]").textContent(),
        `epoch 200 · MSE ${formatLoss(run.snapshots[2].loss)}`,
      );
      assert.equal(await page.locator("button").textContent(), "Play");
      await page.locator("input[type=range]").fill("4");
      assert.deepEqual(await visible(), [4]);
      await page.click("button");
      assert.equal(await page.locator("button").textContent(), "Pause");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  },
});
