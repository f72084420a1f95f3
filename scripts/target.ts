/** Writes figures/target.svg: y = x³, the curve the network learns. */
import { integerFlag, numberFlag, UsageError } from "../lib/cli/flags.ts";
import { targetFigure } from "../lib/plot/target.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

const flags = {
  "x-min": numberFlag({
    description: "left end of the x range",
    default: -10,
    min: -1e4,
    max: 1e4,
  }),
  "x-max": numberFlag({
    description: "right end of the x range",
    default: 10,
    min: -1e4,
    max: 1e4,
  }),
  points: integerFlag({
    description: "training points marked on the curve (0: none)",
    default: 300,
    min: 0,
    max: 10000,
  }),
};

/** The target figure script. */
export const script: FigureScript<typeof flags> = {
  name: "target",
  summary: "The target y = x³ with the training points marked.",
  flags,
  check: (v) => {
    if (v["x-min"] >= v["x-max"]) {
      throw new UsageError(
        `--x-min must be smaller than --x-max, got ${v["x-min"]} and ${v["x-max"]}`,
      );
    }
  },
  build: (v) => targetFigure({ xMin: v["x-min"], xMax: v["x-max"], points: v.points }),
};

if (import.meta.main) await runFigureScript(script);
