/** Writes figures/activations.svg: sigmoid, tanh and relu with their derivatives and saturation. */
import { numberFlag } from "../lib/cli/flags.ts";
import { activationsFigure } from "../lib/plot/activations.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

const flags = {
  threshold: numberFlag({
    description: "|f'(z)| below this is shaded as saturated",
    default: 0.01,
    min: 0,
    max: 0.25,
    exclusiveMin: true,
  }),
};

/** The activations figure script. */
export const script: FigureScript<typeof flags> = {
  name: "activations",
  summary: "Sigmoid, tanh and relu beside their derivatives, saturation of sigmoid and tanh shaded.",
  flags,
  build: (v) => activationsFigure({ threshold: v.threshold }),
};

if (import.meta.main) await runFigureScript(script);
