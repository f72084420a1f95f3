/**
 * Sigmoid, tanh and relu with their derivatives, and where the smooth ones
 * saturate (their derivative falls below a threshold, so gradients vanish).
 *
 * @module
 */
import { relu, reluDerivative } from "./relu.ts";

/** An activation function and its derivative. */
export interface Activation {
  /** Short name used in legends. */
  name: "sigmoid" | "tanh" | "relu";
  /** The function. */
  f: (z: number) => number;
  /** Its derivative (relu's with the value 0 at z = 0). */
  df: (z: number) => number;
  /** True when the function is piecewise linear (drawn from breakpoints, not sampled). */
  piecewiseLinear: boolean;
}

/**
 * The logistic sigmoid 1 / (1 + e^−z).
 *
 * @param z the input
 * @returns σ(z), in (0, 1)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { sigmoid } from "./activations.ts";
 * strictEqual(sigmoid(0), 0.5);
 * ```
 */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * The derivative of the sigmoid, σ(z)(1 − σ(z)).
 *
 * @param z the input
 * @returns σ'(z), at most 0.25 (at z = 0)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { sigmoidDerivative } from "./activations.ts";
 * strictEqual(sigmoidDerivative(0), 0.25);
 * ```
 */
export function sigmoidDerivative(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

/**
 * The derivative of tanh, 1 − tanh²(z).
 *
 * @param z the input
 * @returns tanh'(z), at most 1 (at z = 0)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { tanhDerivative } from "./activations.ts";
 * strictEqual(tanhDerivative(0), 1);
 * ```
 */
export function tanhDerivative(z: number): number {
  const t = Math.tanh(z);
  return 1 - t * t;
}

/**
 * The three activations of the saturation figure, in legend order.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { ACTIVATIONS } from "./activations.ts";
 * deepStrictEqual(ACTIVATIONS.map((a) => a.name), ["sigmoid", "tanh", "relu"]);
 * strictEqual(ACTIVATIONS[2].df(3), 1);
 * ```
 */
export const ACTIVATIONS: readonly Activation[] = [
  {
    name: "sigmoid",
    f: sigmoid,
    df: sigmoidDerivative,
    piecewiseLinear: false,
  },
  { name: "tanh", f: Math.tanh, df: tanhDerivative, piecewiseLinear: false },
  {
    name: "relu",
    f: relu,
    df: (z) => reluDerivative(z),
    piecewiseLinear: true,
  },
];

/**
 * The parts of [zMin, zMax] where |f'(z)| < threshold, found on a grid of
 * `samples` points and refined by bisection to 1e-9. For sigmoid with the
 * default threshold 0.01 these are z < −4.585 and z > 4.585.
 *
 * @param df the derivative
 * @param options the range [zMin, zMax], the threshold (default 0.01) and the grid size (default 2001)
 * @returns the saturated intervals, in increasing order
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { saturatedIntervals, sigmoidDerivative } from "./activations.ts";
 * const parts = saturatedIntervals(sigmoidDerivative, { zMin: -8, zMax: 8 });
 * deepStrictEqual(parts.map((p) => [p.lo, p.hi].map((z) => Number(z.toFixed(3)))), [[-8, -4.585], [4.585, 8]]);
 * ```
 */
export function saturatedIntervals(
  df: (z: number) => number,
  options: { zMin: number; zMax: number; threshold?: number; samples?: number },
): { lo: number; hi: number }[] {
  const { zMin, zMax, threshold = 0.01, samples = 2001 } = options;
  const sat = (z: number) => Math.abs(df(z)) < threshold;
  const edge = (a: number, b: number) => {
    const sa = sat(a);
    for (let i = 0; i < 80 && b - a > 1e-9; i++) {
      const m = (a + b) / 2;
      if (sat(m) === sa) a = m;
      else b = m;
    }
    return (a + b) / 2;
  };
  const out: { lo: number; hi: number }[] = [];
  let start: number | undefined = sat(zMin) ? zMin : undefined;
  let prev = zMin;
  for (let i = 1; i < samples; i++) {
    const z = zMin + (zMax - zMin) * i / (samples - 1);
    if (sat(z) !== sat(prev)) {
      const e = edge(prev, z);
      if (start === undefined) start = e;
      else {
        out.push({ lo: start, hi: e });
        start = undefined;
      }
    }
    prev = z;
  }
  if (start !== undefined) out.push({ lo: start, hi: zMax });
  return out;
}
