/** Writes figures/shift_vertical.svg: relu(z) + b for b = 0.5, ..., 3.0 in a 2x3 grid. */
import { verticalShiftFigure } from "../lib/plot/families.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

/** The shift_vertical figure script. */
export const script: FigureScript<Record<never, never>> = {
  name: "shift_vertical",
  summary: "relu(z) + b for b = 0.5, ..., 3.0 in a 2x3 grid.",
  flags: {},
  build: () => verticalShiftFigure(),
};

if (import.meta.main) await runFigureScript(script);
