/**
 * Opaque RGBA frames into a looping animated GIF (gifenc), deterministically:
 * one global 255-colour palette quantized from a few frames, and from the
 * second frame on, pixels that did not change are written as the transparent
 * index over the previous frame, which keeps the file small.
 *
 * @module
 */
import gifenc from "npm:gifenc@1.0.3";
import type { RgbaImage } from "./raster.ts";

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
  quantize(rgba: Uint8Array, maxColors: number, options?: { format?: string }): Palette;
  applyPalette(rgba: Uint8Array, palette: Palette, format?: string): Uint8Array;
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

function fresh(data: Uint8Array): Uint8Array {
  // gifenc reads the pixels through `new Uint32Array(data.buffer)`: the view must own its whole buffer.
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

/**
 * Encodes opaque frames of equal size as a looping GIF89a. The same frames
 * always give the same bytes.
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
  frames.forEach((f, k) => {
    if (f.width !== width || f.height !== height || f.data.length !== width * height * 4) {
      throw new RangeError(
        `Cannot encode a GIF: frame ${k} is ${f.width}x${f.height}, frame 0 is ${width}x${height}`,
      );
    }
  });
  const { delayMs = 200, repeat = 0 } = options;
  const chosen = options.paletteFrames ?? [...new Set([0, frames.length >> 1, frames.length - 1])];
  const sample = new Uint8Array(chosen.length * width * height * 4);
  chosen.forEach((k, i) => {
    const frame = frames[k];
    if (frame === undefined) {
      throw new RangeError(`Cannot encode a GIF: paletteFrames names frame ${k}, there are ${frames.length}`);
    }
    sample.set(frame.data, i * width * height * 4);
  });
  const palette = api.quantize(sample, TRANSPARENT);
  while (palette.length < 256) palette.push([0, 0, 0]);
  const encoder = api.GIFEncoder();
  let previous: Uint8Array | undefined;
  frames.forEach((frame, k) => {
    const index = api.applyPalette(fresh(frame.data), palette.slice(0, TRANSPARENT));
    const delay = typeof delayMs === "number" ? delayMs : delayMs[k] ?? 200;
    if (previous === undefined) {
      encoder.writeFrame(index, width, height, { palette, delay, repeat, dispose: 1 });
    } else {
      const delta = new Uint8Array(index);
      for (let i = 0; i < delta.length; i++) if (delta[i] === previous[i]) delta[i] = TRANSPARENT;
      encoder.writeFrame(delta, width, height, {
        delay,
        transparent: true,
        transparentIndex: TRANSPARENT,
        dispose: 1,
      });
    }
    previous = index;
  });
  encoder.finish();
  return encoder.bytes();
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
