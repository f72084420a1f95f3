/**
 * A GIF's bytes as blocks: joining the parts of a GIF encoded in pieces
 * ({@link joinGifParts}) and counting its frames ({@link countGifFrames}).
 *
 * @module
 */

/**
 * One GIF from its parts, in order: the first encoded from its first frame,
 * each later one by an encoder that went on {@link GifEncoder.after} the
 * last frame of the part before (see {@link createGifEncoder}), each
 * {@link GifEncoder.part}'s bytes. The GIF's trailer is added. The bytes are
 * those one encoder adding every frame gives, so a GIF's frames can be
 * encoded in several workers.
 *
 * @param parts the parts' bytes
 * @returns the GIF's bytes
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { createGifEncoder, gifPalette, joinGifParts } from "./gif.ts";
 * const solid = (r: number) => ({ width: 2, height: 1, data: new Uint8Array(8).map((_, i) => i % 4 ? 255 : r) });
 * const clear = { width: 2, height: 1, data: new Uint8Array(8) };
 * const frames = [0, 255, 0, 128].map(solid);
 * const palette = gifPalette(frames);
 * const whole = createGifEncoder(clear, palette);
 * for (const frame of frames) whole.addOver(frame, clear, 100);
 * const [first, second] = [0, 1].map(() => createGifEncoder(clear, palette));
 * for (const frame of frames.slice(0, 2)) first.addOver(frame, clear, 100);
 * second.after(frames[1], clear);
 * for (const frame of frames.slice(2)) second.addOver(frame, clear, 100);
 * deepStrictEqual(joinGifParts([first.part(), second.part()]), whole.finish());
 * ```
 */
export function joinGifParts(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0) + 1);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  out[at] = 0x3b; // the trailer
  return out;
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
