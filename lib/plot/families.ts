/**
 * Panel grids of relu families (flip, slope, shifts): one panel per member,
 * each titled with its formula, on shared axes so the panels compare.
 *
 * @module
 */
import {
  flipFamily,
  horizontalShiftFamily,
  memberCurve,
  type ReluMember,
  slopeFamily,
  verticalShiftFamily,
} from "../math/families.ts";
import { axis, curveRows, figure, type FigureTitle, type VegaLiteSpec } from "./spec.ts";
import { COLORS, LINE_WIDTH } from "./theme.ts";

/** Options of {@link familyGrid}. */
export interface FamilyGridOptions {
  /** Panels per row. */
  columns: number;
  /** The z range (default [−5, 5]). */
  zRange?: readonly [number, number];
  /** A fixed y range shared by every panel (default: fitted to the data). */
  yRange?: readonly [number, number];
  /** Width of one panel in pixels (default 300). */
  panelWidth?: number;
  /** Height of one panel in pixels (default 190). */
  panelHeight?: number;
  /** Title and subtitle. */
  title: FigureTitle;
}

/**
 * A grid of panels, one per member, each drawn exactly from its breakpoints
 * and titled with its formula. The general factory behind the flip, slope
 * and shift figures.
 *
 * @param members the curves, one panel each, in order
 * @param options the layout, the ranges and the title
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { slopeFamily } from "../math/families.ts";
 * import { familyGrid } from "./families.ts";
 * const spec = familyGrid(slopeFamily([1, 2]), { columns: 2, title: { text: "Slopes" } });
 * deepStrictEqual((spec.facet as { sort: string[] }).sort, ["relu(1.0·z)", "relu(2.0·z)"]);
 * ```
 */
export function familyGrid(
  members: readonly ReluMember[],
  options: FamilyGridOptions,
): VegaLiteSpec {
  const [zMin, zMax] = options.zRange ?? [-5, 5];
  const rows = members.flatMap((m) => curveRows(memberCurve(m, zMin, zMax), { panel: m.label }));
  return figure(
    {
      data: { values: rows },
      columns: options.columns,
      facet: {
        field: "panel",
        type: "nominal",
        sort: members.map((m) => m.label),
        header: {
          title: null,
          labelFontSize: 15,
          labelFontWeight: "bold",
          labelPadding: 6,
        },
      },
      spec: {
        width: options.panelWidth ?? 300,
        height: options.panelHeight ?? 190,
        mark: { type: "line", color: COLORS.relu, strokeWidth: LINE_WIDTH },
        encoding: {
          x: axis("x", "z", [zMin, zMax]),
          y: axis("y", "value", options.yRange),
        },
      },
    },
    options.title,
  );
}

/**
 * relu(z), relu(−z), −relu(z) and −relu(−z) in a 2×2 grid.
 *
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { flipFigure } from "./families.ts";
 * const spec = flipFigure();
 * deepStrictEqual([(spec.title as { text: string }).text, spec.columns], ["Flipping ReLU", 2]);
 * ```
 */
export function flipFigure(): VegaLiteSpec {
  return familyGrid(flipFamily(), {
    columns: 2,
    yRange: [-5, 5],
    panelWidth: 360,
    title: {
      text: "Flipping ReLU",
      subtitle: "a minus sign inside flips it left–right, outside flips it upside down",
    },
  });
}

/**
 * relu(w·z) for w = 0.5, …, 3.0 in a 2×3 grid.
 *
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { slopeFigure } from "./families.ts";
 * const spec = slopeFigure();
 * deepStrictEqual([(spec.title as { text: string }).text, spec.columns], ["Changing the slope: relu(w·z)", 3]);
 * ```
 */
export function slopeFigure(): VegaLiteSpec {
  return familyGrid(slopeFamily(), {
    columns: 3,
    yRange: [0, 15],
    title: {
      text: "Changing the slope: relu(w·z)",
      subtitle: "the weight w sets the slope of the rising part",
    },
  });
}

/**
 * relu(z + b) for b = 0.5, …, 3.0 in a 2×3 grid.
 *
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { horizontalShiftFigure } from "./families.ts";
 * const spec = horizontalShiftFigure();
 * deepStrictEqual([(spec.title as { text: string }).text, spec.columns], ["Shifting horizontally: relu(z + b)", 3]);
 * ```
 */
export function horizontalShiftFigure(): VegaLiteSpec {
  return familyGrid(horizontalShiftFamily(), {
    columns: 3,
    yRange: [0, 8],
    title: {
      text: "Shifting horizontally: relu(z + b)",
      subtitle: "the bias b moves the kink to z = −b",
    },
  });
}

/**
 * relu(z) + b for b = 0.5, …, 3.0 in a 2×3 grid.
 *
 * @returns the spec
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { verticalShiftFigure } from "./families.ts";
 * const spec = verticalShiftFigure();
 * deepStrictEqual([(spec.title as { text: string }).text, spec.columns], ["Shifting vertically: relu(z) + b", 3]);
 * ```
 */
export function verticalShiftFigure(): VegaLiteSpec {
  return familyGrid(verticalShiftFamily(), {
    columns: 3,
    yRange: [0, 8],
    title: {
      text: "Shifting vertically: relu(z) + b",
      subtitle: "an offset added after relu lifts the whole curve",
    },
  });
}
