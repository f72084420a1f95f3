/**
 * Opaque RGBA frames into a looping animated GIF (the bytes gifenc writes), deterministically:
 * one global 255-colour palette quantized from a few frames, and from the
 * second frame on, pixels that did not change are written as the transparent
 * index over the previous frame, which keeps the file small. Frames are
 * encoded one at a time ({@link createGifEncoder}), so a caller that makes
 * them one at a time needs memory for one frame, not for all.
 *
 * @module
 */
import type { RgbaImage } from "./raster.ts";
import { quantizeOver, quantizeRgb565 } from "./gif_quantize.ts";
import { createGifStream, TRANSPARENT_INDEX as TRANSPARENT } from "./gif_frames.ts";

/** Options of {@link encodeGif}. */
export interface GifOptions {
  /** Milliseconds each frame shows (rounded to 10 ms); one number for all or one per frame (default 200). */
  delayMs?: number | readonly number[];
  /** Times to play: 0 loops forever (default 0). */
  repeat?: number;
  /** Frames whose colours make the palette (default: first, middle and last). */
  paletteFrames?: readonly number[];
}

/**
 * The GIF's 256-colour palette: 255 colours quantized from `frames` (as
 * gifenc quantizes them: see `gif_quantize.ts`), padded with black, index 255 being the transparent index of the
 * delta frames.
 *
 * @param frames opaque frames of equal size whose colours make the palette; a RangeError when there are none
 * @param base when given, `frames` are layers (premultiplied) and the frames are each drawn over it, as
 *   `compositeOver` draws them, without making them (see `quantizeOver`)
 * @returns 256 `[r, g, b]` entries
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { gifPalette } from "./gif.ts";
 * const red = { width: 1, height: 1, data: new Uint8Array([255, 0, 0, 255]) };
 * const palette = gifPalette([red]);
 * strictEqual(palette.length, 256);
 * deepStrictEqual(palette[0], [255, 0, 0]);
 * const clear = { width: 1, height: 1, data: new Uint8Array(4) }; // a layer that covers nothing
 * deepStrictEqual(gifPalette([clear], red), palette);
 * ```
 */
export function gifPalette(frames: readonly RgbaImage[], base?: RgbaImage): number[][] {
  if (frames.length === 0) throw new RangeError("Cannot make a GIF palette: got no frames");
  let palette: number[][];
  if (base !== undefined) palette = quantizeOver(base, frames, TRANSPARENT);
  else {
    const size = frames[0].data.length;
    const sample = new Uint8Array(frames.length * size);
    frames.forEach((frame, i) => sample.set(frame.data.subarray(0, size), i * size));
    palette = quantizeRgb565(sample, TRANSPARENT);
  }
  while (palette.length < 256) palette.push([0, 0, 0]);
  return palette;
}

/** A GIF being encoded one frame at a time: see {@link createGifEncoder}. */
export interface GifEncoder {
  /**
   * Encodes one more frame; the encoder keeps only its palette indices (one
   * byte per pixel), not the frame.
   * @param frame an opaque frame of the encoder's size, else a RangeError
   * @param delayMs how long it shows, in milliseconds (rounded to 10 ms)
   */
  add(frame: RgbaImage, delayMs: number): void;
  /**
   * Encodes one more frame made of `top` drawn over `base`: the same bytes
   * as `add(compositeOver(base, top), delayMs)` (see `raster.ts`), without
   * making the composite; a pixel that `top` leaves transparent costs a
   * table look-up.
   * @param base an opaque image of the encoder's size, else a RangeError
   * @param top an image of the same size, premultiplied alpha (as `rasterize` returns it)
   * @param delayMs how long it shows, in milliseconds (rounded to 10 ms)
   */
  addOver(base: RgbaImage, top: RgbaImage, delayMs: number): void;
  /** The number of frames added so far. */
  readonly frames: number;
  /**
   * Ends the GIF.
   * @returns its bytes; a RangeError when no frame was added
   */
  finish(): Uint8Array;
}

/**
 * Starts a looping GIF89a of `width` × `height` frames on `palette`, encoded
 * one frame at a time so that memory does not grow with the number of frames
 * (beyond the GIF's own bytes): the first frame whole, each later one as its
 * changed pixels over the previous frame (unchanged ones are the transparent
 * index 255). Pixels map to the palette as gifenc's `applyPalette` maps them.
 * The same frames always give the same bytes.
 *
 * @param size the frames' width and height in pixels
 * @param palette what {@link gifPalette} returned
 * @param options the repeat count: 0 loops forever (default 0)
 * @returns the encoder
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { countGifFrames, createGifEncoder, gifPalette } from "./gif.ts";
 * import { compositeOver } from "./raster.ts";
 * const solid = (r: number) => ({ width: 2, height: 2, data: new Uint8Array(16).map((_, i) => i % 4 ? 255 : r) });
 * const gif = createGifEncoder({ width: 2, height: 2 }, gifPalette([solid(0), solid(255)]));
 * for (const r of [0, 255, 0]) gif.add(solid(r), 100);
 * strictEqual(countGifFrames(gif.finish()), 3);
 * // A layer over a base encodes as its composite does:
 * const top = { width: 2, height: 2, data: new Uint8Array([128, 0, 0, 128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255]) };
 * const [a, b] = [0, 1].map(() => createGifEncoder({ width: 2, height: 2 }, gifPalette([solid(0), solid(255)])));
 * a.add(compositeOver(solid(255), top), 100);
 * b.addOver(solid(255), top, 100);
 * deepStrictEqual(a.finish(), b.finish());
 * ```
 */
export function createGifEncoder(
  size: { width: number; height: number },
  palette: readonly number[][],
  options: { repeat?: number } = {},
): GifEncoder {
  const { width, height } = size;
  const { repeat = 0 } = options;
  const stream = createGifStream(width, height, palette, repeat);
  const pixels = width * height;
  let count = 0;
  const check = (image: RgbaImage, what: string) => {
    if (image.width !== width || image.height !== height || image.data.length !== pixels * 4) {
      throw new RangeError(
        `Cannot encode a GIF: ${what} of frame ${count} is ${image.width}x${image.height}, the GIF is ${width}x${height}`,
      );
    }
  };
  return {
    add(frame: RgbaImage, delay: number): void {
      check(frame, "the image");
      stream.frame(frame.data, undefined, delay);
      count++;
    },
    addOver(base: RgbaImage, top: RgbaImage, delay: number): void {
      check(base, "the base");
      check(top, "the top layer");
      stream.frame(top.data, base.data, delay);
      count++;
    },
    get frames() {
      return count;
    },
    finish(): Uint8Array {
      if (count === 0) throw new RangeError("Cannot encode a GIF: got no frames");
      return stream.finish();
    },
  };
}

/**
 * Encodes opaque frames of equal size as a looping GIF89a (with
 * {@link gifPalette} and {@link createGifEncoder}). The same frames always
 * give the same bytes.
 *
 * @param frames the frames; a RangeError when there are none or their sizes differ
 * @param options the delays, the repeat count and the frames that make the palette
 * @returns the GIF's bytes
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { countGifFrames, encodeGif } from "./gif.ts";
 * const solid = (r: number) => ({ width: 2, height: 2, data: new Uint8Array(16).map((_, i) => i % 4 ? 255 : r) });
 * const gif = encodeGif([solid(0), solid(255)], { delayMs: 100 });
 * strictEqual(new TextDecoder().decode(gif.subarray(0, 6)), "GIF89a");
 * strictEqual(countGifFrames(gif), 2);
 * deepStrictEqual(encodeGif([solid(0), solid(255)], { delayMs: 100 }), gif);
 * ```
 */
export function encodeGif(frames: readonly RgbaImage[], options: GifOptions = {}): Uint8Array {
  if (frames.length === 0) throw new RangeError("Cannot encode a GIF: got no frames");
  const { width, height } = frames[0];
  const { delayMs = 200, repeat = 0 } = options;
  const chosen = options.paletteFrames ?? [...new Set([0, frames.length >> 1, frames.length - 1])];
  const sample = chosen.map((k) => {
    const frame = frames[k];
    if (frame === undefined) {
      throw new RangeError(`Cannot encode a GIF: paletteFrames names frame ${k}, there are ${frames.length}`);
    }
    return frame;
  });
  const encoder = createGifEncoder({ width, height }, gifPalette(sample), { repeat });
  frames.forEach((frame, k) => encoder.add(frame, typeof delayMs === "number" ? delayMs : delayMs[k] ?? 200));
  return encoder.finish();
}

/**
 * Counts the image descriptors of a GIF (its frames), walking its blocks.
 *
 * @param gif the GIF's bytes; an Error when they are not a well-formed GIF
 * @returns the number of frames
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { countGifFrames, encodeGif } from "./gif.ts";
 * const black = { width: 1, height: 1, data: new Uint8Array([0, 0, 0, 255]) };
 * strictEqual(countGifFrames(encodeGif([black, black, black])), 3);
 * throws(() => countGifFrames(new Uint8Array(16)), /Not a GIF/);
 * ```
 */
export function countGifFrames(gif: Uint8Array): number {
  const ascii = String.fromCharCode(...gif.subarray(0, 6));
  if (ascii !== "GIF89a" && ascii !== "GIF87a") throw new Error(`Not a GIF: starts with "${ascii}"`);
  let p = 13;
  const flags = gif[10];
  if (flags & 0x80) p += 3 * (1 << ((flags & 7) + 1));
  const skipSubBlocks = () => {
    while (gif[p] !== 0) p += gif[p] + 1;
    p += 1;
  };
  let frames = 0;
  while (p < gif.length) {
    const block = gif[p];
    if (block === 0x3b) return frames;
    if (block === 0x21) {
      p += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames++;
      const local = gif[p + 9];
      p += 10;
      if (local & 0x80) p += 3 * (1 << ((local & 7) + 1));
      p += 1; // LZW minimum code size
      skipSubBlocks();
    } else {
      throw new Error(`Not a well-formed GIF: unknown block 0x${block.toString(16)} at byte ${p}`);
    }
  }
  throw new Error("Not a well-formed GIF: no trailer");
}
