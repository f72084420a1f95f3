/**
 * Vega-Lite spec to SVG, headless and deterministic. This is the only module
 * that imports vega: builders return plain specs, and everything that draws
 * goes through here.
 *
 * @module
 */
import * as vega from "npm:vega@6.4.0";
import { compile, type TopLevelSpec } from "npm:vega-lite@6.5.0";
import { type FileToWrite, joinPath, toJsonText, writeFilesAtomic } from "../output/files.ts";
import type { VegaLiteSpec } from "../plot/spec.ts";

/** Compiles a Vega-Lite spec to a Vega spec (plain JSON). */
export function compileSpec(spec: VegaLiteSpec): Record<string, unknown> {
  // A copy: vega tags inline data rows with a hidden symbol, which must not leak into the caller's spec.
  const copy = structuredClone(spec) as unknown as TopLevelSpec;
  return compile(copy).spec as unknown as Record<string, unknown>;
}

function newView(vegaSpec: Record<string, unknown>): vega.View {
  return new vega.View(vega.parse(vegaSpec as vega.Spec), { renderer: "none" });
}

/**
 * Renders a Vega-Lite spec to an SVG string. Vega's clip-path and gradient
 * ids are reset first, so the same spec gives the same bytes every time.
 *
 * @example
 * ```ts
 * import { renderSvg } from "./svg.ts";
 * const svg = await renderSvg({
 *   $schema: "https://vega.github.io/schema/vega-lite/v6.json",
 *   data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
 *   mark: "line",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * });
 * console.log(svg.startsWith("<svg")); // true
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const view = newView(compileSpec(spec));
  try {
    vega.resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * One vega View kept alive to draw many frames of the same figure: each call
 * swaps the named datasets (and signals) and renders again, which costs a
 * fraction of parsing a new spec per frame.
 */
export interface FrameRenderer {
  /** Replaces the named datasets and signals, then renders the view to SVG. */
  render(
    datasets: Readonly<Record<string, readonly object[]>>,
    signals?: Readonly<Record<string, unknown>>,
  ): Promise<string>;
  /** Frees the view. */
  finalize(): void;
}

/**
 * Creates a {@link FrameRenderer} for a Vega-Lite spec whose datasets are
 * named (`data: { name: "units" }`).
 */
export function createFrameRenderer(spec: VegaLiteSpec): FrameRenderer {
  const view = newView(compileSpec(spec));
  return {
    async render(datasets, signals = {}) {
      for (const [name, values] of Object.entries(datasets)) {
        view.data(name, values as object[]);
      }
      for (const [name, value] of Object.entries(signals)) {
        view.signal(name, value);
      }
      await view.runAsync();
      vega.resetSVGDefIds();
      return await view.toSVG();
    },
    finalize() {
      view.finalize();
    },
  };
}

/** What {@link writeFigure} wrote. */
export interface WrittenFigure {
  /** Path of the SVG file. */
  svg: string;
  /** Path of the Vega-Lite spec beside it. */
  spec: string;
  /** Size of the SVG in bytes. */
  bytes: number;
}

/** A rendered figure, not yet written: `NAME.vl.json` and `NAME.svg` for a folder. */
export interface FigureFiles {
  /** The two files, spec first. */
  files: [FileToWrite, FileToWrite];
  /** What writing them gives. */
  written: WrittenFigure;
}

/** Renders `spec` into the two files of a figure in `dir`, without writing them. */
export async function renderFigureFiles(dir: string, name: string, spec: VegaLiteSpec): Promise<FigureFiles> {
  const svg = await renderSvg(spec);
  const svgPath = joinPath(dir, `${name}.svg`);
  const specPath = joinPath(dir, `${name}.vl.json`);
  return {
    files: [{ path: specPath, data: toJsonText(spec) }, { path: svgPath, data: svg }],
    written: { svg: svgPath, spec: specPath, bytes: new TextEncoder().encode(svg).length },
  };
}

/**
 * Renders `spec` and writes `DIR/NAME.svg` and `DIR/NAME.vl.json`, each
 * atomically. The folder must exist (see `prepareOutDir`).
 */
export async function writeFigure(
  dir: string,
  name: string,
  spec: VegaLiteSpec,
): Promise<WrittenFigure> {
  const { files, written } = await renderFigureFiles(dir, name, spec);
  await writeFilesAtomic(files);
  return written;
}
