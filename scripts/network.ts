/** Writes figures/network.svg: the 1-H-1 ReLU network as a diagram. */
import { integerFlag } from "../lib/cli/flags.ts";
import { MAX_DIAGRAM_HIDDEN, networkFigure } from "../lib/plot/network.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

const flags = {
  hidden: integerFlag({
    description: "number of hidden ReLU units H",
    default: 7,
    min: 1,
    max: MAX_DIAGRAM_HIDDEN,
  }),
};

/** The network figure script. */
export const script: FigureScript<typeof flags> = {
  name: "network",
  summary: "The 1-H-1 ReLU network: input x, H ReLU units, linear output ŷ, bias units, edges labelled w0/b0/w1/b1.",
  flags,
  build: (v) => networkFigure({ hidden: v.hidden }),
};

if (import.meta.main) await runFigureScript(script);
