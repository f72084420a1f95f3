/**
 * The fused training kernel's contract, shared by its cpu, wasm and webgpu
 * implementations: its name, its attributes, its input tensors and the layout
 * of the one packed float32 tensor it writes ({@link packedLayout}).
 *
 * @module
 */

/**
 * The name the fused kernel is registered under, for every backend.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { FUSED_KERNEL_NAME } from "./kernel.ts";
 * strictEqual(FUSED_KERNEL_NAME, "FusedReluRegressorSteps");
 * ```
 */
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
  /** The derivative at the kink (relu'(0)) when `randomGrad` is false. */
  gradAtZero: number;
  /**
   * When true, the derivative at the kink is left + (right − left)·u with u = hashUniform(seeds[m], k, p·H + j)
   * (relu: u).
   */
  randomGrad: boolean;
  /** The activation's slope for z < 0, a float32 number (default 0: relu). */
  leftSlope?: number;
  /** The activation's slope for z > 0, a float32 number (default 1: relu). */
  rightSlope?: number;
  /** The global update index k of this call's first update (0-based). */
  stepOffset: number;
  /** When true, the output holds the count of exactly-0 pre-activations per update. */
  countZeros: boolean;
  /** Extra float32 scratch per model row that the implementation needs (webgpu: `webgpuScratch(H, P)`). */
  scratch: number;
}

/**
 * Where things sit in one row (one model) of the fused kernel's packed output
 * [M, W']: the state after the updates, then the losses, then (with
 * `countZeros`) the zero counts, then any scratch the implementation needs.
 * With `steps = 0` nothing is updated and the single loss slot holds the MSE
 * at the current parameters.
 */
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

import type * as tf from "../tf.ts";
import { ADAM_BETA1, ADAM_BETA2, type EngineSpec } from "./contract.ts";
import { ACTIVATION_DEFAULT, activationOf, isPiecewise, type Slopes } from "../math/activation_registry.ts";

/**
 * The slopes of a piecewise-linear activation (default relu's, 0 and 1); a RangeError for a smooth one, which
 * the fused kernels cannot run.
 *
 * @param activation the activation's text
 * @returns its left and right slopes
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { piecewiseSlopes } from "./kernel.ts";
 * deepStrictEqual([piecewiseSlopes(undefined), piecewiseSlopes("abs")], [{ left: 0, right: 1 }, { left: -1, right: 1 }]);
 * throws(() => piecewiseSlopes("tanh"), /tanh is smooth: the fused kernels run the piecewise-linear activations/);
 * ```
 */
export function piecewiseSlopes(activation: string | undefined): Slopes {
  const a = activationOf(activation ?? ACTIVATION_DEFAULT);
  if (!isPiecewise(a)) {
    throw new RangeError(
      `Cannot run activation ${a.text} on the fused kernels: ${a.text} is smooth: the fused kernels run the ` +
        `piecewise-linear activations only (use the autodiff engine)`,
    );
  }
  return a.slopes;
}

/**
 * The number of state columns per model for H hidden units. A state row holds
 * w0 [H], b0 [H], w1 [H], b1 and, for Adam, the first and the second moments
 * of those 3H + 1 numbers in the same order.
 *
 * @param hidden the number of hidden units H
 * @param adam whether the row holds Adam's moments
 * @returns 3H + 1, or 3(3H + 1) with Adam
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { stateWidth } from "./kernel.ts";
 * deepStrictEqual([stateWidth(2, false), stateWidth(2, true)], [7, 21]);
 * ```
 */
export function stateWidth(hidden: number, adam: boolean): number {
  const params = 3 * hidden + 1;
  return adam ? 3 * params : params;
}

/**
 * The layout of a packed output row for the given attributes.
 *
 * @param attrs the kernel call's attributes
 * @returns the columns of the state, the losses, the zero counts and the scratch, and the row width
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { packedLayout } from "./kernel.ts";
 * const attrs = { steps: 3, hidden: 2, lr: 0.1, adam: false, gradAtZero: 0, randomGrad: false, stepOffset: 0 };
 * deepStrictEqual(packedLayout({ ...attrs, countZeros: true, scratch: 5 }), {
 *   params: 7,
 *   state: 7,
 *   losses: 7,
 *   zeros: 10,
 *   scratch: 13,
 *   width: 18,
 * });
 * ```
 */
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
 * computed in float64 (PyTorch does the same in Python floats) and rounded to
 * float32. At least one row, so that the tensor is never empty.
 *
 * @param steps the number of updates
 * @param stepOffset the global index of the first update (0-based)
 * @returns max(steps, 1) rows of two numbers
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { adamSchedule } from "./kernel.ts";
 * deepStrictEqual(Array.from(adamSchedule(2, 0)), [0.1, 0.001, 0.19, 1 - 0.999 ** 2].map(Math.fround));
 * deepStrictEqual(adamSchedule(0, 5).length, 2);
 * ```
 */
export function adamSchedule(steps: number, stepOffset: number): Float32Array {
  return Float32Array.from(adamSchedule64(steps, stepOffset));
}

/**
 * Adam's bias corrections as {@link adamSchedule} computes them, left in
 * float64 (for the float64 kernels).
 *
 * @param steps the number of updates
 * @param stepOffset the global index of the first update (0-based)
 * @returns max(steps, 1) rows of 1 − β1^t and 1 − β2^t
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { adamSchedule64 } from "./kernel.ts";
 * deepStrictEqual(Array.from(adamSchedule64(1, 1)), [1 - 0.9 ** 2, 1 - 0.999 ** 2]);
 * ```
 */
export function adamSchedule64(steps: number, stepOffset: number): Float64Array {
  const rows = Math.max(steps, 1);
  const out = new Float64Array(2 * rows);
  for (let s = 0; s < rows; s++) {
    const t = stepOffset + s + 1;
    out[2 * s] = 1 - Math.pow(ADAM_BETA1, t);
    out[2 * s + 1] = 1 - Math.pow(ADAM_BETA2, t);
  }
  return out;
}

/** The arrays one fused kernel call reads and writes. */
export interface FusedArrays {
  /** Inputs, length P. */
  x: Float32Array;
  /** Targets, length P. */
  y: Float32Array;
  /** Input state, M rows of `stateStride` numbers. */
  state: Float32Array;
  /** Row stride of `state`. */
  stateStride: number;
  /** Adam bias corrections, 2 per update. */
  schedule: Float32Array;
  /** hash32(seed) per model, as int32 bits. */
  seeds: Int32Array;
  /** Output, M rows of `packedLayout(attrs).width` numbers. */
  out: Float32Array;
}

/** The arrays of one float64 fused kernel call: {@link FusedArrays} with float64 numbers. */
export interface FusedArrays64 {
  /** Inputs, length P. */
  x: Float64Array;
  /** Targets, length P. */
  y: Float64Array;
  /** Input state, M rows of `stateStride` numbers. */
  state: Float64Array;
  /** Row stride of `state`. */
  stateStride: number;
  /** Adam bias corrections, 2 per update (see {@link adamSchedule64}). */
  schedule: Float64Array;
  /** hash32(seed) per model, as int32 bits. */
  seeds: Int32Array;
  /** Output, M rows of `packedLayout(attrs).width` numbers. */
  out: Float64Array;
}

/** The tensors the fused kernel takes, by name. */
export interface FusedKernelInputs {
  /** Inputs [P]. */
  x: tf.TensorInfo;
  /** Targets [P]. */
  y: tf.TensorInfo;
  /** Packed state [M, W]; only the first {@link stateWidth} columns of each row are read. */
  state: tf.TensorInfo;
  /** Adam's bias corrections [max(steps, 1), 2] ({@link adamSchedule}). */
  schedule: tf.TensorInfo;
  /** hash32(seed) per model [M], int32 (bit for bit). */
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

/**
 * The attributes of one fused kernel call for an engine `spec` with H =
 * `hidden`: `steps` updates from global update `stepOffset`, with `scratch`
 * extra columns per row.
 *
 * @param spec the engine's models and settings
 * @param call the call: H, steps, the first update's index, the scratch columns
 * @returns the attributes
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { fusedAttrs } from "./kernel.ts";
 * const spec = { lr: 0.1, optimizer: "sgd" as const, gradAtZero: "random" as const };
 * deepStrictEqual(fusedAttrs(spec, { hidden: 7, steps: 5, stepOffset: 10, scratch: 0 }), {
 *   steps: 5, hidden: 7, lr: 0.1, adam: false, gradAtZero: 0, randomGrad: true, stepOffset: 10,
 *   countZeros: false, scratch: 0,
 * });
 * ```
 */
export function fusedAttrs(
  spec: Pick<EngineSpec, "lr" | "optimizer" | "gradAtZero" | "countZeros" | "activation">,
  call: { hidden: number; steps: number; stepOffset: number; scratch: number },
): FusedKernelAttrs {
  const slopes = piecewiseSlopes(spec.activation);
  const relu = slopes.left === 0 && slopes.right === 1;
  return {
    ...(relu ? {} : { leftSlope: slopes.left, rightSlope: slopes.right }),
    steps: call.steps,
    hidden: call.hidden,
    lr: spec.lr,
    adam: spec.optimizer === "adam",
    gradAtZero: spec.gradAtZero === "random" ? 0 : spec.gradAtZero,
    randomGrad: spec.gradAtZero === "random",
    stepOffset: call.stepOffset,
    countZeros: spec.countZeros ?? false,
    scratch: call.scratch,
  };
}
