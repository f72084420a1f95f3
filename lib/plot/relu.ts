/**
 * The figures of relu itself: the curve, its derivative with the jump at 0,
 * and the fan of subgradients at the kink with their expectation.
 *
 * @module
 */
import { reluPieceBreakpoints } from "../math/breakpoints.ts";
import { checkGradAtZero, expectedSubgradient, GRAD_AT_ZERO_DEFAULT, subgradientFan } from "../math/relu.ts";
import { axis, curveRows, figure, type VegaLiteSpec } from "./spec.ts";
import { COLORS, FIGURE_HEIGHT, FIGURE_WIDTH, LINE_WIDTH } from "./theme.ts";

/** The z range shared by the relu figures. */
export interface ZRange {
  /** Smallest z (default −5). */
  zMin?: number;
  /** Largest z (default 5). */
  zMax?: number;
}

function reluLayer(
  zMin: number,
  zMax: number,
  color: string = COLORS.relu,
): Record<string, unknown> {
  return {
    data: {
      values: curveRows(reluPieceBreakpoints({ w: 1, b: 0 }, zMin, zMax)),
    },
    mark: { type: "line", color, strokeWidth: LINE_WIDTH + 1 },
    encoding: { x: axis("x", "z", [zMin, zMax]), y: axis("y", "relu(z)") },
  };
}

/**
 * relu(z) = max(0, z) on [zMin, zMax], drawn from its three breakpoints.
 *
 * @param range the z range (default [−5, 5])
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { reluFigure } from "./relu.ts";
 * const spec = reluFigure({ zMin: -2, zMax: 4 });
 * strictEqual(spec.$schema, "https://vega.github.io/schema/vega-lite/v6.json");
 * const [layer] = spec.layer as { data: { values: unknown[] } }[];
 * deepStrictEqual(layer.data.values, [{ x: -2, y: 0 }, { x: 0, y: 0 }, { x: 4, y: 4 }]);
 * ```
 */
export function reluFigure(range: ZRange = {}): VegaLiteSpec {
  const { zMin = -5, zMax = 5 } = range;
  return figure(
    {
      width: FIGURE_WIDTH,
      height: FIGURE_HEIGHT,
      layer: [reluLayer(zMin, zMax)],
    },
    {
      text: "ReLU",
      subtitle: "relu(z) = max(0, z): zero for z < 0, the identity for z > 0",
    },
  );
}

/** Options of {@link reluDerivativeFigure}. */
export interface ReluDerivativeFigureOptions extends ZRange {
  /** The value chosen for relu'(0), in [0, 1] (default 0). */
  gradAtZero?: number;
}

/**
 * relu beside its derivative. The derivative is 0 then 1 with a jump at 0:
 * open circles end the two pieces, a filled dot marks the value chosen at 0.
 *
 * @param options the z range (default [−5, 5]) and relu'(0) (default 0; a RangeError outside [0, 1])
 * @returns the spec
 *
 * @example
 * ```ts
 * import { ok, throws } from "node:assert/strict";
 * import { reluDerivativeFigure } from "./relu.ts";
 * ok(JSON.stringify(reluDerivativeFigure({ gradAtZero: 0.5 })).includes("0.5"));
 * throws(() => reluDerivativeFigure({ gradAtZero: 2 }), RangeError);
 * ```
 */
export function reluDerivativeFigure(
  options: ReluDerivativeFigureOptions = {},
): VegaLiteSpec {
  const { zMin = -5, zMax = 5 } = options;
  const gradAtZero = checkGradAtZero(options.gradAtZero ?? GRAD_AT_ZERO_DEFAULT);
  const half = Math.round(FIGURE_WIDTH / 2) - 10;
  const pieces = [
    { piece: "z < 0", x: zMin, y: 0 },
    { piece: "z < 0", x: 0, y: 0 },
    { piece: "z > 0", x: 0, y: 1 },
    { piece: "z > 0", x: zMax, y: 1 },
  ];
  const zAxis = axis("x", "z", [zMin, zMax]);
  const dAxis = axis("y", "relu′(z)", [-0.25, 1.25]);
  const derivative = {
    width: half,
    height: FIGURE_HEIGHT,
    title: { text: "its derivative relu′(z)", fontSize: 15 },
    layer: [
      {
        data: { values: pieces },
        mark: {
          type: "line",
          color: COLORS.derivative,
          strokeWidth: LINE_WIDTH + 1,
        },
        encoding: { x: zAxis, y: dAxis, detail: { field: "piece" } },
      },
      {
        data: { values: [{ x: 0, y: 0 }, { x: 0, y: 1 }] },
        mark: {
          type: "point",
          shape: "circle",
          filled: true,
          fill: "white",
          stroke: COLORS.derivative,
          strokeWidth: 2.5,
          size: 160,
          opacity: 1,
        },
        encoding: { x: zAxis, y: dAxis },
      },
      {
        data: { values: [{ x: 0, y: gradAtZero, label: `relu′(0) := ${gradAtZero}` }] },
        layer: [
          {
            mark: {
              type: "point",
              shape: "circle",
              filled: true,
              color: COLORS.derivative,
              size: 160,
              opacity: 1,
            },
            encoding: { x: zAxis, y: dAxis },
          },
          {
            mark: {
              type: "text",
              align: "left",
              dx: 12,
              dy: gradAtZero > 0.9 ? 14 : -10,
              fontSize: 14,
            },
            encoding: { x: zAxis, y: dAxis, text: { field: "label" } },
          },
        ],
      },
    ],
  };
  return figure(
    {
      hconcat: [
        {
          width: half,
          height: FIGURE_HEIGHT,
          title: { text: "relu(z)", fontSize: 15 },
          layer: [reluLayer(zMin, zMax)],
        },
        derivative,
      ],
    },
    {
      text: "ReLU and its derivative",
      subtitle: [
        "relu′ jumps from 0 to 1 at z = 0, where it is undefined;",
        `here relu′(0) := ${gradAtZero}` +
        (gradAtZero === 0
          ? " (as in TensorFlow and PyTorch)"
          : gradAtZero === 0.5
          ? " (the expected subgradient)"
          : ""),
      ],
    },
  );
}

/** Options of {@link subgradientsFigure}. */
export interface SubgradientsFigureOptions extends ZRange {
  /** How many subgradient lines to draw (default 11: g = 0, 0.1, …, 1). */
  lines?: number;
}

/**
 * relu with the fan of lines g·z through the origin for g in [0, 1] — every
 * one a subgradient at the kink, since it touches relu at 0 and stays below
 * it — and the line of slope E[g] = 0.5, drawn dashed and labelled.
 *
 * @param options the z range (default [−3, 3]) and the number of lines (default 11)
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { subgradientsFigure } from "./relu.ts";
 * const [fan] = subgradientsFigure({ lines: 3 }).layer as { data: { values: unknown[] } }[];
 * strictEqual(fan.data.values.length, 3 * 2);
 * ```
 */
export function subgradientsFigure(
  options: SubgradientsFigureOptions = {},
): VegaLiteSpec {
  const { zMin = -3, zMax = 3, lines = 11 } = options;
  const fan = subgradientFan(lines).flatMap((g) => [
    { g, x: zMin, y: g * zMin },
    { g, x: zMax, y: g * zMax },
  ]);
  const mean = expectedSubgradient();
  const x = axis("x", "z", [zMin, zMax]);
  const y = axis("y", "relu(z) and g·z", [zMin, zMax]);
  return figure(
    {
      width: FIGURE_WIDTH,
      height: FIGURE_HEIGHT,
      layer: [
        {
          data: { values: fan },
          mark: {
            type: "line",
            color: COLORS.subgradient,
            strokeWidth: 1.5,
            opacity: 0.75,
          },
          encoding: { x, y, detail: { field: "g", type: "quantitative" } },
        },
        { ...reluLayer(zMin, zMax), encoding: { x, y } },
        {
          data: {
            values: [{ x: zMin, y: mean * zMin }, { x: zMax, y: mean * zMax }],
          },
          mark: {
            type: "line",
            color: COLORS.expectation,
            strokeWidth: 3,
            strokeDash: [8, 5],
          },
          encoding: { x, y },
        },
        {
          data: {
            values: [
              { x: zMax, y: mean * zMax, label: `E[g] = ${mean}` },
              { x: zMax, y: zMax, label: "g = 1" },
              { x: zMax, y: 0, label: "g = 0" },
            ],
          },
          mark: {
            type: "text",
            align: "right",
            dx: -6,
            dy: -10,
            fontSize: 14,
            fontWeight: "bold",
          },
          encoding: { x, y, text: { field: "label" } },
        },
      ],
    },
    {
      text: "Subgradients of ReLU at z = 0",
      subtitle: [
        `every line g·z with slope g in [0, 1] touches relu at 0 and stays below it (${lines} drawn)`,
        `for g ~ U(0, 1) the expected subgradient is E[g] = ∫₀¹ g dg = ${mean}`,
      ],
    },
  );
}
