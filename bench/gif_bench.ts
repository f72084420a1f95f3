/**
 * ms per GIF frame of the default training animation (H = 7, 300 points,
 * 4000 SGD updates, 41 snapshots), before and after the switch of
 * rasteriser: `npm:@resvg/resvg-js@2.6.2` (a native addon, the old one: it
 * needs `--allow-ffi` and `--allow-sys`) against `npm:@resvg/resvg-wasm@2.6.2`
 * (WebAssembly, what `lib/render/raster.ts` uses now), side by side on the
 * same frames in one process: interleaved rounds, the median of each.
 *
 * A GIF frame is what `rasterizeFrames` in `lib/render/training.ts` does per
 * frame: rasterise the frame's changing layer, composite it over the static
 * layer (rasterised once per GIF, its time spread over the frames). Also
 * timed: the SVG render of a frame (one reused vega View) and the GIF
 * encoding per frame (gifenc); and checked: whether both rasterisers give the
 * same pixels and the same GIF bytes.
 *
 * - `deno task bench:gif`: this file as a script. It prints the table and
 *   writes it, with the machine, the date and the command, to
 *   `bench/results/gif.md` (`--results` to change, `--no-write` to print
 *   only). The task grants no `--allow-ffi`, so the old addon's row says "not
 *   measured"; the committed comparison was made with it, as
 *   `deno run --no-lock --allow-ffi=<npm cache>/@resvg
 *   --allow-sys=cpus,networkInterfaces,hostname,loadavg ... bench/gif_bench.ts`
 *   (`--no-lock`: the old package is not in deno.lock). No task grants ffi.
 * - `deno bench bench/gif_bench.ts` (or `deno task bench`): the same as
 *   `Deno.bench` cases; the old addon's case is ignored without `--allow-ffi`.
 *
 * @module
 */
import { booleanFlag, integerFlag, parseFlags, runMain, stringFlag } from "../lib/cli/flags.ts";
import { fontFiles } from "../lib/assets.ts";
import { firstLine } from "../lib/errors.ts";
import {
  type FrameLayers,
  frameLayerSvg,
  frameSchedule,
  splitFrames,
  staticLayerSvg,
} from "../lib/render/animated_svg.ts";
import { encodeGif } from "../lib/render/gif.ts";
import { compositeOver, initRaster, rasterize, type RasterizeOptions, type RgbaImage } from "../lib/render/raster.ts";
import { rasterizeFrames, renderTrainingFrames } from "../lib/render/training.ts";
import type { TrainingRun } from "../lib/model/run.ts";
import { trainNetwork } from "../lib/train/train_network.ts";
import { contextLines, fmtNum, formatMarkdown, median, runContext, taskCommand, writeResults } from "./results_file.ts";

/** The old rasteriser's package, measured for comparison only (not in deno.json's imports nor deno.lock). */
export const OLD_ADDON = "npm:@resvg/resvg-js@2.6.2";

/** An SVG rasteriser with `lib/render/raster.ts`'s `rasterize` signature. */
export type Rasterize = (svg: string, options?: RasterizeOptions) => RgbaImage;

/** The part of the old addon's `Resvg` class that the old `lib/render/raster.ts` used. */
interface OldResvg {
  new (svg: string, options: unknown): { render(): { width: number; height: number; pixels: Uint8Array } };
}

/**
 * Loads the old native addon and returns its rasteriser, configured as the
 * old `lib/render/raster.ts` did (the DejaVu font files, no system fonts), and
 * how long the load took; or why it cannot load.
 */
export async function loadOldRasterizer(): Promise<{ rasterize: Rasterize; loadMs: number } | string> {
  // <npm cache>/dejavu-fonts-ttf/2.37.3/ttf/DejaVuSans.ttf -> <npm cache>/@resvg, where the addon lives
  const addonFolder = fontFiles()[0].split("/").slice(0, -4).join("/") + "/@resvg";
  if (Deno.permissions.querySync({ name: "ffi", path: addonFolder }).state !== "granted") {
    return `not measured: the old addon needs --allow-ffi=${addonFolder} (deno task bench:gif grants it)`;
  }
  const t0 = performance.now();
  let Resvg: OldResvg;
  try {
    // A computed specifier: `deno check` and the lockfile leave the old package alone.
    const specifier = [OLD_ADDON][0];
    ({ Resvg } = await import(specifier) as { Resvg: OldResvg });
  } catch (e) {
    return `not measured: ${OLD_ADDON} did not load: ${firstLine(e)}`;
  }
  const fonts = fontFiles();
  const rasterize: Rasterize = (svg, options = {}) => {
    const rendered = new Resvg(svg, {
      font: {
        loadSystemFonts: false,
        fontFiles: fonts,
        defaultFontFamily: "DejaVu Sans",
        sansSerifFamily: "DejaVu Sans",
      },
      fitTo: options.scale === undefined || options.scale === 1
        ? { mode: "original" }
        : { mode: "zoom", value: options.scale },
      ...(options.background === undefined ? {} : { background: options.background }),
    }).render();
    return { width: rendered.width, height: rendered.height, data: new Uint8Array(rendered.pixels) };
  };
  rasterize('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'); // the addon's first use, in the load time
  return { rasterize, loadMs: performance.now() - t0 };
}

/** The GIF frames of `layers` with `raster`, as `rasterizeFrames` makes them. */
export function rasterizeFramesWith(raster: Rasterize, layers: FrameLayers): RgbaImage[] {
  const base = raster(staticLayerSvg(layers), { background: "white" });
  return layers.frames.map((_, k) => compositeOver(base, raster(frameLayerSvg(layers, k))));
}

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
  /** resvg-wasm (now). */
  wasm: RasterTiming;
  /** The old addon, or why it was not measured. */
  native: RasterTiming | string;
  /** ms per frame of `encodeGif`. */
  encodeMsPerFrame: number;
  /** Frames whose pixels differ between the two rasterisers (when both ran). */
  differingFrames?: number;
  /** Whether the two GIFs are the same bytes (when both ran). */
  sameGif?: boolean;
  /** Size of the GIF, bytes. */
  gifBytes: number;
}

/**
 * Times the GIF frames of the default training animation in `rounds`
 * interleaved rounds (SVG render, resvg-wasm, the old addon when `native` and
 * it loads, encoding); medians.
 */
export async function measureGif(options: { rounds: number; native: boolean }): Promise<GifMeasurement> {
  const { run, layers } = await defaultAnimation();
  const n = layers.frames.length;
  let t0 = performance.now();
  await initRaster();
  const wasmLoad = performance.now() - t0;
  const old = options.native ? await loadOldRasterizer() : "not measured";
  const wasmFrames = await rasterizeFrames(layers); // warm-up, and the frames to compare and encode
  const gif = encodeGif(wasmFrames, { delayMs: delays(n) });
  let differingFrames: number | undefined;
  let sameGif: boolean | undefined;
  if (typeof old !== "string") {
    const oldFrames = rasterizeFramesWith(old.rasterize, layers); // warm-up too
    differingFrames = oldFrames.filter((f, k) => !sameBytes(f.data, wasmFrames[k].data)).length;
    sameGif = sameBytes(encodeGif(oldFrames, { delayMs: delays(n) }), gif);
  }
  const svg: number[] = [];
  const wasm: number[] = [];
  const native: number[] = [];
  const encode: number[] = [];
  for (let r = 0; r < options.rounds; r++) {
    t0 = performance.now();
    await renderTrainingFrames(run);
    svg.push((performance.now() - t0) / n);
    t0 = performance.now();
    await rasterizeFrames(layers);
    wasm.push((performance.now() - t0) / n);
    if (typeof old !== "string") {
      t0 = performance.now();
      rasterizeFramesWith(old.rasterize, layers);
      native.push((performance.now() - t0) / n);
    }
    t0 = performance.now();
    encodeGif(wasmFrames, { delayMs: delays(n) });
    encode.push((performance.now() - t0) / n);
  }
  return {
    frames: n,
    width: wasmFrames[0].width,
    height: wasmFrames[0].height,
    rounds: options.rounds,
    svgMsPerFrame: median(svg),
    wasm: { msPerFrame: median(wasm), loadMs: wasmLoad },
    native: typeof old === "string" ? old : { msPerFrame: median(native), loadMs: old.loadMs },
    encodeMsPerFrame: median(encode),
    differingFrames,
    sameGif,
    gifBytes: gif.length,
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The markdown of a measurement (before `deno fmt`), without the run's header. */
export function gifTable(g: GifMeasurement, fmt: (v: number) => string = fmtNum): string[] {
  const before = typeof g.native === "string" ? undefined : g.native;
  const ratio = (v: number) => (before ? `${fmt(v / before.msPerFrame)}×` : "");
  const lines = [
    "| step of a GIF frame | loads in, ms (once per process) | ms per frame | against before |",
    "| --- | --: | --: | --: |",
    before
      ? `| before: rasterise + composite, \`${OLD_ADDON}\` (native addon; \`--allow-ffi\`, \`--allow-sys\`) | ` +
        `${fmt(before.loadMs)} | ${fmt(before.msPerFrame)} | 1× |`
      : `| before: rasterise + composite, \`${OLD_ADDON}\` (native addon) | | ${g.native} | |`,
    `| after: rasterise + composite, \`npm:@resvg/resvg-wasm@2.6.2\` (WebAssembly, no extra permission) | ` +
    `${fmt(g.wasm.loadMs)} | ${fmt(g.wasm.msPerFrame)} | ${ratio(g.wasm.msPerFrame)} |`,
    `| GIF encoding (gifenc, one palette, unchanged pixels transparent) | | ${fmt(g.encodeMsPerFrame)} | |`,
    `| for scale: the frame's SVG render (one reused vega View) | | ${fmt(g.svgMsPerFrame)} | |`,
    "",
    `The default training animation: ${g.frames} frames of ${g.width}×${g.height} px, the static layer ` +
    "rasterised once per GIF and its time spread over the frames; medians of " +
    `${g.rounds} interleaved rounds, after one warm-up GIF each. GIF: ${g.gifBytes} bytes.`,
  ];
  if (before) {
    lines.push(
      "",
      `Same pixels before and after: ${
        g.differingFrames === 0 ? "yes, every frame" : `no, ${g.differingFrames} of ${g.frames} frames differ`
      }; same GIF bytes: ${g.sameGif ? "yes" : "no"}.`,
    );
  }
  return lines;
}

if (import.meta.main) {
  await runMain(async () => {
    const v = parseFlags(Deno.args, {
      usage: "deno task bench:gif --",
      summary: "Times a GIF frame of the default training animation with resvg-wasm (now) and the old " +
        "resvg-js native addon (before), side by side, and writes bench/results/gif.md.",
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
    const g = await measureGif({ rounds: v.rounds, native: true });
    const text = [
      "GIF frames before and after the switch from resvg's native addon to its WebAssembly build, measured side " +
      "by side in one process (`bench/gif_bench.ts`).",
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
  // `deno bench` (this file the main module, but not run as a script): the same frames as Deno.bench cases.
  const { layers } = await defaultAnimation();
  await initRaster();
  const base = rasterize(staticLayerSvg(layers), { background: "white" });
  const old = await loadOldRasterizer();
  const oldBase = typeof old === "string" ? undefined : old.rasterize(staticLayerSvg(layers), { background: "white" });
  let next = 0;
  let nextOld = 0;
  Deno.bench({
    name: "GIF frame, resvg-wasm (now): rasterise the changing layer, composite",
    group: "gif frame",
    baseline: true,
    n: 41,
    fn() {
      compositeOver(base, rasterize(frameLayerSvg(layers, next)));
      next = (next + 1) % layers.frames.length;
    },
  });
  Deno.bench({
    name: `GIF frame, ${OLD_ADDON} (before, native addon; --allow-ffi)`,
    group: "gif frame",
    n: 41,
    ignore: typeof old === "string",
    fn() {
      if (typeof old === "string" || !oldBase) return;
      compositeOver(oldBase, old.rasterize(frameLayerSvg(layers, nextOld)));
      nextOld = (nextOld + 1) % layers.frames.length;
    },
  });
}
