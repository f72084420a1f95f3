/**
 * The bifurcation pass of Bertoin et al. (NeurIPS 2021), §3: one pass over
 * the 60,000 MNIST training images in file order, in batches, with two
 * copies of one initialisation that differ only in relu'(0) (0 and 1). The
 * initialisation is "in the bifurcation zone" when some batch's first-layer
 * weight gradient differs, bit for bit, between the two.
 *
 * Only a batch with a hidden pre-activation exactly 0 can tell the two
 * apart, so only those batches are differentiated; and when the two
 * conventions give the same first-layer deltas, the same arithmetic gives
 * the same weight gradient, so the gradient is formed only when they differ.
 *
 * @module
 */
import { hash32 } from "../math/random.ts";
import {
  backwardDeltas,
  castMlp,
  castValues,
  type ExactMlp,
  forwardMlp,
  initExactMlp,
  type Products,
  type Values,
  weightGradient,
} from "./exact_mlp.ts";
import { product32, product64 } from "./kernel.ts";
import { MNIST_CLASSES, MNIST_PIXELS } from "./dataset.ts";
import type { MnistPrecision } from "./precision.ts";

/** An architecture and arithmetic of the grid. */
export interface BifurcationCell {
  /** Hidden layers. */
  depth: number;
  /** Units per hidden layer. */
  width: number;
  /** The arithmetic. */
  precision: MnistPrecision;
}

/** What one initialisation's pass found. */
export interface InitOutcome {
  /** Whether some batch's first-layer weight gradient differed between relu'(0) = 0 and 1. */
  bifurcated: boolean;
  /** The first such batch (0-based), or -1. */
  firstBatch: number;
  /** Hidden pre-activations exactly 0, over the batches seen (the pass stops at the first bifurcation). */
  zeros: number;
  /** Hidden pre-activations computed (relu calls), over the same batches. */
  reluCalls: number;
  /** Batches differentiated (those with an exact zero). */
  differentiated: number;
}

/**
 * The seed of initialisation `init` of an architecture: the same for every
 * precision (so the three precisions see the same float32 draws, rounded),
 * different across architectures.
 *
 * @param cell depth and width
 * @param init the initialisation's index
 * @returns a 32-bit seed
 *
 * @example
 * ```ts
 * import { notStrictEqual, strictEqual } from "node:assert/strict";
 * import { initSeed } from "./bifurcation.ts";
 * strictEqual(initSeed({ depth: 3, width: 256 }, 7), initSeed({ depth: 3, width: 256 }, 7));
 * notStrictEqual(initSeed({ depth: 3, width: 256 }, 7), initSeed({ depth: 2, width: 256 }, 7));
 * ```
 */
export function initSeed(cell: { depth: number; width: number }, init: number): number {
  return hash32(hash32(cell.depth * 65536 + cell.width) ^ init);
}

/**
 * The layer sizes of a cell's MLP: `[784, width × depth, 10]`.
 *
 * @param cell depth and width
 * @returns the sizes
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { cellSizes } from "./bifurcation.ts";
 * deepStrictEqual(cellSizes({ depth: 2, width: 64 }), [784, 64, 64, 10]);
 * ```
 */
export function cellSizes(cell: { depth: number; width: number }): number[] {
  return [MNIST_PIXELS, ...Array(cell.depth).fill(cell.width), MNIST_CLASSES];
}

/** True when two arrays hold equal numbers at every index (−0 equals 0, as `torch.equal` has it). */
function sameValues(a: Values, b: Values): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Whether one batch tells relu'(0) = 0 from relu'(0) = 1: the batch's
 * first-layer weight gradients under the two, compared bit for bit.
 *
 * @param mlp the parameters
 * @param x the batch's inputs in the MLP's precision
 * @param options rows, labels, products
 * @returns true when they differ
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { batchDiffers, castMlp, castValues, initExactMlp } from "./mod.ts";
 * const mlp = castMlp(initExactMlp([4, 3, 10], 0), "float64");
 * mlp.biases[0][1] = 0; // unit 1 sees only input 0, which is 0: its pre-activation is exactly 0
 * for (let i = 1; i < 4; i++) mlp.weights[0][i * 3 + 1] = 0;
 * const x = castValues(new Float32Array([0, 1, 0.5, 0.25]), "float64");
 * strictEqual(batchDiffers(mlp, x, { rows: 1, labels: new Uint8Array([2]) }), true);
 * ```
 */
export function batchDiffers(
  mlp: ExactMlp,
  x: Values,
  options: { rows: number; labels: Uint8Array; products?: Products },
): boolean {
  const { rows, labels } = options;
  const forward = forwardMlp(mlp, x, { rows, products: options.products });
  const off = backwardDeltas(mlp, forward, { labels, gradAtZero: 0 });
  const on = backwardDeltas(mlp, forward, { labels, gradAtZero: 1 });
  if (sameValues(off[0], on[0])) return false;
  const shape = { rows, fin: mlp.sizes[0], fout: mlp.sizes[1] };
  return !sameValues(weightGradient(mlp.precision, x, off[0], shape), weightGradient(mlp.precision, x, on[0], shape));
}

/**
 * One initialisation's pass over the data in file order: the batches'
 * hidden pre-activations are computed, their exact zeros counted, and each
 * batch with a zero is differentiated under both conventions until one
 * differs ({@link batchDiffers}).
 *
 * @param data float32 images (`count × 784`, pixel / 255) and labels
 * @param cell the architecture and arithmetic
 * @param options `init` (the initialisation's index, see {@link initSeed}), `batch` (default 256), `products`
 * @returns what the pass found
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { bifurcationPass, loadMnist } from "./mod.ts";
 * const data = await loadMnist("train", { limit: 64 });
 * const run = bifurcationPass(data, { depth: 1, width: 16, precision: "float64" }, { init: 0, batch: 32 });
 * strictEqual(run.bifurcated, false);
 * strictEqual(run.reluCalls, 64 * 16);
 * ```
 */
export function bifurcationPass(
  data: { images: Float32Array; labels: Uint8Array; count: number },
  cell: BifurcationCell,
  options: { init: number; batch?: number; products?: Products },
): InitOutcome {
  const { init, batch = 256, products = { product32, product64 } } = options;
  const mlp = castMlp(initExactMlp(cellSizes(cell), initSeed(cell, init)), cell.precision);
  const outcome: InitOutcome = { bifurcated: false, firstBatch: -1, zeros: 0, reluCalls: 0, differentiated: 0 };
  for (let start = 0, b = 0; start < data.count; start += batch, b++) {
    const rows = Math.min(batch, data.count - start);
    const x = castValues(data.images.subarray(start * MNIST_PIXELS, (start + rows) * MNIST_PIXELS), cell.precision);
    const { pre } = forwardMlp(mlp, x, { rows, logits: false, products });
    let zeros = 0;
    for (const z of pre) for (let k = 0; k < z.length; k++) if (z[k] === 0) zeros++;
    outcome.zeros += zeros;
    outcome.reluCalls += rows * cell.width * cell.depth;
    if (zeros === 0) continue;
    outcome.differentiated++;
    const labels = data.labels.subarray(start, start + rows);
    if (batchDiffers(mlp, x, { rows, labels, products })) {
      outcome.bifurcated = true;
      outcome.firstBatch = b;
      break;
    }
  }
  return outcome;
}
