/**
 * The training outputs of a synthetic 41-snapshot run: frame spec, frame SVG,
 * animated SVG, loss figure, GIF, HTML page (also in headless Chromium when
 * /usr/bin/chromium exists) and byte-identical repeat renders.
 *
 * Run with: deno test --allow-read --allow-write=/tmp --allow-ffi --allow-sys --allow-env
 *   --allow-run=/usr/bin/chromium tests/training_outputs_test.ts
 * (without the last three flags the browser test is skipped with a message;
 * resvg alone needs --allow-sys=cpus,networkInterfaces,hostname).
 */
import assert from "node:assert/strict";
import { animateFrames, splitFrames } from "../lib/render/animated_svg.ts";
import { containersAlong, containersOf } from "../lib/render/svg_containers.ts";
import { countGifFrames } from "../lib/render/gif.ts";
import { formatLoss } from "../lib/model/loss_text.ts";
import { trainingDomains, trainingFrame, trainingFrameData } from "../lib/plot/training.ts";
import { UNIT_COLORS } from "../lib/plot/training_style.ts";
import { trainingLoss } from "../lib/plot/training_loss.ts";
import { renderSvg } from "../lib/render/svg.ts";
import { writeTrainingOutputs } from "../lib/output/training.ts";
import { readVegaBrowserBuild } from "../lib/assets.ts";
import { renderTrainingFrames } from "../lib/render/training.ts";
import { browserSkipReason, launchChromium } from "../tools/chromium.ts";
import { syntheticRun } from "./support/synthetic_run.ts";
import { vegaLiteSchemaErrors } from "./support/vega_lite_schema.ts";

const run = syntheticRun();
const H = run.config.hidden;
const N = run.snapshots.length;

function count(text: string, needle: string | RegExp): number {
  if (typeof needle === "string") return text.split(needle).length - 1;
  return [...text.matchAll(new RegExp(needle.source, needle.flags.includes("g") ? needle.flags : needle.flags + "g"))]
    .length;
}

/** The elements of the mark containers whose class starts with `cls` in a vega SVG. */
function containers(svg: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<g class="${cls}[^"]*"[^>]*>(.*?)</g>`, "g"))].map((m) => m[1]);
}

let outputs: Promise<{ dir: string; again: string; files: { path: string; bytes: number }[] }> | undefined;
function writeTwice() {
  outputs ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "training_outputs_" });
    const again = await Deno.makeTempDir({ prefix: "training_outputs_again_" });
    const formats = ["json", "svg", "gif", "html"] as const;
    globalThis.addEventListener("unload", () => {
      Deno.removeSync(dir, { recursive: true });
      Deno.removeSync(again, { recursive: true });
    });
    const files = await writeTrainingOutputs(run, { outDir: dir, formats });
    await writeTrainingOutputs(run, { outDir: again, formats });
    return { dir, again, files };
  })();
  return outputs;
}

Deno.test("the synthetic run has 41 snapshots, 4001 losses and a dead unit at the end", () => {
  assert.equal(N, 41);
  assert.equal(run.losses.length, 4001);
  assert.equal(run.snapshots[40].epoch, 4000);
  assert.equal(run.losses[4000], run.snapshots[40].loss);
  assert.equal(
    trainingFrameData(run, 40).signals.frameSubtitle,
    "7 hidden units, 1 dead (dashed: zero on every training input): unit 7",
  );
});

Deno.test("trainingFrame() has three panels and the title `epoch E · MSE L`", () => {
  const spec = trainingFrame(run, { index: 40 }) as unknown as {
    hconcat: { hconcat?: unknown[] }[];
    params: { name: string; value: string }[];
    title: { text: { expr: string } };
  };
  const panels = spec.hconcat.flatMap((v) => v.hconcat ?? [v]);
  assert.equal(panels.length, 3);
  assert.deepEqual(spec.title.text, { expr: "frameTitle" });
  const title = spec.params.find((p) => p.name === "frameTitle")?.value;
  assert.equal(title, "epoch 4000 · MSE 1372");
  assert.match(title ?? "", /^epoch \d+ · MSE [\d.]+$/);
  assert.equal(formatLoss(run.snapshots[40].loss), "1372");
  assert.equal(trainingFrameData(run, 0).signals.frameTitle, "epoch 0 · MSE 146388");
});

Deno.test("trainingFrame() is valid Vega-Lite apart from its subtitle signal", () => {
  const spec = structuredClone(trainingFrame(run)) as unknown as { title: Record<string, unknown> };
  assert.deepEqual(spec.title.subtitle, { expr: "frameSubtitle" });
  spec.title.subtitle = "subtitle";
  assert.equal(vegaLiteSchemaErrors(spec), "");
  assert.equal(vegaLiteSchemaErrors(trainingLoss(run)), "");
});

Deno.test("trainingDomains() span every snapshot so the axes never move", () => {
  const d = trainingDomains(run);
  assert.deepEqual(d.x, [-10, 10]);
  assert.equal(d.activations[0], 0);
  assert.deepEqual(d.prediction, [-1000, 1000]);
  for (let i = 0; i < N; i++) {
    const { datasets } = trainingFrameData(run, i);
    for (const p of datasets.activations) assert.ok(p.y >= d.activations[0] && p.y <= d.activations[1]);
    for (const p of datasets.contributions) assert.ok(p.y >= d.contributions[0] && p.y <= d.contributions[1]);
  }
});

Deno.test("a rendered frame has one path per unit in each unit panel, in the unit's colour", async () => {
  const svg = await renderSvg(trainingFrame(run, { index: 40 }));
  for (const panel of ["mark-line role-mark concat_0_concat_0_marks", "mark-line role-mark concat_0_concat_1_marks"]) {
    const paths = containers(svg, panel);
    assert.equal(paths.length, H);
    paths.forEach((p, j) => {
      assert.equal(count(p, "<path"), 1);
      assert.ok(p.includes(`stroke="${UNIT_COLORS[j]}"`), `unit ${j + 1} is drawn in ${UNIT_COLORS[j]}`);
    });
  }
  assert.ok(svg.includes(">epoch 4000 · MSE 1372</text>"));
  assert.equal(count(svg, /<text[^>]*>unit \d<\/text>/), H);
  for (const t of ["relu(w0·x + b0)", "w1·relu(w0·x + b0)", "ŷ", "ground truth y = x³", "prediction ŷ"]) {
    assert.ok(svg.includes(`>${t}</text>`), t);
  }
});

Deno.test("dead units are dashed and counted in the subtitle", async () => {
  for (const [index, deadUnit] of [[0, 4], [40, 7]]) {
    const svg = await renderSvg(trainingFrame(run, { index }));
    const paths = containers(svg, "mark-line role-mark concat_0_concat_0_marks");
    const dashed = paths.map((p, j) => (p.includes('stroke-dasharray="6,4"') ? j + 1 : 0)).filter((j) => j > 0);
    assert.deepEqual(dashed, [deadUnit]);
    assert.ok(svg.includes(`1 dead (dashed: zero on every training input): unit ${deadUnit}</text>`));
  }
});

Deno.test("frames from the reused view equal fresh renders of the same snapshots", async () => {
  const frames = await renderTrainingFrames(run);
  assert.equal(frames.length, N);
  const domains = trainingDomains(run);
  for (const index of [0, 17, 40]) {
    assert.equal(frames[index], await renderSvg(trainingFrame(run, { index, domains })), `frame ${index}`);
  }
});

Deno.test("the animated SVG draws the axes once and one animated group per frame", async () => {
  const frames = await renderTrainingFrames(run);
  const layers = splitFrames(frames);
  assert.equal(layers.dynamicContainers, 2 * H + 1 + 2); // unit curves, prediction, title and subtitle
  const svg = animateFrames(frames);
  assert.equal(count(svg, /<g class="frame frame-\d+"/), N);
  assert.equal(count(svg, "<animate "), N);
  assert.equal(
    count(svg, 'class="mark-rule role-axis-domain"'),
    count(frames[0], 'class="mark-rule role-axis-domain"'),
  );
  assert.equal(count(svg, 'class="mark-rule role-axis-domain"'), 6);
  assert.equal(count(svg, ">ground truth y = x³</text>"), 1);
  assert.equal(count(svg, /<text[^>]*>epoch \d+ · MSE [\d.]+<\/text>/), N);
  assert.ok(svg.includes('<g class="frame frame-40" visibility="visible">'));
  assert.ok(svg.includes('<g class="frame frame-0" visibility="hidden">'));
  assert.ok(!svg.includes("<script"));
  assert.ok(svg.length < 400_000, `training.svg is ${svg.length} bytes`);
});

Deno.test("the frames' containers found along the first frame's are those a whole parse finds; a changed piece is parsed whole", async () => {
  const frames = await renderTrainingFrames(run);
  const content = (svg: string) => svg.slice(svg.indexOf(">") + 1, svg.lastIndexOf("</svg>"));
  const spans = (svg: string) => containersOf(svg).map(({ start, end }) => ({ start, end }));
  const first = containersOf(content(frames[0]));
  for (const [k, frame] of frames.entries()) {
    assert.deepEqual(containersAlong(content(frame), content(frames[0]), first), spans(content(frame)), `frame ${k}`);
  }
  // A frame whose markup between its containers differs (a panel's frame drawn in another grey) is not found along
  // the first one's; parsed whole, it has another skeleton, so the frames are kept whole, as before.
  const changed = frames[7].replace('h-300Z" stroke="#cccccc"', 'h-300Z" stroke="#cdcdcd"');
  assert.notEqual(changed, frames[7]);
  assert.equal(containersAlong(content(changed), content(frames[0]), first), undefined);
  // The same after the last container (the frame's last foreground path, written with a space before "/>").
  const at = frames[9].lastIndexOf('display="none"/>');
  const moved = `${frames[9].slice(0, at)}display="none" />${frames[9].slice(at + 'display="none"/>'.length)}`;
  assert.notEqual(moved, frames[9]);
  assert.equal(containersAlong(content(moved), content(frames[0]), first), undefined);
  for (const edited of [frames.with(7, changed), frames.with(9, moved)]) {
    const layers = splitFrames(edited);
    assert.equal(layers.dynamicContainers, 0);
    assert.deepEqual(layers.frames, edited.map(content));
  }
});

Deno.test("writeTrainingOutputs() writes every format and reports the sizes", async () => {
  const { dir, files } = await writeTwice();
  const names = files.map((f) => f.path.slice(dir.length + 1));
  assert.deepEqual(names, [
    "training.json",
    "training.svg",
    "training_loss.svg",
    "training_loss.vl.json",
    "training.gif",
    "training.html",
  ]);
  for (const f of files) assert.equal((await Deno.stat(f.path)).size, f.bytes, f.path);
  assert.deepEqual(JSON.parse(await Deno.readTextFile(`${dir}/training.json`)), run);
  assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name.startsWith(".")), []);
});

Deno.test("the GIF is drawn with the DejaVu fonts of the npm package, not system fonts", async () => {
  const { fontFiles } = await import("../lib/assets.ts");
  const files = fontFiles();
  assert.equal(files.length, 4);
  for (const f of files) {
    assert.match(f, /dejavu-fonts-ttf\/2\.37\.3\/ttf\/DejaVuSans[-\w]*\.ttf$/);
    assert.ok((await Deno.stat(f)).size > 500_000, f);
  }
});

Deno.test("training.gif is a looping GIF89a with one frame per snapshot", async () => {
  const { dir } = await writeTwice();
  const gif = await Deno.readFile(`${dir}/training.gif`);
  assert.equal(new TextDecoder().decode(gif.subarray(0, 6)), "GIF89a");
  const svg = await Deno.readTextFile(`${dir}/training.svg`);
  const [, width, height] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
  assert.equal(gif[6] + 256 * gif[7], Number(width));
  assert.equal(gif[8] + 256 * gif[9], Number(height));
  assert.equal(countGifFrames(gif), N);
  assert.ok(new TextDecoder("latin1").decode(gif).includes("NETSCAPE2.0"));
});

Deno.test("training_loss.svg has a log-scale y axis and marks the snapshots", async () => {
  const { dir } = await writeTwice();
  const spec = JSON.parse(await Deno.readTextFile(`${dir}/training_loss.vl.json`));
  assert.equal(spec.layer[0].encoding.y.scale.type, "log");
  assert.equal(spec.layer[1].encoding.y.scale.type, "log");
  assert.equal(spec.layer[0].data.values.length, 4001);
  assert.equal(spec.layer[1].data.values.length, N);
  const svg = await Deno.readTextFile(`${dir}/training_loss.svg`);
  for (const label of ["1,000", "10,000", "100,000", "1,000,000"]) assert.ok(svg.includes(`>${label}</text>`), label);
  assert.equal(count(containers(svg, "mark-symbol role-mark")[0] ?? "", "<path"), N);
});

Deno.test("training.html inlines vega and the data and loads nothing from the network", async () => {
  const { dir } = await writeTwice();
  const html = await Deno.readTextFile(`${dir}/training.html`);
  const vega = await readVegaBrowserBuild();
  assert.ok(html.includes(vega.slice(0, 2000)));
  assert.ok(html.includes(vega.slice(-2000)));
  assert.equal(count(html, /<script[^>]*\bsrc=/i), 0);
  assert.equal(count(html, /(?:src|href)="https?:/i), 0);
  assert.ok(html.includes('id="epoch" type="range" min="0" max="40"'));
  assert.ok(html.includes("epoch 4000 · MSE 1372"));
});

Deno.test("rendering the same run twice gives identical bytes", async () => {
  const { dir, again, files } = await writeTwice();
  for (const f of files) {
    const name = f.path.slice(dir.length + 1);
    assert.deepEqual(await Deno.readFile(`${again}/${name}`), await Deno.readFile(f.path), name);
  }
});

/** Why the browser test cannot run here ("" when it can). */
const browserSkip = browserSkipReason();
if (browserSkip) console.log(`skipping the browser test of training.html: ${browserSkip}`);

Deno.test({
  name: "training.html works offline in headless Chromium: the slider changes the title",
  ignore: browserSkip !== "",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const { dir } = await writeTwice();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`file://${dir}/training.html`);
      await page.waitForSelector('body[data-frame="0"]');
      const title = page.locator("#frame svg text", { hasText: /^epoch \d+ · MSE/ });
      assert.equal(await title.textContent(), "epoch 0 · MSE 146388");
      await page.locator("#epoch").fill("40");
      await page.waitForSelector('body[data-frame="40"]');
      assert.equal(await title.textContent(), "epoch 4000 · MSE 1372");
      assert.equal(await page.locator("#frame-label").textContent(), "epoch 4000 (snapshot 41 of 41)");
      await page.click("#play");
      await page.waitForSelector('body[data-frame="1"]');
      assert.equal(await page.locator("#play").textContent(), "Pause");
      await page.click("#play");
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, [`file://${dir}/training.html`]);
    } finally {
      await browser.close();
    }
  },
});
