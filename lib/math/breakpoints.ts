/**
 * Exact curves of relu pieces: the breakpoints between which a
 * piecewise-linear curve is a straight line.
 *
 * @module
 */

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
