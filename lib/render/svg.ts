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
import { fillFrameTemplate, type FrameTemplate, frameTemplate } from "./frame_template.ts";

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
  /** How many frames were written from an earlier frame's markup (see {@link FrameRendererOptions}). */
  readonly reused: number;
  /** Frees the view. */
  finalize(): void;
}

/** Options of {@link createFrameRenderer}. */
export interface FrameRendererOptions {
  /**
   * For a spec whose datasets feed line marks only, and whose `textSignals`
   * set text only (a title): a frame is then written from the markup of the
   * first frame that had everything else the SVG renderer reads as it has
   * (the view's size and origin, each line mark's style, the other signals),
   * with its own line marks' paths (vega's own `d`) and these signals' texts
   * put in, instead of rendering the whole scene again. The first frame of
   * each such kind is rendered whole.
   */
  textSignals?: readonly string[];
}

/** What vega's scenegraph holds, as far as this module reads it. */
interface SceneMark {
  marktype: string;
  items: SceneItem[];
}
interface SceneItem {
  [key: string]: unknown;
  mark?: SceneMark;
  items?: SceneMark[];
}
interface SceneApi {
  sceneVisit(scene: SceneMark | SceneItem, visitor: (child: SceneItem & SceneMark) => void): void;
  Marks: { line: { attr(emit: (name: string, value: unknown) => void, item: SceneItem): void } };
}
const scene = vega as unknown as SceneApi;

/** What a frame's markup depends on in the view's scene: its line marks, and where its groups were laid out. */
interface SceneParts {
  /** The line marks, in the order the SVG renderer writes them. */
  lines: SceneMark[];
  /** Each group item's x, y, width and height, in the same order (vega lays out titles, axes and legends by the bounds of what they frame, lines included). */
  layout: unknown[];
}

/** The line marks and the group layout of the view's scene. */
function sceneParts(view: Vega.View): SceneParts {
  const parts: SceneParts = { lines: [], layout: [] };
  const walk = (mark: SceneMark) => {
    if (mark.marktype === "line") parts.lines.push(mark);
    else if (mark.marktype === "group") {
      scene.sceneVisit(mark, (item) => {
        parts.layout.push(item.x, item.y, item.width, item.height);
        scene.sceneVisit(item, walk);
      });
    }
  };
  walk((view.scenegraph() as unknown as { root: SceneMark }).root);
  return parts;
}

/** A line mark's path, as the SVG renderer writes it (its `d`); null when it writes none (no point defined). */
function linePath(mark: SceneMark): string | null {
  let d: string | null = null;
  scene.Marks.line.attr((name, value) => {
    if (name === "d" && typeof value === "string") d = value;
  }, mark.items[0]);
  return d;
}

/** The paths of the line marks, when every mark has items and a path. */
function linePaths(lines: SceneMark[]): string[] | null {
  const paths: string[] = [];
  for (const m of lines) {
    const d = m.items.length > 0 ? linePath(m) : null;
    if (d === null) return null;
    paths.push(d);
  }
  return paths;
}

/** The line item properties that only shape the path, which the template's slots carry. */
const PATH_KEYS = new Set(["datum", "mark", "bounds", "x", "y", "defined", "exit"]);

/** Everything but the line paths and the text signals that the SVG of the view's current frame depends on. */
function frameKey(view: Vega.View, parts: SceneParts, otherSignals: Readonly<Record<string, unknown>>): string {
  const v = view as unknown as { _viewWidth: number; _viewHeight: number; _origin: number[] };
  const style = parts.lines.map((m) =>
    m.items.length === 0 ? null : Object.entries(m.items[0]).filter(([k]) => !PATH_KEYS.has(k))
  );
  return JSON.stringify([v._viewWidth, v._viewHeight, v._origin, view.padding(), parts.layout, style, otherSignals]);
}

/** The most frame keys a renderer keeps a template for (each costs a second render of its first frame). */
const MAX_TEMPLATES = 8;

/** A text that vega writes as it is (nothing to escape in text or in an attribute). */
const plainText = (value: unknown): value is string => typeof value === "string" && !/[&<>\x22\x27\t\n\r]/.test(value);

/**
 * Creates a {@link FrameRenderer} for a Vega-Lite spec whose datasets are
 * named (`data: { name: "units" }`).
 *
 * @param spec the Vega-Lite spec
 * @param options the signals that only set text, for specs whose datasets feed line marks only
 * @returns the renderer; call `finalize` when done
 *
 * @example
 * ```ts
 * import { notStrictEqual, strictEqual } from "node:assert/strict";
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
 *
 * const spec = {
 *   $schema: "https://vega.github.io/schema/vega-lite/v6.json",
 *   params: [{ name: "heading", value: "" }],
 *   title: { text: { expr: "heading" } },
 *   data: { name: "points" },
 *   mark: "line",
 *   encoding: { x: { field: "x", type: "quantitative", scale: { domain: [0, 2] } }, y: { field: "y", type: "quantitative", scale: { domain: [0, 2] } } },
 * };
 * const lines = createFrameRenderer(spec, { textSignals: ["heading"] });
 * const whole = createFrameRenderer(spec);
 * for (const y of [0, 1, 2]) {
 *   const frame = { points: [{ x: 0, y: 0 }, { x: 2, y }] };
 *   strictEqual(await lines.render(frame, { heading: `y ${y}` }), await whole.render(frame, { heading: `y ${y}` }));
 * }
 * strictEqual(lines.reused, 2); // the frames after the first
 * lines.finalize();
 * whole.finalize();
 * ```
 */
export function createFrameRenderer(spec: VegaLiteSpec, options: FrameRendererOptions = {}): FrameRenderer {
  const view = newView(compileSpec(spec));
  const textSignals = options.textSignals ?? [];
  const others: Record<string, unknown> = {};
  /** Per frame key (see `frameKey`), the markup with slots of the first frame that had it; null: none to be had. */
  const templates = new Map<string, FrameTemplate | null>();
  let reused = 0;
  const whole = async () => {
    vega.resetSVGDefIds();
    return await view.toSVG();
  };
  /** Draws the current frame (`svg`) again with sentinels for its texts, and makes its template from that. */
  const makeTemplate = async (svg: string, key: string, lines: SceneMark[], texts: unknown[]) => {
    // The paths are this frame's: the sentinels change texts only (the key check below confirms the rest).
    const paths = linePaths(lines);
    if (!texts.every(plainText) || paths === null) return null;
    const sentinels = textSignals.map((_, i) => `\u{F0000}${i}\u{F0000}`);
    textSignals.forEach((name, i) => view.signal(name, sentinels[i]));
    await view.runAsync();
    const marked = frameKey(view, sceneParts(view), others) === key ? await whole() : "";
    textSignals.forEach((name, i) => view.signal(name, texts[i]));
    await view.runAsync();
    const template = frameTemplate(marked, { paths, sentinels });
    // The template must give back this very frame.
    return template && fillFrameTemplate(template, [...paths, ...(texts as string[])]) === svg ? template : null;
  };
  return {
    async render(datasets, signals = {}) {
      for (const [name, values] of Object.entries(datasets)) {
        view.data(name, values as object[]);
      }
      for (const [name, value] of Object.entries(signals)) {
        view.signal(name, value);
        if (!textSignals.includes(name)) others[name] = value;
      }
      await view.runAsync();
      if (textSignals.length === 0) return await whole();
      const texts = textSignals.map((name) => view.signal(name));
      const parts = sceneParts(view);
      const lines = parts.lines;
      const key = frameKey(view, parts, others);
      const template = templates.get(key);
      const paths = template && texts.every(plainText) ? linePaths(lines) : null;
      if (template && paths) {
        reused++;
        return fillFrameTemplate(template, [...paths, ...texts]);
      }
      const svg = await whole();
      if (template === undefined && templates.size < MAX_TEMPLATES) {
        templates.set(key, await makeTemplate(svg, key, lines, texts));
      }
      return svg;
    },
    get reused() {
      return reused;
    },
    finalize() {
      view.finalize();
    },
  };
}
