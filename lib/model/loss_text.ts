/**
 * How a loss is written, one definition for every place that prints one:
 * the training frames' titles, the progress bar, the notebook's displays and
 * the live page.
 *
 * @module
 */

/**
 * A loss as the project writes it (frame titles, the progress bar, the
 * notebook, the live page): whole numbers from 1000 up, four significant
 * digits below.
 *
 * @param loss the loss
 * @returns it as text
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { formatLoss } from "./loss_text.ts";
 * deepStrictEqual([146160.6, 12.3456, 0.00012345, NaN].map(formatLoss), ["146161", "12.35", "0.0001234", "NaN"]);
 * ```
 */
export function formatLoss(loss: number): string {
  if (!Number.isFinite(loss)) return String(loss);
  if (Math.abs(loss) >= 1000) return String(Math.round(loss));
  return String(Number(loss.toPrecision(4)));
}
