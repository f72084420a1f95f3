/**
 * The experiments: the relu'(0) sweep and the dead-unit grid (and the cells both train), their comparisons and
 * statistics (sign test, Wilcoxon, bootstrap, Holm, Wilson intervals), the replications, and the JSON records they
 * are stored as.
 *
 * This is the `./experiments` subpath export.
 *
 * @module
 */
export { type Comparison, CONVENTION_PAIRS, sweepComparisons } from "./comparisons.ts";
export {
  DEAD_UNIT_GRID,
  type DeadUnitCell,
  deadUnitCell,
  type DeadUnitCellRun,
  type DeadUnitGridOptions,
  deadUnitInit,
  type DeadUnitResult,
  deadUnitResult,
  type DeadUnitSeed,
  runDeadUnitGrid,
} from "./dead_units.ts";
export { DEAD_UNIT_JSON_FIELDS, deadUnitJson, mergeDeadUnitResults } from "./dead_unit_files.ts";
export {
  askTfjs,
  askTorch,
  FIGURES_TFJS_BACKENDS,
  type FrameworkAnswers,
  frameworkAnswers,
  type FrameworkRow,
  type KinkProgramMeasure,
  type KinkProgramsResult,
  measureKinkPrograms,
} from "./kink_claims.ts";
export { essayDeadUnitGrid, seedList } from "./plans.ts";
export { type SharedCell, sharedDeadUnitCells, sweepDeadUnitCells, type SweepPlan } from "./shared_cells.ts";
export { clopperPearson } from "./clopper_pearson.ts";
export { type Share, wilson } from "./intervals.ts";
export { expandRuns, recordingInterval, runLengths, sampledEpochs, storedNumber, storedValue } from "./records.ts";
export {
  checkInitialiser,
  type HalfVsOne,
  halfVsOne,
  type InitCheck,
  type KsResult,
  type PlateauShare,
  plateauShare,
} from "./replications.ts";
export {
  type BootstrapCI,
  bootstrapMedianCI,
  type BootstrapOptions,
  holm,
  median,
  type PairedComparison,
  pairedComparison,
  pairedDifferences,
  quantile,
  signTest,
  type SignTestResult,
  type Spread,
  summarize,
  type WilcoxonResult,
  wilcoxonSignedRank,
} from "./stats.ts";
export {
  type Convention,
  conventionGrad,
  type ConventionRecord,
  CONVENTIONS,
  ESSAY_SETTING,
  EXACT_ZERO_SETTING,
  runSubgradientSweep,
  SWEEP_SETTINGS,
  type SweepBatch,
  type SweepOptions,
  type SweepResult,
  type SweepSetting,
  type SweepSettingResult,
} from "./sweep.ts";
export { mergeSweepResults, SWEEP_JSON_FIELDS, sweepJson } from "./sweep_files.ts";
export {
  type ActivationRecord,
  type ActivationRun,
  type ActivationTraining,
  ESSAY_SATURATING,
  measureSnapshot,
  NEAR_ZERO,
  peakSlope,
  runVanishingGradients,
  type SnapshotMeasure,
  type TrainActivation,
  VANISHING_ACTIVATIONS,
  type VanishingActivation,
  type VanishingOptions,
  type VanishingResult,
} from "./vanishing_gradients.ts";
export {
  gradPerResidual,
  VANISHING_METRICS,
  type VanishingComparison,
  vanishingComparisons,
  type VanishingMetric,
} from "./vanishing_comparisons.ts";
export {
  parseVanishingRecord,
  VANISHING_JSON_FIELDS,
  type VanishingRecord,
  vanishingRecord,
} from "./vanishing_files.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { EngineFactory, EngineSpec, StepResult, TrainingEngine } from "../engine/contract.ts";
export type { KinkDerivative } from "../math/kink_programs.ts";
export type { RegressorParams } from "../model/run.ts";
export type { Differentiable } from "../model/gradients.ts";
export { BACKEND_NAMES, ENGINE_NAMES, HIDDEN_INITS, OPTIMIZERS, PRECISIONS } from "../model/settings.ts";
export type { BackendName, EngineName, GradAtZero, HiddenInit, OptimizerName, Precision } from "../model/settings.ts";
export type { BatchResult } from "../train/batch.ts";
