/**
 * `deno task relu_grad_frameworks:torch`: asks PyTorch (/usr/bin/python3 with torch) for relu′ at 0 and beside it,
 * and rewrites figures/relu_grad_frameworks.json and .md with its row. A tool, not a script: it starts Python.
 *
 * @module
 */
import { RELU_GRAD_TORCH_SCRIPT } from "../lib/cli/static_figures.ts";
import { runFigureScript } from "../lib/cli/figure_script.ts";

if (import.meta.main) await runFigureScript(RELU_GRAD_TORCH_SCRIPT);
