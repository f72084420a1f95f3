/**
 * The activations of the registry (`lib/math/activation_registry.ts`) as
 * tfjs ops for the autodiff engine: relu with its chosen relu'(0)
 * (`reluWithGradAtZero`), any other piecewise-linear member with its two
 * slopes and chosen kink derivative (a custom gradient, as relu's), and the
 * smooth ones from tfjs's own ops, differentiated by tfjs: sigmoid, tanh,
 * softplus and GELU (the tanh approximation, built from tanh: tfjs has no
 * gelu op).
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import { type ActivationFunction, isPiecewise } from "../math/activation_registry.ts";

/** A tfjs tensor. */
export type Tensor = tf.Tensor;

/**
 * relu with a chosen relu'(0): forward `tf.relu`, backward dy·(1 where z > 0, g where z = 0, 0 elsewhere).
 * tfjs's own relu gradient uses 0 at the kink.
 *
 * @param z the pre-activations
 * @param gradAtZero relu'(0): a scalar, or a tensor of z's shape (one value per element)
 * @returns relu(z), differentiable with relu'(0) = gradAtZero
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { reluWithGradAtZero } from "./activation_ops.ts";
 * await tf.setBackend("cpu");
 * const dz = tf.grad((z: tf.Tensor) => reluWithGradAtZero(z, tf.scalar(0.5)).sum())(tf.tensor1d([-1, 0, 2]));
 * deepStrictEqual(Array.from(await dz.data()), [0, 0.5, 1]);
 * ```
 */
export function reluWithGradAtZero(z: Tensor, gradAtZero: Tensor): Tensor {
  const relu = tf.customGrad((input, save) => {
    const zIn = input as tf.Tensor;
    // Saving gradAtZero with z keeps it alive until the backward pass, even when
    // it was made inside the differentiated function.
    (save as tf.GradSaveFunc)([zIn, gradAtZero]);
    return {
      value: tf.relu(zIn),
      gradFunc: (dy: tf.Tensor, [zSaved, g]: tf.Tensor[]) =>
        dy.mul(zSaved.greater(0).cast("float32").add(zSaved.equal(0).cast("float32").mul(g))),
    };
  });
  return relu(z);
}

/** GELU's tanh approximation as tfjs ops: 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))). */
function geluOp(z: Tensor): Tensor {
  const inner = z.add(z.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
  return z.mul(0.5).mul(inner.tanh().add(1));
}

/**
 * An activation of the registry applied to z, differentiable by tfjs. A piecewise-linear member's derivative
 * at z = 0 exactly is `kink` (a scalar, or one value per element); a smooth one ignores it.
 *
 * @param activation the activation
 * @param z the pre-activations
 * @param kink the kink derivative
 * @returns a(z)
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { activationOf } from "../math/activation_registry.ts";
 * import { activationOp } from "./activation_ops.ts";
 * await tf.setBackend("cpu");
 * const z = tf.tensor1d([-2, 0, 3]);
 * const abs = activationOf("abs");
 * deepStrictEqual(Array.from(await activationOp(abs, z, tf.scalar(0.25)).data(), (v) => v + 0), [2, 0, 3]); // abs(0) is −1·0 = −0
 * const dAbs = tf.grad((t: tf.Tensor) => activationOp(abs, t, tf.scalar(0.25)).sum())(z);
 * deepStrictEqual(Array.from(await dAbs.data()), [-1, 0.25, 1]);
 * const gelu = activationOf("gelu");
 * const y = await activationOp(gelu, z, tf.scalar(0)).data();
 * ok([-2, 0, 3].every((v, i) => Math.abs(y[i] - gelu.f(v)) < 1e-6));
 * ```
 */
export function activationOp(activation: ActivationFunction, z: Tensor, kink: Tensor): Tensor {
  if (activation.name === "relu") return reluWithGradAtZero(z, kink);
  if (isPiecewise(activation)) {
    const { left, right } = activation.slopes;
    const op = tf.customGrad((input, save) => {
      const zIn = input as tf.Tensor;
      (save as tf.GradSaveFunc)([zIn, kink]);
      return {
        value: tf.where(zIn.greater(0), zIn.mul(right), zIn.mul(left)),
        gradFunc: (dy: tf.Tensor, [zSaved, g]: tf.Tensor[]) =>
          dy.mul(
            zSaved.greater(0).cast("float32").mul(right)
              .add(zSaved.less(0).cast("float32").mul(left))
              .add(zSaved.equal(0).cast("float32").mul(g)),
          ),
      };
    });
    return op(z);
  }
  switch (activation.name) {
    case "sigmoid":
      return tf.sigmoid(z);
    case "tanh":
      return tf.tanh(z);
    case "softplus":
      return tf.softplus(z);
    case "gelu":
      return geluOp(z);
  }
  throw new RangeError(`Cannot run activation ${activation.text} on the autodiff engine: it has no tfjs op here`);
}
