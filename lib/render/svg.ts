/**
 * Vega-Lite spec to SVG, headless and deterministic. This is the only module
 * that loads vega and vega-lite: builders return plain specs, and everything
 * that draws goes through here.
 *
 * @module
 */
import type * as Vega from "npm:vega@6.4.0";
import type * as VegaLite from "npm:vega-lite@6.5.0";
import type { TopLevelSpec } from "npm:vega-lite@6.5.0";
import type { VegaLiteSpec } from "../plot/spec.ts";
import { vegaLitePackageFile, vegaPackageFile } from "../assets.ts";

/** vega and vega-lite, as this module draws with them. */
interface Libraries {
  vega: typeof Vega;
  vegaLite: typeof VegaLite;
}

/**
 * Loads vega and vega-lite: their one-file browser builds (`vega.min.js`,
 * `vega-lite.min.js`: the same versions and code) where this process may read
 * them, which loads in about half the time of the packages' ES modules and
 * the thirty-odd packages they import (`deno task bench:vega_load` times both:
 * bench/results/vega_load.md); the packages otherwise. Each build is a UMD
 * script, run as CommonJS would run it (`exports`, `module`, and `require` of
 * vega for vega-lite's), so that it defines no global.
 */
async function loadLibraries(): Promise<Libraries> {
  const paths = browserBuilds();
  const states = await Promise.all(paths.map((path) => Deno.permissions.query({ name: "read", path })));
  if (paths.length > 0 && states.every((s) => s.state === "granted")) {
    const [vegaSource, vegaLiteSource] = await Promise.all(paths.map((path) => Deno.readTextFile(path)));
    const vega = runUmd(vegaSource, {}) as typeof Vega;
    const vegaLite = runUmd(vegaLiteSource, { vega }) as typeof VegaLite;
    return { vega, vegaLite };
  }
  return { vega: await import("npm:vega@6.4.0"), vegaLite: await import("npm:vega-lite@6.5.0") };
}

/** Runs a UMD script as a CommonJS module whose `require` knows `modules`, and returns its exports. */
function runUmd(source: string, modules: Record<string, unknown>): unknown {
  const module = { exports: {} };
  const require = (name: string) => {
    if (!(name in modules)) throw new Error(`Cannot load a browser build: it requires "${name}"`);
    return modules[name];
  };
  new Function("exports", "module", "require", "define", source)(module.exports, module, require, undefined);
  return module.exports;
}

/** The paths of vega's and vega-lite's browser builds, or none when the packages are not files on this machine. */
function browserBuilds(): string[] {
  try {
    return [vegaPackageFile("build/vega.min.js"), vegaLitePackageFile("build/vega-lite.min.js")];
  } catch {
    return [];
  }
}

const { vega, vegaLite } = await loadLibraries();

/**
 * Compiles a Vega-Lite spec to a Vega spec (plain JSON).
 *
 * @param spec the Vega-Lite spec (not changed)
 * @returns the Vega spec
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { compileSpec } from "./svg.ts";
 * const vg = compileSpec({ $schema: "https://vega.github.io/schema/vega-lite/v6.json", mark: "point" });
 * ok(String(vg.$schema).includes("/schema/vega/"));
 * ```
 */
export function compileSpec(spec: VegaLiteSpec): Record<string, unknown> {
  // A copy: vega tags inline data rows with a hidden symbol, which must not leak into the caller's spec.
  const copy = structuredClone(spec) as unknown as TopLevelSpec;
  return vegaLite.compile(copy).spec as unknown as Record<string, unknown>;
}

function newView(vegaSpec: Record<string, unknown>): Vega.View {
  return new vega.View(vega.parse(vegaSpec as Vega.Spec), { renderer: "none" });
}

/**
 * Renders a Vega-Lite spec to an SVG string. Vega's clip-path and gradient
 * ids are reset first, so the same spec gives the same bytes every time.
 *
 * @param spec the Vega-Lite spec
 * @returns the SVG document
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { renderSvg } from "./svg.ts";
 * const spec = {
 *   $schema: "https://vega.github.io/schema/vega-lite/v6.json",
 *   data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
 *   mark: "line",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * };
 * const svg = await renderSvg(spec);
 * ok(svg.startsWith("<svg"));
 * strictEqual(await renderSvg(spec), svg);
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
 *
 * @param spec the Vega-Lite spec
 * @returns the renderer; call `finalize` when done
 *
 * @example
 * ```ts
 * import { notStrictEqual } from "node:assert/strict";
 * import { createFrameRenderer } from "./svg.ts";
 * const renderer = createFrameRenderer({
 *   $schema: "https://vega.github.io/schema/vega-lite/v6.json",
 *   data: { name: "points" },
 *   mark: "point",
 *   encoding: { x: { field: "x", type: "quantitative" } },
 * });
 * const one = await renderer.render({ points: [{ x: 1 }] });
 * notStrictEqual(await renderer.render({ points: [{ x: 1 }, { x: 2 }] }), one);
 * renderer.finalize();
 * ```
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
