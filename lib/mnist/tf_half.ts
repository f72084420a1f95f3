/**
 * Half precision emulated in float32 tensors: the rounding op that the MLP applies to its inputs, weights and
 * every layer's output when it computes in float16.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import type { Tensor } from "../engine/autodiff.ts";

/** The largest finite half: 65504 = (2 − 2^-10) · 2^15. */
const HALF_MAX = 65504;

/**
 * `x` rounded to half precision with tensor ops only, so that every backend computes it without reading values
 * back: the exponent e = ⌊log2 |x|⌋ (estimated with a logarithm, then corrected by exact comparisons with 2^e),
 * clamped to [−14, 15] (below 2^-14 halves are subnormal, with the fixed step 2^-24), the step q = 2^(e − 10),
 * then round(x / q) · q with tfjs' round (half to even); beyond 65504 the result is ±Infinity.
 */
function halfValues(x: Tensor): Tensor {
  return tf.tidy(() => {
    const a = tf.abs(x);
    const guess = tf.floor(tf.mul(tf.log(tf.maximum(a, 2 ** -30)), Math.LOG2E));
    const below = tf.cast(tf.less(a, tf.pow(2, guess)), "float32");
    const above = tf.cast(tf.greaterEqual(a, tf.pow(2, tf.add(guess, 1))), "float32");
    const e = tf.clipByValue(tf.add(tf.sub(guess, below), above), -14, 15);
    const q = tf.pow(2, tf.sub(e, 10));
    const r = tf.mul(tf.round(tf.div(x, q)), q);
    return tf.where(tf.greater(tf.abs(r), HALF_MAX), tf.mul(tf.sign(x), Infinity), r);
  });
}

/**
 * `x` rounded to half precision (round to nearest even, as `Math.f16round`), as a float32 tensor; its gradient
 * is the upstream gradient rounded to half the same way. Tensor ops only: it runs on every backend.
 *
 * @param x any float32 tensor
 * @returns the rounded tensor
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { roundHalf } from "./tf_half.ts";
 * await tf.setBackend("cpu");
 * deepStrictEqual(Array.from(roundHalf(tf.tensor1d([1 + 2 ** -11, 1e-8, 65520, 0])).dataSync()), [1, 0, Infinity, 0]);
 * const g = tf.grad((x: tf.Tensor) => roundHalf(x).mul(1 + 2 ** -12))(tf.tensor1d([3]));
 * deepStrictEqual(Array.from(g.dataSync()), [1]);
 * ```
 */
export function roundHalf(x: Tensor): Tensor {
  const op = tf.customGrad((input) => ({
    value: halfValues(input as Tensor),
    gradFunc: (dy: Tensor) => halfValues(dy),
  }));
  return op(x);
}
