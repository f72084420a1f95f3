/**
 * A multilayer perceptron over plain typed arrays, forward and backward side
 * by side, in float16 (as a GPU computes it), float32 or float64, with a
 * chosen relu'(0) applied as α × the upstream gradient. It is the exact
 * arithmetic of the bifurcation pass: every rounding is explicit.
 *
 * The network is `Linear(784, w) → relu → (Linear(w, w) → relu) × (depth − 1)
 * → Linear(w, 10)` with softmax cross-entropy averaged over the batch, as in
 * Bertoin et al.'s MNIST experiments; its initialisation is PyTorch's
 * `nn.Linear` default, drawn in float32 and rounded to the precision (what
 * `.half()` and `.double()` do to a float32 module).
 *
 * The arithmetic of a layer, for each output: the products of its nonzero
 * inputs summed in input order (see `kernel.ts`), in float32 for float16
 * and float32, in float64 for float64; then the bias added in the same
 * format; then the result rounded to the precision (half precision for
 * float16). Gradients are summed the same way (over the batch for the
 * weight gradients, over the outputs for the input gradients) and rounded
 * to the precision.
 *
 * @module
 */
import { hashUniform } from "../math/random.ts";
import { createRng } from "../math/random.ts";
import type { GradAtZero } from "../model/mod.ts";
import { type DenseProduct, product32, product64 } from "./kernel.ts";
import { accumulatorRounding, type MnistPrecision, rounding, roundToHalf, storage } from "./precision.ts";

/** A precision's array of values. */
export type Values = Float32Array | Float64Array;

/** The parameters of an MLP in one precision. */
export interface ExactMlp {
  /** The arithmetic its values are stored and computed in. */
  precision: MnistPrecision;
  /** Layer sizes, input first: `[784, width, …, width, 10]`. */
  sizes: number[];
  /** Per layer, `sizes[l] × sizes[l + 1]` weights, input-major: `weights[l][i · fout + j]` is `nn.Linear`'s `weight[j][i]`. */
  weights: Values[];
  /** Per layer, `sizes[l + 1]` biases. */
  biases: Values[];
}

/** The dense products an MLP computes with (the TypeScript ones or the SIMD ones of `kernel.ts`). */
export interface Products {
  /** The float32 product (for float16 and float32). */
  product32: DenseProduct<Float32Array>;
  /** The float64 product. */
  product64: DenseProduct<Float64Array>;
}

/** The TypeScript products. */
const PLAIN: Products = { product32, product64 };

/**
 * PyTorch's default initialisation of an MLP in float32: each layer's weight
 * (drawn row by row, as `nn.Linear.weight[j][i]`) then bias, uniform in
 * ±1/√fan_in, from the project's seeded generator.
 *
 * @param sizes the layer sizes, input first, e.g. `[784, 256, 10]`
 * @param seed the seed
 * @returns the float32 parameters
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { initExactMlp } from "./exact_mlp.ts";
 * const mlp = initExactMlp([784, 16, 10], 0);
 * strictEqual(mlp.weights[0].length, 784 * 16);
 * ok(mlp.weights[0].every((w) => Math.abs(w) <= 1 / 28 && Math.fround(w) === w));
 * ok(mlp.biases[1].every((b) => Math.abs(b) <= 0.25));
 * ```
 */
export function initExactMlp(sizes: readonly number[], seed: number): ExactMlp {
  const rng = createRng(seed);
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fin, fout] = [sizes[l], sizes[l + 1]];
    const bound = 1 / Math.sqrt(fin);
    const w = new Float32Array(fin * fout);
    for (let j = 0; j < fout; j++) for (let i = 0; i < fin; i++) w[i * fout + j] = rng.uniform(-bound, bound);
    const b = new Float32Array(fout);
    for (let j = 0; j < fout; j++) b[j] = rng.uniform(-bound, bound);
    weights.push(w);
    biases.push(b);
  }
  return { precision: "float32", sizes: [...sizes], weights, biases };
}

/**
 * Values rounded to a precision, in that precision's storage.
 *
 * @param values the values (float32 images, float32 parameters, ...)
 * @param precision the precision
 * @returns a new array
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { castValues } from "./exact_mlp.ts";
 * deepStrictEqual([...castValues(new Float32Array([1 / 3]), "float16")], [0.333251953125]);
 * ```
 */
export function castValues(values: Values, precision: MnistPrecision): Values {
  if (precision === "float16") return roundToHalf(new Float32Array(values));
  const round = rounding(precision);
  const out = storage(precision, values.length);
  for (let k = 0; k < values.length; k++) out[k] = round(values[k]);
  return out;
}

/**
 * An MLP rounded to a precision (what `.half()` or `.double()` does to a module).
 *
 * @param mlp the parameters
 * @param precision the precision
 * @returns new parameters
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { castMlp, initExactMlp } from "./exact_mlp.ts";
 * const half = castMlp(initExactMlp([4, 2, 10], 1), "float16");
 * strictEqual(half.precision, "float16");
 * strictEqual(Math.f16round(half.weights[0][0]), half.weights[0][0]);
 * ```
 */
export function castMlp(mlp: ExactMlp, precision: MnistPrecision): ExactMlp {
  return {
    precision,
    sizes: [...mlp.sizes],
    weights: mlp.weights.map((w) => castValues(w, precision)),
    biases: mlp.biases.map((b) => castValues(b, precision)),
  };
}

/** A forward pass: the pre-activations of each layer. */
export interface Forward {
  /** Per layer, `rows × sizes[l + 1]` pre-activations; the last is the logits when they were asked for. */
  pre: Values[];
  /** The number of rows. */
  rows: number;
}

/** One layer: `z = round(acc(x · W + b))` on `rows` rows. */
function layer(mlp: ExactMlp, l: number, input: Values, rows: number, products: Products): Values {
  const [fin, fout] = [mlp.sizes[l], mlp.sizes[l + 1]];
  const z = storage(mlp.precision, rows * fout);
  const shape = { rows, fin, fout };
  if (mlp.precision === "float64") {
    products.product64(input as Float64Array, mlp.weights[l] as Float64Array, z as Float64Array, shape);
  } else products.product32(input as Float32Array, mlp.weights[l] as Float32Array, z as Float32Array, shape);
  const b = mlp.biases[l];
  // The Float32Array or Float64Array store rounds the sum to the accumulator's format.
  for (let r = 0; r < rows; r++) for (let j = 0, k = r * fout; j < fout; j++, k++) z[k] = z[k] + b[j];
  if (mlp.precision === "float16") roundToHalf(z as Float32Array);
  return z;
}

/** relu of pre-activations, as a new array. */
function relu(z: Values): Values {
  const h = z instanceof Float64Array ? new Float64Array(z.length) : new Float32Array(z.length);
  for (let k = 0; k < z.length; k++) h[k] = z[k] > 0 ? z[k] : 0;
  return h;
}

/**
 * The forward pass of a batch: every hidden layer's pre-activations, and the
 * logits unless `logits: false` (the bifurcation pass needs them only for a
 * batch it differentiates).
 *
 * @param mlp the parameters
 * @param x `rows × 784` inputs in the MLP's precision
 * @param options `rows`; `logits` (default true); `products` (default: the TypeScript ones)
 * @returns the pre-activations
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { forwardMlp, type ExactMlp } from "./exact_mlp.ts";
 * const mlp: ExactMlp = {
 *   precision: "float64", sizes: [2, 2, 1],
 *   weights: [new Float64Array([1, -1, 2, 1]), new Float64Array([1, 1])],
 *   biases: [new Float64Array([0, 0.5]), new Float64Array([0])],
 * };
 * const { pre } = forwardMlp(mlp, new Float64Array([1, 1]), { rows: 1 });
 * deepStrictEqual([...pre[0]], [3, 0.5]);
 * deepStrictEqual([...pre[1]], [3.5]);
 * ```
 */
export function forwardMlp(
  mlp: ExactMlp,
  x: Values,
  options: { rows: number; logits?: boolean; products?: Products },
): Forward {
  const { rows, logits = true, products = PLAIN } = options;
  const layers = mlp.weights.length - (logits ? 0 : 1);
  const pre: Values[] = [];
  let input = x;
  for (let l = 0; l < layers; l++) {
    const z = layer(mlp, l, input, rows, products);
    pre.push(z);
    input = relu(z);
  }
  return { pre, rows };
}

/** A convention for relu'(0) with the seed of its random draws. */
export interface ReluPrime {
  /** relu'(0): a number in [0, 1], or "random" for a U(0, 1) draw per element. */
  gradAtZero: GradAtZero;
  /** The seed of the random draws: α at layer l, element k is `hashUniform(seed, l, k)` (default 0). */
  seed?: number;
}

/**
 * The gradients of the batch's mean cross-entropy with respect to each
 * layer's pre-activations (`deltas[l]`, `rows × sizes[l + 1]`; the last is
 * the logits'). At a hidden pre-activation exactly 0, the gradient is α ×
 * the upstream gradient, rounded to the precision (α = relu'(0)).
 *
 * @param mlp the parameters
 * @param forward the batch's forward pass, with logits
 * @param options the labels and the convention
 * @returns the deltas
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { backwardDeltas, forwardMlp, type ExactMlp } from "./exact_mlp.ts";
 * // One hidden unit at exactly 0; logits (0, 0): upstream 3 × (0.5 − 1) at the unit.
 * const mlp: ExactMlp = {
 *   precision: "float64", sizes: [1, 1, 2],
 *   weights: [new Float64Array([1]), new Float64Array([0, 3])],
 *   biases: [new Float64Array([-1]), new Float64Array([0, 0])],
 * };
 * const f = forwardMlp(mlp, new Float64Array([1]), { rows: 1 });
 * const labels = new Uint8Array([1]);
 * deepStrictEqual([...backwardDeltas(mlp, f, { labels, gradAtZero: 0.5 })[0]], [0.5 * 3 * -0.5]);
 * strictEqual(backwardDeltas(mlp, f, { labels, gradAtZero: 0 })[0][0], -0); // 0 × (−1.5)
 * ```
 */
export function backwardDeltas(mlp: ExactMlp, forward: Forward, options: { labels: Uint8Array } & ReluPrime): Values[] {
  const { labels, gradAtZero, seed = 0 } = options;
  const { pre, rows } = forward;
  const last = mlp.weights.length - 1;
  if (pre.length !== last + 1) throw new RangeError("Cannot differentiate: the forward pass has no logits");
  const round = rounding(mlp.precision);
  const acc = accumulatorRounding(mlp.precision);
  const classes = mlp.sizes[last + 1];
  const deltas: Values[] = new Array(last + 1);
  const top = storage(mlp.precision, rows * classes);
  const logits = pre[last];
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[r * classes + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[r * classes + c] - max);
    for (let c = 0; c < classes; c++) {
      const p = Math.exp(logits[r * classes + c] - max) / sum;
      top[r * classes + c] = round((p - (c === labels[r] ? 1 : 0)) / rows);
    }
  }
  deltas[last] = top;
  for (let l = last; l > 0; l--) {
    const [fin, fout] = [mlp.sizes[l], mlp.sizes[l + 1]];
    const w = mlp.weights[l];
    const above = deltas[l];
    const z = pre[l - 1];
    const d = storage(mlp.precision, rows * fin);
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < fin; i++) {
        const k = r * fin + i;
        if (z[k] < 0) continue;
        let g = 0;
        for (let j = 0; j < fout; j++) g = acc(g + acc(above[r * fout + j] * w[i * fout + j]));
        g = round(g);
        if (z[k] > 0) d[k] = g;
        else {
          const alpha = gradAtZero === "random" ? hashUniform(seed, l - 1, k) : gradAtZero;
          d[k] = round(alpha * g);
        }
      }
    }
    deltas[l - 1] = d;
  }
  return deltas;
}

/**
 * The gradient of a layer's weights, `Σ_r input[r, i] · delta[r, j]` summed
 * over the rows in order (in float32 for float16 and float32), rounded to
 * the precision, input-major like the weights.
 *
 * @param precision the precision
 * @param input `rows × fin` inputs of the layer (x, or the relu of the layer below)
 * @param delta `rows × fout` gradients of its pre-activations
 * @param shape rows, fin, fout
 * @returns `fin × fout` gradients
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { weightGradient } from "./exact_mlp.ts";
 * const g = weightGradient("float64", new Float64Array([1, 2, 3, 4]), new Float64Array([1, -1]), { rows: 2, fin: 2, fout: 1 });
 * deepStrictEqual([...g], [1 - 3, 2 - 4]);
 * ```
 */
export function weightGradient(
  precision: MnistPrecision,
  input: Values,
  delta: Values,
  shape: { rows: number; fin: number; fout: number },
): Values {
  const { rows, fin, fout } = shape;
  const g = storage(precision === "float64" ? "float64" : "float32", fin * fout);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < fin; i++) {
      const a = input[r * fin + i];
      if (a === 0) continue;
      const go = i * fout, dr = r * fout;
      if (precision === "float64") { for (let j = 0; j < fout; j++) g[go + j] += a * delta[dr + j]; }
      else for (let j = 0; j < fout; j++) g[go + j] = g[go + j] + Math.fround(a * delta[dr + j]);
    }
  }
  if (precision === "float16") { for (let k = 0; k < g.length; k++) g[k] = Math.f16round(g[k]); }
  return g;
}

/** The gradients of every parameter, shaped like an {@link ExactMlp}'s. */
export interface ExactMlpGradients {
  /** Per layer, the weight gradients, input-major. */
  weights: Values[];
  /** Per layer, the bias gradients. */
  biases: Values[];
}

/**
 * The gradients of the batch's mean cross-entropy with respect to every
 * weight and bias, with relu'(0) = α applied as α × the upstream gradient.
 *
 * @param mlp the parameters
 * @param x `rows × 784` inputs in the MLP's precision
 * @param options rows, labels, the convention, and the products
 * @returns the gradients
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { castMlp, castValues, initExactMlp, exactMlpGradients } from "./exact_mlp.ts";
 * const mlp = castMlp(initExactMlp([3, 4, 10], 0), "float64");
 * const x = castValues(new Float32Array([0.5, 0, 1]), "float64");
 * const g = exactMlpGradients(mlp, x, { rows: 1, labels: new Uint8Array([7]), gradAtZero: 0 });
 * strictEqual(g.weights[0].length, 12);
 * // The logits' gradients sum to 0 (softmax minus one-hot), so do the output bias gradients.
 * ok(Math.abs([...g.biases[1]].reduce((a, b) => a + b, 0)) < 1e-15);
 * ```
 */
export function exactMlpGradients(
  mlp: ExactMlp,
  x: Values,
  options: { rows: number; labels: Uint8Array; products?: Products } & ReluPrime,
): ExactMlpGradients {
  const { rows } = options;
  const forward = forwardMlp(mlp, x, { rows, products: options.products });
  const deltas = backwardDeltas(mlp, forward, options);
  const weights: Values[] = [];
  const biases: Values[] = [];
  const round = rounding(mlp.precision);
  const acc = accumulatorRounding(mlp.precision);
  for (let l = 0; l < mlp.weights.length; l++) {
    const [fin, fout] = [mlp.sizes[l], mlp.sizes[l + 1]];
    const input = l === 0 ? x : relu(forward.pre[l - 1]);
    weights.push(weightGradient(mlp.precision, input, deltas[l], { rows, fin, fout }));
    const b = storage(mlp.precision, fout);
    for (let j = 0; j < fout; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s = acc(s + deltas[l][r * fout + j]);
      b[j] = round(s);
    }
    biases.push(b);
  }
  return { weights, biases };
}
