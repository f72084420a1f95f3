/**
 * How the live page writes numbers: tick labels as the project's figures
 * print them, one format per axis that fits its margin, and losses however
 * large or not finite. Pure.
 *
 * @module
 */
import { formatLoss } from "../model/loss_text.ts";

/**
 * A tick label as the project's figures print it: thousands separated by
 * commas, at most six significant digits, exponent notation beyond 10^15
 * and below 10^-4.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { formatTick } from "./labels.ts";
 * deepStrictEqual([1000000, -2500, 0.5, 1e-7, 1e20].map(formatTick), ["1,000,000", "−2,500", "0.5", "1e−7", "1e+20"]);
 * ```
 */
export function formatTick(v: number): string {
  const a = Math.abs(v);
  let text: string;
  if (a !== 0 && (a < 1e-4 || a >= 1e15)) {
    text = Number(a.toPrecision(3)).toExponential().replace("e-", "e−");
  } else {
    const [int, frac] = String(Number(a.toPrecision(6))).split(".");
    text = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? `.${frac}` : "");
  }
  return (v < 0 ? "−" : "") + text;
}

/**
 * The labels of a log axis' ticks (powers of ten), in one format: thousands
 * separated by commas up to a million, and beyond it every
 * one as `1eK`, so that a diverging loss neither mixes the two nor
 * overflows the margin.
 *
 * @param ticks powers of ten, ascending
 * @returns one label per tick
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { logTickLabels } from "./labels.ts";
 * deepStrictEqual(logTickLabels([1000, 1e6]), ["1,000", "1,000,000"]);
 * deepStrictEqual(logTickLabels([100, 1e8, 1e16]), ["1e2", "1e8", "1e16"]);
 * deepStrictEqual(logTickLabels([0.01, 1e7]), ["1e−2", "1e7"]);
 * ```
 */
export function logTickLabels(ticks: readonly number[]): string[] {
  if (!ticks.some((t) => t > 1e6)) return ticks.map(formatTick);
  return ticks.map((t) => `1e${Math.round(Math.log10(t))}`.replace("-", "−"));
}

/**
 * A loss as the page's text writes it: as the figures do (`formatLoss`)
 * below a million, then with three significant digits and an exponent;
 * `∞` and `NaN` for what is not finite.
 *
 * @param loss the loss
 * @returns its text
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { formatLossText } from "./labels.ts";
 * deepStrictEqual(
 *   [1243.6051, 146388.36, 159148449785184260, Infinity, NaN].map(formatLossText),
 *   ["1244", "146388", "1.59e17", "∞", "NaN"],
 * );
 * ```
 */
export function formatLossText(loss: number): string {
  if (Number.isNaN(loss)) return "NaN";
  if (!Number.isFinite(loss)) return loss > 0 ? "∞" : "−∞";
  if (Math.abs(loss) < 1e6) return formatLoss(loss);
  return loss.toExponential(2).replace("e+", "e").replace("-", "−");
}

/**
 * The labels of a linear axis' ticks, in one format that fits the margin:
 * as {@link formatTick} writes them while each has at most 7 characters
 * (`−50,000`, `100,000`), otherwise every one with an exponent (`−2.5e6`).
 *
 * @param ticks the ticks, ascending
 * @returns one label per tick
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { linearTickLabels } from "./labels.ts";
 * deepStrictEqual(linearTickLabels([-1000, 0, 1000]), ["−1,000", "0", "1,000"]);
 * deepStrictEqual(linearTickLabels([-2.5e6, 0, 2.5e6, 5e7]), ["−2.5e6", "0", "2.5e6", "5e7"]);
 * ```
 */
export function linearTickLabels(ticks: readonly number[]): string[] {
  const plain = ticks.map(formatTick);
  if (plain.every((l) => l.length <= 7)) return plain;
  return ticks.map((t) =>
    t === 0 ? "0" : Number(t.toPrecision(3)).toExponential().replace("e+", "e").replace(/-/g, "−")
  );
}
