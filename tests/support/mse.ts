/**
 * An independent reference for losses: the MSE of a 1-H-1 ReLU regressor in
 * float64 with plain loops, sharing no code with the engines or the trainer.
 *
 * @module
 */
import type { RegressorParams } from "../../lib/model/run.ts";

/**
 * mean_i (Σ_j w1[j]·max(0, w0[j]·x[i] + b0[j]) + b1 − y[i])², in float64.
 *
 * @param p the parameters
 * @param x the inputs
 * @param y the targets
 * @returns the mean squared error
 */
export function mseFloat64(p: RegressorParams, x: readonly number[], y: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    let yHat = p.b1;
    for (let j = 0; j < p.w0.length; j++) yHat += p.w1[j] * Math.max(0, p.w0[j] * x[i] + p.b0[j]);
    sum += (yHat - y[i]) ** 2;
  }
  return sum / x.length;
}

/**
 * The relative tolerance of a float32 MSE over `points` terms against the
 * float64 one: a sum of n positive float32 terms is off by at most about
 * n·2^-24 relative (each addition rounds once), the squares and the
 * float32 pre-activations add a few units of 2^-24 more.
 *
 * @param points the number of terms
 * @returns the relative tolerance
 */
export function float32SumTolerance(points: number): number {
  return (points + 8) * 2 ** -24;
}
