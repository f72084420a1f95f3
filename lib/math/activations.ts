/**
 * The activations of the registry as the figures draw them (each with its
 * derivative, named by its label), sigmoid and tanh, and where the smooth ones
 * saturate (their derivative falls below a threshold, so gradients vanish).
 *
 * @module
 */
import { ACTIVATION_REGISTRY, sigmoid, sigmoidDerivative, tanhDerivative } from "./activation_registry.ts";

export { sigmoid, sigmoidDerivative, tanhDerivative };

/** An activation function and its derivative. */
export interface Activation {
  /** Short name used in legends (the registry's label). */
  name: string;
  /** The function. */
  f: (z: number) => number;
  /** Its derivative (a piecewise one's with the frameworks' value at z = 0: relu's 0). */
  df: (z: number) => number;
  /** True when the function is piecewise linear (drawn from breakpoints, not sampled). */
  piecewiseLinear: boolean;
}

/**
 * Every activation of the registry (`./activation_registry.ts`) at its default parameter, in the registry's order,
 * named by its label (the figures' legends): the activations figure draws them all, so that a new entry appears
 * there by itself.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { ACTIVATIONS } from "./activations.ts";
 * deepStrictEqual(ACTIVATIONS.map((a) => a.name).slice(0, 3), ["relu", "leaky relu (0.01)", "abs"]);
 * strictEqual(ACTIVATIONS[0].df(3), 1);
 * ```
 */
export const ACTIVATIONS: readonly Activation[] = ACTIVATION_REGISTRY.map((entry) => {
  const a = entry.make();
  return { name: a.label, f: a.f, df: (z: number) => a.df(z), piecewiseLinear: a.kind === "piecewise" };
});

/**
 * The smooth activations that saturate on both sides (|f′| below 1e-6 at z = ±50), in the registry's order:
 * sigmoid and tanh. (softplus and GELU saturate only for z < 0; for z > 0 they become the identity.)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { SATURATING_ACTIVATIONS } from "./activations.ts";
 * deepStrictEqual(SATURATING_ACTIVATIONS.map((a) => a.name), ["sigmoid", "tanh"]);
 * ```
 */
export const SATURATING_ACTIVATIONS: readonly Activation[] = ACTIVATIONS.filter((a) =>
  !a.piecewiseLinear && Math.abs(a.df(-50)) < 1e-6 && Math.abs(a.df(50)) < 1e-6
);

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
