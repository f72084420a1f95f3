/**
 * The look and the words shared by the training figures and the live page:
 * panel sizes, unit colours and labels, the dash of dead units, the legend
 * labels (a loss is written by `formatLoss` of `lib/model/loss_text.ts`).
 *
 * @module
 */
import { formatLoss } from "../model/loss_text.ts";
import type { Snapshot, TrainingConfig } from "../model/run.ts";
import { DEFAULT_TARGET, TARGETS } from "../math/targets.ts";

/**
 * Width of each of the three frame panels in pixels.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { FRAME_PANEL_WIDTH } from "./training_style.ts";
 * strictEqual(FRAME_PANEL_WIDTH, 300);
 * ```
 */
export const FRAME_PANEL_WIDTH = 300;
/**
 * Height of each of the three frame panels in pixels.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { FRAME_PANEL_HEIGHT } from "./training_style.ts";
 * strictEqual(FRAME_PANEL_HEIGHT, 240);
 * ```
 */
export const FRAME_PANEL_HEIGHT = 240;

/**
 * Colours of the hidden units, in order: the Okabe–Ito palette without black
 * (ground truth), vermilion (prediction) and yellow (unreadable on white),
 * then Paul Tol's muted colours. Unit j keeps colour `j mod length` in every
 * frame.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { UNIT_COLORS } from "./training_style.ts";
 * deepStrictEqual([UNIT_COLORS.length, UNIT_COLORS[0]], [11, "#0072B2"]);
 * ```
 */
export const UNIT_COLORS: readonly string[] = [
  "#0072B2",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#882255",
  "#44AA99",
  "#999933",
  "#332288",
  "#AA4499",
  "#DDCC77",
];

/**
 * The dash pattern of dead units.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DEAD_DASH } from "./training_style.ts";
 * deepStrictEqual(DEAD_DASH, [6, 4]);
 * ```
 */
export const DEAD_DASH: readonly number[] = [6, 4];

/**
 * The subtitle names the dead units while there are at most this many.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MAX_NAMED_DEAD } from "./training_style.ts";
 * strictEqual(MAX_NAMED_DEAD, 4);
 * ```
 */
export const MAX_NAMED_DEAD = 4;

/** A file's name without its folders, as a legend shows it. */
function fileName(path: string | undefined): string {
  return path === undefined ? "a file" : path.split(/[\\/]/).pop()!;
}

/**
 * What a run learns, as the figures write it: its target's label (`y = x³`),
 * or `the data of FILE` for a run on a CSV file.
 *
 * @param run the run's target and, for data, its file
 * @returns the text
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { targetText } from "./training_style.ts";
 * deepStrictEqual([targetText({ config: {} }), targetText({ config: { target: "sin" } })], ["y = x³", "y = sin x"]);
 * deepStrictEqual(targetText({ config: { target: "data" }, data: { file: "figures/my.csv" } }), "the data of my.csv");
 * ```
 */
export function targetText(run: { config: Pick<TrainingConfig, "target">; data?: { file: string } }): string {
  const target = run.config.target ?? DEFAULT_TARGET;
  return target === "data" ? `the data of ${fileName(run.data?.file)}` : TARGETS[target].label;
}

/**
 * Legend label of the training points: `ground truth` and the target's
 * label, the noise's standard deviation when there is noise, `training
 * points` of a file.
 *
 * @param run the run's target, noise and, for data, its file
 * @returns the label
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { truthLabel } from "./training_style.ts";
 * deepStrictEqual(truthLabel({ config: { target: "abs" } }), "ground truth y = |x|");
 * deepStrictEqual(truthLabel({ config: { target: "sin", noise: 0.1 } }), "y = sin x + noise (sd 0.1)");
 * deepStrictEqual(truthLabel({ config: { target: "data" }, data: { file: "a.csv" } }), "training points of a.csv");
 * ```
 */
export function truthLabel(
  run: { config: Pick<TrainingConfig, "target" | "noise">; data?: { file: string } },
): string {
  const noise = run.config.noise ?? 0;
  const noisy = noise > 0 ? ` + noise (sd ${noise})` : "";
  if (run.config.target === "data") return `training points of ${fileName(run.data?.file)}${noisy}`;
  return noise > 0 ? `${targetText(run)}${noisy}` : `ground truth ${targetText(run)}`;
}

/**
 * Legend label of the ground truth curve of the essay's run, y = x³ (see {@link truthLabel} for any run).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TRUTH_LABEL } from "./training_style.ts";
 * strictEqual(TRUTH_LABEL, "ground truth y = x³");
 * ```
 */
export const TRUTH_LABEL: string = truthLabel({ config: {} });
/**
 * Legend label of the held-out test points.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TEST_LABEL } from "./training_style.ts";
 * strictEqual(TEST_LABEL, "held-out test points");
 * ```
 */
export const TEST_LABEL = "held-out test points";
/**
 * Legend label of the prediction curve.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { PREDICTION_LABEL } from "./training_style.ts";
 * strictEqual(PREDICTION_LABEL, "prediction ŷ");
 * ```
 */
export const PREDICTION_LABEL = "prediction ŷ";

/**
 * `unit 1` … `unit H`.
 *
 * @param hidden the number of hidden units H
 * @returns the H labels
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { unitLabels } from "./training_style.ts";
 * deepStrictEqual(unitLabels(2), ["unit 1", "unit 2"]);
 * ```
 */
export function unitLabels(hidden: number): string[] {
  return Array.from({ length: hidden }, (_, j) => `unit ${j + 1}`);
}

/**
 * The colour of each unit, `UNIT_COLORS[j mod length]`.
 *
 * @param hidden the number of hidden units H
 * @returns the H colours
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { UNIT_COLORS, unitColors } from "./training_style.ts";
 * const colors = unitColors(12);
 * strictEqual(colors[11], UNIT_COLORS[0]);
 * ```
 */
export function unitColors(hidden: number): string[] {
  return Array.from(
    { length: hidden },
    (_, j) => UNIT_COLORS[j % UNIT_COLORS.length],
  );
}

/**
 * The frame title: `epoch E · MSE L`.
 *
 * @param snapshot the epoch and the loss
 * @returns the title
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { frameTitle } from "./training_style.ts";
 * strictEqual(frameTitle({ epoch: 40, loss: 2.5 }), "epoch 40 · MSE 2.5");
 * ```
 */
export function frameTitle(snapshot: Pick<Snapshot, "epoch" | "loss">): string {
  return `epoch ${snapshot.epoch} · MSE ${formatLoss(snapshot.loss)}`;
}

/**
 * The smallest and largest finite number of `values`, widened by 1 each way
 * when they are equal; [0, 1] when there is none.
 *
 * @param values any numbers
 * @returns a domain [lo, hi] with lo < hi
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { span } from "./training_style.ts";
 * deepStrictEqual(span([3, -1, NaN, 2]), [-1, 3]);
 * deepStrictEqual(span([5]), [4, 6]);
 * deepStrictEqual(span([]), [0, 1]);
 * ```
 */
export function span(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}
