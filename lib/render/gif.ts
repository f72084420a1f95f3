/**
 * Opaque RGBA frames into a looping animated GIF (gifenc), deterministically:
 * one global 255-colour palette quantized from a few frames, and from the
 * second frame on, pixels that did not change are written as the transparent
 * index over the previous frame, which keeps the file small. Frames are
 * encoded one at a time ({@link createGifEncoder}), so a caller that makes
 * them one at a time needs memory for one frame, not for all.
 *
 * @module
 */
import gifenc from "npm:gifenc@1.0.3";
import type { RgbaImage } from "./raster.ts";
import { quantizeOver, quantizeRgb565 } from "./gif_quantize.ts";

type Palette = number[][];

interface GifEncoderApi {
  GIFEncoder(): {
    writeFrame(
      index: Uint8Array,
      width: number,
      height: number,
      options: {
        palette?: Palette;
        delay?: number;
        repeat?: number;
        transparent?: boolean;
        transparentIndex?: number;
        dispose?: number;
      },
    ): void;
    finish(): void;
    bytes(): Uint8Array;
  };
}

const api = gifenc as unknown as GifEncoderApi;

/** Options of {@link encodeGif}. */
export interface GifOptions {
  /** Milliseconds each frame shows (rounded to 10 ms); one number for all or one per frame (default 200). */
  delayMs?: number | readonly number[];
  /** Times to play: 0 loops forever (default 0). */
  repeat?: number;
  /** Frames whose colours make the palette (default: first, middle and last). */
  paletteFrames?: readonly number[];
}

const TRANSPARENT = 255;

/** The pixels of `image` as one little-endian word each (`a << 24 | b << 16 | g << 8 | r`), copied only when unaligned. */
function words(image: RgbaImage): Uint32Array {
  const { data } = image;
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
}

/** The pixels of `image` as one signed little-endian word each (`w | 0` of {@link words}' words). */
function signedWords(image: RgbaImage): Int32Array {
  const w = words(image);
  return new Int32Array(w.buffer, w.byteOffset, w.length);
}

/**
 * gifenc's `applyPalette` (format rgb565), exactly, without its per-frame
 * costs: a pixel's key is its colour's top 5 bits of red, green and blue;
 * within one frame, the first pixel of a key maps to its nearest palette
 * colour (squared distance, a later colour winning a tie) and every later
 * pixel of that key takes the same index. The cache is a generation-stamped
 * table instead of a fresh sparse array per frame.
 */
class PaletteMapper {
  readonly #r: Int32Array;
  readonly #g: Int32Array;
  readonly #b: Int32Array;
  /** Per key, the frame that last mapped it: its {@link cache} entry is that frame's. */
  readonly stamp: Int32Array = new Int32Array(65536);
  /** Per key, the index the frame in {@link stamp} gave it. */
  readonly cache: Uint8Array = new Uint8Array(65536);
  #frame = 0;

  constructor(palette: readonly number[][]) {
    this.#r = Int32Array.from(palette, (c) => c[0]);
    this.#g = Int32Array.from(palette, (c) => c[1]);
    this.#b = Int32Array.from(palette, (c) => c[2]);
  }

  /** Starts a frame (gifenc's cache lives for one frame) and returns its stamp. */
  nextFrame(): number {
    return ++this.#frame;
  }

  /**
   * The nearest palette colour of `color` (a pixel word) whose key the
   * current frame has not seen yet, cached for the rest of the frame. The
   * encoder's loops look a key up in {@link stamp} and {@link cache} first,
   * inline: a call per pixel costs more than the pixel's work before the JIT
   * has warmed up.
   */
  nearest(color: number, key: number): number {
    const r = color & 255;
    const g = (color >> 8) & 255;
    const b = (color >> 16) & 255;
    const pr = this.#r, pg = this.#g, pb = this.#b;
    let k = 0;
    let best = 1e100;
    for (let i = 0; i < pr.length; i++) {
      let d = (pr[i] - r) * (pr[i] - r);
      if (d > best) continue;
      d += (pg[i] - g) * (pg[i] - g);
      if (d > best) continue;
      d += (pb[i] - b) * (pb[i] - b);
      if (d > best) continue;
      best = d;
      k = i;
    }
    this.stamp[key] = this.#frame;
    this.cache[key] = k;
    return k;
  }
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
  const full = palette.map((c) => [...c]);
  const mapper = new PaletteMapper(full.slice(0, TRANSPARENT));
  const encoder = api.GIFEncoder();
  const pixels = width * height;
  let index = new Uint8Array(pixels);
  let previous = new Uint8Array(pixels);
  const delta = new Uint8Array(pixels);
  let count = 0;
  const check = (image: RgbaImage, what: string) => {
    if (image.width !== width || image.height !== height || image.data.length !== pixels * 4) {
      throw new RangeError(
        `Cannot encode a GIF: ${what} of frame ${count} is ${image.width}x${image.height}, the GIF is ${width}x${height}`,
      );
    }
  };
  // Writes the frame whose indices are in `index` (and, from the second frame on, its delta in `delta`).
  const write = (delay: number) => {
    if (count === 0) {
      encoder.writeFrame(index, width, height, { palette: full, delay, repeat, dispose: 1 });
    } else {
      encoder.writeFrame(delta, width, height, { delay, transparent: true, transparentIndex: TRANSPARENT, dispose: 1 });
    }
    [previous, index] = [index, previous];
    count++;
  };
  const { stamp, cache } = mapper;
  return {
    add(frame: RgbaImage, delay: number): void {
      check(frame, "the image");
      const px = signedWords(frame);
      const f = mapper.nextFrame();
      let last = 0, lastIdx = -1; // as in addOver
      for (let i = 0; i < pixels; i++) {
        const c = px[i];
        if (c !== last || lastIdx < 0) {
          const key = ((c << 8) & 0xf800) | ((c >> 6) & 0x3e0) | ((c >> 19) & 0x1f);
          lastIdx = stamp[key] === f ? cache[key] : mapper.nearest(c, key);
          last = c;
        }
        index[i] = lastIdx;
        delta[i] = lastIdx === previous[i] ? TRANSPARENT : lastIdx;
      }
      write(delay);
    },
    addOver(base: RgbaImage, top: RgbaImage, delay: number): void {
      check(base, "the base");
      check(top, "the top layer");
      const under = signedWords(base);
      const over = signedWords(top);
      const t = top.data, u = base.data;
      const f = mapper.nextFrame();
      // A pixel of the colour of the pixel before it takes its index (a frame's cache maps a key to one index): most
      // pixels cost a comparison, which matters before the JIT has warmed up.
      let last = 0, lastIdx = -1;
      for (let i = 0; i < pixels; i++) {
        const w = over[i];
        const a = w >>> 24;
        let c = a === 0 ? under[i] : w;
        if (a !== 0 && a !== 255) {
          // As compositeOver: each channel t + base × (255 − a) / 255, rounded; opaque.
          const k = (255 - a) / 255, p = i * 4;
          c = (255 << 24) | (Math.round(t[p + 2] + u[p + 2] * k) << 16) |
            (Math.round(t[p + 1] + u[p + 1] * k) << 8) | Math.round(t[p] + u[p] * k);
        }
        if (c !== last || lastIdx < 0) {
          const key = ((c << 8) & 0xf800) | ((c >> 6) & 0x3e0) | ((c >> 19) & 0x1f);
          lastIdx = stamp[key] === f ? cache[key] : mapper.nearest(c, key);
          last = c;
        }
        index[i] = lastIdx;
        delta[i] = lastIdx === previous[i] ? TRANSPARENT : lastIdx;
      }
      write(delay);
    },
    get frames() {
      return count;
    },
    finish(): Uint8Array {
      if (count === 0) throw new RangeError("Cannot encode a GIF: got no frames");
      encoder.finish();
      return encoder.bytes();
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
