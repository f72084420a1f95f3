/** Writes figures/relu_grad_frameworks.json and .md: relu′ at 0 (and beside it) as tfjs and PyTorch compute it. */
import { RELU_GRAD_FRAMEWORKS_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(RELU_GRAD_FRAMEWORKS_SCRIPT);
