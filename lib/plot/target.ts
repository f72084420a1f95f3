/**
 * The curve the network learns, y = x³.
 *
 * @module
 */
import { linspace } from "../math/grid.ts";
import { axis, figure, sampleRows, type VegaLiteSpec } from "./spec.ts";
import { COLORS, FIGURE_HEIGHT, FIGURE_WIDTH, LINE_WIDTH } from "./theme.ts";

/** Options of {@link targetFigure}. */
export interface TargetFigureOptions {
  /** Smallest x (default −10). */
  xMin?: number;
  /** Largest x (default 10). */
  xMax?: number;
  /** Number of training points to mark on the curve (default 300; 0 for none). */
  points?: number;
}

/**
 * y = x³ on [xMin, xMax], sampled finely, with the training points marked.
 *
 * @param options the x range and the number of training points
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { targetFigure } from "./target.ts";
 * strictEqual((targetFigure().layer as unknown[]).length, 2);
 * strictEqual((targetFigure({ points: 0 }).layer as unknown[]).length, 1);
 * ```
 */
export function targetFigure(options: TargetFigureOptions = {}): VegaLiteSpec {
  const { xMin = -10, xMax = 10, points = 300 } = options;
  const cube = (x: number) => x * x * x;
  const x = axis("x", "x", [xMin, xMax]);
  const y = axis("y", "y = x³");
  const layer: Record<string, unknown>[] = [{
    data: { values: sampleRows(cube, linspace(xMin, xMax, 401)) },
    mark: { type: "line", color: COLORS.target, strokeWidth: LINE_WIDTH },
    encoding: { x, y },
  }];
  if (points > 0) {
    layer.push({
      data: { values: sampleRows(cube, linspace(xMin, xMax, points)) },
      mark: {
        type: "point",
        filled: true,
        color: COLORS.relu,
        size: 14,
        opacity: 0.6,
      },
      encoding: { x, y },
    });
  }
  return figure(
    { width: FIGURE_WIDTH, height: FIGURE_HEIGHT, layer },
    {
      text: "The target: y = x³",
      subtitle: points > 0
        ? `the network learns this curve from ${points} evenly spaced points on [${xMin}, ${xMax}] (dots)`
        : `on [${xMin}, ${xMax}]`,
    },
  );
}
