/**
 * The ground truth of a training frame's prediction panel: a line through a
 * clean target's points, dots for noisy points or a file's, and rings for
 * the held-out test points, with the colour scale that names them.
 *
 * @module
 */
import type { TrainingRun } from "../model/run.ts";
import { COLORS } from "./theme.ts";
import { PREDICTION_LABEL, TEST_LABEL, truthLabel } from "./training_style.ts";

/**
 * The colour scale of the prediction panel: the ground truth, the prediction and, with a split, the test points.
 *
 * @param run the run
 * @returns the labels and their colours
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { truthScale } from "./training_truth.ts";
 * deepStrictEqual(truthScale({ config: {} }).domain, ["ground truth y = x³", "prediction ŷ"]);
 * ```
 */
export function truthScale(run: Pick<TrainingRun, "test" | "data"> & { config: Partial<TrainingRun["config"]> }): {
  domain: string[];
  range: string[];
} {
  const test = run.test !== undefined;
  return {
    domain: [truthLabel(run), PREDICTION_LABEL, ...(test ? [TEST_LABEL] : [])],
    range: [COLORS.target, COLORS.prediction, ...(test ? [COLORS.relu] : [])],
  };
}

/**
 * The ground truth's layers of the prediction panel: a line through a clean target's points, dots for noisy or a
 * file's points, and rings for the test points.
 *
 * @param run the run
 * @param color the panel's colour encoding
 * @returns one layer, or two with a test split
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { truthLayers } from "./training_truth.ts";
 * const run = { config: { target: "data" as const }, x: [0, 1], y: [1, 2], test: { x: [2], y: [3], losses: [1] } };
 * const layers = truthLayers(run, {}) as { mark: { type: string } }[];
 * strictEqual(layers.map((l) => l.mark.type).join(), "point,point");
 * ```
 */
export function truthLayers(
  run: Pick<TrainingRun, "x" | "y" | "test" | "data"> & { config: Partial<TrainingRun["config"]> },
  color: Record<string, unknown>,
): object[] {
  const scattered = run.config.target === "data" || (run.config.noise ?? 0) > 0;
  const points = (x: readonly number[], y: readonly number[], series: string, filled: boolean) => ({
    data: { values: x.map((v, i) => ({ x: v, y: y[i] })) },
    transform: [{ calculate: JSON.stringify(series), as: "series" }],
    mark: { type: "point" as const, filled, size: 12, opacity: 0.7, aria: false },
    encoding: { color },
  });
  const truth = scattered ? points(run.x, run.y, truthLabel(run), true) : {
    data: { values: run.x.map((x, i) => ({ x, y: run.y[i] })) },
    transform: [{ calculate: JSON.stringify(truthLabel(run)), as: "series" }],
    mark: { type: "line" as const, strokeWidth: 1.5, aria: false },
    encoding: { color },
  };
  return run.test ? [truth, points(run.test.x, run.test.y, TEST_LABEL, false)] : [truth];
}
