/**
 * ms per GIF frame of the default training animation (H = 7, 300 points,
 * 4000 SGD updates, 41 snapshots), as `lib/render/training.ts` makes it:
 * rasterise the frame's changing layer with resvg-wasm, composite it over the
 * static layer (rasterised once per GIF, its time spread over the frames)
 * with `rasterizeFrames`, and encode (gifenc); for scale, the SVG render of a
 * frame (one reused vega View). Interleaved rounds, the median of each.
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
import { booleanFlag, integerFlag, parseFlags, runMain, stringFlag } from "../lib/cli/flags.ts";
import {
  type FrameLayers,
  frameLayerSvg,
  frameSchedule,
  splitFrames,
  staticLayerSvg,
} from "../lib/render/animated_svg.ts";
import { encodeGif } from "../lib/render/gif.ts";
import { compositeOver, initRaster, rasterize } from "../lib/render/raster.ts";
import { renderTrainingFrames } from "../lib/render/training.ts";
import { rasterizeFrames } from "../lib/render/training_gif.ts";
import type { TrainingRun } from "../lib/model/run.ts";
import { trainNetwork } from "../lib/train/train_network.ts";
import { contextLines, fmtNum, formatMarkdown, median, runContext, taskCommand, writeResults } from "./results_file.ts";

/** The per-frame delays of the GIF, as `trainingGif` sets them. */
function delays(count: number): number[] {
  const { starts, ends } = frameSchedule(count);
  return starts.map((s, k) => Math.round((ends[k] - s) * 1000));
}

/** The default training run and its animation's layers. */
export async function defaultAnimation(): Promise<{ run: TrainingRun; layers: FrameLayers }> {
  const run = await trainNetwork({ backend: "cpu", engine: "fused" });
  return { run, layers: splitFrames(await renderTrainingFrames(run)) };
}

/** One rasteriser's timings. */
export interface RasterTiming {
  /** ms per GIF frame: rasterise + composite, the static layer's raster spread over the frames. */
  msPerFrame: number;
  /** ms to make it ready, once per process (wasm: compile + fonts; addon: load + fonts). */
  loadMs: number;
}

/** What {@link measureGif} found. */
export interface GifMeasurement {
  frames: number;
  width: number;
  height: number;
  rounds: number;
  /** ms per frame of the SVG render (one reused vega View). */
  svgMsPerFrame: number;
  /** resvg-wasm: rasterise and composite. */
  wasm: RasterTiming;
  /** ms per frame of `encodeGif`. */
  encodeMsPerFrame: number;
  /** Size of the GIF, bytes. */
  gifBytes: number;
}

/**
 * Times the GIF frames of the default training animation in `rounds`
 * interleaved rounds (SVG render, rasterise and composite, encoding); medians.
 */
export async function measureGif(options: { rounds: number }): Promise<GifMeasurement> {
  const { run, layers } = await defaultAnimation();
  const n = layers.frames.length;
  let t0 = performance.now();
  await initRaster();
  const wasmLoad = performance.now() - t0;
  const frames = await rasterizeFrames(layers); // warm-up, and the frames to encode
  const gif = encodeGif(frames, { delayMs: delays(n) });
  const svg: number[] = [];
  const wasm: number[] = [];
  const encode: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    t0 = performance.now();
    await renderTrainingFrames(run);
    svg.push((performance.now() - t0) / n);
    t0 = performance.now();
    await rasterizeFrames(layers);
    wasm.push((performance.now() - t0) / n);
    t0 = performance.now();
    encodeGif(frames, { delayMs: delays(n) });
    encode.push((performance.now() - t0) / n);
  }
  return {
    frames: n,
    width: frames[0].width,
    height: frames[0].height,
    rounds: options.rounds,
    svgMsPerFrame: median(svg),
    wasm: { msPerFrame: median(wasm), loadMs: wasmLoad },
    encodeMsPerFrame: median(encode),
    gifBytes: gif.length,
  };
}

/** The markdown of a measurement (before `deno fmt`), without the run's header. */
export function gifTable(g: GifMeasurement, fmt: (v: number) => string = fmtNum): string[] {
  return [
    "| step of a GIF frame | loads in, ms (once per process) | ms per frame |",
    "| --- | --: | --: |",
    `| rasterise + composite, \`npm:@resvg/resvg-wasm@2.6.2\` (WebAssembly) | ${fmt(g.wasm.loadMs)} | ` +
    `${fmt(g.wasm.msPerFrame)} |`,
    `| GIF encoding (gifenc, one palette, unchanged pixels transparent) | | ${fmt(g.encodeMsPerFrame)} |`,
    `| for scale: the frame's SVG render (one reused vega View) | | ${fmt(g.svgMsPerFrame)} |`,
    "",
    `The default training animation: ${g.frames} frames of ${g.width}×${g.height} px, the static layer ` +
    "rasterised once per GIF and its time spread over the frames; medians of " +
    `${g.rounds} interleaved rounds, after one warm-up GIF. GIF: ${g.gifBytes} bytes.`,
  ];
}

if (import.meta.main) {
  await runMain(async () => {
    const v = parseFlags(Deno.args, {
      usage: "deno task bench:gif --",
      summary: "Times a GIF frame of the default training animation (rasterise and composite with resvg-wasm, " +
        "encode, and the SVG render for scale) and writes bench/results/gif.md.",
      flags: {
        rounds: integerFlag({ description: "interleaved rounds", default: 9, min: 1, max: 100 }),
        results: stringFlag({
          description: "the markdown file to write",
          default: new URL("./results/gif.md", import.meta.url).pathname,
          accepted: "a file path",
        }),
        "no-write": booleanFlag("print only, write no results file"),
      },
    });
    if (v === null) return;
    const ctx = await runContext(taskCommand("bench:gif"));
    const g = await measureGif({ rounds: v.rounds });
    const text = [
      "ms per GIF frame of the default training animation (`bench/gif_bench.ts`).",
      "",
      ...contextLines(ctx),
      "",
      ...gifTable(g),
    ].join("\n") + "\n";
    if (v["no-write"]) {
      console.log(await formatMarkdown(text));
    } else {
      console.log(await writeResults(v.results, text));
      console.error(`bench:gif: wrote ${v.results}`);
    }
  });
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
