/**
 * `deno task mnist_training`: its flags, its `--help`, and running the MNIST training experiment on a pool of
 * workers (one (cell, seed) job at a time each), with a status line per job on stderr. The computation lives in
 * `lib/mnist/`, the files in `lib/output/`.
 *
 * @module
 */
import { mnistCache } from "../output/mnist_cache.ts";
import { readTextIfPresent } from "../input.ts";
import { backendFlag, DEFAULT_OUT, outFlag } from "./common_flags.ts";
import { type FlagValues, integerFlag, parseFlags } from "./flags.ts";
import { backendLine, type CommandIo, stderrIo, wroteLine } from "./report.ts";
import { formatDuration } from "./progress.ts";
import { selectBackend } from "../engine/backend.ts";
import { RunError, UsageError } from "../errors.ts";
import { loadMnist } from "../mnist/dataset.ts";
import { cellName, MNIST_TRAINING, type SeedResult } from "../mnist/training.ts";
import {
  gatherCells,
  type MnistTrainingResult,
  trainingComparisons,
  type TrainingMachine,
} from "../mnist/training_result.ts";
import { type FileToWrite, prepareOutDir } from "../output/files.ts";
import { MNIST_TRAINING_NAME, mnistTrainingFiles, writeMnistTraining } from "../output/mnist_training.ts";
import { joinPath } from "../output/paths.ts";
import type { MnistTrainingReply } from "./mnist_training_worker.ts";
import { type MnistTrainingJob, runMnistTrainingJob } from "./mnist_training_job.ts";

/** The flags of `deno task mnist_training`, with their defaults and limits. */
export const MNIST_TRAINING_FLAGS = {
  seeds: integerFlag({
    description: "seeds per cell (seeds 0..N-1), each run with every relu'(0)",
    default: 12,
    min: 2,
    max: 1000,
  }),
  epochs: integerFlag({ description: "passes over the training images", default: 3, min: 1, max: 100 }),
  "train-size": integerFlag({
    description: "training images used: the first N of the 60,000",
    default: 10000,
    min: MNIST_TRAINING.batch,
    max: 60000,
  }),
  backend: backendFlag(
    "wasm",
    "tfjs backend; wasm by default: XNNPACK sums the products in float32 as a GPU does (cpu sums them in JS " +
      "doubles, so it meets fewer exact zeros)",
  ),
  workers: integerFlag({
    description: "threads training at once (this one and N − 1 workers), one job (cell and seed) each",
    default: 2,
    min: 1,
    max: 16,
  }),
  out: outFlag,
};

/** The values of {@link MNIST_TRAINING_FLAGS}. */
export type MnistTrainingValues = FlagValues<typeof MNIST_TRAINING_FLAGS>;

const COMMAND = {
  usage: "deno task mnist_training --",
  summary: [
    `Trains a 784-${MNIST_TRAINING.widths.join("-")}-10 MLP on MNIST (batch ${MNIST_TRAINING.batch}; SGD lr ` +
    `${MNIST_TRAINING.lr.sgd}, Adam lr ${MNIST_TRAINING.lr.adam}) in every cell of optimizer × batch norm × ` +
    "precision (float32; float16 emulated: inputs, weights and every layer's output rounded to half, products " +
    "summed in float32), with relu'(0) = 0, 0.5, 1 and random on the same --seeds (same initialisation, same " +
    "batches), and tests each on the 10,000 test images. The conventions share one trajectory until an exact zero " +
    "reaches relu, then split. Measures the test accuracy, the exact zeros per relu call and divergence, and " +
    "compares each convention with 0 (bootstrap CI, sign and Wilcoxon tests, Holm).",
    "Writes mnist_training.json, mnist_training.md (its tables), mnist_training.svg and its spec " +
    "mnist_training.vl.json into --out. figures/mnist_training.md gives the wall time and load of the committed " +
    "run at these defaults; time grows with --seeds × --epochs × --train-size.",
  ].join("\n"),
  flags: MNIST_TRAINING_FLAGS,
};

async function machine(load: number[] | null): Promise<TrainingMachine> {
  let cpuModel: string | null = null;
  // Read only where already granted (deno task mnist_training does not grant it): never a permission prompt.
  if (Deno.permissions.querySync({ name: "read", path: "/proc/cpuinfo" }).state === "granted") {
    try {
      cpuModel = /^model name\s*:\s*(.+)$/m.exec(await Deno.readTextFile("/proc/cpuinfo"))?.[1] ?? null;
    } catch { /* not a Linux /proc: recorded as unknown */ }
  }
  return {
    platform: `${Deno.build.os} ${Deno.build.arch}`,
    cpus: navigator.hardwareConcurrency,
    cpuModel,
    deno: Deno.version.deno,
    load: { before: load, after: loadavg() },
  };
}

function loadavg(): number[] | null {
  try {
    return Deno.loadavg();
  } catch {
    return null;
  }
}

/**
 * Runs `jobs` on `lanes` lanes, each taking the next job when it is free: this thread is the first lane, workers
 * the others (a Deno thread that only awaited its workers would spin a core). Results in job order.
 */
async function runJobs(
  jobs: readonly MnistTrainingJob[],
  lanes: number,
  onDone: (job: MnistTrainingJob, done: number) => void,
): Promise<SeedResult[]> {
  const results: SeedResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  const inWorker = (worker: Worker, job: MnistTrainingJob) =>
    new Promise<MnistTrainingReply>((resolve) => {
      worker.onmessage = (e: MessageEvent<MnistTrainingReply>) => resolve(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        resolve({ ok: false, message: e.message });
      };
      worker.postMessage(job);
    });
  const drive = async (lane: number) => {
    const worker = lane === 0
      ? undefined
      : new Worker(new URL("./mnist_training_worker.ts", import.meta.url).href, { type: "module" });
    if (worker) pool.push(worker);
    while (next < jobs.length) {
      const i = next++;
      const reply: MnistTrainingReply = worker
        ? await inWorker(worker, jobs[i])
        : { ok: true, result: await runMnistTrainingJob(jobs[i]) };
      if (!reply.ok) {
        throw new RunError(`mnist_training: ${cellName(jobs[i].cell)} seed ${jobs[i].seed}: ${reply.message}`);
      }
      results[i] = reply.result;
      onDone(jobs[i], ++done);
    }
    worker?.terminate();
  };
  try {
    await Promise.all(Array.from({ length: Math.min(lanes, jobs.length) }, (_, lane) => drive(lane)));
  } finally {
    for (const w of pool) w.terminate();
  }
  return results;
}

/**
 * Runs the experiment with `values` and returns its result (nothing written).
 *
 * @param values the flags' values
 * @param io where status lines go
 * @returns the result, ready for `lib/output/mnist_training.ts`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MNIST_TRAINING_FLAGS, runMnistTraining } from "./mnist_training.ts";
 * const values = { seeds: 2, epochs: 1, "train-size": 128, backend: "cpu" as const, workers: 1, out: "/unused" };
 * const result = await runMnistTraining(values, { status: () => {} }, { cells: 1 });
 * strictEqual(result.cells[0].runs["0"].length, 2);
 * strictEqual(MNIST_TRAINING_FLAGS.seeds.default, 12);
 * ```
 */
export async function runMnistTraining(
  values: Omit<MnistTrainingValues, "out">,
  io: CommandIo,
  options: { command?: string; cells?: number } = {},
): Promise<MnistTrainingResult> {
  const loadBefore = loadavg();
  const selection = await selectBackend(values.backend);
  io.status(backendLine(selection, "tfjs MLP (lib/mnist/tf_mlp.ts)"));
  const test = await loadMnist("test", { cache: mnistCache() });
  await loadMnist("train", { limit: values["train-size"], cache: mnistCache() }); // refuses missing or broken files before any worker starts
  const cells = MNIST_TRAINING.cells.slice(0, options.cells);
  const seeds = Array.from({ length: values.seeds }, (_, i) => i);
  // float16 cells first: they split early and cost up to four times as much, so the pool ends evenly.
  const order = [...cells.keys()].sort((a, b) =>
    Number(cells[b].precision === "float16") - Number(cells[a].precision === "float16") || a - b
  );
  const jobs: MnistTrainingJob[] = order.flatMap((c) =>
    seeds.map((seed) => ({
      backend: selection.backend,
      trainSize: values["train-size"],
      cell: cells[c],
      seed,
      epochs: values.epochs,
    }))
  );
  const started = performance.now();
  const results = await runJobs(jobs, values.workers, (job, done) => {
    io.status(
      `trained ${done}/${jobs.length} (${cellName(job.cell)}, seed ${job.seed}) in ${
        formatDuration(performance.now() - started)
      }`,
    );
  });
  const wallSeconds = Math.round((performance.now() - started) / 100) / 10;
  const perCell = cells.map((cell) =>
    seeds.map((seed) => results[jobs.findIndex((j) => j.cell === cell && j.seed === seed)])
  );
  const gathered = gatherCells(cells, perCell);
  return {
    command: options.command ?? "deno task mnist_training",
    machine: await machine(loadBefore),
    backend: { name: selection.backend, reason: selection.reason },
    wallSeconds,
    settings: {
      widths: MNIST_TRAINING.widths,
      batch: MNIST_TRAINING.batch,
      lr: MNIST_TRAINING.lr,
      epochs: values.epochs,
      seeds,
      trainSize: values["train-size"],
      testSize: test.count,
      workers: values.workers,
    },
    cells: gathered,
    comparisons: trainingComparisons(gathered),
  };
}

/**
 * Runs `deno task mnist_training` with `args`: trains, then writes the files and returns one line per file.
 *
 * @param args the command-line arguments
 * @returns the lines of the files written, or nothing after `--help`
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { runMnistTrainingCommand } from "./mnist_training.ts";
 * import { UsageError } from "../errors.ts";
 * strictEqual(await runMnistTrainingCommand(["--help"]), undefined);
 * await rejects(() => runMnistTrainingCommand(["--seeds", "1"]), UsageError);
 * ```
 */
export async function runMnistTrainingCommand(args: readonly string[]): Promise<string[] | undefined> {
  const values = parseFlags(args, COMMAND);
  if (values === null) return;
  await prepareOutDir(values.out);
  const shown = args[0] === "--" ? args.slice(1) : args;
  const command = ["deno task mnist_training", ...(shown.length ? ["--", ...shown] : [])].join(" ");
  const result = await runMnistTraining(values, stderrIo(), { command });
  return (await writeMnistTraining(values.out, result)).map(wroteLine);
}

/**
 * The experiment's files re-rendered from its committed result (`mnist_training.json` in `from`), for `deno task
 * figures`: nothing is trained. None when `from` holds no result.
 *
 * @param out the folder the files are for
 * @param from the folder of the committed result (default: the repository's figures/)
 * @returns the files to write (the JSON rewritten as read, the tables and the figure)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { mnistTrainingRerender } from "./mnist_training.ts";
 * const empty = await Deno.makeTempDir();
 * deepStrictEqual(await mnistTrainingRerender(empty, empty), []); // no committed result there: nothing to render
 * await Deno.remove(empty);
 * ```
 */
export async function mnistTrainingRerender(out: string, from: string = DEFAULT_OUT): Promise<FileToWrite[]> {
  const file = joinPath(from, `${MNIST_TRAINING_NAME}.json`);
  const text = await readTextIfPresent(file);
  if (text === null) return [];
  let result: MnistTrainingResult;
  try {
    result = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not JSON (${(e as Error).message}); rerun deno task mnist_training`);
  }
  return await mnistTrainingFiles(out, result);
}
