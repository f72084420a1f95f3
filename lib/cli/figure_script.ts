/**
 * What every static figure script shares: the `--out` flag, parsing with the
 * error contract, building the spec and writing `NAME.svg` + `NAME.vl.json`.
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/spec.ts";
import { type FlagSpec, type FlagValues, parseFlags, runMain } from "./flags.ts";
import { outFlag } from "./common_flags.ts";
import { wroteLine } from "./report.ts";
import { figureFiles } from "../output/figures.ts";
import { checkOutDir, type FileToWrite, prepareOutDir, writeFilesAtomic, type WrittenFile } from "../output/files.ts";
import { dirname, joinPath } from "../output/paths.ts";

/**
 * A script that writes one static figure: `NAME.svg` and `NAME.vl.json` from
 * `build`, then any generated texts (`NAME.md`, ...). A figure that asks a
 * framework rather than a formula (`P`: what it measured) measures once, and
 * `build` and `texts` both read the measurement; one with texts only has no `build`.
 */
export interface FigureScript<S extends Record<string, FlagSpec<unknown>>, P = undefined> {
  /** The figure's file name without extension, e.g. `relu_derivative`. */
  name: string;
  /** What the figure shows, for `--help`. */
  summary: string;
  /** The script's own flags (without `--out`). */
  flags: S;
  /** Checks that involve several flags at once; throws UsageError. */
  check?: (values: FlagValues<S>) => void;
  /** Measures what the figure shows (e.g. asks tfjs), after the checks and before anything is rendered. */
  measure?: (values: FlagValues<S>) => Promise<P>;
  /** Builds the spec from the flag values and the measurement; absent: the script writes texts only. */
  build?: (values: FlagValues<S>, measured: P) => VegaLiteSpec;
  /** Generated texts written beside the figure (e.g. `NAME.md`, which README quotes), keyed by file name. */
  texts?: (values: FlagValues<S>, measured: P) => Record<string, string>;
}

/**
 * Parses `args` and renders the figure into its two files for `--out`
 * without writing them; null after `--help`.
 *
 * @param script the figure's name, summary, flags, checks and builder
 * @param args the command-line arguments
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
): Promise<FileToWrite[] | null> {
  const flags = { ...script.flags, out: outFlag };
  const values = parseFlags(args, {
    usage: `deno task ${script.name} --`,
    summary: script.build
      ? `${script.summary}\nWrites NAME.svg and its Vega-Lite spec NAME.vl.json into --out (NAME = ${script.name}).`
      : script.summary,
    flags,
  });
  if (values === null) return null;
  const own = values as FlagValues<S>;
  script.check?.(own);
  const out = values.out as string;
  await checkOutDir(out);
  const measured = await script.measure?.(own) as P;
  const figure = script.build ? await figureFiles(out, script.name, script.build(own, measured)) : [];
  const texts = Object.entries(script.texts?.(own, measured) ?? {}).map(([file, data]) => ({
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
