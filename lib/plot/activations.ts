/**
 * Sigmoid, tanh and relu beside their derivatives, with the regions where the
 * smooth ones saturate shaded: there the gradient all but vanishes, while
 * relu's stays 1 for every z > 0.
 *
 * @module
 */
import { ACTIVATIONS, saturatedIntervals } from "../math/activations.ts";
import { linspace } from "../math/grid.ts";
import { reluPieceBreakpoints } from "../math/breakpoints.ts";
import { axis, curveRows, figure, type Row, sampleRows, type VegaLiteSpec } from "./spec.ts";
import { LINE_WIDTH, PALETTE } from "./theme.ts";

/** Options of {@link activationsFigure}. */
export interface ActivationsFigureOptions {
  /** Half-width of the z range (default 8: z in [−8, 8]). */
  zMax?: number;
  /** |f′| below this counts as saturated (default 0.01). */
  threshold?: number;
}

/**
 * The function and derivative rows of the three activations on [−zMax, zMax].
 *
 * @param zMax the half-width of the z range
 * @returns rows `{name, x, y}` of the functions and `{name, piece, x, y}` of the derivatives
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { activationRows } from "./activations.ts";
 * const { values } = activationRows(8);
 * deepStrictEqual(values.filter((r) => r.name === "relu"), [
 *   { name: "relu", x: -8, y: 0 },
 *   { name: "relu", x: 0, y: 0 },
 *   { name: "relu", x: 8, y: 8 },
 * ]);
 * ```
 */
export function activationRows(
  zMax: number,
): { values: Row[]; derivatives: Row[] } {
  const zs = linspace(-zMax, zMax, 321);
  const values: Row[] = [];
  const derivatives: Row[] = [];
  for (const a of ACTIVATIONS) {
    if (a.piecewiseLinear) {
      values.push(
        ...curveRows(reluPieceBreakpoints({ w: 1, b: 0 }, -zMax, zMax), {
          name: a.name,
        }),
      );
      derivatives.push(
        { name: a.name, piece: "z < 0", x: -zMax, y: 0 },
        { name: a.name, piece: "z < 0", x: 0, y: 0 },
        { name: a.name, piece: "z > 0", x: 0, y: 1 },
        { name: a.name, piece: "z > 0", x: zMax, y: 1 },
      );
    } else {
      values.push(...sampleRows(a.f, zs, { name: a.name }));
      derivatives.push(...sampleRows(a.df, zs, { name: a.name, piece: "all" }));
    }
  }
  return { values, derivatives };
}

/**
 * Two panels: the functions and their derivatives, sigmoid/tanh saturation
 * (|f′(z)| < threshold) shaded in each one's colour.
 *
 * @param options the z range and the saturation threshold
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { activationsFigure } from "./activations.ts";
 * strictEqual((activationsFigure().hconcat as unknown[]).length, 2);
 * ```
 */
export function activationsFigure(
  options: ActivationsFigureOptions = {},
): VegaLiteSpec {
  const { zMax = 8, threshold = 0.01 } = options;
  const { values, derivatives } = activationRows(zMax);
  const bands: Row[] = ACTIVATIONS.filter((a) => !a.piecewiseLinear).flatMap((
    a,
  ) =>
    saturatedIntervals(a.df, { zMin: -zMax, zMax, threshold }).map((iv) => ({
      name: a.name,
      x: iv.lo,
      x2: iv.hi,
    }))
  );
  const names = ACTIVATIONS.map((a) => a.name);
  const color = {
    field: "name",
    type: "nominal",
    title: null,
    scale: { domain: names, range: [PALETTE[2], PALETTE[3], PALETTE[0]] },
  };
  const z = axis("x", "z", [-zMax, zMax]);
  const band = () => ({
    data: { values: bands },
    mark: { type: "rect", opacity: 0.12 },
    encoding: { x: z, x2: { field: "x2" }, color },
  });
  const panel = (
    title: string,
    rows: Row[],
    yTitle: string,
    extra: Record<string, unknown>[] = [],
  ) => ({
    width: 360,
    height: 320,
    title: { text: title, fontSize: 15 },
    layer: [
      band(),
      {
        data: { values: rows },
        mark: { type: "line", strokeWidth: LINE_WIDTH },
        encoding: {
          x: z,
          y: axis("y", yTitle),
          color,
          detail: { field: "piece" },
        },
      },
      ...extra,
    ],
  });
  const sat = bands.map((b) =>
    `${b.name}: |z| > ${Math.min(Math.abs(b.x as number), Math.abs(b.x2 as number)).toFixed(2)}`
  )
    .filter((s, i, all) => all.indexOf(s) === i);
  return figure(
    {
      hconcat: [
        panel("f(z)", values, "f(z)"),
        panel("f′(z)", derivatives, "f′(z)", [{
          data: {
            values: [{
              x: zMax / 2,
              y: 1,
              text: "relu′(z) = 1 for every z > 0",
            }],
          },
          mark: { type: "text", dy: -12, fontSize: 13, color: PALETTE[0] },
          encoding: { x: z, y: axis("y", "f′(z)"), text: { field: "text" } },
        }]),
      ],
    },
    {
      text: "Sigmoid, tanh and ReLU and their derivatives",
      subtitle: [
        `shaded: where sigmoid and tanh saturate (|f′(z)| < ${threshold}), so almost no gradient flows back`,
        `(${sat.join("; ")}); relu′ stays 1 on all of z > 0`,
      ],
    },
  );
}
