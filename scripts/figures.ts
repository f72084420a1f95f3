/**
 * Regenerates every figure into figures/ (or `--out DIR`): the static figures
 * of the essay, rendered in this process, while the training run and its
 * outputs are produced in a worker on the other core.
 *
 * @module
 */
import { parseFlags, runMain } from "../lib/cli.ts";
import { prepareOutDir } from "../lib/io.ts";
import { outFlag, writeFigureScript } from "./_figure_script.ts";
import { script as relu } from "./relu.ts";
import { script as reluDerivative } from "./relu_derivative.ts";
import { script as subgradients } from "./subgradients.ts";
import { script as flip } from "./flip.ts";
import { script as slope } from "./slope.ts";
import { script as shiftHorizontal } from "./shift_horizontal.ts";
import { script as shiftVertical } from "./shift_vertical.ts";
import { script as target } from "./target.ts";
import { script as network } from "./network.ts";
import { script as activations } from "./activations.ts";

/** The static figure scripts, in the order of the essay. */
export const STATIC_SCRIPTS = [
  relu,
  reluDerivative,
  subgradients,
  flip,
  slope,
  shiftHorizontal,
  shiftVertical,
  target,
  network,
  activations,
] as const;

/** Writes every static figure into `out`; returns one line per file written. */
export async function writeStaticFigures(out: string): Promise<string[]> {
  const lines: string[] = [];
  for (const script of STATIC_SCRIPTS) {
    // deno-lint-ignore no-explicit-any
    const written = await writeFigureScript(script as any, ["--out", out]);
    if (written) {
      lines.push(
        `wrote ${written.svg} (${written.bytes} bytes)`,
        `wrote ${written.spec}`,
      );
    }
  }
  return lines;
}

if (import.meta.main) {
  await runMain(async () => {
    const values = parseFlags(Deno.args, {
      usage: "deno task figures --",
      summary: "Regenerates every figure of the essay with its default settings.",
      flags: { out: outFlag },
    });
    if (values === null) return;
    await prepareOutDir(values.out);
    for (const line of await writeStaticFigures(values.out)) console.log(line);
  });
}
