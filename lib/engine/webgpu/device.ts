/**
 * What this project asks of a WebGPU adapter, with no tfjs in sight: the
 * device descriptor (a flat feature list and the adapter's own limits),
 * whether the adapter is a software fallback, and a one-line description.
 * Deno's backend selection and the live page's both use it.
 *
 * @module
 */

/** The features tfjs' WebGPU backend uses when the adapter has them. */
const WANTED_FEATURES: readonly GPUFeatureName[] = [
  "timestamp-query",
  "bgra8unorm-storage",
];

/**
 * The device descriptor the WebGPU backend is started with: tfjs' own choice
 * (its optional features, the adapter's maximum limits that it relies on), but
 * with `requiredFeatures` a flat list of feature names.
 *
 * @param adapter the adapter
 * @returns the descriptor for `adapter.requestDevice`
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { webgpuDeviceDescriptor } from "./device.ts";
 * const adapter = {
 *   info: { description: "llvmpipe", isFallbackAdapter: true },
 *   features: new Set(["timestamp-query"]),
 *   limits: {},
 * } as unknown as GPUAdapter;
 * deepStrictEqual(webgpuDeviceDescriptor(adapter).requiredFeatures, ["timestamp-query"]);
 * ```
 */
export function webgpuDeviceDescriptor(
  adapter: GPUAdapter,
): GPUDeviceDescriptor {
  const limits = adapter.limits;
  return {
    requiredFeatures: WANTED_FEATURES.filter((f) => adapter.features.has(f)),
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  };
}

/**
 * Whether the adapter is a software fallback (llvmpipe, SwiftShader, WARP).
 *
 * @param adapter the adapter
 * @returns what the adapter reports (`info.isFallbackAdapter`, or the older `isFallbackAdapter`)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isFallbackAdapter } from "./device.ts";
 * const adapter = {
 *   info: { description: "llvmpipe", isFallbackAdapter: true },
 *   features: new Set(["timestamp-query"]),
 *   limits: {},
 * } as unknown as GPUAdapter;
 * strictEqual(isFallbackAdapter(adapter), true);
 * ```
 */
export function isFallbackAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return Boolean(info?.isFallbackAdapter ?? legacy);
}

/**
 * A one-phrase description of the adapter: `adapter "llvmpipe (LLVM 15.0.6, 256 bits)" (software fallback)`.
 *
 * @param adapter the adapter
 * @returns its name and whether it is hardware
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { describeAdapter } from "./device.ts";
 * const adapter = {
 *   info: { description: "llvmpipe", isFallbackAdapter: true },
 *   features: new Set(["timestamp-query"]),
 *   limits: {},
 * } as unknown as GPUAdapter;
 * strictEqual(describeAdapter(adapter), 'adapter "llvmpipe" (software fallback)');
 * ```
 */
export function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  const name = info?.description ||
    [info?.vendor, info?.architecture, info?.device]
      .filter((s) => s).join(" ") ||
    "unnamed";
  return `adapter "${name}" (${isFallbackAdapter(adapter) ? "software fallback" : "hardware"})`;
}
