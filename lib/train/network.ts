/**
 * One call to train the essay's network from a script or a notebook: pick the
 * backend, pick the engine, train with the essay's defaults for whatever is
 * not given, return the plain {@link TrainingRun}.
 *
 * @module
 */
import { type BackendChoice, selectBackend } from "../engine/backend.ts";
import type { EngineName } from "../engine/contract.ts";
import { ENGINES } from "../engine/registry.ts";
import type { TrainingRun } from "../model/run.ts";
import { type TrainHooks, trainRegressor } from "./loop.ts";
import { type TrainingOptions } from "../model/run.ts";

/** The essay's settings: H = 7, 4000 full-batch SGD updates at lr 1e-4 on 300 points of y = x³ in [−10, 10]. */
export const ESSAY_DEFAULTS: Readonly<TrainingOptions> = {
  hidden: 7,
  epochs: 4000,
  lr: 1e-4,
  optimizer: "sgd",
  seed: 0,
  every: 100,
  points: 300,
  xMin: -10,
  xMax: 10,
  gradAtZero: 0,
};

/** Options of {@link trainNetwork}: any training setting (the rest from {@link ESSAY_DEFAULTS}), the backend and the engine. */
export interface TrainNetworkOptions extends Partial<TrainingOptions>, TrainHooks {
  /** The tfjs backend (default `"cpu"`, deterministic; `"auto"` takes WebGPU on a hardware adapter). */
  backend?: BackendChoice;
  /** The training engine (default `"fused"`). */
  engine?: EngineName;
}

/**
 * Trains the 1-H-1 ReLU regressor on y = x³ and returns the run: the config,
 * the data, the loss at every epoch and the snapshots.
 *
 * @example
 * ```ts
 * import { trainNetwork } from "./network.ts";
 * const run = await trainNetwork({ epochs: 200, every: 100 });
 * console.log(run.snapshots.map((s) => s.epoch)); // [0, 100, 200]
 * console.log(run.losses[200] < run.losses[0]); // true
 * ```
 */
export async function trainNetwork(options: TrainNetworkOptions = {}): Promise<TrainingRun> {
  const { backend = "cpu", engine = "fused", onProgress, ...settings } = options;
  const merged: TrainingOptions = { ...ESSAY_DEFAULTS, ...settings };
  if (settings.every === undefined) merged.every = Math.min(ESSAY_DEFAULTS.every, merged.epochs);
  await selectBackend(backend);
  return await trainRegressor({ ...merged, createEngine: ENGINES[engine] }, { onProgress });
}
