/** Writes figures/activations.svg: sigmoid, tanh and relu with their derivatives and saturation. */
import { ACTIVATIONS_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(ACTIVATIONS_SCRIPT);
