/**
 * What every static figure script shares: the `--out` flag, parsing with the
 * error contract, building the spec and writing `NAME.svg` + `NAME.vl.json`.
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/spec.ts";
import { type FlagSpec, type FlagValues, parseFlags, runMain, stringFlag } from "./flags.ts";
import { checkOutDir, dirname, prepareOutDir, writeFilesAtomic } from "../output/files.ts";
import { type FigureFiles, renderFigureFiles, type WrittenFigure } from "../render/svg.ts";

/** The figures folder of this repository, relative to the working directory when possible. */
export const DEFAULT_OUT: string = defaultOut();

function defaultOut(): string {
  const abs = new URL("../../figures", import.meta.url).pathname;
  try {
    const cwd = Deno.cwd();
    if (abs.startsWith(cwd + "/")) return abs.slice(cwd.length + 1);
  } catch {
    // no read permission for the cwd: keep the absolute path
  }
  return abs;
}

/** The `--out` flag every script accepts. */
export const outFlag: FlagSpec<string> = stringFlag({
  description: "folder to write into (created if missing)",
  default: DEFAULT_OUT,
  accepted: "a folder path",
});

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
): Promise<FigureFiles | null> {
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
  return await renderFigureFiles(out, script.name, spec);
}

/** Parses `args`, builds and writes the figure; returns what was written, or null after `--help`. */
export async function writeFigureScript<S extends Record<string, FlagSpec<unknown>>>(
  script: FigureScript<S>,
  args: readonly string[],
): Promise<WrittenFigure | null> {
  const rendered = await renderFigureScript(script, args);
  if (rendered === null) return null;
  await prepareOutDir(dirname(rendered.written.svg));
  await writeFilesAtomic(rendered.files);
  return rendered.written;
}

/** Runs a figure script as a program: one line per file written, the error contract on failure. */
export async function runFigureScript<
  S extends Record<string, FlagSpec<unknown>>,
>(
  script: FigureScript<S>,
): Promise<void> {
  await runMain(async () => {
    const written = await writeFigureScript(script, Deno.args);
    if (written) {
      console.log(`wrote ${written.svg} (${written.bytes} bytes)`);
      console.log(`wrote ${written.spec}`);
    }
  });
}
