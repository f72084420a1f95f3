/**
 * `deno task mnist_bifurcation`: the bifurcation experiment on MNIST (Bertoin
 * et al., NeurIPS 2021, §3) over depth {1, 2, 3} at width 256 and width
 * {16, 64, 256} at depth 3, in float16, float32 and float64, on worker
 * threads; or, with `--from`, the tables and figure re-rendered from a
 * record without computing.
 *
 * @module
 */
import { RunError, UsageError } from "../errors.ts";
import { type FlagValues, integerFlag, optionalStringFlag, parseFlags } from "./flags.ts";
import { DEFAULT_OUT, outFlag } from "./common_flags.ts";
import { type CommandIo, stderrIo, wroteLine } from "./report.ts";
import {
  BIFURCATION_ARCHITECTURES,
  BIFURCATION_BATCH,
  BIFURCATION_PASS,
  type BifurcationRecord,
  cellRecord,
  type InitOutcome,
  MNIST_PRECISIONS,
  type MnistPrecision,
  parseBifurcationRecord,
} from "../mnist/mod.ts";
import {
  MNIST_BIFURCATION_NAME,
  MNIST_BIFURCATION_TORCH_NAME,
  mnistBifurcationFiles,
  writeMnistBifurcation,
} from "../output/mnist.ts";
import { readTextIfPresent } from "../input.ts";
import { checkOutDir, type FileToWrite, prepareOutDir, writeFilesAtomic } from "../output/files.ts";
import { probeOutDir } from "../output/probe.ts";
import type { BifurcationJob, BifurcationReply } from "./mnist_bifurcation_worker.ts";

/**
 * Initialisations per cell by default: 200 in float16 and float32 (twice
 * the floor of 100, so that the grid takes about 15 minutes of two
 * idle cores; the committed run's wall time is in
 * figures/mnist_bifurcation.md), 40 in float64, where the answer is expected
 * to be 0 and a pass costs twice as much.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DEFAULT_BIFURCATION_INITS } from "./mnist_bifurcation.ts";
 * deepStrictEqual(DEFAULT_BIFURCATION_INITS, { float16: 200, float32: 200, float64: 40 });
 * ```
 */
export const DEFAULT_BIFURCATION_INITS: Readonly<Record<MnistPrecision, number>> = {
  float16: 200,
  float32: 200,
  float64: 40,
};

/** The flags of `deno task mnist_bifurcation`. */
export const BIFURCATION_FLAGS = {
  inits: integerFlag({
    description: "initialisations per float16 and float32 cell (0..N-1)",
    default: DEFAULT_BIFURCATION_INITS.float32,
    min: 1,
    max: 100000,
  }),
  "inits-float64": integerFlag({
    description: "initialisations per float64 cell",
    default: DEFAULT_BIFURCATION_INITS.float64,
    min: 1,
    max: 100000,
  }),
  images: integerFlag({
    description: "training images in the pass, the first N in file order (the paper: all)",
    default: 60000,
    min: 1,
    max: 60000,
  }),
  workers: integerFlag({ description: "worker threads", default: 2, min: 1, max: 64 }),
  from: optionalStringFlag({
    description:
      "re-render the tables and figure from this record instead of computing (the record is copied to --out)",
    accepted: "a path to a mnist_bifurcation.json",
  }),
  out: outFlag,
};

/** The values of {@link BIFURCATION_FLAGS}. */
export type BifurcationValues = FlagValues<typeof BIFURCATION_FLAGS>;

const COMMAND = {
  usage: "deno task mnist_bifurcation --",
  summary: [
    "The bifurcation zone of Bertoin et al. (NeurIPS 2021) on MNIST: for each initialisation (PyTorch's default, " +
    "seeded), one pass over the training images in file order, batches of 256, with relu'(0) = 0 and relu'(0) = 1; " +
    "the initialisation bifurcates when some batch's first-layer weight gradient differs bit for bit. Grid: depth " +
    "1, 2, 3 at width 256 and width 16, 64 at depth 3, in float16 (half values, float32 sums), float32 and float64.",
    "Writes mnist_bifurcation.json (per initialisation: bifurcated, first batch, exact zeros; the command, the " +
    "machine, the date), mnist_bifurcation.md (shares with Clopper–Pearson 95 % intervals beside the paper's " +
    "counts) and mnist_bifurcation.svg with its spec into --out. Time grows with --inits and --images.",
  ].join("\n"),
  flags: BIFURCATION_FLAGS,
};

/**
 * The jobs of a run: every architecture × precision × initialisation, in the
 * order of the share of its precision's initialisations done, so that a run
 * stopped early holds the first initialisations of every cell, in proportion.
 */
function jobsOf(v: BifurcationValues): BifurcationJob[] {
  const inits = initsOf(v);
  const jobs: { job: BifurcationJob; at: number }[] = [];
  for (const precision of MNIST_PRECISIONS) {
    for (let init = 0; init < inits[precision]; init++) {
      for (const a of BIFURCATION_ARCHITECTURES) {
        const job = { cell: { ...a, precision }, init, images: v.images, batch: BIFURCATION_BATCH };
        jobs.push({ job, at: init / inits[precision] });
      }
    }
  }
  return jobs.sort((a, b) => a.at - b.at).map(({ job }) => job); // a stable sort: ties keep the precision order
}

/** The initialisations per cell that the flags ask for, per precision. */
function initsOf(v: BifurcationValues): Record<MnistPrecision, number> {
  return { float16: v.inits, float32: v.inits, float64: v["inits-float64"] };
}

/** Runs the jobs on `workers` worker threads; the outcomes and seconds in job order. */
async function runJobs(
  jobs: readonly BifurcationJob[],
  workers: number,
  io: CommandIo,
  stopped: () => boolean,
): Promise<{ outcome: InitOutcome; seconds: number }[]> {
  const results: { outcome: InitOutcome; seconds: number }[] = new Array(jobs.length);
  const pool: Worker[] = [];
  let next = 0;
  let done = 0;
  const drive = async () => {
    const worker = new Worker(new URL("./mnist_bifurcation_worker.ts", import.meta.url).href, { type: "module" });
    pool.push(worker);
    while (next < jobs.length && !stopped()) {
      const i = next++;
      const reply = await new Promise<BifurcationReply>((resolve) => {
        worker.onmessage = (e: MessageEvent<BifurcationReply>) => resolve(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          resolve({ ok: false, usage: false, message: e.message });
        };
        worker.postMessage(jobs[i]);
      });
      if (!reply.ok) throw reply.usage ? new UsageError(reply.message) : new Error(reply.message);
      results[i] = reply;
      done++;
      if (io.progress) io.progress(`${done}/${jobs.length} passes`);
      else if (done % Math.ceil(jobs.length / 10) === 0) io.status(`${done}/${jobs.length} passes`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, drive));
  } finally {
    for (const w of pool) w.terminate();
  }
  if (io.progress) io.progress("\n");
  return results;
}

/**
 * The load average, where this process may read it (`--allow-sys=loadavg`).
 *
 * @returns the 1-, 5- and 15-minute load averages, or undefined
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { loadAverage } from "./mnist_bifurcation.ts";
 * const load = loadAverage();
 * ok(load === undefined || load.length === 3);
 * ```
 */
export function loadAverage(): number[] | undefined {
  return Deno.permissions.querySync({ name: "sys", kind: "loadavg" }).state === "granted" ? Deno.loadavg() : undefined;
}

/**
 * Runs the experiment and returns its record (nothing is written).
 *
 * @param v the flag values
 * @param options `args`, the command line recorded in the record; `io`, where status goes
 * @returns the record
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { computeBifurcation, BIFURCATION_FLAGS } from "./mnist_bifurcation.ts";
 * const v = { inits: 1, "inits-float64": 1, images: 64, workers: 2, from: undefined, out: "/tmp" };
 * const record = await computeBifurcation(v, { args: [], io: { status: () => {} } });
 * strictEqual(record.cells.length, 15);
 * strictEqual(record.protocol.images, 64);
 * ```
 */
export async function computeBifurcation(
  v: BifurcationValues,
  options: { args: readonly string[]; io?: CommandIo },
): Promise<BifurcationRecord> {
  const { io = stderrIo() } = options;
  const jobs = jobsOf(v);
  io.status(`${jobs.length} passes over ${v.images} images on ${v.workers} workers`);
  // Ctrl-C (or SIGTERM) stops handing out passes; the record then holds the initialisations that every cell finished.
  let stop = false;
  const onSignal = () => {
    stop = true;
    io.status("stopping: finishing the passes in flight, then writing the initialisations every cell finished");
  };
  const signals = (["SIGINT", "SIGTERM"] as const).filter((signal) => {
    try {
      Deno.addSignalListener(signal, onSignal);
      return true;
    } catch {
      return false; // not on this platform
    }
  });
  const started = performance.now();
  let results: { outcome: InitOutcome; seconds: number }[];
  try {
    results = await runJobs(jobs, v.workers, io, () => stop);
  } finally {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const inits = initsOf(v);
  if (stop) {
    for (const precision of MNIST_PRECISIONS) {
      let n = 0;
      while (
        n < inits[precision] && jobs.every((j, i) => j.cell.precision !== precision || j.init !== n || results[i])
      ) n++;
      inits[precision] = n;
    }
    if (Math.min(...Object.values(inits)) === 0) throw new RunError("stopped before every cell had one initialisation");
  }
  const cells = BIFURCATION_ARCHITECTURES.flatMap((a) =>
    MNIST_PRECISIONS.map((precision) => {
      const mine = results.filter((r, i) =>
        r && jobs[i].cell.depth === a.depth && jobs[i].cell.width === a.width && jobs[i].cell.precision === precision &&
        jobs[i].init < inits[precision]
      );
      const seconds = Math.round(mine.reduce((s, r) => s + r.seconds, 0) * 10) / 10;
      return cellRecord({ ...a, precision }, mine.map((r) => r.outcome), seconds);
    })
  );
  io.status(`computed in ${wallSeconds.toFixed(0)} s`);
  return {
    command: ["deno task mnist_bifurcation", ...options.args.filter((a) => a !== "--")].join(" "),
    date: new Date().toISOString(),
    machine: {
      cores: navigator.hardwareConcurrency,
      os: `${Deno.build.os} ${Deno.build.arch}`,
      deno: Deno.version.deno,
      workers: v.workers,
      ...(loadAverage() ? { loadAverage: loadAverage() } : {}),
    },
    wallSeconds: Math.round(wallSeconds),
    protocol: {
      images: v.images,
      ...BIFURCATION_PASS,
      arithmetic: "products of nonzero inputs summed in input order, multiply then add (no FMA), bias added last; " +
        "float16: half-precision values, float32 sums, each layer's output rounded to half",
    },
    inits,
    ...(stop
      ? {
        stoppedEarly: `stopped by a signal after ${
          Math.round(wallSeconds)
        } s; the inits asked for were ${v.inits} and ${v["inits-float64"]}`,
      }
      : {}),
    cells,
  };
}

/** Reads and checks a record file (its text and the record); a missing or wrong one is refused in one line naming it. */
async function readRecord(path: string): Promise<{ text: string; record: BifurcationRecord }> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new UsageError(`cannot read --from ${path}: ${e instanceof Error ? e.message : e}`);
  }
  return { text, record: parseBifurcationRecord(text, path) };
}

/**
 * PyTorch's committed record (`figures/mnist_bifurcation_torch.json`, from
 * `deno task mnist_bifurcation:torch`) and its text, when there is one over
 * `images` images: set beside ours in the Markdown and written with it as it is.
 */
async function committedTorch(images: number): Promise<{ record: BifurcationRecord; text: string } | undefined> {
  const path = `${DEFAULT_OUT}/${MNIST_BIFURCATION_TORCH_NAME}.json`;
  const text = await readTextIfPresent(path);
  if (text === null) return undefined;
  const record = parseBifurcationRecord(text, path);
  return record.protocol?.images === images ? { record, text } : undefined;
}

/**
 * Re-renders the committed record (`figures/mnist_bifurcation.json`) into
 * `out`: the record as it is, its tables (with PyTorch's committed cells
 * beside ours, when there are any, and their record as it is) and its figure. This is what
 * `deno task figures` does for the experiment, which it never reruns.
 *
 * @param out the output folder (it must exist)
 * @returns one line per file written
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { rerenderBifurcation } from "./mnist_bifurcation.ts";
 * const dir = await Deno.makeTempDir();
 * strictEqual((await rerenderBifurcation(dir)).length, 5); // PyTorch's record, then ours, the SVG, its spec, the Markdown
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function rerenderBifurcation(out: string): Promise<string[]> {
  return (await writeFilesAtomic(await bifurcationRerender(out))).map(wroteLine);
}

/**
 * The files {@link rerenderBifurcation} writes, rendered and not written (a worker of `deno task figures` renders
 * them; its main thread writes them).
 *
 * @param out the output folder
 * @returns PyTorch's record (when committed), ours, the SVG, its spec and the Markdown
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { bifurcationRerender } from "./mnist_bifurcation.ts";
 * const files = await bifurcationRerender("figures");
 * deepStrictEqual(files.map((f) => f.path.slice("figures/".length)), [
 *   "mnist_bifurcation_torch.json", "mnist_bifurcation.json", "mnist_bifurcation.svg", "mnist_bifurcation.vl.json",
 *   "mnist_bifurcation.md",
 * ]);
 * deepStrictEqual(files[3].data, await Deno.readTextFile("figures/mnist_bifurcation.vl.json")); // as committed
 * ```
 */
export async function bifurcationRerender(out: string): Promise<FileToWrite[]> {
  const { text, record } = await readRecord(`${DEFAULT_OUT}/${MNIST_BIFURCATION_NAME}.json`);
  const torch = await committedTorch(record.protocol.images);
  return await mnistBifurcationFiles(out, record, { recordText: text, torch });
}

/**
 * Runs `deno task mnist_bifurcation` with `args`: checks every flag and the
 * output folder, computes (or reads `--from`), writes the files.
 *
 * @param args the command-line arguments
 * @param io where status goes (default stderr)
 * @returns one line per file written, or null after `--help`
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { runBifurcationCommand } from "./mnist_bifurcation.ts";
 * strictEqual(await runBifurcationCommand(["--help"]), null); // after printing the help text
 * await rejects(() => runBifurcationCommand(["--inits", "0"]), /--inits must be an integer in \[1, 100000\], got "0"/);
 * ```
 */
export async function runBifurcationCommand(
  args: readonly string[],
  io: CommandIo = stderrIo(),
): Promise<string[] | null> {
  const v = parseFlags(args, COMMAND);
  if (v === null) return null;
  await checkOutDir(v.out);
  let saved: { text?: string; record: BifurcationRecord };
  if (v.from !== undefined) saved = await readRecord(v.from);
  else {
    await probeOutDir(v.out); // a folder no file can be created in fails now, not after the passes
    saved = { record: await computeBifurcation(v, { args, io }) };
  }
  await prepareOutDir(v.out);
  const torch = await committedTorch(saved.record.protocol.images);
  return (await writeMnistBifurcation(v.out, saved.record, { recordText: saved.text, torch })).map(wroteLine);
}
