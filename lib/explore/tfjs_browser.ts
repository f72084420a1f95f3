/**
 * What the page's bundle gets for `npm:@tensorflow/tfjs@4.22.0` (see
 * `bundle_imports.json`): tfjs-core with only the cpu backend registered,
 * instead of the whole of tfjs (layers, converter, webgl), which the
 * page never uses. WebGPU comes from `backends.ts`.
 *
 * @module
 */
import "npm:@tensorflow/tfjs-backend-cpu@4.22.0";
export * from "npm:@tensorflow/tfjs-core@4.22.0";
