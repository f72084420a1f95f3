/**
 * The MNIST training experiment as a Vega-Lite spec: for every cell, each seed's test accuracy under each
 * relu'(0) convention (one row of dots per convention), so that seeds whose conventions split stand out.
 *
 * @module
 */
import { CONVENTIONS } from "../experiments/sweep.ts";
import type { MnistTrainingResult } from "../mnist/training_result.ts";
import { figure, type Row, type VegaLiteSpec } from "./spec.ts";
import { PALETTE } from "./theme.ts";

/**
 * One row per (cell, convention, seed) that finished: its test accuracy in percent.
 *
 * @param result the experiment
 * @returns the rows
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { mnistTrainingRows } from "./mnist_training.ts";
 * const run = (accuracy: number | null) => ({ accuracy, epochLoss: [], zeros: 0, reluCalls: 1, firstZero: null, divergedAt: null });
 * const runs = { "0": [run(0.9)], "0.5": [run(0.91)], "1": [run(null)], random: [run(0.9)] };
 * const cells = [{ cell: { optimizer: "sgd" as const, batchNorm: false, precision: "float32" as const },
 *   name: "float32 sgd", splitAt: [0], runs }];
 * deepStrictEqual(mnistTrainingRows({ cells, settings: { seeds: [4] } }).map((r) => [r.convention, r.accuracy, r.seed]), [
 *   ["0", 90, 4], ["0.5", 91, 4], ["random", 90, 4],
 * ]);
 * ```
 */
export function mnistTrainingRows(
  result: Pick<MnistTrainingResult, "cells"> & { settings: Pick<MnistTrainingResult["settings"], "seeds"> },
): Row[] {
  return result.cells.flatMap((cell) =>
    CONVENTIONS.flatMap((convention) =>
      (cell.runs[convention] ?? []).flatMap((run, i) =>
        run.accuracy === null ? [] : [{
          cell: cell.name,
          convention,
          seed: result.settings.seeds[i],
          accuracy: Math.round(1e6 * run.accuracy) / 1e4,
          split: cell.splitAt[i] !== null,
        }]
      )
    )
  );
}

/**
 * The figure: a row of panels per cell, test accuracy (x) per convention (y), one mark per seed; a seed whose
 * conventions split apart is a diamond, one whose conventions shared every update a circle.
 *
 * @param result the experiment
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { mnistTrainingFigure } from "./mnist_training.ts";
 * const spec = mnistTrainingFigure({ cells: [], settings: { seeds: [], epochs: 1, trainSize: 10 } });
 * strictEqual((spec.facet as { row: { field: string } }).row.field, "cell");
 * ```
 */
export function mnistTrainingFigure(
  result: Pick<MnistTrainingResult, "cells"> & {
    settings: Pick<MnistTrainingResult["settings"], "seeds" | "epochs" | "trainSize">;
  },
): VegaLiteSpec {
  const s = result.settings;
  return figure({
    data: { values: mnistTrainingRows(result) },
    facet: { row: { field: "cell", type: "nominal", title: null, sort: result.cells.map((c) => c.name) } },
    spec: {
      width: 560,
      height: 70,
      mark: { type: "point", size: 60, filled: true, opacity: 0.8 },
      encoding: {
        x: { field: "accuracy", type: "quantitative", title: "test accuracy (%)", scale: { zero: false } },
        y: { field: "convention", type: "nominal", title: "relu'(0)", sort: CONVENTIONS },
        color: {
          field: "convention",
          type: "nominal",
          sort: CONVENTIONS,
          scale: { range: PALETTE.slice(0, CONVENTIONS.length) },
          legend: null,
        },
        shape: {
          field: "split",
          type: "nominal",
          title: "conventions split",
          scale: { domain: [false, true], range: ["circle", "diamond"] },
          legend: { orient: "top" },
        },
        tooltip: [{ field: "seed" }, { field: "accuracy" }, { field: "split" }],
      },
    },
    resolve: { scale: { x: "independent" } },
  }, {
    text: "MNIST, 784-256-256-10: test accuracy per seed under each relu'(0)",
    subtitle: `${s.seeds.length} seeds, ${s.epochs} epoch${s.epochs === 1 ? "" : "s"} over ${s.trainSize} training ` +
      "images; diamond: the seed's conventions split apart (an exact zero reached relu), circle: they never did",
  });
}
