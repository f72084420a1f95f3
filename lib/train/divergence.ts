/**
 * When a run diverges: its first non-finite loss, and the one-line error
 * that names the epoch, the loss and the learning rate to lower (re-exported
 * by `./trainer.ts`, which applies the rule).
 *
 * @module
 */
import { RunError } from "../errors.ts";

/**
 * The error of a run that diverged: the epoch, the loss and the learning rate to lower.
 *
 * @param epoch where the loss went non-finite
 * @param loss the loss there
 * @param lr the learning rate
 * @returns the error, naming `lr` as the caller names it
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { divergence } from "./divergence.ts";
 * const e = divergence(7, NaN, 10);
 * strictEqual(e.message, "training diverged at epoch 7 (loss = NaN); try a smaller lr (now 10)");
 * strictEqual(e.describe((n) => `--${n}`), "training diverged at epoch 7 (loss = NaN); try a smaller --lr (now 10)");
 * ```
 */
export function divergence(epoch: number, loss: number, lr: number): RunError {
  return new RunError((n) =>
    `training diverged at epoch ${epoch} (loss = ${loss}); try a smaller ${n("lr")} (now ${lr})`
  );
}

/**
 * The first k with a non-finite `losses[k]`, or null when every loss is finite.
 *
 * @param losses a loss curve
 * @returns the first diverged epoch, or null
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { divergenceEpoch } from "./divergence.ts";
 * strictEqual(divergenceEpoch([3, 2, Infinity, NaN]), 2);
 * strictEqual(divergenceEpoch([3, 2]), null);
 * ```
 */
export function divergenceEpoch(losses: ArrayLike<number>): number | null {
  for (let k = 0; k < losses.length; k++) {
    if (!Number.isFinite(losses[k])) return k;
  }
  return null;
}
