/**
 * The accepted range of every training setting, shared by the flags of
 * `scripts/training.ts` and the validation of `--from FILE.json`, so that any
 * run the script can make can be read back, and nothing else.
 *
 * @module
 */

/** The largest accepted value of each size-like setting. */
export const TRAINING_LIMITS = {
  /** Most hidden units H. */
  hidden: 4096,
  /** Most full-batch updates. */
  epochs: 1_000_000,
  /** Fewest training points. */
  minPoints: 2,
  /** Most training points. */
  points: 1_000_000,
  /** Largest learning rate (the smallest accepted is anything > 0). */
  lr: 10,
  /** Largest |x| of the input range: keeps x³ and the squared error far from float32 overflow. */
  xAbs: 1000,
  /** Largest seed (seeds are unsigned 32-bit integers). */
  seed: 4_294_967_295,
  /**
   * Most pre-activations per model, points × hidden (2^24): keeps the
   * autodiff engine's [P, H] tensors near 64 MB each, zero counts exact in
   * float32 and the random-gradient index p·H + j within 32 bits.
   */
  units: 16_777_216,
  /** Most snapshots in one run (epoch 0 included). */
  snapshots: 10_001,
} as const;

/**
 * The number of snapshots of a run: epoch 0, every `every`-th epoch and the
 * last epoch.
 *
 * @example
 * ```ts
 * import { snapshotCount } from "./training_limits.ts";
 * console.log(snapshotCount({ epochs: 4000, every: 100 }), snapshotCount({ epochs: 250, every: 100 })); // 41 4
 * ```
 */
export function snapshotCount(options: { epochs: number; every: number }): number {
  return Math.ceil(options.epochs / options.every) + 1;
}
