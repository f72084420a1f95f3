/**
 * The training record written as `training.json`: its types. A run is plain
 * JSON, so any tool can read it and every figure can be re-rendered from it
 * without training again.
 *
 * @module
 */

import type {
  BackendName,
  DataSettingName,
  GradAtZero,
  HiddenInit,
  OptimizerName,
  Precision,
  RunSettingValues,
  TargetChoice,
} from "./settings.ts";
import type { DataPoints } from "./data_csv.ts";
/** The kinds of value a run records, defined with their accepted values in the settings registry (`./settings.ts`). */
export type {
  BackendName,
  DataPoints,
  DataSettingName,
  GradAtZero,
  HiddenInit,
  OptimizerName,
  Precision,
  TargetChoice,
};

/** The held-out points of a run and the model's MSE on them at every snapshot. */
export interface TestSet extends DataPoints {
  /** `losses[i]`: the MSE on the test points at snapshot i's parameters (float64 arithmetic). */
  losses: number[];
}

/** Where a run's points come from: a file's name and points (a run on data of one's own). */
export interface DataSource extends DataPoints {
  /** The file's name as given (`--data`) or picked (the page). */
  file: string;
}

/**
 * The settings of a run before it runs: one field per entry of the settings
 * registry's `RUN_SETTINGS` (`./settings.ts`), where each is defined once
 * with its help text, accepted values and default; a new entry there is a
 * new field here.
 */
export type TrainingOptions = RunSettingValues;

/** The settings of one training run, as recorded in `training.json`: {@link TrainingOptions} and the backend that ran. */
export interface TrainingConfig extends TrainingOptions {
  /** The backend that actually ran. */
  backend: BackendName;
}

/** The parameters of a 1-H-1 ReLU regressor. Unit j computes relu(w0[j]·x + b0[j]); the prediction is Σ_j w1[j]·relu(w0[j]·x + b0[j]) + b1. */
export interface RegressorParams {
  /** Input-to-hidden weights, length H. */
  w0: number[];
  /** Hidden biases, length H. */
  b0: number[];
  /** Hidden-to-output weights, length H. */
  w1: number[];
  /** Output bias (added once). */
  b1: number;
}

/** The parameters after `epoch` full-batch updates and the MSE at those parameters. */
export interface Snapshot extends RegressorParams {
  /** Number of updates applied (0 = initial parameters). */
  epoch: number;
  /** Mean squared error at these parameters. */
  loss: number;
}

/** A whole training run: config, data, the loss at every epoch and the snapshots. */
export interface TrainingRun {
  /** The settings. */
  config: TrainingConfig;
  /** Training inputs (without the test points). */
  x: number[];
  /** Training targets: the target's values (x³ by default) or the file's, with the noise if any. */
  y: number[];
  /** The held-out points and the test loss at every snapshot, when `config.testFraction` holds some out ({@link TestSet}). */
  test?: { x: number[]; y: number[]; losses: number[] };
  /** The file the points came from and its points as read, when `config.target` is `data` ({@link DataSource}). */
  data?: { file: string; x: number[]; y: number[] };
  /** `losses[k]` is the MSE after k updates, k = 0..epochs. */
  losses: number[];
  /** Snapshots in increasing epoch order, from 0 to `epochs`. */
  snapshots: Snapshot[];
}
