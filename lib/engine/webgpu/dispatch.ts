/**
 * The fused kernel's function for the tfjs `webgpu` backend: checks the call
 * against its dispatch plan and records the plan's dispatches, through
 * `WebGPUBackend.runWebGPUProgram`, into one packed output.
 *
 * @module
 */
import type * as tf from "../../tf.ts";
import type { WebGPUBackend } from "npm:@tensorflow/tfjs-backend-webgpu@4.22.0";
import { type FusedKernelArgs, type FusedKernelAttrs, type FusedKernelInputs, packedLayout } from "../kernel.ts";
import { isSoftwareWebGpu } from "./adapter.ts";
import { FUSED_WORKGROUP_SIZE, fusedWebGpuPlan, roundUp, webgpuScratch } from "./plan.ts";
import { bindingView, flatView, partialsProgram, singleProgram, updateProgram } from "./programs.ts";

const T = FUSED_WORKGROUP_SIZE;

type Uniform = { type: "int32" | "float32"; data: number[] };
const int = (v: number): Uniform => ({ type: "int32", data: [v] });
const float = (v: number): Uniform => ({ type: "float32", data: [v] });

/**
 * The webgpu kernel: the dispatches of {@link fusedWebGpuPlan} into one
 * output. In single mode, one dispatch per `stepsPerDispatch` updates; in
 * split mode, a partials and an update dispatch per update, the first pair
 * reading the `state` input and the later ones the output, with the partial
 * sums in a temporary buffer released once the dispatches are submitted.
 * Throws a `RangeError` for a call the plan refuses, more models than
 * workgroups in one dimension (single mode), or too few `scratch` columns.
 *
 * @param args the inputs ({@link FusedKernelInputs}), the attributes ({@link FusedKernelAttrs}) and the backend
 * @returns the packed output [M, W']
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import type { FusedKernelArgs } from "../kernel.ts";
 * import { webgpuKernel } from "./dispatch.ts";
 * // A stand-in backend that records the programs it is asked to run.
 * const keys: string[] = [];
 * const tensor = (shape: number[], dtype = "float32") => ({ dataId: {}, shape, dtype });
 * const backend = {
 *   device: {
 *     limits: { maxStorageBufferBindingSize: 2 ** 30, maxComputeWorkgroupsPerDimension: 65535 },
 *     adapterInfo: { isFallbackAdapter: false },
 *   },
 *   makeTensorInfo: tensor,
 *   runWebGPUProgram: (program: { shaderKey: string }) => keys.push(program.shaderKey),
 *   disposeData: () => {},
 * };
 * const attrs = {
 *   steps: 2, hidden: 64, lr: 0.01, adam: false, gradAtZero: 0,
 *   randomGrad: false, stepOffset: 0, countZeros: false, scratch: 0,
 * };
 * const inputs = {
 *   x: tensor([10_000]), y: tensor([10_000]), state: tensor([1, 193]),
 *   schedule: tensor([2, 2]), seeds: tensor([1], "int32"),
 * };
 * const output = webgpuKernel({ inputs, attrs, backend } as unknown as FusedKernelArgs);
 * deepStrictEqual(output.shape, [1, 195]);
 * deepStrictEqual(keys, [
 *   "FusedReluRegressorPartials",
 *   "FusedReluRegressorUpdate",
 *   "FusedReluRegressorPartials",
 *   "FusedReluRegressorUpdate",
 * ]);
 * ```
 */
export function webgpuKernel(args: FusedKernelArgs): tf.TensorInfo {
  const inputs = args.inputs as unknown as FusedKernelInputs;
  const attrs = args.attrs as unknown as FusedKernelAttrs;
  const backend = args.backend as WebGPUBackend;
  const models = inputs.seeds.shape[0];
  const points = inputs.x.shape[0];
  const hidden = attrs.hidden;
  const layout = packedLayout(attrs);
  const plan = fusedWebGpuPlan({
    hidden,
    points,
    steps: attrs.steps,
    models,
    software: isSoftwareWebGpu(backend),
    stateSize: layout.state,
    maxBindingBytes: backend.device.limits.maxStorageBufferBindingSize,
  });
  if (plan.refused) throw new RangeError(plan.refused);
  const maxWorkgroups = backend.device.limits.maxComputeWorkgroupsPerDimension;
  if (plan.mode === "single" && models > maxWorkgroups) {
    throw new RangeError(
      `Cannot run the fused webgpu kernel for ${models} models: one workgroup per model, ` +
        `at most maxComputeWorkgroupsPerDimension = ${maxWorkgroups}`,
    );
  }
  const needed = webgpuScratch(hidden, points);
  if (attrs.scratch < needed) {
    throw new RangeError(
      `Cannot run the fused webgpu kernel: scratch must be at least webgpuScratch(${hidden}, ${points}) = ${needed}, ` +
        `got ${attrs.scratch}`,
    );
  }
  const output = backend.makeTensorInfo([models, layout.width], "float32");
  const slots = Math.max(attrs.steps, 1);
  const stateStride = inputs.state.shape[1];
  const state = flatView(inputs.state);
  const schedule = flatView(inputs.schedule);
  const seeds = bindingView(inputs.seeds, [models, 1]);
  const flags = {
    adam: int(attrs.adam ? 1 : 0),
    randomGrad: int(attrs.randomGrad ? 1 : 0),
    countZeros: int(attrs.countZeros ? 1 : 0),
  };
  if (plan.mode === "single") {
    const order = [inputs.x, inputs.y, state, schedule, seeds];
    for (let first = 0; first < slots; first += plan.stepsPerDispatch) {
      backend.runWebGPUProgram(singleProgram(models, layout.width), order, "float32", [
        int(hidden),
        int(points),
        int(attrs.steps),
        int(first),
        int(Math.min(plan.stepsPerDispatch, slots - first)),
        int(attrs.stepOffset),
        int(layout.state),
        int(stateStride),
        int(layout.losses),
        int(layout.zeros),
        int(layout.scratch),
        flags.adam,
        flags.randomGrad,
        flags.countZeros,
        float(attrs.lr),
        float(attrs.gradAtZero),
        float(attrs.leftSlope ?? 0),
        float(attrs.rightSlope ?? 1),
      ], output);
    }
    return output;
  }
  const rows = models * plan.chunks;
  const rowWidth = 3 * hidden + 3 + plan.chunk;
  const columns = roundUp(3 * hidden + 3, T);
  const partials = backend.makeTensorInfo([rows * rowWidth], "float32");
  try {
    for (let s = 0; s < slots; s++) {
      backend.runWebGPUProgram(
        partialsProgram(rows, rowWidth),
        [inputs.x, inputs.y, s === 0 ? state : flatView(output), seeds],
        "float32",
        [
          int(hidden),
          int(points),
          int(plan.chunk),
          int(plan.chunks),
          int(models),
          int(s === 0 ? stateStride : layout.width),
          int(attrs.stepOffset + s),
          flags.randomGrad,
          float(attrs.gradAtZero),
          float(attrs.leftSlope ?? 0),
          float(attrs.rightSlope ?? 1),
        ],
        partials,
      );
      backend.runWebGPUProgram(updateProgram(models, layout.width, columns), [partials, state, schedule], "float32", [
        int(hidden),
        int(points),
        int(plan.chunks),
        int(rowWidth),
        int(models),
        int(columns),
        int(stateStride),
        int(s === 0 ? 1 : 0),
        int(s),
        int(attrs.steps),
        int(layout.losses),
        int(layout.zeros),
        flags.adam,
        flags.countZeros,
        float(attrs.lr),
      ], output);
    }
  } finally {
    // Released once the recorded dispatches are submitted.
    backend.disposeData(partials.dataId);
  }
  return output;
}
