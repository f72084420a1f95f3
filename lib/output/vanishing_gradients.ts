/**
 * The vanishing-gradient experiment's files: `vanishing_gradients.json` (the
 * record), `.svg` with its spec `.vl.json` (the figure) and `.md` (its
 * tables), rendered from the record alone, so that `deno task figures`
 * re-renders them from the committed JSON without training.
 *
 * @module
 */
import type { VanishingRecord } from "../experiments/vanishing_files.ts";
import { vanishingGradientsFigure } from "../plot/vanishing_gradients.ts";
import { experimentJsonText } from "../render/json.ts";
import { vanishingMarkdown } from "../render/vanishing_tables.ts";
import { figureFiles } from "./figures.ts";
import type { FileToWrite } from "./files.ts";
import { joinPath } from "./paths.ts";

/**
 * The experiment's file name, without extension.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { VANISHING_NAME } from "./vanishing_gradients.ts";
 * strictEqual(VANISHING_NAME, "vanishing_gradients");
 * ```
 */
export const VANISHING_NAME = "vanishing_gradients";

/**
 * The experiment's files in `out`, rendered but not written: JSON, SVG, Vega-Lite spec, Markdown.
 *
 * @param out the output folder
 * @param record the experiment's record
 * @returns the files to write
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { vanishingFiles } from "./vanishing_gradients.ts";
 * const rec = { activation: "relu", engine: "fused", backend: "cpu", peakSlope: 1, nearZero: [[0, 1]],
 *   exactZero: [[0, 1]], flat: [[0.5, 0.5]], gradNorm: [[2, 1]], loss: [[9, 1]], divergedAt: [null] };
 * const settings = { hidden: 3, seeds: [0], epochs: 1, every: 1, lr: 1e-4, points: 2, xMin: -1, xMax: 1,
 *   precision: "float32", nearZero: 1e-3, activations: ["relu"] };
 * const record = { experiment: "vanishing_gradients", fields: {}, settings, snapshotEpochs: [0, 1], records: [rec],
 *   comparisons: [] };
 * const files = await vanishingFiles("/out", record as never);
 * deepStrictEqual(files.map((f) => f.path), ["json", "svg", "vl.json", "md"].map((e) => `/out/vanishing_gradients.${e}`));
 * ```
 */
export async function vanishingFiles(out: string, record: VanishingRecord): Promise<FileToWrite[]> {
  return [
    { path: joinPath(out, `${VANISHING_NAME}.json`), data: experimentJsonText(record) },
    ...await figureFiles(out, VANISHING_NAME, vanishingGradientsFigure(record)),
    { path: joinPath(out, `${VANISHING_NAME}.md`), data: vanishingMarkdown(record, record.comparisons) },
  ];
}
