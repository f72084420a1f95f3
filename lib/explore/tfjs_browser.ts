/**
 * What the page's bundle gets for `npm:@tensorflow/tfjs@4.22.0` (see
 * `bundle_imports.json`): tfjs-core with only the cpu backend registered,
 * instead of the whole of tfjs (layers, converter, webgl), which the
 * page never uses. WebGPU comes from `backends.ts`. As `@tensorflow/tfjs`
 * does, it registers every op's gradient and the chained ops (`x.matMul(w)`):
 * the autodiff engine, which trains the smooth activations, needs both.
 *
 * @module
 */
import "npm:@tensorflow/tfjs-backend-cpu@4.22.0";
import "npm:@tensorflow/tfjs-core@4.22.0/dist/register_all_gradients.js";
import "npm:@tensorflow/tfjs-core@4.22.0/dist/public/chained_ops/register_all_chained_ops.js";
export * from "npm:@tensorflow/tfjs-core@4.22.0";
