/**
 * The relu'(0) sweep as a Vega-Lite spec: per setting and precision, the
 * loss median and 10–90 % band over epochs, the count of exactly-zero
 * pre-activations per update, and the distinct units on the data. Builders
 * take the plain results of `lib/experiments/sweep.ts` and compute only
 * summaries for drawing.
 *
 * @module
 */
import { type ConventionRecord, CONVENTIONS, type SweepResult, type SweepSettingResult } from "../experiments/sweep.ts";
import { summarize } from "../experiments/stats.ts";
import { figure, type Row, type VegaLiteSpec } from "./spec.ts";
import { PALETTE } from "./theme.ts";

/** Width of each panel of the experiment figures in pixels. */
export const EXPERIMENT_PANEL_WIDTH = 300;
/** Height of a loss panel in pixels. */
export const LOSS_PANEL_HEIGHT = 260;
/** Height of an exact-zero panel in pixels. */
export const ZERO_PANEL_HEIGHT = 150;
/** Height of a distinct-units panel in pixels. */
export const PATTERN_PANEL_HEIGHT = 150;

/** The colour of each convention: the first four colours of the palette. */
export const CONVENTION_COLORS: readonly string[] = PALETTE.slice(0, CONVENTIONS.length);

/** The dash pattern of each convention, so that coinciding curves still show every convention. */
const CONVENTION_DASHES: readonly number[][] = [[1, 0], [9, 4], [3, 3], [12, 3, 2, 3]];

const legend = {
  orient: "top",
  direction: "horizontal",
  symbolType: "stroke",
  symbolStrokeWidth: 2.5,
  symbolSize: 400,
  title: "relu'(0) =",
  symbolOpacity: 1,
  fillColor: null,
  padding: 0,
};

const conventionColor = {
  field: "convention",
  type: "nominal",
  title: "relu'(0) =",
  scale: { domain: [...CONVENTIONS], range: [...CONVENTION_COLORS] },
  sort: [...CONVENTIONS],
  legend,
};

const conventionDash = {
  field: "convention",
  type: "nominal",
  title: "relu'(0) =",
  scale: { domain: [...CONVENTIONS], range: CONVENTION_DASHES.map((d) => [...d]) },
  sort: [...CONVENTIONS],
  legend,
};

function round(v: number | null): number | null {
  return v === null ? null : Number(v.toPrecision(5));
}

/** At most this many points per loss curve in a figure (the panels are 400 pixels wide). */
export const MAX_CURVE_POINTS = 101;

/**
 * Rows of the loss panel of one setting: per convention and recorded epoch
 * (thinned to at most {@link MAX_CURVE_POINTS}, the last epoch always kept),
 * the median and 10–90 % quantiles of the seeds' losses (diverged seeds left
 * out), to 5 significant digits.
 *
 * @param result the sweep
 * @param setting one of its settings (one setting in one precision)
 * @returns the rows, convention-major
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sweepLossRows } from "./sweep.ts";
 * import { type ConventionRecord, EXACT_ZERO_SETTING, type SweepResult } from "../experiments/sweep.ts";
 * import { summarize } from "../experiments/stats.ts";
 * const record: ConventionRecord = { // seed 1 diverges in its last update
 *   losses: [[4, 2.5, 1], [6, 3.5, null]], patterns: [[7, 5, 4], [7, 6, 6]], zeroRuns: [[[14, 1], [0, 3]], [[14, 4]]],
 *   zerosAtUpdate0: [14, 14], zerosAfter: [0, 42], finalLoss: [1, null], divergedAt: [null, 4],
 *   sameAsConvention0: 0, final: summarize([1, NaN]),
 * };
 * const conventions = { "0": record, "0.5": record, "1": record, random: record };
 * const result: SweepResult = {
 *   epochs: 4, every: 2, sampledEpochs: [0, 2, 4], seeds: [0, 1], engine: "fused", backend: "cpu",
 *   settings: [{ setting: EXACT_ZERO_SETTING, precision: "float32", conventions }],
 * };
 * deepStrictEqual(sweepLossRows(result, result.settings[0]).filter((r) => r.convention === "0"), [
 *   { convention: "0", epoch: 0, median: 5, q10: 4.2, q90: 5.8 },
 *   { convention: "0", epoch: 2, median: 3, q10: 2.6, q90: 3.4 },
 *   { convention: "0", epoch: 4, median: 1, q10: 1, q90: 1 }, // the diverged seed left out
 * ]);
 * ```
 */
export function sweepLossRows(result: SweepResult, setting: SweepSettingResult): Row[] {
  const rows: Row[] = [];
  const count = result.sampledEpochs.length;
  const stride = Math.max(1, Math.ceil((count - 1) / (MAX_CURVE_POINTS - 1)));
  for (const convention of CONVENTIONS) {
    const record = setting.conventions[convention];
    result.sampledEpochs.forEach((epoch, s) => {
      if (s % stride !== 0 && s !== count - 1) return;
      const spread = summarize(record.losses.map((l) => l[s] ?? NaN));
      if (spread.n === 0) return;
      rows.push({
        convention,
        epoch,
        median: round(spread.median),
        q10: round(spread.q10),
        q90: round(spread.q90),
      });
    });
  }
  return rows;
}

/**
 * The exact zeros per update of one convention, summed over the seeds, as
 * step rows: one row where the sum changes (and one at the end), so single
 * events stay visible however many updates there are.
 */
function zeroSteps(record: ConventionRecord, epochs: number): { epoch: number; zeros: number }[] {
  const sum = new Float64Array(epochs);
  for (const runs of record.zeroRuns) {
    // the runs' values added update by update, as their expansion would be (a run of 0s adds nothing)
    let k = 0;
    for (const [value, times] of runs) {
      if (value !== 0) { for (let i = k; i < Math.min(k + times, epochs); i++) sum[i] += value; }
      k += times;
    }
  }
  const rows: { epoch: number; zeros: number }[] = [];
  for (let k = 0; k < epochs; k++) {
    if (k === 0 || sum[k] !== sum[k - 1]) rows.push({ epoch: k, zeros: sum[k] });
  }
  rows.push({ epoch: epochs, zeros: sum[epochs - 1] });
  return rows;
}

/**
 * Rows of the exact-zero panel of one setting: per convention, the exact
 * zeros per update summed over seeds, where it changes.
 *
 * @param result the sweep
 * @param setting one of its settings (one setting in one precision)
 * @returns the rows, convention-major, with one more at the last epoch
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sweepZeroRows } from "./sweep.ts";
 * import { type ConventionRecord, EXACT_ZERO_SETTING, type SweepResult } from "../experiments/sweep.ts";
 * import { summarize } from "../experiments/stats.ts";
 * const record: ConventionRecord = { // seed 1 diverges in its last update
 *   losses: [[4, 2.5, 1], [6, 3.5, null]], patterns: [[7, 5, 4], [7, 6, 6]], zeroRuns: [[[14, 1], [0, 3]], [[14, 4]]],
 *   zerosAtUpdate0: [14, 14], zerosAfter: [0, 42], finalLoss: [1, null], divergedAt: [null, 4],
 *   sameAsConvention0: 0, final: summarize([1, NaN]),
 * };
 * const conventions = { "0": record, "0.5": record, "1": record, random: record };
 * const result: SweepResult = {
 *   epochs: 4, every: 2, sampledEpochs: [0, 2, 4], seeds: [0, 1], engine: "fused", backend: "cpu",
 *   settings: [{ setting: EXACT_ZERO_SETTING, precision: "float32", conventions }],
 * };
 * deepStrictEqual(sweepZeroRows(result, result.settings[0]).filter((r) => r.convention === "0"), [
 *   { convention: "0", epoch: 0, zeros: 28 }, // both seeds at update 0
 *   { convention: "0", epoch: 1, zeros: 14 }, // seed 1 only, at updates 1, 2 and 3
 *   { convention: "0", epoch: 4, zeros: 14 },
 * ]);
 * ```
 */
export function sweepZeroRows(result: SweepResult, setting: SweepSettingResult): Row[] {
  return CONVENTIONS.flatMap((convention) =>
    zeroSteps(setting.conventions[convention], result.epochs).map((r) => ({ convention, ...r }))
  );
}

/** The x encoding of every sweep panel: epochs 0 to the last, titled `title`. */
function epochAxis(result: SweepResult, title: string): Record<string, unknown> {
  return { field: "epoch", type: "quantitative", title, scale: { domain: [0, result.epochs], nice: false } };
}

function lossPanel(result: SweepResult, setting: SweepSettingResult): Record<string, unknown> {
  const x = epochAxis(result, "epoch");
  const y = { field: "median", type: "quantitative", title: "MSE (log scale)", scale: { type: "log" } };
  const finals = CONVENTIONS.map((c) => {
    const f = setting.conventions[c].final;
    return `${c}: ${f.median === null ? "all diverged" : f.median.toPrecision(4)}`;
  });
  return {
    title: {
      text: `${setting.setting.title}, ${setting.precision}`,
      subtitle: [`final MSE, median of ${result.seeds.length} seeds:`, finals.join(" · ")],
      fontSize: 14,
      subtitleFontSize: 11,
    },
    width: EXPERIMENT_PANEL_WIDTH,
    height: LOSS_PANEL_HEIGHT,
    data: { values: sweepLossRows(result, setting) },
    layer: [
      {
        mark: { type: "area", opacity: 0.15 },
        encoding: {
          x,
          y: { field: "q10", type: "quantitative", title: "MSE (log scale)", scale: { type: "log" } },
          y2: { field: "q90" },
          color: conventionColor,
        },
      },
      {
        mark: { type: "line", strokeWidth: 2 },
        encoding: { x, y, color: conventionColor, strokeDash: conventionDash },
      },
    ],
  };
}

/** Tick values of the symlog zero axis: 0 and the powers of ten up to the largest count. */
function zeroTicks(result: SweepResult, setting: SweepSettingResult): number[] {
  const most = Math.max(1, ...sweepZeroRows(result, setting).map((r) => r.zeros as number));
  const ticks = [0];
  for (let t = 1; t <= most; t *= 10) ticks.push(t);
  return ticks;
}

function zeroPanel(result: SweepResult, setting: SweepSettingResult): Record<string, unknown> {
  const x = epochAxis(result, "update");
  const y = {
    field: "zeros",
    type: "quantitative",
    title: "exact zeros per update",
    scale: { type: "symlog" },
    axis: { values: zeroTicks(result, setting), labelExpr: "format(datum.value, ',')" },
  };
  const sum = (v: readonly number[]) => v.reduce((s, x) => s + x, 0);
  const totals = CONVENTIONS.map((c) => {
    const r = setting.conventions[c];
    return `${c}: ${sum(r.zerosAtUpdate0)} + ${sum(r.zerosAfter)}`;
  });
  return {
    title: {
      text: `pre-activations exactly 0, ${result.seeds.length} seeds`,
      subtitle: ["at update 0 + after:", totals.slice(0, 2).join(" · "), totals.slice(2).join(" · ")],
      fontSize: 13,
      subtitleFontSize: 11,
    },
    width: EXPERIMENT_PANEL_WIDTH,
    height: ZERO_PANEL_HEIGHT,
    data: { values: sweepZeroRows(result, setting) },
    layer: [
      {
        mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
        encoding: { x, y, color: conventionColor, strokeDash: conventionDash },
      },
      {
        transform: [{ filter: "datum.zeros > 0 && datum.epoch < " + result.epochs }],
        mark: { type: "point", filled: true, size: 30 },
        encoding: { x, y, color: conventionColor },
      },
    ],
  };
}

/**
 * Rows of the distinct-units panel of one setting: per convention and recorded
 * epoch, the median over seeds of the distinct activation patterns.
 *
 * @param result the sweep
 * @param setting one of its settings (one setting in one precision)
 * @returns the rows, convention-major
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sweepPatternRows } from "./sweep.ts";
 * import { type ConventionRecord, EXACT_ZERO_SETTING, type SweepResult } from "../experiments/sweep.ts";
 * import { summarize } from "../experiments/stats.ts";
 * const record: ConventionRecord = { // seed 1 diverges in its last update
 *   losses: [[4, 2.5, 1], [6, 3.5, null]], patterns: [[7, 5, 4], [7, 6, 6]], zeroRuns: [[[14, 1], [0, 3]], [[14, 4]]],
 *   zerosAtUpdate0: [14, 14], zerosAfter: [0, 42], finalLoss: [1, null], divergedAt: [null, 4],
 *   sameAsConvention0: 0, final: summarize([1, NaN]),
 * };
 * const conventions = { "0": record, "0.5": record, "1": record, random: record };
 * const result: SweepResult = {
 *   epochs: 4, every: 2, sampledEpochs: [0, 2, 4], seeds: [0, 1], engine: "fused", backend: "cpu",
 *   settings: [{ setting: EXACT_ZERO_SETTING, precision: "float32", conventions }],
 * };
 * deepStrictEqual(sweepPatternRows(result, result.settings[0]).filter((r) => r.convention === "0"), [
 *   { convention: "0", epoch: 0, patterns: 7 },
 *   { convention: "0", epoch: 2, patterns: 5.5 },
 *   { convention: "0", epoch: 4, patterns: 5 },
 * ]);
 * ```
 */
export function sweepPatternRows(result: SweepResult, setting: SweepSettingResult): Row[] {
  return CONVENTIONS.flatMap((convention) =>
    result.sampledEpochs.map((epoch, s) => ({
      convention,
      epoch,
      patterns: summarize(setting.conventions[convention].patterns.map((p) => p[s])).median,
    }))
  );
}

function patternPanel(result: SweepResult, setting: SweepSettingResult): Record<string, unknown> {
  const x = epochAxis(result, "update");
  const y = {
    field: "patterns",
    type: "quantitative",
    title: "distinct units (median)",
    scale: { domain: [0, setting.setting.hidden] },
    axis: { tickMinStep: 1 },
  };
  return {
    title: {
      text: "distinct units on the data",
      subtitle: ["activation patterns among the hidden units"],
      fontSize: 13,
      subtitleFontSize: 11,
    },
    width: EXPERIMENT_PANEL_WIDTH,
    height: PATTERN_PANEL_HEIGHT,
    data: { values: sweepPatternRows(result, setting) },
    mark: { type: "line", strokeWidth: 2, interpolate: "step-after" },
    encoding: { x, y, color: conventionColor, strokeDash: conventionDash },
  };
}

/**
 * The sweep figure: per setting and precision (one column each), the loss
 * median over seeds with its 10–90 % band per convention on a log scale, the
 * number of pre-activations that were exactly 0 at each update (summed over
 * seeds), and the median number of distinct units on the data.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { subgradientSweepFigure } from "./sweep.ts";
 * const record = { losses: [[4, 2]], patterns: [[1, 1]], zeroRuns: [[[1, 2] as [number, number]]],
 *   zerosAtUpdate0: [1], zerosAfter: [1], finalLoss: [2], divergedAt: [null],
 *   sameAsConvention0: 1, final: { n: 1, nonFinite: 0, median: 2, q10: 2, q90: 2 } };
 * const setting = { name: "s", title: "s", description: "", points: 2, xMin: -1, xMax: 1, hidden: 1, lr: 0.1,
 *   optimizer: "sgd" as const, hiddenInit: "zero-hidden" as const };
 * const spec = subgradientSweepFigure({ epochs: 2, every: 2, sampledEpochs: [0, 2], seeds: [0], engine: "fused",
 *   backend: "cpu", settings: [{ setting, precision: "float32",
 *     conventions: { "0": record, "0.5": record, "1": record, random: record } }] });
 * ok(JSON.stringify(spec).includes("distinct units on the data"));
 * ```
 */
export function subgradientSweepFigure(result: SweepResult): VegaLiteSpec {
  const columns = result.settings.map((s) => ({
    vconcat: [lossPanel(result, s), zeroPanel(result, s), patternPanel(result, s)],
  }));
  return figure(
    {
      hconcat: columns,
      resolve: { scale: { color: "shared", strokeDash: "shared" } },
    },
    {
      text: "Does relu'(0) matter? Four conventions, same seeds",
      subtitle: [
        `${result.seeds.length} seeds per convention, ${result.epochs} full-batch updates, float32 and float64, ` +
        `engine ${result.engine} on ${result.backend}; band: 10–90 % of seeds, line: median.`,
        "relu'(0) only enters the arithmetic where a pre-activation z = w0·x + b0 is exactly 0.",
      ],
    },
  );
}
