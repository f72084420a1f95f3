/**
 * What every static figure script shares: the `--out` flag, parsing with the
 * error contract, building the spec and writing `NAME.svg` + `NAME.vl.json`.
 *
 * @module
 */
import { type FlagSpec, runMain } from "./flags.ts";
import { type FigureScript, scriptValues } from "./figure_values.ts";
import { wroteLine } from "./wrote_line.ts";
import { figureFiles } from "../output/figures.ts";
import { checkOutDir, type FileToWrite, prepareOutDir, writeFilesAtomic, type WrittenFile } from "../output/files.ts";
import { dirname, joinPath } from "../output/paths.ts";

export type { FigureScript } from "./figure_values.ts";

/**
 * Parses `args` and renders the figure into its two files for `--out`
 * without writing them; null after `--help`.
 *
 * @param script the figure's name, summary, flags, checks and builder
 * @param args the command-line arguments
 * @param measured what the script measures, when measured already (see `measureFigureScript`); else it measures here
 * @returns `NAME.svg` and `NAME.vl.json` in `--out` (then the script's texts), or null after `--help`
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok, rejects } from "node:assert/strict";
 * import { renderFigureScript } from "./figure_script.ts";
 * import { RELU_SCRIPT } from "./static_figures.ts";
 * import { UsageError } from "../errors.ts";
 * const files = await renderFigureScript(RELU_SCRIPT, ["--z-max", "2", "--out", "/tmp/not-created"]);
 * deepStrictEqual(files?.map((f) => f.path), ["/tmp/not-created/relu.svg", "/tmp/not-created/relu.vl.json"]);
 * ok(String(files?.[0].data).startsWith("<svg"));
 * await rejects(renderFigureScript(RELU_SCRIPT, ["--z-min", "3", "--z-max", "2"]), UsageError);
 * ```
 */
export async function renderFigureScript<S extends Record<string, FlagSpec<unknown>>, P = undefined>(
  script: FigureScript<S, P>,
  args: readonly string[],
  measured?: { value: P },
): Promise<FileToWrite[] | null> {
  const values = scriptValues(script, args);
  if (values === null) return null;
  const out = values.out;
  await checkOutDir(out);
  const { value } = measured ?? { value: await script.measure?.(values) as P };
  const figure = script.build ? await figureFiles(out, script.name, script.build(values, value)) : [];
  const texts = Object.entries(script.texts?.(values, value) ?? {}).map(([file, data]) => ({
    path: joinPath(out, file),
    data,
  }));
  return [...figure, ...texts];
}

/**
 * Parses `args`, builds and writes the figure, creating `--out` when missing.
 *
 * @param script the figure's name, summary, flags, checks and builder
 * @param args the command-line arguments
 * @returns the files written, or null after `--help`
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { writeFigureScript } from "./figure_script.ts";
 * import { RELU_SCRIPT } from "./static_figures.ts";
 * const dir = await Deno.makeTempDir();
 * const written = await writeFigureScript(RELU_SCRIPT, ["--out", `${dir}/figures`]);
 * deepStrictEqual(written?.map((f) => f.path), [`${dir}/figures/relu.svg`, `${dir}/figures/relu.vl.json`]);
 * deepStrictEqual(written?.map((f) => Deno.statSync(f.path).size), written?.map((f) => f.bytes));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFigureScript<S extends Record<string, FlagSpec<unknown>>, P = undefined>(
  script: FigureScript<S, P>,
  args: readonly string[],
): Promise<WrittenFile[] | null> {
  const files = await renderFigureScript(script, args);
  if (files === null) return null;
  await prepareOutDir(dirname(files[0].path));
  return await writeFilesAtomic(files);
}

/**
 * Runs a figure script as a program on `Deno.args`: one line per file
 * written, the error contract of `runMain` on failure (a usage error exits 2).
 *
 * @param script the figure's name, summary, flags, checks and builder
 * @returns when the files are written
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { runFigureScript } from "./figure_script.ts";
 * // An error that is neither a usage nor a run error is a bug: it is rethrown, with its stack, before any write.
 * const build = (): never => {
 *   throw new TypeError("a bug");
 * };
 * await rejects(runFigureScript({ name: "broken", summary: "Never drawn.", flags: {}, build }), TypeError);
 * ```
 */
export async function runFigureScript<S extends Record<string, FlagSpec<unknown>>, P = undefined>(
  script: FigureScript<S, P>,
): Promise<void> {
  await runMain(async () => {
    for (const file of await writeFigureScript(script, Deno.args) ?? []) console.log(wroteLine(file));
  });
}
