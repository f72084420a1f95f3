/**
 * Writes an experiment's result files: `NAME.json` (the data), `NAME.svg`
 * with its spec `NAME.vl.json` (the figure) and, when given, `NAME.md` (its
 * tables), each atomically.
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/spec.ts";
import { experimentJsonText } from "../render/json.ts";
import { figureFiles } from "./figures.ts";
import { writeFilesAtomic, type WrittenFile } from "./files.ts";
import { joinPath } from "./paths.ts";

/** What an experiment writes: its result as JSON-ready data, its figure and, optionally, its tables as Markdown. */
export interface ExperimentFiles {
  /** The result (written with {@link experimentJsonText}). */
  result: unknown;
  /** The figure. */
  spec: VegaLiteSpec;
  /** The tables, as Markdown. */
  markdown?: string;
}

/**
 * Writes `NAME.json`, `NAME.svg`, `NAME.vl.json` (and `NAME.md`) into `out`.
 *
 * @param out the output folder (it must exist)
 * @param name the experiment's file name without extension
 * @param files what to write
 * @returns the files written, in that order
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { writeExperimentFiles } from "./experiments.ts";
 * import { reluFigure } from "../plot/relu.ts";
 * const dir = await Deno.makeTempDir();
 * const result = { seeds: [0, 1], finalLoss: [0.5, null] };
 * const written = await writeExperimentFiles(dir, "demo", { result, spec: reluFigure(), markdown: "# Demo\n" });
 * deepStrictEqual(written.map((f) => f.path), ["json", "svg", "vl.json", "md"].map((ext) => `${dir}/demo.${ext}`));
 * deepStrictEqual(JSON.parse(await Deno.readTextFile(`${dir}/demo.json`)), result);
 * strictEqual(await Deno.readTextFile(`${dir}/demo.md`), "# Demo\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeExperimentFiles(out: string, name: string, files: ExperimentFiles): Promise<WrittenFile[]> {
  return await writeFilesAtomic([
    { path: joinPath(out, `${name}.json`), data: experimentJsonText(files.result) },
    ...await figureFiles(out, name, files.spec),
    ...(files.markdown === undefined ? [] : [{ path: joinPath(out, `${name}.md`), data: files.markdown }]),
  ]);
}
