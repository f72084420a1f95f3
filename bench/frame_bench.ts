/**
 * Speed of the training frames (target: at most 12 ms per three-panel frame
 * to SVG, averaged over the 41 frames of the synthetic run) and of one GIF
 * frame (rasterise the changing layer, composite it over the static one).
 *
 * Run with: deno bench --allow-read --allow-env --allow-ffi --allow-sys bench/frame_bench.ts
 */
import { frameLayerSvg, splitFrames, staticLayerSvg } from "../lib/render/animated_svg.ts";
import { trainingDomains, trainingFrame, trainingFrameData } from "../lib/plot/training.ts";
import { compositeOver, rasterize } from "../lib/render/raster.ts";
import { createFrameRenderer, renderSvg } from "../lib/render/svg.ts";
import { renderTrainingFrames } from "../lib/render/training.ts";
import { syntheticRun } from "../tests/support/synthetic_run.ts";

const run = syntheticRun();
const domains = trainingDomains(run);
const data = run.snapshots.map((_, i) => trainingFrameData(run, i));
const renderer = createFrameRenderer(trainingFrame(run, { domains }));
const layers = splitFrames(await renderTrainingFrames(run));
const base = rasterize(staticLayerSvg(layers), { background: "white" });
let next = 0;
let nextGif = 0;

Deno.bench({
  name: "training frame to SVG, reused view (one frame, cycling through 41)",
  group: "frame",
  baseline: true,
  warmup: 41,
  async fn() {
    const { datasets, signals } = data[next];
    next = (next + 1) % data.length;
    await renderer.render(datasets, signals);
  },
});

Deno.bench({
  name: "training frame to SVG, new spec and view per frame",
  group: "frame",
  n: 20,
  async fn() {
    await renderSvg(trainingFrame(run, { index: next, domains }));
    next = (next + 1) % data.length;
  },
});

Deno.bench({
  name: "GIF frame: rasterise the changing layer and composite it",
  group: "gif",
  n: 41,
  fn() {
    compositeOver(base, rasterize(frameLayerSvg(layers, nextGif)));
    nextGif = (nextGif + 1) % layers.frames.length;
  },
});

Deno.bench({
  name: "GIF frame: rasterise the whole frame",
  group: "gif",
  n: 41,
  fn() {
    rasterize(`${layers.svgOpen}${layers.staticContent}${layers.frames[nextGif]}</svg>`, { background: "white" });
    nextGif = (nextGif + 1) % layers.frames.length;
  },
});
