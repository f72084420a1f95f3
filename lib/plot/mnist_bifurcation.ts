/**
 * The MNIST bifurcation experiment as a Vega-Lite spec: per panel (depth at
 * width 256, width at depth 3) and precision, our share of initialisations
 * in the bifurcation zone with its Clopper–Pearson 95 % interval, beside the
 * paper's share.
 *
 * @module
 */
import { type BifurcationSummary, MNIST_PRECISIONS } from "../mnist/mod.ts";
import { figure, type Row, type VegaLiteSpec } from "./spec.ts";
import { PALETTE } from "./theme.ts";

/** The panels' titles. */
const PANEL_TITLE = { depth: "by depth (width 256)", width: "by width (depth 3)" } as const;

/**
 * The figure's rows: one per summary row for ours (share, lo, hi) and one
 * for the paper's share where it computed one.
 *
 * @param rows the summary of the experiment
 * @returns the plotted rows
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { bifurcationRows } from "./mnist_bifurcation.ts";
 * import { summarizeBifurcation } from "../mnist/mod.ts";
 * const cell = { depth: 1, width: 256, precision: "float32" as const, bifurcated: [0, 1], firstBatch: [-1, 9],
 *   zeros: [0, 1], reluCalls: [10, 5], seconds: 1 };
 * const rows = bifurcationRows(summarizeBifurcation({ cells: [cell] }));
 * deepStrictEqual(rows.map((r) => [r.source, r.architecture, r.share]), [["ours", "1", 0.5], ["paper", "1", 0.054]]);
 * ```
 */
export function bifurcationRows(rows: readonly BifurcationSummary[]): Row[] {
  return rows.flatMap((r) => {
    const common = {
      panel: PANEL_TITLE[r.panel],
      architecture: String(r.panel === "depth" ? r.depth : r.width),
      precision: r.precision,
    };
    const ours = { ...common, source: "ours", share: r.ours.share, lo: r.ours.lo, hi: r.ours.hi, n: r.ours.n };
    const paper = r.paper.count === null
      ? []
      : [{ ...common, source: "paper", share: r.paper.count / r.paper.trials, lo: null, hi: null, n: r.paper.trials }];
    return [ours, ...paper];
  });
}

/**
 * The bifurcation figure: a grid of panels, the paper's two panels (by depth
 * at width 256, by width at depth 3) across and the precisions down; in each,
 * a dot with its 95 % interval bar for ours and a cross for the paper's share.
 *
 * @param rows the summary of the experiment
 * @param options `subtitle`: lines under the title
 * @returns the spec
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { mnistBifurcationFigure } from "./mnist_bifurcation.ts";
 * const spec = mnistBifurcationFigure([], { subtitle: ["none"] });
 * ok(JSON.stringify(spec).includes("in the zone"));
 * ```
 */
export function mnistBifurcationFigure(
  rows: readonly BifurcationSummary[],
  options: { subtitle: string[] },
): VegaLiteSpec {
  const color = {
    field: "precision",
    type: "nominal",
    scale: { domain: [...MNIST_PRECISIONS], range: PALETTE.slice(0, 3) },
    legend: null,
  };
  const x = { field: "architecture", type: "ordinal", title: null, axis: { labelAngle: 0 }, sort: null };
  const y = {
    field: "share",
    type: "quantitative",
    title: "in the zone",
    scale: { domain: [0, 1] },
    axis: { format: ".0%", tickCount: 3 },
  };
  const ours = { filter: "datum.source === 'ours'" };
  return figure({
    data: { values: bifurcationRows(rows) },
    facet: {
      column: { field: "panel", type: "nominal", title: null, sort: Object.values(PANEL_TITLE) },
      row: { field: "precision", type: "nominal", title: null, sort: [...MNIST_PRECISIONS] },
    },
    resolve: { scale: { x: "independent" } },
    spec: {
      width: 260,
      height: 120,
      encoding: { x },
      layer: [
        {
          transform: [ours],
          mark: { type: "rule", strokeWidth: 2 },
          encoding: { y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
        },
        {
          transform: [ours],
          mark: { type: "point", filled: true, size: 70, opacity: 1 },
          encoding: { y, color },
        },
        {
          transform: [{ filter: "datum.source === 'paper'" }],
          mark: { type: "point", shape: "cross", size: 110, color: "black", filled: true, opacity: 0.8 },
          encoding: { y },
        },
      ],
    },
  }, {
    text: "relu′(0) = 0 against 1 on MNIST: initialisations whose first-layer gradient differs in one pass",
    subtitle: options.subtitle,
  });
}
