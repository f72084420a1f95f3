/**
 * One look for every figure: font, sizes, palette, grid and legend. Builders
 * put {@link themeConfig} into each spec's `config`, so a spec renders the same
 * anywhere (vega-embed, the CLI, a notebook) without a separate theme file.
 *
 * @module
 */
import type { Config } from "npm:vega-lite@6.5.0";

/** The font family of every text mark (DejaVu Sans ships with the GIF renderer, so pixels match). */
export const FONT: string = "DejaVu Sans, Verdana, Arial, sans-serif";

/** The fixed palette: colour-blind-safe (Okabe–Ito), in the order series are assigned. */
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

/** Named colours for recurring roles. */
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

/** Width of a single-panel figure in pixels (the plotting area). */
export const FIGURE_WIDTH = 720;
/** Height of a single-panel figure in pixels (the plotting area). */
export const FIGURE_HEIGHT = 380;
/** Stroke width of the main curves. */
export const LINE_WIDTH = 3;

/** The Vega-Lite config shared by every figure (a vega-lite `Config`). */
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
