/**
 * WebGPU failing in every way it can, through the real training script: no
 * `navigator.gpu`, no adapter, an adapter that refuses a device, and a device
 * lost in the middle of training. `--backend webgpu` then stops with exit 2
 * and the reason on one line; `--backend auto` runs on cpu and says why on its
 * one status line; a device lost mid-run ends with exit 1 and one line naming
 * the epoch, and nothing is written. `tests/webgpu/backend.ts` checks
 * `selectBackend` itself with the same failures.
 *
 * The failures are staged by a small wrapper program that replaces
 * `navigator.gpu` (or wraps the real adapter to keep a handle on its device)
 * and then runs `scripts/training.ts`'s `runTraining` under `runMain`, so the
 * exit codes and messages are the script's own. The device is lost at a
 * chosen point, not after a delay: once the first chunk of updates is done
 * (the first draw of the progress bar), in the child as in this process. The
 * device-lost cases need a WebGPU adapter (a software one such as llvmpipe
 * will do); without one they show as ignored, with the reason in their names
 * (with CI set they fail instead: see `tests/support/webgpu.ts`).
 *
 * Permissions: --allow-read --allow-write=/tmp --allow-run=<deno>.
 */
import assert from "node:assert/strict";
import { selectBackend } from "../../lib/engine/backend.ts";
import { RunError } from "../../lib/errors.ts";
import { createAutodiffEngine } from "../../lib/engine/autodiff.ts";
import { createFusedEngine } from "../../lib/engine/fused.ts";
import { trainRegressor } from "../../lib/train/loop.ts";
import { parseTrainingRun } from "../../lib/model/run_file.ts";
import { ESSAY } from "../../lib/essay.ts";
import { listing, ROOT } from "../support/subprocess.ts";
import { needsWebgpu } from "../support/webgpu.ts";

/** The wrapper: argv[0] is the failure to stage, the rest goes to the training script. */
const WRAPPER = `
import { runMain } from "${ROOT}/lib/cli/flags.ts";
import { runTraining } from "${ROOT}/lib/cli/training.ts";
const [mode, ...args] = Deno.args;
const standIn = (requestDevice) => ({
  features: new Set(),
  limits: {},
  info: { vendor: "stand-in", architecture: "", device: "", description: "Stand-in GPU", isFallbackAdapter: false },
  isFallbackAdapter: false,
  requestDevice,
});
const fakeGpu = (requestAdapter) => Object.defineProperty(navigator, "gpu", { value: { requestAdapter }, configurable: true });
let device;
if (mode === "no-navigator-gpu") Object.defineProperty(navigator, "gpu", { value: undefined, configurable: true });
if (mode === "no-adapter") fakeGpu(async () => null);
if (mode === "device-refused") {
  fakeGpu(async () => standIn(async () => { throw new DOMException("the stand-in has no device", "OperationError"); }));
}
if (mode === "device-lost") {
  const real = await navigator.gpu.requestAdapter();
  const wrapped = new Proxy(real, {
    get(target, key) {
      if (key === "requestDevice") return async (d) => (device = await target.requestDevice(d));
      const value = target[key];
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  fakeGpu(async () => wrapped);
}
// A device-lost run loses its device at a chosen point of training, not after a delay: the progress bar is
// drawn after every chunk of --every updates, so the first draw comes once epoch --every is done; the
// wrapper destroys the device right there and says so on stderr.
let lost = false;
const progress = {
  isTerminal: () => mode === "device-lost",
  writeSync(bytes) {
    const epoch = /epoch +(\\d+)\\//.exec(new TextDecoder().decode(bytes))?.[1];
    if (mode === "device-lost" && epoch !== undefined && !lost) {
      lost = true;
      device.destroy();
      console.error(\`device destroyed after epoch \${epoch}\`);
    }
    return bytes.length;
  },
};
await runMain(async () => {
  for (const line of (await runTraining(args, { progress, status: (line) => console.error(line) })) ?? []) {
    console.log(line);
  }
});
`;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function stage(wrapper: string, mode: string, args: string[], dir: string): Promise<Outcome> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--allow-read", `--allow-write=${dir}`, wrapper, mode, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

async function withWrapper(fn: (wrapper: string, dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "webgpu-failures-" });
  try {
    const wrapper = `${dir}/stage.js`;
    await Deno.writeTextFile(wrapper, WRAPPER);
    await fn(wrapper, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const QUICK = ["--epochs", "20", "--every", "10", "--hidden", "3", "--points", "20", "--formats", "json"];

const NO_WEBGPU: [string, RegExp][] = [
  ["no-navigator-gpu", /no WebGPU \(no navigator\.gpu in this runtime\)/],
  ["no-adapter", /no WebGPU adapter \(navigator\.gpu\.requestAdapter\(\) returned null\)/],
  ["device-refused", /adapter "Stand-in GPU" \(hardware\) refused a device \(the stand-in has no device\)/],
];

Deno.test("--backend webgpu without a usable WebGPU exits 2 with the reason on one line and writes nothing", async () => {
  await withWrapper(async (wrapper, dir) => {
    for (const [mode, reason] of NO_WEBGPU) {
      const r = await stage(wrapper, mode, [...QUICK, "--backend", "webgpu", "--out", `${dir}/out`], dir);
      assert.equal(r.code, 2, `${mode}: ${r.stderr}`);
      assert.equal(r.stdout, "", mode);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `${mode}: ${r.stderr}`);
      assert.match(lines[0], /^error: --backend webgpu cannot start: /, mode);
      assert.match(lines[0], reason, mode);
      assert.deepEqual(listing(dir), [
        "stage.js:" + Deno.statSync(wrapper).size + ":" + Deno.statSync(wrapper).mtime?.getTime(),
      ]);
    }
  });
});

Deno.test("--backend auto without a usable WebGPU trains on cpu and gives the reason on its one status line", async () => {
  await withWrapper(async (wrapper, dir) => {
    for (const [mode, reason] of NO_WEBGPU) {
      const out = `${dir}/${mode}`;
      const r = await stage(wrapper, mode, [...QUICK, "--backend", "auto", "--out", out], dir);
      assert.equal(r.code, 0, `${mode}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `${mode}: ${r.stderr}`);
      assert.match(lines[0], /^backend: cpu \(chosen by --backend auto: .*\); engine: /, mode);
      assert.match(lines[0], reason, mode);
      const run = parseTrainingRun(await Deno.readTextFile(`${out}/training.json`), mode);
      assert.equal(run.config.backend, "cpu");
      assert.equal(r.stdout, `wrote ${out}/training.json (${Deno.statSync(`${out}/training.json`).size} bytes)\n`);
    }
  });
});

Deno.test({
  ...needsWebgpu(
    "a WebGPU device lost in the middle of training ends the run with exit 1, one line naming the epoch, nothing written",
  ),
  async fn() {
    await withWrapper(async (wrapper, dir) => {
      for (const engine of ["fused", "autodiff"]) {
        const out = `${dir}/${engine}`;
        // 10 chunks of 100 updates; the wrapper destroys the device once the first chunk is done.
        const r = await stage(wrapper, "device-lost", [
          ...["--backend", "webgpu", "--engine", engine, "--epochs", "1000", "--every", "100"],
          ...["--hidden", "3", "--points", "20", "--formats", "json,svg", "--out", out],
        ], dir);
        const lines = r.stderr.trimEnd().split("\n");
        assert.equal(lines[1], "device destroyed after epoch 100", `${engine}: the device was destroyed: ${r.stderr}`);
        assert.equal(r.code, 1, `${engine}: ${r.stderr}`);
        assert.equal(r.stdout, "", engine);
        assert.equal(lines.length, 3, `${engine}: ${r.stderr}`);
        assert.match(lines[0], /^backend: webgpu \(asked for with --backend webgpu; adapter ".*"/, engine);
        // The failure shows in the first engine call after the loss: the second chunk, which starts at epoch 100
        // and reads its losses back.
        assert.match(
          lines[2],
          /^error: training stopped at epoch 100: the webgpu backend failed \(\w+: .*\); if a WebGPU device was lost or reset, run again, or use --backend cpu$/,
          engine,
        );
        assert.equal(await Deno.stat(out).then(() => true, () => false), false, `${engine}: no --out folder`);
      }
    });
  },
});

for (const [name, createEngine] of [["fused", createFusedEngine], ["autodiff", createAutodiffEngine]] as const) {
  Deno.test({
    ...needsWebgpu(
      `trainRegressor() on a ${name} engine whose WebGPU device is destroyed after the first chunk throws one RunError`,
    ),
    async fn() {
      let device: GPUDevice | undefined;
      const adapter = await navigator.gpu.requestAdapter();
      assert.ok(adapter);
      const wrapped = new Proxy(adapter, {
        get(target, key) {
          if (key === "requestDevice") {
            return async (d: GPUDeviceDescriptor) => (device = await target.requestDevice(d));
          }
          const value = Reflect.get(target, key);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      try {
        await selectBackend("webgpu", { adapterProvider: () => Promise.resolve(wrapped) });
        const epochs: number[] = [];
        await assert.rejects(
          trainRegressor({ ...ESSAY, hidden: 3, epochs: 200, every: 50, points: 20, createEngine }, {
            onProgress: (p) => {
              epochs.push(p.epoch);
              if (p.epoch === 50) device!.destroy();
            },
          }),
          (e: unknown) => {
            assert.ok(e instanceof RunError, `a RunError, got ${e}`);
            assert.ok(!e.message.includes("\n"), e.message);
            assert.match(e.message, /^training stopped at epoch 50: the webgpu backend failed /);
            return true;
          },
        );
        assert.deepEqual(epochs, [50]);
        const lost = await device!.lost;
        assert.equal(lost.reason, "destroyed");
      } finally {
        await selectBackend("cpu");
      }
    },
  });
}
