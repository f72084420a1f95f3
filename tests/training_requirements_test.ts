import assert from "node:assert/strict";
import { selectBackend } from "../lib/engine/backend.ts";
import { ENGINES } from "../lib/engine/registry.ts";
import { trainRegressor } from "../lib/train/loop.ts";
import { trainNetwork } from "../lib/train/network.ts";
import { ESSAY } from "../lib/essay.ts";
import { HAS_WEBGPU } from "./support/fused_setup.ts";

Deno.test("the defaults trained for 300 epochs lower the loss at least 10-fold, with either engine", async () => {
  for (const engine of ["fused", "autodiff"] as const) {
    const run = await trainNetwork({ epochs: 300, engine });
    const [first, last] = [run.losses[0], run.losses[300]];
    assert.ok(first > 140_000 && first < 150_000, `${engine}: initial MSE ${first}`);
    assert.ok(last * 10 <= first, `${engine}: ${first} -> ${last}`);
  }
});

if (!HAS_WEBGPU) console.log("skipping the cpu/webgpu agreement test: no WebGPU adapter on this machine");

Deno.test({
  name: "cpu and webgpu agree on the first 20 epochs' losses within 1e-3 relative, for both engines",
  ignore: !HAS_WEBGPU,
  fn: async () => {
    for (const engine of ["fused", "autodiff"] as const) {
      const losses: Record<string, number[]> = {};
      for (const backend of ["cpu", "webgpu"] as const) {
        await selectBackend(backend);
        const run = await trainRegressor({ ...ESSAY, epochs: 20, every: 10, createEngine: ENGINES[engine] });
        assert.equal(run.config.backend, backend);
        losses[backend] = run.losses;
      }
      await selectBackend("cpu");
      losses.cpu.forEach((l, k) => {
        const rel = Math.abs(l - losses.webgpu[k]) / Math.abs(l);
        assert.ok(rel <= 1e-3, `${engine}, epoch ${k}: cpu ${l}, webgpu ${losses.webgpu[k]}`);
      });
    }
  },
});
