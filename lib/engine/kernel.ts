/**
 * The fused training kernel's contract, shared by its cpu, wasm and webgpu
 * implementations: its name, its attributes and the layout of the one packed
 * float32 tensor it reads and writes.
 *
 * Inputs: `x` [P], `y` [P], `state` [M, W] (only the first
 * {@link stateWidth} columns of each row are read), `schedule` [max(steps, 1), 2]
 * (Adam's bias corrections 1 − β1^t and 1 − β2^t per update, computed in
 * float64 on the host and rounded to float32), `seeds` [M] int32
 * (`hash32(seed)` of each model, bit for bit).
 *
 * Output: [M, W'] with, per row (model), the state after the updates, then
 * the losses, then (with `countZeros`) the zero counts, then any scratch the
 * implementation needs (see {@link packedLayout}). With `steps = 0` nothing is
 * updated and the single loss slot holds the MSE at the current parameters.
 *
 * State row: w0 [H], b0 [H], w1 [H], b1, and for Adam the first moments and
 * the second moments of those 3H + 1 numbers in the same order.
 *
 * @module
 */

/** The name the fused kernel is registered under, for every backend. */
export const FUSED_KERNEL_NAME = "FusedReluRegressorSteps";

/** The attributes of one fused kernel call. */
export interface FusedKernelAttrs {
  /** Number of full-batch updates to apply (0: only compute the loss). */
  steps: number;
  /** Number of hidden units H. */
  hidden: number;
  /** Learning rate. */
  lr: number;
  /** True for Adam, false for SGD. */
  adam: boolean;
  /** relu'(0) when `randomGrad` is false. */
  gradAtZero: number;
  /** When true, relu'(0) is hashUniform(seeds[m], k, p·H + j). */
  randomGrad: boolean;
  /** The global update index k of this call's first update (0-based). */
  stepOffset: number;
  /** When true, the output holds the count of exactly-0 pre-activations per update. */
  countZeros: boolean;
  /** Extra float32 scratch per model row that the implementation needs (webgpu: P). */
  scratch: number;
}

/** Where things sit in one row of the fused kernel's packed output. */
export interface PackedLayout {
  /** Numbers per model of the parameters: 3H + 1. */
  params: number;
  /** Numbers of state per model: `params`, or 3·`params` with Adam. */
  state: number;
  /** Column of the first loss. */
  losses: number;
  /** Column of the first zero count (equal to `scratch` when zeros are not counted). */
  zeros: number;
  /** Column of the first scratch number. */
  scratch: number;
  /** The row width W'. */
  width: number;
}

import type * as tf from "npm:@tensorflow/tfjs@4.22.0";
import { ADAM_BETA1, ADAM_BETA2 } from "./contract.ts";
export { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from "./contract.ts";

/** The number of state columns per model for H hidden units. */
export function stateWidth(hidden: number, adam: boolean): number {
  const params = 3 * hidden + 1;
  return adam ? 3 * params : params;
}

/** The layout of a packed output row for the given attributes. */
export function packedLayout(attrs: FusedKernelAttrs): PackedLayout {
  const params = 3 * attrs.hidden + 1;
  const state = stateWidth(attrs.hidden, attrs.adam);
  const slots = Math.max(attrs.steps, 1);
  const losses = state;
  const zeros = losses + slots;
  const scratch = zeros + (attrs.countZeros ? slots : 0);
  return {
    params,
    state,
    losses,
    zeros,
    scratch,
    width: scratch + attrs.scratch,
  };
}

/**
 * Adam's bias corrections for `steps` updates starting at global index
 * `stepOffset`: row s holds 1 − β1^t and 1 − β2^t with t = stepOffset + s + 1,
 * computed in float64 (PyTorch does the same in Python floats). At least one
 * row, so that the tensor is never empty.
 */
export function adamSchedule(steps: number, stepOffset: number): Float32Array {
  const rows = Math.max(steps, 1);
  const out = new Float32Array(2 * rows);
  for (let s = 0; s < rows; s++) {
    const t = stepOffset + s + 1;
    out[2 * s] = 1 - Math.pow(ADAM_BETA1, t);
    out[2 * s + 1] = 1 - Math.pow(ADAM_BETA2, t);
  }
  return out;
}

/** The tensors the fused kernel takes, by name. */
export interface FusedKernelInputs {
  /** Inputs [P]. */
  x: tf.TensorInfo;
  /** Targets [P]. */
  y: tf.TensorInfo;
  /** Packed state [M, stateWidth]. */
  state: tf.TensorInfo;
  /** Adam's bias corrections [steps, 2]. */
  schedule: tf.TensorInfo;
  /** hash32(seed) per model [M], int32. */
  seeds: tf.TensorInfo;
}

/** What tfjs hands a kernel function. */
export interface FusedKernelArgs {
  /** The named input tensors (a {@link FusedKernelInputs}). */
  inputs: tf.NamedTensorInfoMap;
  /** The backend the kernel runs on. */
  backend: unknown;
  /** The attributes (a {@link FusedKernelAttrs}). */
  attrs?: tf.NamedAttrMap;
}
