/** Writes figures/target.svg: y = x³, the curve the network learns. */
import { TARGET_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(TARGET_SCRIPT);
