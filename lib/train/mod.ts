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
