/**
 * One call to train the essay's network from a script or a notebook: pick the
 * backend, pick the engine, train with the essay's defaults for whatever is
 * not given, return the plain {@link TrainingRun}.
 *
 * @module
 */
import { defaultEvery, ESSAY } from "../essay.ts";
import { type BackendChoice, selectBackend } from "../engine/backend.ts";
import type { EngineName } from "../engine/contract.ts";
import { ENGINES } from "../engine/registry.ts";
import type { TrainingRun } from "../model/run.ts";
import { type TrainHooks, trainRegressor } from "./loop.ts";
import type { TrainingOptions } from "../model/run.ts";

/** Options of {@link trainNetwork}: any training setting (the rest from {@link ESSAY}), the backend and the engine. */
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
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { trainNetwork } from "./train_network.ts";
 * const run = await trainNetwork({ epochs: 200, every: 100 });
 * deepStrictEqual(run.snapshots.map((s) => s.epoch), [0, 100, 200]);
 * ok(run.losses[200] < run.losses[0]);
 * ```
 */
export async function trainNetwork(options: TrainNetworkOptions = {}): Promise<TrainingRun> {
  const { backend = "cpu", engine = "fused", onProgress, ...settings } = options;
  const merged: TrainingOptions = { ...ESSAY, ...settings };
  if (settings.every === undefined) merged.every = defaultEvery(merged.epochs);
  await selectBackend(backend);
  return await trainRegressor({ ...merged, createEngine: ENGINES[engine] }, { onProgress });
}
