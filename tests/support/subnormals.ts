/**
 * Where a backend may flush float32 subnormal numbers (such as ±2⁻¹⁴⁹) to 0: WGSL allows it, and GPUs do it, so on
 * a hardware WebGPU adapter tfjs may read 2⁻¹⁴⁹ as 0 and give relu′ = 0 there. Mesa's llvmpipe (what CI installs)
 * keeps them, as cpu and wasm do; the committed table was measured on it.
 *
 * @module
 */
import { isFallbackAdapter } from "../../lib/engine/webgpu/device.ts";
import type { BackendName } from "../../lib/model/run.ts";
import { WEBGPU_ADAPTER } from "./webgpu.ts";

/**
 * Whether `backend` may flush subnormals here: webgpu on a hardware adapter.
 *
 * @param backend the tfjs backend
 * @returns true on webgpu with a hardware adapter
 *
 * (Its example is a test: tests/webgpu/support.ts.)
 */
export function mayFlushSubnormals(backend: BackendName): boolean {
  return backend === "webgpu" && WEBGPU_ADAPTER !== null && !isFallbackAdapter(WEBGPU_ADAPTER);
}
