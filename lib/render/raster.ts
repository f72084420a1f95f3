/**
 * SVG to pixels with resvg, using only the DejaVu Sans files shipped in the
 * `dejavu-fonts-ttf` npm package (system fonts are never loaded), so the same
 * SVG gives the same pixels on every machine.
 *
 * Loading this module loads resvg's native addon: it needs read access to
 * Deno's npm cache, `--allow-ffi` and
 * `--allow-sys=cpus,networkInterfaces,hostname` (the addon's loader probes the
 * platform). The font files are read by the addon itself.
 *
 * @module
 */
import { Resvg } from "npm:@resvg/resvg-js@2.6.2";
// Puts the font package into the module graph, so Deno installs it with the code that needs it.
import "npm:dejavu-fonts-ttf@2.37.3/package.json" with { type: "json" };

/** The font faces loaded into resvg: regular, bold, oblique and bold oblique DejaVu Sans. */
export const FONT_FACES: readonly string[] = [
  "DejaVuSans.ttf",
  "DejaVuSans-Bold.ttf",
  "DejaVuSans-Oblique.ttf",
  "DejaVuSans-BoldOblique.ttf",
];

function fileUrlToPath(url: string): string {
  if (!url.startsWith("file://")) {
    throw new Error(
      `Cannot find the DejaVu font files: "${url}" is not a local file (is the npm package installed?)`,
    );
  }
  return decodeURIComponent(new URL(url).pathname);
}

/**
 * Local paths of the {@link FONT_FACES}, resolved from the npm package
 * `dejavu-fonts-ttf` (inside Deno's npm cache; nothing is hard-coded).
 */
export function fontFiles(): string[] {
  return FONT_FACES.map((face) => fileUrlToPath(import.meta.resolve(`npm:dejavu-fonts-ttf@2.37.3/ttf/${face}`)));
}

let cachedFonts: string[] | undefined;

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

function newResvg(svg: string, options: RasterizeOptions): Resvg {
  cachedFonts ??= fontFiles();
  return new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: cachedFonts,
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
    },
    fitTo: options.scale === undefined || options.scale === 1
      ? { mode: "original" }
      : { mode: "zoom", value: options.scale },
    ...(options.background === undefined ? {} : { background: options.background }),
    logLevel: "off",
  });
}

/**
 * Rasterises an SVG to RGBA pixels (premultiplied alpha: resvg's own layout).
 *
 * @example
 * ```ts ignore
 * import { rasterize } from "./raster.ts";
 * const img = rasterize('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="1"/>');
 * console.log(img.width, img.height, img.data.length); // 2 1 8
 * ```
 */
export function rasterize(
  svg: string,
  options: RasterizeOptions = {},
): RgbaImage {
  const rendered = newResvg(svg, options).render();
  const pixels = rendered.pixels;
  return {
    width: rendered.width,
    height: rendered.height,
    data: new Uint8Array(pixels),
  };
}

/** Rasterises an SVG to PNG bytes (a white background unless `options.background` says otherwise). */
export function svgToPng(
  svg: string,
  options: RasterizeOptions = {},
): Uint8Array {
  const png = newResvg(svg, { background: "white", ...options }).render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * Draws `top` (premultiplied alpha, as {@link rasterize} returns it) over an
 * opaque `base` of the same size and returns a new opaque image.
 */
export function compositeOver(base: RgbaImage, top: RgbaImage): RgbaImage {
  if (base.width !== top.width || base.height !== top.height) {
    throw new RangeError(
      `Cannot composite images of different sizes: ${base.width}x${base.height} and ${top.width}x${top.height}`,
    );
  }
  const out = new Uint8Array(base.data);
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
