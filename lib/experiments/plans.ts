/**
 * The experiments as the commands run them: seeds 0..N−1, and the dead-unit
 * grid on the essay's data with SGD over every width of {@link DEAD_UNIT_GRID}.
 *
 * @module
 */
import { ESSAY } from "../essay.ts";
import type { GradAtZero, Precision } from "../model/settings.ts";
import { DEAD_UNIT_GRID, type DeadUnitGridOptions } from "./dead_units.ts";
import { DEFAULT_TARGET, type TargetName, TARGETS } from "../math/targets.ts";

/**
 * The seeds 0..n−1.
 *
 * @param n how many
 * @returns the seeds
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { seedList } from "./plans.ts";
 * deepStrictEqual(seedList(3), [0, 1, 2]);
 * ```
 */
export function seedList(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * The dead-unit grid that `deno task dead_units` runs: rows `lrs`, every width H, the essay's data and SGD.
 *
 * @param o the rows, the number of seeds, the updates, relu'(0) and the arithmetic
 * @returns the options of `runDeadUnitGrid`, without a progress callback
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { essayDeadUnitGrid } from "./plans.ts";
 * const grid = essayDeadUnitGrid({ lrs: [1e-4], seeds: 2, epochs: 9, gradAtZero: 0, precision: "float32" });
 * deepStrictEqual([grid.hiddens, grid.seeds, grid.points, grid.xMin, grid.optimizer], [[3, 7, 15, 31], [0, 1], 300, -10, "sgd"]);
 * ```
 */
export function essayDeadUnitGrid(
  o: { lrs: readonly number[]; seeds: number; epochs: number; gradAtZero: GradAtZero; precision: Precision },
): DeadUnitGridOptions {
  return {
    lrs: o.lrs,
    hiddens: DEAD_UNIT_GRID.hiddens,
    seeds: seedList(o.seeds),
    epochs: o.epochs,
    points: ESSAY.points,
    xMin: ESSAY.xMin,
    xMax: ESSAY.xMax,
    optimizer: "sgd",
    gradAtZero: o.gradAtZero,
    precision: o.precision,
  };
}

/**
 * A sweep setting or a dead-unit grid on another target of the registry, over the target's own x range (and,
 * for a sweep setting, its description saying so); on the essay's y = x³ it is returned as it is.
 *
 * @param s the setting or grid (on y = x³)
 * @param target the target
 * @returns the setting or grid on the target
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { onTarget } from "./plans.ts";
 * import { ESSAY_SETTING } from "./sweep.ts";
 * strictEqual(onTarget(ESSAY_SETTING, "cubic"), ESSAY_SETTING);
 * const zigzag = onTarget(ESSAY_SETTING, "zigzag");
 * deepStrictEqual([zigzag.target, zigzag.xMin, zigzag.xMax, zigzag.points], ["zigzag", -3, 3, ESSAY_SETTING.points]);
 * ```
 */
export function onTarget<S extends { xMin: number; xMax: number; target?: string; description?: string }>(
  s: S,
  target: TargetName,
): S {
  if (target === DEFAULT_TARGET) return s;
  const { xMin, xMax, label } = TARGETS[target];
  const described = s.description === undefined
    ? {}
    : { description: `${s.description}; here on the target ${label} over [${xMin}, ${xMax}]` };
  return { ...s, target, xMin, xMax, ...described };
}
