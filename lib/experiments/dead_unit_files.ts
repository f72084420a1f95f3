/**
 * The dead-unit grid's result file: `dead_units.json`'s content and the merge
 * of grids computed in parts (rows in workers, cells the sweep trains).
 *
 * @module
 */
import type { DeadUnitCell, DeadUnitResult } from "./dead_units.ts";

/** What every field of `dead_units.json` means (written into the file). */
export const DEAD_UNIT_JSON_FIELDS: Readonly<Record<string, string>> = {
  dead: "a unit is dead when relu(w0·x + b0) = 0 (z <= 0, z in float32) at every training input",
  "cells[].diverged": "models whose loss became NaN or infinite; they are left out of units and deadAtEnd",
  "cells[].unitsAtInit": "H × models",
  "cells[].deadFractionAtInit": "deadAtInit / unitsAtInit: dead before training, all models",
  "cells[].units": "H × (models - diverged)",
  "cells[].deadFraction": "deadAtEnd / units: dead after the last update (null when every model diverged)",
  "cells[].finalLoss": "median and 10-90 % quantiles of the final MSE of the models that did not diverge",
  "cells[].perSeed": "every seed: dead units at init and at the end, final MSE, first diverged epoch (or null)",
};

/**
 * The content of `dead_units.json`: the grid and a description of every field.
 *
 * @param result the grid
 * @returns the JSON-ready object, with the models and the diverged models counted over all cells
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { DEAD_UNIT_JSON_FIELDS, deadUnitJson } from "./dead_unit_files.ts";
 * import { runDeadUnitGrid } from "./dead_units.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const grid = (lrs: number[]) =>
 *   runDeadUnitGrid(createFusedEngine, {
 *     lrs, hiddens: [7], seeds: [0, 1], epochs: 2, points: 20, xMin: -10, xMax: 10, optimizer: "sgd", gradAtZero: 0,
 *   });
 * const result = await grid([1e-4, 10]);
 * const json = deadUnitJson(result);
 * strictEqual(json.experiment, "dead_units");
 * strictEqual(json.fields, DEAD_UNIT_JSON_FIELDS);
 * strictEqual(json.cells, result.cells);
 * strictEqual(json.models, 4);
 * strictEqual(json.diverged, 2); // both models at lr 10
 * ```
 */
export function deadUnitJson(result: DeadUnitResult): Record<string, unknown> {
  return {
    experiment: "dead_units",
    fields: DEAD_UNIT_JSON_FIELDS,
    engine: result.engine,
    backend: result.backend,
    settings: result.settings,
    diverged: result.cells.reduce((s, c) => s + c.diverged, 0),
    models: result.cells.reduce((s, c) => s + c.models, 0),
    cells: result.cells,
  };
}

/**
 * Joins dead-unit grids that ran on disjoint cells (learning rates, or cells that another run trained) into the
 * grid that one run over all of them gives, rows in the order of `lrs`; every (lr, H) cell must come once.
 *
 * @param parts the grids, at least one, in any order (the first one's settings, engine and backend are kept)
 * @param lrs the learning rates in the order the merged grid lists them
 * @returns the merged grid
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { mergeDeadUnitResults } from "./dead_unit_files.ts";
 * import { runDeadUnitGrid } from "./dead_units.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const grid = (lrs: number[]) =>
 *   runDeadUnitGrid(createFusedEngine, {
 *     lrs, hiddens: [7], seeds: [0, 1], epochs: 2, points: 20, xMin: -10, xMax: 10, optimizer: "sgd", gradAtZero: 0,
 *   });
 * const [slow, fast, both] = [await grid([1e-4]), await grid([10]), await grid([10, 1e-4])];
 * deepStrictEqual(mergeDeadUnitResults([slow, fast], [10, 1e-4]), both);
 * throws(() => mergeDeadUnitResults([slow], [10, 1e-4]), /every \(lr, H\) cell must come once/);
 * ```
 */
export function mergeDeadUnitResults(parts: readonly DeadUnitResult[], lrs: readonly number[]): DeadUnitResult {
  if (parts.length === 0) throw new RangeError("Cannot merge dead-unit grids: give at least one");
  const hiddens = parts[0].settings.hiddens;
  const key = (c: DeadUnitCell) => lrs.indexOf(c.lr) * hiddens.length + hiddens.indexOf(c.hidden);
  const cells = parts.flatMap((p) => p.cells).sort((a, b) => key(a) - key(b));
  if (cells.length !== lrs.length * hiddens.length || cells.some((c, i) => key(c) !== i)) {
    throw new RangeError("Cannot merge dead-unit grids: every (lr, H) cell must come once");
  }
  return { ...parts[0], settings: { ...parts[0].settings, lrs: [...lrs] }, cells };
}
