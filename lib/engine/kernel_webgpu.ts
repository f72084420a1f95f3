/**
 * The fused training kernel for the tfjs `webgpu` backend: its registration.
 * The dispatch plan, programs and adapter check live in `./webgpu/`.
 *
 * @module
 */
import * as tf from "../tf.ts";
import { FUSED_KERNEL_NAME } from "./kernel.ts";
import { webgpuKernel } from "./webgpu/dispatch.ts";

/**
 * Registers the fused kernel for the `webgpu` backend (once). Needs no GPU
 * until it runs.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as tf from "../tf.ts";
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
