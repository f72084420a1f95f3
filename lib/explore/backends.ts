/**
 * The tfjs backends of the live page: cpu always, WebGPU where the browser
 * has an adapter. WebGPU is started with the device descriptor Deno's
 * backend selection uses (`lib/engine/webgpu/device.ts`), registered by hand
 * instead of by tfjs-backend-webgpu's own factory; a failure says why in one
 * line.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import { WebGPUBackend } from "npm:@tensorflow/tfjs-backend-webgpu@4.22.0";
import type { PageBackend } from "./config.ts";
import { describeAdapter, webgpuDeviceDescriptor } from "../engine/webgpu/device.ts";

// The factory tfjs-backend-webgpu registers on import requests features as a nested array; ours is registered on demand.
if ("webgpu" in tf.engine().registryFactory) tf.removeBackend("webgpu");
tf.enableProdMode();

async function startWebgpu(): Promise<string> {
  const gpu = (navigator as { gpu?: GPU }).gpu;
  if (!gpu) throw new Error("this browser has no WebGPU (navigator.gpu is missing)");
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new Error("this browser offers no WebGPU adapter");
  const device = await adapter.requestDevice(webgpuDeviceDescriptor(adapter));
  if ("webgpu" in tf.engine().registryFactory) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", () => new WebGPUBackend(device, adapter.info), 3);
  if (!(await tf.setBackend("webgpu"))) throw new Error(`tfjs could not start WebGPU on ${describeAdapter(adapter)}`);
  return describeAdapter(adapter);
}

/**
 * Makes `name` the active tfjs backend.
 *
 * @param name cpu or webgpu
 * @returns a phrase naming what runs (`cpu`, `WebGPU on adapter "..."`)
 * @throws an Error saying in one line why WebGPU cannot start
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { startBackend } from "./backends.ts";
 * strictEqual(await startBackend("cpu"), "cpu");
 * ```
 */
export async function startBackend(name: PageBackend): Promise<string> {
  if (name === "webgpu") {
    if (tf.getBackend() === "webgpu") return "WebGPU";
    return `WebGPU on ${await startWebgpu()}`;
  }
  if (!(await tf.setBackend("cpu"))) throw new Error("tfjs could not start its cpu backend");
  await tf.ready();
  return "cpu";
}
