/**
 * A GIF's bytes, frame by frame: the per-pixel work (a frame's pixels mapped
 * to the palette, and the LZW compression of what it encodes) runs in
 * WebAssembly (`wasm/gif.wat`), and the blocks around it (header, screen
 * descriptor, colour table, loop extension, each frame's control extension
 * and image descriptor) are written here, as gifenc 1.0.3's `GIFEncoder`
 * writes them. The bytes are gifenc's, with the palette mapping of its
 * `applyPalette`: `tests/gif_palette_test.ts` checks them against gifenc
 * itself. `gif.ts` drives it.
 *
 * The module is compiled once, synchronously, from the base64 bytes in
 * `wasm/generated/gif_wasm_bytes.ts` (no file access, no await); each
 * {@link GifStream} has an instance of its own.
 *
 * @module
 */
import { GIF_WASM_BASE64 } from "./wasm/generated/gif_wasm_bytes.ts";

interface GifWasm {
  memory: WebAssembly.Memory;
  HEAP: WebAssembly.Global;
  setColors(n: number): void;
  map(pBase: number, pTop: number, pPrev: number, pOut: number, n: number, over: number, first: number): void;
  lzw(pPix: number, n: number, pOut: number): number;
}

/**
 * The transparent index of the frames after the first (a pixel whose index did not change); the mapping looks
 * at the palette's colours before it. `wasm/gif.wat` writes it as the constant 255.
 */
export const TRANSPARENT_INDEX = 255;
/** Where the module keeps the palette's red, green and blue (i32 each); see `gif.wat`. */
const PALETTE_AT = [0, 1024, 2048] as const;

let compiled: WebAssembly.Module | undefined;

/** The module, compiled on first use. */
function gifModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Uint8Array.fromBase64(GIF_WASM_BASE64));
  return compiled;
}

/** gifenc's colorTableSize: the bits of a colour table that holds `length` colours. */
function colorTableBits(length: number): number {
  return Math.max(Math.ceil(Math.log2(length)), 1);
}

/** A GIF being written one frame at a time: see {@link createGifStream}. */
export interface GifStream {
  /**
   * Maps and encodes one frame: the `width × height` pixel words of `top`
   * (RGBA, little-endian), drawn over those of `base` when given (`top`
   * premultiplied, as `compositeOver` draws it), else taken as they are.
   * The first frame is written whole (with the palette and the loop
   * extension), each later one as the pixels whose index changed, the
   * others being the transparent index 255.
   * @param delayMs how long it shows, in milliseconds (rounded to 10 ms)
   */
  frame(top: Uint8Array, base: Uint8Array | undefined, delayMs: number): void;
  /** Ends the GIF and returns its bytes. */
  finish(): Uint8Array;
}

/**
 * Starts a looping GIF89a of `width × height` frames on `palette` (its first
 * 255 colours are mapped to; all of it is the global colour table).
 *
 * @param width the frames' width in pixels
 * @param height their height
 * @param palette `[r, g, b]` colours, at most 256
 * @param repeat 0 loops forever, a count otherwise, below 0 no loop extension
 * @returns the stream
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createGifStream } from "./gif_frames.ts";
 * const gif = createGifStream(2, 1, [[0, 0, 0], [255, 255, 255]], 0);
 * gif.frame(new Uint8Array([0, 0, 0, 255, 250, 250, 250, 255]), undefined, 100);
 * const bytes = gif.finish();
 * strictEqual(new TextDecoder().decode(bytes.subarray(0, 6)), "GIF89a");
 * strictEqual(bytes[bytes.length - 1], 0x3b); // the trailer
 * ```
 */
export function createGifStream(
  width: number,
  height: number,
  palette: readonly (readonly number[])[],
  repeat: number,
): GifStream {
  const pixels = width * height;
  const wasm = new WebAssembly.Instance(gifModule(), {}).exports as unknown as GifWasm;
  const heap = wasm.HEAP.value as number;
  const at = { base: heap, top: heap + 4 * pixels, prev: heap + 8 * pixels, pix: heap + 9 * pixels };
  const out = at.pix + pixels;
  const end = out + 2 * pixels + 1024; // LZW writes at most 12 bits a pixel, plus its framing
  const grow = end - wasm.memory.buffer.byteLength;
  if (grow > 0) wasm.memory.grow(Math.ceil(grow / 65536));
  const colors = Math.min(TRANSPARENT_INDEX, palette.length);
  const channels = new Int32Array(wasm.memory.buffer, 0, 768);
  for (let i = 0; i < colors; i++) {
    for (let ch = 0; ch < 3; ch++) channels[PALETTE_AT[ch] / 4 + i] = palette[i][ch];
  }
  wasm.setColors(colors);

  const chunks: Uint8Array[] = [];
  const u16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
  const tableBits = colorTableBits(palette.length);
  const colorTable = () => {
    const table = new Uint8Array(3 << tableBits);
    palette.forEach((c, i) => table.set(c.slice(0, 3), 3 * i));
    return table;
  };
  let count = 0;
  return {
    frame(top: Uint8Array, base: Uint8Array | undefined, delayMs: number): void {
      const memory = new Uint8Array(wasm.memory.buffer);
      memory.set(top.subarray(0, 4 * pixels), at.top);
      if (base) memory.set(base.subarray(0, 4 * pixels), at.base);
      const first = count === 0;
      wasm.map(at.base, at.top, at.prev, at.pix, pixels, base ? 1 : 0, first ? 1 : 0);
      if (first) {
        chunks.push(new TextEncoder().encode("GIF89a"));
        chunks.push(Uint8Array.from([...u16(width), ...u16(height), 0x80 | (7 << 4) | (tableBits - 1), 0, 0]));
        chunks.push(colorTable());
        if (repeat >= 0) {
          chunks.push(
            Uint8Array.from([0x21, 0xff, 11, ...new TextEncoder().encode("NETSCAPE2.0"), 3, 1, ...u16(repeat), 0]),
          );
        }
      }
      // The graphic control extension (disposal 1; transparency from the second frame on) and the image descriptor.
      const delay = Math.round(delayMs / 10);
      chunks.push(
        Uint8Array.from([0x21, 0xf9, 4, (1 << 2) | (first ? 0 : 1), ...u16(delay), first ? 0 : TRANSPARENT_INDEX, 0]),
      );
      chunks.push(Uint8Array.from([0x2c, 0, 0, 0, 0, ...u16(width), ...u16(height), 0]));
      const n = wasm.lzw(at.pix, pixels, out);
      chunks.push(new Uint8Array(wasm.memory.buffer, out, n).slice());
      count++;
    },
    finish(): Uint8Array {
      chunks.push(Uint8Array.of(0x3b));
      const bytes = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
      let p = 0;
      for (const c of chunks) {
        bytes.set(c, p);
        p += c.length;
      }
      return bytes;
    },
  };
}
