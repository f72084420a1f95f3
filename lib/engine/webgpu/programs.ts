/**
 * The tfjs `WebGPUProgram` descriptions of the fused webgpu kernel's three
 * programs (single, partials, update): their inputs, output shapes, dispatch
 * sizes and uniforms, and the tensor views that keep one pipeline per program.
 *
 * @module
 */
import type * as tf from "../../tf.ts";
import type { WebGPUProgram } from "npm:@tensorflow/tfjs-backend-webgpu@4.22.0";
import { FUSED_WORKGROUP_SIZE } from "./plan.ts";
import { singleShaderSource } from "./single_shader.ts";
import { partialsShaderSource, updateShaderSource } from "./split_shaders.ts";

const T = FUSED_WORKGROUP_SIZE;

/** The uniforms' WGSL struct fields, as tfjs's `uniforms` string takes them. */
const uniformFields = (fields: string[]): string => fields.map((f) => `${f},`).join(" ");

// runWebGPUProgram rewrites a program's shaderKey and dispatch in place (the
// key grows on every reuse, which would compile a new pipeline per dispatch):
// every dispatch gets a fresh program object from these functions.

/**
 * The single-mode program: one workgroup per model, writing the [M, W'] packed
 * output from the inputs X, Y, State, Schedule, Seeds.
 *
 * @param models models M
 * @param width the packed row width W'
 * @returns a fresh program object
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { singleProgram } from "./programs.ts";
 * const program = singleProgram(3, 40);
 * strictEqual(program.shaderKey, "FusedReluRegressorSingle");
 * deepStrictEqual(program.dispatch, [3, 1, 1]);
 * deepStrictEqual(program.outputShape, [3, 40]);
 * ```
 */
export function singleProgram(models: number, width: number): WebGPUProgram {
  return {
    variableNames: ["X", "Y", "State", "Schedule", "Seeds"],
    outputShape: [models, width],
    shaderKey: "FusedReluRegressorSingle",
    dispatchLayout: { x: [0] },
    dispatch: [models, 1, 1],
    workgroupSize: [T, 1, 1],
    uniforms: uniformFields([
      "hidden : i32",
      "points : i32",
      "steps : i32",
      "chunkFirst : i32",
      "chunkSteps : i32",
      "stepOffset : i32",
      "stateSize : i32",
      "stateStride : i32",
      "lossesAt : i32",
      "zerosAt : i32",
      "scratchAt : i32",
      "adam : i32",
      "randomGrad : i32",
      "countZeros : i32",
      "lr : f32",
      "gradAtZero : f32",
      "leftSlope : f32",
      "rightSlope : f32",
    ]),
    getUserCode: singleShaderSource,
  };
}

/**
 * The split mode's partials program: one workgroup per (model, chunk) row of
 * the flat partials buffer, from the inputs X, Y, Params, Seeds.
 *
 * @param rows models × chunks
 * @param rowWidth numbers per row: 3H + 3 sums, then the chunk's residuals
 * @returns a fresh program object
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { partialsProgram } from "./programs.ts";
 * const program = partialsProgram(40, 451);
 * strictEqual(program.shaderKey, "FusedReluRegressorPartials");
 * deepStrictEqual(program.dispatch, [40, 1, 1]);
 * deepStrictEqual(program.outputShape, [40 * 451]);
 * ```
 */
export function partialsProgram(rows: number, rowWidth: number): WebGPUProgram {
  return {
    variableNames: ["X", "Y", "Params", "Seeds"],
    outputShape: [rows * rowWidth],
    shaderKey: "FusedReluRegressorPartials",
    dispatchLayout: { x: [0] },
    dispatch: [rows, 1, 1],
    workgroupSize: [T, 1, 1],
    uniforms: uniformFields([
      "hidden : i32",
      "points : i32",
      "chunk : i32",
      "chunks : i32",
      "models : i32",
      "paramStride : i32",
      "update : i32",
      "randomGrad : i32",
      "gradAtZero : f32",
      "leftSlope : f32",
      "rightSlope : f32",
    ]),
    getUserCode: partialsShaderSource,
  };
}

/**
 * The split mode's update program: one thread per (model, column), writing
 * the [M, W'] packed output from the inputs Partials, State, Schedule.
 *
 * @param models models M
 * @param width the packed row width W'
 * @param columns threads per model: 3H + 3 rounded up to a multiple of 64
 * @returns a fresh program object
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { updateProgram } from "./programs.ts";
 * const program = updateProgram(2, 200, 256);
 * strictEqual(program.shaderKey, "FusedReluRegressorUpdate");
 * deepStrictEqual(program.dispatch, [8, 1, 1]);
 * deepStrictEqual(program.outputShape, [2, 200]);
 * ```
 */
export function updateProgram(models: number, width: number, columns: number): WebGPUProgram {
  return {
    variableNames: ["Partials", "State", "Schedule"],
    outputShape: [models, width],
    shaderKey: "FusedReluRegressorUpdate",
    dispatchLayout: { x: [0] },
    dispatch: [(models * columns) / T, 1, 1],
    workgroupSize: [T, 1, 1],
    uniforms: uniformFields([
      "hidden : i32",
      "points : i32",
      "chunks : i32",
      "partialRow : i32",
      "models : i32",
      "columns : i32",
      "stateStride : i32",
      "first : i32",
      "slot : i32",
      "steps : i32",
      "lossesAt : i32",
      "zerosAt : i32",
      "adam : i32",
      "countZeros : i32",
      "lr : f32",
    ]),
    getUserCode: updateShaderSource,
  };
}

/**
 * A view of a tensor with another shape of the same size, for the bindings
 * only: tfjs keys its pipelines on the inputs' shapes (ranks, size-1 dims,
 * shapes equal to the output's), so flat views of the state, the schedule
 * and the partials and an [M, 1] view of the seeds keep one pipeline per
 * program for every M, P and call.
 *
 * @param t the tensor
 * @param shape the view's shape (of the same size)
 * @returns the view, sharing `t`'s data
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { bindingView } from "./programs.ts";
 * const seeds = { dataId: {}, dtype: "int32" as const, shape: [3] };
 * const view = bindingView(seeds, [3, 1]);
 * deepStrictEqual(view.shape, [3, 1]);
 * strictEqual(view.dataId, seeds.dataId);
 * ```
 */
export function bindingView(t: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: t.dataId, dtype: t.dtype, shape };
}

/**
 * A flat {@link bindingView} of a tensor: one dimension of its size.
 *
 * @param t the tensor
 * @returns the view, sharing `t`'s data
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { flatView } from "./programs.ts";
 * deepStrictEqual(flatView({ dataId: {}, dtype: "float32", shape: [2, 5] }).shape, [10]);
 * ```
 */
export function flatView(t: tf.TensorInfo): tf.TensorInfo {
  return bindingView(t, [t.shape.reduce((a, b) => a * b, 1)]);
}
