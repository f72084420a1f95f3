/**
 * Writes figures/dead_units.svg (with its spec .vl.json) and
 * figures/dead_units.json: how often hidden ReLU units die (are zero on every
 * training input) over learning rate × width, at initialisation and after
 * training, with diverging models counted apart.
 *
 * @module
 */
import { type FlagValues, integerFlag, parseFlags, runMain } from "../lib/cli/flags.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import {
  deadUnitJson,
  type DeadUnitResult,
  experimentJsonText,
  runDeadUnitGrid,
} from "../lib/experiments/experiments.ts";
import { ENGINES } from "../lib/engine/registry.ts";
import { checkOutDir, prepareOutDir } from "../lib/output/files.ts";
import { deadUnitsFigure } from "../lib/plot/experiments.ts";
import { outFlag } from "../lib/cli/figure_script.ts";
import { EXPERIMENT_BACKEND_FLAG, EXPERIMENT_ENGINE_FLAG, gradAtZeroFlag } from "../lib/cli/training_flags.ts";
import { defaultIo, type ExperimentScriptIo, writeResultFiles } from "../lib/output/experiments.ts";

/** The file names this script writes, without extension. */
export const NAME = "dead_units";

/** The learning rates of the grid (rows). */
export const DEAD_UNIT_LRS: readonly number[] = [1e-5, 3e-5, 1e-4, 3e-4];
/** The widths of the grid (columns). */
export const DEAD_UNIT_HIDDENS: readonly number[] = [3, 7, 15, 31];

/** The flags of the dead-unit grid, with their limits. */
export const DEAD_UNIT_FLAGS = {
  seeds: integerFlag({ description: "seeds (models) per cell, seeds 0..N-1", default: 16, min: 1, max: 128 }),
  epochs: integerFlag({ description: "full-batch updates per model", default: 4000, min: 1, max: 100000 }),
  "grad-at-zero": gradAtZeroFlag("relu'(0) during training (0 as in TensorFlow and PyTorch)"),
  backend: EXPERIMENT_BACKEND_FLAG,
  engine: EXPERIMENT_ENGINE_FLAG,
  out: outFlag,
};

const SUMMARY = [
  `Trains the 1-H-1 ReLU regressor on y = x³ (300 points on [-10, 10], SGD, PyTorch-style init) for every ` +
  `learning rate in {${DEAD_UNIT_LRS.map((lr) => lr.toExponential()).join(", ")}} × H in ` +
  `{${DEAD_UNIT_HIDDENS.join(", ")}} and --seeds seeds, ` +
  "one engine per cell with all its seeds at once, and counts the hidden units that are dead (relu(w0·x + b0) = 0, " +
  "z computed in float32, at all 300 inputs) at initialisation and after training. Models whose loss becomes NaN " +
  "or infinite are counted as diverged, left out of the fractions and named in the figure; they never stop the " +
  "script (with the defaults none diverges: at lr 3e-4 about half the units die instead; lr 1e-3 would diverge).",
  `Writes ${NAME}.svg (two heat maps of the dead fraction, annotated), its Vega-Lite spec ${NAME}.vl.json and ` +
  `${NAME}.json (every cell and every seed) into --out.`,
  "Time grows with --seeds × --epochs and with H: the defaults take about 20 s on 2 cpu cores.",
].join("\n");

const COMMAND = { usage: `deno task ${NAME} --`, summary: SUMMARY, flags: DEAD_UNIT_FLAGS };

/**
 * Trains the grid for the learning rates `lrs` (default all of
 * {@link DEAD_UNIT_LRS}) with parsed flag values. `scripts/figures.ts` runs
 * halves of the rows in two workers and merges them.
 */
export async function computeDeadUnits(
  v: FlagValues<typeof DEAD_UNIT_FLAGS>,
  options: { lrs?: readonly number[]; io?: ExperimentScriptIo } = {},
): Promise<DeadUnitResult> {
  const { lrs = DEAD_UNIT_LRS, io = defaultIo() } = options;
  const { backend, reason } = await selectBackend(v.backend);
  io.status(`backend: ${backend} (${reason}); engine: ${v.engine}`);
  const started = performance.now();
  const result = await runDeadUnitGrid(ENGINES[v.engine], {
    lrs,
    hiddens: DEAD_UNIT_HIDDENS,
    seeds: Array.from({ length: v.seeds }, (_, i) => i),
    epochs: v.epochs,
    points: 300,
    xMin: -10,
    xMax: 10,
    optimizer: "sgd",
    gradAtZero: v["grad-at-zero"],
    onProgress: (done, total) => io.progress?.(`trained ${done}/${total} cells of ${v.seeds} models`),
  });
  const seconds = (performance.now() - started) / 1000;
  if (io.progress) io.progress("\n");
  const models = result.cells.length * v.seeds;
  const diverged = result.cells.reduce((s, c) => s + c.diverged, 0);
  io.status(
    `trained ${models} models × ${v.epochs} updates in ${seconds.toFixed(1)} s; ${diverged} diverged`,
  );
  return result;
}

/** Writes `NAME.json`, `NAME.svg` and `NAME.vl.json` of a grid into `out`; returns one line per file written. */
export async function writeDeadUnitsResult(result: DeadUnitResult, out: string): Promise<string[]> {
  return await writeResultFiles(out, NAME, {
    json: experimentJsonText(deadUnitJson(result)),
    spec: deadUnitsFigure(result),
  });
}

/** Trains the grid and writes its files with parsed flag values; returns one line per file written. */
export async function writeDeadUnitsWith(
  v: FlagValues<typeof DEAD_UNIT_FLAGS>,
  io: ExperimentScriptIo = defaultIo(),
): Promise<string[]> {
  await checkOutDir(v.out);
  const result = await computeDeadUnits(v, { io });
  await prepareOutDir(v.out);
  return await writeDeadUnitsResult(result, v.out);
}

/** The flag values of a default run writing into `out`. */
export function defaultDeadUnitFlags(out: string): FlagValues<typeof DEAD_UNIT_FLAGS> {
  return parseFlags(["--out", out], COMMAND)!;
}

/** Runs the script with `args`: parses the flags, trains, writes; returns the lines written, or null after `--help`. */
export async function runDeadUnitsScript(
  args: readonly string[],
  io: ExperimentScriptIo = defaultIo(),
): Promise<string[] | null> {
  const v = parseFlags(args, COMMAND);
  if (v === null) return null;
  return await writeDeadUnitsWith(v, io);
}

if (import.meta.main) {
  await runMain(async () => {
    for (const line of (await runDeadUnitsScript(Deno.args)) ?? []) console.log(line);
  });
}
