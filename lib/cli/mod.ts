/**
 * The command-line layer behind scripts/: the flag machinery, the common flags, and each command's main.
 *
 * Internal to the repository: no subpath export.
 *
 * @module
 */
export { outFlag } from "./common_flags.ts";
export { runDeadUnitsCommand, runSweepCommand } from "./experiments.ts";
export { runFigureScript } from "./figure_script.ts";
export { runFiguresCommand, writeAllFigures } from "./figures.ts";
export {
  booleanFlag,
  choiceFlag,
  type FlagSpec,
  integerFlag,
  listFlag,
  numberFlag,
  type NumberFlagOptions,
  optionalStringFlag,
  stringFlag,
} from "./flag_kinds.ts";
export { type CommandSpec, flagName, flagTable, type FlagValues, helpText, parseFlags, runMain } from "./flags.ts";
export { formatProgress, type FormatProgressOptions } from "./progress.ts";
export { wroteLine } from "./report.ts";
export {
  ACTIVATIONS_SCRIPT,
  FLIP_SCRIPT,
  NETWORK_SCRIPT,
  RELU_DERIVATIVE_SCRIPT,
  RELU_SCRIPT,
  SHIFT_HORIZONTAL_SCRIPT,
  SHIFT_VERTICAL_SCRIPT,
  SLOPE_SCRIPT,
  SUBGRADIENTS_SCRIPT,
  TARGET_SCRIPT,
} from "./static_figures.ts";
export { runTraining, TRAINING_FLAGS } from "./training.ts";
