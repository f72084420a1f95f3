/**
 * The vanishing-gradient experiment as a Vega-Lite spec: per activation over
 * the training, the first layer's gradient norm, the same per unit of
 * residual and the MSE (median and 10–90 % band over seeds, log scales), the share of hidden units whose
 * gradient is near zero (solid) or exactly zero (dashed), and the share of
 * (unit, input) pairs where the activation is flat.
 *
 * @module
 */
import type { ActivationRecord, VanishingResult } from "../experiments/vanishing_gradients.ts";
import { summarize } from "../experiments/stats.ts";
import { figure, type Row, type VegaLiteSpec } from "./spec.ts";
import { PALETTE } from "./theme.ts";
import { targetText } from "./training_style.ts";
import type { TargetChoice } from "../model/settings.ts";
import { EXPERIMENT_PANEL_WIDTH } from "./sweep.ts";

const PANEL_HEIGHT = 200;

/**
 * The function the experiment's networks learned, as the figures write it (the target registry's label).
 *
 * @param result the experiment (its `settings.target`, absent for the default y = x³)
 * @returns the label
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { vanishingTargetText } from "./vanishing_gradients.ts";
 * const of = (target?: string) => vanishingTargetText({ settings: { target } } as never);
 * deepStrictEqual([of(), of("sin")], ["y = x³", "y = sin x"]);
 * ```
 */
export function vanishingTargetText(result: Pick<VanishingResult, "settings">): string {
  return targetText({ config: { target: result.settings.target as TargetChoice | undefined } });
}

const r5 = (v: number | null) => (v === null ? null : Number(v.toPrecision(5)) + 0);

/**
 * The rows of the figure: per activation and snapshot, the median and 10–90 % quantiles over seeds of the
 * gradient norm (`grad*`, zeros left out: log scale) and of the MSE (`loss*`), the pooled shares of units with a
 * near-zero and an exactly zero gradient, and the mean share of flat pairs (diverged seeds left out), 5 digits.
 *
 * @param result the experiment
 * @returns the rows, activation-major
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { vanishingRows } from "./vanishing_gradients.ts";
 * const record = {
 *   activation: "relu", engine: "fused", backend: "cpu", peakSlope: 1,
 *   gradNorm: [[4, 0], [2, 1]], nearZero: [[0, 2], [0, 1]], exactZero: [[0, 2], [0, 0]],
 *   flat: [[0.5, 1], [0.5, 0.5]], loss: [[9, 3], [7, 1]], divergedAt: [null, null],
 * };
 * const rows = vanishingRows({ settings: { hidden: 2 }, snapshotEpochs: [0, 5], records: [record] } as never);
 * deepStrictEqual(rows[1], {
 *   activation: "relu", epoch: 5, gradMedian: 1, gradQ10: 1, gradQ90: 1, residualMedian: 0.5, residualQ10: 0.5,
 *   residualQ90: 0.5, lossMedian: 2, lossQ10: 1.2, lossQ90: 2.8, nearZero: 0.75, exactZero: 0.5, flat: 0.75,
 * });
 * ```
 */
export function vanishingRows(result: VanishingResult): Row[] {
  const H = result.settings.hidden;
  return result.records.flatMap((r: ActivationRecord) =>
    result.snapshotEpochs.map((epoch, s) => {
      const at = (v: (number | null)[][]) => v.map((row) => row[s]).filter((x): x is number => x !== null);
      const grad = summarize(at(r.gradNorm).filter((g) => g > 0));
      const loss = summarize(at(r.loss));
      const perResidual = summarize(r.gradNorm.flatMap((row, m) => {
        const [g, l] = [row[s], r.loss[m][s]];
        return g === null || l === null || !(g > 0 && l > 0) ? [] : [g / (2 * Math.sqrt(l))];
      }));
      const [near, zero, flat] = [at(r.nearZero), at(r.exactZero), at(r.flat)];
      const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
      return {
        activation: r.activation,
        epoch,
        gradMedian: r5(grad.median),
        gradQ10: r5(grad.q10),
        gradQ90: r5(grad.q90),
        residualMedian: r5(perResidual.median),
        residualQ10: r5(perResidual.q10),
        residualQ90: r5(perResidual.q90),
        lossMedian: r5(loss.median),
        lossQ10: r5(loss.q10),
        lossQ90: r5(loss.q90),
        nearZero: near.length === 0 ? null : r5(sum(near) / (H * near.length)),
        exactZero: zero.length === 0 ? null : r5(sum(zero) / (H * zero.length)),
        flat: flat.length === 0 ? null : r5(sum(flat) / flat.length),
      };
    })
  );
}

function color(result: VanishingResult): Record<string, unknown> {
  const names = result.records.map((r) => r.activation);
  return {
    field: "activation",
    type: "nominal",
    title: "activation",
    scale: { domain: names, range: PALETTE.slice(0, names.length) },
    sort: names,
    legend: {
      orient: "top",
      direction: "horizontal",
      symbolType: "stroke",
      symbolStrokeWidth: 2.5,
      symbolOpacity: 1,
      title: null,
    },
  };
}

function bandPanel(
  result: VanishingResult,
  field: "grad" | "residual" | "loss",
  title: { text: string; subtitle: string[] },
  yTitle: string,
): Record<string, unknown> {
  const x = { field: "epoch", type: "quantitative", title: "epoch", scale: { nice: false } };
  const y = { field: `${field}Median`, type: "quantitative", title: yTitle, scale: { type: "log" } };
  return {
    title: { ...title, fontSize: 13, subtitleFontSize: 11 },
    width: EXPERIMENT_PANEL_WIDTH,
    height: PANEL_HEIGHT,
    transform: [{ filter: `datum.${field}Median !== null` }],
    layer: [
      {
        mark: { type: "area", opacity: 0.15, clip: true },
        encoding: {
          x,
          y: { ...y, field: `${field}Q10` },
          y2: { field: `${field}Q90` },
          color: color(result),
        },
      },
      { mark: { type: "line", strokeWidth: 2, clip: true }, encoding: { x, y, color: color(result) } },
    ],
  };
}

function sharePanel(
  result: VanishingResult,
  fields: { field: string; dash: number[] }[],
  title: { text: string; subtitle: string[] },
): Record<string, unknown> {
  const x = { field: "epoch", type: "quantitative", title: "epoch", scale: { nice: false } };
  return {
    title: { ...title, fontSize: 13, subtitleFontSize: 11 },
    width: EXPERIMENT_PANEL_WIDTH,
    height: PANEL_HEIGHT,
    layer: fields.map(({ field, dash }) => ({
      mark: { type: "line", strokeWidth: 2, strokeDash: dash },
      encoding: {
        x,
        y: { field, type: "quantitative", title: "share", scale: { domain: [0, 1] }, axis: { format: "%" } },
        color: color(result),
      },
    })),
  };
}

/**
 * The figure: five panels over the training (gradient norm, the same per unit of residual, MSE; near-zero units,
 * flat pairs), one colour per activation.
 *
 * @param result the experiment
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { vanishingGradientsFigure } from "./vanishing_gradients.ts";
 * const record = {
 *   activation: "relu", engine: "fused", backend: "cpu", peakSlope: 1,
 *   gradNorm: [[4, 0]], nearZero: [[0, 2]], exactZero: [[0, 2]], flat: [[0.5, 1]], loss: [[9, 3]], divergedAt: [null],
 * };
 * const result = { settings: { hidden: 2, seeds: [0], lr: 1e-4, nearZero: 1e-3 }, snapshotEpochs: [0, 5], records: [record] };
 * const spec = vanishingGradientsFigure(result as never);
 * strictEqual((spec.vconcat as unknown[]).length, 2);
 * ```
 */
export function vanishingGradientsFigure(result: VanishingResult): VegaLiteSpec {
  const s = result.settings;
  const seeds = `median and 10–90 % of ${s.seeds.length} seeds`;
  return figure({
    data: { values: vanishingRows(result) },
    vconcat: [
      {
        hconcat: [
          bandPanel(result, "grad", {
            text: "first layer's gradient norm",
            subtitle: ["float64, from each snapshot's parameters", seeds],
          }, "norm (log scale)"),
          bandPanel(result, "residual", {
            text: "the same per unit of residual",
            subtitle: ["‖∂L/∂(w0, b0)‖ / (2√MSE)", seeds],
          }, "norm / (2√MSE)"),
          bandPanel(result, "loss", {
            text: "training MSE",
            subtitle: ["as the run computed it", seeds],
          }, "MSE (log scale)"),
        ],
      },
      {
        hconcat: [
          sharePanel(result, [{ field: "nearZero", dash: [1, 0] }, { field: "exactZero", dash: [5, 3] }], {
            text: "hidden units with a near-zero gradient",
            subtitle: [`solid: norm below ${s.nearZero} × the model's largest unit`, "dashed: exactly zero (dead)"],
          }),
          sharePanel(result, [{ field: "flat", dash: [1, 0] }], {
            text: "flat (unit, input) pairs",
            subtitle: [`|f′(z)| below ${s.nearZero} × the activation's largest slope`, "mean over seeds"],
          }),
        ],
      },
    ],
  }, {
    text:
      `Vanishing gradients: the same network, data and initialisations per seed, ${result.records.length} activations`,
    subtitle: `1-H-1 network, H = ${s.hidden}, SGD at lr ${s.lr}, ${vanishingTargetText(result)}`,
  });
}
