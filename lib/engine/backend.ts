/**
 * Chooses the tfjs backend and says why. `auto` takes WebGPU when a hardware
 * adapter exists and cpu otherwise; a backend named explicitly either starts
 * or fails with a {@link UsageError} that says why it cannot start. The wasm
 * backend loads its `.wasm` files from the installed npm package on disk.
 *
 * @module
 */
import * as tf from "../tf.ts";
import { firstLine, type InputNamer, libraryName, UsageError } from "../errors.ts";
import type { BackendName } from "../model/run.ts";
import { BACKEND_CHOICES, type BackendChoice } from "../model/backend_choice.ts";
import { tfjsWasmFolder } from "../assets.ts";
import { describeAdapter, isFallbackAdapter, webgpuDeviceDescriptor } from "./webgpu/device.ts";

// Drop the factory that `@tensorflow/tfjs-backend-webgpu` registers on import, when a module imported it before
// this one: in 4.22 it pushes ["bgra8unorm-storage"] as a nested array into requiredFeatures and so fails on
// adapters that report that feature. `selectBackend` imports the package itself, and registers a correct one, only
// when WebGPU is asked for.
if ("webgpu" in tf.engine().registryFactory) tf.removeBackend("webgpu");
// In a Node-like runtime tfjs prints an "install tfjs-node" banner on first use;
// production mode silences its warnings. The start-up warnings that explain a
// failure are still collected by `activate`.
tf.enableProdMode();

// `--backend`'s choices are the settings registry's (no tfjs there, so that a flag can name them without it).
export { BACKEND_CHOICES, type BackendChoice };

/** The backend that runs and why it was chosen. */
export interface BackendSelection {
  /** The tfjs backend now active. */
  backend: BackendName;
  /** What was asked for: a backend, or `auto`. */
  requested: BackendChoice;
  /** The adapter used, or why `auto` passed WebGPU over; empty for cpu and wasm asked for by name. */
  detail: string;
  /** Why, in one phrase, e.g. `chosen by backend auto: adapter "NVIDIA GeForce RTX 3060" (hardware)`. */
  reason: string;
}

/**
 * Why a backend was chosen, in one phrase, with the input `backend` named by `name`.
 *
 * @param selection what {@link selectBackend} returned, less its reason
 * @param name renders the input's name (the command line passes `--backend`)
 * @returns e.g. `asked for with --backend cpu`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { selectionReason } from "./backend.ts";
 * strictEqual(selectionReason({ requested: "cpu", detail: "" }, (n) => `--${n}`), "asked for with --backend cpu");
 * strictEqual(selectionReason({ requested: "auto", detail: "no WebGPU" }, (n) => n), "chosen by backend auto: no WebGPU");
 * ```
 */
export function selectionReason(
  selection: Pick<BackendSelection, "requested" | "detail">,
  name: InputNamer,
): string {
  const { requested, detail } = selection;
  if (requested === "auto") return `chosen by ${name("backend")} auto: ${detail}`;
  return `asked for with ${name("backend")} ${requested}${detail ? `; ${detail}` : ""}`;
}

function selected(backend: BackendName, requested: BackendChoice, detail = ""): BackendSelection {
  return { backend, requested, detail, reason: selectionReason({ requested, detail }, libraryName) };
}

/** Finds a WebGPU adapter; resolves to `null` when there is none, throws when WebGPU itself is missing. */
export type AdapterProvider = () => Promise<GPUAdapter | null>;

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Where the WebGPU adapter comes from (default: `navigator.gpu.requestAdapter()`); tests inject stand-ins. */
  adapterProvider?: AdapterProvider;
  /**
   * Why only cpu can run what follows (e.g. `float64 arithmetic runs only on cpu`):
   * `auto` then takes cpu without looking for an adapter, and gives this as its reason.
   */
  cpuOnly?: string;
}

/** The part of `navigator.gpu` that {@link gpuAdapterProvider} uses. */
export interface AdapterSource {
  /** `GPU.requestAdapter`. */
  requestAdapter(
    options?: GPURequestAdapterOptions,
  ): Promise<GPUAdapter | null>;
}

/**
 * The adapter provider backed by `gpu` (normally `navigator.gpu`): it asks for
 * a high-performance adapter, and throws when `gpu` is undefined (a runtime
 * without WebGPU).
 *
 * @param gpu where adapters come from, or undefined
 * @returns the provider
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { gpuAdapterProvider } from "./backend.ts";
 * strictEqual(await gpuAdapterProvider({ requestAdapter: () => Promise.resolve(null) })(), null);
 * await rejects(gpuAdapterProvider(undefined)(), /no navigator.gpu/);
 * ```
 */
export function gpuAdapterProvider(
  gpu: AdapterSource | undefined,
): AdapterProvider {
  return async () => {
    if (!gpu) throw new Error("no navigator.gpu in this runtime");
    return await gpu.requestAdapter({ powerPreference: "high-performance" });
  };
}

function navigatorGpu(): AdapterSource | undefined {
  return (globalThis.navigator as { gpu?: AdapterSource } | undefined)?.gpu;
}

/** Why a backend could not start: thrown by the start-up helpers, turned into a reason or a UsageError. */
class Unavailable extends Error {}

/**
 * Runs `tf.setBackend(name)`, keeping tfjs' console warnings out of the
 * output: a failure becomes an {@link Unavailable} that quotes the first one.
 */
async function activate(name: BackendName): Promise<void> {
  const warnings: string[] = [];
  const { warn, error } = console;
  const collect = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
  console.warn = collect;
  console.error = collect;
  tf.env().set("PROD", false);
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    warnings.push(firstLine(e));
  } finally {
    tf.env().set("PROD", true);
    Object.assign(console, { warn, error });
  }
  if (!ok) {
    const cause = warnings.find((w) => !w.startsWith("Initialization of backend"));
    throw new Unavailable(
      `tfjs could not initialise it (${firstLine(cause ?? warnings[0] ?? "no reason given")})`,
    );
  }
}

async function requestAdapter(provider: AdapterProvider): Promise<GPUAdapter> {
  let adapter: GPUAdapter | null;
  try {
    adapter = await provider();
  } catch (e) {
    throw new Unavailable(`no WebGPU (${firstLine(e)})`);
  }
  if (!adapter) {
    throw new Unavailable(
      "no WebGPU adapter (navigator.gpu.requestAdapter() returned null)",
    );
  }
  return adapter;
}

/** Starts tfjs' WebGPU backend on `adapter` with a clean device descriptor. */
async function startWebgpu(adapter: GPUAdapter): Promise<void> {
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice(webgpuDeviceDescriptor(adapter));
  } catch (e) {
    throw new Unavailable(
      `${describeAdapter(adapter)} refused a device (${firstLine(e)})`,
    );
  }
  // The package loads here, when WebGPU is asked for (a process that never asks starts faster without it).
  const { WebGPUBackend } = await import("npm:@tensorflow/tfjs-backend-webgpu@4.22.0");
  if ("webgpu" in tf.engine().registryFactory) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", () => new WebGPUBackend(device, adapter.info), 3);
  await activate("webgpu");
}

/** The folder of tfjs' `.wasm` files (see `lib/assets.ts`), or why the wasm backend cannot have it. */
function wasmFolder(): string {
  try {
    return tfjsWasmFolder();
  } catch (e) {
    throw new Unavailable(firstLine(e));
  }
}

let wasmPathsSet = false;

async function startWasm(): Promise<void> {
  const folder = wasmFolder();
  const access = await Deno.permissions.query({ name: "read", path: folder });
  if (access.state !== "granted") {
    throw new Unavailable(
      `no read access to its .wasm files in ${folder} (run with --allow-read)`,
    );
  }
  if (!wasmPathsSet) {
    // The package loads (and registers the backend) here, when wasm is asked for.
    const { setWasmPaths } = await import("npm:@tensorflow/tfjs-backend-wasm@4.22.0");
    setWasmPaths(folder);
    wasmPathsSet = true;
  }
  await activate("wasm");
}

/**
 * Makes `name` the active tfjs backend and says why it was chosen.
 *
 * - `cpu`, `wasm`, `webgpu`: that backend, or a {@link UsageError} naming
 *   `backend` and why it cannot start (no `navigator.gpu`, no adapter, the
 *   adapter refused a device, the `.wasm` files cannot be read, ...).
 * - `auto`: WebGPU on a hardware adapter; otherwise cpu, with the reason
 *   WebGPU was passed over (a software adapter such as llvmpipe is slower than cpu);
 *   cpu at once, with `options.cpuOnly` as the reason, when that is given.
 *
 * @param name the backend, or `auto`
 * @param options where WebGPU adapters come from
 * @returns the backend now active and why
 *
 * @example
 * ```ts
 * import { selectBackend } from "./backend.ts";
 * import { strictEqual } from "node:assert/strict";
 * const { backend, reason } = await selectBackend("cpu");
 * strictEqual(backend, "cpu");
 * strictEqual(reason, "asked for with backend cpu");
 * const auto = await selectBackend("auto", { cpuOnly: "float64 arithmetic runs only on cpu" });
 * strictEqual(auto.reason, "chosen by backend auto: float64 arithmetic runs only on cpu");
 * ```
 */
export async function selectBackend(
  name: BackendChoice,
  options: SelectBackendOptions = {},
): Promise<BackendSelection> {
  const provider = options.adapterProvider ??
    gpuAdapterProvider(navigatorGpu());
  try {
    switch (name) {
      case "cpu":
        await activate("cpu");
        return selected("cpu", "cpu");
      case "wasm":
        await startWasm();
        return selected("wasm", "wasm");
      case "webgpu": {
        const adapter = await requestAdapter(provider);
        await startWebgpu(adapter);
        return selected("webgpu", "webgpu", describeAdapter(adapter));
      }
      case "auto":
        if (options.cpuOnly === undefined) return await selectAuto(provider);
        await activate("cpu");
        return selected("cpu", "auto", options.cpuOnly);
    }
  } catch (e) {
    if (e instanceof Unavailable) {
      const why = e.message;
      throw new UsageError((n) => `${n("backend")} ${name} cannot start: ${why}`);
    }
    throw e;
  }
  throw new UsageError((n) => `${n("backend")} must be one of ${BACKEND_CHOICES.join(", ")}, got "${name}"`);
}

async function selectAuto(
  provider: AdapterProvider,
): Promise<BackendSelection> {
  let why: string;
  try {
    const adapter = await requestAdapter(provider);
    if (isFallbackAdapter(adapter)) {
      why = `the only WebGPU ${describeAdapter(adapter)} is slower than cpu; asking for webgpu by name still uses it`;
    } else {
      await startWebgpu(adapter);
      return selected("webgpu", "auto", describeAdapter(adapter));
    }
  } catch (e) {
    if (!(e instanceof Unavailable)) throw e;
    why = e.message;
  }
  await activate("cpu");
  return selected("cpu", "auto", why);
}
