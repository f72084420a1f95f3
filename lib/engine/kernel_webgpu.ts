/**
 * The fused training kernel for the tfjs `webgpu` backend: its registration,
 * and the dispatch plan, programs and adapter check of `./webgpu/`,
 * re-exported.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import { FUSED_KERNEL_NAME } from "./kernel.ts";
import { webgpuKernel } from "./webgpu/dispatch.ts";

/** The dispatch plan and its constants, defined in `./webgpu/plan.ts`. */
export {
  chunkLoopIterations,
  FUSED_LOOP_BUDGET,
  FUSED_MAX_CHUNK,
  FUSED_WORKGROUP_SIZE,
  type FusedWebGpuPlan,
  fusedWebGpuPlan,
  type FusedWebGpuPlanInput,
  webgpuChunk,
  webgpuMode,
  webgpuScratch,
} from "./webgpu/plan.ts";
/** The adapter check, defined in `./webgpu/adapter.ts`. */
export { isSoftwareWebGpu } from "./webgpu/adapter.ts";
/** The WGSL sources, defined in `./webgpu/single_shader.ts` and `./webgpu/split_shaders.ts`. */
export { singleShaderSource } from "./webgpu/single_shader.ts";
export { partialsShaderSource, updateShaderSource } from "./webgpu/split_shaders.ts";

/**
 * Registers the fused kernel for the `webgpu` backend (once). Needs no GPU
 * until it runs.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { FUSED_KERNEL_NAME } from "./kernel.ts";
 * import { registerFusedWebGpuKernel } from "./kernel_webgpu.ts";
 * registerFusedWebGpuKernel();
 * ok(tf.getKernel(FUSED_KERNEL_NAME, "webgpu"));
 * ```
 */
export function registerFusedWebGpuKernel(): void {
  if (!tf.getKernel(FUSED_KERNEL_NAME, "webgpu")) {
    tf.registerKernel({
      kernelName: FUSED_KERNEL_NAME,
      backendName: "webgpu",
      kernelFunc: webgpuKernel as tf.KernelFunc,
    });
  }
}
