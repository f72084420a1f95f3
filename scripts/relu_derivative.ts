/** Writes figures/relu_derivative.svg: relu beside its derivative, with the value chosen at 0. */
import { numberFlag } from "../lib/cli/flags.ts";
import { reluDerivativeFigure } from "../lib/plot/relu.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

const flags = {
  "grad-at-zero": numberFlag({
    description: "the value of relu'(0) (0: TensorFlow/PyTorch, 0.5: the expected subgradient)",
    default: 0,
    min: 0,
    max: 1,
  }),
};

/** The relu_derivative figure script. */
export const script: FigureScript<typeof flags> = {
  name: "relu_derivative",
  summary: "ReLU and its derivative; the jump at 0 with open circles and a filled dot at the chosen relu'(0).",
  flags,
  build: (v) => reluDerivativeFigure({ atZero: v["grad-at-zero"] }),
};

if (import.meta.main) await runFigureScript(script);
