/**
 * SVG to pixels with resvg's WebAssembly build and only the DejaVu Sans files
 * of the `dejavu-fonts-ttf` npm package, so the same SVG gives the same pixels
 * on every machine. Call {@link initRaster} once first; it reads Deno's npm cache.
 *
 * @module
 */
import { initWasm, Resvg } from "npm:@resvg/resvg-wasm@2.6.2";
import { fontFiles, resvgWasmFile } from "../assets.ts";

let fonts: Uint8Array[] | undefined;
let ready: Promise<void> | undefined;

/**
 * Loads resvg's WebAssembly module and the font files, once per process (or
 * worker). Every later call returns the same promise.
 *
 * @returns when rasterising is ready
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { initRaster } from "./raster.ts";
 * const ready = initRaster();
 * strictEqual(initRaster(), ready);
 * await ready;
 * ```
 */
export function initRaster(): Promise<void> {
  ready ??= (async () => {
    await initWasm(await Deno.readFile(resvgWasmFile()));
    fonts = await Promise.all(fontFiles().map((f) => Deno.readFile(f)));
  })();
  return ready;
}

/** A tiny drawing with what vega's charts are made of: a background, a frame, a grid line, a curve, a symbol, labels. */
const WARM_UP_SVG =
  `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><g fill="none" transform="translate(1,1)">` +
  `<rect width="30" height="10" fill="white"/><path d="M0.5,0.5h20v10h-20Z" stroke="#ccc"/>` +
  `<line x2="10" y2="10" stroke="#e6e6e6"/><path d="M0,5L5,2L10,8C12,3,15,3,20,5" stroke="#4c78a8" stroke-width="2"/>` +
  `<path transform="translate(5,5)" d="M2,0A2,2,0,1,1,-2,0A2,2,0,1,1,2,0" fill="#f58518" fill-opacity="0.7"/>` +
  `<text x="2" y="9" font-family="DejaVu Sans" font-size="12px" font-weight="bold" fill="#000">e 0.5</text>` +
  `<text x="20" y="9" font-family="DejaVu Sans" font-size="10px" text-anchor="middle" fill="#000">1</text></g></svg>`;

/**
 * Rasterises a tiny drawing made of what vega's charts are made of (paths,
 * lines, a symbol, regular and bold text), so that the first real drawing
 * does not pay for compiling resvg's code for them (WebAssembly functions
 * are compiled when first called): about half the cost of a training
 * frame's first rasterisation. Too small to make resvg's functions hot,
 * it leaves the optimising compiler alone. `deno task train`'s GIF worker
 * calls it while it waits for the frames. resvg must be ready
 * ({@link initRaster}).
 *
 * @returns the drawing, 40 × 20
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { initRaster, warmUpRaster } from "./raster.ts";
 * await initRaster();
 * const img = warmUpRaster();
 * deepStrictEqual([img.width, img.height, [...img.data.subarray(0, 4)]], [40, 20, [0, 0, 0, 0]]);
 * ```
 */
export function warmUpRaster(): RgbaImage {
  return rasterize(WARM_UP_SVG);
}

/** An image as RGBA bytes, row by row (premultiplied alpha where not opaque). */
export interface RgbaImage {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** `width * height * 4` bytes. */
  data: Uint8Array;
}

/** Options of {@link rasterize}. */
export interface RasterizeOptions {
  /** Scale factor (default 1: one SVG unit per pixel). */
  scale?: number;
  /** Background colour; omitted = transparent where the SVG draws nothing. */
  background?: string;
}

function newResvg(svg: string, options: RasterizeOptions): InstanceType<typeof Resvg> {
  if (!fonts) throw new Error("Cannot rasterise: call and await initRaster() first");
  return new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontBuffers: fonts,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
    fitTo: options.scale === undefined || options.scale === 1
      ? { mode: "original" }
      : { mode: "zoom", value: options.scale },
    ...(options.background === undefined ? {} : { background: options.background }),
  });
}

/**
 * Rasterises an SVG to RGBA pixels (premultiplied alpha: resvg's own layout).
 *
 * @param svg the SVG document
 * @param options the scale and background
 * @returns the pixels
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { initRaster, rasterize } from "./raster.ts";
 * await initRaster();
 * const img = rasterize('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"/>');
 * deepStrictEqual([img.width, img.height, img.data.length], [2, 1, 8]);
 * ```
 */
export function rasterize(
  svg: string,
  options: RasterizeOptions = {},
): RgbaImage {
  return render(svg, options, (rendered) => {
    const pixels = rendered.pixels;
    return { width: rendered.width, height: rendered.height, data: owned(pixels) };
  });
}

/** `bytes` itself when it is a view of its whole buffer (what resvg returns), else a copy that is. */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/**
 * Renders `svg` and hands the rendered image to `read`, then frees both of
 * resvg's objects: they live in resvg's WebAssembly heap (4 GiB at most),
 * which JavaScript's garbage collector does not see filling, so an image left
 * to it (2 MB for a 1000 × 540 frame) made the 2000th frame of an animation
 * fail with "RuntimeError: unreachable".
 */
function render<T>(
  svg: string,
  options: RasterizeOptions,
  read: (rendered: ReturnType<InstanceType<typeof Resvg>["render"]>) => T,
): T {
  const resvg = newResvg(svg, options);
  try {
    const rendered = resvg.render();
    try {
      return read(rendered);
    } finally {
      rendered.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * Draws `top` (premultiplied alpha, as {@link rasterize} returns it) over an
 * opaque `base` of the same size and returns a new opaque image.
 *
 * @param base the opaque image below
 * @param top the image above; a RangeError when its size differs
 * @param into where to write the composite's pixels (default: a new buffer), e.g. one reused frame after frame
 * @returns the composite
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { compositeOver } from "./raster.ts";
 * const white = { width: 1, height: 1, data: new Uint8Array([255, 255, 255, 255]) };
 * const halfRed = { width: 1, height: 1, data: new Uint8Array([128, 0, 0, 128]) };
 * deepStrictEqual([...compositeOver(white, halfRed).data], [255, 127, 127, 255]);
 * const into = new Uint8Array(4);
 * strictEqual(compositeOver(white, halfRed, into).data, into);
 * ```
 */
export function compositeOver(base: RgbaImage, top: RgbaImage, into?: Uint8Array): RgbaImage {
  if (base.width !== top.width || base.height !== top.height) {
    throw new RangeError(
      `Cannot composite images of different sizes: ${base.width}x${base.height} and ${top.width}x${top.height}`,
    );
  }
  if (into !== undefined && into.length !== base.data.length) {
    throw new RangeError(`Cannot composite into ${into.length} bytes: the images have ${base.data.length}`);
  }
  const out = into ?? new Uint8Array(base.data.length);
  out.set(base.data);
  const t = top.data;
  for (let i = 0; i < out.length; i += 4) {
    const a = t[i + 3];
    if (a === 0) continue;
    if (a === 255) {
      out[i] = t[i];
      out[i + 1] = t[i + 1];
      out[i + 2] = t[i + 2];
    } else {
      const k = (255 - a) / 255;
      out[i] = Math.round(t[i] + out[i] * k);
      out[i + 1] = Math.round(t[i + 1] + out[i + 1] * k);
      out[i + 2] = Math.round(t[i + 2] + out[i + 2] * k);
    }
    out[i + 3] = 255;
  }
  return { width: base.width, height: base.height, data: out };
}
