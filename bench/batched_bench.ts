/**
 * Batched against one-at-a-time training on the cpu backend: each iteration
 * trains 64 models for the same number of epochs, either as one engine with
 * M = 64 or as 64 engines with M = 1 (created once, outside the timing), so
 * within a group the ratio of times is the ratio of throughputs and
 * model-epochs per second = 64 × epochs / time per iteration. The models are
 * the essay's (H = 7, 300 points on [-10, 10], SGD, lr 1e-4, PyTorch-style
 * init from seeds 0..63).
 *
 * Run: `deno bench --allow-read bench/batched_bench.ts`.
 *
 * @module
 */
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import type { EngineSpec, TrainingEngine } from "../lib/engine/contract.ts";
import type { EngineFactory } from "../lib/engine/contract.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";

await selectBackend("cpu");

const MODELS = 64;
const data = targetData({ points: 300, xMin: -10, xMax: 10 });
const seeds = Array.from({ length: MODELS }, (_, i) => i);
const spec: EngineSpec = {
  x: data.x,
  y: data.y,
  init: seeds.map((seed) => createRegressor({ hidden: 7, seed })),
  seeds,
  lr: 1e-4,
  optimizer: "sgd",
  gradAtZero: 0,
};

/** Epochs per iteration: the autodiff engine is about 100 times slower per epoch. */
const CASES: { name: string; factory: EngineFactory; epochs: number }[] = [
  { name: "fused", factory: createFusedEngine, epochs: 100 },
  { name: "autodiff", factory: createAutodiffEngine, epochs: 4 },
];

for (const c of CASES) {
  const batched = await c.factory(spec);
  const alone: TrainingEngine[] = [];
  for (let m = 0; m < MODELS; m++) {
    alone.push(await c.factory({ ...spec, init: [spec.init[m]], seeds: [m] }));
  }
  const group = `${c.name} cpu, ${MODELS} models × ${c.epochs} epochs`;
  Deno.bench({
    name: `${c.name}: batched, one engine with M = ${MODELS}`,
    group,
    baseline: true,
    async fn() {
      await batched.step(c.epochs);
    },
  });
  Deno.bench({
    name: `${c.name}: one at a time, ${MODELS} engines with M = 1`,
    group,
    async fn() {
      for (const engine of alone) await engine.step(c.epochs);
    },
  });
}
