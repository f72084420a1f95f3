/**
 * The GIF encoder quantizes its palette (`lib/render/gif_quantize.ts`) and
 * maps pixels to it with its own table (`lib/render/gif.ts`), in place of
 * gifenc's `quantize` and `applyPalette`, and encodes a layer drawn over a
 * base without making the composite (`addOver`). All must give what gifenc
 * gives: checked here against gifenc's `quantize`, and against an encoder
 * written with gifenc's own `applyPalette` and `compositeOver`, on random frames
 * whose colours crowd few rgb565 keys (so that the first pixel of a key
 * decides, as in gifenc) and ties between palette colours. The mapping and
 * the LZW compression run in WebAssembly (`lib/render/wasm/gif.wat`): frames
 * large and noisy enough to fill LZW's code table check its clearing and its
 * sub-blocks (tests/build_wasm_test.ts checks the committed module against a rebuild).
 */
import { deepStrictEqual } from "node:assert/strict";
import gifenc from "npm:gifenc@1.0.3";
import { createGifEncoder, gifPalette } from "../lib/render/gif.ts";
import { quantizeRgb565 } from "../lib/render/gif_quantize.ts";
import { compositeOver, type RgbaImage } from "../lib/render/raster.ts";

// deno-lint-ignore no-explicit-any
const api = gifenc as any;

/** gifenc's way, as lib/render/gif.ts encoded before it had its own table: applyPalette per frame, then the delta. */
function referenceGif(frames: readonly RgbaImage[], palette: number[][], delay: number): Uint8Array {
  const { width, height } = frames[0];
  const encoder = api.GIFEncoder();
  let previous: Uint8Array | undefined;
  for (const frame of frames) {
    const index: Uint8Array = api.applyPalette(frame.data.slice(), palette.slice(0, 255));
    if (previous === undefined) encoder.writeFrame(index, width, height, { palette, delay, repeat: 0, dispose: 1 });
    else {
      const delta = index.map((v, i) => (v === previous![i] ? 255 : v));
      encoder.writeFrame(delta, width, height, { delay, transparent: true, transparentIndex: 255, dispose: 1 });
    }
    previous = index;
  }
  encoder.finish();
  return encoder.bytes();
}

/** Asserts two GIFs' bytes equal, naming the first byte that differs (a diff of large arrays would not fit in memory). */
function sameBytes(actual: Uint8Array, expected: Uint8Array, what: string): void {
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  if (at === actual.length && at === expected.length) return;
  throw new Error(
    `${what}: ${actual.length} bytes against gifenc's ${expected.length}, first difference at byte ${at}`,
  );
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const W = 41, H = 23;

/** An opaque frame of colours near a few centres: many share an rgb565 key with a different colour. */
function opaqueFrame(next: () => number, width = W, height = H): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  const centres = [[250, 250, 250], [30, 120, 200], [200, 60, 40], [128, 128, 128]];
  for (let i = 0; i < width * height; i++) {
    const c = centres[Math.floor(next() * centres.length)];
    for (let ch = 0; ch < 3; ch++) data[i * 4 + ch] = Math.max(0, Math.min(255, c[ch] + Math.floor(next() * 13) - 6));
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** A layer, premultiplied: mostly transparent, some opaque and some half-covered pixels. */
function layer(next: () => number): RgbaImage {
  const data = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) {
    const roll = next();
    if (roll < 0.7) continue;
    const a = roll < 0.85 ? 255 : 1 + Math.floor(next() * 254);
    for (let ch = 0; ch < 3; ch++) data[i * 4 + ch] = Math.floor(next() * (a + 1));
    data[i * 4 + 3] = a;
  }
  return { width: W, height: H, data };
}

Deno.test("add() gives gifenc's bytes: its applyPalette, first pixel of a key deciding, ties to the later colour", () => {
  const next = random(7);
  const frames = Array.from({ length: 5 }, () => opaqueFrame(next));
  const palette = gifPalette([frames[0], frames[4]]);
  // Ties: a palette with a colour twice, and two colours equally far from the frames' grey.
  palette[200] = [...palette[3]];
  palette[201] = [126, 128, 128];
  palette[202] = [130, 128, 128];
  const ours = createGifEncoder({ width: W, height: H }, palette);
  for (const frame of frames) ours.add(frame, 100);
  deepStrictEqual(ours.finish(), referenceGif(frames, palette, 100));
});

Deno.test("addOver() gives the bytes of add() on the composite, as gifenc encodes it", () => {
  const next = random(11);
  const base = opaqueFrame(next);
  const layers = Array.from({ length: 6 }, () => layer(next));
  const composites = layers.map((top) => compositeOver(base, top));
  const palette = gifPalette([composites[0], composites[5]]);
  const ours = createGifEncoder({ width: W, height: H }, palette);
  for (const top of layers) ours.addOver(base, top, 50);
  deepStrictEqual(ours.finish(), referenceGif(composites, palette, 50));
});

Deno.test("quantizeRgb565 gives gifenc's palette: bins merged in its order, with and without the square-root weights", () => {
  const next = random(3);
  // 3000 pixels of random colours fill about 3000 bins: merged down to 255 colours or to 16; 400 pixels to 2.
  for (const [pixels, colours] of [[3000, 255], [3000, 16], [400, 2]]) {
    const rgba = new Uint8Array(pixels * 4);
    for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : Math.floor(next() * 256);
    deepStrictEqual(quantizeRgb565(rgba, colours), api.quantize(rgba.slice(), colours), `${pixels} px, ${colours}`);
  }
});

Deno.test("gifPalette(layers, base) gives gifenc's palette of the composites, without making them", () => {
  const next = random(5);
  const base = opaqueFrame(next);
  const layers = Array.from({ length: 3 }, () => layer(next));
  const composites = layers.map((top) => compositeOver(base, top));
  const sample = new Uint8Array(composites.length * W * H * 4);
  composites.forEach((c, i) => sample.set(c.data, i * W * H * 4));
  const expected: number[][] = api.quantize(sample, 255);
  while (expected.length < 256) expected.push([0, 0, 0]);
  deepStrictEqual(gifPalette(layers, base), expected);
  deepStrictEqual(gifPalette(composites), expected);
});

Deno.test("large noisy frames, whose LZW code table fills and is cleared many times, give gifenc's bytes", () => {
  const next = random(13);
  const [width, height] = [211, 97]; // 20 467 pixels: the table of 4096 codes fills about every 3000 pixels
  const frames = Array.from({ length: 3 }, () => opaqueFrame(next, width, height));
  // Frames of random colours make a palette of 255 distinct colours: every pixel is its own LZW string.
  for (const frame of frames.slice(1)) {
    for (let i = 0; i < frame.data.length; i++) {
      if (i % 4 !== 3 && next() < 0.5) frame.data[i] = Math.floor(next() * 256);
    }
  }
  const palette = gifPalette(frames);
  const ours = createGifEncoder({ width, height }, palette);
  for (const frame of frames) ours.add(frame, 30);
  sameBytes(ours.finish(), referenceGif(frames, palette, 30), "noisy frames");
  // One pixel, the smallest frame, and a frame of one colour, the longest runs.
  const one = { width: 1, height: 1, data: new Uint8Array([9, 8, 7, 255]) };
  const single = createGifEncoder(one, gifPalette([one]));
  single.add(one, 10);
  single.add(one, 10);
  sameBytes(single.finish(), referenceGif([one, one], gifPalette([one]), 10), "one pixel");
  const flat = { width, height, data: new Uint8Array(width * height * 4).fill(200) };
  const still = createGifEncoder(flat, gifPalette([flat]));
  still.add(flat, 10);
  still.add(flat, 10);
  sameBytes(still.finish(), referenceGif([flat, flat], gifPalette([flat]), 10), "one colour");
});

/** An opaque frame of runs of a few exact colours, of lengths from 1 to `longest` (some far longer than a row). */
function runFrame(next: () => number, width: number, height: number, longest: number): RgbaImage {
  const colours = [[255, 255, 255], [30, 120, 200], [200, 60, 40], [128, 128, 128], [0, 0, 0]];
  const words = new Uint32Array(width * height);
  for (let i = 0; i < words.length;) {
    const [r, g, b] = colours[Math.floor(next() * colours.length)];
    const length = 1 + Math.floor(next() ** 4 * longest);
    words.fill((255 << 24 | b << 16 | g << 8 | r) >>> 0, i, i + length);
    i += length;
  }
  return { width, height, data: new Uint8Array(words.buffer) };
}

Deno.test("runs of one index, broken at every offset and across table clears, give gifenc's bytes", () => {
  const next = random(17);
  // 240 000 pixels in runs of 1 to 5000: the code table fills and is cleared several times, also within a run.
  const [width, height] = [600, 400];
  const frames = [runFrame(next, width, height, 5000), runFrame(next, width, height, 5000)];
  // A third frame: the second with sparse changes, so that most of it encodes as runs of the transparent index.
  const sparse = { width, height, data: frames[1].data.slice() };
  for (let i = 0; i < width * height; i++) if (next() < 0.002) sparse.data.set([200, 60, 40, 255], i * 4);
  frames.push(sparse);
  const palette = gifPalette(frames);
  const ours = createGifEncoder({ width, height }, palette);
  for (const frame of frames) ours.add(frame, 20);
  sameBytes(ours.finish(), referenceGif(frames, palette, 20), "runs");
});

Deno.test("layers mostly transparent over a base of runs (the mapping's 16-pixel blocks) give gifenc's bytes", () => {
  const next = random(19);
  const [width, height] = [257, 61]; // rows not a multiple of 16 pixels
  const base = runFrame(next, width, height, 300);
  // Layers whose drawn pixels (opaque, half-covered, or the base's own colour) fall at every offset of a block.
  const layers = Array.from({ length: 5 }, (_, k) => {
    const data = new Uint8Array(width * height * 4);
    for (let i = k; i < width * height; i += 1 + Math.floor(next() * 90)) {
      const a = next() < 0.5 ? 255 : 1 + Math.floor(next() * 254);
      for (let ch = 0; ch < 3; ch++) data[i * 4 + ch] = Math.floor(next() * (a + 1));
      data[i * 4 + 3] = a;
    }
    return { width, height, data };
  });
  const composites = layers.map((top) => compositeOver(base, top));
  const palette = gifPalette(composites);
  const ours = createGifEncoder({ width, height }, palette);
  for (const top of layers) ours.addOver(base, top, 40);
  sameBytes(ours.finish(), referenceGif(composites, palette, 40), "layers over runs");
});
