/**
 * The fused engine in float64: the same update as the float32 kernel with no
 * rounding to float32 (see `kernel_cpu.ts`, `runFusedSteps64`), run by the
 * WebAssembly kernel on host arrays. tfjs tensors are float32, so the state
 * stays in a Float64Array here; only the `cpu` backend is accepted, so that
 * a float64 run is never mistaken for a device run.
 *
 * @module
 */
import type { StepResult, TrainingEngine } from "./contract.ts";
import { checkSteps, type EngineSpec, unpackParams } from "./contract.ts";
import { adamSchedule64, fusedAttrs, type FusedKernelAttrs, packedLayout, stateWidth } from "./kernel.ts";
import { runFusedSteps64Wasm } from "./kernel_wasm.ts";
import { hash32 } from "../math/random.ts";
import type { RegressorParams } from "../model/run.ts";

/**
 * Starts the float64 fused engine for a checked `spec` with H = `hidden`.
 * `createFusedEngine` calls it for `precision: "float64"` on the cpu backend.
 *
 * @param spec the models, data and settings
 * @param hidden H, as `checkEngineSpec` returned it
 * @returns the engine
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createFused64Engine } from "./fused64.ts";
 * const engine = createFused64Engine({
 *   x: [1], y: [0.1], seeds: [0], lr: 0.1, optimizer: "sgd", gradAtZero: 0,
 *   init: [{ w0: [1], b0: [0], w1: [0], b1: 0 }],
 * }, 1);
 * const [loss] = await engine.evaluate();
 * strictEqual(loss, 0.1 * 0.1); // float64: 0.010000000000000002, not float32's 0.010000000707805157
 * engine.dispose();
 * ```
 */
export function createFused64Engine(spec: EngineSpec, hidden: number): TrainingEngine {
  const models = spec.init.length;
  const adam = spec.optimizer === "adam";
  const width = stateWidth(hidden, adam);
  let state = new Float64Array(models * width);
  spec.init.forEach((p, m) => state.set([...p.w0, ...p.b0, ...p.w1, p.b1], m * width));
  const x = Float64Array.from(spec.x);
  const y = Float64Array.from(spec.y);
  const seeds = Int32Array.from(spec.seeds, (s) => hash32(s) | 0);
  let updates = spec.startEpoch ?? 0;
  let disposed = false;

  const run = (steps: number): { out: Float64Array; attrs: FusedKernelAttrs } => {
    if (disposed) throw new Error("The fused engine was disposed");
    const attrs = fusedAttrs(spec, { hidden, steps, stepOffset: updates, scratch: 0 });
    const layout = packedLayout(attrs);
    const out = new Float64Array(models * layout.width);
    const schedule = adam ? adamSchedule64(steps, updates) : new Float64Array(2);
    runFusedSteps64Wasm({ x, y, state, stateStride: width, schedule, seeds, out }, attrs);
    return { out, attrs };
  };

  return {
    name: "fused",
    backend: "cpu",
    models,
    step(steps: number): Promise<StepResult> {
      checkSteps(steps, "fused");
      const { out, attrs } = run(steps);
      const layout = packedLayout(attrs);
      const next = new Float64Array(models * width);
      for (let m = 0; m < models; m++) next.set(out.subarray(m * layout.width, m * layout.width + width), m * width);
      state = next;
      updates += steps;
      const row = (m: number, at: number) => out.slice(m * layout.width + at, m * layout.width + at + steps);
      const ms = Array.from({ length: models }, (_, m) => m);
      const result: StepResult = { losses: ms.map((m) => row(m, layout.losses)) };
      if (attrs.countZeros) result.zeros = ms.map((m) => Int32Array.from(row(m, layout.zeros)));
      return Promise.resolve(result);
    },
    evaluate(): Promise<number[]> {
      const { out, attrs } = run(0);
      const layout = packedLayout(attrs);
      return Promise.resolve(Array.from({ length: models }, (_, m) => out[m * layout.width + layout.losses]));
    },
    params(): Promise<RegressorParams[]> {
      if (disposed) throw new Error("The fused engine was disposed");
      return Promise.resolve(
        Array.from({ length: models }, (_, m) => unpackParams(state.subarray(m * width), hidden)),
      );
    },
    dispose(): void {
      disposed = true;
    },
  };
}
