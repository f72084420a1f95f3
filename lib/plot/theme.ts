/**
 * One look for every figure: font, sizes, palette, grid and legend. Builders
 * put {@link themeConfig} into each spec's `config`, so a spec renders the same
 * anywhere (vega-embed, the CLI, a notebook) without a separate theme file.
 *
 * @module
 */
import type { Config } from "npm:vega-lite@6.5.0";

/**
 * The font family of every text mark (DejaVu Sans ships with the GIF renderer, so pixels match).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { FONT } from "./theme.ts";
 * ok(FONT.startsWith("DejaVu Sans"));
 * ```
 */
export const FONT: string = "DejaVu Sans, Verdana, Arial, sans-serif";

/**
 * The fixed palette: colour-blind-safe (Okabe–Ito), in the order series are assigned.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { PALETTE } from "./theme.ts";
 * deepStrictEqual([PALETTE.length, PALETTE[0]], [8, "#0072B2"]);
 * ```
 */
export const PALETTE: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermilion
  "#009E73", // green
  "#CC79A7", // purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#F0E442", // yellow
  "#000000", // black
];

/**
 * Named colours for recurring roles.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { COLORS, PALETTE } from "./theme.ts";
 * strictEqual(COLORS.relu, PALETTE[0]);
 * ```
 */
export const COLORS: {
  readonly relu: string;
  readonly derivative: string;
  readonly subgradient: string;
  readonly expectation: string;
  readonly target: string;
  readonly prediction: string;
  readonly saturation: string;
  readonly muted: string;
} = {
  relu: "#0072B2",
  derivative: "#D55E00",
  subgradient: "#E8112D",
  expectation: "#000000",
  target: "#000000",
  prediction: "#D55E00",
  saturation: "#F0E442",
  muted: "#888888",
};

/**
 * Width of a single-panel figure in pixels (the plotting area).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { FIGURE_WIDTH } from "./theme.ts";
 * strictEqual(FIGURE_WIDTH, 720);
 * ```
 */
export const FIGURE_WIDTH = 720;
/**
 * Height of a single-panel figure in pixels (the plotting area).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { FIGURE_HEIGHT } from "./theme.ts";
 * strictEqual(FIGURE_HEIGHT, 380);
 * ```
 */
export const FIGURE_HEIGHT = 380;
/**
 * Stroke width of the main curves.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { LINE_WIDTH } from "./theme.ts";
 * strictEqual(LINE_WIDTH, 3);
 * ```
 */
export const LINE_WIDTH = 3;

/**
 * The Vega-Lite config shared by every figure (a vega-lite `Config`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { FONT, themeConfig } from "./theme.ts";
 * strictEqual(themeConfig.font, FONT);
 * ```
 */
export const themeConfig: Readonly<Record<string, unknown>> = {
  font: FONT,
  background: "white",
  padding: 12,
  view: { stroke: "#cccccc" },
  title: {
    fontSize: 18,
    fontWeight: "bold",
    anchor: "start",
    subtitleFontSize: 13,
    subtitleColor: "#555555",
    offset: 10,
  },
  axis: {
    grid: true,
    gridColor: "#e6e6e6",
    domainColor: "#888888",
    tickColor: "#888888",
    labelFontSize: 12,
    titleFontSize: 14,
    titleFontWeight: "normal",
    titleFontStyle: "italic",
  },
  legend: {
    labelFontSize: 13,
    titleFontSize: 13,
    orient: "top-left",
    fillColor: "rgba(255,255,255,0.85)",
    padding: 6,
  },
  header: {
    labelFontSize: 14,
    titleFontSize: 14,
    labelFont: FONT,
    titleFont: FONT,
  },
  range: { category: [...PALETTE] },
  line: { strokeWidth: LINE_WIDTH },
  concat: { spacing: 28 },
  facet: { spacing: 24 },
} satisfies Config;
