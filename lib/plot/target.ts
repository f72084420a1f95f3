/**
 * The curve the network learns: a target of the registry, y = x³ by default.
 *
 * @module
 */
import { linspace } from "../math/grid.ts";
import { DEFAULT_TARGET, TARGET_NAMES, type TargetName, TARGETS } from "../math/targets.ts";
import { axis, figure, sampleRows, type VegaLiteSpec } from "./spec.ts";
import { COLORS, FIGURE_HEIGHT, FIGURE_WIDTH, LINE_WIDTH } from "./theme.ts";

/** Options of {@link targetFigure}. */
export interface TargetFigureOptions {
  /** The target, a name of `TARGET_NAMES` (default `cubic`, y = x³); a RangeError for any other. */
  target?: string;
  /** Smallest x (default the target's, −10 for cubic). */
  xMin?: number;
  /** Largest x (default the target's, 10 for cubic). */
  xMax?: number;
  /** Number of training points to mark on the curve (default 300; 0 for none). */
  points?: number;
}

/**
 * The target (y = x³ by default) on [xMin, xMax], sampled finely, with the training points marked.
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
 * strictEqual((targetFigure({ target: "sin" }).title as { text: string }).text, "The target: y = sin x");
 * ```
 */
export function targetFigure(options: TargetFigureOptions = {}): VegaLiteSpec {
  const name = options.target ?? DEFAULT_TARGET;
  if (!(TARGET_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`Cannot draw the target: target must be one of ${TARGET_NAMES.join(", ")}, got ${name}`);
  }
  const target = TARGETS[name as TargetName];
  const { xMin = target.xMin, xMax = target.xMax, points = 300 } = options;
  const f = target.formula;
  const x = axis("x", "x", [xMin, xMax]);
  const y = axis("y", target.label);
  const layer: Record<string, unknown>[] = [{
    data: { values: sampleRows(f, linspace(xMin, xMax, 401)) },
    mark: { type: "line", color: COLORS.target, strokeWidth: LINE_WIDTH },
    encoding: { x, y },
  }];
  if (points > 0) {
    layer.push({
      data: { values: sampleRows(f, linspace(xMin, xMax, points)) },
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
      text: `The target: ${target.label}`,
      subtitle: points > 0
        ? `the network learns this curve from ${points} evenly spaced points on [${xMin}, ${xMax}] (dots)`
        : `on [${xMin}, ${xMax}]`,
    },
  );
}
