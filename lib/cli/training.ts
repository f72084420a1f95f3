/**
 * The training command (`deno task train`): its flags and their checks, and
 * running it. It trains the 1-H-1 ReLU regressor on a target of the registry (y = x³ by default) or on the
 * points of a CSV file (`--data`) and writes the training outputs:
 * `training.json` (the run), `training.svg` and `training_loss.svg`,
 * `training.gif` and `training.html`. With `--from FILE.json` it skips
 * training and re-renders a saved run.
 *
 * Every flag is checked before anything runs; a bad one is reported on one
 * line (`error: ...`, exit 2) and nothing is written. One line on stderr names
 * the backend and why it was chosen; a progress bar follows on a terminal.
 *
 * @module
 */
import { type FlagValues, listFlag, optionalStringFlag, parseFlags } from "./flags.ts";
import { runOptionsOf, runSettingFlags } from "./run_flags.ts";
import { ENGINE_CHOICE_SETTING, RUN_SETTINGS as S } from "../model/settings.ts";
import { DEFAULT_TARGET, TARGETS } from "../math/targets.ts";
import { CSV_MAX_ROWS, type DataPoints, parseDataCsv } from "../model/data_csv.ts";
import { firstLine, RunError, UsageError } from "../errors.ts";
import { engineFor, ENGINES } from "../engine/registry.ts";
import { activationOf, isPiecewise, kinkProblem } from "../math/activation_registry.ts";
import { settingFlag } from "./flag_kinds.ts";
import { checkOutDir, prepareOutDir } from "../output/files.ts";
import { probeOutDir } from "../output/probe.ts";
import { readTextInput } from "../input.ts";
import { createProgressReporter, type ProgressSink } from "./progress.ts";
import type { TrainingRun } from "../model/run.ts";
import { trainRegressor } from "../train/loop.ts";
import { parseTrainingRun } from "../model/run_file.ts";
import { DRAWABLE_ACCEPTED, drawableRangeProblem, smallestEvery, TRAINING_LIMITS as L } from "../model/limits.ts";
import { type TrainingDomains, trainingDomains } from "../plot/training.ts";
import { writeTrainingOutputsWith } from "../output/training.ts";
import { DEFAULT_TRAINING_FORMATS, TRAINING_FORMATS } from "../render/training.ts";
import { backendFlag, backendForPrecision, checkRangeFlags, outFlag, selectRunBackend } from "./common_flags.ts";
import { backendLine, wroteLine } from "./report.ts";
import { defaultEvery } from "../essay.ts";
import type { GifJob, GifReply } from "./training_worker.ts";
import type { FrameLayers } from "../render/animated_svg.ts";

/** The flags of `deno task train`, with their limits. */
export const TRAINING_FLAGS = {
  ...runSettingFlags({
    hidden: `${S.hidden.help} (points × hidden <= ${L.units})`,
    every:
      `snapshot interval in epochs (<= --epochs, at most ${L.snapshots} snapshots and snapshots × hidden <= ${L.snapshotUnits}; ` +
      `without it ${S.every.default}, or --epochs when smaller)`,
    points: `${S.points.help} (points × hidden <= ${L.units})`,
    xMin: `${S.xMin.help} (< --x-max); without it the target's (${TARGETS.zigzag.xMin} for zigzag)`,
    xMax: `${S.xMax.help}; without it the target's (${TARGETS.zigzag.xMax} for zigzag)`,
    target: `the function learned, from the targets registry (lib/math/targets.ts; cubic: the essay's y = x³), ` +
      `over its own x range; data: the points of --data`,
    testFraction: `${S.testFraction.help}; training.json and training_loss.svg add the test MSE at every snapshot`,
  }),
  data: optionalStringFlag({
    description:
      `train on the x, y columns of a CSV file instead of a target (header optional, at most ${CSV_MAX_ROWS} ` +
      `rows; sets the target, the points and the x range); the file must lie under figures/, which the task may read`,
    accepted: "a path to a CSV file under figures/",
  }),
  backend: backendFlag("auto", "tfjs backend (auto: webgpu on a hardware adapter, else cpu; cpu for float64)"),
  engine: settingFlag(ENGINE_CHOICE_SETTING, {
    description: "training engine (auto: fused for a piecewise-linear --activation, autodiff for a smooth one; " +
      "fused: one kernel per chunk; autodiff: tfjs ops and tf.grads)",
  }),
  formats: listFlag({
    description: "what to write (svg = training.svg and training_loss.svg; py = training.py, a standalone PyTorch " +
      "script that rebuilds the run and compares its losses)",
    default: DEFAULT_TRAINING_FORMATS,
    choices: TRAINING_FORMATS,
  }),
  from: optionalStringFlag({
    description: "re-render a saved training.json instead of training (only --out and --formats apply)",
    accepted: "a path to a training.json",
  }),
  out: outFlag,
};

type TrainingFlagValues = FlagValues<typeof TRAINING_FLAGS>;

const COMMAND = {
  usage: "deno task train --",
  summary: "Trains a 1-H-1 ReLU network on a target (y = x³ by default, --target) or on the points of a CSV " +
    "file (--data) and writes training.json, training.svg, " +
    "training_loss.svg, training.gif and training.html into --out.",
  flags: TRAINING_FLAGS,
};

/** The flags that only make sense when training (everything but --out, --formats and --from). */
const TRAINING_ONLY = Object.keys(TRAINING_FLAGS).filter((f) => !["out", "formats", "from"].includes(f));

/** The names of the flags present in `args` (without dashes). */
function givenFlags(args: readonly string[]): Set<string> {
  return new Set(args.filter((a) => a.startsWith("--")).map((a) => a.slice(2).split("=")[0]));
}

/** The flags a data file sets, which cannot be given with `--data`. */
const SET_BY_DATA = ["points", "x-min", "x-max"] as const;

/**
 * Checks between flags that the flag parser cannot see one at a time, and
 * returns the values with the defaults that depend on another flag filled
 * in: without `--every`, snapshots are taken every 100 epochs, or only at the
 * end of a shorter run; without `--x-min` or `--x-max`, the target's range;
 * with `--data`, the file's points and range, and the target `data`.
 */
function checkCombinations(
  parsed: TrainingFlagValues,
  args: readonly string[],
  source?: DataPoints,
): TrainingFlagValues {
  const given = givenFlags(args);
  let v = given.has("every") ? parsed : { ...parsed, every: defaultEvery(parsed.epochs) };
  if (v.from !== undefined) {
    const clash = TRAINING_ONLY.find((f) => given.has(f));
    if (clash) {
      throw new UsageError(
        `--${clash} cannot be combined with --from, which re-renders a saved run; ` +
          `with --from only --out and --formats apply`,
      );
    }
    return v;
  }
  if (source) {
    const clash = SET_BY_DATA.find((f) => given.has(f)) ?? (given.has("target") && v.target !== "data" && "target");
    if (clash) {
      throw new UsageError(
        `--${clash} cannot be combined with --data, which sets the points, their range and the target`,
      );
    }
    const xMin = source.x.reduce((a, b) => Math.min(a, b));
    const xMax = source.x.reduce((a, b) => Math.max(a, b));
    v = { ...v, target: "data", points: source.x.length, "x-min": xMin, "x-max": xMax };
  } else if (v.target === "data") {
    throw new UsageError("--target data needs --data FILE.csv, the file whose points to learn");
  } else {
    const range = TARGETS[v.target ?? DEFAULT_TARGET];
    v = {
      ...v,
      "x-min": given.has("x-min") ? v["x-min"] : range.xMin,
      "x-max": given.has("x-max") ? v["x-max"] : range.xMax,
    };
  }
  v = checkActivation(v, given);
  checkRangeFlags([v["x-min"], v["x-max"]], ["x-min", "x-max"]);
  if (v.every > v.epochs) {
    throw new UsageError(`--every must be an integer in [1, --epochs = ${v.epochs}], got "${v.every}"`);
  }
  const least = smallestEvery(v);
  if (v.every < least) {
    throw new UsageError(
      `--every must be >= ${least} for --epochs ${v.epochs} and --hidden ${v.hidden} (at most ${L.snapshots} ` +
        `snapshots and ${L.snapshotUnits} snapshots × hidden), got "${v.every}"`,
    );
  }
  backendForPrecision({ ...v, engine: engineFor(v.engine, v.activation ?? S.activation.default) });
  if (v.points * v.hidden > L.units) {
    throw new UsageError(
      `--points × --hidden must be at most ${L.units}, got ${v.points} × ${v.hidden} = ${v.points * v.hidden}`,
    );
  }
  return v;
}

/**
 * The kink derivative and the engine for the activation: without `--grad-at-zero` the activation's framework
 * value (relu 0, leaky relu its slope, abs 0, identity 1; 0 for a smooth one); a value outside the activation's
 * slopes is refused, as is `--engine fused` with a smooth activation (no silent fallback) and float64 with one.
 */
function checkActivation(v: TrainingFlagValues, given: Set<string>): TrainingFlagValues {
  const activation = v.activation ?? S.activation.default;
  const a = activationOf(activation);
  if (!given.has("grad-at-zero")) v = { ...v, "grad-at-zero": isPiecewise(a) ? a.defaultKink : S.gradAtZero.default };
  const problem = kinkProblem(activation, v["grad-at-zero"]);
  if (problem) throw new UsageError(`--grad-at-zero must be ${problem}, got "${v["grad-at-zero"]}"`);
  let engine;
  try {
    engine = engineFor(v.engine, activation);
  } catch (e) {
    throw new UsageError(`--engine ${v.engine} cannot train --activation ${activation}: ${firstLine(e)}`);
  }
  if (v.engine === "auto" && engine === "autodiff" && v.precision === "float64") {
    throw new UsageError(`--precision float64 needs the fused engine, which cannot run --activation ${activation}`);
  }
  return v;
}

/** Selects the backend, says which on one status line, and trains with a progress bar. */
async function train(v: TrainingFlagValues, io: TrainingScriptIo, source?: DataPoints): Promise<TrainingRun> {
  const engine = engineFor(v.engine, v.activation ?? S.activation.default);
  io.status(backendLine(await selectRunBackend({ ...v, engine }), engine));
  const bar = createProgressReporter(io.progress);
  try {
    return await trainRegressor({
      ...runOptionsOf(v),
      ...(source ? { data: { file: v.data!, ...source } } : {}),
      createEngine: ENGINES[engine],
    }, { onProgress: (p) => bar.update(p) });
  } finally {
    bar.finish();
  }
}

/** The panels' names in messages, by their field in {@link TrainingDomains}. */
const PANELS: Record<keyof TrainingDomains, string> = {
  x: "the input axis",
  activations: "the activations panel",
  contributions: "the contributions panel",
  prediction: "the prediction panel",
};

/**
 * Checks that every axis of the run's frames is a range the plots can draw,
 * before anything is written: a saved run whose parameters make a panel's
 * range subnormal or overflow is refused (a {@link UsageError} naming the
 * file), a trained one ends the run (a {@link RunError}). Returns the
 * domains, which the drawn formats use.
 */
function checkDrawable(run: TrainingRun, from: string | undefined): TrainingDomains {
  const domains = trainingDomains(run);
  for (const [panel, range] of Object.entries(domains) as [keyof TrainingDomains, [number, number]][]) {
    const problem = drawableRangeProblem(range);
    if (!problem) continue;
    const what = `${PANELS[panel]} spans [${range[0]}, ${range[1]}], which cannot be drawn (${problem})`;
    if (from === undefined) throw new RunError(`the trained run cannot be plotted: ${what}; nothing was written`);
    throw new UsageError((n) => `${n("runFile")} ${from} must hold ${DRAWABLE_ACCEPTED} in every panel: ${what}`);
  }
  return domains;
}

/** Where the script reports: stderr lines and the progress bar. */
export interface TrainingScriptIo {
  /** Receives the progress bar (drawn only when it is a terminal). */
  progress: ProgressSink;
  /** Prints one line of status (the backend line). */
  status: (line: string) => void;
}

/**
 * Runs the training script with `args`: parses and checks every flag, trains
 * (or reads `--from`), writes the outputs and returns one line per file
 * written (`wrote PATH (N bytes)`), or `null` after `--help`.
 *
 * @param args the command-line arguments
 * @param io where the progress bar and the status line go (default stderr)
 * @returns the lines written, or null after `--help`
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { runTraining } from "./training.ts";
 * import { UsageError } from "../errors.ts";
 * strictEqual(await runTraining(["--help"]), null); // after printing the help text
 * // Every flag is checked before anything runs or is written:
 * await rejects(() => runTraining(["--lr", "0"]), UsageError);
 * await rejects(() => runTraining(["--x-min", "5", "--x-max", "1"]), /--x-min must be smaller than --x-max/);
 * await rejects(() => runTraining(["--from", "run.json", "--epochs", "10"]), /cannot be combined with --from/);
 * await rejects(() => runTraining(["--target", "data"]), /--target data needs --data/);
 * ```
 */
export async function runTraining(
  args: readonly string[],
  io: TrainingScriptIo = { progress: Deno.stderr, status: (line) => console.error(line) },
): Promise<string[] | null> {
  const parsed = parseFlags(args, COMMAND);
  if (parsed === null) return null;
  const source = parsed.data === undefined || parsed.from !== undefined ? undefined : await readDataFile(parsed.data);
  const v = checkCombinations(parsed, args, source);
  await checkOutDir(v.out);
  await probeOutDir(v.out);
  const saved = v.from === undefined ? undefined : parseTrainingRun(await readTextInput(v.from, "runFile"), v.from);
  const savedDomains = saved && checkDrawable(saved, v.from);
  // The GIF is rasterised and encoded in a worker, beside the other formats; reading its rasteriser's files now
  // makes a missing read permission end the run before training.
  const gifWorker = v.formats.includes("gif") ? await startGifWorker() : undefined;
  try {
    const run = saved ?? await train(v, io, source);
    const domains = savedDomains ?? checkDrawable(run, undefined);
    await prepareOutDir(v.out);
    const written = await writeTrainingOutputsWith(run, {
      outDir: v.out,
      formats: v.formats,
      status: io.status,
      renderGif: gifWorker?.render,
      domains,
    });
    return written.map(wroteLine);
  } finally {
    gifWorker?.worker.terminate();
  }
}

/**
 * The points of the CSV file `--data` names, read with the library's parser
 * (`parseDataCsv`). The file must be one the task may read (under figures/);
 * any other is refused in one line that says so.
 */
async function readDataFile(path: string): Promise<DataPoints> {
  const state = await Deno.permissions.query({ name: "read", path });
  if (state.state !== "granted") {
    throw new UsageError((n) =>
      `${n("data")} must name a CSV file under figures/ (deno task train reads only figures/ and lib/); ` +
      `"${path}" is not allowed`
    );
  }
  return parseDataCsv(await readTextInput(path, "data"), path);
}

/**
 * Starts the worker that renders the GIF (`training_worker.ts`), after
 * checking that the rasteriser's files can be read (a NotCapable error, as
 * reading them would give, when not).
 */
async function startGifWorker(): Promise<
  { worker: Worker; render: (layers: FrameLayers) => Promise<Uint8Array> }
> {
  const { fontFiles, resvgWasmFile } = await import("../assets.ts");
  for (const file of [resvgWasmFile(), ...fontFiles()]) await Deno.stat(file);
  const worker = new Worker(new URL("./training_worker.ts", import.meta.url).href, { type: "module" });
  const render = (layers: FrameLayers) =>
    new Promise<Uint8Array>((resolve, reject) => {
      worker.onmessage = (e: MessageEvent<GifReply>) => {
        if (e.data.ok) resolve(e.data.gif);
        else reject(Object.assign(new Error(e.data.message), { name: e.data.errorClass }));
      };
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`the GIF's worker failed: ${e.message}`));
      };
      worker.postMessage({ layers } satisfies GifJob);
    });
  return { worker, render };
}
