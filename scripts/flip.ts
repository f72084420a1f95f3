/** Writes figures/flip.svg: relu(z), relu(-z), -relu(z) and -relu(-z) in a 2x2 grid. */
import { flipFigure } from "../lib/plot/families.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

/** The flip figure script. */
export const script: FigureScript<Record<never, never>> = {
  name: "flip",
  summary: "relu(z), relu(-z), -relu(z) and -relu(-z) in a 2x2 grid.",
  flags: {},
  build: () => flipFigure(),
};

if (import.meta.main) await runFigureScript(script);
