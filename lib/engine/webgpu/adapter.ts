/**
 * Whether the tfjs webgpu backend runs on a software adapter, the only kind
 * on which the fused kernel keeps a loop budget per dispatch.
 *
 * @module
 */

const softwareByBackend = new WeakMap<object, boolean>();

/**
 * Whether the tfjs webgpu backend runs on a software adapter (llvmpipe,
 * SwiftShader, WARP), read once per backend from `device.adapterInfo`:
 * `isFallbackAdapter` when the runtime reports it, else the adapter's
 * description; true when neither is known (the budget is then kept, to be
 * safe).
 *
 * @param backend the tfjs `WebGPUBackend` (anything with its `device`)
 * @returns whether the loop budget applies
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isSoftwareWebGpu } from "./adapter.ts";
 * const device = { adapterInfo: { description: "llvmpipe (LLVM 15.0.6, 256 bits)", isFallbackAdapter: true } };
 * strictEqual(isSoftwareWebGpu({ device } as unknown as { device: GPUDevice }), true);
 * const gpu = { adapterInfo: { vendor: "nvidia", description: "NVIDIA H200" } };
 * strictEqual(isSoftwareWebGpu({ device: gpu } as unknown as { device: GPUDevice }), false);
 * ```
 */
export function isSoftwareWebGpu(backend: { device: GPUDevice }): boolean {
  let software = softwareByBackend.get(backend);
  if (software === undefined) {
    const info = (backend.device as GPUDevice & { adapterInfo?: GPUAdapterInfo & { isFallbackAdapter?: boolean } })
      .adapterInfo;
    if (typeof info?.isFallbackAdapter === "boolean") software = info.isFallbackAdapter;
    else if (info) {
      software = /llvmpipe|lavapipe|softpipe|swiftshader|warp|software/i.test(
        `${info.description ?? ""} ${info.vendor ?? ""} ${info.architecture ?? ""} ${info.device ?? ""}`,
      );
    } else software = true;
    softwareByBackend.set(backend, software);
  }
  return software;
}
