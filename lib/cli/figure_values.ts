/**
 * The part of a figure script (`figure_script.ts`) that needs neither vega
 * nor the output folder: its command line parsed and checked, and what it
 * measures. `deno task figures` measures the figures that ask tfjs on its
 * main thread, which has tfjs loaded for training, while a worker, which
 * then needs no tfjs, renders them.
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/spec.ts";
import { type FlagSpec, type FlagValues, parseFlags } from "./flags.ts";
import { outFlag } from "./out_flag.ts";

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
 * Parses `args` with the script's flags and `--out`, and runs its checks;
 * null after `--help` (printed).
 *
 * @param script the figure's name, summary, flags and checks
 * @param args the command-line arguments
 * @returns the flag values, `out` among them; a UsageError for a bad flag
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { scriptValues } from "./figure_values.ts";
 * import { RELU_SCRIPT } from "./static_figures.ts";
 * strictEqual(scriptValues(RELU_SCRIPT, ["--z-max", "2"])?.["z-max"], 2);
 * await rejects(async () => scriptValues(RELU_SCRIPT, ["--z-min", "3", "--z-max", "2"]), /z-min/);
 * ```
 */
export function scriptValues<S extends Record<string, FlagSpec<unknown>>, P>(
  script: FigureScript<S, P>,
  args: readonly string[],
): (FlagValues<S> & { out: string }) | null {
  const values = parseFlags(args, {
    usage: `deno task ${script.name} --`,
    summary: script.build
      ? `${script.summary}\nWrites NAME.svg and its Vega-Lite spec NAME.vl.json into --out (NAME = ${script.name}).`
      : script.summary,
    flags: { ...script.flags, out: outFlag },
  });
  if (values === null) return null;
  const own = values as FlagValues<S> & { out: string };
  script.check?.(own);
  return own;
}

/**
 * What a figure script measures with `args` (undefined for one that
 * measures nothing), boxed so that an undefined measurement is told from
 * `--help`, which gives null.
 *
 * @param script the figure script
 * @param args the command-line arguments
 * @returns the measurement in `value`, or null after `--help`
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { measureFigureScript } from "./figure_values.ts";
 * import { KINK_PROGRAMS_SCRIPT, RELU_SCRIPT } from "./static_figures.ts";
 * const kinks = await measureFigureScript(KINK_PROGRAMS_SCRIPT, []);
 * deepStrictEqual(kinks?.value.programs.map((p) => p.grads[1].grad), [0, 1, 0.5]);
 * deepStrictEqual(await measureFigureScript(RELU_SCRIPT, []), { value: undefined });
 * ```
 */
export async function measureFigureScript<S extends Record<string, FlagSpec<unknown>>, P>(
  script: FigureScript<S, P>,
  args: readonly string[],
): Promise<{ value: P } | null> {
  const values = scriptValues(script, args);
  if (values === null) return null;
  return { value: await script.measure?.(values) as P };
}
