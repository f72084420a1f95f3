/**
 * The accepted range of every training setting, shared by the training
 * command's flags and the validation of saved run files, so that any run the
 * command can make can be read back, and nothing else.
 *
 * @module
 */

/**
 * The largest accepted value of each size-like setting.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TRAINING_LIMITS } from "./limits.ts";
 * strictEqual(TRAINING_LIMITS.hidden, 4096);
 * strictEqual(TRAINING_LIMITS.units, 2 ** 24);
 * ```
 */
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
  /**
   * Most snapshots × hidden (2^20): keeps training.json (3 numbers per unit
   * per snapshot) near 60 MB at worst, well inside one string and the 256 MB
   * that `--from` reads.
   */
  snapshotUnits: 1_048_576,
} as const;

/**
 * The smallest snapshot interval `--every` accepted for `epochs` updates of a
 * model with `hidden` units: at most {@link TRAINING_LIMITS}.snapshots
 * snapshots and at most `snapshotUnits` snapshots × hidden.
 *
 * @param options the number of updates and of hidden units
 * @returns the smallest accepted interval, at least 1
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { smallestEvery } from "./limits.ts";
 * strictEqual(smallestEvery({ epochs: 4000, hidden: 7 }), 1);
 * strictEqual(smallestEvery({ epochs: 10000, hidden: 4096 }), 40);
 * ```
 */
export function smallestEvery(options: { epochs: number; hidden: number }): number {
  const L = TRAINING_LIMITS;
  const most = Math.min(L.snapshots, Math.floor(L.snapshotUnits / options.hidden));
  let every = Math.max(1, Math.ceil(options.epochs / (most - 1)));
  while (snapshotCount({ epochs: options.epochs, every }) > most) every++;
  return every;
}

/**
 * The number of snapshots of a run: epoch 0, every `every`-th epoch and the
 * last epoch.
 *
 * @param options the number of updates and the snapshot interval
 * @returns the number of snapshots, epoch 0 included
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { snapshotCount } from "./limits.ts";
 * strictEqual(snapshotCount({ epochs: 4000, every: 100 }), 41);
 * strictEqual(snapshotCount({ epochs: 250, every: 100 }), 4);
 * ```
 */
export function snapshotCount(options: { epochs: number; every: number }): number {
  return Math.ceil(options.epochs / options.every) + 1;
}
