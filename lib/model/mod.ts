/**
 * The 1-H-1 regressor as data: the settings of a run and its snapshots, parameters and target data, the
 * limits that bound a run, the run-file parser, and what a model computes (pre-activations, the decomposition
 * into units, dead units, activation patterns).
 *
 * This is the `./model` subpath export.
 *
 * @module
 */
export { CSV_MAX_ABS_Y, CSV_MAX_ROWS, type DataPoints, parseDataCsv } from "./data_csv.ts";
export {
  DATA_SETTING_NAMES,
  meanSquaredError,
  recordedDataSettings,
  runData,
  type RunDataOptions,
  splitData,
  testCount,
  withNoise,
} from "./dataset.ts";
export { deadUnits } from "./dead_units.ts";
export { decompose, decomposeExact, type Decomposition, regressorBreakpointXs } from "./decompose.ts";
export { DRAWABLE_ACCEPTED, drawableRangeProblem, smallestEvery, snapshotCount, TRAINING_LIMITS } from "./limits.ts";
export { formatLoss } from "./loss_text.ts";
export { type Differentiable, type MseGradientOptions, type MseGradients, mseGradients } from "./gradients.ts";
export { distinctPatterns } from "./patterns.ts";
export { preActivation } from "./pre_activation.ts";
export {
  createRegressor,
  predict,
  type RegressorOptions,
  type TargetData,
  targetData,
  type TargetDataOptions,
} from "./regressor.ts";
export {
  type DataSettingName,
  type DataSource,
  type RegressorParams,
  type Snapshot,
  type TestSet,
  type TrainingConfig,
  type TrainingOptions,
  type TrainingRun,
} from "./run.ts";
export { parseTrainingRun } from "./run_file.ts";
export {
  choiceSetting,
  integerSetting,
  narrowed,
  numberSetting,
  refusal,
  type Setting,
  type SettingKind,
  type SettingOptions,
  type SettingRange,
  type SettingValue,
  switchSetting,
} from "./setting_kinds.ts";
export {
  ACTIVATION_SETTING,
  BACKEND_NAMES,
  type BackendName,
  ENGINE_CHOICE_SETTING,
  ENGINE_LR,
  ENGINE_NAMES,
  ENGINE_SETTING,
  type EngineChoice,
  type EngineName,
  FIXED_GRAD_AT_ZERO,
  type GradAtZero,
  HIDDEN_INITS,
  type HiddenInit,
  type OptimizerName,
  OPTIMIZERS,
  type OptionalSettingName,
  type Precision,
  PRECISIONS,
  RELU_GRAD_AT_ZERO,
  RUN_SETTINGS,
  runDefaults,
  type RunSettingName,
  type RunSettingValues,
  TARGET_CHOICES,
  type TargetChoice,
} from "./settings.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { TargetName } from "../math/targets.ts";
