/**
 * The contract between the training loop and the code that does the
 * arithmetic. Two engines implement it: `autodiff` (generic tfjs ops and
 * `tf.grads`, the reference) and `fused` (one registered tfjs kernel per call
 * that runs forward, backward and update for many steps). Both train M
 * independent 1-H-1 models at once (M = 1 for an ordinary run) and must agree
 * within float32 tolerance.
 *
 * Arithmetic both engines follow exactly:
 * - z[m][p][j] = w0[m][j]·x[p] + b0[m][j]; a = relu(z);
 *   ŷ[m][p] = Σ_j w1[m][j]·a[m][p][j] + b1[m]; loss = mean_p (ŷ − y)².
 * - relu'(z) is 1 for z > 0, 0 for z < 0 and g for z = 0 exactly, where g is
 *   `gradAtZero`, or for `"random"` g = hashUniform(seeds[m], k, p·H + j) with
 *   k the 0-based index of the update since the engine was created.
 * - SGD: θ ← θ − lr·∇θ. Adam (PyTorch's): β1 = 0.9, β2 = 0.999, ε = 1e-8,
 *   m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², θ ← θ − lr·m̂/(√v̂ + ε) with
 *   m̂ = m/(1−β1^t), v̂ = v/(1−β2^t), t = k + 1.
 *
 * @module
 */
import type { BackendName, GradAtZero, OptimizerName, RegressorParams } from "./snapshot.ts";

/** The engines that can train a regressor. */
export type EngineName = "fused" | "autodiff";

/** What an engine trains: M models on one data set. */
export interface EngineSpec {
  /** The training inputs, length P. */
  x: readonly number[];
  /** The training targets, length P. */
  y: readonly number[];
  /** The initial parameters of each of the M models (all with the same H). */
  init: readonly RegressorParams[];
  /** Per model, the seed of `gradAtZero: "random"` draws (length M). */
  seeds: readonly number[];
  /** Learning rate. */
  lr: number;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** relu'(0). */
  gradAtZero: GradAtZero;
  /** When true, {@link TrainingEngine.step} also counts the pre-activations that were exactly 0. */
  countZeros?: boolean;
}

/** The result of {@link TrainingEngine.step}. */
export interface StepResult {
  /** `losses[m][k]`: MSE of model m before the k-th update of this call. */
  losses: Float32Array[];
  /** `zeros[m][k]`: how many of the P·H pre-activations of model m were exactly 0 in that update's forward pass (only with `countZeros`). */
  zeros?: Int32Array[];
}

/** M models being trained on one backend. */
export interface TrainingEngine {
  /** Which engine this is. */
  readonly name: EngineName;
  /** The tfjs backend it runs on. */
  readonly backend: BackendName;
  /** Number of models M. */
  readonly models: number;
  /** Applies `steps` full-batch updates to every model; reads back from the device once. */
  step(steps: number): Promise<StepResult>;
  /** The MSE of every model at its current parameters. */
  evaluate(): Promise<number[]>;
  /** The current parameters of every model. */
  params(): Promise<RegressorParams[]>;
  /** Frees every tensor the engine holds. */
  dispose(): void;
}
