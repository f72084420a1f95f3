/** Writes figures/relu.svg: relu(z) = max(0, z). */
import { RELU_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(RELU_SCRIPT);
