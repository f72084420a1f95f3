/**
 * The flags of the experiment commands, `subgradient_sweep` and `dead_units`, with their limits and defaults
 * (`./experiments.ts` runs them).
 *
 * @module
 */
import { choiceFlag, type FlagValues, integerFlag, listFlag, settingFlag } from "./flags.ts";
import {
  EXPERIMENT_BACKEND_FLAG,
  EXPERIMENT_ENGINE_FLAG,
  gradAtZeroFlag,
  outFlag,
  PRECISION_FLAG,
} from "./common_flags.ts";
import { PRECISIONS, RUN_SETTINGS } from "../model/settings.ts";
import { narrowed } from "../model/setting_kinds.ts";
import { DEFAULT_TARGET, TARGET_NAMES } from "../math/targets.ts";

/** The seeds per convention and setting (sweep) and per cell (dead units) when `--seeds` is not given. */
export const DEFAULT_SEEDS = 64;

const seedsFlag = (what: string) =>
  integerFlag({ description: `seeds ${what} (seeds 0..N-1)`, default: DEFAULT_SEEDS, min: 1, max: 128 });
const epochsFlag = settingFlag(narrowed(RUN_SETTINGS.epochs, { max: 100000 }), {
  description: "full-batch updates per model",
});

/** `--target`: the function the experiment's networks learn, a name of the targets registry (its range too). */
const TARGET_FLAG = choiceFlag({
  description: "the target learned, on its own x range (lib/math/targets.ts; default the essay's y = x³ on [-10, 10])",
  default: DEFAULT_TARGET,
  choices: TARGET_NAMES,
});

/** The flags of the sweep, with their limits. */
export const SWEEP_FLAGS = {
  seeds: seedsFlag("per convention and setting"),
  epochs: epochsFlag,
  precision: listFlag({
    description: "arithmetic of the runs, each on the same seeds (float64: fused engine on the cpu backend)",
    default: PRECISIONS,
    choices: PRECISIONS,
  }),
  backend: EXPERIMENT_BACKEND_FLAG,
  engine: EXPERIMENT_ENGINE_FLAG,
  target: TARGET_FLAG,
  out: outFlag,
};

/** The flags of the dead-unit grid, with their limits. */
export const DEAD_UNIT_FLAGS = {
  seeds: seedsFlag("(models) per cell"),
  epochs: epochsFlag,
  "grad-at-zero": gradAtZeroFlag("relu'(0) during training (0 as in TensorFlow and PyTorch)"),
  precision: PRECISION_FLAG,
  backend: EXPERIMENT_BACKEND_FLAG,
  engine: EXPERIMENT_ENGINE_FLAG,
  target: TARGET_FLAG,
  out: outFlag,
};

/** The sweep's values when no flag is given. */
export type SweepValues = FlagValues<typeof SWEEP_FLAGS>;
/** The dead-unit grid's values when no flag is given. */
export type DeadUnitValues = FlagValues<typeof DEAD_UNIT_FLAGS>;
