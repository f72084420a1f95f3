/** Writes figures/subgradients.svg: the fan of subgradients of relu at 0 and E[g] = 0.5. */
import { SUBGRADIENTS_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(SUBGRADIENTS_SCRIPT);
