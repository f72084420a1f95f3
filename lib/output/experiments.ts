/**
 * Writes an experiment's result files: `NAME.json` (the data), `NAME.svg`
 * with its spec `NAME.vl.json` (the figure) and, when given, `NAME.md` (its
 * tables), each atomically.
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/spec.ts";
import type { DeadUnitResult } from "../experiments/dead_units.ts";
import { deadUnitJson } from "../experiments/dead_unit_files.ts";
import type { SweepResult } from "../experiments/sweep.ts";
import { sweepComparisons } from "../experiments/comparisons.ts";
import { sweepJson } from "../experiments/sweep_files.ts";
import { subgradientSweepFigure } from "../plot/sweep.ts";
import { deadUnitsFigure } from "../plot/dead_units.ts";
import { sweepMarkdown } from "../render/sweep_tables.ts";
import { deadUnitMarkdown } from "../render/dead_unit_tables.ts";
import { experimentJsonText } from "../render/json.ts";
import { figureFiles } from "./figures.ts";
import { type FileToWrite, writeFilesAtomic, type WrittenFile } from "./files.ts";
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
  return await writeFilesAtomic(await experimentFiles(out, name, files));
}

/**
 * The files {@link writeExperimentFiles} writes, rendered and not written (a
 * worker renders them; the main thread writes them).
 *
 * @param out the output folder
 * @param name the experiment's file name without extension
 * @param files what to render
 * @returns the files, in the order they are written
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { experimentFiles } from "./experiments.ts";
 * import { reluFigure } from "../plot/relu.ts";
 * const files = await experimentFiles("out", "demo", { result: { seeds: [0] }, spec: reluFigure() });
 * deepStrictEqual(files.map((f) => f.path), ["out/demo.json", "out/demo.svg", "out/demo.vl.json"]);
 * ok(String(files[1].data).startsWith("<svg"));
 * ```
 */
export async function experimentFiles(out: string, name: string, files: ExperimentFiles): Promise<FileToWrite[]> {
  return [
    { path: joinPath(out, `${name}.json`), data: experimentJsonText(files.result) },
    ...await figureFiles(out, name, files.spec),
    ...(files.markdown === undefined ? [] : [{ path: joinPath(out, `${name}.md`), data: files.markdown }]),
  ];
}

/**
 * The subgradient sweep's files (`subgradient_sweep.json`, `.svg`, `.vl.json`, `.md`), rendered and not written.
 *
 * @param result the sweep
 * @param out the output folder
 * @returns the files, in the order they are written
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sweepFiles } from "./experiments.ts";
 * import { runSubgradientSweep, EXACT_ZERO_SETTING } from "../experiments/sweep.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const result = await runSubgradientSweep(createFusedEngine, {
 *   settings: [{ ...EXACT_ZERO_SETTING, points: 5, hidden: 2 }], precisions: ["float32"], seeds: [0, 1], epochs: 2,
 * });
 * const files = await sweepFiles(result, "out");
 * deepStrictEqual(files.map((f) => f.path), ["json", "svg", "vl.json", "md"].map((e) => `out/subgradient_sweep.${e}`));
 * ```
 */
export async function sweepFiles(result: SweepResult, out: string): Promise<FileToWrite[]> {
  const comparisons = sweepComparisons(result);
  return await experimentFiles(out, "subgradient_sweep", {
    result: sweepJson(result, comparisons),
    spec: subgradientSweepFigure(result),
    markdown: sweepMarkdown(result, comparisons),
  });
}

/**
 * The dead-unit grid's files (`dead_units.json`, `.svg`, `.vl.json`, `.md`), rendered and not written.
 *
 * @param result the grid
 * @param out the output folder
 * @returns the files, in the order they are written
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { deadUnitFiles } from "./experiments.ts";
 * import { runDeadUnitGrid } from "../experiments/dead_units.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const result = await runDeadUnitGrid(createFusedEngine, {
 *   lrs: [1e-4], hiddens: [7], seeds: [0, 1], epochs: 2, points: 20, xMin: -10, xMax: 10, optimizer: "sgd",
 *   gradAtZero: 0,
 * });
 * const files = await deadUnitFiles(result, "out");
 * deepStrictEqual(files.map((f) => f.path), ["json", "svg", "vl.json", "md"].map((e) => `out/dead_units.${e}`));
 * strictEqual(JSON.parse(String(files[0].data)).models, 2);
 * ```
 */
export async function deadUnitFiles(result: DeadUnitResult, out: string): Promise<FileToWrite[]> {
  return await experimentFiles(out, "dead_units", {
    result: deadUnitJson(result),
    spec: deadUnitsFigure(result),
    markdown: deadUnitMarkdown(result),
  });
}
