/**
 * The training animation as a GIF: its split frames rasterised (the static
 * layer once, then each frame's changing layer) and encoded one at a time.
 *
 * @module
 */
import {
  type AnimationTiming,
  type FrameLayers,
  frameLayerSvg,
  frameSchedule,
  staticLayerSvg,
} from "./animated_svg.ts";
import { createGifEncoder, gifPalette } from "./gif.ts";
import type { RgbaImage } from "./raster.ts";

/** The GIF's file name among the training outputs. */
export const TRAINING_GIF_NAME = "training.gif";

/**
 * Rasterises frame `k` of split frames (into `into`, when given): its
 * changing markup composited over the static layer, which is rasterised once
 * when the function is made. resvg must be ready (`initRaster`).
 */
function frameRasterizer(
  raster: typeof import("./raster.ts"),
  layers: FrameLayers,
): (k: number, into?: Uint8Array) => RgbaImage {
  const base = raster.rasterize(staticLayerSvg(layers), { background: "white" });
  return (k, into) => raster.compositeOver(base, raster.rasterize(frameLayerSvg(layers, k)), into);
}

/** resvg, loaded on first use (json, svg and html outputs need no rasteriser) and ready. */
async function readyRaster(): Promise<typeof import("./raster.ts")> {
  const raster = await import("./raster.ts");
  await raster.initRaster();
  return raster;
}

/**
 * Rasterises split frames: the static layer once, then per frame only the
 * changing markup, composited over it. Every image is kept: a GIF is made
 * with {@link trainingGif}, which keeps one at a time.
 *
 * @param layers what `splitFrames` returned
 * @returns one opaque image per frame
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { splitFrames } from "./animated_svg.ts";
 * import { rasterizeFrames } from "./training_gif.ts";
 * const frame = (x: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><g class="mark-rect">` +
 *   `<rect x="${x}" width="1" height="2" fill="black"/></g></svg>`;
 * const images = await rasterizeFrames(splitFrames([frame(0), frame(3)]));
 * deepStrictEqual(images.map((img) => [...img.data.subarray(0, 4)]), [[0, 0, 0, 255], [255, 255, 255, 255]]);
 * ```
 */
export async function rasterizeFrames(layers: FrameLayers): Promise<RgbaImage[]> {
  const draw = frameRasterizer(await readyRaster(), layers);
  return layers.frames.map((_, k) => draw(k));
}

/**
 * The GIF of split frames, timed like the animated SVG. Frames are
 * rasterised and encoded one at a time, so memory does not grow with their
 * number; the palette comes from the first, middle and last frames.
 *
 * @param layers what `splitFrames` returned
 * @param timing seconds per frame (default 0.2) and for the last frame (default 2)
 * @param onStep receives how long each step took (loading, the static layer, the palette, rasterising, encoding)
 * @returns the GIF's bytes
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { splitFrames } from "./animated_svg.ts";
 * import { countGifFrames } from "./gif.ts";
 * import { trainingGif } from "./training_gif.ts";
 * const frame = (x: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><g class="mark-rect">` +
 *   `<rect x="${x}" width="1" height="2" fill="black"/></g></svg>`;
 * strictEqual(countGifFrames(await trainingGif(splitFrames([frame(0), frame(1), frame(2)]))), 3);
 * ```
 */
export async function trainingGif(
  layers: FrameLayers,
  timing: AnimationTiming = {},
  onStep?: (label: string, ms: number) => void,
): Promise<Uint8Array> {
  const n = layers.frames.length;
  const { starts, ends } = frameSchedule(n, timing);
  let t = performance.now();
  const lap = (label: string) => {
    const now = performance.now();
    onStep?.(label, now - t);
    t = now;
  };
  const raster = await readyRaster();
  lap("gif: load resvg and the fonts");
  const base = raster.rasterize(staticLayerSvg(layers), { background: "white" });
  const top = (k: number) => raster.rasterize(frameLayerSvg(layers, k));
  lap("gif: rasterise the static layer");
  // The palette comes from the first, middle and last frames; every frame is encoded as its layer over the static one.
  const chosen = [...new Set([0, n >> 1, n - 1])];
  const tops = new Map(chosen.map((k) => [k, top(k)]));
  let drawing = performance.now() - t;
  t = performance.now();
  const gif = createGifEncoder(base, gifPalette(chosen.map((k) => tops.get(k)!), base));
  lap("gif: quantize the palette");
  let drawingLoop = 0;
  for (let k = 0; k < n; k++) {
    const t0 = performance.now();
    const layer = tops.get(k) ?? top(k);
    drawingLoop += performance.now() - t0;
    tops.delete(k);
    gif.addOver(base, layer, Math.round((ends[k] - starts[k]) * 1000));
  }
  const bytes = gif.finish();
  const loop = performance.now() - t;
  drawing += drawingLoop;
  onStep?.("gif: rasterise the frames' layers", drawing);
  onStep?.("gif: composite and encode the frames", loop - drawingLoop);
  return bytes;
}
