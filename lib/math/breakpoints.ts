/**
 * Exact curves of relu pieces: the breakpoints between which a
 * piecewise-linear curve is a straight line; and the same for a unit of any
 * activation of the registry: exact breakpoints for a piecewise-linear one,
 * evenly spaced samples for a smooth one.
 *
 * @module
 */
import { type ActivationFunction, isPiecewise } from "./activation_registry.ts";

/** Points (x, y) of a curve. */
export interface Curve {
  /** Abscissae, increasing. */
  x: number[];
  /** Ordinates. */
  y: number[];
}

/**
 * The exact curve of `a·relu(w·x + b) + c` on [xMin, xMax]: the two ends and,
 * when it lies strictly inside, the kink at x = -b/w. Drawing straight lines
 * between these points is exact.
 *
 * @param piece the inner weight w and bias b, the outer scale a (default 1) and offset c (default 0)
 * @param xMin the left end
 * @param xMax the right end
 * @returns the points to join by straight lines
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { reluPieceBreakpoints } from "./breakpoints.ts";
 * deepStrictEqual(reluPieceBreakpoints({ w: 1, b: 0 }, -5, 5), { x: [-5, 0, 5], y: [0, 0, 5] });
 * ```
 */
export function reluPieceBreakpoints(
  piece: { w: number; b: number; a?: number; c?: number },
  xMin: number,
  xMax: number,
): Curve {
  const { w, b, a = 1, c = 0 } = piece;
  const xs = [xMin];
  if (w !== 0) {
    const kink = -b / w + 0; // + 0 turns -0 into 0
    if (kink > xMin && kink < xMax) xs.push(kink);
  }
  xs.push(xMax);
  return { x: xs, y: xs.map((x) => a * Math.max(0, w * x + b) + c) };
}

/**
 * How many evenly spaced samples draw a smooth activation's curve on an interval (both ends included).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { SMOOTH_SAMPLES } from "./breakpoints.ts";
 * strictEqual(SMOOTH_SAMPLES, 201);
 * ```
 */
export const SMOOTH_SAMPLES = 201;

/**
 * The inputs at which `a·f(w·x + b) + c` is drawn on [xMin, xMax]: for a piecewise-linear f the two ends and the
 * kink at x = −b/w when it lies strictly inside (joining them by straight lines is exact); for a smooth f
 * {@link SMOOTH_SAMPLES} evenly spaced inputs.
 *
 * @param activation the activation f
 * @param piece the inner weight w and bias b
 * @param xMin the left end
 * @param xMax the right end
 * @returns the inputs, increasing
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { activationOf } from "./activation_registry.ts";
 * import { pieceXs } from "./breakpoints.ts";
 * deepStrictEqual(pieceXs(activationOf("abs"), { w: 2, b: 1 }, -5, 5), [-5, -0.5, 5]);
 * strictEqual(pieceXs(activationOf("tanh"), { w: 2, b: 1 }, -5, 5).length, 201);
 * ```
 */
export function pieceXs(
  activation: ActivationFunction,
  piece: { w: number; b: number },
  xMin: number,
  xMax: number,
): number[] {
  if (isPiecewise(activation)) return reluPieceBreakpoints(piece, xMin, xMax).x;
  return Array.from(
    { length: SMOOTH_SAMPLES },
    (_, i) => i === SMOOTH_SAMPLES - 1 ? xMax : xMin + (xMax - xMin) * i / (SMOOTH_SAMPLES - 1),
  );
}

/**
 * The curve of `a·f(w·x + b) + c` on [xMin, xMax] for an activation f of the registry: exact for a
 * piecewise-linear f (relu: {@link reluPieceBreakpoints} itself), sampled for a smooth one ({@link pieceXs}).
 *
 * @param activation the activation f
 * @param piece the inner weight w and bias b, the outer scale a (default 1) and offset c (default 0)
 * @param xMin the left end
 * @param xMax the right end
 * @returns the points to join by straight lines
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { activationOf } from "./activation_registry.ts";
 * import { activationPieceCurve } from "./breakpoints.ts";
 * const leaky = activationOf("leaky_relu:0.5");
 * deepStrictEqual(activationPieceCurve(leaky, { w: 1, b: 0, a: 2 }, -4, 4), { x: [-4, 0, 4], y: [-4, 0, 8] });
 * ```
 */
export function activationPieceCurve(
  activation: ActivationFunction,
  piece: { w: number; b: number; a?: number; c?: number },
  xMin: number,
  xMax: number,
): Curve {
  if (activation.name === "relu") return reluPieceBreakpoints(piece, xMin, xMax);
  const { w, b, a = 1, c = 0 } = piece;
  const xs = pieceXs(activation, piece, xMin, xMax);
  return { x: xs, y: xs.map((x) => a * activation.f(w * x + b) + c) };
}
