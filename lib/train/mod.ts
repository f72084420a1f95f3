/**
 * Training: one network from its settings, a regressor with an engine of your choice, many models at once
 * (under several values of relu'(0), forked where they differ), and the engine session around them.
 *
 * This is the `./train` subpath export.
 *
 * @module
 */
export { type BatchOptions, type BatchResult, trainBatch } from "./batch.ts";
export { type ForkOptions, trainForked } from "./fork.ts";
export { type EngineSession, withEngine } from "./lifecycle.ts";
export {
  snapshotEpochs,
  type TrainHooks,
  type TrainingProgress,
  trainRegressor,
  type TrainRegressorOptions,
} from "./loop.ts";
export { trainNetwork, type TrainNetworkOptions } from "./train_network.ts";
export {
  createTrainer,
  DEFAULT_PRECISION,
  divergenceEpoch,
  type RegressorSettings,
  regressorSetup,
  runConfig,
  type Trainer,
  type TrainerOptions,
  type TrainerStop,
} from "./trainer.ts";

// What this layer's exports name from lower layers (types, and the registry's lists in those types), so that
// this entry point is documented on its own (`deno doc --lint` of each subpath export is clean).
export type { BackendChoice } from "../engine/backend.ts";
export type { EngineFactory, EngineSpec, StepResult, TrainingEngine } from "../engine/contract.ts";
export type { DataPoints } from "../model/data_csv.ts";
export type {
  DataSource,
  RegressorParams,
  Snapshot,
  TrainingConfig,
  TrainingOptions,
  TrainingRun,
} from "../model/run.ts";
export { BACKEND_NAMES, ENGINE_NAMES, OPTIMIZERS, PRECISIONS } from "../model/settings.ts";
export type { BackendName, EngineName, GradAtZero, OptimizerName, Precision } from "../model/settings.ts";
