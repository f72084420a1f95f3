/**
 * Whether this machine can run the WebGPU tests, and how a test says that it
 * cannot. A software adapter (Mesa's llvmpipe) counts: the WebGPU tests need
 * an adapter, not a hardware GPU, and `.ci/run` installs the Mesa packages
 * that give one. So:
 *
 * - without an adapter a WebGPU test is ignored, with the reason in its name
 *   (never a shorter list of tests, never an early `return`);
 * - with CI set it is not ignored but fails: CI can install an adapter;
 * - a test that needs a hardware (non-fallback) adapter, which CI cannot
 *   install, ends its name with exactly `(ignored: needs a hardware GPU)`
 *   when there is none: the only ignore `.ci/run` accepts. No test needs one
 *   at present.
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

/** True when the CI variable is set and this test may read it: a test that needs an adapter then fails instead of being ignored. */
export const IN_CI: boolean = Deno.permissions.querySync({ name: "env", variable: "CI" }).state === "granted" &&
  Boolean(Deno.env.get("CI"));

/**
 * The name and ignore flag of a test that needs `backend`: on webgpu without
 * an adapter the test is ignored and its name ends with `(ignored: REASON)`,
 * unless CI is set: then it runs (and fails), its name ending with
 * `(CI, so not ignored: REASON)`.
 *
 * @param backend the backend the test runs on
 * @param name the test's name
 * @param ci whether CI is set (default {@link IN_CI})
 * @returns `{ name, ignore }` to spread into `Deno.test`
 *
 * (Its example is a test: tests/webgpu/support.ts.)
 */
export function onBackend(backend: BackendName, name: string, ci: boolean = IN_CI): { name: string; ignore: boolean } {
  const missing = backend === "webgpu" ? WEBGPU_MISSING : "";
  if (!missing) return { name, ignore: false };
  if (ci) return { name: `${name} (CI, so not ignored: ${missing})`, ignore: false };
  return { name: `${name} (ignored: ${missing})`, ignore: true };
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
