/** Writes figures/relu_derivative.svg: relu beside its derivative, with the value chosen at 0. */
import { RELU_DERIVATIVE_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(RELU_DERIVATIVE_SCRIPT);
