/**
 * One optimizer update of the tfjs MLP (SGD, or Adam with the engines' β1, β2 and ε), batch norm's running
 * statistics, and copying or freeing a state (to branch a trajectory).
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import type { Tensor } from "../engine/autodiff.ts";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from "../engine/contract.ts";
import { roundHalf } from "./tf_half.ts";
import { BN_MOMENTUM, type MlpGradients, type MlpOptimizer, type MlpSpec, type MlpState } from "./tf_mlp.ts";

/**
 * The state after one update with `gradients` (which it disposes, with their moments); the old state's tensors
 * are disposed unless `keepOld`. In float16 the updated parameters are rounded to half.
 *
 * @param spec the MLP
 * @param state the state before
 * @param update the gradients, the optimizer, and whether to keep the old state's tensors
 * @returns the new state
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { applyUpdate } from "./tf_update.ts";
 * import type { MlpState } from "./tf_mlp.ts";
 * await tf.setBackend("cpu");
 * const spec = { inputs: 1, widths: [], classes: 1, batchNorm: false, precision: "float32" as const };
 * const state: MlpState = { params: [tf.tensor1d([1])], m: [], v: [], running: [], step: 0 };
 * const grads = { loss: 0, zeros: 0, reluCalls: 0, rows: 1, grads: [tf.tensor1d([2])], moments: [] };
 * const next = applyUpdate(spec, state, { gradients: grads, optimizer: { name: "sgd", lr: 0.25 } });
 * deepStrictEqual([Array.from(next.params[0].dataSync()), next.step], [[0.5], 1]);
 * ```
 */
export function applyUpdate(
  spec: MlpSpec,
  state: MlpState,
  update: { gradients: MlpGradients; optimizer: MlpOptimizer; keepOld?: boolean },
): MlpState {
  const { gradients: { grads, moments, rows }, optimizer: { name, lr } } = update;
  const round = spec.precision === "float16" ? roundHalf : (t: Tensor) => t;
  const next = tf.tidy(() => {
    const t = state.step + 1;
    const running = state.running.map((r, i) => {
      // PyTorch's running variance uses the unbiased batch variance: n/(n − 1) times the biased one.
      const scale = i % 2 === 1 ? rows / Math.max(1, rows - 1) : 1;
      return tf.add(tf.mul(r, 1 - BN_MOMENTUM), tf.mul(moments[i], scale * BN_MOMENTUM));
    });
    if (name === "sgd") {
      return { params: state.params.map((p, i) => round(tf.sub(p, tf.mul(grads[i], lr)))), m: [], v: [], running };
    }
    const m = state.params.map((_, i) =>
      tf.add(tf.mul(state.m[i] ?? tf.zerosLike(grads[i]), ADAM_BETA1), tf.mul(grads[i], 1 - ADAM_BETA1))
    );
    const v = state.params.map((_, i) =>
      tf.add(tf.mul(state.v[i] ?? tf.zerosLike(grads[i]), ADAM_BETA2), tf.mul(tf.square(grads[i]), 1 - ADAM_BETA2))
    );
    const [c1, c2] = [1 - ADAM_BETA1 ** t, 1 - ADAM_BETA2 ** t];
    const params = state.params.map((p, i) =>
      round(tf.sub(p, tf.div(tf.mul(m[i], lr / c1), tf.add(tf.sqrt(tf.div(v[i], c2)), ADAM_EPSILON))))
    );
    return { params, m, v, running };
  });
  tf.dispose([...grads, ...moments]);
  if (!update.keepOld) disposeState(state);
  return { ...next, step: state.step + 1 };
}

/**
 * A copy of `state` whose tensors are independent of the original (to branch a trajectory).
 *
 * @param state the state
 * @returns the copy
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { cloneState } from "./tf_update.ts";
 * await tf.setBackend("cpu");
 * const copy = cloneState({ params: [tf.tensor1d([1])], m: [], v: [], running: [], step: 4 });
 * strictEqual(copy.step, 4);
 * ```
 */
export function cloneState(state: MlpState): MlpState {
  const c = (ts: Tensor[]) => ts.map((t) => tf.clone(t));
  return { params: c(state.params), m: c(state.m), v: c(state.v), running: c(state.running), step: state.step };
}

/**
 * Frees a state's tensors.
 *
 * @param state the state
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { disposeState } from "./tf_update.ts";
 * await tf.setBackend("cpu");
 * const t = tf.tensor1d([1]);
 * disposeState({ params: [t], m: [], v: [], running: [], step: 0 });
 * strictEqual(t.isDisposed, true);
 * ```
 */
export function disposeState(state: MlpState): void {
  tf.dispose([...state.params, ...state.m, ...state.v, ...state.running]);
}
