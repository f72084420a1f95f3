/**
 * Small pieces every figure builder uses: the top-level wrapper (schema,
 * theme, title, size) and conversions from curves to data rows.
 *
 * @module
 */
import type { Curve } from "../math/breakpoints.ts";
import { themeConfig } from "./theme.ts";

/** The Vega-Lite schema every figure declares. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/**
 * A complete Vega-Lite specification as plain JSON: what every figure builder
 * returns and what the renderer takes. Every value is a valid vega-lite
 * `TopLevelSpec` (the tests validate each figure against the Vega-Lite JSON
 * schema); the public type is this open record so that the API does not expose
 * vega-lite's internal type tree.
 */
export interface VegaLiteSpec {
  /** The Vega-Lite schema URL ({@link VEGA_LITE_SCHEMA}). */
  readonly $schema: string;
  /** Any other top-level property of a Vega-Lite spec. */
  readonly [property: string]: unknown;
}

/** One data row of a figure. */
export type Row = Record<string, string | number | boolean | null>;

/** Title and subtitle of a figure. */
export interface FigureTitle {
  /** The title. */
  text: string;
  /** An optional subtitle (one line or several). */
  subtitle?: string | string[];
}

/**
 * Wraps a view (layer, concat, facet, ...) into a complete spec: `$schema`,
 * the shared theme and the title. Returns a new object; `body` is not changed.
 */
export function figure(
  body: Record<string, unknown>,
  title: FigureTitle,
): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: title.subtitle === undefined ? { text: title.text } : { text: title.text, subtitle: title.subtitle },
    config: structuredClone(themeConfig),
    ...structuredClone(body),
  };
}

/** The points of a curve as rows `{x, y, ...extra}`. */
export function curveRows(curve: Curve, extra: Row = {}): Row[] {
  return curve.x.map((x, i) => ({ ...extra, x, y: curve.y[i] }));
}

/** The points of `f` on `xs` as rows `{x, y, ...extra}` (for smooth curves). */
export function sampleRows(
  f: (x: number) => number,
  xs: readonly number[],
  extra: Row = {},
): Row[] {
  return xs.map((x) => ({ ...extra, x, y: f(x) }));
}

/** A quantitative position channel with a title and an optional fixed domain. */
export function axis(
  field: string,
  title: string,
  domain?: readonly [number, number],
): Record<string, unknown> {
  return {
    field,
    type: "quantitative",
    title,
    ...(domain ? { scale: { domain: [...domain], nice: false, zero: false } } : {}),
  };
}
