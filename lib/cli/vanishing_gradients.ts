/**
 * `deno task vanishing_gradients`: trains the essay's 1-H-1 network with
 * each activation on the same seeds and writes the experiment's files; and
 * the re-render of the committed record that `deno task figures` runs. The
 * computation lives in `lib/experiments/vanishing_*.ts`, the files in
 * `lib/output/vanishing_gradients.ts`.
 *
 * @module
 */
import { readTextIfPresent } from "../input.ts";
import { choiceFlag, type FlagSpec, integerFlag, parseFlags, settingFlag } from "./flags.ts";
import { DEFAULT_OUT, outFlag } from "./out_flag.ts";
import { backendFlag } from "./common_flags.ts";
import { backendLine, type CommandIo, stderrIo, wroteLine } from "./report.ts";
import { UsageError } from "../errors.ts";
import { ACTIVATION_ACCEPTED, isPiecewise, parseActivation } from "../math/activation_registry.ts";
import { DEFAULT_TARGET, TARGET_NAMES, type TargetName, TARGETS } from "../math/targets.ts";
import { narrowed } from "../model/setting_kinds.ts";
import { RUN_SETTINGS } from "../model/settings.ts";
import { defaultEvery, ESSAY } from "../essay.ts";
import { type BackendChoice, selectBackend } from "../engine/backend.ts";
import { ENGINES } from "../engine/registry.ts";
import type { EngineFactory } from "../engine/contract.ts";
import { trainBatch } from "../train/batch.ts";
import { seedList } from "../experiments/plans.ts";
import {
  type ActivationRun,
  runVanishingGradients,
  VANISHING_ACTIVATIONS,
  type VanishingActivation,
  type VanishingResult,
} from "../experiments/vanishing_gradients.ts";
import { vanishingComparisons } from "../experiments/vanishing_comparisons.ts";
import { parseVanishingRecord, vanishingRecord } from "../experiments/vanishing_files.ts";
import { VANISHING_NAME, vanishingFiles } from "../output/vanishing_gradients.ts";
import { checkOutDir, type FileToWrite, prepareOutDir, writeFilesAtomic } from "../output/files.ts";
import { probeOutDir } from "../output/probe.ts";
import { joinPath } from "../output/paths.ts";

/**
 * The seeds (models per activation) when `--seeds` is not given.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { VANISHING_FLAGS, VANISHING_SEEDS } from "./vanishing_gradients.ts";
 * strictEqual(VANISHING_FLAGS.seeds.default, VANISHING_SEEDS);
 * ```
 */
export const VANISHING_SEEDS = 64;

const activationsFlag: FlagSpec<string[]> = {
  description: "activations, the first compared with each other one",
  default: [...VANISHING_ACTIVATIONS],
  accepted: `a comma-separated list of activations, no repeats, each ${ACTIVATION_ACCEPTED}`,
  parse(raw) {
    const texts = raw.split(",").map((t) => parseActivation(t)?.text);
    if (texts.some((t) => t === undefined) || new Set(texts).size !== texts.length) return undefined;
    return texts as string[];
  },
};

/** The flags of `deno task vanishing_gradients`, with their limits. */
export const VANISHING_FLAGS = {
  seeds: integerFlag({
    description: "seeds (models) per activation (seeds 0..N-1)",
    default: VANISHING_SEEDS,
    min: 1,
    max: 128,
  }),
  epochs: settingFlag(narrowed(RUN_SETTINGS.epochs, { max: 100000 }), { description: "full-batch SGD updates" }),
  lr: settingFlag(RUN_SETTINGS.lr, { description: "learning rate, the same for every activation" }),
  activations: activationsFlag,
  target: choiceFlag<TargetName>({
    description: "the function learned, on its default x range",
    default: DEFAULT_TARGET,
    choices: TARGET_NAMES,
  }),
  backend: backendFlag(
    "wasm",
    "tfjs backend for every activation; wasm by default: the autodiff engine that trains the smooth activations " +
      "runs several times faster there than on cpu (the fused engine gives the same bits on both)",
  ),
  out: outFlag,
};

/** The flag values of `deno task vanishing_gradients`. */
export type VanishingValues = {
  seeds: number;
  epochs: number;
  lr: number;
  activations: string[];
  target?: TargetName;
  backend: BackendChoice;
  out: string;
};

const COMMAND = {
  usage: "deno task vanishing_gradients --",
  summary: [
    `Trains the essay's 1-H-1 network (H = ${ESSAY.hidden}, ${ESSAY.points} points of --target on its x range, ` +
    `${TARGETS[DEFAULT_TARGET].label} on [${ESSAY.xMin}, ${ESSAY.xMax}] by default, SGD, PyTorch-style init, ` +
    `${ESSAY.precision}) with each of ` +
    "--activations on the same --seeds (a seed gives the same initial parameters and data for every activation): " +
    "piecewise-linear ones on the fused engine, smooth ones on the autodiff engine. Every 100 updates it takes " +
    "each model's first-layer gradient ‖∂L/∂(w0, b0)‖ in float64 from the parameters, counts the hidden units " +
    "whose gradient is near zero (below 1e-3 × the model's largest unit) and exactly zero (dead), and the share " +
    "of (unit, input) pairs where the activation is flat (|f′| below 1e-3 × its largest slope).",
    "Writes vanishing_gradients.json (every seed at every snapshot, and the paired comparisons of the first " +
    "activation with each other one: bootstrap CI, sign and Wilcoxon tests, Holm-corrected), its figure " +
    "vanishing_gradients.svg with the spec .vl.json, and its tables vanishing_gradients.md into --out.",
    "Time grows with --seeds × --epochs; the smooth activations take most of it.",
  ].join("\n"),
  flags: VANISHING_FLAGS,
};

/**
 * Trains one activation's models on the active backend: a piecewise-linear one on the fused engine (kink derivative:
 * the frameworks' value), a smooth one on the autodiff engine.
 *
 * @param activation the activation
 * @param run the models, data and settings
 * @returns the training, parameters every `run.every` updates
 */
async function trainActivation(activation: VanishingActivation, run: ActivationRun) {
  const a = parseActivation(activation.name)!;
  const engine = isPiecewise(a) ? "fused" : "autodiff";
  const spec = {
    ...run,
    optimizer: "sgd" as const,
    gradAtZero: isPiecewise(a) ? a.defaultKink : RUN_SETTINGS.gradAtZero.default,
    activation: a.text,
    precision: "float32" as const,
    paramsEvery: run.every,
  };
  // The engine is told the activation whatever spec the trainer hands it (engineSpec keeps the fields it knows).
  const withActivation: EngineFactory = (given) => ENGINES[engine]({ ...given, activation: a.text });
  return await trainBatch(withActivation, spec);
}

/**
 * Trains and measures the experiment at `v`, reporting the time on `io.status`.
 *
 * @param v the flag values
 * @param io where to report
 * @returns the result
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { computeVanishing } from "./vanishing_gradients.ts";
 * const status: string[] = [];
 * const v = { seeds: 2, epochs: 3, lr: 1e-4, activations: ["relu"], backend: "cpu" as const, out: "/tmp" };
 * const r = await computeVanishing(v, { status: (line) => status.push(line) });
 * deepStrictEqual(r.snapshotEpochs, [0, 3]);
 * ok(status[1].startsWith("trained 2 models × 3 updates"));
 * ```
 */
export async function computeVanishing(v: VanishingValues, io: CommandIo = stderrIo()): Promise<VanishingResult> {
  const selection = await selectBackend(v.backend);
  io.status(backendLine(selection, "fused for piecewise-linear activations, autodiff for smooth ones"));
  const started = performance.now();
  const target = v.target ?? DEFAULT_TARGET;
  const activations = v.activations.map((text) => {
    const a = parseActivation(text)!;
    return { name: a.text, f: a.f, df: (z: number) => a.df(z) };
  });
  const result = await runVanishingGradients(trainActivation, {
    activations,
    seeds: seedList(v.seeds),
    hidden: ESSAY.hidden,
    lr: v.lr,
    epochs: v.epochs,
    every: defaultEvery(v.epochs),
    points: ESSAY.points,
    xMin: TARGETS[target].xMin,
    xMax: TARGETS[target].xMax,
    ...(target === DEFAULT_TARGET ? {} : { target }), // recorded only when not the default
    precision: ESSAY.precision,
    onProgress: (done, total) => io.progress?.(`trained ${done}/${total} activations of ${v.seeds} models`),
  });
  if (io.progress) io.progress("\n");
  const seconds = (performance.now() - started) / 1000;
  io.status(
    `trained ${v.seeds * activations.length} models × ${v.epochs} updates (${activations.length} activations) in ` +
      `${seconds.toFixed(1)} s`,
  );
  return result;
}

/**
 * Re-renders the committed record (`figures/vanishing_gradients.json`, or the one in `from`) into `out`: the
 * record, its figure and its tables. This is what `deno task figures` does for the experiment, which it never
 * reruns. Nothing when there is no record.
 *
 * @param out the output folder
 * @param from the folder of the record (default figures/)
 * @returns the files to write
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { vanishingRerender } from "./vanishing_gradients.ts";
 * const empty = await Deno.makeTempDir();
 * deepStrictEqual(await vanishingRerender(empty, empty), []); // no record there: nothing to render
 * await Deno.remove(empty);
 * ```
 */
export async function vanishingRerender(out: string, from: string = DEFAULT_OUT): Promise<FileToWrite[]> {
  const file = joinPath(from, `${VANISHING_NAME}.json`);
  const text = await readTextIfPresent(file);
  if (text === null) return [];
  try {
    return await vanishingFiles(out, parseVanishingRecord(text));
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new UsageError(`${file}: ${e.message}; rerun deno task vanishing_gradients`);
  }
}

/**
 * Runs `deno task vanishing_gradients` with `args`: checks every flag and the output folder, trains, writes the
 * files.
 *
 * @param args the command-line arguments
 * @param io where to report status (default stderr)
 * @returns the lines written, or null after `--help`
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { runVanishingCommand } from "./vanishing_gradients.ts";
 * import { UsageError } from "../errors.ts";
 * strictEqual(await runVanishingCommand(["--help"]), null); // after printing the help text
 * await rejects(() => runVanishingCommand(["--activations", "relu,swish"]), UsageError); // nothing trained
 * await rejects(() => runVanishingCommand(["--activations", "relu,relu"]), UsageError);
 * ```
 */
export async function runVanishingCommand(
  args: readonly string[],
  io: CommandIo = stderrIo(),
): Promise<string[] | null> {
  const v = parseFlags(args, COMMAND);
  if (v === null) return null;
  await checkOutDir(v.out);
  await probeOutDir(v.out); // a folder no file can be created in fails now, not after the training
  const result = await computeVanishing(v, io);
  const record = vanishingRecord(result, vanishingComparisons(result));
  await prepareOutDir(v.out);
  return (await writeFilesAtomic(await vanishingFiles(v.out, record))).map(wroteLine);
}
