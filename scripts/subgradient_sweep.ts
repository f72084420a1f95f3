/**
 * Writes figures/subgradient_sweep.svg (with its spec .vl.json) and
 * figures/subgradient_sweep.json: does the value of relu'(0) matter? The
 * conventions 0 (TensorFlow, PyTorch), 0.5 (the essay's E[g]), 1 and a fresh
 * U(0, 1) draw, each trained from the same seeds on two settings, with the
 * loss and the number of exactly-zero pre-activations recorded per update.
 * See `lib/experiments.ts` for why the first setting is a zero-initialised
 * hidden layer.
 *
 * @module
 */
import { type FlagValues, integerFlag, parseFlags, runMain } from "../lib/cli/flags.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import {
  CONVENTIONS,
  ESSAY_SETTING,
  EXACT_ZERO_SETTING,
  experimentJsonText,
  recordingInterval,
  runSubgradientSweep,
  SWEEP_SETTINGS,
  sweepJson,
  type SweepResult,
  type SweepSetting,
} from "../lib/experiments/experiments.ts";
import { ENGINES } from "../lib/engine/registry.ts";
import { checkOutDir, prepareOutDir } from "../lib/output/files.ts";
import { subgradientSweepFigure } from "../lib/plot/experiments.ts";
import { outFlag } from "../lib/cli/figure_script.ts";
import { EXPERIMENT_BACKEND_FLAG, EXPERIMENT_ENGINE_FLAG } from "../lib/cli/training_flags.ts";
import { defaultIo, type ExperimentScriptIo, writeResultFiles } from "../lib/output/experiments.ts";

/** The file names this script writes, without extension. */
export const NAME = "subgradient_sweep";

/** The flags of the sweep, with their limits. */
export const SWEEP_FLAGS = {
  seeds: integerFlag({ description: "seeds per convention and setting (seeds 0..N-1)", default: 16, min: 1, max: 128 }),
  epochs: integerFlag({ description: "full-batch updates per model", default: 4000, min: 1, max: 100000 }),
  backend: EXPERIMENT_BACKEND_FLAG,
  engine: EXPERIMENT_ENGINE_FLAG,
  out: outFlag,
};

const SUMMARY = [
  `Trains the 1-H-1 ReLU regressor on y = x³ with relu'(0) = ${CONVENTIONS.join(", ")} ` +
  "(random: a fresh U(0, 1) draw per unit, point and update), the same --seeds for every convention, " +
  "all seeds of a convention at once in one engine, on two settings:",
  `  ${EXACT_ZERO_SETTING.name}: ${EXACT_ZERO_SETTING.description}.`,
  `  ${ESSAY_SETTING.name}: ${ESSAY_SETTING.description}.`,
  "Why the first: relu'(0) is used only where z = w0·x + b0 is exactly 0. Zero hidden biases on an input " +
  "grid containing x = 0 give that at x = 0 for the first update only (b0 then moves and no exact zero " +
  "comes back: measured, H zeros at update 0 and none after). Exact zeros keep coming only at a unit " +
  "that does not move while z = 0 everywhere, i.e. w0 = b0 = 0, and relu'(0) = 0 is exactly what keeps " +
  "it there; relu'(0) > 0 moves it at the first update.",
  `Writes ${NAME}.svg (loss median and 10–90 % band per convention, log scale, and the exact zeros per ` +
  `update), its Vega-Lite spec ${NAME}.vl.json and ${NAME}.json into --out. The JSON holds every seed's ` +
  `loss at every k-th epoch (k = ceil(epochs/200): at most 201 points per curve) and its exact-zero count ` +
  "at every update (run-length encoded), keyed by setting and by convention.",
  "Time grows with --seeds × --epochs: the defaults take about 10–15 s on 2 cpu cores.",
].join("\n");

const COMMAND = { usage: `deno task ${NAME} --`, summary: SUMMARY, flags: SWEEP_FLAGS };

/**
 * Trains the sweep on `settings` (default all of {@link SWEEP_SETTINGS}) with
 * parsed flag values. `scripts/figures.ts` runs one setting per worker and
 * merges them.
 */
export async function computeSubgradientSweep(
  v: FlagValues<typeof SWEEP_FLAGS>,
  options: { settings?: readonly SweepSetting[]; io?: ExperimentScriptIo } = {},
): Promise<SweepResult> {
  const { settings = SWEEP_SETTINGS, io = defaultIo() } = options;
  const { backend, reason } = await selectBackend(v.backend);
  io.status(`backend: ${backend} (${reason}); engine: ${v.engine}`);
  const started = performance.now();
  const result = await runSubgradientSweep(ENGINES[v.engine], {
    settings,
    seeds: Array.from({ length: v.seeds }, (_, i) => i),
    epochs: v.epochs,
    every: recordingInterval(v.epochs),
    onProgress: (done, total) => io.progress?.(`trained ${done}/${total} batches of ${v.seeds} models`),
  });
  const seconds = (performance.now() - started) / 1000;
  if (io.progress) io.progress("\n");
  const models = result.settings.length * CONVENTIONS.length * v.seeds;
  io.status(
    `trained ${models} models × ${v.epochs} updates in ${seconds.toFixed(1)} s ` +
      `(${Math.round((models * v.epochs) / seconds)} model-epochs/s)`,
  );
  return result;
}

/** Writes `NAME.json`, `NAME.svg` and `NAME.vl.json` of a sweep into `out`; returns one line per file written. */
export async function writeSubgradientSweepResult(result: SweepResult, out: string): Promise<string[]> {
  return await writeResultFiles(out, NAME, {
    json: experimentJsonText(sweepJson(result)),
    spec: subgradientSweepFigure(result),
  });
}

/** Trains and writes the sweep with parsed flag values; returns one line per file written. */
export async function writeSubgradientSweepWith(
  v: FlagValues<typeof SWEEP_FLAGS>,
  io: ExperimentScriptIo = defaultIo(),
): Promise<string[]> {
  await checkOutDir(v.out);
  const result = await computeSubgradientSweep(v, { io });
  await prepareOutDir(v.out);
  return await writeSubgradientSweepResult(result, v.out);
}

/** The flag values of a default run writing into `out`. */
export function defaultSweepFlags(out: string): FlagValues<typeof SWEEP_FLAGS> {
  return parseFlags(["--out", out], COMMAND)!;
}

/** Runs the script with `args`: parses the flags, trains, writes; returns the lines written, or null after `--help`. */
export async function runSubgradientSweepScript(
  args: readonly string[],
  io: ExperimentScriptIo = defaultIo(),
): Promise<string[] | null> {
  const v = parseFlags(args, COMMAND);
  if (v === null) return null;
  return await writeSubgradientSweepWith(v, io);
}

if (import.meta.main) {
  await runMain(async () => {
    for (const line of (await runSubgradientSweepScript(Deno.args)) ?? []) console.log(line);
  });
}
