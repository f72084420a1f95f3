/**
 * The 1-H-1 network as a diagram: input x, H ReLU units, the linear output ŷ,
 * a bias unit for each layer, edges labelled with their weights.
 *
 * @module
 */
import { figure, type Row, type VegaLiteSpec } from "./spec.ts";
import { COLORS, FONT, PALETTE } from "./theme.ts";

/** Options of {@link networkFigure}. */
export interface NetworkFigureOptions {
  /** Number of hidden units H (default 7). */
  hidden?: number;
}

/**
 * The largest H the diagram draws with one node per unit.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MAX_DIAGRAM_HIDDEN } from "./network_diagram.ts";
 * strictEqual(MAX_DIAGRAM_HIDDEN, 32);
 * ```
 */
export const MAX_DIAGRAM_HIDDEN = 32;

/**
 * Nodes and edges of the 1-H-1 network, in diagram coordinates (x: layer 0..2, y: 0 top).
 *
 * @param hidden the number of hidden units, an integer in [1, {@link MAX_DIAGRAM_HIDDEN}] (else a RangeError)
 * @returns rows of the nodes (input, bias units, hidden units, output) and of the labelled edges
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
 * import { networkLayout } from "./network_diagram.ts";
 * const { nodes, edges } = networkLayout(2);
 * deepStrictEqual(nodes.map((n) => n.id), ["x", "bias0", "h1", "h2", "bias1", "yhat"]);
 * strictEqual(edges.length, 3 * 2 + 1);
 * throws(() => networkLayout(0), RangeError);
 * ```
 */
export function networkLayout(hidden: number): { nodes: Row[]; edges: Row[] } {
  if (!Number.isInteger(hidden) || hidden < 1 || hidden > MAX_DIAGRAM_HIDDEN) {
    throw new RangeError(
      `Cannot draw a network of ${hidden} hidden units: H must be an integer in [1, ${MAX_DIAGRAM_HIDDEN}]`,
    );
  }
  const rows = hidden + 1; // the hidden units and the bias below them
  const mid = (hidden - 1) / 2;
  const nodes: Row[] = [
    { id: "x", label: "x", kind: "input", x: 0, y: mid },
    { id: "bias0", label: "1", kind: "bias", x: 0, y: rows - 0.2 },
    ...Array.from({ length: hidden }, (_, j) => ({
      id: `h${j + 1}`,
      label: `h${j + 1}`,
      kind: "relu",
      x: 1,
      y: j,
      color: PALETTE[j % PALETTE.length],
    })),
    { id: "bias1", label: "1", kind: "bias", x: 1, y: rows - 0.2 },
    { id: "yhat", label: "ŷ", kind: "output", x: 2, y: mid },
  ];
  const edges: Row[] = [];
  const at = (a: Row, b: Row, t: number) => ({
    lx: (a.x as number) + t * ((b.x as number) - (a.x as number)),
    ly: (a.y as number) + t * ((b.y as number) - (a.y as number)),
  });
  const byId = new Map(nodes.map((n) => [n.id as string, n]));
  const edge = (
    from: string,
    to: string,
    label: string,
    t: number,
    kind: string,
  ) => {
    const a = byId.get(from)!, b = byId.get(to)!;
    const bias = kind === "bias";
    edges.push({
      from,
      to,
      label,
      kind,
      color: bias ? "#bbbbbb" : "#777777",
      dash: bias ? "5,4" : "1,0",
      x: a.x,
      y: a.y,
      x2: b.x,
      y2: b.y,
      ...at(a, b, t),
    });
  };
  for (let j = 0; j < hidden; j++) {
    edge("x", `h${j + 1}`, `w0[${j + 1}]`, 0.72, "weight");
    edge("bias0", `h${j + 1}`, `b0[${j + 1}]`, 0.86, "bias");
    edge(`h${j + 1}`, "yhat", `w1[${j + 1}]`, 0.28, "weight");
  }
  edge("bias1", "yhat", "b1", 0.5, "bias");
  const fill: Record<string, string> = {
    input: "#dceefb",
    relu: "#fde8d7",
    output: "#e3f4ea",
    bias: "#f2f2f2",
  };
  const stroke: Record<string, string> = {
    input: COLORS.relu,
    relu: COLORS.derivative,
    output: "#009E73",
    bias: "#999999",
  };
  for (const n of nodes) {
    n.fill = fill[n.kind as string];
    n.stroke = stroke[n.kind as string];
  }
  return { nodes, edges };
}

/**
 * The 1-H-1 ReLU regressor: x feeds H ReLU units (weights w0, biases b0 from
 * the bias unit "1"), whose outputs are summed with weights w1 plus b1 into ŷ.
 *
 * @param options the number of hidden units (default 7)
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { networkFigure } from "./network_diagram.ts";
 * strictEqual((networkFigure({ hidden: 3 }).title as { text: string }).text, "The 1-3-1 ReLU network");
 * ```
 */
export function networkFigure(
  options: NetworkFigureOptions = {},
): VegaLiteSpec {
  const hidden = options.hidden ?? 7;
  const { nodes, edges } = networkLayout(hidden);
  const height = Math.max(320, 52 * (hidden + 1));
  const x = {
    field: "x",
    type: "quantitative",
    axis: null,
    scale: { domain: [-0.15, 2.15] },
  };
  const y = {
    field: "y",
    type: "quantitative",
    axis: null,
    scale: { domain: [-0.7, hidden + 1.2], reverse: true },
  };
  const lx = { ...x, field: "lx" };
  const ly = { ...y, field: "ly" };
  return figure(
    {
      width: 720,
      height,
      view: { stroke: null },
      layer: [
        {
          data: { values: edges },
          mark: { type: "rule", strokeWidth: 1.4 },
          encoding: {
            x,
            y,
            x2: { field: "x2" },
            y2: { field: "y2" },
            color: { field: "color", type: "nominal", scale: null },
            strokeDash: { field: "dash", type: "nominal", scale: null },
          },
        },
        {
          data: { values: edges },
          mark: {
            type: "text",
            fontSize: 11,
            font: FONT,
            color: "#333333",
            dy: -7,
          },
          encoding: { x: lx, y: ly, text: { field: "label" } },
        },
        {
          data: { values: nodes },
          mark: {
            type: "point",
            shape: "circle",
            filled: true,
            size: 1500,
            strokeWidth: 2,
            opacity: 1,
          },
          encoding: {
            x,
            y,
            fill: { field: "fill", type: "nominal", scale: null },
            stroke: { field: "stroke", type: "nominal", scale: null },
          },
        },
        {
          data: { values: nodes },
          mark: { type: "text", fontSize: 15, fontWeight: "bold", font: FONT },
          encoding: { x, y, text: { field: "label" } },
        },
        {
          data: {
            values: [
              { x: 0, y: -0.55, text: "input" },
              { x: 1, y: -0.55, text: `hidden: ${hidden} ReLU units` },
              { x: 2, y: -0.55, text: "linear output" },
            ],
          },
          mark: {
            type: "text",
            fontSize: 13,
            fontStyle: "italic",
            color: "#555555",
            font: FONT,
          },
          encoding: { x, y, text: { field: "text" } },
        },
      ],
    },
    {
      text: `The 1-${hidden}-1 ReLU network`,
      subtitle: `ŷ = Σⱼ w1[j]·relu(w0[j]·x + b0[j]) + b1; dashed edges come from the bias units "1"`,
    },
  );
}
