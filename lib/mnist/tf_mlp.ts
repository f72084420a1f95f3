/**
 * A multilayer perceptron on tfjs whose relu'(0) is chosen: depth and width, optional batch norm, SGD or Adam,
 * float32 or emulated float16, on whatever tfjs backend is active (cpu, wasm, webgpu).
 *
 * relu is `reluWithGradAtZero` from the engine layer: at an exact zero its gradient is relu'(0) times the
 * upstream gradient (not the constant relu'(0), which is right only for relu'(0) = 0). `"random"` draws
 * relu'(0) per element and update as U(0, 1) with `hashUniform(seed, step, layer · batch · width + element)`.
 *
 * float16 is emulated as a GPU computes it: the inputs, the weights (after every update) and every layer's
 * output (the linear map, the batch norm, the relu) are rounded to half precision (`Float16Array`, round to
 * nearest even); the matrix products accumulate in float32 (the backend's). Backward, the gradient reaching each
 * rounded value is rounded to half too. The optimizer's arithmetic and state (Adam's moments) stay in float32.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import type { Tensor } from "../engine/autodiff.ts";
import { reluWithGradAtZero } from "../engine/autodiff.ts";
import { roundHalf } from "./tf_half.ts";
import { createRng, hashUniform } from "../math/random.ts";
import type { GradAtZero } from "../model/settings.ts";

/** The arithmetic of an MLP: float32, or float16 emulated in float32 (see the module doc). */
export type MlpPrecision = "float32" | "float16";

/** An MLP's shape and arithmetic. */
export interface MlpSpec {
  /** Inputs per example (784 for MNIST). */
  inputs: number;
  /** Widths of the hidden layers, first to last. */
  widths: readonly number[];
  /** Output classes. */
  classes: number;
  /** Batch norm between each hidden linear map and its relu (PyTorch's BatchNorm1d: eps 1e-5, momentum 0.1). */
  batchNorm: boolean;
  /** float32, or emulated float16. */
  precision: MlpPrecision;
}

/** SGD or Adam (β1 0.9, β2 0.999, ε 1e-8) with a learning rate. */
export interface MlpOptimizer {
  /** The update rule. */
  name: "sgd" | "adam";
  /** The learning rate. */
  lr: number;
}

/**
 * An MLP's trainable and running state. `params` lists per hidden layer W [in, out], b [out] (then γ, β with
 * batch norm), then the output layer's W and b; `running` holds each batch-norm layer's mean and variance.
 */
export interface MlpState {
  /** The trainable parameters, in the order above. */
  params: Tensor[];
  /** Adam's first moments (empty for SGD). */
  m: Tensor[];
  /** Adam's second moments (empty for SGD). */
  v: Tensor[];
  /** Batch norm's running means and variances, two per hidden layer (empty without batch norm). */
  running: Tensor[];
  /** Updates done. */
  step: number;
}

const BN_EPS = 1e-5;

/**
 * Weight of a batch's statistics in batch norm's running mean and variance (PyTorch's momentum).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { BN_MOMENTUM } from "./tf_mlp.ts";
 * strictEqual(BN_MOMENTUM, 0.1);
 * ```
 */
export const BN_MOMENTUM = 0.1;

/**
 * The random relu'(0) of the hidden layer `layer` at update `step`: element k of the [rows, width] activations
 * draws `hashUniform(seed, step, layer · rows · width + k)`.
 *
 * @param seed the run's seed
 * @param at the update, the layer and the activations' shape [rows, width]
 * @returns the draws, a [rows, width] tensor
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { randomGradAtZero } from "./tf_mlp.ts";
 * import { hashUniform } from "../math/random.ts";
 * await tf.setBackend("cpu");
 * const g = randomGradAtZero(7, { step: 3, layer: 1, shape: [2, 4] });
 * strictEqual(g.dataSync()[5], hashUniform(7, 3, 1 * 8 + 5));
 * ```
 */
export function randomGradAtZero(
  seed: number,
  at: { step: number; layer: number; shape: readonly [number, number] },
): Tensor {
  const [rows, width] = at.shape;
  const size = rows * width;
  const draws = new Float32Array(size);
  for (let k = 0; k < size; k++) draws[k] = hashUniform(seed, at.step, at.layer * size + k);
  return tf.tensor2d(draws, [rows, width]);
}

/**
 * The initial state: PyTorch's `nn.Linear` default, W and b uniform in ±1/√fan-in, drawn from one seeded
 * generator layer by layer (W row-major [in, out], then b); batch norm starts at γ = 1, β = 0, running mean 0
 * and variance 1. In float16 the parameters are rounded to half.
 *
 * @param spec the MLP
 * @param seed the initialisation's seed
 * @returns the state at update 0 (Adam's moments start empty and are taken as 0)
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { initMlp } from "./tf_mlp.ts";
 * await tf.setBackend("cpu");
 * const s = initMlp({ inputs: 4, widths: [3], classes: 2, batchNorm: true, precision: "float32" }, 0);
 * deepStrictEqual(s.params.map((p) => p.shape), [[4, 3], [3], [3], [3], [3, 2], [2]]);
 * ok(Math.max(...s.params[0].dataSync().map(Math.abs)) <= 0.5);
 * ```
 */
export function initMlp(spec: MlpSpec, seed: number): MlpState {
  const rng = createRng(seed);
  const uniform = (shape: number[], bound: number) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: size }, () => rng.uniform(-bound, bound));
    return tf.tensor(spec.precision === "float16" ? new Float32Array(new Float16Array(values)) : values, shape);
  };
  const params: Tensor[] = [];
  const running: Tensor[] = [];
  let fanIn = spec.inputs;
  for (const width of [...spec.widths, spec.classes]) {
    const bound = 1 / Math.sqrt(fanIn);
    params.push(uniform([fanIn, width], bound), uniform([width], bound));
    if (spec.batchNorm && params.length <= 4 * spec.widths.length) {
      params.push(tf.ones([width]), tf.zeros([width]));
      running.push(tf.zeros([width]), tf.ones([width]));
    }
    fanIn = width;
  }
  return { params, m: [], v: [], running, step: 0 };
}

/** What {@link mlpForward} needs besides the state and the inputs. */
export interface ForwardOptions {
  /** relu'(0) of the backward pass. */
  gradAtZero: GradAtZero;
  /** Seed of the random relu'(0). */
  seed: number;
  /** Training (batch statistics) or evaluation (running statistics). */
  training: boolean;
}

/** The logits and, per hidden layer, the pre-activations that reach relu and (training with batch norm) the batch moments. */
export interface ForwardResult {
  /** The output layer's values [rows, classes]. */
  logits: Tensor;
  /** What each hidden relu received [rows, width]. */
  reluInputs: Tensor[];
  /** Per batch-norm layer, the batch mean and (biased) variance. */
  moments: Tensor[];
}

/**
 * The MLP's forward pass on `x` [rows, inputs] (already rounded to half in float16).
 *
 * @param spec the MLP
 * @param params the trainable parameters ({@link MlpState.params})
 * @param x the inputs
 * @param state the running statistics, the update (for random relu'(0)) and {@link ForwardOptions}
 * @returns the logits, relu's inputs and batch moments
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { mlpForward } from "./tf_mlp.ts";
 * await tf.setBackend("cpu");
 * const spec = { inputs: 2, widths: [2], classes: 1, batchNorm: false, precision: "float32" as const };
 * const params = [tf.tensor2d([[1, -1], [1, 1]]), tf.tensor1d([0, 0]), tf.tensor2d([[1], [1]]), tf.tensor1d([0])];
 * const out = mlpForward(spec, params, tf.tensor2d([[1, 1]]), { running: [], step: 0, gradAtZero: 0, seed: 0, training: true });
 * deepStrictEqual(Array.from(out.reluInputs[0].dataSync()), [2, 0]);
 * deepStrictEqual(Array.from(out.logits.dataSync()), [2]);
 * ```
 */
export function mlpForward(
  spec: MlpSpec,
  params: readonly Tensor[],
  x: Tensor,
  state: Pick<MlpState, "running" | "step"> & ForwardOptions,
): ForwardResult {
  const round = spec.precision === "float16" ? roundHalf : (t: Tensor) => t;
  const reluInputs: Tensor[] = [];
  const moments: Tensor[] = [];
  let h = x;
  let p = 0;
  spec.widths.forEach((_, layer) => {
    let z = round(tf.add(tf.matMul(h, params[p]), params[p + 1]));
    p += 2;
    if (spec.batchNorm) {
      const [mean, variance] = state.training
        ? (({ mean, variance }) => [mean, variance])(tf.moments(z, 0))
        : [state.running[2 * layer], state.running[2 * layer + 1]];
      if (state.training) moments.push(mean, variance);
      z = round(tf.add(tf.mul(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BN_EPS))), params[p]), params[p + 1]));
      p += 2;
    }
    reluInputs.push(z);
    const g = state.gradAtZero === "random"
      ? randomGradAtZero(state.seed, { step: state.step, layer, shape: z.shape as [number, number] })
      : tf.scalar(state.gradAtZero);
    h = round(reluWithGradAtZero(z, g));
  });
  return { logits: round(tf.add(tf.matMul(h, params[p]), params[p + 1])), reluInputs, moments };
}

/** One update's gradients and what the forward pass saw. */
export interface MlpGradients {
  /** The mean cross-entropy of the batch. */
  loss: number;
  /** Exact zeros among relu's inputs (every hidden layer). */
  zeros: number;
  /** relu's inputs in all (rows × total hidden width). */
  reluCalls: number;
  /** Rows in the batch. */
  rows: number;
  /** The gradients, in the order of the parameters. */
  grads: Tensor[];
  /** The batch moments (batch norm), for the running statistics. */
  moments: Tensor[];
}

/**
 * The mean softmax cross-entropy of a batch and its gradients with respect to every parameter.
 *
 * @param spec the MLP
 * @param state the current state (not changed)
 * @param batch the inputs x [rows, inputs] and one-hot labels y [rows, classes]
 * @param options relu'(0) and the seed of its random draws
 * @returns the loss, the exact zeros, the gradients and the batch moments (tensors the caller disposes); the
 *   loss and the zero count are read back asynchronously (WebGPU has no synchronous read in Deno)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { initMlp, mlpGradients } from "./tf_mlp.ts";
 * await tf.setBackend("cpu");
 * const spec = { inputs: 3, widths: [4, 4], classes: 2, batchNorm: false, precision: "float32" as const };
 * const g = await mlpGradients(spec, initMlp(spec, 1), { x: tf.zeros([5, 3]), y: tf.oneHot([0, 1, 0, 1, 0], 2) }, { gradAtZero: 0, seed: 1 });
 * strictEqual(g.reluCalls, 40);
 * strictEqual(g.grads.length, 6);
 * ```
 */
export async function mlpGradients(
  spec: MlpSpec,
  state: MlpState,
  batch: { x: Tensor; y: Tensor },
  options: Omit<ForwardOptions, "training">,
): Promise<MlpGradients> {
  let zeros: Tensor | undefined;
  let moments: Tensor[] = [];
  const { value, grads } = tf.valueAndGrads((...params: Tensor[]) => {
    const out = mlpForward(spec, params, batch.x, { ...state, ...options, training: true });
    zeros = tf.keep(tf.addN(out.reluInputs.map((z) => tf.sum(tf.cast(tf.equal(z, 0), "int32")))));
    moments = out.moments.map((m) => tf.keep(m));
    return tf.losses.softmaxCrossEntropy(batch.y, out.logits) as tf.Scalar;
  })(state.params);
  const [[loss], [zeroCount]] = await Promise.all([value.data(), zeros!.data()]);
  tf.dispose([value, zeros!]);
  const rows = batch.x.shape[0];
  return {
    loss,
    zeros: zeroCount,
    reluCalls: rows * spec.widths.reduce((a, b) => a + b, 0),
    rows,
    grads,
    moments,
  };
}

/**
 * The share of `labels` that the MLP classifies right (argmax of the logits, running statistics for batch norm),
 * evaluated in chunks of 1000 rows.
 *
 * @param spec the MLP
 * @param state the state
 * @param data images [n·inputs] (rounded to half already in float16) and labels [n]
 * @returns the accuracy in [0, 1]
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { mlpAccuracy } from "./tf_mlp.ts";
 * await tf.setBackend("cpu");
 * const spec = { inputs: 1, widths: [], classes: 2, batchNorm: false, precision: "float32" as const };
 * const state = { params: [tf.tensor2d([[1, -1]]), tf.tensor1d([0, 0])], m: [], v: [], running: [], step: 0 };
 * strictEqual(await mlpAccuracy(spec, state, { images: new Float32Array([1, -1, 2]), labels: new Uint8Array([0, 1, 1]) }), 2 / 3);
 * ```
 */
export async function mlpAccuracy(
  spec: MlpSpec,
  state: MlpState,
  data: { images: Float32Array; labels: Uint8Array },
): Promise<number> {
  const n = data.labels.length;
  let right = 0;
  for (let start = 0; start < n; start += 1000) {
    const rows = Math.min(1000, n - start);
    const predicted = tf.tidy(() => {
      const x = tf.tensor2d(data.images.subarray(start * spec.inputs, (start + rows) * spec.inputs), [
        rows,
        spec.inputs,
      ]);
      const out = mlpForward(spec, state.params, x, { ...state, gradAtZero: 0, seed: 0, training: false });
      return tf.argMax(out.logits, 1);
    });
    const p = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < rows; i++) if (p[i] === data.labels[start + i]) right++;
  }
  return right / n;
}
