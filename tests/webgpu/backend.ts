import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { type AdapterProvider, gpuAdapterProvider, selectBackend } from "../../lib/engine/backend.ts";
import { describeAdapter, isFallbackAdapter, webgpuDeviceDescriptor } from "../../lib/engine/webgpu/device.ts";
import { UsageError } from "../../lib/errors.ts";
import { predict } from "../../lib/model/regressor.ts";
import type { BackendName } from "../../lib/model/run.ts";
import { needsWebgpu, onBackend, WEBGPU_ADAPTER } from "../support/webgpu.ts";

const realAdapter = WEBGPU_ADAPTER;

Deno.test({
  ...needsWebgpu("this machine has a WebGPU adapter (Mesa's llvmpipe will do)"),
  fn() {
    assert.ok(
      realAdapter,
      "navigator.gpu has no adapter: install Debian's libegl1, libegl-mesa0, libgl1-mesa-dri and libgles2 " +
        "(Deno's WebGPU then finds llvmpipe through EGL), as .ci/run does",
    );
  },
});

/** A stand-in adapter: it reports what the options say and, when a real adapter exists, opens real devices on it. */
function standInAdapter(options: {
  fallback: boolean;
  extraFeatures?: string[];
  deviceError?: string;
  description?: string;
}): { adapter: GPUAdapter; requested: GPUDeviceDescriptor[] } {
  const requested: GPUDeviceDescriptor[] = [];
  const features = new Set<string>([...(realAdapter?.features ?? []), ...(options.extraFeatures ?? [])]);
  const info = {
    vendor: "stand-in",
    architecture: "",
    device: "",
    description: options.description ?? "Stand-in GPU",
    isFallbackAdapter: options.fallback,
  };
  const adapter = {
    features,
    limits: realAdapter?.limits ?? {},
    info,
    isFallbackAdapter: options.fallback,
    async requestDevice(descriptor: GPUDeviceDescriptor = {}) {
      requested.push(descriptor);
      if (options.deviceError || !realAdapter) {
        throw new Error(options.deviceError ?? "no real adapter behind the stand-in");
      }
      const supported = [...(descriptor.requiredFeatures ?? [])].filter((f) => realAdapter.features.has(f));
      return await realAdapter.requestDevice({ ...descriptor, requiredFeatures: supported });
    },
  };
  return { adapter: adapter as unknown as GPUAdapter, requested };
}

const provide = (adapter: GPUAdapter | null): AdapterProvider => () => Promise.resolve(adapter);

async function usageError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${e}`);
    assert.ok(!e.message.includes("\n"), `one line: ${e.message}`);
    return e.message;
  }
  assert.fail("expected a UsageError");
}

const FAILURES: [string, AdapterProvider, RegExp][] = [
  ["no navigator.gpu", gpuAdapterProvider(undefined), /no WebGPU \(no navigator\.gpu in this runtime\)/],
  [
    "no adapter",
    provide(null),
    /no WebGPU adapter \(navigator\.gpu\.requestAdapter\(\) returned null\)/,
  ],
  [
    "requestDevice failing",
    provide(standInAdapter({ fallback: false, deviceError: "device lost at birth" }).adapter),
    /adapter "Stand-in GPU" \(hardware\) refused a device \(device lost at birth\)/,
  ],
];

for (const [what, adapterProvider, pattern] of FAILURES) {
  Deno.test(`selectBackend("webgpu") refuses with a one-line UsageError when there is ${what}`, async () => {
    const message = await usageError(selectBackend("webgpu", { adapterProvider }));
    assert.match(message, /^backend webgpu cannot start: /);
    assert.match(message, pattern);
  });

  Deno.test(`selectBackend("auto") falls back to cpu and says why when there is ${what}`, async () => {
    const { backend, reason } = await selectBackend("auto", { adapterProvider });
    assert.equal(backend, "cpu");
    assert.equal(tf.getBackend(), "cpu");
    assert.match(reason, /^chosen by backend auto: /);
    assert.match(reason, pattern);
  });
}

Deno.test('selectBackend("auto") passes over a software fallback adapter and names it', async () => {
  const { adapter } = standInAdapter({ fallback: true, description: "llvmpipe (LLVM 15.0.6, 256 bits)" });
  const { backend, reason } = await selectBackend("auto", { adapterProvider: provide(adapter) });
  assert.equal(backend, "cpu");
  assert.equal(
    reason,
    'chosen by backend auto: the only WebGPU adapter "llvmpipe (LLVM 15.0.6, 256 bits)" (software fallback) ' +
      "is slower than cpu; asking for webgpu by name still uses it",
  );
});

Deno.test('selectBackend("cpu") starts cpu and says it was asked for', async () => {
  assert.deepEqual(await selectBackend("cpu"), {
    backend: "cpu",
    requested: "cpu",
    detail: "",
    reason: "asked for with backend cpu",
  });
  assert.equal(tf.getBackend(), "cpu");
});

Deno.test("the WebGPU device descriptor lists features as flat names and keeps tfjs' limits", () => {
  const adapter = {
    features: new Set(["timestamp-query", "bgra8unorm-storage", "shader-f16"]),
    limits: {
      maxComputeWorkgroupStorageSize: 32768,
      maxComputeWorkgroupsPerDimension: 65535,
      maxStorageBufferBindingSize: 1 << 30,
      maxBufferSize: 1 << 30,
      maxComputeWorkgroupSizeX: 1024,
      maxComputeInvocationsPerWorkgroup: 1024,
    },
  } as unknown as GPUAdapter;
  const d = webgpuDeviceDescriptor(adapter);
  assert.deepEqual(d.requiredFeatures, ["timestamp-query", "bgra8unorm-storage"]);
  assert.deepEqual(d.requiredLimits, adapter.limits);
});

Deno.test("adapters are described by name and kind, software fallbacks recognised", () => {
  const soft = standInAdapter({ fallback: true, description: "llvmpipe" }).adapter;
  const hard = standInAdapter({ fallback: false, description: "NVIDIA H200" }).adapter;
  assert.equal(isFallbackAdapter(soft), true);
  assert.equal(isFallbackAdapter(hard), false);
  assert.equal(describeAdapter(hard), 'adapter "NVIDIA H200" (hardware)');
});

Deno.test({
  ...needsWebgpu("webgpu starts on an adapter reporting bgra8unorm-storage, asking for it as a flat feature name"),
  async fn() {
    const { adapter, requested } = standInAdapter({ fallback: false, extraFeatures: ["bgra8unorm-storage"] });
    const { backend, reason } = await selectBackend("webgpu", { adapterProvider: provide(adapter) });
    assert.equal(backend, "webgpu");
    assert.equal(reason, 'asked for with backend webgpu; adapter "Stand-in GPU" (hardware)');
    assert.equal(requested.length, 1);
    const features = [...(requested[0].requiredFeatures ?? [])];
    assert.ok(features.includes("bgra8unorm-storage"));
    assert.ok(features.every((f) => typeof f === "string"), `flat names: ${JSON.stringify(features)}`);
    assert.deepEqual(Array.from(await tf.tensor1d([1, -2, 3]).relu().data()), [1, 0, 3]);
  },
});

Deno.test({
  ...needsWebgpu('selectBackend("auto") takes WebGPU on a hardware adapter'),
  async fn() {
    const { adapter } = standInAdapter({ fallback: false, description: "Big GPU" });
    const { backend, reason } = await selectBackend("auto", { adapterProvider: provide(adapter) });
    assert.equal(backend, "webgpu");
    assert.equal(tf.getBackend(), "webgpu");
    assert.equal(reason, 'chosen by backend auto: adapter "Big GPU" (hardware)');
  },
});

// A 1-3-1 network with every kind of unit: active on the right, active on the left, and one that switches on late.
const FORWARD = {
  params: { w0: [1.5, -0.25, 0.75], b0: [0.5, 1, -2], w1: [0.3, -1.2, 2], b1: 0.125 },
  xs: [-3, -1, 0, 0.5, 2.25, 4],
};
// ŷ(x) = 0.3·relu(1.5x + 0.5) − 1.2·relu(1 − 0.25x) + 2·relu(0.75x − 2) + 0.125, by hand:
// x = -3: 0 − 1.2·1.75 + 0 + 0.125 = −1.975;   x = -1: 0 − 1.2·1.25 + 0.125 = −1.375;
// x = 0: 0.3·0.5 − 1.2 + 0.125 = −0.925;       x = 0.5: 0.3·1.25 − 1.2·0.875 + 0.125 = −0.55;
// x = 2.25: 0.3·3.875 − 1.2·0.4375 + 0 + 0.125 = 0.7625;
// x = 4: 0.3·6.5 − 0 + 2·1 + 0.125 = 4.075.
const FORWARD_BY_HAND = [-1.975, -1.375, -0.925, -0.55, 0.7625, 4.075];

for (const name of ["cpu", "wasm", "webgpu"] as const satisfies readonly BackendName[]) {
  Deno.test({
    ...onBackend(name, `${name} starts and computes the hand-computed forward pass of a 1-3-1 network`),
    // A GPUDevice holds resources that outlive a test.
    sanitizeResources: name !== "webgpu",
    sanitizeOps: name !== "webgpu",
    async fn() {
      const { backend } = await selectBackend(name);
      assert.equal(backend, name);
      assert.equal(tf.getBackend(), name);
      const values = await predict(FORWARD.params, FORWARD.xs);
      values.forEach((v, i) =>
        assert.ok(
          Math.abs(v - FORWARD_BY_HAND[i]) < 1e-5,
          `${name} at x = ${FORWARD.xs[i]}: ${v} vs ${FORWARD_BY_HAND[i]}`,
        )
      );
      await selectBackend("cpu");
    },
  });
}
