/** Writes figures/subgradients.svg: the fan of subgradients of relu at 0 and E[g] = 0.5. */
import { integerFlag } from "../lib/cli/flags.ts";
import { subgradientsFigure } from "../lib/plot/relu.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

const flags = {
  lines: integerFlag({
    description: "number of subgradient lines g·z drawn",
    default: 11,
    min: 2,
    max: 201,
  }),
};

/** The subgradients figure script. */
export const script: FigureScript<typeof flags> = {
  name: "subgradients",
  summary: "ReLU with the fan of lines g·z, g in [0, 1] (its subgradients at 0), and the line of slope E[g] = 0.5.",
  flags,
  build: (v) => subgradientsFigure({ lines: v.lines }),
};

if (import.meta.main) await runFigureScript(script);
