/**
 * A 1-H-1 ReLU regressor taken apart, in plain numbers: each unit's
 * activation, its contribution to the output and the prediction, either at
 * chosen inputs or exactly, as the breakpoints of the piecewise-linear curves.
 *
 * @module
 */
import type { RegressorParams } from "./run.ts";
import { type Curve, reluPieceBreakpoints } from "../math/breakpoints.ts";

/** A regressor taken apart at inputs `x`. */
export interface Decomposition {
  /** The inputs. */
  x: number[];
  /** `activations[j][i]` = relu(w0[j]·x[i] + b0[j]). */
  activations: number[][];
  /** `contributions[j][i]` = w1[j]·activations[j][i]. */
  contributions: number[][];
  /** `prediction[i]` = Σ_j contributions[j][i] + b1. */
  prediction: number[];
}

/**
 * Takes a regressor apart at inputs `xs`.
 *
 * @example
 * ```ts
 * import { decompose } from "./decompose.ts";
 * const d = decompose({ w0: [1, -1], b0: [0, 0], w1: [2, 3], b1: 0.5 }, [-1, 0, 2]);
 * console.log(d.prediction); // [3.5, 0.5, 4.5]
 * ```
 */
export function decompose(
  params: RegressorParams,
  xs: readonly number[],
): Decomposition {
  const { w0, b0, w1, b1 } = params;
  const activations = w0.map((w, j) => xs.map((x) => Math.max(0, w * x + b0[j])));
  const contributions = activations.map((a, j) => a.map((v) => w1[j] * v));
  const prediction = xs.map((_, i) => {
    let s = b1;
    for (const c of contributions) s += c[i];
    return s;
  });
  return { x: [...xs], activations, contributions, prediction };
}

/** The kinks of every unit that lie strictly inside (xMin, xMax), sorted, with the two ends. */
export function regressorBreakpointXs(
  params: RegressorParams,
  xMin: number,
  xMax: number,
): number[] {
  const xs = new Set<number>([xMin, xMax]);
  params.w0.forEach((w, j) => {
    if (w === 0) return;
    const kink = -params.b0[j] / w;
    if (kink > xMin && kink < xMax) xs.add(kink);
  });
  return [...xs].sort((p, q) => p - q);
}

/**
 * The exact decomposition on [xMin, xMax]: every curve evaluated at the ends
 * and at every unit's kink, which is enough to draw them all exactly.
 */
export function decomposeExact(
  params: RegressorParams,
  xMin: number,
  xMax: number,
): Decomposition {
  return decompose(params, regressorBreakpointXs(params, xMin, xMax));
}
