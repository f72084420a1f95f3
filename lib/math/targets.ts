/**
 * The targets registry: the named functions a network can be trained to
 * learn, each with its formula, its label in the figures and a sensible
 * default input range. `cubic` (y = x³ on [−10, 10]) is the essay's. Adding
 * a target is one entry here (and its test): `--target`, the run file, the
 * experiments and the live page read the list from {@link TARGET_NAMES}.
 *
 * @module
 */

/** One target: y = f(x), how the figures name it and where it is learned when no range is given. */
export interface Target {
  /** The function, in float64 (the data builder rounds its values to float32). */
  readonly formula: (x: number) => number;
  /** The formula as the figures write it, e.g. `y = x³`. */
  readonly label: string;
  /** What it shows, in a few words, for `--help` and the page. */
  readonly description: string;
  /** The smallest input when none is given. */
  readonly xMin: number;
  /** The largest input when none is given. */
  readonly xMax: number;
}

/** A target's name: one key of {@link TARGETS} (the compiler checks that both list the same names). */
export type TargetName = "cubic" | "square" | "abs" | "sin" | "step" | "zigzag";

/**
 * The targets, in the order `--help` and the page list them; `cubic` first,
 * the default.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { TARGETS } from "./targets.ts";
 * strictEqual(TARGETS.cubic.formula(-2), -8);
 * strictEqual(TARGETS.cubic.label, "y = x³");
 * deepStrictEqual([TARGETS.zigzag.formula(1), TARGETS.zigzag.formula(2), TARGETS.zigzag.formula(-2.5)], [1, 0, 0.5]);
 * deepStrictEqual([TARGETS.step.formula(-0.1), TARGETS.step.formula(0)], [0, 1]);
 * ```
 */
export const TARGETS: Readonly<Record<TargetName, Target>> = {
  cubic: {
    formula: (x: number) => x * x * x,
    label: "y = x³",
    description: "the essay's cubic",
    xMin: -10,
    xMax: 10,
  },
  square: {
    formula: (x: number) => x * x,
    label: "y = x²",
    description: "a parabola: convex, no kink",
    xMin: -10,
    xMax: 10,
  },
  abs: {
    formula: (x: number) => Math.abs(x),
    label: "y = |x|",
    description: "one kink at 0: two relu units fit it exactly",
    xMin: -10,
    xMax: 10,
  },
  sin: {
    formula: (x: number) => Math.sin(x),
    label: "y = sin x",
    description: "about three periods on [-10, 10]",
    xMin: -10,
    xMax: 10,
  },
  step: {
    formula: (x: number) => x < 0 ? 0 : 1,
    label: "y = 0 for x < 0, 1 for x ≥ 0",
    description: "a jump at 0, which no continuous network fits",
    xMin: -5,
    xMax: 5,
  },
  zigzag: {
    formula: (x: number) => Math.abs(x - 2 * Math.round(x / 2)),
    label: "y = |x − 2·round(x/2)|",
    description: "a triangle wave with a kink at every integer: 5 inside [-3, 3]",
    xMin: -3,
    xMax: 3,
  },
};

/**
 * The targets' names, in the registry's order.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TARGET_NAMES } from "./targets.ts";
 * strictEqual(TARGET_NAMES.join(" "), "cubic square abs sin step zigzag");
 * ```
 */
export const TARGET_NAMES: readonly TargetName[] = Object.keys(TARGETS) as TargetName[];

/**
 * The target a run learns when none is named: the essay's y = x³.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { DEFAULT_TARGET, TARGETS } from "./targets.ts";
 * strictEqual(TARGETS[DEFAULT_TARGET].label, "y = x³");
 * ```
 */
export const DEFAULT_TARGET: TargetName = "cubic";
