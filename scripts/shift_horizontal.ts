/** Writes figures/shift_horizontal.svg: relu(z + b) for b = 0.5, ..., 3.0 in a 2x3 grid. */
import { horizontalShiftFigure } from "../lib/plot/families.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

/** The shift_horizontal figure script. */
export const script: FigureScript<Record<never, never>> = {
  name: "shift_horizontal",
  summary: "relu(z + b) for b = 0.5, ..., 3.0 in a 2x3 grid.",
  flags: {},
  build: () => horizontalShiftFigure(),
};

if (import.meta.main) await runFigureScript(script);
