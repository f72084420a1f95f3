/** Writes figures/relu.svg: relu(z) = max(0, z). */
import { numberFlag, UsageError } from "../lib/cli/flags.ts";
import { reluFigure } from "../lib/plot/relu.ts";
import { type FigureScript, runFigureScript } from "../lib/cli/figure_script.ts";

const flags = {
  "z-min": numberFlag({
    description: "left end of the z range",
    default: -5,
    min: -1e6,
    max: 1e6,
  }),
  "z-max": numberFlag({
    description: "right end of the z range",
    default: 5,
    min: -1e6,
    max: 1e6,
  }),
};

/** The relu figure script. */
export const script: FigureScript<typeof flags> = {
  name: "relu",
  summary: "ReLU, relu(z) = max(0, z), drawn exactly from its breakpoints.",
  flags,
  check: (v) => {
    if (v["z-min"] >= v["z-max"]) {
      throw new UsageError(
        `--z-min must be smaller than --z-max, got ${v["z-min"]} and ${v["z-max"]}`,
      );
    }
  },
  build: (v) => reluFigure({ zMin: v["z-min"], zMax: v["z-max"] }),
};

if (import.meta.main) await runFigureScript(script);
