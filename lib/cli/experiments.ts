/**
 * The experiment commands, `subgradient_sweep` and `dead_units`: their flags,
 * their `--help`, and running them with a status line on stderr. The
 * computation lives in `lib/experiments/`, the files in `lib/output/`.
 *
 * @module
 */
import { parseFlags } from "./flags.ts";
import { backendForPrecision, selectRunBackend } from "./common_flags.ts";
import { PRECISIONS, RUN_SETTINGS } from "../model/settings.ts";
import { DEFAULT_TARGET } from "../math/targets.ts";
import {
  DEAD_UNIT_FLAGS,
  type DeadUnitValues,
  DEFAULT_SEEDS,
  SWEEP_FLAGS,
  type SweepValues,
} from "./experiment_flags.ts";
import { backendLine, type CommandIo, stderrIo, wroteLine } from "./report.ts";
import type { Precision } from "../model/run.ts";
import { ENGINES } from "../engine/registry.ts";
import { ESSAY } from "../essay.ts";
import { DEAD_UNIT_GRID, type DeadUnitResult, runDeadUnitGrid } from "../experiments/dead_units.ts";
import { sharedDeadUnitCells, sweepDeadUnitCells } from "../experiments/shared_cells.ts";
import { essayDeadUnitGrid, onTarget, seedList } from "../experiments/plans.ts";
import {
  CONVENTIONS,
  ESSAY_SETTING,
  EXACT_ZERO_SETTING,
  runSubgradientSweep,
  SWEEP_SETTINGS,
  type SweepResult,
  type SweepSetting,
} from "../experiments/sweep.ts";
import { recordingInterval } from "../experiments/records.ts";
import { deadUnitFiles, sweepFiles } from "../output/experiments.ts";
import { checkOutDir, prepareOutDir, writeFilesAtomic } from "../output/files.ts";
import { probeOutDir } from "../output/probe.ts";

export {
  DEAD_UNIT_FLAGS,
  type DeadUnitValues,
  DEFAULT_SEEDS,
  SWEEP_FLAGS,
  type SweepValues,
} from "./experiment_flags.ts";

const seedsAndEpochs = (v: { seeds: number; epochs: number }) => ({ seeds: seedList(v.seeds), epochs: v.epochs });
const sameEngine = (a: SweepValues | DeadUnitValues, b?: SweepValues | DeadUnitValues) =>
  b !== undefined && a.engine === b.engine && a.backend === b.backend;
const deadUnitGrid = (v: DeadUnitValues, lrs: readonly number[]) =>
  onTarget(
    essayDeadUnitGrid({ lrs, seeds: v.seeds, epochs: v.epochs, gradAtZero: v["grad-at-zero"], precision: v.precision }),
    v.target,
  );
const sweepSettings = (v: SweepValues) => SWEEP_SETTINGS.map((s) => onTarget(s, v.target));

const SWEEP_COMMAND = {
  usage: "deno task subgradient_sweep --",
  summary: [
    `Trains the 1-H-1 ReLU regressor on y = x³ with relu'(0) = ${CONVENTIONS.join(", ")} ` +
    "(random: a fresh U(0, 1) draw per unit, point and update), the same --seeds for every convention, " +
    "all seeds at once, each up to its first exact zero once for all conventions, in each --precision, on two settings:",
    `  ${EXACT_ZERO_SETTING.name}: ${EXACT_ZERO_SETTING.description}.`,
    `  ${ESSAY_SETTING.name}: ${ESSAY_SETTING.description}.`,
    "relu'(0) is used only where z = w0·x + b0 is exactly 0; the zero-initialised hidden layer puts every unit " +
    "there at the first update. The results and what they show are in subgradient_sweep.md, generated from the JSON.",
    "Writes subgradient_sweep.svg (per setting and precision: loss median and 10–90 % band per convention, log " +
    "scale; the exact zeros per update; the distinct units on the data), its Vega-Lite spec subgradient_sweep.vl.json, " +
    "subgradient_sweep.json and its tables subgradient_sweep.md into --out. The JSON holds every seed's loss and " +
    "distinct activation patterns at every k-th epoch (k = ceil(epochs/40)), its exact-zero count at every update " +
    "(run-length encoded), and the paired comparisons (bootstrap CI, sign and Wilcoxon tests, Holm-corrected).",
    "Time grows with --seeds × --epochs.",
  ].join("\n"),
  flags: SWEEP_FLAGS,
};

const DEAD_UNIT_COMMAND = {
  usage: "deno task dead_units --",
  summary: [
    `Trains the 1-H-1 ReLU regressor on y = x³ (${ESSAY.points} points on [${ESSAY.xMin}, ${ESSAY.xMax}], SGD, ` +
    `PyTorch-style init) for every learning rate in {${
      DEAD_UNIT_GRID.lrs.map((lr) => lr.toExponential()).join(", ")
    }} ` +
    `× H in {${DEAD_UNIT_GRID.hiddens.join(", ")}} and --seeds seeds, one engine per cell with all its seeds at ` +
    "once, and counts the hidden units that are dead (relu(w0·x + b0) = 0, z computed in float32, at every " +
    "training input) at initialisation and after training. Models whose loss becomes NaN or infinite are counted " +
    "as diverged, left out of the fractions and named in the figure; they never stop the script.",
    "Writes dead_units.svg (two heat maps of the dead fraction, annotated), its Vega-Lite spec dead_units.vl.json, " +
    "dead_units.json (every cell and every seed, with the update at which a loss first became non-finite) and its " +
    "tables dead_units.md into --out.",
    "Time grows with --seeds × --epochs and with H.",
  ].join("\n"),
  flags: DEAD_UNIT_FLAGS,
};

/**
 * The sweep's flag values with nothing given but `out`.
 *
 * @param out the output folder
 * @returns the values `deno task subgradient_sweep -- --out OUT` runs with
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { defaultSweepValues } from "./experiments.ts";
 * import { PRECISIONS } from "../model/settings.ts";
 * deepStrictEqual(defaultSweepValues("out"), {
 *   seeds: 64, epochs: 4000, precision: [...PRECISIONS], backend: "cpu", engine: "fused", target: "cubic", out: "out",
 * });
 * ```
 */
export function defaultSweepValues(out: string): SweepValues {
  return {
    seeds: DEFAULT_SEEDS,
    epochs: ESSAY.epochs,
    precision: [...PRECISIONS],
    backend: "cpu",
    engine: "fused",
    target: DEFAULT_TARGET,
    out,
  };
}

/**
 * The dead-unit grid's flag values with nothing given but `out`.
 *
 * @param out the output folder
 * @returns the values `deno task dead_units -- --out OUT` runs with
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { defaultDeadUnitValues } from "./experiments.ts";
 * deepStrictEqual(defaultDeadUnitValues("out"), {
 *   seeds: 64, epochs: 4000, precision: "float32", "grad-at-zero": 0, backend: "cpu", engine: "fused", target: "cubic",
 *   out: "out",
 * });
 * ```
 */
export function defaultDeadUnitValues(out: string): DeadUnitValues {
  const { precision: _, ...rest } = defaultSweepValues(out);
  return { ...rest, precision: RUN_SETTINGS.precision.default, "grad-at-zero": RUN_SETTINGS.gradAtZero.default };
}

/**
 * Trains the sweep on `settings` (default all of them); `deno task figures` runs one setting per worker.
 * It selects the backend of `v` and reports it, and the time taken, on `io.status`. With `deadUnits`, it also
 * returns the cells of that dead-unit grid that its batches train alike (`deadUnitCells`, see `sharedDeadUnitCells`).
 *
 * @param v the flag values
 * @param options the settings and precisions to run (default all, and those of `v`), the dead-unit grid's values,
 * and where to report
 * @returns the sweep, and the dead-unit cells it trained
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { computeSweep, defaultSweepValues } from "./experiments.ts";
 * import { EXACT_ZERO_SETTING } from "../experiments/sweep.ts";
 * const status: string[] = [];
 * const v = { ...defaultSweepValues("/tmp"), seeds: 2, epochs: 3 }; // backend cpu
 * const result = await computeSweep(v, {
 *   settings: [{ ...EXACT_ZERO_SETTING, points: 5, hidden: 2 }], precisions: ["float32"], // 5 points × H = 2
 *   io: { status: (line) => status.push(line) },
 * });
 * deepStrictEqual(result.settings[0].conventions["0"].zerosAtUpdate0, [10, 10]); // w0 = b0 = 0: all z = 0
 * ok(status[0].startsWith("backend: cpu"));
 * ok(status[1].startsWith("trained 8 models × 3 updates")); // 4 conventions × 2 seeds
 * ```
 */
export async function computeSweep(
  v: SweepValues,
  options: {
    settings?: readonly SweepSetting[];
    precisions?: readonly Precision[];
    io?: CommandIo;
    deadUnits?: DeadUnitValues;
  } = {},
): Promise<SweepResult & { deadUnitCells?: DeadUnitResult }> {
  const { settings = sweepSettings(v), precisions = v.precision, io = stderrIo() } = options;
  io.status(backendLine(await selectRunBackend(v), v.engine));
  const started = performance.now();
  const plan = { settings, precisions, ...seedsAndEpochs(v) };
  const shared = sameEngine(v, options.deadUnits)
    ? sweepDeadUnitCells(plan, deadUnitGrid(options.deadUnits!, DEAD_UNIT_GRID.lrs))
    : undefined;
  const result = await runSubgradientSweep(ENGINES[v.engine], {
    ...plan,
    every: recordingInterval(v.epochs),
    onBatch: shared?.onBatch,
    onProgress: (done, total) => io.progress?.(`trained ${done}/${total} batches of ${v.seeds} models`),
  });
  const seconds = (performance.now() - started) / 1000;
  if (io.progress) io.progress("\n");
  const models = result.settings.length * CONVENTIONS.length * v.seeds;
  io.status(
    `trained ${models} models × ${v.epochs} updates in ${seconds.toFixed(1)} s ` +
      `(${Math.round((models * v.epochs) / seconds)} model-epochs/s)`,
  );
  return shared ? { ...result, deadUnitCells: shared.result() } : result;
}

/**
 * Trains the grid for the learning rates `lrs` (default all); `deno task figures` runs halves in two workers.
 * It selects the backend of `v` and reports it, and the time taken, on `io.status`. With `sweep`, the cells that
 * the sweep at those values trains alike are left out (`deno task figures` takes them from the sweep).
 *
 * @param v the flag values
 * @param options the learning rates (rows) to run, the sweep that trains some cells, and where to report
 * @returns the grid, every width H for each learning rate
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { computeDeadUnits, defaultDeadUnitValues } from "./experiments.ts";
 * const status: string[] = [];
 * const v = { ...defaultDeadUnitValues("/tmp"), seeds: 1, epochs: 2 }; // backend cpu
 * const result = await computeDeadUnits(v, { lrs: [1e-4], io: { status: (line) => status.push(line) } });
 * deepStrictEqual(result.cells.map((c) => [c.lr, c.hidden]), [[1e-4, 3], [1e-4, 7], [1e-4, 15], [1e-4, 31]]);
 * ok(status[1].startsWith("trained 4 models × 2 updates") && status[1].endsWith("; 0 diverged"));
 * ```
 */
export async function computeDeadUnits(
  v: DeadUnitValues,
  options: { lrs?: readonly number[]; io?: CommandIo; sweep?: SweepValues } = {},
): Promise<DeadUnitResult> {
  const { lrs = DEAD_UNIT_GRID.lrs, io = stderrIo() } = options;
  io.status(backendLine(await selectRunBackend(v), v.engine));
  const started = performance.now();
  const grid = deadUnitGrid(v, lrs);
  const sweep = sameEngine(v, options.sweep) ? options.sweep! : undefined;
  const plan = sweep && { settings: sweepSettings(sweep), precisions: sweep.precision, ...seedsAndEpochs(sweep) };
  const result = await runDeadUnitGrid(ENGINES[v.engine], {
    ...grid,
    skip: plan ? sharedDeadUnitCells(plan, grid) : [],
    onProgress: (done, total) => io.progress?.(`trained ${done}/${total} cells of ${v.seeds} models`),
  });
  const seconds = (performance.now() - started) / 1000;
  if (io.progress) io.progress("\n");
  const models = result.cells.length * v.seeds;
  const diverged = result.cells.reduce((s, c) => s + c.diverged, 0);
  io.status(`trained ${models} models × ${v.epochs} updates in ${seconds.toFixed(1)} s; ${diverged} diverged`);
  return result;
}

/**
 * Writes the sweep's files into `out`: its JSON, figure, spec and tables.
 *
 * @param result the sweep
 * @param out the output folder (it must exist)
 * @returns one line per file written
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { computeSweep, defaultSweepValues, writeSweep } from "./experiments.ts";
 * import { EXACT_ZERO_SETTING } from "../experiments/sweep.ts";
 * const dir = await Deno.makeTempDir();
 * const result = await computeSweep({ ...defaultSweepValues(dir), seeds: 2, epochs: 2 }, {
 *   settings: [{ ...EXACT_ZERO_SETTING, points: 5, hidden: 2 }], precisions: ["float32"],
 *   io: { status: () => {} },
 * });
 * const lines = await writeSweep(result, dir);
 * const names = ["json", "svg", "vl.json", "md"].map((ext) => `${dir}/subgradient_sweep.${ext}`);
 * deepStrictEqual(lines.map((line) => line.split(" ")[1]), names);
 * ok(lines.every((line) => line.startsWith("wrote ")));
 * ok((await Deno.readTextFile(names[3])).includes("**Paired comparisons**"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeSweep(result: SweepResult, out: string): Promise<string[]> {
  return (await writeFilesAtomic(await sweepFiles(result, out))).map(wroteLine);
}

/**
 * Writes the dead-unit grid's files into `out`: its JSON, figure, spec and tables.
 *
 * @param result the grid
 * @param out the output folder (it must exist)
 * @returns one line per file written
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { computeDeadUnits, defaultDeadUnitValues, writeDeadUnits } from "./experiments.ts";
 * const dir = await Deno.makeTempDir();
 * const v = { ...defaultDeadUnitValues(dir), seeds: 1, epochs: 1 };
 * const result = await computeDeadUnits(v, { lrs: [1e-4], io: { status: () => {} } });
 * const lines = await writeDeadUnits(result, dir);
 * const names = ["json", "svg", "vl.json", "md"].map((ext) => `${dir}/dead_units.${ext}`);
 * deepStrictEqual(lines.map((line) => line.split(" ")[1]), names);
 * strictEqual(JSON.parse(await Deno.readTextFile(names[0])).models, 4);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeDeadUnits(result: DeadUnitResult, out: string): Promise<string[]> {
  return (await writeFilesAtomic(await deadUnitFiles(result, out))).map(wroteLine);
}

/**
 * Runs `deno task subgradient_sweep` with `args`: checks every flag and the output folder, trains, writes the files.
 *
 * @param args the command-line arguments
 * @param io where to report status (default stderr)
 * @returns the lines written, or null after `--help`
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { runSweepCommand } from "./experiments.ts";
 * import { UsageError } from "../errors.ts";
 * strictEqual(await runSweepCommand(["--help"]), null); // after printing the help text
 * await rejects(() => runSweepCommand(["--seeds", "0"]), UsageError); // nothing trained, nothing written
 * await rejects(() => runSweepCommand(["--engine", "autodiff"]), /float64 needs --engine fused/);
 * ```
 */
export async function runSweepCommand(args: readonly string[], io: CommandIo = stderrIo()): Promise<string[] | null> {
  const v = parseFlags(args, SWEEP_COMMAND);
  if (v === null) return null;
  backendForPrecision(v);
  await checkOutDir(v.out);
  await probeOutDir(v.out); // a folder no file can be created in fails now, not after the training
  const result = await computeSweep(v, { io });
  await prepareOutDir(v.out);
  return await writeSweep(result, v.out);
}

/**
 * Runs `deno task dead_units` with `args`: checks every flag and the output folder, trains, writes the files.
 *
 * @param args the command-line arguments
 * @param io where to report status (default stderr)
 * @returns the lines written, or null after `--help`
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { runDeadUnitsCommand } from "./experiments.ts";
 * import { UsageError } from "../errors.ts";
 * strictEqual(await runDeadUnitsCommand(["--help"]), null); // after printing the help text
 * await rejects(() => runDeadUnitsCommand(["--grad-at-zero", "2"]), UsageError); // nothing trained, nothing written
 * ```
 */
export async function runDeadUnitsCommand(
  args: readonly string[],
  io: CommandIo = stderrIo(),
): Promise<string[] | null> {
  const v = parseFlags(args, DEAD_UNIT_COMMAND);
  if (v === null) return null;
  backendForPrecision(v);
  await checkOutDir(v.out);
  await probeOutDir(v.out); // a folder no file can be created in fails now, not after the training
  const result = await computeDeadUnits(v, { io });
  await prepareOutDir(v.out);
  return await writeDeadUnits(result, v.out);
}
