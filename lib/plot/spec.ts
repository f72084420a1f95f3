/**
 * Small pieces every figure builder uses: the top-level wrapper (schema,
 * theme, title, size) and conversions from curves to data rows.
 *
 * @module
 */
import type { Curve } from "../math/breakpoints.ts";
import { themeConfig } from "./theme.ts";

/**
 * The Vega-Lite schema every figure declares.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { VEGA_LITE_SCHEMA } from "./spec.ts";
 * ok(VEGA_LITE_SCHEMA.endsWith("/vega-lite/v6.json"));
 * ```
 */
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
 *
 * @param body the view
 * @param title the title and optional subtitle
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { figure, VEGA_LITE_SCHEMA } from "./spec.ts";
 * const spec = figure({ mark: "point" }, { text: "Dots" });
 * strictEqual(spec.$schema, VEGA_LITE_SCHEMA);
 * deepStrictEqual([spec.title, spec.mark], [{ text: "Dots" }, "point"]);
 * ```
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

/**
 * The points of a curve as rows `{x, y, ...extra}`.
 *
 * @param curve the points
 * @param extra fields added to every row (default none)
 * @returns one row per point
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { curveRows } from "./spec.ts";
 * deepStrictEqual(curveRows({ x: [0, 1], y: [2, 3] }, { name: "a" }), [
 *   { name: "a", x: 0, y: 2 },
 *   { name: "a", x: 1, y: 3 },
 * ]);
 * ```
 */
export function curveRows(curve: Curve, extra: Row = {}): Row[] {
  return curve.x.map((x, i) => ({ ...extra, x, y: curve.y[i] }));
}

/**
 * The points of `f` on `xs` as rows `{x, y, ...extra}` (for smooth curves).
 *
 * @param f the function
 * @param xs where to sample it
 * @param extra fields added to every row (default none)
 * @returns one row per sample
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sampleRows } from "./spec.ts";
 * deepStrictEqual(sampleRows((x) => x * x, [1, 2]), [{ x: 1, y: 1 }, { x: 2, y: 4 }]);
 * ```
 */
export function sampleRows(
  f: (x: number) => number,
  xs: readonly number[],
  extra: Row = {},
): Row[] {
  return xs.map((x) => ({ ...extra, x, y: f(x) }));
}

/**
 * A quantitative position channel with a title and an optional fixed domain.
 *
 * @param field the data field
 * @param title the axis title
 * @param domain a fixed domain (default: from the data)
 * @returns the encoding channel
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { axis } from "./spec.ts";
 * deepStrictEqual(axis("x", "z", [-1, 1]), {
 *   field: "x",
 *   type: "quantitative",
 *   title: "z",
 *   scale: { domain: [-1, 1], nice: false, zero: false },
 * });
 * ```
 */
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
