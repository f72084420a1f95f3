/**
 * Measures time per training step and memory over a grid of sizes: hidden
 * units H × points P, for each engine (fused, autodiff) on each backend (cpu,
 * wasm, webgpu), and prints a markdown table of ms/step followed by the peak
 * memory of each backend's process and of its largest case.
 *
 * Not a test and not a `Deno.bench`: every backend runs in its own child
 * process (this script with `--child`), so its peak RSS is its own and a
 * crash or a hang loses one case, not the table. The parent watches each
 * case: past `--case-timeout` seconds it kills the child, records the case as
 * timed out and starts a new child for the remaining cases.
 *
 * Per case: one warm-up `step(1)` (JIT, shader compilation), one timed
 * `step(1)` as a probe, then calls of `step(n)` (n chosen so that a call takes
 * about a fifth of `--budget`) until about `--budget` seconds are spent or 5
 * calls are made; the table shows the median ms/step over those calls. A case
 * whose single step takes more than half the budget is timed on that one step
 * and marked `¹`. Nothing is extrapolated into the table.
 *
 * Cases refused before anything is allocated (with the reason printed):
 * - autodiff whose ~15 live [P, H] float32 tensors would exceed `--memory-limit`;
 * - autodiff on webgpu whose [P, H] buffer exceeds the adapter's
 *   `maxStorageBufferBindingSize` (128 MiB on llvmpipe);
 * - a case whose step, extrapolated linearly in P·H from a smaller case of the
 *   same engine in the same process, would take more than a quarter of
 *   `--case-timeout` (a case runs up to 3 steps untimed or timed singly;
 *   said so, with the case it was extrapolated from).
 * The fused webgpu kernel refuses on its own, on a software adapter only, a
 * dispatch that needs more shader loop iterations than llvmpipe runs (of the
 * default grid: H = 4096, P = 10^6), and partial sums larger than the
 * adapter's `maxStorageBufferBindingSize`; an engine that throws is reported
 * with the first line of its error.
 *
 * Memory: the child's peak RSS (VmHWM, from `/usr/bin/time` when it exists),
 * the child's RSS sampled by the parent with `ps` every 0.5 s during each case,
 * and tfjs' own `tf.memory().numBytes` after the warm-up and
 * `tf.profile(...).peakBytes` of one step (on webgpu these count GPU buffers).
 *
 * Run with `deno task bench:scale` (the wasm backend reads its .wasm files
 * from Deno's npm cache), which is:
 * ```sh
 * deno run --allow-read=.,$(deno run -q scripts/_npm_cache_dir.ts) --allow-write=bench/results \
 *   --allow-run=$(deno eval 'console.log(Deno.execPath())'),/usr/bin/time,ps,nproc \
 *   --allow-sys=cpus,loadavg bench/scale_measure.ts
 * ```
 * Flags (all optional): `--backends cpu,wasm,webgpu`, `--engines fused,autodiff`,
 * `--hidden 7,64,512,4096`, `--points 300,10000,1000000`, `--budget 8`,
 * `--case-timeout 240`, `--memory-limit 3072` (MB), `--results FILE`,
 * `--no-write`. The tables go to stdout, progress to stderr, and (unless
 * `--no-write`) with the machine, the date and the command, formatted by
 * `deno fmt`, to `bench/results/scale.md` (or `--results`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { isFallbackAdapter } from "../lib/engine/webgpu/device.ts";
import {
  booleanFlag,
  type FlagSpec,
  integerFlag,
  listFlag,
  parseFlags,
  runMain,
  stringFlag,
} from "../lib/cli/flags.ts";
import { UsageError } from "../lib/errors.ts";
import type { EngineName, EngineSpec, TrainingEngine } from "../lib/engine/contract.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { stateWidth } from "../lib/engine/kernel.ts";
import { fusedWebGpuPlan } from "../lib/engine/webgpu/plan.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";
import type { BackendName } from "../lib/model/run.ts";
import { contextLines, formatMarkdown, runContext, taskCommand, writeResults } from "./results_file.ts";

/** One cell of the grid. */
interface Case {
  engine: EngineName;
  hidden: number;
  points: number;
}

/** What the child reports for a case. */
interface CaseResult extends Case {
  backend: BackendName;
  /** Median ms per step, when it ran. */
  msPerStep?: number;
  /** Steps timed in all (after the warm-up). */
  stepsTimed?: number;
  /** Calls of step(n) timed. */
  calls?: number;
  /** True when only one step was timed (the step is slower than half the budget). */
  single?: boolean;
  /** Why it did not run. */
  refused?: string;
  /** tf.memory().numBytes after the warm-up (the engine's held tensors). */
  heldBytes?: number;
  /** tf.profile peakBytes of one step. */
  peakTfBytes?: number;
  /** Largest RSS the child saw itself (after each call), bytes. */
  rssSeen?: number;
  /** Largest RSS the parent sampled during the case, bytes. */
  rssSampled?: number;
  /** Wall seconds of the whole case, creation to dispose. */
  wallS?: number;
}

const ALL_BACKENDS: readonly BackendName[] = ["cpu", "wasm", "webgpu"];
const ALL_ENGINES: readonly EngineName[] = ["fused", "autodiff"];

function intListFlag(description: string, defaults: number[]): FlagSpec<number[]> {
  return {
    description,
    default: defaults,
    accepted: "a comma-separated list of positive integers",
    parse(raw) {
      const items = raw.split(",").map((s) => Number(s.trim()));
      return items.length > 0 && items.every((n) => Number.isSafeInteger(n) && n >= 1) ? items : undefined;
    },
  };
}

const COMMAND = {
  usage: "deno task bench:scale --",
  summary: "Times one training step of each engine on each backend over H × P and prints a markdown table " +
    "(ms/step) and the peak memory; each backend runs in its own child process.",
  flags: {
    backends: listFlag({ description: "backends to measure", default: ALL_BACKENDS, choices: ALL_BACKENDS }),
    engines: listFlag({ description: "engines to measure", default: ALL_ENGINES, choices: ALL_ENGINES }),
    hidden: intListFlag("hidden units H", [7, 64, 512, 4096]),
    points: intListFlag("training points P", [300, 10_000, 1_000_000]),
    budget: integerFlag({ description: "seconds of timing per case", default: 8, min: 1, max: 600 }),
    "case-timeout": integerFlag({
      description: "seconds after which a case's child process is killed",
      default: 240,
      min: 5,
      max: 3600,
    }),
    "memory-limit": integerFlag({
      description: "MB of tensors an autodiff case may need before it is refused",
      default: 3072,
      min: 64,
      max: 65536,
    }),
    results: stringFlag({
      description: "the markdown file to write the tables to, with the machine, the date and the command",
      default: new URL("./results/scale.md", import.meta.url).pathname,
      accepted: "a file path",
    }),
    "no-write": booleanFlag("print only, write no results file"),
    child: listFlag({ description: "internal: run the cases of one backend", default: [], choices: ALL_BACKENDS }),
    skip: integerFlag({ description: "internal: cases to skip (already done)", default: 0, min: 0, max: 1e6 }),
  },
};

type Flags = NonNullable<ReturnType<typeof parseFlags<typeof COMMAND.flags>>>;

/** The cases in the order they run: by engine, then from small to large P·H. */
function gridCases(flags: Flags): Case[] {
  const cases: Case[] = [];
  for (const engine of flags.engines) {
    for (const hidden of flags.hidden) {
      for (const points of flags.points) cases.push({ engine, hidden, points });
    }
  }
  return cases.sort((a, b) =>
    ALL_ENGINES.indexOf(a.engine) - ALL_ENGINES.indexOf(b.engine) ||
    a.hidden * a.points - b.hidden * b.points || a.hidden - b.hidden
  );
}

// ---------------------------------------------------------------- child side

/** Live float32 [P, H] tensors the autodiff engine holds at the peak of a step (measured: ~14.7 at M = 1). */
const AUTODIFF_PH_TENSORS = 16;

function spec(hidden: number, points: number): EngineSpec {
  const { x, y } = targetData({ points, xMin: -10, xMax: 10 });
  return { x, y, init: [createRegressor({ hidden, seed: 0 })], seeds: [0], lr: 1e-4, optimizer: "sgd", gradAtZero: 0 };
}

const mb = (bytes: number): string => {
  const v = bytes / 2 ** 20;
  return `${v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3)} MB`;
};
const firstLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split("\n")[0];
const emit = (o: unknown): void => console.log(JSON.stringify(o));

async function timed(engine: TrainingEngine, steps: number): Promise<number> {
  const t0 = performance.now();
  await engine.step(steps);
  return performance.now() - t0;
}

interface Seen {
  size: number;
  msPerStep: number;
  label: string;
}

async function runCase(c: Case, backend: BackendName, flags: Flags, seen: Map<EngineName, Seen>): Promise<CaseResult> {
  const base: CaseResult = { ...c, backend };
  const size = c.hidden * c.points;
  const budgetMs = flags.budget * 1000;
  if (c.engine === "autodiff") {
    const need = AUTODIFF_PH_TENSORS * 4 * size;
    if (need > flags["memory-limit"] * 2 ** 20) {
      return {
        ...base,
        refused: `needs ~${mb(need)} (~${AUTODIFF_PH_TENSORS} live [P, H] float32 tensors of ${mb(4 * size)}), ` +
          `over --memory-limit ${flags["memory-limit"]} MB`,
      };
    }
    if (backend === "webgpu") {
      const limit = gpuBindingLimit ?? Infinity;
      if (4 * size > limit) {
        return {
          ...base,
          refused: `a [P, H] float32 buffer of ${mb(4 * size)} exceeds the adapter's ` +
            `maxStorageBufferBindingSize (${mb(limit)})`,
        };
      }
    }
  }
  // The fused webgpu kernel refuses an over-budget update at once, with its own
  // reason: let it, rather than skip the case on an extrapolated time.
  const kernelRefuses = c.engine === "fused" && backend === "webgpu" &&
    fusedWebGpuPlan({
        hidden: c.hidden,
        points: c.points,
        steps: 1,
        software: gpuSoftware,
        stateSize: stateWidth(c.hidden, false),
        maxBindingBytes: gpuBindingLimit,
      }).refused !== undefined;
  const before = seen.get(c.engine);
  if (before && before.size > 0 && !kernelRefuses) {
    const estimate = before.msPerStep * size / before.size;
    if (estimate > flags["case-timeout"] * 1000 / 4) {
      return {
        ...base,
        refused: `skipped: one step would take ~${(estimate / 1000).toFixed(0)} s ` +
          `(linear in P·H from ${before.label} at ${before.msPerStep.toFixed(1)} ms/step)`,
      };
    }
  }
  const t0 = performance.now();
  let rssSeen = Deno.memoryUsage().rss;
  const rss = () => rssSeen = Math.max(rssSeen, Deno.memoryUsage().rss);
  const result = await measure(c, base, { budgetMs, rss });
  rss();
  if (result.msPerStep !== undefined) {
    seen.set(c.engine, { size, msPerStep: result.msPerStep, label: `H=${c.hidden} P=${c.points}` });
  }
  return { ...result, rssSeen, wallS: (performance.now() - t0) / 1000 };
}

/** Creates the engine, warms it up and times it; an engine that throws becomes a refusal. */
async function measure(
  c: Case,
  base: CaseResult,
  options: { budgetMs: number; rss: () => void },
): Promise<CaseResult> {
  const { budgetMs, rss } = options;
  let engine: TrainingEngine | undefined;
  try {
    engine = await (c.engine === "fused" ? createFusedEngine : createAutodiffEngine)(spec(c.hidden, c.points));
    await engine.step(1); // warm-up: JIT, shader compilation
    rss();
    const heldBytes = tf.memory().numBytes;
    const probe = await timed(engine, 1);
    rss();
    let result: CaseResult;
    if (probe > budgetMs / 2) {
      result = { ...base, msPerStep: probe, stepsTimed: 1, calls: 1, single: true };
    } else {
      // Each call aims at a fifth of the budget; n is re-aimed after every call
      // (the probe's time is mostly per-call overhead for the small cases).
      const aim = (msPerStep: number) => Math.max(1, Math.min(1_000_000, Math.round(budgetMs / 5 / msPerStep)));
      let n = aim(probe);
      const perStep: number[] = [];
      let spent = 0;
      let steps = 0;
      while (perStep.length < 5 && spent < budgetMs * 0.8) {
        const ms = await timed(engine, n);
        rss();
        spent += ms;
        steps += n;
        perStep.push(ms / n);
        if (ms < budgetMs / 10) perStep.pop(); // too short to count: aim again
        n = aim(ms / n);
      }
      if (perStep.length === 0) perStep.push(spent / steps);
      perStep.sort((a, b) => a - b);
      const median = perStep.length % 2
        ? perStep[(perStep.length - 1) / 2]
        : (perStep[perStep.length / 2 - 1] + perStep[perStep.length / 2]) / 2;
      result = { ...base, msPerStep: median, stepsTimed: steps, calls: perStep.length, single: false };
    }
    result.heldBytes = heldBytes;
    // tf.profile costs one more step: worth it for autodiff's [P, H] tensors, not
    // for a seconds-long fused step whose tensors are the few it holds anyway.
    if (!(result.single && c.engine === "fused")) {
      try {
        const live = engine;
        result.peakTfBytes = (await tf.profile(async () => {
          await live.step(1);
        })).peakBytes;
      } catch {
        // tf.profile is a nicety; a backend that cannot profile keeps the timing.
      }
    }
    return result;
  } catch (e) {
    return { ...base, refused: `threw: ${firstLine(e)}` };
  } finally {
    engine?.dispose();
  }
}

let gpuBindingLimit: number | undefined;
/** Whether the webgpu child runs on a software adapter (llvmpipe), where the fused kernel has a loop budget. */
let gpuSoftware = false;

async function child(backend: BackendName, flags: Flags): Promise<void> {
  const { reason } = await selectBackend(backend);
  if (backend === "webgpu") {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
    gpuBindingLimit = adapter?.limits.maxStorageBufferBindingSize;
    gpuSoftware = adapter !== null && isFallbackAdapter(adapter);
  }
  emit({ type: "backend", backend, reason, pid: Deno.pid });
  const seen = new Map<EngineName, Seen>();
  const cases = gridCases(flags).slice(flags.skip);
  for (const c of cases) {
    emit({ type: "start", case: c });
    const r = await runCase(c, backend, flags, seen);
    emit({ type: "result", result: r });
  }
  emit({ type: "done" });
}

// --------------------------------------------------------------- parent side

/** What the parent learned about one backend's child processes. */
interface BackendRun {
  backend: BackendName;
  reason?: string;
  results: CaseResult[];
  /** VmHWM of each child process, bytes (from /usr/bin/time). */
  peakRss: number[];
  /** Set when the backend did not start at all. */
  failed?: string;
}

const TIME_BIN = "/usr/bin/time";

let timeMissing = false;

async function sampleRss(pid: number): Promise<number | undefined> {
  try {
    const out = await new Deno.Command("ps", {
      args: ["-o", "rss=", "-p", String(pid)],
      stdout: "piped",
      stderr: "null",
    })
      .output();
    const kb = Number(new TextDecoder().decode(out.stdout).trim());
    return Number.isFinite(kb) && kb > 0 ? kb * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function childArgs(backend: BackendName, flags: Flags, skip: number): string[] {
  const wasmDir = decodeURIComponent(new URL(".", import.meta.resolve("@tensorflow/tfjs-backend-wasm")).pathname);
  const list = (xs: readonly (string | number)[]) => xs.join(",");
  return [
    "run",
    "--quiet",
    `--allow-read=${wasmDir}`,
    new URL(import.meta.url).pathname,
    `--child=${backend}`,
    `--skip=${skip}`,
    `--engines=${list(flags.engines)}`,
    `--hidden=${list(flags.hidden)}`,
    `--points=${list(flags.points)}`,
    `--budget=${flags.budget}`,
    `--case-timeout=${flags["case-timeout"]}`,
    `--memory-limit=${flags["memory-limit"]}`,
  ];
}

/** The lines of a byte stream, as they arrive. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of (stream as ReadableStream<BufferSource>).pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    yield* parts;
  }
  if (rest) yield rest;
}

/** Runs one child for `backend` from case `skip` on; returns how many cases it finished. */
async function runChild(run: BackendRun, flags: Flags, skip: number, total: Case[]): Promise<number> {
  const args = childArgs(run.backend, flags, skip);
  const spawn = (bin: string, args: string[]) =>
    new Deno.Command(bin, { args, stdout: "piped", stderr: "piped" }).spawn();
  let proc: Deno.ChildProcess;
  try {
    if (timeMissing) throw new Deno.errors.NotFound(TIME_BIN);
    proc = spawn(TIME_BIN, ["-f", "SCALE_PEAK_RSS_KB %M", Deno.execPath(), ...args]);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    timeMissing = true; // no GNU time: the table goes without the process peak RSS
    proc = spawn(Deno.execPath(), args);
  }
  let stderrText = "";
  const stderrDone = (async () => {
    for await (const chunk of proc.stderr.pipeThrough(new TextDecoderStream())) stderrText += chunk;
  })();
  let finished = 0;
  let current: { c: Case; since: number; rss: number } | undefined;
  let pid: number | undefined;
  let killed = false;
  const timer = setInterval(async () => {
    if (!current || killed) return;
    if (pid !== undefined) {
      const r = await sampleRss(pid);
      if (r && current) current.rss = Math.max(current.rss, r);
    }
    if (current && performance.now() - current.since > flags["case-timeout"] * 1000) {
      killed = true;
      try {
        proc.kill("SIGKILL");
      } catch { /* already gone */ }
      if (pid !== undefined) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* already gone */ }
      }
    }
  }, 500);
  try {
    for await (const line of lines(proc.stdout)) {
      let msg: { type: string; [k: string]: unknown };
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if (msg.type === "backend") {
        run.reason = msg.reason as string;
        pid = msg.pid as number;
      } else if (msg.type === "start") {
        current = { c: msg.case as Case, since: performance.now(), rss: 0 };
      } else if (msg.type === "result") {
        const r = msg.result as CaseResult;
        if (current && current.rss > 0) r.rssSampled = current.rss;
        run.results.push(r);
        finished++;
        const cell = r.msPerStep !== undefined ? `${r.msPerStep.toPrecision(3)} ms/step` : r.refused;
        const wall = r.wallS !== undefined ? ` (case ${r.wallS.toFixed(1)} s)` : "";
        console.error(`  ${run.backend} ${r.engine} H=${r.hidden} P=${r.points}: ${cell}${wall}`);
        current = undefined;
      }
    }
  } finally {
    clearInterval(timer);
  }
  const status = await proc.status;
  await stderrDone;
  const peak = stderrText.match(/SCALE_PEAK_RSS_KB (\d+)/);
  if (peak) run.peakRss.push(Number(peak[1]) * 1024);
  const done = skip + finished;
  if (done < total.length) {
    const c = total[done];
    const why = killed
      ? `timed out: killed after ${flags["case-timeout"]} s`
      : `child exited with code ${status.code}${status.signal ? ` (${status.signal})` : ""}: ` +
        (stderrText.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("SCALE_PEAK")).pop() ??
          "no message");
    if (finished === 0 && !current && run.results.length === 0) {
      run.failed = why;
      return total.length - skip; // the backend itself did not start: give up on it
    }
    const r: CaseResult = { ...c, backend: run.backend, refused: why };
    if (current) r.rssSampled = current.rss;
    run.results.push(r);
    console.error(`  ${run.backend} ${c.engine} H=${c.hidden} P=${c.points}: ${why}`);
    return finished + 1;
  }
  return finished;
}

function fmtMs(r: CaseResult | undefined, notes: string[]): string {
  if (!r) return "";
  if (r.msPerStep !== undefined) {
    const v = r.msPerStep;
    const s = v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(4);
    return r.single ? `${s}¹` : s;
  }
  let i = notes.indexOf(r.refused ?? "");
  if (i < 0) i = notes.push(r.refused ?? "unknown") - 1;
  return `— [${i + 1}]`;
}

function report(runs: BackendRun[], flags: Flags): string {
  const out: string[] = [];
  const cols = flags.engines.flatMap((e) => runs.map((r) => ({ engine: e, run: r })));
  const notes: string[] = [];
  out.push(`| H | P | ${cols.map((c) => `${c.engine} ${c.run.backend}`).join(" | ")} |`);
  out.push(`|--:|--:|${cols.map(() => "--:").join("|")}|`);
  for (const hidden of flags.hidden) {
    for (const points of flags.points) {
      const cells = cols.map((c) => {
        if (c.run.failed) return "n/a";
        const r = c.run.results.find((x) => x.engine === c.engine && x.hidden === hidden && x.points === points);
        return fmtMs(r, notes);
      });
      out.push(`| ${hidden} | ${points} | ${cells.join(" | ")} |`);
    }
  }
  out.push("");
  out.push("ms per training step (one model, SGD, full batch), median over the timed calls after one warm-up call:");
  out.push("");
  out.push(`- ¹ = a single step timed (slower than half the ${flags.budget} s budget)`);
  notes.forEach((n, i) => out.push(`- [${i + 1}] ${n}`));
  for (const r of runs) if (r.failed) out.push(`- ${r.backend}: did not start: ${r.failed}`);
  out.push("");
  out.push("Backends and memory:");
  out.push("");
  for (const run of runs) out.push(`- ${run.backend}: ${run.reason ?? `did not start: ${run.failed}`}`);
  out.push("");
  out.push("| backend | process peak RSS | largest case run | its sampled RSS | tf bytes held | tf peak bytes |");
  out.push("|---|--:|---|--:|--:|--:|");
  for (const run of runs) {
    const ran = run.results.filter((r) => r.msPerStep !== undefined);
    for (const engine of flags.engines) {
      const mine = ran.filter((r) => r.engine === engine);
      const largest = mine.sort((a, b) => b.hidden * b.points - a.hidden * a.points)[0];
      const peak = run.peakRss.length ? mb(Math.max(...run.peakRss)) : "n/a";
      const rss = largest ? mb(Math.max(largest.rssSampled ?? 0, largest.rssSeen ?? 0)) : "";
      out.push(
        `| ${run.backend} | ${peak} | ${
          largest ? `${engine} H=${largest.hidden} P=${largest.points}` : `${engine}: none`
        } | ${rss} | ${largest?.heldBytes !== undefined ? mb(largest.heldBytes) : ""} | ${
          largest?.peakTfBytes !== undefined ? mb(largest.peakTfBytes) : ""
        } |`,
      );
    }
  }
  out.push("");
  out.push("process peak RSS: VmHWM of the backend's child process(es) (max over restarts); sampled RSS: the most");
  out.push("the parent saw with `ps` every 0.5 s during that case; tf bytes: tf.memory().numBytes after the warm-up");
  out.push("and tf.profile peakBytes of one step (GPU buffers on webgpu).");
  const cpu = runs.find((r) => r.backend === "cpu");
  const gpu = runs.find((r) => r.backend === "webgpu");
  if (cpu && gpu) {
    const wins: string[] = [];
    for (const r of gpu.results) {
      const c = cpu.results.find((x) => x.engine === r.engine && x.hidden === r.hidden && x.points === r.points);
      if (r.msPerStep !== undefined && c?.msPerStep !== undefined) {
        const ratio = r.msPerStep / c.msPerStep;
        wins.push(`${r.engine} H=${r.hidden} P=${r.points}: webgpu/cpu = ${ratio.toFixed(2)}`);
      }
    }
    out.push("");
    out.push(`webgpu time / cpu time per case: ${wins.join("; ") || "no case ran on both"}`);
  }
  return out.join("\n");
}

async function main(): Promise<void> {
  const flags = parseFlags(Deno.args, COMMAND);
  if (!flags) return;
  if (flags.child.length > 1) throw new UsageError(`--child takes one backend, got ${flags.child.join(",")}`);
  if (flags.child.length === 1) return await child(flags.child[0], flags);
  const ctx = await runContext(taskCommand("bench:scale"));
  const cases = gridCases(flags);
  const runs: BackendRun[] = [];
  for (const backend of flags.backends) {
    console.error(`${backend}: ${cases.length} cases`);
    const run: BackendRun = { backend, results: [], peakRss: [] };
    runs.push(run);
    let done = 0;
    while (done < cases.length && !run.failed) done += await runChild(run, flags, done, cases);
  }
  const table = report(runs, flags);
  const text = [
    "Time per training step and memory over hidden units H × points P, each engine on each backend " +
    "(`bench/scale_measure.ts`, each backend in its own child process).",
    "",
    ...contextLines(ctx),
    "",
    table,
  ].join("\n") + "\n";
  if (flags["no-write"]) {
    console.log(await formatMarkdown(text));
  } else {
    console.log(await writeResults(flags.results, text));
    console.error(`bench:scale: wrote ${flags.results}`);
  }
}

if (import.meta.main) await runMain(main);
