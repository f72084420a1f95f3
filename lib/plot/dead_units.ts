/**
 * The dead-unit grid as a Vega-Lite spec: two heat maps over learning rate ×
 * H, the fraction of hidden units dead at initialisation and after training.
 *
 * @module
 */
import type { DeadUnitCell, DeadUnitResult } from "../experiments/dead_units.ts";
import { figure, type Row, type VegaLiteSpec } from "./spec.ts";
import { COLORS } from "./theme.ts";

/**
 * A learning rate as the figures and tables write it: `1e-4`, `3e-5`.
 *
 * @param lr the learning rate
 * @returns its label
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { lrLabel } from "./dead_units.ts";
 * strictEqual(lrLabel(3e-5), "3e-5");
 * strictEqual(lrLabel(1e-3), "1e-3");
 * ```
 */
export function lrLabel(lr: number): string {
  const [mantissa, exponent] = lr.toExponential().split("e");
  return `${mantissa}e${exponent.replace("+", "")}`;
}

function percent(v: number | null): string {
  return v === null ? "" : `${(100 * v).toFixed(1)}%`;
}

/**
 * Rows of a dead-unit heat map: one per cell, with its label lines (percentage, counts, diverged models).
 *
 * @param result the grid
 * @param when the map of dead units at initialisation or after training
 * @returns one row per cell, in the grid's order
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { deadUnitRows } from "./dead_units.ts";
 * import type { DeadUnitCell, DeadUnitResult } from "../experiments/dead_units.ts";
 * import { summarize } from "../experiments/stats.ts";
 * const cell = (lr: number, diverged: number, deadAtEnd: number): DeadUnitCell => ({
 *   lr, hidden: 3, models: 2, diverged, unitsAtInit: 6, deadAtInit: 1, deadFractionAtInit: 1 / 6,
 *   units: 3 * (2 - diverged), deadAtEnd, deadFraction: diverged === 2 ? null : deadAtEnd / (3 * (2 - diverged)),
 *   finalLoss: summarize([]), perSeed: [],
 * });
 * const result: DeadUnitResult = {
 *   settings: { lrs: [1e-4, 3e-4, 1e-3], hiddens: [3], seeds: [0, 1], epochs: 10, points: 30, xMin: -10, xMax: 10,
 *     optimizer: "sgd", gradAtZero: 0, precision: "float32" },
 *   engine: "fused", backend: "cpu",
 *   cells: [cell(1e-4, 0, 3), cell(3e-4, 1, 1), cell(1e-3, 2, 0)],
 * };
 * deepStrictEqual(deadUnitRows(result, "end").map((r) => [r.lr, r.hidden, r.percent, r.counts, r.note]), [
 *   ["1e-4", 3, "50.0%", "3 of 6 units", ""],
 *   ["3e-4", 3, "33.3%", "1 of 3 units", "1/2 diverged"], // the diverged model's units left out
 *   ["1e-3", 3, "all", "diverged", ""],
 * ]);
 * deepStrictEqual(deadUnitRows(result, "init").map((r) => r.counts), ["1 of 6 units", "1 of 6 units", "1 of 6 units"]);
 * ```
 */
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
 * import { ok } from "node:assert/strict";
 * import { deadUnitsFigure } from "./dead_units.ts";
 * const spec = deadUnitsFigure({
 *   settings: { lrs: [1e-4], hiddens: [3], seeds: [0], epochs: 1, points: 2, xMin: -1, xMax: 1,
 *     optimizer: "sgd", gradAtZero: 0, precision: "float32" },
 *   engine: "fused", backend: "cpu",
 *   cells: [{ lr: 1e-4, hidden: 3, models: 1, diverged: 0, unitsAtInit: 3, deadAtInit: 0, deadFractionAtInit: 0,
 *     units: 3, deadAtEnd: 1, deadFraction: 1 / 3, finalLoss: { n: 1, nonFinite: 0, median: 1, q10: 1, q90: 1 },
 *     perSeed: [] }],
 * });
 * ok(JSON.stringify(spec).includes("dead after 1 updates"));
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
