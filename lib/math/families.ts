/**
 * The families of relu that the essay uses to show what one unit can do:
 * flips, slopes and shifts. Each member is the curve a·relu(w·z + b) + c,
 * described by its four numbers, so it can be drawn exactly from breakpoints.
 *
 * @module
 */
import { type Curve, reluPieceBreakpoints } from "./breakpoints.ts";

/** One member: the curve a·relu(w·z + b) + c and its label. */
export interface ReluMember {
  /** The formula as a label, e.g. `relu(−z)`. */
  label: string;
  /** Inner weight. */
  w: number;
  /** Inner bias. */
  b: number;
  /** Outer scale. */
  a: number;
  /** Outer offset. */
  c: number;
}

/**
 * The parameter values of the slope and shift families: 0.5, 1.0, …, 3.0.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { FAMILY_VALUES } from "./families.ts";
 * deepStrictEqual(FAMILY_VALUES, [0.5, 1, 1.5, 2, 2.5, 3]);
 * ```
 */
export const FAMILY_VALUES: readonly number[] = [0.5, 1, 1.5, 2, 2.5, 3];

function fmt(v: number): string {
  return v.toFixed(1);
}

/**
 * relu(z), relu(−z), −relu(z), −relu(−z): the four orientations of the kink.
 *
 * @returns the four members
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { flipFamily } from "./families.ts";
 * deepStrictEqual(flipFamily().map((m) => m.label), ["relu(z)", "relu(−z)", "−relu(z)", "−relu(−z)"]);
 * ```
 */
export function flipFamily(): ReluMember[] {
  return [
    { label: "relu(z)", w: 1, b: 0, a: 1, c: 0 },
    { label: "relu(−z)", w: -1, b: 0, a: 1, c: 0 },
    { label: "−relu(z)", w: 1, b: 0, a: -1, c: 0 },
    { label: "−relu(−z)", w: -1, b: 0, a: -1, c: 0 },
  ];
}

/**
 * relu(w·z) for w = 0.5, 1.0, …, 3.0: the weight sets the slope.
 *
 * @param values the weights (default {@link FAMILY_VALUES})
 * @returns one member per weight
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { slopeFamily } from "./families.ts";
 * deepStrictEqual(slopeFamily([2]), [{ label: "relu(2.0·z)", w: 2, b: 0, a: 1, c: 0 }]);
 * ```
 */
export function slopeFamily(
  values: readonly number[] = FAMILY_VALUES,
): ReluMember[] {
  return values.map((w) => ({
    label: `relu(${fmt(w)}·z)`,
    w,
    b: 0,
    a: 1,
    c: 0,
  }));
}

/**
 * relu(z + b) for b = 0.5, …, 3.0: the bias moves the kink to z = −b.
 *
 * @param values the biases (default {@link FAMILY_VALUES})
 * @returns one member per bias
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { horizontalShiftFamily } from "./families.ts";
 * deepStrictEqual(horizontalShiftFamily([1]), [{ label: "relu(z + 1.0)", w: 1, b: 1, a: 1, c: 0 }]);
 * ```
 */
export function horizontalShiftFamily(
  values: readonly number[] = FAMILY_VALUES,
): ReluMember[] {
  return values.map((b) => ({
    label: `relu(z + ${fmt(b)})`,
    w: 1,
    b,
    a: 1,
    c: 0,
  }));
}

/**
 * relu(z) + b for b = 0.5, …, 3.0: an offset lifts the whole curve.
 *
 * @param values the offsets (default {@link FAMILY_VALUES})
 * @returns one member per offset
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { verticalShiftFamily } from "./families.ts";
 * deepStrictEqual(verticalShiftFamily([0.5]), [{ label: "relu(z) + 0.5", w: 1, b: 0, a: 1, c: 0.5 }]);
 * ```
 */
export function verticalShiftFamily(
  values: readonly number[] = FAMILY_VALUES,
): ReluMember[] {
  return values.map((c) => ({
    label: `relu(z) + ${fmt(c)}`,
    w: 1,
    b: 0,
    a: 1,
    c,
  }));
}

/**
 * The value of a member at z.
 *
 * @param member the curve a·relu(w·z + b) + c
 * @param z the input
 * @returns a·relu(w·z + b) + c
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { evaluateMember } from "./families.ts";
 * strictEqual(evaluateMember({ label: "", w: 2, b: 1, a: -1, c: 3 }, 1), 0);
 * ```
 */
export function evaluateMember(member: ReluMember, z: number): number {
  return member.a * Math.max(0, member.w * z + member.b) + member.c;
}

/**
 * The exact curve of a member on [zMin, zMax] (its ends and its kink).
 *
 * @param member the curve a·relu(w·z + b) + c
 * @param zMin the left end
 * @param zMax the right end
 * @returns the points to join by straight lines
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { flipFamily, memberCurve } from "./families.ts";
 * deepStrictEqual(memberCurve(flipFamily()[1], -2, 2), { x: [-2, 0, 2], y: [2, 0, 0] });
 * ```
 */
export function memberCurve(
  member: ReluMember,
  zMin: number,
  zMax: number,
): Curve {
  return reluPieceBreakpoints(member, zMin, zMax);
}
