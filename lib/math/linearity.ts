/**
 * How linear sigmoid and tanh are where: their slope at 0 and further out, the
 * point where the slope has halved, and how far they leave their tangent line
 * at 0 near the mid-point. Nearly linear near 0, flat far out: the numbers
 * behind the correction of the essay's "approach a linear behavior".
 *
 * @module
 */
import type { Activation } from "./activations.ts";
import { linspace } from "./grid.ts";

/** The slope of an activation at one z, beside its slope at 0. */
export interface SlopeAt {
  /** Where (the activations measured are even in f′, so −z gives the same). */
  z: number;
  /** f′(z). */
  slope: number;
  /** f′(z) / f′(0): 1 where f rises as steeply as at its mid-point, 0 where it is flat. */
  ratio: number;
}

/** What {@link linearity} measures of one smooth activation. */
export interface Linearity {
  /** The activation's name. */
  name: string;
  /** f′(0), the slope of its tangent line at the mid-point. */
  slopeAtZero: number;
  /** The slope at each z asked for, in order. */
  slopes: SlopeAt[];
  /** The z > 0 where f′ has fallen to half of f′(0), to 1e-12. */
  halfSlopeAt: number;
  /** The half-width w of the interval [−w, w] where {@link tangentGap} is measured. */
  within: number;
  /**
   * The largest |f(z) − (f(0) + f′(0)·z)| on [−w, w], as a share of the
   * tangent's rise f′(0)·w over that half-width: how far f is from a straight line there.
   */
  tangentGap: number;
}

/** Options of {@link linearity}. */
export interface LinearityOptions {
  /** Where to measure the slope (default 2 and 5). */
  at?: readonly number[];
  /** The half-width of the interval where the tangent gap is measured (default 0.5). */
  within?: number;
}

/**
 * The slope of `activation` at 0 and at each z of `options.at`, where the
 * slope halves, and its largest gap to the tangent line at 0 on [−w, w]
 * (found on a grid of 2001 points, both ends included).
 *
 * @param activation a smooth activation whose |f′| is largest at 0 and falls off on both sides
 * @param options where to measure the slope, and the half-width of the near-0 interval
 * @returns the measurements
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ACTIVATIONS } from "./activations.ts";
 * import { linearity } from "./linearity.ts";
 * const tanh = linearity(ACTIVATIONS.find((a) => a.name === "tanh")!, { at: [5] });
 * strictEqual(tanh.slopeAtZero, 1);
 * strictEqual(tanh.slopes[0].slope.toExponential(2), "1.82e-4");
 * strictEqual(tanh.halfSlopeAt.toFixed(4), "0.8814"); // atanh(1/√2)
 * strictEqual((100 * tanh.tangentGap).toFixed(1), "7.6"); // tanh(0.5) = 0.462 against 0.5
 * ```
 */
export function linearity(activation: Activation, options: LinearityOptions = {}): Linearity {
  const { at = [2, 5], within = 0.5 } = options;
  const { f, df } = activation;
  const slopeAtZero = df(0);
  let [lo, hi] = [0, 1];
  while (df(hi) > slopeAtZero / 2) [lo, hi] = [hi, 2 * hi];
  while (hi - lo > 1e-12) {
    const mid = (lo + hi) / 2;
    if (df(mid) > slopeAtZero / 2) lo = mid;
    else hi = mid;
  }
  const gap = Math.max(
    ...linspace(-within, within, 2001).map((z) => Math.abs(f(z) - (f(0) + slopeAtZero * z))),
  );
  return {
    name: activation.name,
    slopeAtZero,
    slopes: at.map((z) => ({ z, slope: df(z), ratio: df(z) / slopeAtZero })),
    halfSlopeAt: (lo + hi) / 2,
    within,
    tangentGap: gap / (slopeAtZero * within),
  };
}
