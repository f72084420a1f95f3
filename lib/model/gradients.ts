/**
 * The MSE gradient of the 1-H-1 regressor with any activation, in float64:
 * ∂L/∂w0, ∂L/∂b0, ∂L/∂w1, ∂L/∂b1 and each hidden unit's first-layer gradient
 * norm, from the parameters, the data and the activation's f and f′. Forward
 * and backward sit side by side; relu′(0) is whatever the given f′ says.
 *
 * @module
 */
import type { Precision, RegressorParams } from "./run.ts";
import { preActivation } from "./pre_activation.ts";

/** An activation as the gradient needs it: the function and its derivative (the value at a kink is `df`'s choice). */
export interface Differentiable {
  /** The activation. */
  f: (z: number) => number;
  /** Its derivative. */
  df: (z: number) => number;
}

/** The MSE and its gradient with respect to every parameter. */
export interface MseGradients {
  /** L = mean_p (ŷ_p − y_p)². */
  loss: number;
  /** ∂L/∂w0[j]. */
  w0: number[];
  /** ∂L/∂b0[j]. */
  b0: number[];
  /** ∂L/∂w1[j]. */
  w1: number[];
  /** ∂L/∂b1. */
  b1: number;
  /** Unit j's first-layer gradient norm ‖(∂L/∂w0[j], ∂L/∂b0[j])‖. */
  unitNorms: number[];
  /** The first layer's gradient norm ‖∂L/∂(w0, b0)‖ (the Euclidean norm of `unitNorms`). */
  firstLayerNorm: number;
}

/** Options of {@link mseGradients}. */
export interface MseGradientOptions {
  /**
   * How z = w0·x + b0 is computed: `"float64"` (the default), or `"float32"` as a float32 run computes it (see
   * `preActivation`), so that f′(z) sees the z the run saw (relu′ at an exact 0 included). Everything after z is float64.
   */
  precision?: Precision;
}

/**
 * The MSE L = (1/P) Σ_p (ŷ_p − y_p)² of ŷ_p = Σ_j w1[j]·f(z_pj) + b1, z_pj = w0[j]·x_p + b0[j], and its gradient:
 * with r_p = ŷ_p − y_p,
 * ∂L/∂b1 = (2/P) Σ_p r_p, ∂L/∂w1[j] = (2/P) Σ_p r_p f(z_pj),
 * ∂L/∂b0[j] = (2/P) Σ_p r_p w1[j] f′(z_pj) and ∂L/∂w0[j] = (2/P) Σ_p r_p w1[j] f′(z_pj) x_p.
 * A unit whose f′ is 0 at every input (a dead relu unit) has a first-layer gradient of exactly 0.
 *
 * @param params the regressor's parameters
 * @param data the inputs x and the targets y (the same length, at least 1)
 * @param activation f and f′
 * @param options how z is computed
 * @returns the loss, the gradient and the first layer's norms
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { mseGradients } from "./gradients.ts";
 * const relu = { f: (z: number) => Math.max(z, 0), df: (z: number) => (z > 0 ? 1 : 0) };
 * // z = [−1, 1], ŷ = [0.5, 3.5], r = [0.5, 2.5], L = (0.25 + 6.25) / 2
 * const g = mseGradients({ w0: [2], b0: [-1], w1: [3], b1: 0.5 }, { x: [0, 1], y: [0, 1] }, relu);
 * deepStrictEqual([g.loss, g.b1, g.w1, g.w0, g.b0], [3.25, 3, [2.5], [7.5], [7.5]]);
 * deepStrictEqual([g.unitNorms[0], g.firstLayerNorm], [Math.hypot(7.5, 7.5), Math.hypot(7.5, 7.5)]);
 * ```
 */
export function mseGradients(
  params: RegressorParams,
  data: { x: readonly number[]; y: readonly number[] },
  activation: Differentiable,
  options: MseGradientOptions = {},
): MseGradients {
  const { x, y } = data;
  const P = x.length;
  const H = params.w0.length;
  if (P === 0 || y.length !== P) {
    throw new RangeError(
      `Cannot take the MSE gradient: x and y must have the same length >= 1, got ${P} and ${y.length}`,
    );
  }
  if (params.b0.length !== H || params.w1.length !== H) {
    throw new RangeError(
      `Cannot take the MSE gradient: w0, b0 and w1 must have the same length, got ${H}, ${params.b0.length} and ${params.w1.length}`,
    );
  }
  const zOf = preActivation(options.precision ?? "float64");
  const { f, df } = activation;
  const gw0 = new Array<number>(H).fill(0);
  const gb0 = new Array<number>(H).fill(0);
  const gw1 = new Array<number>(H).fill(0);
  const a = new Float64Array(H);
  const d = new Float64Array(H);
  let loss = 0;
  let gb1 = 0;
  for (let p = 0; p < P; p++) {
    let yHat = params.b1;
    for (let j = 0; j < H; j++) {
      const z = zOf(params.w0[j], x[p], params.b0[j]);
      a[j] = f(z);
      d[j] = df(z);
      yHat += params.w1[j] * a[j];
    }
    const r = yHat - y[p];
    loss += r * r;
    gb1 += r;
    for (let j = 0; j < H; j++) {
      gw1[j] += r * a[j];
      const back = r * params.w1[j] * d[j];
      gb0[j] += back;
      gw0[j] += back * x[p];
    }
  }
  const s = 2 / P;
  const scale = (v: number[]) => v.map((g) => g * s);
  const [w0, b0, w1] = [scale(gw0), scale(gb0), scale(gw1)];
  const unitNorms = w0.map((g, j) => Math.hypot(g, b0[j]));
  return { loss: loss / P, w0, b0, w1, b1: gb1 * s, unitNorms, firstLayerNorm: Math.hypot(...unitNorms) };
}
