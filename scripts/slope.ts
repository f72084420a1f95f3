/** Writes figures/slope.svg: relu(w·z) for w = 0.5, 1.0, ..., 3.0 in a 2x3 grid. */
import { slopeFigure } from "../lib/plot/families.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

/** The slope figure script. */
export const script: FigureScript<Record<never, never>> = {
  name: "slope",
  summary: "relu(w·z) for w = 0.5, 1.0, ..., 3.0 in a 2x3 grid.",
  flags: {},
  build: () => slopeFigure(),
};

if (import.meta.main) await runFigureScript(script);
