/**
 * A 1-H-1 ReLU regressor taken apart, in plain numbers: each unit's
 * activation, its contribution to the output and the prediction, either at
 * chosen inputs or exactly, as the breakpoints of the piecewise-linear curves.
 *
 * @module
 */
import type { RegressorParams } from "./run.ts";
import { activationOf } from "../math/activation_registry.ts";
import { pieceXs } from "../math/breakpoints.ts";

/** A regressor taken apart at inputs `x`. */
export interface Decomposition {
  /** The inputs. */
  x: number[];
  /** `activations[j][i]` = f(w0[j]·x[i] + b0[j]) for the activation f (relu by default). */
  activations: number[][];
  /** `contributions[j][i]` = w1[j]·activations[j][i]. */
  contributions: number[][];
  /** `prediction[i]` = Σ_j contributions[j][i] + b1. */
  prediction: number[];
}

/**
 * Takes a regressor apart at inputs `xs`.
 *
 * @param params the regressor's parameters
 * @param xs the inputs
 * @param activation the hidden layer's activation as the registry writes it (default relu)
 * @returns each unit's activation and contribution, and the prediction, at every input
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { decompose } from "./decompose.ts";
 * const d = decompose({ w0: [1, -1], b0: [0, 0], w1: [2, 3], b1: 0.5 }, [-1, 0, 2]);
 * deepStrictEqual(d.activations, [[0, 0, 2], [1, 0, 0]]);
 * deepStrictEqual(d.prediction, [3.5, 0.5, 4.5]);
 * deepStrictEqual(decompose({ w0: [1], b0: [0], w1: [2], b1: 0 }, [-1, 2], "abs").prediction, [2, 4]);
 * ```
 */
export function decompose(
  params: RegressorParams,
  xs: readonly number[],
  activation?: string,
): Decomposition {
  const { w0, b0, w1, b1 } = params;
  const a = activationOf(activation ?? "relu");
  // relu keeps Math.max (the figures' bytes); another activation its own f
  const f = a.name === "relu" ? (z: number) => Math.max(0, z) : a.f;
  const activations = w0.map((w, j) => xs.map((x) => f(w * x + b0[j])));
  const contributions = activations.map((a, j) => a.map((v) => w1[j] * v));
  const prediction = xs.map((_, i) => {
    let s = b1;
    for (const c of contributions) s += c[i];
    return s;
  });
  return { x: [...xs], activations, contributions, prediction };
}

/**
 * The kinks of every unit that lie strictly inside (xMin, xMax), sorted, with the two ends; for a smooth
 * activation, evenly spaced samples instead (`SMOOTH_SAMPLES`, the units have no kinks).
 *
 * @param params the regressor's parameters
 * @param xMin the left end
 * @param xMax the right end
 * @param activation the hidden layer's activation as the registry writes it (default relu)
 * @returns the distinct inputs, increasing
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { regressorBreakpointXs } from "./decompose.ts";
 * const p = { w0: [1, 2, 0], b0: [-1, 1, 3], w1: [1, 1, 1], b1: 0 };
 * deepStrictEqual(regressorBreakpointXs(p, -2, 2), [-2, -0.5, 1, 2]);
 * deepStrictEqual(regressorBreakpointXs(p, -2, 2, "sigmoid").length, 201);
 * ```
 */
export function regressorBreakpointXs(
  params: RegressorParams,
  xMin: number,
  xMax: number,
  activation?: string,
): number[] {
  const a = activationOf(activation ?? "relu");
  if (a.kind === "smooth") return pieceXs(a, { w: 1, b: 0 }, xMin, xMax);
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
 * and at every unit's kink, which is enough to draw them all exactly (a
 * smooth activation: at evenly spaced samples).
 *
 * @param params the regressor's parameters
 * @param xMin the left end
 * @param xMax the right end
 * @param activation the hidden layer's activation as the registry writes it (default relu)
 * @returns the decomposition at the ends and the kinks
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { decomposeExact } from "./decompose.ts";
 * const d = decomposeExact({ w0: [1], b0: [-1], w1: [2], b1: 0 }, -2, 2);
 * deepStrictEqual([d.x, d.prediction], [[-2, 1, 2], [0, 0, 2]]);
 * ```
 */
export function decomposeExact(
  params: RegressorParams,
  xMin: number,
  xMax: number,
  activation?: string,
): Decomposition {
  return decompose(params, regressorBreakpointXs(params, xMin, xMax, activation), activation);
}
