/**
 * Figures as Jupyter display bundles, for Deno notebooks (`deno jupyter`). A
 * bundle maps media types to data and the front end shows the richest type it
 * understands: a figure carries its SVG and a Vega-Lite 5 copy of its spec,
 * which JupyterLab and VS Code draw as an interactive chart. {@link showFigure}
 * wraps one in a {@link Displayable}, which a cell shows as its last
 * expression; {@link displayNow} shows one at once.
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/spec.ts";
import { renderSvg } from "../render/svg.ts";

/**
 * Plain text, shown by every front end.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TEXT_MIME } from "./display.ts";
 * strictEqual(TEXT_MIME, "text/plain");
 * ```
 */
export const TEXT_MIME = "text/plain";
/**
 * HTML; JupyterLab prefers it over every other type here.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { HTML_MIME } from "./display.ts";
 * strictEqual(HTML_MIME, "text/html");
 * ```
 */
export const HTML_MIME = "text/html";
/**
 * SVG images.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { SVG_MIME } from "./display.ts";
 * strictEqual(SVG_MIME, "image/svg+xml");
 * ```
 */
export const SVG_MIME = "image/svg+xml";
/**
 * The Vega-Lite media type JupyterLab's built-in renderer (vega5-extension) draws interactively.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { VEGA_LITE_V5_MIME } from "./display.ts";
 * strictEqual(VEGA_LITE_V5_MIME, "application/vnd.vegalite.v5+json");
 * ```
 */
export const VEGA_LITE_V5_MIME = "application/vnd.vegalite.v5+json";
/**
 * The `$schema` of the Vega-Lite 5 copy of a spec (JupyterLab embeds Vega-Lite 5 and warns about other versions).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { VEGA_LITE_V5_SCHEMA } from "./display.ts";
 * strictEqual(VEGA_LITE_V5_SCHEMA, "https://vega.github.io/schema/vega-lite/v5.json");
 * ```
 */
export const VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * The symbol Deno's Jupyter kernel looks for (`Deno.jupyter.$display`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { JUPYTER_DISPLAY } from "./display.ts";
 * strictEqual(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** A Jupyter MIME bundle: media type to data (a string, or a JSON object for `+json` types). */
export interface DisplayBundle {
  /** Plain text: what front ends without richer support show. */
  readonly "text/plain": string;
  /** Any other representation. */
  readonly [mediaType: string]: string | Readonly<Record<string, unknown>>;
}

/** An object that Deno's Jupyter kernel shows as its {@link DisplayBundle}. */
export interface Displayable {
  /** The bundle shown. */
  readonly bundle: DisplayBundle;
  /** Called by the kernel: returns {@link Displayable.bundle}. */
  [JUPYTER_DISPLAY](): DisplayBundle;
}

/**
 * Wraps a bundle so that the kernel shows it as a cell's result.
 *
 * @param bundle the bundle
 * @returns an object whose {@link JUPYTER_DISPLAY} method returns it
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { displayable, JUPYTER_DISPLAY } from "./display.ts";
 * const shown = displayable({ "text/plain": "hello", "text/html": "<b>hello</b>" });
 * strictEqual(shown[JUPYTER_DISPLAY]()["text/html"], "<b>hello</b>");
 * ```
 */
export function displayable(bundle: DisplayBundle): Displayable {
  return {
    bundle,
    [JUPYTER_DISPLAY]: () => bundle,
  };
}

/**
 * The major Vega-Lite version a `$schema` URL names, e.g. 6 for `.../vega-lite/v6.json`.
 *
 * @param schema the `$schema` URL; a RangeError when it names no Vega-Lite version
 * @returns the major version
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { vegaLiteMajor } from "./display.ts";
 * strictEqual(vegaLiteMajor("https://vega.github.io/schema/vega-lite/v6.json"), 6);
 * strictEqual(vegaLiteMajor("https://vega.github.io/schema/vega-lite/v5.2.0.json"), 5);
 * throws(() => vegaLiteMajor("https://vega.github.io/schema/vega/v5.json"), RangeError);
 * ```
 */
export function vegaLiteMajor(schema: string): number {
  const m = /\/vega-lite\/v(\d+)(?:[.\d]*)\.json$/.exec(schema);
  if (m === null) {
    throw new RangeError(
      `Cannot read the Vega-Lite version: $schema must look like ".../vega-lite/vN.json", got "${schema}"`,
    );
  }
  return Number(m[1]);
}

/**
 * The Vega-Lite media type of a major version: `application/vnd.vegalite.vN+json`.
 *
 * @param major the major version
 * @returns the media type
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { vegaLiteMime } from "./display.ts";
 * strictEqual(vegaLiteMime(6), "application/vnd.vegalite.v6+json");
 * ```
 */
export function vegaLiteMime(major: number): string {
  return `application/vnd.vegalite.v${major}+json`;
}

function titleText(spec: VegaLiteSpec): string {
  const title = spec.title;
  if (typeof title === "string") return title;
  if (Array.isArray(title)) return title.join(" ");
  if (title !== null && typeof title === "object") {
    const text = (title as { text?: unknown }).text;
    if (typeof text === "string") return text;
    if (Array.isArray(text)) return text.join(" ");
  }
  return "untitled";
}

function svgSize(svg: string): string {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const w = /\swidth="([\d.]+)"/.exec(open)?.[1];
  const h = /\sheight="([\d.]+)"/.exec(open)?.[1];
  return w && h ? `${w}×${h}` : "?";
}

/**
 * Checks that `svg` is an SVG document (optionally after an XML declaration).
 *
 * @param svg the text to check
 * @param what what is being built, for the message
 * @throws {RangeError} when it does not start with `<svg`
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkSvg } from "./display.ts";
 * checkSvg('<?xml version="1.0"?><svg></svg>', "a bundle");
 * throws(() => checkSvg("<div>", "a bundle"), RangeError);
 * ```
 */
export function checkSvg(svg: string, what: string): void {
  if (!/^\s*(?:<\?xml[^>]*>\s*)?<svg\b/.test(svg)) {
    throw new RangeError(`Cannot build ${what}: the SVG must start with "<svg", got "${svg.slice(0, 40)}"`);
  }
}

/** Options of {@link figureBundle} and {@link showFigure}. */
export interface FigureBundleOptions {
  /**
   * Include the spec as a Vega-Lite 5 copy ({@link VEGA_LITE_V5_MIME}), so
   * that front ends with a Vega-Lite renderer draw an interactive chart
   * (default true). False leaves SVG and text only.
   */
  vegaLite?: boolean;
  /**
   * Also include the unchanged spec under the media type of its own major
   * version, e.g. `application/vnd.vegalite.v6+json` (default false: the v5
   * copy already carries the same chart, and the spec would be stored twice).
   */
  nativeMime?: boolean;
}

/**
 * The display bundle of a figure: `text/plain` (title and size),
 * `image/svg+xml` (the rendered figure), unless `vegaLite` is false the spec
 * under {@link VEGA_LITE_V5_MIME} with a v5 `$schema`, and with `nativeMime`
 * the unchanged spec under its own version's media type. `spec` is not changed.
 *
 * @param spec the figure's Vega-Lite spec
 * @param svg the figure rendered; a RangeError unless an SVG document
 * @param options which Vega-Lite copies to include
 * @returns the bundle
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { figureBundle } from "./display.ts";
 * const spec = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title: "dots", mark: "point" };
 * const bundle = figureBundle(spec, '<svg width="10" height="10"></svg>', { nativeMime: true });
 * deepStrictEqual(Object.keys(bundle), [
 *   "text/plain",
 *   "image/svg+xml",
 *   "application/vnd.vegalite.v5+json",
 *   "application/vnd.vegalite.v6+json",
 * ]);
 * strictEqual(bundle["text/plain"], "dots (Vega-Lite figure, 10×10 SVG)");
 * ```
 */
export function figureBundle(
  spec: VegaLiteSpec,
  svg: string,
  options: FigureBundleOptions = {},
): DisplayBundle {
  checkSvg(svg, "a figure bundle");
  const text = `${titleText(spec)} (Vega-Lite figure, ${svgSize(svg)} SVG)`;
  if (options.vegaLite === false) return { [TEXT_MIME]: text, [SVG_MIME]: svg };
  const major = vegaLiteMajor(spec.$schema);
  const copy = structuredClone(spec) as Record<string, unknown>;
  const bundle: Record<string, string | Readonly<Record<string, unknown>>> = {
    [TEXT_MIME]: text,
    [SVG_MIME]: svg,
    [VEGA_LITE_V5_MIME]: { ...copy, $schema: VEGA_LITE_V5_SCHEMA },
  };
  if (options.nativeMime === true && major !== 5) bundle[vegaLiteMime(major)] = structuredClone(copy);
  return bundle as DisplayBundle;
}

/**
 * Renders `spec` to SVG and returns it as a {@link Displayable}: the last
 * expression of a notebook cell, `await showFigure(spec)`, shows the figure.
 *
 * @param spec the figure's Vega-Lite spec (not changed)
 * @param options which Vega-Lite copies to include
 * @returns the figure's display
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { showFigure, SVG_MIME } from "./display.ts";
 * const shown = await showFigure({ $schema: "https://vega.github.io/schema/vega-lite/v6.json", mark: "point" });
 * ok(String(shown.bundle[SVG_MIME]).startsWith("<svg"));
 * ```
 */
export async function showFigure(
  spec: VegaLiteSpec,
  options: FigureBundleOptions = {},
): Promise<Displayable> {
  // vega tags the rows of inline data with a symbol; render a copy so the caller's spec stays as it was.
  return displayable(figureBundle(spec, await renderSvg(structuredClone(spec)), options));
}

/** Milliseconds {@link displayNow} waits after each output (see there). */
const DISPLAY_SETTLE_MS = 20;

interface JupyterNamespace {
  display(value: unknown, options: { raw: boolean }): Promise<void>;
}

/** `Deno.jupyter` when running inside `deno jupyter`, else undefined. */
function jupyter(): JupyterNamespace | undefined {
  const deno = (globalThis as { Deno?: { jupyter?: Partial<JupyterNamespace> } }).Deno;
  try {
    const ns = deno?.jupyter;
    return typeof ns?.display === "function" ? ns as JupyterNamespace : undefined;
  } catch {
    return undefined; // outside a kernel, reading Deno.jupyter may throw
  }
}

/**
 * True inside a Deno Jupyter kernel (where {@link displayNow} works).
 *
 * @returns whether `Deno.jupyter` can display
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { inJupyter } from "./display.ts";
 * strictEqual(inJupyter(), false); // under deno test
 * ```
 */
export function inJupyter(): boolean {
  return jupyter() !== undefined;
}

/**
 * Shows a bundle or displayable now, as its own output (Jupyter's
 * `display_data`), so that one cell can show several figures. Throws outside
 * a Deno Jupyter kernel.
 *
 * @param value what to show
 * @returns when the output has been sent
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { displayNow } from "./display.ts";
 * await rejects(displayNow({ "text/plain": "hello" }), /Deno\.jupyter is not available/); // under deno test
 * ```
 */
export async function displayNow(value: Displayable | DisplayBundle): Promise<void> {
  const ns = jupyter();
  if (ns === undefined) {
    throw new Error("Cannot display: Deno.jupyter is not available (run this inside a Deno Jupyter kernel)");
  }
  const bundle = JUPYTER_DISPLAY in value ? (value as Displayable)[JUPYTER_DISPLAY]() : value as DisplayBundle;
  await ns.display(bundle, { raw: true });
  // Deno's kernel (2.9) can report the cell idle before a large output is
  // sent, and front ends then drop the output; a short pause lets it catch up.
  await new Promise((resolve) => setTimeout(resolve, DISPLAY_SETTLE_MS));
}
