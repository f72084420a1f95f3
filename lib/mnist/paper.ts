/**
 * The published numbers this project's MNIST bifurcation experiment is set
 * beside: Bertoin, Bolte, Gerchinovitz, Pauwels, "Numerical influence of
 * ReLU′(0) on backpropagation", NeurIPS 2021 (arXiv 2106.12915), §3, from the
 * result files of its repository deel-ai/relu-prime
 * (`paper_results/section_3/volume_estimation_by_number_of_{layers,neurons}_MNIST.csv`).
 *
 * @module
 */
import type { MnistPrecision } from "./precision.ts";

/** One published cell: how many of `trials` initialisations bifurcated, or null where the paper computed nothing. */
export interface PaperCell {
  /** The panel of the paper's figure: by depth (width 256) or by width (depth 3). */
  panel: "depth" | "width";
  /** Hidden layers. */
  depth: number;
  /** Units per hidden layer. */
  width: number;
  /** The arithmetic. */
  precision: MnistPrecision;
  /** Initialisations in the zone, or null when the file's number was not computed. */
  count: number | null;
  /** Initialisations tried. */
  trials: number;
  /** Why the count is null, or what else to know about it. */
  note?: string;
}

/** The paper's protocol, as its notebooks run it (facts, not code). */
export const PAPER_PROTOCOL = {
  source: "deel-ai/relu-prime, notebooks/volume_estimation_by_architecture.ipynb and paper_results/section_3",
  data: "the 60,000 MNIST training images, torchvision ToTensor (pixel / 255 in float32, no normalisation), " +
    "in file order (DataLoader without shuffling), batches of 256 (234 full batches and one of 96)",
  network: "Linear(784, w) → ReLU → (Linear(w, w) → ReLU) × (depth − 1) → Linear(w, 10), PyTorch's default " +
    "initialisation in float32, then .half() or .double(); inputs .half() in float16",
  loss: "nn.CrossEntropyLoss (mean over the batch), backward on each copy; gradients accumulate over the " +
    "batches (no zero_grad) and the pass stops at the first batch where the summed first-layer weight " +
    "gradients differ: (g0 − g1).abs().sum() != 0",
  trials: 1000,
  reluPrime: "a custom autograd.Function that sets the gradient at 0 to the constant α (correct only for α = 0)",
} as const;

const cell = (
  panel: PaperCell["panel"],
  depth: number,
  width: number,
  precision: MnistPrecision,
  count: number | null,
  note?: string,
): PaperCell => ({ panel, depth, width, precision, count, trials: 1000, ...(note ? { note } : {}) });

const NOT_RUN = "not computed: the depth notebook's float64 loop stops before the first batch (`break`), " +
  "so the file's 0 was not measured";

/**
 * The paper's bifurcation counts per 1000 initialisations, for the cells of
 * this project's grid: depth 1, 2, 3 at width 256, and width 16, 64, 256 at
 * depth 3, in float16, float32 and float64.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { PAPER_BIFURCATION } from "./paper.ts";
 * const d3 = PAPER_BIFURCATION.find((c) => c.panel === "depth" && c.depth === 3 && c.precision === "float32");
 * strictEqual(d3?.count, 463);
 * ```
 */
export const PAPER_BIFURCATION: readonly PaperCell[] = [
  cell("depth", 1, 256, "float16", 871),
  cell("depth", 2, 256, "float16", 999),
  cell("depth", 3, 256, "float16", 1000),
  cell("depth", 1, 256, "float32", 54),
  cell("depth", 2, 256, "float32", 258),
  cell("depth", 3, 256, "float32", 463),
  cell("depth", 1, 256, "float64", null, NOT_RUN),
  cell("depth", 2, 256, "float64", null, NOT_RUN),
  cell("depth", 3, 256, "float64", null, NOT_RUN),
  cell("width", 3, 16, "float16", 333),
  cell("width", 3, 64, "float16", 1000),
  cell("width", 3, 256, "float16", 1000),
  cell("width", 3, 16, "float32", 21),
  cell("width", 3, 64, "float32", 163),
  cell("width", 3, 256, "float32", 478),
  cell("width", 3, 16, "float64", 0),
  cell("width", 3, 64, "float64", 0),
  cell("width", 3, 256, "float64", 0),
];
