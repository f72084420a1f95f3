/**
 * The dead-unit grid: how many hidden units are dead (zero on every training
 * input) at initialisation and after training, over learning rates × widths,
 * with diverging models counted apart.
 *
 * @module
 */
import type { EngineFactory } from "../engine/contract.ts";
import { float32Number } from "../math/float32.ts";
import { roundSpread, storedNumber } from "./records.ts";
import { deadUnits } from "../model/dead_units.ts";
import { createRegressor, targetData } from "../model/regressor.ts";
import type { BackendName, GradAtZero, OptimizerName, Precision, RegressorParams } from "../model/run.ts";
import { RUN_SETTINGS } from "../model/settings.ts";
import { trainBatch } from "../train/batch.ts";
import { divergenceEpoch } from "../train/trainer.ts";
import { type Spread, summarize } from "./stats.ts";

/** The grid: learning rates (rows) × widths (columns). */
export const DEAD_UNIT_GRID: { readonly lrs: readonly number[]; readonly hiddens: readonly number[] } = {
  lrs: [1e-5, 3e-5, 1e-4, 3e-4, 1e-3],
  hiddens: [3, 7, 15, 31],
};

/**
 * How a model of the grid starts: PyTorch-style, from its seed.
 *
 * @param hidden the cell's width H
 * @param seed the model's seed
 * @returns the initial parameters
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { deadUnitInit } from "./dead_units.ts";
 * import { createRegressor } from "../model/regressor.ts";
 * deepStrictEqual(deadUnitInit(7, 3), createRegressor({ hidden: 7, seed: 3, init: "pytorch" }));
 * ```
 */
export function deadUnitInit(hidden: number, seed: number): RegressorParams {
  return createRegressor({ hidden, seed });
}

/** Options of {@link runDeadUnitGrid}. */
export interface DeadUnitGridOptions {
  /** Learning rates (rows of the grid). */
  lrs: readonly number[];
  /** Widths H (columns of the grid). */
  hiddens: readonly number[];
  /** Seeds, one model each per cell (PyTorch-style init from the seed). */
  seeds: readonly number[];
  /** Full-batch updates. */
  epochs: number;
  /** Number of evenly spaced training points. */
  points: number;
  /** Smallest input. */
  xMin: number;
  /** Largest input. */
  xMax: number;
  /** The target learned, a name of `TARGET_NAMES` (absent: y = x³, the essay's). */
  target?: string;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** relu'(0) during training. */
  gradAtZero: GradAtZero;
  /** The arithmetic (default float32). */
  precision?: Precision;
  /** Cells left out, for another run trains them the same (see `sharedDeadUnitCells`); default none. */
  skip?: readonly { lr: number; hidden: number }[];
  /** Called after each cell with how many cells are done. */
  onProgress?: (done: number, total: number) => void;
}

/** One seed of one cell of the dead-unit grid. */
export interface DeadUnitSeed {
  /** The seed. */
  seed: number;
  /** Units dead at initialisation. */
  deadAtInit: number;
  /** Units dead after training (null when the model diverged). */
  deadAtEnd: number | null;
  /** MSE after training (null when the model diverged). */
  finalLoss: number | null;
  /** First epoch with a NaN or infinite loss (or non-finite final parameters: `epochs`), or null. */
  divergedAt: number | null;
}

/** One (lr, H) cell of the dead-unit grid. */
export interface DeadUnitCell {
  /** Learning rate. */
  lr: number;
  /** Hidden units H. */
  hidden: number;
  /** Models trained (= number of seeds). */
  models: number;
  /** Models whose loss became NaN or infinite: left out of the dead fractions. */
  diverged: number;
  /** Units of all models: H × models. */
  unitsAtInit: number;
  /** Dead units at initialisation, over all models (divergence comes later). */
  deadAtInit: number;
  /** deadAtInit / unitsAtInit. */
  deadFractionAtInit: number;
  /** Units of the models that did not diverge: H × (models − diverged). */
  units: number;
  /** Dead units after training among the models that did not diverge. */
  deadAtEnd: number;
  /** deadAtEnd / units (null when every model diverged). */
  deadFraction: number | null;
  /** Median and 10–90 % spread of the final losses of the models that did not diverge. */
  finalLoss: Spread;
  /** Every seed's numbers. */
  perSeed: DeadUnitSeed[];
}

/** The dead-unit grid as plain JSON-ready data. */
export interface DeadUnitResult {
  /** The settings the grid ran with (without the progress callback and the cells left out). */
  settings: Omit<DeadUnitGridOptions, "onProgress" | "skip"> & {
    precision: Precision;
    seeds: number[];
    lrs: number[];
    hiddens: number[];
  };
  /** The engine that ran. */
  engine: string;
  /** The tfjs backend it ran on. */
  backend: BackendName;
  /** One cell per (lr, H), lr-major in the order given. */
  cells: DeadUnitCell[];
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : float32Number(a / b);
}

/**
 * Updates per engine call in a cell. A cell stops at the first call's end where every model has diverged (at lr 1e-3
 * every model of the H = 7, 15 and 31 cells diverges within 31 updates): 100 rather than the default 500 spares
 * up to 400 updates of models that have all diverged. Only where a run stops depends on it, and only the parameters of
 * models that diverged, which the grid leaves out; every other number is the same bit for bit.
 */
const DEAD_UNIT_CHUNK = 100;

/**
 * Trains `seeds` models per (lr, H) cell, one engine per cell with M = seeds,
 * and counts the units that are dead ({@link deadUnits}) at
 * initialisation and after the last update. Models whose loss becomes NaN or
 * infinite are counted as diverged and left out of the dead fractions; they
 * never stop the grid.
 *
 * @param createEngine the training engine (one per cell)
 * @param options the grid, the seeds, the data and the training settings
 * @returns the grid, one cell per (lr, H), lr-major
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { runDeadUnitGrid } from "./dead_units.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const result = await runDeadUnitGrid(createFusedEngine, {
 *   lrs: [1e-4, 10], hiddens: [7], seeds: [0, 1], epochs: 2, points: 20, xMin: -10, xMax: 10, optimizer: "sgd",
 *   gradAtZero: 0,
 * });
 * const [calm, wild] = result.cells;
 * deepStrictEqual([calm.lr, calm.hidden, calm.models, calm.unitsAtInit, calm.deadAtInit], [1e-4, 7, 2, 14, 1]);
 * deepStrictEqual([calm.diverged, calm.units, calm.deadAtEnd], [0, 14, 1]);
 * deepStrictEqual([wild.diverged, wild.units, wild.deadFraction], [2, 0, null]); // lr 10 diverges: left out
 * deepStrictEqual(wild.perSeed.map((s) => s.deadAtEnd), [null, null]);
 * ```
 */
export async function runDeadUnitGrid(
  createEngine: EngineFactory,
  options: DeadUnitGridOptions,
): Promise<DeadUnitResult> {
  const seeds = [...options.seeds];
  if (seeds.length < 1) throw new RangeError("Cannot run the dead-unit grid: give at least one seed");
  const precision = options.precision ?? RUN_SETTINGS.precision.default;
  const data = targetData({ points: options.points, xMin: options.xMin, xMax: options.xMax, target: options.target });
  const skipped = (lr: number, hidden: number) => options.skip?.some((c) => c.lr === lr && c.hidden === hidden);
  const cells: DeadUnitCell[] = [];
  const total = options.lrs.length * options.hiddens.length - (options.skip?.length ?? 0);
  let engine = "";
  let backend: BackendName = "cpu";
  for (const lr of options.lrs) {
    for (const hidden of options.hiddens) {
      if (skipped(lr, hidden)) continue;
      const init = seeds.map((seed) => deadUnitInit(hidden, seed));
      const batch = await trainBatch(createEngine, {
        x: data.x,
        y: data.y,
        init,
        seeds,
        lr,
        optimizer: options.optimizer,
        gradAtZero: options.gradAtZero,
        epochs: options.epochs,
        precision,
        chunk: DEAD_UNIT_CHUNK,
      });
      engine = batch.engine;
      backend = batch.backend;
      cells.push(deadUnitCell({ ...options, lr, hidden, init, x: data.x, precision }, batch));
      options.onProgress?.(cells.length, total);
    }
  }
  return deadUnitResult(options, cells, { engine, backend });
}

/** What {@link deadUnitCell} needs to know of the cell's training. */
export interface DeadUnitCellRun {
  /** Learning rate. */
  lr: number;
  /** Hidden units H. */
  hidden: number;
  /** The seeds, one model each. */
  seeds: readonly number[];
  /** Every model's initial parameters. */
  init: readonly RegressorParams[];
  /** The training inputs. */
  x: readonly number[];
  /** Full-batch updates. */
  epochs: number;
  /** The arithmetic. */
  precision: Precision;
}

/**
 * One (lr, H) cell of the grid from its trained batch: the dead units at initialisation and after the last update
 * ({@link deadUnits}), the final losses, and the models that diverged (left out of the dead fractions).
 *
 * @param run the cell's training
 * @param batch its losses (`losses[m][epochs]` is the final MSE) and final parameters
 * @returns the cell
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { deadUnitCell } from "./dead_units.ts";
 * const init = [{ w0: [1, -1], b0: [0, -20], w1: [1, 1], b1: 0 }]; // unit 1 is dead on [-10, 10]
 * const run = { lr: 1e-4, hidden: 2, seeds: [0], init, x: [-10, 10], epochs: 1, precision: "float32" as const };
 * const cell = deadUnitCell(run, { losses: [[5, 4]], params: init });
 * deepStrictEqual([cell.deadAtInit, cell.deadAtEnd, cell.deadFraction, cell.perSeed[0].finalLoss], [1, 1, 0.5, 4]);
 * deepStrictEqual(deadUnitCell(run, { losses: [[5, NaN]], params: init }).diverged, 1);
 * ```
 */
export function deadUnitCell(
  run: DeadUnitCellRun,
  batch: { losses: readonly ArrayLike<number>[]; params: readonly RegressorParams[] },
): DeadUnitCell {
  const { hidden, seeds, init, x, epochs, precision } = run;
  const count = (flags: boolean[]) => flags.filter((d) => d).length;
  const perSeed: DeadUnitSeed[] = seeds.map((seed, m) => {
    const p = batch.params[m];
    const finite = [...p.w0, ...p.b0, ...p.w1, p.b1].every(Number.isFinite);
    const lossAt = divergenceEpoch(batch.losses[m]);
    const divergedAt = lossAt ?? (finite ? null : epochs);
    return {
      seed,
      deadAtInit: count(deadUnits(init[m], x, { precision })),
      deadAtEnd: divergedAt === null ? count(deadUnits(p, x, { precision })) : null,
      finalLoss: divergedAt === null ? storedNumber(batch.losses[m][epochs], precision) : null,
      divergedAt,
    };
  });
  const alive = perSeed.filter((s) => s.divergedAt === null);
  const units = alive.length * hidden;
  const unitsAtInit = seeds.length * hidden;
  const deadAtInit = perSeed.reduce((s, r) => s + r.deadAtInit, 0);
  const deadAtEnd = alive.reduce((s, r) => s + (r.deadAtEnd ?? 0), 0);
  return {
    lr: run.lr,
    hidden,
    models: seeds.length,
    diverged: seeds.length - alive.length,
    unitsAtInit,
    deadAtInit,
    deadFractionAtInit: ratio(deadAtInit, unitsAtInit) as number,
    units,
    deadAtEnd,
    deadFraction: ratio(deadAtEnd, units),
    finalLoss: roundSpread(summarize(alive.map((s) => s.finalLoss as number)), precision),
    perSeed,
  };
}

/**
 * The grid of `options` holding `cells` (all of them, or some, as {@link mergeDeadUnitResults} joins them), with
 * the settings recorded as {@link runDeadUnitGrid} records them.
 *
 * @param options the grid's options (the progress callback and the cells left out are not recorded)
 * @param cells the cells, lr-major
 * @param ran the engine and the backend that trained them
 * @returns the grid
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { deadUnitResult } from "./dead_units.ts";
 * const options = {
 *   lrs: [1e-4], hiddens: [7], seeds: [0], epochs: 2, points: 20, xMin: -10, xMax: 10, optimizer: "sgd" as const,
 *   gradAtZero: 0, skip: [{ lr: 1e-4, hidden: 7 }], onProgress: () => {},
 * };
 * const { settings } = deadUnitResult(options, [], { engine: "fused", backend: "cpu" });
 * deepStrictEqual(Object.keys(settings), ["lrs", "hiddens", "seeds", "epochs", "points", "xMin", "xMax", "optimizer", "gradAtZero", "precision"]);
 * ```
 */
export function deadUnitResult(
  options: DeadUnitGridOptions,
  cells: DeadUnitCell[],
  ran: { engine: string; backend: BackendName },
): DeadUnitResult {
  const { onProgress: _, skip: __, ...rest } = options;
  const precision = options.precision ?? RUN_SETTINGS.precision.default;
  return {
    settings: { ...rest, precision, seeds: [...options.seeds], lrs: [...options.lrs], hiddens: [...options.hiddens] },
    engine: ran.engine,
    backend: ran.backend,
    cells,
  };
}
