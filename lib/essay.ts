/**
 * The essay's setting: the defaults of the settings registry
 * (`lib/model/settings.ts`), where each is written once. Every default of the
 * library, the scripts and the experiments reads it from here.
 *
 * @module
 */
import type { TrainingOptions } from "./model/run.ts";
import { runDefaults } from "./model/settings.ts";

/**
 * The essay's training run: H = 7 hidden units, 4000 full-batch SGD updates
 * at lr 1e-4 on 300 evenly spaced points of y = x³ in [−10, 10], seed 0,
 * relu'(0) = 0, a snapshot every 100 updates, PyTorch's initialisation, in
 * float32: every run setting's default in `RUN_SETTINGS`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ESSAY } from "./essay.ts";
 * strictEqual(ESSAY.hidden * ESSAY.points, 2100);
 * strictEqual(ESSAY.precision, "float32");
 * ```
 */
export const ESSAY: Readonly<TrainingOptions> = Object.freeze(runDefaults());

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
