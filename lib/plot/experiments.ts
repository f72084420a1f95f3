/**
 * Figures of the relu'(0) experiments as Vega-Lite specs: the sweep of
 * conventions (loss median and 10–90 % band over epochs, and the count of
 * exactly-zero pre-activations per update) and the dead-unit heat maps.
 * Builders take the plain results of `lib/experiments.ts` and compute only
 * summaries for drawing.
 *
 * @module
 */
import { type ConventionRecord, CONVENTIONS, expandRuns, type SweepResult, type SweepSettingResult } from "../experiments/sweep.ts";
import { type DeadUnitCell, type DeadUnitResult } from "../experiments/dead_units.ts";
import { summarize } from "../experiments/stats.ts";
import { figure, type Row, type VegaLiteSpec } from "./spec.ts";
import { COLORS, PALETTE } from "./theme.ts";

/** Width of each panel of the experiment figures in pixels. */
export const EXPERIMENT_PANEL_WIDTH = 400;
/** Height of a loss panel in pixels. */
export const LOSS_PANEL_HEIGHT = 260;
/** Height of an exact-zero panel in pixels. */
export const ZERO_PANEL_HEIGHT = 150;

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
  for (const runs of record.zeroRuns) expandRuns(runs).forEach((v, k) => sum[k] += v);
  const rows: { epoch: number; zeros: number }[] = [];
  for (let k = 0; k < epochs; k++) {
    if (k === 0 || sum[k] !== sum[k - 1]) rows.push({ epoch: k, zeros: sum[k] });
  }
  rows.push({ epoch: epochs, zeros: sum[epochs - 1] });
  return rows;
}

/** Rows of the exact-zero panel of one setting: per convention, the exact zeros per update summed over seeds, where it changes. */
export function sweepZeroRows(result: SweepResult, setting: SweepSettingResult): Row[] {
  return CONVENTIONS.flatMap((convention) =>
    zeroSteps(setting.conventions[convention], result.epochs).map((r) => ({ convention, ...r }))
  );
}

function lossPanel(result: SweepResult, setting: SweepSettingResult): Record<string, unknown> {
  const x = {
    field: "epoch",
    type: "quantitative",
    title: "epoch",
    scale: { domain: [0, result.epochs], nice: false },
  };
  const y = { field: "median", type: "quantitative", title: "MSE (log scale)", scale: { type: "log" } };
  const finals = CONVENTIONS.map((c) => {
    const f = setting.conventions[c].final;
    return `${c}: ${f.median === null ? "all diverged" : f.median.toPrecision(4)}`;
  });
  return {
    title: {
      text: setting.setting.title,
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
  const x = {
    field: "epoch",
    type: "quantitative",
    title: "update",
    scale: { domain: [0, result.epochs], nice: false },
  };
  const y = {
    field: "zeros",
    type: "quantitative",
    title: "exact zeros per update",
    scale: { type: "symlog" },
    axis: { values: zeroTicks(result, setting), labelExpr: "format(datum.value, ',')" },
  };
  const totals = CONVENTIONS.map((c) => `${c}: ${setting.conventions[c].zerosTotal.reduce((s, v) => s + v, 0)}`);
  return {
    title: {
      text: `pre-activations exactly 0, all ${result.seeds.length} seeds together`,
      subtitle: [`in all ${result.epochs} updates:`, totals.join(" · ")],
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
 * The sweep figure: per setting (one column each), the loss median over seeds
 * with its 10–90 % band per convention on a log scale, and under it the number
 * of pre-activations that were exactly 0 at each update (summed over seeds).
 *
 * @example
 * ```ts
 * import { subgradientSweepFigure } from "./experiments.ts";
 * const record = { losses: [[4, 2]], zeroRuns: [[[1, 2] as [number, number]]], zerosTotal: [2], finalLoss: [2], divergedAt: [null],
 *   sameAsConvention0: 1, final: { n: 1, nonFinite: 0, median: 2, q10: 2, q90: 2 } };
 * const setting = { name: "s", title: "s", description: "", points: 2, xMin: -1, xMax: 1, hidden: 1, lr: 0.1,
 *   optimizer: "sgd" as const, hiddenInit: "zero" as const };
 * const spec = subgradientSweepFigure({ epochs: 2, every: 2, sampledEpochs: [0, 2], seeds: [0], engine: "fused",
 *   backend: "cpu", settings: [{ setting, conventions: { "0": record, "0.5": record, "1": record, random: record } }] });
 * console.log(spec.$schema.includes("vega-lite")); // true
 * ```
 */
export function subgradientSweepFigure(result: SweepResult): VegaLiteSpec {
  const columns = result.settings.map((s) => ({
    vconcat: [lossPanel(result, s), zeroPanel(result, s)],
  }));
  return figure(
    {
      hconcat: columns,
      resolve: { scale: { color: "shared", strokeDash: "shared" } },
    },
    {
      text: "Does relu'(0) matter? Four conventions, same seeds",
      subtitle: [
        `${result.seeds.length} seeds per convention, ${result.epochs} full-batch updates, ` +
        `engine ${result.engine} on ${result.backend}; band: 10–90 % of seeds, line: median.`,
        "relu'(0) only enters the arithmetic where a pre-activation z = w0·x + b0 is exactly 0.",
      ],
    },
  );
}

// ---------------------------------------------------------------------------

function lrLabel(lr: number): string {
  const [mantissa, exponent] = lr.toExponential().split("e");
  return `${mantissa}e${exponent.replace("+", "")}`;
}

function percent(v: number | null): string {
  return v === null ? "" : `${(100 * v).toFixed(1)}%`;
}

/** Rows of a dead-unit heat map: one per cell, with its label lines (percentage, counts, diverged models). */
export function deadUnitRows(result: DeadUnitResult, when: "init" | "end"): Row[] {
  return result.cells.map((c: DeadUnitCell) => {
    const fraction = when === "init" ? c.deadFractionAtInit : c.deadFraction;
    const dead = when === "init" ? c.deadAtInit : c.deadAtEnd;
    const units = when === "init" ? c.unitsAtInit : c.units;
    const diverged = when === "end" && c.diverged > 0 ? `${c.diverged}/${c.models} diverged` : "";
    return {
      lr: lrLabel(c.lr),
      lrValue: c.lr,
      hidden: c.hidden,
      fraction,
      percent: fraction === null ? "all" : percent(fraction),
      counts: fraction === null ? "diverged" : `${dead} of ${units} units`,
      note: fraction === null ? "" : diverged,
    };
  });
}

/** Width of a dead-unit heat-map cell in pixels. */
const CELL_WIDTH = 92;
/** Height of a dead-unit heat-map cell in pixels. */
const CELL_HEIGHT = 62;

function heatMap(
  result: DeadUnitResult,
  options: { when: "init" | "end"; title: string; maxFraction: number },
): Record<string, unknown> {
  const lrs = [...result.settings.lrs].sort((a, b) => b - a).map(lrLabel);
  const hiddens = [...result.settings.hiddens].sort((a, b) => a - b);
  const x = {
    field: "hidden",
    type: "ordinal",
    title: "hidden units H",
    sort: hiddens,
    axis: { labelAngle: 0, grid: false },
  };
  const y = { field: "lr", type: "ordinal", title: "learning rate", sort: lrs, axis: { grid: false } };
  const dark = `datum.fraction !== null && datum.fraction > ${options.maxFraction * 0.6}`;
  const textColor = (normal: string) => ({ condition: { test: dark, value: "white" }, value: normal });
  const text = (field: string, dy: number, style: Record<string, unknown>, color: string) => ({
    mark: { type: "text", dy, ...style },
    encoding: { text: { field, type: "nominal" }, color: textColor(color) },
  });
  return {
    title: { text: options.title, fontSize: 14 },
    width: CELL_WIDTH * hiddens.length,
    height: CELL_HEIGHT * lrs.length,
    data: { values: deadUnitRows(result, options.when) },
    encoding: { x, y },
    layer: [
      { mark: { type: "rect", color: "#d9d9d9", stroke: "white" } },
      {
        transform: [{ filter: "datum.fraction !== null" }],
        mark: { type: "rect", stroke: "white" },
        encoding: {
          color: {
            field: "fraction",
            type: "quantitative",
            title: "dead fraction",
            scale: { scheme: "oranges", domain: [0, options.maxFraction] },
            legend: { format: ".0%", orient: "right" },
          },
        },
      },
      text("percent", -12, { fontSize: 14, fontWeight: "bold" }, "black"),
      text("counts", 4, { fontSize: 10 }, "black"),
      text("note", 18, { fontSize: 10, fontWeight: "bold" }, COLORS.subgradient),
    ],
  };
}

/**
 * The dead-unit figure: two heat maps over learning rate × H, the fraction of
 * hidden units that are zero on every training input at initialisation and
 * after training, each cell annotated with the percentage and the counts;
 * diverged models are left out of the fractions and named in the cell.
 *
 * @example
 * ```ts
 * import { deadUnitsFigure } from "./experiments.ts";
 * const spec = deadUnitsFigure({
 *   settings: { lrs: [1e-4], hiddens: [3], seeds: [0], epochs: 1, points: 2, xMin: -1, xMax: 1,
 *     optimizer: "sgd", gradAtZero: 0 },
 *   engine: "fused", backend: "cpu",
 *   cells: [{ lr: 1e-4, hidden: 3, models: 1, diverged: 0, unitsAtInit: 3, deadAtInit: 0, deadFractionAtInit: 0,
 *     units: 3, deadAtEnd: 1, deadFraction: 1 / 3, finalLoss: { n: 1, nonFinite: 0, median: 1, q10: 1, q90: 1 },
 *     perSeed: [] }],
 * });
 * console.log(spec.$schema.includes("vega-lite")); // true
 * ```
 */
export function deadUnitsFigure(result: DeadUnitResult): VegaLiteSpec {
  const fractions = result.cells.flatMap((c) => [c.deadFraction, c.deadFractionAtInit])
    .filter((v): v is number => v !== null);
  // The colour scale runs to the largest fraction seen, rounded up to 10 %.
  const maxFraction = Math.max(0.1, Math.ceil(Math.max(0, ...fractions) * 10) / 10);
  const diverged = result.cells.reduce((s, c) => s + c.diverged, 0);
  const models = result.cells.reduce((s, c) => s + c.models, 0);
  const s = result.settings;
  return figure(
    {
      hconcat: [
        heatMap(result, { when: "init", title: "dead at initialisation", maxFraction }),
        heatMap(result, { when: "end", title: `dead after ${s.epochs} updates`, maxFraction }),
      ],
      resolve: { scale: { color: "shared" } },
    },
    {
      text: "How often do ReLU units die?",
      subtitle: [
        `Dead: relu(w0·x + b0) = 0 at all ${s.points} training inputs on [${s.xMin}, ${s.xMax}].`,
        `${s.seeds.length} seeds per cell (the same seeds in every row), ${s.optimizer.toUpperCase()}, ` +
        `relu'(0) = ${s.gradAtZero}, PyTorch-style init.`,
        `Diverged models (NaN or infinite loss), left out of the fractions: ${diverged} of ${models}.`,
      ],
    },
  );
}
