/** Writes figures/shift_vertical.svg: relu(z) + b for b = 0.5, ..., 3.0 in a 2x3 grid. */
import { SHIFT_VERTICAL_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(SHIFT_VERTICAL_SCRIPT);
