/**
 * The fused training engine: every call of `step(steps)` is one registered
 * tfjs kernel invocation that runs forward pass, backward pass and update for
 * `steps` epochs of all M models, on the `cpu`, `wasm` or `webgpu` backend.
 * The parameters stay in one device tensor between calls; only the losses
 * (and zero counts) are read back, once per call.
 *
 * @module
 */
import * as tf from "../tf.ts";
import {
  checkEngineSpec,
  checkSteps,
  type EngineSpec,
  type StepResult,
  type TrainingEngine,
  unpackParams,
} from "./contract.ts";
import {
  adamSchedule,
  FUSED_KERNEL_NAME,
  fusedAttrs,
  type FusedKernelAttrs,
  packedLayout,
  stateWidth,
} from "./kernel.ts";
import { registerFusedCpuKernels } from "./kernel_cpu.ts";
import { createFused64Engine } from "./fused64.ts";
import { registerFusedWebGpuKernel } from "./kernel_webgpu.ts";
import { webgpuScratch } from "./webgpu/plan.ts";
import { hash32 } from "../math/random.ts";
import type { BackendName, RegressorParams } from "../model/run.ts";

const BACKENDS: readonly BackendName[] = ["cpu", "wasm", "webgpu"];

/** The packed initial state [M, stateWidth]: parameters, then zero Adam moments. */
function initialState(spec: EngineSpec, hidden: number): Float32Array {
  const width = stateWidth(hidden, spec.optimizer === "adam");
  const out = new Float32Array(spec.init.length * width);
  spec.init.forEach((p, m) => out.set([...p.w0, ...p.b0, ...p.w1, p.b1], m * width));
  return out;
}

/**
 * Starts the fused engine on the active tfjs backend (`cpu`, `wasm` or
 * `webgpu`) with the M models of `spec`. It follows the arithmetic of
 * {@link TrainingEngine}.
 *
 * @param spec the data, the initial models and the settings (checked by `checkEngineSpec`)
 * @returns the engine; call `dispose` when done
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { selectBackend } from "./backend.ts";
 * import { createFusedEngine } from "./fused.ts";
 * await selectBackend("cpu");
 * const engine = await createFusedEngine({
 *   x: [-1, 0, 1], y: [-1, 0, 1], seeds: [0], lr: 0.1, optimizer: "sgd", gradAtZero: 0,
 *   init: [{ w0: [1], b0: [0], w1: [1], b1: 0 }],
 * });
 * const { losses } = await engine.step(2);
 * strictEqual(losses[0].length, 2);
 * strictEqual(losses[0][0], Math.fround(1 / 3)); // the residuals are 1, 0, 0
 * ok(losses[0][1] < losses[0][0]);
 * engine.dispose();
 * ```
 */
export async function createFusedEngine(spec: EngineSpec): Promise<TrainingEngine> {
  const hidden = checkEngineSpec(spec, "fused");
  await tf.ready();
  const backend = tf.getBackend() as BackendName;
  if (!BACKENDS.includes(backend)) {
    throw new RangeError(
      `Cannot create the fused engine on the "${backend}" backend: use one of ${BACKENDS.join(", ")}`,
    );
  }
  if (spec.precision === "float64") {
    if (backend !== "cpu") {
      throw new RangeError(
        `Cannot create the fused engine in float64 on the "${backend}" backend: tfjs devices compute in float32; use cpu`,
      );
    }
    return createFused64Engine(spec, hidden);
  }
  registerFusedCpuKernels();
  registerFusedWebGpuKernel();
  const models = spec.init.length;
  const points = spec.x.length;
  const adam = spec.optimizer === "adam";
  const countZeros = spec.countZeros ?? false;
  const constants = {
    x: tf.tensor1d(spec.x as number[], "float32"),
    y: tf.tensor1d(spec.y as number[], "float32"),
    seeds: tf.tensor1d(Int32Array.from(spec.seeds, (s) => hash32(s) | 0), "int32"),
    noSchedule: tf.zeros([1, 2], "float32"),
  };
  let state: tf.Tensor = tf.tensor2d(initialState(spec, hidden), [models, stateWidth(hidden, adam)]);
  let updates = spec.startEpoch ?? 0;
  let disposed = false;

  const scratch = backend === "webgpu" ? webgpuScratch(hidden, points) : 0;
  const attrsFor = (steps: number): FusedKernelAttrs =>
    fusedAttrs(spec, { hidden, steps, stepOffset: updates, scratch });

  /** Runs the kernel; returns its packed output [M, width] (a new tensor). */
  const run = (attrs: FusedKernelAttrs): tf.Tensor => {
    const schedule = adam
      ? tf.tensor2d(adamSchedule(attrs.steps, attrs.stepOffset), [Math.max(attrs.steps, 1), 2])
      : null;
    try {
      const inputs = {
        x: constants.x,
        y: constants.y,
        state,
        schedule: schedule ?? constants.noSchedule,
        seeds: constants.seeds,
      };
      return tf.engine().runKernel(FUSED_KERNEL_NAME, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    } finally {
      schedule?.dispose();
    }
  };

  const alive = () => {
    if (disposed) throw new Error("The fused engine was disposed");
    if (tf.getBackend() !== backend) {
      throw new Error(
        `The fused engine runs on the ${backend} backend, but the active backend is ${tf.getBackend()}`,
      );
    }
  };

  return {
    name: "fused",
    backend,
    models,
    async step(steps: number): Promise<StepResult> {
      alive();
      checkSteps(steps, "fused");
      const attrs = attrsFor(steps);
      const next = run(attrs);
      state.dispose();
      state = next;
      updates += steps;
      const layout = packedLayout(attrs);
      const values = await next.data() as Float32Array;
      const row = (m: number, at: number) => values.slice(m * layout.width + at, m * layout.width + at + steps);
      const ms = Array.from({ length: models }, (_, m) => m);
      const result: StepResult = { losses: ms.map((m) => row(m, layout.losses)) };
      if (countZeros) result.zeros = ms.map((m) => Int32Array.from(row(m, layout.zeros)));
      return result;
    },
    async evaluate(): Promise<number[]> {
      alive();
      const attrs = attrsFor(0);
      const out = run(attrs);
      try {
        const values = await out.data() as Float32Array;
        const layout = packedLayout(attrs);
        return Array.from({ length: models }, (_, m) => values[m * layout.width + layout.losses]);
      } finally {
        out.dispose();
      }
    },
    async params(): Promise<RegressorParams[]> {
      alive();
      const values = await state.data() as Float32Array;
      const width = state.shape[1] as number;
      return Array.from({ length: models }, (_, m) => unpackParams(values.subarray(m * width), hidden));
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      tf.dispose([state, ...Object.values(constants)]);
    },
  };
}
