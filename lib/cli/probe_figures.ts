/**
 * What the figures that ask tfjs (and PyTorch) rather than draw from formulas
 * measure and write: `kink_programs` (relu written three ways, one function,
 * three derivatives at 0) and `relu_grad_frameworks` (what each framework
 * takes for relu′(0)). Their scripts are in `static_figures.ts`; tfjs loads
 * only when one of them measures, so the other static figures start without it.
 *
 * Only tfjs on cpu and wasm is asked by default: `deno task figures` must not
 * need Python or a WebGPU adapter, and must write the same bytes everywhere;
 * PyTorch is asked by a task of its own (`relu_grad_frameworks:torch`), the
 * one that may start Python.
 * The rows not asked for are kept from the committed
 * `figures/relu_grad_frameworks.json`; a test asks each framework again and
 * compares.
 *
 * @module
 */
import { readTextIfPresent } from "../input.ts";
import { UsageError } from "../errors.ts";
import type { FrameworkAnswers, FrameworkRow, KinkProgramsResult } from "../experiments/kink_claims.ts";
import { experimentJsonText } from "../render/json.ts";
import { frameworkAnswersMarkdown, kinkProgramsMarkdown } from "../render/kink_tables.ts";
import { joinPath } from "../output/paths.ts";
import { DEFAULT_OUT } from "./common_flags.ts";
import { type FlagSpec, listFlag } from "./flags.ts";

/** The Python that asks PyTorch, the one the PyTorch cross-check uses. */
export const PYTHON = "/usr/bin/python3";

/** Whom the library can ask: tfjs on a backend, or PyTorch. */
export const ASKABLE = ["cpu", "wasm", "webgpu", "torch"] as const;

/** One of {@link ASKABLE}. */
export type Askable = typeof ASKABLE[number];

/** The tfjs backends `deno task relu_grad_frameworks --ask` picks from (PyTorch has a task of its own). */
const ASK_BACKENDS = ["cpu", "wasm", "webgpu"] as const satisfies readonly Askable[];

/** The flag that picks the tfjs backends to ask; the default is what `deno task figures` asks. */
export const ASK_FLAG: FlagSpec<typeof ASK_BACKENDS[number][]> = listFlag({
  description: "the tfjs backends to ask; rows not asked for (PyTorch's: deno task relu_grad_frameworks:torch) " +
    "are kept from the committed figures/relu_grad_frameworks.json",
  default: ["cpu", "wasm"],
  choices: ASK_BACKENDS,
});

/** The committed answers of the frameworks, whose rows not asked for again are kept. */
const COMMITTED_ANSWERS = joinPath(DEFAULT_OUT, "relu_grad_frameworks.json");

/**
 * Measures the kink programs with tf.grad on the cpu backend (tfjs loads here).
 *
 * @returns the measurements
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { measureKinks } from "./probe_figures.ts";
 * deepStrictEqual((await measureKinks()).programs.map((p) => p.grads[1].grad), [0, 1, 0.5]);
 * ```
 */
export async function measureKinks(): Promise<KinkProgramsResult> {
  const { measureKinkPrograms } = await import("../experiments/kink_claims.ts");
  return await measureKinkPrograms();
}

/**
 * The texts written beside the kink-programs figure: the measurements as
 * `kink_programs.json` and the table as `kink_programs.md`.
 *
 * @param result what {@link measureKinks} found
 * @returns the texts by file name
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { kinkProgramsTexts, measureKinks } from "./probe_figures.ts";
 * deepStrictEqual(Object.keys(kinkProgramsTexts(await measureKinks())), ["kink_programs.json", "kink_programs.md"]);
 * ```
 */
export function kinkProgramsTexts(result: KinkProgramsResult): Record<string, string> {
  return { "kink_programs.json": experimentJsonText(result), "kink_programs.md": kinkProgramsMarkdown(result) };
}

/**
 * The rows of an earlier `relu_grad_frameworks.json`, or none when there is
 * no such file; a file that is not one is a {@link UsageError} naming it.
 *
 * @param path the file
 * @returns its rows
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { earlierAnswers } from "./probe_figures.ts";
 * const dir = await Deno.makeTempDir();
 * deepStrictEqual(await earlierAnswers(`${dir}/relu_grad_frameworks.json`), []); // no such file yet
 * await Deno.remove(dir);
 * ```
 */
export async function earlierAnswers(path: string): Promise<FrameworkRow[]> {
  const text = await readTextIfPresent(path);
  if (text === null) return [];
  const rows = (() => {
    try {
      return JSON.parse(text).rows;
    } catch {
      return undefined;
    }
  })();
  const isRow = (r: Partial<FrameworkRow>) =>
    typeof r?.framework === "string" && typeof r.backend === "string" && Array.isArray(r.grads);
  if (!Array.isArray(rows) || !rows.every(isRow)) {
    throw new UsageError(`${path} is not a relu_grad_frameworks.json (a "rows" list of frameworks' answers)`);
  }
  return rows;
}

/** The command recorded with a row: the shortest one that measures it. */
function commandFor(asked: Askable): string {
  if (asked === "torch") return "deno task relu_grad_frameworks:torch";
  return (ASK_FLAG.default as Askable[]).includes(asked)
    ? "deno task figures"
    : `deno task relu_grad_frameworks -- --ask ${asked}`;
}

/**
 * Asks each of `ask` (tfjs loads here) and merges the answers with the
 * earlier rows, which default to the committed file's. A tfjs backend that
 * cannot start is a {@link UsageError} naming `ask`; a Python without torch, one naming `torch`.
 *
 * @param ask whom to ask
 * @param earlier the rows to keep where not asked again (default: the committed file's)
 * @returns the answers, tfjs rows first
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { askFrameworks } from "./probe_figures.ts";
 * const { rows } = await askFrameworks(["cpu"], []);
 * deepStrictEqual(rows.map((r) => [r.backend, r.grads, r.command]), [["cpu", [0, 0, 0, 0, 1, 1], "deno task figures"]]);
 * ```
 */
export async function askFrameworks(
  ask: readonly Askable[],
  earlier?: readonly FrameworkRow[],
): Promise<FrameworkAnswers> {
  const { askTfjs, askTorch, frameworkAnswers } = await import("../experiments/kink_claims.ts");
  const kept = earlier ?? await earlierAnswers(COMMITTED_ANSWERS);
  const measured: FrameworkRow[] = [];
  try {
    for (const asked of ask) {
      measured.push(
        asked === "torch" ? await askTorch(PYTHON, commandFor(asked)) : (await askTfjs([asked], commandFor(asked)))[0],
      );
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    // The library names its inputs backend and torch; here both are picked by --ask.
    throw new UsageError((name) =>
      ask.includes("torch")
        ? e.describe(name)
        : `${name("ask")}: ${e.describe((input) => input === "backend" ? "the tfjs backend" : input)}`
    );
  }
  return frameworkAnswers(measured, kept);
}

/**
 * The texts of the frameworks' answers: `relu_grad_frameworks.json` and `.md`.
 *
 * @param answers what {@link askFrameworks} returned
 * @returns the texts by file name
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { askFrameworks, frameworkTexts } from "./probe_figures.ts";
 * const texts = frameworkTexts(await askFrameworks(["cpu"], []));
 * deepStrictEqual(Object.keys(texts), ["relu_grad_frameworks.json", "relu_grad_frameworks.md"]);
 * ```
 */
export function frameworkTexts(answers: FrameworkAnswers): Record<string, string> {
  return {
    "relu_grad_frameworks.json": experimentJsonText(answers),
    "relu_grad_frameworks.md": frameworkAnswersMarkdown(answers),
  };
}
