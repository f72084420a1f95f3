/** Writes figures/slope.svg: relu(w·z) for w = 0.5, 1.0, ..., 3.0 in a 2x3 grid. */
import { SLOPE_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(SLOPE_SCRIPT);
