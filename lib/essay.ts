/**
 * The essay's setting, defined once: every default of the library, the
 * scripts and the experiments reads it from here.
 *
 * @module
 */
import type { TrainingOptions } from "./model/run.ts";

/**
 * The essay's training run: H = 7 hidden units, 4000 full-batch SGD updates
 * at lr 1e-4 on 300 evenly spaced points of y = x³ in [−10, 10], seed 0,
 * relu'(0) = 0, a snapshot every 100 updates.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ESSAY } from "./essay.ts";
 * strictEqual(ESSAY.hidden * ESSAY.points, 2100);
 * ```
 */
export const ESSAY: Readonly<TrainingOptions> = Object.freeze({
  hidden: 7,
  epochs: 4000,
  lr: 1e-4,
  optimizer: "sgd",
  seed: 0,
  every: 100,
  points: 300,
  xMin: -10,
  xMax: 10,
  gradAtZero: 0,
  init: "pytorch",
  precision: "float32",
});

/**
 * The snapshot interval when none is given: the essay's 100, or `epochs`
 * itself for a shorter run (one snapshot at the start and one at the end).
 *
 * @param epochs the number of updates
 * @returns the interval
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { defaultEvery } from "./essay.ts";
 * strictEqual(defaultEvery(4000), 100);
 * strictEqual(defaultEvery(30), 30);
 * ```
 */
export function defaultEvery(epochs: number): number {
  return Math.min(ESSAY.every, epochs);
}
