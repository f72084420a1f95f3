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
import { createGifEncoder, gifPalette, joinGifParts } from "./gif.ts";
import type { RgbaImage } from "./raster.ts";

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

/** What every part of a GIF of split frames is encoded with: the static layer's image and the palette. */
export interface GifGround {
  /** The static layer, rasterised on white. */
  base: RgbaImage;
  /** The GIF's palette (see `gifPalette`). */
  palette: number[][];
}

/**
 * The static layer's image and the palette of split frames' GIF (quantized
 * from the first, middle and last frames), and the frames' layers
 * rasterised on the way, by frame.
 *
 * @param layers what `splitFrames` returned
 * @param onStep receives how long each step took
 * @returns the ground and the layers made for the palette
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { splitFrames } from "./animated_svg.ts";
 * import { trainingGifGround } from "./training_gif.ts";
 * const frame = (x: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><g class="mark-rect">` +
 *   `<rect x="${x}" width="1" height="2" fill="black"/></g></svg>`;
 * const { ground, layers } = await trainingGifGround(splitFrames([frame(0), frame(1), frame(2)]));
 * strictEqual(ground.palette.length, 256);
 * deepStrictEqual([...layers.keys()], [0, 1, 2]);
 * ```
 */
export async function trainingGifGround(
  layers: FrameLayers,
  onStep?: (label: string, ms: number) => void,
): Promise<{ ground: GifGround; layers: Map<number, RgbaImage> }> {
  let t = performance.now();
  const lap = (label: string) => {
    const now = performance.now();
    onStep?.(label, now - t);
    t = now;
  };
  const raster = await readyRaster();
  lap("gif: load resvg and the fonts");
  const base = raster.rasterize(staticLayerSvg(layers), { background: "white" });
  lap("gif: rasterise the static layer");
  const n = layers.frames.length;
  const chosen = [...new Set([0, n >> 1, n - 1])];
  const tops = new Map(chosen.map((k) => [k, raster.rasterize(frameLayerSvg(layers, k))]));
  lap("gif: rasterise the palette's layers");
  const palette = gifPalette(chosen.map((k) => tops.get(k)!), base);
  lap("gif: quantize the palette");
  return { ground: { base, palette }, layers: tops };
}

/**
 * Rasterises the changing layers of split frames `indices`, by frame.
 *
 * @param layers what `splitFrames` returned
 * @param indices the frames
 * @returns their layers (premultiplied alpha, transparent where nothing changes)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { splitFrames } from "./animated_svg.ts";
 * import { rasterizeLayers } from "./training_gif.ts";
 * const frame = (x: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><g class="mark-rect">` +
 *   `<rect x="${x}" width="1" height="2" fill="black"/></g></svg>`;
 * const tops = await rasterizeLayers(splitFrames([frame(0), frame(3)]), [1]);
 * deepStrictEqual([...tops.get(1)!.data.subarray(12, 16)], [0, 0, 0, 255]);
 * ```
 */
export async function rasterizeLayers(
  layers: FrameLayers,
  indices: readonly number[],
): Promise<Map<number, RgbaImage>> {
  const raster = await readyRaster();
  return new Map(indices.map((k) => [k, raster.rasterize(frameLayerSvg(layers, k))]));
}

/**
 * Part of the GIF of split frames: frames `from` to `to` (excluded),
 * encoded over the ground, timed like the animated SVG; the first part
 * (`from` 0) starts the GIF, a later one goes on after frame `from - 1`.
 * The parts, in order, joined by `joinGifParts`, are {@link trainingGif}'s bytes.
 *
 * @param layers what `splitFrames` returned
 * @param ground what {@link trainingGifGround} returned
 * @param range the frames `[from, to)`; a RangeError unless 0 <= from < to <= the number of frames
 * @param options the timing, layers already rasterised (by frame; the rest are rasterised here), where steps go
 * @returns the part's bytes
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { splitFrames } from "./animated_svg.ts";
 * import { joinGifParts } from "./gif.ts";
 * import { trainingGif, trainingGifGround, trainingGifPart } from "./training_gif.ts";
 * const frame = (x: number) => `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><g class="mark-rect">` +
 *   `<rect x="${x}" width="1" height="2" fill="black"/></g></svg>`;
 * const layers = splitFrames([0, 1, 2, 3].map(frame));
 * const { ground } = await trainingGifGround(layers);
 * const parts = [[0, 1], [1, 4]].map(([from, to]) => trainingGifPart(layers, ground, [from, to]));
 * deepStrictEqual(joinGifParts(await Promise.all(parts)), await trainingGif(layers));
 * ```
 */
export async function trainingGifPart(
  layers: FrameLayers,
  ground: GifGround,
  range: readonly [number, number],
  options: {
    timing?: AnimationTiming;
    tops?: ReadonlyMap<number, RgbaImage>;
    onStep?: (label: string, ms: number) => void;
  } = {},
): Promise<Uint8Array> {
  const n = layers.frames.length;
  const [from, to] = range;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from < to && to <= n)) {
    throw new RangeError(`Cannot encode frames [${from}, ${to}) of a GIF of ${n} frames`);
  }
  const { starts, ends } = frameSchedule(n, options.timing);
  const raster = await readyRaster();
  const { base, palette } = ground;
  let drawing = 0;
  const t = performance.now();
  const top = (k: number) => {
    const t0 = performance.now();
    const image = options.tops?.get(k) ?? raster.rasterize(frameLayerSvg(layers, k));
    drawing += performance.now() - t0;
    return image;
  };
  const gif = createGifEncoder(base, palette);
  if (from > 0) gif.after(base, top(from - 1));
  for (let k = from; k < to; k++) gif.addOver(base, top(k), Math.round((ends[k] - starts[k]) * 1000));
  const bytes = gif.part();
  options.onStep?.("gif: rasterise the frames' layers", drawing);
  options.onStep?.("gif: composite and encode the frames", performance.now() - t - drawing);
  return bytes;
}

/**
 * The GIF of split frames, timed like the animated SVG. Frames are
 * rasterised and encoded one at a time, so memory does not grow with their
 * number; the palette comes from the first, middle and last frames (see
 * {@link trainingGifGround} and {@link trainingGifPart}, which make it in parts).
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
  const { ground, layers: tops } = await trainingGifGround(layers, onStep);
  const part = await trainingGifPart(layers, ground, [0, layers.frames.length], { timing, tops, onStep });
  return joinGifParts([part]);
}
