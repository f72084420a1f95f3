/**
 * The plain-JavaScript trainer: the training update of a 1-H-1 ReLU
 * regressor, written to be checked by hand: the forward pass and the gradient
 * side by side, relu'(0) an explicit value, and only z rounded to float32 (so
 * "z is exactly 0" means what it means on a float32 device).
 *
 * @module
 */
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from "./contract.ts";
import { hashUniform } from "../math/random.ts";
import { activationOf, isPiecewise, kinkDraw } from "../math/activation_registry.ts";
import type { GradAtZero, OptimizerName, RegressorParams } from "../model/run.ts";

/** The training data and relu'(0) of {@link plainGradient}. */
export interface PlainGradientOptions {
  /** Inputs. */
  x: readonly number[];
  /** Targets. */
  y: readonly number[];
  /** relu'(0): a value, or `"random"` for hashUniform(seed, step, p·H + j). */
  gradAtZero: GradAtZero;
  /** Seed of the random draws (default 0). */
  seed?: number;
  /** Global update index k of the random draws (default 0). */
  step?: number;
  /** The activation, as the activation registry writes it (default relu); `gradAtZero` is its kink derivative. */
  activation?: string;
}

/** The loss, zero count and gradient at one set of parameters. */
export interface PlainGradient {
  /** MSE, mean_p (ŷ − y)². */
  loss: number;
  /** Number of pre-activations exactly 0. */
  zeros: number;
  /** ∂loss/∂θ for each parameter. */
  grad: RegressorParams;
}

/**
 * The MSE of `params` on the data, how many z were exactly 0, and the
 * gradient with relu'(0) as chosen.
 *
 * @param params the model's parameters
 * @param options the data and relu'(0)
 * @returns the loss, the zero count and the gradient
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { plainGradient } from "./plain_trainer.ts";
 * const r = plainGradient({ w0: [1], b0: [0], w1: [1], b1: 0 }, { x: [0], y: [1], gradAtZero: 0.5 });
 * deepStrictEqual([r.loss, r.zeros, r.grad.b0[0]], [1, 1, -1]);
 * ```
 */
export function plainGradient(params: RegressorParams, options: PlainGradientOptions): PlainGradient {
  const { x, y, gradAtZero } = options;
  const act = activationOf(options.activation ?? "relu");
  const H = params.w0.length;
  const P = x.length;
  const grad: RegressorParams = { w0: Array(H).fill(0), b0: Array(H).fill(0), w1: Array(H).fill(0), b1: 0 };
  let loss = 0;
  let zeros = 0;
  for (let p = 0; p < P; p++) {
    const z = params.w0.map((w, j) => Math.fround(Math.fround(w * x[p]) + params.b0[j]));
    const a = z.map((v) => act.f(v));
    const yHat = a.reduce((s, v, j) => s + params.w1[j] * v, 0) + params.b1;
    const r = yHat - y[p];
    loss += (r * r) / P;
    const dYHat = (2 * r) / P; // ∂loss/∂ŷ[p]
    grad.b1 += dYHat;
    for (let j = 0; j < H; j++) {
      if (z[j] === 0) zeros++;
      const slope = z[j] !== 0 || !isPiecewise(act)
        ? act.df(z[j])
        : gradAtZero === "random"
        ? kinkDraw(act.slopes, hashUniform(options.seed ?? 0, options.step ?? 0, p * H + j))
        : gradAtZero;
      const dZ = dYHat * params.w1[j] * slope; // ∂loss/∂z[p][j]
      grad.w1[j] += dYHat * a[j];
      grad.w0[j] += dZ * x[p];
      grad.b0[j] += dZ;
    }
  }
  return { loss, zeros, grad };
}

/** Settings of {@link plainTrain}. */
export interface PlainTrainOptions extends PlainGradientOptions {
  /** Learning rate. */
  lr: number;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** Number of updates. */
  steps: number;
}

/** The trajectory of {@link plainTrain}. */
export interface PlainRun {
  /** MSE before each update. */
  losses: number[];
  /** Zero count in each update's forward pass. */
  zeros: number[];
  /** Parameters after the last update. */
  params: RegressorParams;
}

/**
 * Trains one model for `steps` full-batch updates with SGD or PyTorch-style
 * Adam; update k (0-based, from `options.step`, default 0) uses t = k + 1 in
 * Adam's bias corrections and k in the random draws.
 *
 * @param init the initial parameters
 * @param options the data, relu'(0), the optimizer, the learning rate and the number of updates
 * @returns the loss and zero count of every update and the final parameters
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { plainTrain } from "./plain_trainer.ts";
 * const run = plainTrain({ w0: [1], b0: [0], w1: [1], b1: 0 }, {
 *   x: [1], y: [3], gradAtZero: 0, lr: 0.1, optimizer: "sgd", steps: 1,
 * });
 * deepStrictEqual([run.losses, run.params.b1], [[4], 0.4]);
 * ```
 */
export function plainTrain(init: RegressorParams, options: PlainTrainOptions): PlainRun {
  const flat = (p: RegressorParams) => [...p.w0, ...p.b0, ...p.w1, p.b1];
  const H = init.w0.length;
  let theta = flat(init);
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  const losses: number[] = [];
  const zeros: number[] = [];
  const first = options.step ?? 0;
  const unflat = (t: number[]): RegressorParams => ({
    w0: t.slice(0, H),
    b0: t.slice(H, 2 * H),
    w1: t.slice(2 * H, 3 * H),
    b1: t[3 * H],
  });
  for (let s = 0; s < options.steps; s++) {
    const k = first + s;
    const r = plainGradient(unflat(theta), { ...options, step: k });
    losses.push(r.loss);
    zeros.push(r.zeros);
    const g = flat(r.grad);
    if (options.optimizer === "sgd") {
      theta = theta.map((t, i) => t - options.lr * g[i]);
    } else {
      const t = k + 1;
      theta = theta.map((th, i) => {
        m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g[i];
        v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * g[i] * g[i];
        const mHat = m[i] / (1 - ADAM_BETA1 ** t);
        const vHat = v[i] / (1 - ADAM_BETA2 ** t);
        return th - (options.lr * mHat) / (Math.sqrt(vHat) + ADAM_EPSILON);
      });
    }
  }
  return { losses, zeros, params: unflat(theta) };
}
