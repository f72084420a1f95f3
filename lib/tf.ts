/**
 * tfjs as the training engines run it: tfjs-core (`npm:@tensorflow/tfjs-core`, the core that
 * `npm:@tensorflow/tfjs` re-exports: the same module, so a user's `import * as tf from "npm:@tensorflow/tfjs@4.22.0"`
 * shares its backends and its state) with its cpu backend registered. The rest of `npm:@tensorflow/tfjs` (tfjs-layers,
 * the converter, tfjs-data, the WebGL backend), which the engines do not use, is not loaded on the fused engine's path.
 * The modules that take gradients (`engine/autodiff.ts`, `engine/activation_ops.ts`, `engine/relu_grad_probe.ts`,
 * `mnist/`) import `npm:@tensorflow/tfjs`, which registers every op's gradient and the chained ops (`x.mul(y)`):
 * tfjs-core ships those registrations only inside that package's bundle, or as modules that Deno cannot resolve
 * (`dist/register_all_gradients.js` imports files without their extension). So code that imports only this module
 * calls ops as functions (`tf.mul(x, y)`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import * as tf from "./tf.ts";
 * await tf.setBackend("cpu");
 * strictEqual(tf.getBackend(), "cpu");
 * strictEqual(tf.relu(tf.tensor1d([-1, 2])).dataSync().join(), "0,2");
 * ```
 *
 * @module
 */
import "npm:@tensorflow/tfjs-backend-cpu@4.22.0";

export * from "npm:@tensorflow/tfjs-core@4.22.0";
