/**
 * Time per training step of each engine on each backend at the essay's
 * defaults (H = 7, P = 300, SGD), and of 16 models trained at once. Each
 * iteration is one `engine.step(N)` call, so ms/step = time per iteration / N
 * (the name says N). Run: `deno bench --allow-read bench/step_bench.ts`.
 *
 * @module
 */
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import type { EngineSpec, TrainingEngine } from "../lib/engine/contract.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import type { BackendName } from "../lib/model/run.ts";
import { defaultSpec, HAS_WEBGPU, useBackend } from "../tests/support/fused_setup.ts";

interface Case {
  engine: "fused" | "autodiff";
  backend: BackendName;
  models: number;
  steps: number;
}

// Within a group every case runs the same number of steps per call, so the
// summary's ratios are ratios of time per step.
const CASES: Case[] = [
  { engine: "fused", backend: "cpu", models: 1, steps: 200 },
  { engine: "fused", backend: "wasm", models: 1, steps: 200 },
  { engine: "fused", backend: "webgpu", models: 1, steps: 200 },
  { engine: "autodiff", backend: "cpu", models: 1, steps: 200 },
  { engine: "fused", backend: "cpu", models: 16, steps: 20 },
  { engine: "fused", backend: "webgpu", models: 16, steps: 20 },
  { engine: "autodiff", backend: "cpu", models: 16, steps: 20 },
];

const create = (c: Case, spec: EngineSpec): Promise<TrainingEngine> =>
  c.engine === "fused" ? createFusedEngine(spec) : createAutodiffEngine(spec);

for (const c of CASES) {
  Deno.bench({
    name: `${c.engine} ${c.backend}, M=${c.models}: step(${c.steps})`,
    group: `M=${c.models}`,
    baseline: c.engine === "fused" && c.backend === "cpu",
    ignore: c.backend === "webgpu" && !HAS_WEBGPU,
    // The autodiff engine takes about a second per iteration here.
    ...(c.engine === "autodiff" ? { n: 5, warmup: 1 } : {}),
    async fn(b) {
      await useBackend(c.backend);
      const engine = await create(c, defaultSpec({ models: c.models }));
      await engine.step(1); // compile (webgpu) and warm up outside the timing
      b.start();
      await engine.step(c.steps);
      b.end();
      engine.dispose();
    },
  });
}
