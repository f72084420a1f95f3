/**
 * Whether this machine can run the WebGPU tests, and how a test says that it
 * cannot: a missing backend shows as an ignored test with the reason in its
 * name, never as a shorter list of tests. A software adapter (Mesa's
 * llvmpipe) counts: the WebGPU tests need an adapter, not a hardware GPU.
 *
 * @module
 */
import type { BackendName } from "../../lib/model/run.ts";

/** The WebGPU adapter of this runtime, or null when there is none (hardware or software). */
export const WEBGPU_ADAPTER: GPUAdapter | null = await navigator.gpu?.requestAdapter().catch(() => null) ?? null;

/** Why WebGPU cannot run here, or "" when an adapter is available. */
export const WEBGPU_MISSING: string = navigator.gpu === undefined
  ? "no navigator.gpu in this runtime"
  : WEBGPU_ADAPTER === null
  ? "no WebGPU adapter"
  : "";

/**
 * The name and ignore flag of a test that needs `backend`: on webgpu without
 * an adapter the test is ignored and its name ends with `(ignored: REASON)`.
 *
 * @param backend the backend the test runs on
 * @param name the test's name
 * @returns `{ name, ignore }` to spread into `Deno.test`
 */
export function onBackend(backend: BackendName, name: string): { name: string; ignore: boolean } {
  const missing = backend === "webgpu" ? WEBGPU_MISSING : "";
  return { name: missing ? `${name} (ignored: ${missing})` : name, ignore: missing !== "" };
}

/**
 * `Deno.test` options of a test that needs WebGPU: {@link onBackend} for
 * webgpu, and the resource checks off (a GPUDevice and its buffers outlive a test).
 *
 * @param name the test's name
 * @returns options to spread into `Deno.test`
 */
export function needsWebgpu(name: string): {
  name: string;
  ignore: boolean;
  sanitizeResources: false;
  sanitizeOps: false;
} {
  return { ...onBackend("webgpu", name), sanitizeResources: false, sanitizeOps: false };
}
