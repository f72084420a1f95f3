/**
 * Sigmoid, tanh and relu beside their derivatives, with the regions where the
 * smooth ones saturate shaded: there the gradient all but vanishes, while
 * relu's stays 1 for every z > 0. The tangent lines at 0 and a third panel,
 * the slope as a share of the slope at 0 on a log scale, show where sigmoid
 * and tanh are nearly linear (near 0) and where they are flat (far out).
 *
 * @module
 */
import { ACTIVATIONS, saturatedIntervals, SATURATING_ACTIVATIONS } from "../math/activations.ts";
import { linspace } from "../math/grid.ts";
import { linearity } from "../math/linearity.ts";
import { axis, curveRows, figure, type Row, sampleRows, type VegaLiteSpec } from "./spec.ts";
import { LINE_WIDTH, PALETTE } from "./theme.ts";

/** Which colour of the palette each activation takes, in the registry's order (sigmoid, tanh, relu keep theirs). */
const COLOR_ORDER = [0, 1, 4, 7, 2, 3, 5, 6];

/** Names in words: `a`, `a and b`, `a, b and c`. */
function words(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

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
      // exact: straight lines between the ends and the kink at 0 (+ 0 turns abs's −0 into 0)
      const xs = [-zMax, 0, zMax];
      values.push(...curveRows({ x: xs, y: xs.map((z) => a.f(z) + 0) }, { name: a.name }));
      const [left, right] = [a.df(-1), a.df(1)];
      derivatives.push(
        { name: a.name, piece: "z < 0", x: -zMax, y: left },
        { name: a.name, piece: "z < 0", x: 0, y: left },
        { name: a.name, piece: "z > 0", x: 0, y: right },
        { name: a.name, piece: "z > 0", x: zMax, y: right },
      );
    } else {
      values.push(...sampleRows(a.f, zs, { name: a.name }));
      derivatives.push(...sampleRows(a.df, zs, { name: a.name, piece: "all" }));
    }
  }
  return { values, derivatives };
}

/**
 * The share of its slope at 0 that each activation keeps, f′(z) / f′(0), on
 * (0, zMax] (the smooth ones are even in f′), and the points where
 * {@link linearity} measures it; relu's share is 1 on all of z > 0 (of its
 * slope just right of 0).
 *
 * @param zMax the right end of the z range
 * @returns rows `{name, x, y}` of the curves and `{name, x, y, label}` of the measured points
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { slopeShareRows } from "./activations.ts";
 * const { points } = slopeShareRows(8);
 * deepStrictEqual(points.filter((p) => p.name === "tanh").map((p) => p.label), ["7.1 %", "0.018 %"]);
 * ```
 */
export function slopeShareRows(zMax: number): { curves: Row[]; points: Row[] } {
  const zs = linspace(0, zMax, 321).slice(1);
  const curves: Row[] = [];
  const points: Row[] = [];
  for (const a of ACTIVATIONS) {
    if (a.piecewiseLinear) {
      curves.push({ name: a.name, x: 0, y: 1 }, { name: a.name, x: zMax, y: 1 });
      continue;
    }
    const slope0 = a.df(0);
    curves.push(...sampleRows((z) => a.df(z) / slope0, zs, { name: a.name }));
    if (!SATURATING_ACTIVATIONS.includes(a)) continue; // its slope does not fall off for z > 0
    for (const s of linearity(a).slopes) {
      points.push({ name: a.name, x: s.z, y: s.ratio, label: `${Number((100 * s.ratio).toPrecision(2))} %` });
    }
  }
  return { curves, points };
}

/**
 * Three panels: the functions with the smooth ones' tangent lines at 0
 * (dashed), their derivatives, and the slope as a share of the slope at 0 on
 * a log scale; the saturation of the smooth ones (|f′(z)| < threshold) shaded
 * in each one's colour. Every activation of the registry appears, at its
 * default parameter.
 *
 * @param options the z range and the saturation threshold
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { activationsFigure } from "./activations.ts";
 * strictEqual((activationsFigure().hconcat as unknown[]).length, 3);
 * ```
 */
export function activationsFigure(
  options: ActivationsFigureOptions = {},
): VegaLiteSpec {
  const { zMax = 8, threshold = 0.01 } = options;
  const { values, derivatives } = activationRows(zMax);
  const smooth = ACTIVATIONS.filter((a) => !a.piecewiseLinear);
  const bands: Row[] = smooth.flatMap((a) =>
    saturatedIntervals(a.df, { zMin: -zMax, zMax, threshold }).map((iv) => ({
      name: a.name,
      x: iv.lo,
      x2: iv.hi,
    }))
  );
  // The tangent lines at 0 on [−1.5, 1.5]: far enough to see tanh leave its line, near enough to stay in view.
  const tangents: Row[] = smooth.flatMap((a) => [-1.5, 1.5].map((x) => ({ name: a.name, x, y: a.f(0) + a.df(0) * x })));
  const share = slopeShareRows(zMax);
  const names = ACTIVATIONS.map((a) => a.name);
  const color = {
    field: "name",
    type: "nominal",
    title: null,
    scale: { domain: names, range: names.map((_, i) => PALETTE[COLOR_ORDER[i % COLOR_ORDER.length]]) },
    legend: { orient: "right", labelLimit: 240 },
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
    width: 300,
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
  // each activation's saturated parts in words: |z| > a where both sides saturate alike, z < a or z > a otherwise
  const sat = smooth.flatMap((a) => {
    const mine = bands.filter((b) => b.name === a.name);
    if (mine.length === 0) return [];
    const [lo, hi] = [(b: Row) => (b.x as number).toFixed(2), (b: Row) => (b.x2 as number).toFixed(2)];
    const symmetric = mine.length === 2 && mine[0].x === -zMax && mine[1].x2 === zMax &&
      hi(mine[0]) === `-${lo(mine[1])}`;
    if (symmetric) return [`${a.name}: |z| > ${lo(mine[1])}`];
    const part = (b: Row) =>
      b.x === -zMax ? `z < ${hi(b)}` : b.x2 === zMax ? `z > ${lo(b)}` : `${lo(b)} < z < ${hi(b)}`;
    return [`${a.name}: ${mine.map(part).join(" and ")}`];
  });
  const saturating = smooth.filter((a) => bands.some((b) => b.name === a.name)).map((a) => a.name);
  const both = SATURATING_ACTIVATIONS.map((a) => a.name);
  const zRight = axis("x", "z", [0, zMax]);
  const ratio = {
    ...axis("y", "f′(z) / f′(0)"),
    scale: { type: "log", domain: [1e-6, 2], nice: false },
    axis: { format: "~%" },
  };
  const slopeShare = {
    width: 300,
    height: 320,
    title: { text: "f′(z) / f′(0), log scale", fontSize: 15 },
    layer: [
      {
        data: { values: share.curves },
        mark: { type: "line", strokeWidth: LINE_WIDTH, clip: true },
        encoding: { x: zRight, y: ratio, color },
      },
      {
        data: { values: share.points },
        layer: [
          { mark: { type: "point", filled: true, size: 80, opacity: 1 }, encoding: { x: zRight, y: ratio, color } },
          {
            mark: { type: "text", align: "left", dx: 7, dy: -9, fontSize: 12 },
            encoding: { x: zRight, y: ratio, color, text: { field: "label" } },
          },
        ],
      },
    ],
  };
  return figure(
    {
      hconcat: [
        panel("f(z), tangent lines at 0 dashed", values, "f(z)", [{
          data: { values: tangents },
          mark: { type: "line", strokeWidth: 2, strokeDash: [6, 3] },
          encoding: { x: z, y: axis("y", "f(z)"), color },
        }]),
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
        slopeShare,
      ],
    },
    {
      text: "The activations and their derivatives",
      subtitle: [
        `piecewise linear: ${ACTIVATIONS.filter((a) => a.piecewiseLinear).map((a) => a.name).join(", ")}; ` +
        `smooth: ${smooth.map((a) => a.name).join(", ")}`,
        `shaded: where ${words(saturating)} saturate (|f′(z)| < ${threshold}), so almost no gradient flows back`,
        `(${sat.join("; ")}); relu′ stays 1 on all of z > 0`,
        `near 0 ${words(both)} follow their tangent lines (nearly linear); far out they are flat, not linear`,
      ],
    },
  );
}
