/**
 * Side-by-side timing against the essay's own workflow (PyTorch +
 * matplotlib, `shared/peers/seed_pytorch.py`, one `python3` process), on this
 * machine, in one run, with the project's performance targets:
 *
 * 1. the fused step at the defaults (H = 7, 300 points, SGD), its marginal
 *    cost in a whole process (`deno task train -- --formats json`, 200001
 *    against 1 epoch) against PyTorch's step (target ≤ 0.02×), and for
 *    reference the step warm in this process;
 * 2. the fused engine's ns per unit-point pair on tfjs cpu at H = 64,
 *    P = 10⁴ (target ≤ 1.0 ns), and a second table at three sizes on cpu and
 *    wasm;
 * 3. `deno task figures -- --only essay,training` as a whole process against
 *    the peer as a whole process (target ≤ 0.15×);
 * 4. the whole `deno task figures`, experiments at their defaults (≤ 1.0×),
 *    and its limit: the experiments' unit-point updates at the kernel's
 *    best ns per pair against the core-seconds its workers spent on them;
 *    and `deno task train` with all formats against `--formats json`
 *    (≤ 1.5×), with `--formats svg` and `--formats gif` alone beside it
 *    (each one default format's cost on its own);
 * 5. the permissions of the `figures` and `train` tasks, read from deno.json
 *    (no `--allow-ffi`, no `--allow-sys`);
 * 6. for reference: a training frame to SVG against the peer's matplotlib
 *    frame, and the GIF's rasterising and encoding per frame.
 *
 * The subprocess timings run in interleaved rounds (peer, essay scope, whole
 * task, the train runs, then again) and each row shows the median of
 * `--repeats` rounds. The task runs are the tasks' own commands from
 * deno.json, with their permissions, only `--allow-write=figures` pointed at a
 * temporary folder (`bench/task_process.ts`); their times include the task's
 * lookup of Deno's npm cache folder, except the two runs whose difference
 * gives the marginal step. The whole `deno task figures` runs
 * `bench/figures_timed.ts` in place of `scripts/figures.ts`: the same command,
 * which also prints its timestamps, for the experiments' core-seconds.
 *
 * It prints the tables and writes them, with the machine, the date and the
 * command, to `bench/results/compare.md` (`--results` to change), formatted
 * with `deno fmt` so the README can quote the file verbatim.
 *
 * Where `/usr/bin/python3` cannot import torch and matplotlib (install them
 * with `apt-get install -y python3-torch python3-matplotlib`), or the peer
 * script is missing, it says so and exits 0 without writing.
 *
 * The machine, the results header, the `deno fmt` pass and the writing
 * come from `bench/results_file.ts`, shared with `bench/scale_measure.ts`
 * and `bench/gif_bench.ts`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { booleanFlag, integerFlag, optionalStringFlag, stringFlag } from "../lib/cli/flags.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { ENGINES } from "../lib/engine/registry.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";
import type { BackendName } from "../lib/model/run.ts";
import { trainRegressor } from "../lib/train/loop.ts";
import { ESSAY } from "../lib/essay.ts";
import { benchMain, contextLines, fmtNum, formatMarkdown, median, writeResults } from "./results_file.ts";
import { measureGif, total } from "./gif_bench.ts";
import { command as run, denoTasks, NPM_CACHE_LOOKUP, runTask } from "./task_process.ts";
import type { FiguresTimings } from "../lib/cli/timings.ts";
import { defaultDeadUnitValues, defaultSweepValues } from "../lib/cli/experiments.ts";
import { DEAD_UNIT_GRID } from "../lib/experiments/dead_units.ts";
import { CONVENTIONS, SWEEP_SETTINGS } from "../lib/experiments/sweep.ts";
import { PRECISIONS } from "../lib/model/settings.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const PYTHON = "/usr/bin/python3";

// ------------------------------------------------------------- this benchmark

/** Runs `cmd args` in the repository; its output is stdout and stderr together. */
async function command(cmd: string, args: string[]): Promise<{ code: number; out: string; s: number }> {
  const r = await run(cmd, args);
  return { code: r.code, out: r.stdout + r.stderr, s: r.s };
}

async function peerMissing(peer: string): Promise<string | null> {
  try {
    await Deno.stat(peer);
  } catch {
    return `the peer script ${peer} is missing (give its path with --peer)`;
  }
  try {
    const r = await command(PYTHON, ["-c", "import torch, matplotlib"]);
    return r.code === 0 ? null : `${PYTHON} cannot import torch and matplotlib ` +
      "(apt-get install -y python3-torch python3-matplotlib)";
  } catch {
    return `${PYTHON} is not installed`;
  }
}

/** The whole processes of one round, seconds as a user waits for each (the task's npm cache lookup included). */
interface Round {
  essay: number;
  all: number;
  /** Core-seconds the workers spent on the experiments' jobs in the whole task. */
  experimentCoreS: number;
  trainAll: number;
  trainJson: number;
  /** `deno task train -- --formats svg` and `--formats gif`: the two default formats that draw, each alone. */
  trainSvg: number;
  trainGif: number;
  /** `deno task train -- --formats json --epochs 200001` and `--epochs 1`, the processes alone. */
  trainLong: number;
  trainOne: number;
}

/** Epochs of the long run whose difference to a 1-epoch run gives the marginal step. */
const LONG_EPOCHS = 200_001;

/** One round of the whole processes: the figures task (two scopes) and the train task (four ways). */
async function oursRound(): Promise<Round> {
  const essay = await runTask("figures", ["--only", "essay,training"]);
  // The whole task through bench/figures_timed.ts: the same command, with its timestamps.
  const all = await runTask("figures", ["--only", "essay,training,experiments"], { script: "bench/figures_timed.ts" });
  const line = all.run.stderr.split("\n").find((l) => l.startsWith("timings: "));
  if (line === undefined) throw new Error(`bench/figures_timed.ts printed no timings:\n${all.run.stderr}`);
  const timings: FiguresTimings = JSON.parse(line.slice("timings: ".length));
  const experimentCoreS = timings.jobs.filter((j) => /^(sweep|dead units)/.test(j.label))
    .reduce((sum, j) => sum + (j.timing.endedAt - j.timing.startedAt) / 1000, 0);
  const trainAll = await runTask("train", []);
  const trainJson = await runTask("train", ["--formats", "json"]);
  const trainSvg = await runTask("train", ["--formats", "svg"]);
  const trainGif = await runTask("train", ["--formats", "gif"]);
  const trainLong = await runTask("train", ["--formats", "json", "--epochs", String(LONG_EPOCHS)]);
  const trainOne = await runTask("train", ["--formats", "json", "--epochs", "1"]);
  return {
    essay: essay.s,
    all: all.s,
    experimentCoreS,
    trainAll: trainAll.s,
    trainJson: trainJson.s,
    trainSvg: trainSvg.s,
    trainGif: trainGif.s,
    trainLong: trainLong.run.s,
    trainOne: trainOne.run.s,
  };
}

/**
 * The experiments' unit-point updates as `deno task figures` runs them, every model for all its updates: the
 * sweep's settings × precisions × conventions × seeds × updates × H × points, and the dead-unit grid's rows
 * × Σ H × points × seeds × updates, without the lr 1e-3 row, which stops once its models have diverged.
 */
function experimentUpdates(): number {
  const sweep = defaultSweepValues("figures");
  const dead = defaultDeadUnitValues("figures");
  const sweepPairs = SWEEP_SETTINGS.reduce((sum, s) => sum + s.hidden * s.points, 0);
  const sweepUpdates = sweepPairs * PRECISIONS.length * CONVENTIONS.length * sweep.seeds * sweep.epochs;
  const rows = DEAD_UNIT_GRID.lrs.filter((lr) => lr < 1e-3).length;
  const units = DEAD_UNIT_GRID.hiddens.reduce((a, b) => a + b, 0);
  return sweepUpdates + rows * units * ESSAY.points * dead.seeds * dead.epochs;
}

/** One run of the peer: the whole process in seconds, its ms per step and its ms per matplotlib frame. */
async function peerOnce(script: string): Promise<{ seconds: number; msPerStep: number; msPerFrame: number }> {
  const out = await Deno.makeTempDir({ prefix: "bench-peer-" });
  try {
    const r = await command(PYTHON, [script, out]);
    if (r.code !== 0) throw new Error(`the peer failed:\n${r.out}`);
    const step = /train_ms_per_step ([\d.]+)/.exec(r.out);
    const frames = /frames (\d+) plot_seconds ([\d.]+)/.exec(r.out);
    return {
      seconds: r.s,
      msPerStep: step ? Number(step[1]) : NaN,
      msPerFrame: frames ? (Number(frames[2]) * 1000) / Number(frames[1]) : NaN,
    };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** ms per step of one default training run (fused engine, tfjs cpu), snapshots and loss read-backs included. */
async function oursMsPerStep(): Promise<number> {
  const t0 = performance.now();
  await trainRegressor({ ...ESSAY, createEngine: ENGINES.fused });
  return (performance.now() - t0) / ESSAY.epochs;
}

/** A size of the ns-per-pair table. */
interface PairSize {
  hidden: number;
  points: number;
  models: number;
}

/** The sizes of the ns-per-pair table (as `bench/kernel_pairs.ts`); the second is the target's. */
const PAIR_SIZES: readonly PairSize[] = [
  { hidden: 7, points: 300, models: 1 },
  { hidden: 64, points: 10_000, models: 1 },
  { hidden: 64, points: 1000, models: 64 },
];

async function useBackend(name: BackendName): Promise<void> {
  if (tf.findBackend(name)) await tf.setBackend(name);
  else await selectBackend(name);
}

/**
 * ns per unit-point pair of the fused engine through tfjs (`engine.step(n)`,
 * losses read back once per call): warm-up calls, then `rounds` calls of n
 * steps (n aimed at about 150 ms a call), median.
 */
async function fusedNsPerPair(backend: BackendName, size: PairSize, rounds: number): Promise<number> {
  await useBackend(backend);
  const { x, y } = targetData({ points: size.points, xMin: -10, xMax: 10 });
  const seeds = Array.from({ length: size.models }, (_, m) => m);
  const engine = await createFusedEngine({
    x,
    y,
    init: seeds.map((seed) => createRegressor({ hidden: size.hidden, seed })),
    seeds,
    lr: 1e-4,
    optimizer: "sgd",
    gradAtZero: 0,
  });
  try {
    const pairs = size.hidden * size.points * size.models;
    let n = 1;
    for (let i = 0; i < 4; i++) { // warm-up (JIT, wasm tier-up), aiming n at ~150 ms a call
      const t0 = performance.now();
      await engine.step(n);
      const ms = performance.now() - t0;
      n = Math.max(1, Math.min(200_000, Math.round((n * 150) / Math.max(ms, 0.01))));
    }
    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      await engine.step(n);
      samples.push(((performance.now() - t0) * 1e6) / (n * pairs));
    }
    return median(samples);
  } finally {
    engine.dispose();
  }
}

/** The `--allow-*` flags of a task string, the npm cache lookup shortened to NPM_CACHE. */
function permissionsOf(task: string | undefined): string[] {
  if (task === undefined) return ["(no such task)"];
  return task.replaceAll(NPM_CACHE_LOOKUP, "NPM_CACHE").split(/\s+/).filter((w) =>
    w.startsWith("--allow-") || w === "-A"
  );
}

/** True when none of the flags grants ffi, sys or everything. */
function withoutFfiOrSys(flags: readonly string[]): boolean {
  return flags.length > 0 && flags[0] !== "(no such task)" &&
    !flags.some((f) => /^(-A|--allow-all|--allow-ffi|--allow-sys)(=|$)/.test(f));
}

/** One row of the ratios table. */
interface Row {
  measurement: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
  met: string;
}

/**
 * A row of our number against the peer's: both, their ratio, and, when a target ratio is set, the target and
 * whether it is met.
 */
function againstPeer(measurement: string, ours: number, peer: number, target?: number): Row {
  const ratio = ours / peer;
  return {
    measurement,
    ours: fmtNum(ours),
    peer: fmtNum(peer),
    ratio: ratioText(ratio),
    target: target === undefined ? "" : `≤ ${target >= 1 ? target.toFixed(1) : target}×`,
    met: target === undefined ? "" : yesNo(ratio <= target),
  };
}

const yesNo = (ok: boolean): string => (ok ? "yes" : "no");
const ratioText = (r: number): string => (Number.isFinite(r) ? `${fmtNum(r)}×` : "n/a");

if (import.meta.main) {
  await benchMain(
    "bench:compare",
    "Times training, the fused kernel and `deno task figures` against the PyTorch + matplotlib peer, " +
      "same machine, same run, prints the ratios with their targets (medians of --repeats rounds) and writes " +
      "them to bench/results/compare.md.",
    {
      repeats: integerFlag({ description: "interleaved rounds of each measurement", default: 3, min: 1, max: 20 }),
      peer: optionalStringFlag({
        description: "the peer script (default ../shared/peers/seed_pytorch.py beside the repository)",
        accepted: "a path to seed_pytorch.py",
      }),
      results: stringFlag({
        description: "the markdown file to write",
        default: `${ROOT}/bench/results/compare.md`,
        accepted: "a file path",
      }),
      "no-write": booleanFlag("print only, write no results file"),
    },
    async (v, ctx) => {
      const script = v.peer ?? `${ROOT}/../shared/peers/seed_pytorch.py`;
      const missing = await peerMissing(script);
      if (missing) {
        console.log(`bench:compare: skipped, ${missing}`);
        return;
      }
      const versions = (await command(PYTHON, [
        "-c",
        "import torch, matplotlib; print(torch.__version__, matplotlib.__version__)",
      ])).out.trim().split(/\s+/);
      const tasks = await denoTasks();
      if (tasks.figures === undefined) throw new Error("deno.json has no figures task");
      const log = (s: string) => console.error(`bench:compare: ${s}`);

      // Training at the defaults: the first run in this process is cold (V8 has not optimised
      // the kernel's callers yet, as in a fresh `deno task train`).
      await selectBackend("cpu");
      const cold = await oursMsPerStep();
      const warm: number[] = [];
      const peers: Awaited<ReturnType<typeof peerOnce>>[] = [];
      const rounds: Round[] = [];
      for (let r = 0; r < v.repeats; r++) {
        log(`round ${r + 1} of ${v.repeats}`);
        await useBackend("cpu");
        for (let i = 0; i < 5; i++) warm.push(await oursMsPerStep());
        peers.push(await peerOnce(script));
        rounds.push(await oursRound());
      }
      const of = (key: keyof Round) => median(rounds.map((r) => r[key]));
      const peer = {
        seconds: median(peers.map((p) => p.seconds)),
        msPerStep: median(peers.map((p) => p.msPerStep)),
        msPerFrame: median(peers.map((p) => p.msPerFrame)),
      };
      log("ns per unit-point pair");
      const pairRounds = 5;
      const pairs = new Map<string, number>();
      for (const backend of ["cpu", "wasm"] as const) {
        for (const size of PAIR_SIZES) {
          pairs.set(
            `${backend} ${size.hidden} ${size.points} ${size.models}`,
            await fusedNsPerPair(backend, size, pairRounds),
          );
        }
      }
      await useBackend("cpu");
      log("GIF frames");
      const gif = await measureGif({ rounds: 5 });

      const warmMs = median(warm);
      const target = PAIR_SIZES[1];
      const targetNs = pairs.get(`cpu ${target.hidden} ${target.points} ${target.models}`)!;
      const defaults = PAIR_SIZES[0];
      const kernelMs = (pairs.get(`cpu ${defaults.hidden} ${defaults.points} ${defaults.models}`)! * defaults.hidden *
        defaults.points) / 1e6;
      const essayS = of("essay");
      const allS = of("all");
      // The marginal step: per round, the long run less the 1-epoch run, per update.
      const marginalMs = median(rounds.map((r) => ((r.trainLong - r.trainOne) * 1000) / (LONG_EPOCHS - 1)));
      const trainRatio = median(rounds.map((r) => r.trainAll / r.trainJson));
      const bestNs = Math.min(...pairs.values());
      const updates = experimentUpdates();
      const limitCoreS = (updates * bestNs) / 1e9;
      const experimentCoreS = of("experimentCoreS");
      const figuresFlags = permissionsOf(tasks.figures);
      const trainFlags = permissionsOf(tasks.train);
      const rows: Row[] = [
        againstPeer(
          "fused step at the defaults (H = 7, 300 points, SGD), its marginal cost in a whole process: " +
            `\`deno task train -- --formats json\`, ${LONG_EPOCHS} against 1 epoch, ms per step, against PyTorch's step`,
          marginalMs,
          peer.msPerStep,
          0.02,
        ),
        againstPeer(
          "the same step, warm in this process (a default training run, snapshots included)",
          warmMs,
          peer.msPerStep,
        ),
        againstPeer("the same, first training run in a fresh process (cold)", cold, peer.msPerStep),
        againstPeer(
          "the fused kernel alone at the defaults (`engine.step(n)`, no snapshots), ms per step",
          kernelMs,
          peer.msPerStep,
        ),
        {
          measurement: "fused engine on tfjs cpu, ns per unit-point pair, H = 64, 10⁴ points",
          ours: `${fmtNum(targetNs)} ns`,
          peer: "",
          ratio: "",
          target: "≤ 1.0 ns",
          met: yesNo(targetNs <= 1.0),
        },
        againstPeer("`deno task figures -- --only essay,training`, whole process, s", essayS, peer.seconds, 0.15),
        againstPeer("`deno task figures` (experiments at their defaults), whole process, s", allS, peer.seconds, 1.0),
        {
          measurement: `the experiments at the kernel's best rate: ${fmtNum(updates / 1e9)}·10⁹ unit-point updates × ` +
            `${
              fmtNum(bestNs)
            } ns (the best of the table below), against the core-seconds the workers spent on them in ` +
            "`deno task figures`, s",
          ours: `${fmtNum(experimentCoreS)} against ${fmtNum(limitCoreS)} at the limit`,
          peer: "",
          ratio: ratioText(experimentCoreS / limitCoreS),
          target: "(the limit: 1×)",
          met: "",
        },
        {
          measurement:
            "`deno task train` (all formats) against `deno task train -- --formats json`, whole processes, s",
          ours: `${fmtNum(of("trainAll"))} against ${fmtNum(of("trainJson"))}`,
          peer: "",
          ratio: ratioText(trainRatio),
          target: "≤ 1.5×",
          met: yesNo(trainRatio <= 1.5),
        },
        ...([
          ["svg", "trainSvg", "training.svg and training_loss.svg, drawn by vega"],
          ["gif", "trainGif", "training.gif: vega's frames, rasterised by resvg"],
        ] as const).map(([format, key, what]) => ({
          measurement: `\`deno task train -- --formats ${format}\` (${what}) against \`--formats json\`, whole ` +
            "processes, s: one default format alone, beside the target above",
          ours: `${fmtNum(of(key))} against ${fmtNum(of("trainJson"))}`,
          peer: "",
          ratio: ratioText(median(rounds.map((r) => r[key] / r.trainJson))),
          target: "",
          met: "",
        })),
        {
          measurement: "permissions of the `figures` / `train` tasks (deno.json)",
          ours: `figures: ${figuresFlags.map((f) => `\`${f}\``).join(" ")}; train: ${
            trainFlags.map((f) => `\`${f}\``).join(" ")
          }`,
          peer: "",
          ratio: "",
          target: "no `--allow-ffi`, no `--allow-sys`",
          met: yesNo(withoutFfiOrSys(figuresFlags) && withoutFfiOrSys(trainFlags)),
        },
        againstPeer(
          "a training frame to SVG (`renderTrainingFrames`: one reused vega View, a frame laid out as an " +
            "earlier one written from its markup) against a matplotlib frame to SVG, ms per frame",
          gif.svgMsPerFrame,
          peer.msPerFrame,
        ),
        {
          measurement: "GIF of the default animation as the commands make it (`trainingGif`), ms: the first in the " +
            "process (cold, as in a fresh `deno task train`) and warm",
          ours: `${fmtNum(total(gif.cold))} cold, ${fmtNum(total(gif.warm))} warm`,
          peer: "",
          ratio: "",
          target: "",
          met: "",
        },
        {
          measurement: "GIF, warm, ms per frame: rasterise the frame's layer (resvg-wasm); composite and encode",
          ours: gif.warm.filter(([label]) => /layers|encode/.test(label)).map(([, ms]) => fmtNum(ms / gif.frames))
            .join("; "),
          peer: "",
          ratio: "",
          target: "",
          met: "",
        },
      ];
      const peerName = `PyTorch ${versions[0] ?? "?"} + matplotlib ${versions[1] ?? "?"}`;
      const lines = [
        `Side by side with the essay's workflow (${peerName}: \`${PYTHON} seed_pytorch.py OUT\`, 4000 SGD steps, the ` +
        "static figures and 40 frames as one process), same machine, same run; each process timing is the median of " +
        `${v.repeats} interleaved round${v.repeats === 1 ? "" : "s"} (peer, essay scope, whole task, ` +
        "the train runs).",
        "",
        ...contextLines(ctx),
        "",
        `| measurement | dissecting-relu | ${peerName} | ratio | target | met |`,
        "| --- | --- | --- | --- | --- | --- |",
        ...rows.map((r) => `| ${r.measurement} | ${r.ours} | ${r.peer} | ${r.ratio} | ${r.target} | ${r.met} |`),
        "",
        `The marginal step is the median over the rounds of (the ${LONG_EPOCHS}-epoch process − the 1-epoch process) ` +
        `/ ${LONG_EPOCHS - 1}: each update with its share of the snapshots (every 100 epochs) and loss read-backs, ` +
        `in the command a user runs. The warm step is the median of ${warm.length} default training runs in this ` +
        "process (4000 updates each, snapshots and loss read-backs included); the peer's step is its own timer " +
        "around forward, backward and update. The kernel alone is the tfjs cpu row at H = 7, 300 points of the table below, times 2100 pairs. " +
        "GIF rows: the default training animation, " +
        `${gif.frames} frames of ${gif.width}×${gif.height} px, the first GIF of this process, then medians of ` +
        `${gif.rounds} rounds (\`deno task bench:gif\` times each step alone).`,
        "",
        "Fused engine through tfjs (`engine.step(n)`, SGD, one read-back per call), ns per unit-point pair, " +
        `median of ${pairRounds} calls of about 150 ms after warm-up:`,
        "",
        "| H | points | models | tfjs cpu | tfjs wasm |",
        "| --: | --: | --: | --: | --: |",
        ...PAIR_SIZES.map((s) => {
          const key = `${s.hidden} ${s.points} ${s.models}`;
          return `| ${s.hidden} | ${s.points} | ${s.models} | ${fmtNum(pairs.get(`cpu ${key}`)!)} | ${
            fmtNum(pairs.get(`wasm ${key}`)!)
          } |`;
        }),
      ];
      const text = lines.join("\n") + "\n";
      if (v["no-write"]) {
        console.log(await formatMarkdown(text));
      } else {
        console.log(await writeResults(v.results, text));
        console.error(`bench:compare: wrote ${v.results}`);
      }
    },
  );
}
