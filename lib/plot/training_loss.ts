/**
 * The loss curve of a training run on a log scale, with a marker at a
 * snapshot: a Vega-Lite spec.
 *
 * @module
 */
import type { TrainingRun } from "../model/run.ts";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./spec.ts";
import { COLORS, themeConfig } from "./theme.ts";
import { span } from "./training_style.ts";
import { envelopeIndices } from "../math/envelope.ts";

/**
 * Colour of the test loss curve (green of the Okabe–Ito palette, apart from the training loss's blue).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TEST_COLOR } from "./training_loss.ts";
 * strictEqual(TEST_COLOR, "#009E73");
 * ```
 */
export const TEST_COLOR = "#009E73";

/** Options of {@link trainingLoss}. */
export interface TrainingLossOptions {
  /** Draw a marker at this epoch, from a named dataset `current` that a page can swap (default: none). */
  marker?: number;
  /** Plot width in pixels (default 720). */
  width?: number;
  /** Plot height in pixels (default 300). */
  height?: number;
}

/** The powers k of ten with 10^k spanning `values` (at least two). */
function logDecades(values: readonly number[]): number[] {
  const [lo, hi] = span(values.map(Math.log10));
  const from = Math.floor(lo);
  const to = Math.max(Math.ceil(hi), from + 1);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * The row of the `current` dataset of {@link trainingLoss} for `epoch`.
 *
 * @param run the training run
 * @param epoch the epoch to mark
 * @returns one row `{epoch, loss}`, or none when the run has no such epoch
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { lossMarkerData } from "./training_loss.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.5],
 *   snapshots: [0, 1].map((epoch) => ({ epoch, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 })),
 * };
 * deepStrictEqual(lossMarkerData(run, 1), [{ epoch: 1, loss: 0.5 }]);
 * deepStrictEqual(lossMarkerData(run, 2), []);
 * ```
 */
export function lossMarkerData(
  run: TrainingRun,
  epoch: number,
): { epoch: number; loss: number }[] {
  const loss = run.losses[epoch];
  return loss === undefined ? [] : [{ epoch, loss }];
}

/**
 * The loss per epoch on a log scale, with the snapshot epochs marked as dots
 * and, for a run with held-out points, the test loss at every snapshot
 * beside it (dashed).
 * Non-positive losses (which a log scale cannot show) are left out; of more
 * than `MAX_PLOTTED_POINTS` losses, each block's min and max are drawn.
 *
 * @param run the training run
 * @param options a marked epoch and the plot's size
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { trainingLoss } from "./training_loss.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.5],
 *   snapshots: [0, 1].map((epoch) => ({ epoch, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 })),
 * };
 * const spec = trainingLoss(run, { marker: 1 });
 * strictEqual((spec.layer as unknown[]).length, 4);
 * deepStrictEqual(spec.datasets, { current: [{ epoch: 1, loss: 0.5 }] });
 * ```
 */
export function trainingLoss(
  run: TrainingRun,
  options: TrainingLossOptions = {},
): VegaLiteSpec {
  const all = run.losses.map((loss, epoch) => ({ epoch, loss })).filter((d) => d.loss > 0);
  // A long run's curve keeps each block's min and max: the same line, from at most MAX_PLOTTED_POINTS points.
  const losses = envelopeIndices(all.map((d) => d.loss)).map((i) => all[i]);
  const snapshots = run.snapshots.filter((s) => s.loss > 0).map((s) => ({
    epoch: s.epoch,
    loss: s.loss,
  }));
  const x = {
    field: "epoch",
    type: "quantitative" as const,
    title: "epoch",
    scale: { domain: [0, run.config.epochs] },
  };
  // The test MSE at every snapshot, where the run holds points out (the engines compute the training loss only).
  const tests = (run.test?.losses ?? []).map((loss, i) => ({ epoch: run.snapshots[i].epoch, loss }))
    .filter((d) => d.loss > 0);
  const decades = logDecades([...losses, ...tests].map((d) => d.loss));
  const y = {
    field: "loss",
    type: "quantitative" as const,
    title: "MSE (log scale)",
    scale: {
      type: "log" as const,
      domain: [10 ** decades[0], 10 ** decades[decades.length - 1]],
    },
    axis: {
      values: decades.map((k) => 10 ** k),
      format: decades[0] >= -4 && decades[decades.length - 1] <= 6 ? "," : ".0e",
    },
  };
  const layer: object[] = [
    {
      data: { values: losses },
      mark: { type: "line", color: COLORS.relu, strokeWidth: 2 },
      encoding: { y },
    },
    {
      data: { values: snapshots },
      mark: {
        type: "point",
        filled: true,
        size: 30,
        color: COLORS.relu,
        stroke: "white",
        strokeWidth: 0.8,
        opacity: 1,
      },
      encoding: { y },
    },
  ];
  if (run.test) {
    layer.push({
      data: { values: tests },
      mark: { type: "line", color: TEST_COLOR, strokeWidth: 2, strokeDash: [6, 3], point: { filled: true, size: 20 } },
      encoding: { y },
    });
  }
  if (options.marker !== undefined) {
    layer.push(
      {
        data: { name: "current" },
        // x only, so the rule spans the whole height
        mark: { type: "rule", color: COLORS.prediction, strokeWidth: 1.5 },
      },
      {
        data: { name: "current" },
        mark: {
          type: "point",
          filled: true,
          size: 90,
          color: COLORS.prediction,
          opacity: 1,
        },
        encoding: { y },
      },
    );
  }
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    config: structuredClone(themeConfig),
    title: {
      text: "Training loss",
      subtitle: `full-batch ${run.config.optimizer}, lr ${run.config.lr}, ${run.config.hidden} hidden units; ` +
        `dots: the ${run.snapshots.length} snapshots` +
        (run.test ? `; dashed: test MSE on ${run.test.x.length} held-out points` : ""),
    },
    width: options.width ?? 720,
    height: options.height ?? 300,
    ...(options.marker !== undefined ? { datasets: { current: lossMarkerData(run, options.marker) } } : {}),
    encoding: { x },
    layer,
  };
  return spec;
}
