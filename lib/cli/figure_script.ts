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
import {
  checkOutDir,
  dirname,
  type FileToWrite,
  prepareOutDir,
  writeFilesAtomic,
  type WrittenFile,
} from "../output/files.ts";

/** A script that writes one static figure. */
export interface FigureScript<S extends Record<string, FlagSpec<unknown>>> {
  /** The figure's file name without extension, e.g. `relu_derivative`. */
  name: string;
  /** What the figure shows, for `--help`. */
  summary: string;
  /** The script's own flags (without `--out`). */
  flags: S;
  /** Checks that involve several flags at once; throws UsageError. */
  check?: (values: FlagValues<S>) => void;
  /** Builds the spec from the flag values. */
  build: (values: FlagValues<S>) => VegaLiteSpec;
}

/**
 * Parses `args` and renders the figure into its two files for `--out`
 * without writing them; null after `--help`.
 */
export async function renderFigureScript<S extends Record<string, FlagSpec<unknown>>>(
  script: FigureScript<S>,
  args: readonly string[],
): Promise<FileToWrite[] | null> {
  const flags = { ...script.flags, out: outFlag };
  const values = parseFlags(args, {
    usage: `deno task ${script.name} --`,
    summary:
      `${script.summary}\nWrites NAME.svg and its Vega-Lite spec NAME.vl.json into --out (NAME = ${script.name}).`,
    flags,
  });
  if (values === null) return null;
  script.check?.(values as FlagValues<S>);
  const spec = script.build(values as FlagValues<S>);
  const out = values.out as string;
  await checkOutDir(out);
  return await figureFiles(out, script.name, spec);
}

/** Parses `args`, builds and writes the figure; returns what was written, or null after `--help`. */
export async function writeFigureScript<S extends Record<string, FlagSpec<unknown>>>(
  script: FigureScript<S>,
  args: readonly string[],
): Promise<WrittenFile[] | null> {
  const files = await renderFigureScript(script, args);
  if (files === null) return null;
  await prepareOutDir(dirname(files[0].path));
  return await writeFilesAtomic(files);
}

/** Runs a figure script as a program: one line per file written, the error contract on failure. */
export async function runFigureScript<S extends Record<string, FlagSpec<unknown>>>(
  script: FigureScript<S>,
): Promise<void> {
  await runMain(async () => {
    for (const file of await writeFigureScript(script, Deno.args) ?? []) console.log(wroteLine(file));
  });
}
