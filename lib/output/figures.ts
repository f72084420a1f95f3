/**
 * Writes figures: each as `NAME.svg` with its Vega-Lite spec beside it as
 * `NAME.vl.json`, both atomically.
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/spec.ts";
import { toJsonText } from "../render/json.ts";
import { renderSvg } from "../render/svg.ts";
import { type FileToWrite, writeFilesAtomic, type WrittenFile } from "./files.ts";
import { joinPath } from "./paths.ts";

/**
 * Renders `spec` into the two files of figure `name` in `dir`, without
 * writing them: the SVG first, then its spec.
 *
 * @param dir the output folder
 * @param name the figure's file name without extension
 * @param spec the figure
 * @returns the two files
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { figureFiles } from "./figures.ts";
 * import { reluFigure } from "../plot/relu.ts";
 * const files = await figureFiles("out", "relu", reluFigure());
 * deepStrictEqual(files.map((f) => f.path), ["out/relu.svg", "out/relu.vl.json"]);
 * ```
 */
export async function figureFiles(dir: string, name: string, spec: VegaLiteSpec): Promise<FileToWrite[]> {
  return [
    { path: joinPath(dir, `${name}.svg`), data: await renderSvg(spec) },
    { path: joinPath(dir, `${name}.vl.json`), data: toJsonText(spec) },
  ];
}

/**
 * Renders `spec` and writes `DIR/NAME.svg` and `DIR/NAME.vl.json`, each
 * atomically. The folder must exist (see `prepareOutDir`).
 *
 * @param dir the output folder
 * @param name the figure's file name without extension
 * @param spec the figure
 * @returns the files written
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { writeFigure } from "./figures.ts";
 * import { reluFigure } from "../plot/relu.ts";
 * const dir = await Deno.makeTempDir();
 * const written = await writeFigure(dir, "relu", reluFigure());
 * deepStrictEqual(written.map((f) => f.path), [`${dir}/relu.svg`, `${dir}/relu.vl.json`]);
 * ok((await Deno.readTextFile(`${dir}/relu.svg`)).startsWith("<svg"));
 * deepStrictEqual(JSON.parse(await Deno.readTextFile(`${dir}/relu.vl.json`)), reluFigure());
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFigure(dir: string, name: string, spec: VegaLiteSpec): Promise<WrittenFile[]> {
  return await writeFilesAtomic(await figureFiles(dir, name, spec));
}
