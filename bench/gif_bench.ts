/**
 * The GIF of the default training animation (H = 7, 300 points, 4000 SGD
 * updates, 41 snapshots), timed as the commands make it (`trainingGif`:
 * the static layer rasterised once with resvg-wasm, the palette, each frame's
 * changing layer rasterised, composited and encoded): the first GIF in the
 * process, which pays the cold costs a fresh `deno task train` pays, and
 * warm rounds, step by step; for scale, the SVG render of a frame as
 * `renderTrainingFrames` makes it (one reused vega View; a frame laid out
 * as an earlier one is written from that one's markup). Interleaved rounds,
 * the median of each.
 *
 * The before/after table in `bench/results/gif.md` (the old native addon
 * `npm:@resvg/resvg-js@2.6.2` against resvg-wasm, same frames, one process)
 * was measured by this file as of commit 08ab696, which still holds the old
 * addon's loader (it needs `--allow-ffi`, `--allow-sys` and `--no-lock`); the
 * library no longer has that rasteriser, and this bench no longer keeps a
 * copy of it.
 *
 * - `deno task bench:gif`: this file as a script. It prints the table and
 *   writes it, with the machine, the date and the command, to
 *   `bench/results/gif.md` (`--results` to change, `--no-write` to print
 *   only).
 * - `deno bench bench/gif_bench.ts` (or `deno task bench`): a frame as a
 *   `Deno.bench` case.
 *
 * @module
 */
import { type FrameLayers, frameLayerSvg, splitFrames, staticLayerSvg } from "../lib/render/animated_svg.ts";
import { compositeOver, initRaster, rasterize } from "../lib/render/raster.ts";
import { renderTrainingFrames } from "../lib/render/training.ts";
import { trainingGif } from "../lib/render/training_gif.ts";
import type { TrainingRun } from "../lib/model/run.ts";
import { trainNetwork } from "../lib/train/train_network.ts";
import { benchMain, contextLines, fmtNum, median, publishResults, resultsFlags } from "./results_file.ts";

/** The default training run and its animation's layers. */
export async function defaultAnimation(): Promise<{ run: TrainingRun; layers: FrameLayers }> {
  const run = await trainNetwork({ backend: "cpu", engine: "fused" });
  return { run, layers: splitFrames(await renderTrainingFrames(run)) };
}

/** What {@link measureGif} found. */
export interface GifMeasurement {
  frames: number;
  width: number;
  height: number;
  rounds: number;
  /** ms per frame of the SVG render, as `renderTrainingFrames` makes it. */
  svgMsPerFrame: number;
  /** ms to load resvg's WebAssembly and the fonts, once per process. */
  loadMs: number;
  /** The first GIF in the process, as a command makes it (cold JIT and WebAssembly): its steps, ms. */
  cold: [string, number][];
  /** The same steps, warm: medians of the rounds, ms. */
  warm: [string, number][];
  /** Size of the GIF, bytes. */
  gifBytes: number;
}

/** The total of some steps. */
export const total = (steps: readonly [string, number][]): number => steps.reduce((sum, [, ms]) => sum + ms, 0);

/**
 * Times the GIF of the default training animation as `deno task train` and
 * `deno task figures` make it (`trainingGif`: the static layer, the palette,
 * each frame's layer rasterised, composited and encoded): first the first
 * GIF in this process, which pays what a command pays (JIT warm-up, resvg's
 * first renders), then `rounds` interleaved rounds of the SVG frames and the
 * GIF, warm; medians.
 */
export async function measureGif(options: { rounds: number }): Promise<GifMeasurement> {
  const { run, layers } = await defaultAnimation();
  const n = layers.frames.length;
  let t0 = performance.now();
  await initRaster();
  const loadMs = performance.now() - t0;
  const cold: [string, number][] = [];
  const gif = await trainingGif(layers, {}, (label, ms) => cold.push([label, ms]));
  const svg: number[] = [];
  const warm: [string, number][][] = [];
  for (let r = 0; r < options.rounds; r++) {
    t0 = performance.now();
    await renderTrainingFrames(run);
    svg.push((performance.now() - t0) / n);
    const steps: [string, number][] = [];
    await trainingGif(layers, {}, (label, ms) => steps.push([label, ms]));
    warm.push(steps);
  }
  return {
    frames: n,
    width: gif[6] | (gif[7] << 8),
    height: gif[8] | (gif[9] << 8),
    rounds: options.rounds,
    svgMsPerFrame: median(svg),
    loadMs,
    cold,
    warm: cold.map(([label], i) => [label, median(warm.map((steps) => steps[i][1]))]),
    gifBytes: gif.length,
  };
}

/** The markdown of a measurement (before `deno fmt`), without the run's header. */
export function gifTable(g: GifMeasurement, fmt: (v: number) => string = fmtNum): string[] {
  return [
    "| step of the GIF (`trainingGif`, as the commands make it) | first GIF in the process, ms | warm, ms | " +
    "warm, ms per frame |",
    "| --- | --: | --: | --: |",
    `| load resvg's WebAssembly and the fonts (\`initRaster\`, once per process) | ${fmt(g.loadMs)} | | |`,
    ...g.cold.map(([label, ms], i) =>
      `| ${label.replace(/^gif: /, "")} | ${fmt(ms)} | ${fmt(g.warm[i][1])} | ${fmt(g.warm[i][1] / g.frames)} |`
    ),
    `| the GIF | ${fmt(total(g.cold))} | ${fmt(total(g.warm))} | ${fmt(total(g.warm) / g.frames)} |`,
    `| for scale: the frames' SVG render (\`renderTrainingFrames\`) | | | ${fmt(g.svgMsPerFrame)} |`,
    "",
    `The default training animation: ${g.frames} frames of ${g.width}×${g.height} px. The first GIF pays what ` +
    "`deno task train` and `deno task figures` pay in a fresh process (the JIT and resvg's WebAssembly warming up); " +
    `warm: medians of ${g.rounds} interleaved rounds. GIF: ${g.gifBytes} bytes.`,
  ];
}

if (import.meta.main) {
  await benchMain(
    "bench:gif",
    "Times the GIF of the default training animation as the commands make it, the first in the " +
      "process and warm, step by step (and the SVG render for scale), and writes bench/results/gif.md.",
    { ...resultsFlags("gif.md", 9) },
    async (v, ctx) => {
      const g = await measureGif({ rounds: v.rounds });
      const text = [
        "ms per GIF frame of the default training animation (`bench/gif_bench.ts`).",
        "",
        ...contextLines(ctx),
        "",
        ...gifTable(g),
      ].join("\n") + "\n";
      await publishResults("bench:gif", text, v);
    },
  );
} else if (Deno.mainModule === import.meta.url) {
  // `deno bench` (this file the main module, but not run as a script): a frame as a Deno.bench case.
  const { layers } = await defaultAnimation();
  await initRaster();
  const base = rasterize(staticLayerSvg(layers), { background: "white" });
  let next = 0;
  Deno.bench({
    name: "GIF frame, resvg-wasm: rasterise the changing layer, composite",
    group: "gif frame",
    baseline: true,
    n: 41,
    fn() {
      compositeOver(base, rasterize(frameLayerSvg(layers, next)));
      next = (next + 1) % layers.frames.length;
    },
  });
}
