/**
 * The static figures of the essay, in the essay's order, and a writer for all
 * of them (used by `scripts/figures.ts`).
 *
 * @module
 */
import { writeFilesAtomic } from "../lib/output/files.ts";
import type { FigureFiles } from "../lib/render/svg.ts";
import { renderFigureScript } from "../lib/cli/figure_script.ts";
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
  const rendered: FigureFiles[] = [];
  for (const script of STATIC_SCRIPTS) {
    // deno-lint-ignore no-explicit-any
    const figure = await renderFigureScript(script as any, ["--out", out]);
    if (figure) rendered.push(figure);
  }
  // One batch: the short wait that lets a held signal through is paid once, not per file.
  await writeFilesAtomic(rendered.flatMap((r) => r.files));
  return rendered.flatMap(({ written }) => [`wrote ${written.svg} (${written.bytes} bytes)`, `wrote ${written.spec}`]);
}
