/** Writes figures/network.svg: the 1-H-1 ReLU network as a diagram. */
import { NETWORK_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(NETWORK_SCRIPT);
