/**
 * The training record written as `training.json`: its types. A run is plain
 * JSON, so any tool can read it and every figure can be re-rendered from it
 * without training again.
 *
 * @module
 */

import type { GradAtZero } from "../math/relu.ts";
/** How relu'(0) is chosen during training (defined in `lib/math/relu.ts`). */
export type { GradAtZero };

/** The optimizers the trainer supports. */
export type OptimizerName = "sgd" | "adam";

/** The arithmetic of a run: float32 as tfjs devices compute, or float64 (the fused cpu engine only). */
export type Precision = "float32" | "float64";

/** How the hidden layer starts: PyTorch's `nn.Linear` default, or w0 = b0 = 0 (the output layer PyTorch's in both). */
export type HiddenInit = "pytorch" | "zero-hidden";

/** The tfjs backends the trainer can run on. */
export type BackendName = "webgpu" | "cpu" | "wasm";

/** The settings of one training run, as recorded in `training.json`. */
export interface TrainingConfig {
  /** Number of hidden ReLU units H. */
  hidden: number;
  /** Number of full-batch updates. */
  epochs: number;
  /** Learning rate. */
  lr: number;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** Seed of the initialisation (and of `gradAtZero: "random"`). */
  seed: number;
  /** A snapshot is taken every `every` epochs (and at the last epoch). */
  every: number;
  /** Number of evenly spaced training points. */
  points: number;
  /** Smallest input. */
  xMin: number;
  /** Largest input. */
  xMax: number;
  /** The value used for relu'(0). */
  gradAtZero: GradAtZero;
  /** How the hidden layer started. */
  init: HiddenInit;
  /** The arithmetic. */
  precision: Precision;
  /** The backend that actually ran. */
  backend: BackendName;
}

/** The settings of a run before it runs: everything in {@link TrainingConfig} but the backend. */
export type TrainingOptions = Omit<TrainingConfig, "backend">;

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
  /** Training inputs. */
  x: number[];
  /** Training targets (x³). */
  y: number[];
  /** `losses[k]` is the MSE after k updates, k = 0..epochs. */
  losses: number[];
  /** Snapshots in increasing epoch order, from 0 to `epochs`. */
  snapshots: Snapshot[];
}
