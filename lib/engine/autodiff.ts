/**
 * The autodiff training engine: generic tfjs ops, `tf.valueAndGrads` for the
 * gradients and hand-written SGD and Adam, on whatever tfjs backend is
 * active. Slow next to the fused engine but easy to check: the forward pass
 * is four lines and relu's gradient at 0 is a named, explicit value.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import {
  ADAM_BETA1 as BETA1,
  ADAM_BETA2 as BETA2,
  ADAM_EPSILON as EPSILON,
  checkEngineSpec,
  checkSteps,
  type EngineSpec,
  type StepResult,
  type TrainingEngine,
  unpackParams,
} from "./contract.ts";
import { hashUniform } from "../math/random.ts";
import { type ActivationFunction, activationOf, isPiecewise, kinkDraw } from "../math/activation_registry.ts";
import { activationOp } from "./activation_ops.ts";
import type { BackendName, RegressorParams } from "../model/run.ts";

export { reluWithGradAtZero, type Tensor } from "./activation_ops.ts";

/**
 * The per-model MSE [M] of models with parameters `p`, and z [M, P, H].
 * `data.x` and `data.ones` are [M, P, 1] columns and `data.y` is [1, P]. The
 * outer products x·w0 and 1·b0 are batched matMuls with an inner dimension of
 * 1, so each element is one float32 product (w0·x, or b0 exactly) and
 * z = w0·x + b0 is rounded exactly as engine.ts says; being same-shape, the
 * products and their gradients avoid tfjs' slow broadcasting path.
 */
function forward(
  p: ModelTensors,
  data: { x: tf.Tensor; ones: tf.Tensor; y: tf.Tensor },
  gradAtZero: tf.Tensor,
  activation: ActivationFunction,
): { loss: tf.Tensor; z: tf.Tensor } {
  const [m, h] = p.w0.shape;
  const z = data.x.matMul(p.w0.reshape([m, 1, h])).add(data.ones.matMul(p.b0.reshape([m, 1, h])));
  const a = activationOp(activation, z, gradAtZero);
  const yHat = a.matMul(p.w1.reshape([m, h, 1])).reshape([m, -1]).add(p.b1.reshape([m, 1]));
  return { loss: yHat.sub(data.y).square().mean(1), z };
}

/**
 * The most updates whose loss tensors the engine holds before reading them
 * back (a readback per this many updates costs little even on webgpu, and
 * memory stays flat however long a chunk is).
 */
const READBACK_STEPS = 256;

/**
 * Reads `block` tensors [M] (one per update) back into columns `at`, `at + 1`,
 * … of `out`, which holds M rows of `steps` values: one readback.
 */
async function readBlock(
  block: tf.Tensor[],
  out: Float32Array | Int32Array,
  steps: number,
  at: number,
  dtype: "float32" | "int32" = "float32",
): Promise<void> {
  const stacked = tf.tidy(() => tf.stack(block, 1).cast(dtype)); // [M, block]
  try {
    const data = await stacked.data();
    const [models, width] = stacked.shape;
    for (let m = 0; m < models; m++) out.set(data.subarray(m * width, (m + 1) * width), m * steps + at);
  } finally {
    stacked.dispose();
  }
}

/** The trainable tensors of M models. */
interface ModelTensors {
  /** [M, H] */
  w0: tf.Tensor;
  /** [M, H] */
  b0: tf.Tensor;
  /** [M, H] */
  w1: tf.Tensor;
  /** [M] */
  b1: tf.Tensor;
}

const KEYS = ["w0", "b0", "w1", "b1"] as const;

function toList(p: ModelTensors): tf.Tensor[] {
  return KEYS.map((k) => p[k]);
}

function fromList(list: tf.Tensor[]): ModelTensors {
  return { w0: list[0], b0: list[1], w1: list[2], b1: list[3] };
}

/**
 * Starts the autodiff engine on the active tfjs backend with the M models of
 * `spec`, which it trains at once: parameters are tensors [M, H] (w0, b0, w1)
 * and [M] (b1), and the loss differentiated is the sum of the M models' MSEs,
 * so each model gets the gradient of its own loss. It follows the arithmetic
 * of {@link TrainingEngine}.
 *
 * @param spec the data, the initial models and the settings (checked by `checkEngineSpec`)
 * @returns the engine; call `dispose` when done
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { selectBackend } from "./backend.ts";
 * import { createAutodiffEngine } from "./autodiff.ts";
 * await selectBackend("cpu");
 * const engine = await createAutodiffEngine({
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
export async function createAutodiffEngine(spec: EngineSpec): Promise<TrainingEngine> {
  const hidden = checkEngineSpec(spec, "autodiff");
  await tf.ready(); // a backend that is still starting (webgpu) must be up before tensors are made
  const models = spec.init.length;
  const points = spec.x.length;
  const backend = tf.getBackend() as BackendName;
  const gradAtZero = spec.gradAtZero;
  const activation = activationOf(spec.activation ?? "relu");
  const slopes = isPiecewise(activation) ? activation.slopes : { left: 0, right: 1 };
  const countZeros = spec.countZeros ?? false;

  const flat = (key: "w0" | "b0" | "w1") => tf.tensor2d(spec.init.flatMap((p) => p[key]), [models, hidden]);
  let params: ModelTensors = {
    w0: flat("w0"),
    b0: flat("b0"),
    w1: flat("w1"),
    b1: tf.tensor1d(spec.init.map((p) => p.b1)),
  };
  const zerosLike = (p: ModelTensors) => fromList(toList(p).map((t) => tf.zerosLike(t)));
  let moments = spec.optimizer === "adam" ? { m: zerosLike(params), v: zerosLike(params) } : undefined;
  const constants = {
    x: tf.tensor3d(Array.from({ length: models }, () => spec.x).flat(), [models, points, 1]),
    ones: tf.ones([models, points, 1]),
    y: tf.tensor2d(spec.y as number[], [1, points]),
    lr: tf.scalar(spec.lr),
    // relu'(0) as a full [M, P, H] tensor: same-shape products are the fast path.
    gradAtZero: tf.fill([models, points, hidden], gradAtZero === "random" ? 0 : gradAtZero),
  };
  const data = { x: constants.x, ones: constants.ones, y: constants.y };
  let updates = spec.startEpoch ?? 0;
  let disposed = false;

  /** relu'(0) for update k: the fixed scalar, or the [M, P, H] hash draws. */
  const gradAtZeroAt = (k: number): tf.Tensor => {
    if (gradAtZero !== "random") return constants.gradAtZero;
    const draws = new Float32Array(models * points * hidden);
    for (let m = 0; m < models; m++) {
      for (let i = 0; i < points * hidden; i++) {
        draws[m * points * hidden + i] = kinkDraw(slopes, hashUniform(spec.seeds[m], k, i));
      }
    }
    return tf.tensor3d(draws, [models, points, hidden]);
  };

  /** One update of every model; returns the loss [M] before it and, with countZeros, the zero counts [M]. */
  const update = (k: number): { loss: tf.Tensor; zeros?: tf.Tensor } => {
    const result = tf.tidy(() => {
      const stepGradAtZero = gradAtZeroAt(k);
      // The zero counts are made inside the differentiated function, where z
      // lives; tf.keep saves them from its tidy.
      const counted: { zeros?: tf.Tensor } = {};
      const f = (...list: tf.Tensor[]) => {
        const { loss, z } = forward(fromList(list), data, stepGradAtZero, activation);
        if (countZeros) counted.zeros = tf.keep(z.equal(0).sum([1, 2]));
        return loss;
      };
      const { value, grads } = tf.valueAndGrads(f)(toList(params));
      const old = toList(params);
      if (!moments) {
        return {
          value,
          next: old.map((p, i) => p.sub(grads[i].mul(constants.lr))),
          m: [],
          v: [],
          zeros: counted.zeros,
        };
      }
      const t = k + 1;
      const c1 = 1 - BETA1 ** t;
      const c2 = 1 - BETA2 ** t;
      const m = toList(moments.m).map((mi, i) => mi.mul(BETA1).add(grads[i].mul(1 - BETA1)));
      const v = toList(moments.v).map((vi, i) => vi.mul(BETA2).add(grads[i].square().mul(1 - BETA2)));
      const next = old.map((p, i) => p.sub(constants.lr.mul(m[i].div(c1)).div(v[i].div(c2).sqrt().add(EPSILON))));
      return { value, next, m, v, zeros: counted.zeros };
    });
    tf.dispose(toList(params));
    params = fromList(result.next);
    if (moments) {
      tf.dispose([...toList(moments.m), ...toList(moments.v)]);
      moments = { m: fromList(result.m), v: fromList(result.v) };
    }
    return { loss: result.value, zeros: result.zeros };
  };

  const alive = () => {
    if (disposed) throw new Error("The autodiff engine was disposed");
  };

  const engine: TrainingEngine = {
    name: "autodiff",
    backend,
    models,
    async step(steps: number): Promise<StepResult> {
      alive();
      checkSteps(steps, "autodiff");
      const lossData = new Float32Array(models * steps);
      const zeroData = countZeros ? new Int32Array(models * steps) : undefined;
      // The losses (and zero counts) are read back every READBACK_STEPS updates into these buffers, so that
      // a long chunk holds at most that many loss tensors, not one per update until it ends.
      for (let done = 0; done < steps;) {
        const block = Math.min(READBACK_STEPS, steps - done);
        const losses: tf.Tensor[] = [];
        const zeros: tf.Tensor[] = [];
        try {
          for (let s = 0; s < block; s++) {
            const r = update(updates++);
            losses.push(r.loss);
            if (r.zeros) zeros.push(r.zeros);
          }
          await readBlock(losses, lossData, steps, done);
          if (zeroData) await readBlock(zeros, zeroData, steps, done, "int32");
        } finally {
          tf.dispose([...losses, ...zeros]);
        }
        done += block;
      }
      const row = <A extends Float32Array | Int32Array>(a: A, m: number) => a.slice(m * steps, (m + 1) * steps) as A;
      const ms = Array.from({ length: models }, (_, m) => m);
      const result: StepResult = { losses: ms.map((m) => row(lossData, m)) };
      if (zeroData) result.zeros = ms.map((m) => row(zeroData, m));
      return result;
    },
    async evaluate(): Promise<number[]> {
      alive();
      const loss = tf.tidy(() => forward(params, data, constants.gradAtZero, activation).loss);
      try {
        return Array.from(await loss.data());
      } finally {
        loss.dispose();
      }
    },
    async params(): Promise<RegressorParams[]> {
      alive();
      const packed = tf.tidy(() => tf.concat([params.w0, params.b0, params.w1, params.b1.reshape([models, 1])], 1));
      let values: Float32Array;
      try {
        values = await packed.data() as Float32Array;
      } finally {
        packed.dispose();
      }
      const width = 3 * hidden + 1;
      return Array.from({ length: models }, (_, m) => unpackParams(values.subarray(m * width), hidden));
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      tf.dispose([...toList(params), ...Object.values(constants)]);
      if (moments) tf.dispose([...toList(moments.m), ...toList(moments.v)]);
    },
  };
  return engine;
}
