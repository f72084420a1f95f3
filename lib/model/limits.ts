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

/**
 * The value ranges the plots can draw, so that every range a command accepts
 * renders. d3 steps an axis's ticks by a power of ten near width / 10 and
 * multiplies by its inverse: a width below about 1e-306 (near the subnormal
 * numbers) makes that inverse overflow, and d3 fails with "Invalid array
 * length" (`--x-min 1e-320 --x-max 2e-320` did); 1e-300 keeps a margin. Ends
 * beyond ±1e300 make the width itself overflow, and a width below 1e-12 of
 * the ends' magnitude leaves ticks that no label tells apart.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { DRAWABLE_LIMITS } from "./limits.ts";
 * strictEqual(DRAWABLE_LIMITS.narrowest, 1e-300);
 * ```
 */
export const DRAWABLE_LIMITS = {
  /** Largest |end| of a drawn range. */
  largest: 1e300,
  /** Smallest width of a drawn range. */
  narrowest: 1e-300,
  /** Smallest width relative to the larger |end|. */
  relativeWidth: 1e-12,
} as const;

/**
 * What {@link drawableRangeProblem} accepts, in words, for messages.
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { DRAWABLE_ACCEPTED } from "./limits.ts";
 * match(DRAWABLE_ACCEPTED, /^a range the plots can draw/);
 * ```
 */
export const DRAWABLE_ACCEPTED: string = "a range the plots can draw (finite ends within ±" +
  `${DRAWABLE_LIMITS.largest}, a width of at least ${DRAWABLE_LIMITS.narrowest} and at least ` +
  `${DRAWABLE_LIMITS.relativeWidth} × the larger |end|)`;

/**
 * Why the plots cannot draw the range [lo, hi] (an axis domain), or
 * `undefined` when they can: both ends finite and within ±1e300, lo < hi, and
 * a width of at least 1e-300 and at least 1e-12 × max(|lo|, |hi|) (see
 * {@link DRAWABLE_LIMITS}).
 *
 * @param range the ends [lo, hi]
 * @returns a short phrase saying what is wrong, or undefined
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { drawableRangeProblem } from "./limits.ts";
 * strictEqual(drawableRangeProblem([-10, 10]), undefined);
 * strictEqual(drawableRangeProblem([1e-320, 2e-320]), "its width 1e-320 is below 1e-300");
 * strictEqual(drawableRangeProblem([1, 1 + 1e-15]), "its width 1.1102230246251565e-15 is below 1e-12 × 1.000000000000001");
 * strictEqual(drawableRangeProblem([0, Infinity]), "an end is not a finite number");
 * strictEqual(drawableRangeProblem([-1e301, 0]), "an end lies beyond ±1e+300");
 * ```
 */
export function drawableRangeProblem(range: readonly [number, number]): string | undefined {
  const [lo, hi] = range;
  const D = DRAWABLE_LIMITS;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return "an end is not a finite number";
  if (!(lo < hi)) return "its low end is not below its high end";
  const magnitude = Math.max(Math.abs(lo), Math.abs(hi));
  if (magnitude > D.largest) return `an end lies beyond ±${D.largest}`;
  const width = hi - lo;
  if (width < D.narrowest) return `its width ${width} is below ${D.narrowest}`;
  if (width < D.relativeWidth * magnitude) return `its width ${width} is below ${D.relativeWidth} × ${magnitude}`;
  return undefined;
}

/**
 * How far the inputs and targets of a saved run may lie from what its config
 * makes (x on [xMin, xMax], y = x³), relative to their size: the trainer rounds
 * both to float32 (a relative error of at most 2^-24), so 2^-20 leaves a
 * margin and still refuses any other data.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { DATA_TOLERANCE } from "./limits.ts";
 * strictEqual(DATA_TOLERANCE, 2 ** -20);
 * ```
 */
export const DATA_TOLERANCE = 2 ** -20;
