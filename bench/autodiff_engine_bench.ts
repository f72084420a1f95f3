/**
 * Speed of the autodiff engine at the essay's defaults (H = 7, 300 points,
 * SGD): 100 updates per iteration, on cpu and wasm (and WebGPU when an adapter
 * exists; a software adapter is several times slower than cpu).
 */
import * as tf from "@tensorflow/tfjs";
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import type { TrainingEngine } from "../lib/engine/contract.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";
import type { BackendName } from "../lib/model/run.ts";

const gpu = await navigator.gpu?.requestAdapter().catch(() => null) ?? null;
const backends: BackendName[] = gpu ? ["cpu", "wasm", "webgpu"] : ["cpu", "wasm"];
const data = targetData({ points: 300, xMin: -10, xMax: 10 });

for (const backend of backends) {
  let engine: TrainingEngine | undefined;
  Deno.bench({
    name: `autodiff engine, 100 SGD steps at the defaults on ${backend}`,
    group: "autodiff",
    baseline: backend === "cpu",
    n: backend === "webgpu" ? 3 : 10,
    async fn(b) {
      if (tf.findBackend(backend)) await tf.setBackend(backend);
      else await selectBackend(backend);
      engine ??= await createAutodiffEngine({
        ...data,
        init: [createRegressor({ hidden: 7, seed: 0 })],
        seeds: [0],
        lr: 1e-4,
        optimizer: "sgd",
        gradAtZero: 0,
      });
      b.start();
      await engine.step(100);
      b.end();
    },
  });
}
