/**
 * Cells that both experiments train: a dead-unit cell (lr, H) is a sweep
 * batch (setting, precision, convention) when the two train the same models
 * the same way (the same initial parameters from the same seeds, data,
 * learning rate, optimizer, relu'(0), arithmetic and number of updates). At
 * the defaults that is the dead-unit cell lr 1e-4, H = 7 and the sweep's
 * essay setting with relu'(0) = 0 in float32. `deno task figures` trains such
 * a cell once, in the sweep, and the dead-unit grid reads it from there.
 *
 * @module
 */
import { type Precision, RUN_SETTINGS } from "../model/settings.ts";
import { targetData } from "../model/regressor.ts";
import {
  type DeadUnitCell,
  deadUnitCell,
  type DeadUnitGridOptions,
  deadUnitInit,
  type DeadUnitResult,
  deadUnitResult,
} from "./dead_units.ts";
import {
  type Convention,
  conventionGrad,
  CONVENTIONS,
  type SweepBatch,
  sweepInit,
  type SweepSetting,
} from "./sweep.ts";

/** What decides the batches a sweep trains. */
export interface SweepPlan {
  /** The settings. */
  settings: readonly SweepSetting[];
  /** The precisions. */
  precisions: readonly Precision[];
  /** The seeds. */
  seeds: readonly number[];
  /** Full-batch updates. */
  epochs: number;
}

/** A dead-unit cell that a sweep batch trains alike. */
export interface SharedCell {
  /** The cell's learning rate. */
  lr: number;
  /** The cell's width H. */
  hidden: number;
  /** The sweep setting's name. */
  setting: string;
  /** The arithmetic. */
  precision: Precision;
  /** The convention. */
  convention: Convention;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The cells of `grid` that a batch of `sweep` trains alike, compared on what is trained: the initial parameters of
 * every seed, the data, lr, optimizer, relu'(0), precision and updates.
 *
 * @param sweep the sweep's settings, precisions, seeds and updates
 * @param grid the dead-unit grid's options
 * @returns the shared cells, lr-major
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sharedDeadUnitCells } from "./shared_cells.ts";
 * import { ESSAY_SETTING, SWEEP_SETTINGS } from "./sweep.ts";
 * import { PRECISIONS } from "../model/settings.ts";
 * const sweep = { settings: SWEEP_SETTINGS, precisions: PRECISIONS, seeds: [0, 1], epochs: 9 };
 * const grid = {
 *   lrs: [1e-4, 1e-3], hiddens: [3, 7], seeds: [0, 1], epochs: 9, points: 300, xMin: -10, xMax: 10,
 *   optimizer: "sgd" as const, gradAtZero: 0,
 * };
 * deepStrictEqual(sharedDeadUnitCells(sweep, grid), [
 *   { lr: ESSAY_SETTING.lr, hidden: 7, setting: "essay", precision: "float32", convention: "0" },
 * ]);
 * deepStrictEqual(sharedDeadUnitCells({ ...sweep, epochs: 10 }, grid), []);
 * ```
 */
export function sharedDeadUnitCells(sweep: SweepPlan, grid: DeadUnitGridOptions): SharedCell[] {
  const precision = grid.precision ?? RUN_SETTINGS.precision.default;
  const cells: SharedCell[] = [];
  const gridData = targetData({ points: grid.points, xMin: grid.xMin, xMax: grid.xMax, target: grid.target });
  if (!same(sweep.seeds, grid.seeds) || sweep.epochs !== grid.epochs || !sweep.precisions.includes(precision)) {
    return cells;
  }
  for (const lr of grid.lrs) {
    for (const hidden of grid.hiddens) {
      for (const setting of sweep.settings) {
        const data = targetData({
          points: setting.points,
          xMin: setting.xMin,
          xMax: setting.xMax,
          target: setting.target,
        });
        const alike = setting.lr === lr && setting.hidden === hidden && setting.optimizer === grid.optimizer &&
          same(data, gridData) &&
          grid.seeds.every((seed) => same(sweepInit(setting, seed), deadUnitInit(hidden, seed)));
        const convention = CONVENTIONS.find((c) => conventionGrad(c) === grid.gradAtZero);
        if (alike && convention) cells.push({ lr, hidden, setting: setting.name, precision, convention });
      }
    }
  }
  return cells;
}

/**
 * Collects the dead-unit cells of `grid` that the sweep trains, from its batches as they come
 * (`onBatch`, for {@link SweepBatch}es), as a grid of those cells only (`result`), which
 * {@link mergeDeadUnitResults} joins with the grid that left them out (`skip`).
 *
 * @param sweep the sweep's settings, precisions, seeds and updates
 * @param grid the dead-unit grid's options
 * @returns `onBatch` for the sweep, and `result`, the grid of the cells collected so far
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sweepDeadUnitCells } from "./shared_cells.ts";
 * import { ESSAY_SETTING, runSubgradientSweep } from "./sweep.ts";
 * import { runDeadUnitGrid } from "./dead_units.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const setting = { ...ESSAY_SETTING, points: 20 };
 * const plan = { settings: [setting], precisions: ["float32"] as const, seeds: [0, 1], epochs: 3 };
 * const grid = { lrs: [setting.lr], hiddens: [7], seeds: [0, 1], epochs: 3, points: 20, xMin: -10, xMax: 10,
 *   optimizer: "sgd" as const, gradAtZero: 0 };
 * const shared = sweepDeadUnitCells(plan, grid);
 * await runSubgradientSweep(createFusedEngine, { ...plan, onBatch: shared.onBatch });
 * deepStrictEqual(shared.result(), await runDeadUnitGrid(createFusedEngine, grid));
 * ```
 */
export function sweepDeadUnitCells(
  sweep: SweepPlan,
  grid: DeadUnitGridOptions,
): { onBatch: (batch: SweepBatch) => void; result: () => DeadUnitResult } {
  const shared = sharedDeadUnitCells(sweep, grid);
  const cells: DeadUnitCell[] = [];
  let ran = { engine: "", backend: "cpu" as DeadUnitResult["backend"] };
  const onBatch = (b: SweepBatch) => {
    for (const c of shared) {
      if (c.setting !== b.setting.name || c.precision !== b.precision || c.convention !== b.convention) continue;
      const run = { ...grid, lr: c.lr, hidden: c.hidden, init: b.init, x: b.x, precision: c.precision };
      cells.push(deadUnitCell(run, b.result));
      ran = { engine: b.result.engine, backend: b.result.backend };
    }
  };
  return { onBatch, result: () => deadUnitResult(grid, [...cells], ran) };
}
