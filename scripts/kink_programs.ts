/** Writes figures/kink_programs.svg (.vl.json, .json, .md): relu written three ways, three tf.grad derivatives at 0. */
import { KINK_PROGRAMS_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(KINK_PROGRAMS_SCRIPT);
