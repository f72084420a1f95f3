/** Writes figures/flip.svg: relu(z), relu(-z), -relu(z) and -relu(-z) in a 2x2 grid. */
import { FLIP_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(FLIP_SCRIPT);
