/**
 * Nanoseconds per unit-point pair of the fused kernel, the JavaScript
 * loops against the WebAssembly SIMD kernel, measured side by side
 * (interleaved rounds, the median round of each) on plain arrays, in float32
 * and float64: at three sizes ({@link SIZES}) and at the experiments' own
 * shapes ({@link EXPERIMENT_SIZES}: the sweep's and the dead-unit grid's
 * batches of 64 models). SGD, relu'(0) = 0, the essay's data on [-10, 10] and
 * its standard init.
 *
 * Run: `deno run --allow-read=. --allow-write=bench/results --allow-run=nproc,$(deno eval
 * 'console.log(Deno.execPath())') --allow-sys=cpus,loadavg bench/kernel_pairs.ts` (it starts `deno fmt` on its
 * markdown) prints the tables and writes them, with the machine, the load and the date, to
 * `bench/results/kernel_pairs.md` (`--results` to change, `--no-write` to print only, `--rounds` for fewer or
 * more rounds).
 *
 * @module
 */
import process from "node:process";
import { parseFlags, runMain } from "../lib/cli/flags.ts";
import { runFusedSteps } from "../lib/engine/kernel_cpu.ts";
import { runFusedSteps64 } from "../lib/engine/kernel_cpu64.ts";
import { runFusedSteps64Wasm, runFusedStepsWasm } from "../lib/engine/kernel_wasm.ts";
import { type FusedArrays, type FusedArrays64, type FusedKernelAttrs, packedLayout } from "../lib/engine/kernel.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";
import { contextLines, median, publishResults, resultsFlags, runContext } from "./results_file.ts";

/** One measured size. */
export interface Size {
  /** Hidden units. */
  hidden: number;
  /** Points. */
  points: number;
  /** Models. */
  models: number;
  /** Updates per call. */
  steps: number;
  /** Whether the call counts the exactly-0 pre-activations (the sweep does). */
  countZeros?: boolean;
  /** Which experiment runs batches of this shape. */
  experiment?: string;
}

/** The sizes of the first table: the essay's defaults, a wide model on many points, many models. */
export const SIZES: readonly Size[] = [
  { hidden: 7, points: 300, models: 1, steps: 400 },
  { hidden: 64, points: 10_000, models: 1, steps: 4 },
  { hidden: 64, points: 1000, models: 64, steps: 1 },
];

/**
 * The experiments' own batches: the sweep trains 64 seeds at H = 7 on 300
 * points for 4000 updates (zeros counted), the dead-unit grid 64 seeds at
 * H = 3, 7, 15 and 31 on 300 points. 100 updates per call (the experiments
 * make calls of a few hundred).
 */
export const EXPERIMENT_SIZES: readonly Size[] = [
  { hidden: 7, points: 300, models: 64, steps: 100, countZeros: true, experiment: "sweep" },
  ...[3, 7, 15, 31].map((hidden) => ({ hidden, points: 300, models: 64, steps: 100, experiment: "dead-unit grid" })),
];

/** The target of issue 19 for the experiments' shapes, ns per pair. */
export const TARGET_NS = 0.35;

/** The attributes of an SGD call of `steps` updates with relu'(0) = 0. */
export function sgdAttrs(size: Size): FusedKernelAttrs {
  return {
    steps: size.steps,
    hidden: size.hidden,
    lr: 1e-4,
    adam: false,
    gradAtZero: 0,
    randomGrad: false,
    stepOffset: 0,
    countZeros: size.countZeros ?? false,
    scratch: 0,
  };
}

/** Float32 arrays of a size: the essay's data and the standard init of seeds 0..M-1. */
export function arrays32(size: Size): FusedArrays {
  const layout = packedLayout(sgdAttrs(size));
  const { x, y } = targetData({ points: size.points, xMin: -10, xMax: 10 });
  const state = new Float32Array(size.models * layout.state);
  for (let m = 0; m < size.models; m++) {
    const p = createRegressor({ hidden: size.hidden, seed: m });
    state.set([...p.w0, ...p.b0, ...p.w1, p.b1], m * layout.state);
  }
  return {
    x: Float32Array.from(x),
    y: Float32Array.from(y),
    state,
    stateStride: layout.state,
    schedule: new Float32Array(2 * size.steps),
    seeds: new Int32Array(size.models),
    out: new Float32Array(size.models * layout.width),
  };
}

/** The same arrays in float64. */
export function arrays64(size: Size): FusedArrays64 {
  const a = arrays32(size);
  return {
    x: Float64Array.from(a.x),
    y: Float64Array.from(a.y),
    state: Float64Array.from(a.state),
    stateStride: a.stateStride,
    schedule: Float64Array.from(a.schedule),
    seeds: a.seeds,
    out: new Float64Array(a.out.length),
  };
}

/** Median ns per pair of each runner, by the wall clock and by the process's CPU time. */
export interface PairTimes {
  /** Wall-clock ns per pair. */
  wall: number;
  /** CPU ns per pair (user + system time of the process): less sensitive to other processes on a shared machine. */
  cpu: number;
}

/** Median ns per pair of each runner, over interleaved rounds of at least `minMs` each. */
export function measure(runners: Array<() => void>, pairsPerCall: number, rounds: number, minMs: number): PairTimes[] {
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const calls = runners.map((run) => {
    for (let i = 0; i < 3; i++) run(); // warm up (JIT, wasm tier-up)
    const t0 = performance.now();
    run();
    return Math.max(1, Math.ceil(minMs / Math.max(performance.now() - t0, 1e-3)));
  });
  const wall: number[][] = runners.map(() => []);
  const cpu: number[][] = runners.map(() => []);
  for (let r = 0; r < rounds; r++) {
    runners.forEach((run, i) => {
      const c0 = cpuMs();
      const t0 = performance.now();
      for (let c = 0; c < calls[i]; c++) run();
      const scale = 1e6 / (calls[i] * pairsPerCall);
      wall[i].push((performance.now() - t0) * scale);
      cpu[i].push((cpuMs() - c0) * scale);
    });
  }
  return runners.map((_, i) => ({ wall: median(wall[i]), cpu: median(cpu[i]) }));
}

/** The four runners of a size: JS and wasm in float32, JS and wasm in float64. */
function runners(size: Size): Array<() => void> {
  const attrs = sgdAttrs(size);
  const a32 = arrays32(size);
  const a64 = arrays64(size);
  return [
    () => runFusedSteps(a32, attrs),
    () => runFusedStepsWasm(a32, attrs),
    () => runFusedSteps64(a64, attrs),
    () => runFusedSteps64Wasm(a64, attrs),
  ];
}

const pairs = (size: Size) => size.hidden * size.points * size.models * size.steps;
const ns = (v: number) => v.toFixed(3);

/** The first table: JS against wasm at {@link SIZES}, CPU ns per pair. */
function sizesTable(rounds: number, minMs: number): string[] {
  const lines = [
    "| H | P | M | f32 JS | f32 wasm | f32 ratio | f64 JS | f64 wasm | f64 ratio |",
    "| --: | --: | --: | --: | --: | --: | --: | --: | --: |",
  ];
  for (const size of SIZES) {
    const [js32, wasm32, js64, wasm64] = measure(runners(size), pairs(size), rounds, minMs).map((t) => t.cpu);
    lines.push(
      `| ${size.hidden} | ${size.points} | ${size.models} | ${ns(js32)} | ${ns(wasm32)} | ${
        (js32 / wasm32).toFixed(1)
      }× | ` +
        `${ns(js64)} | ${ns(wasm64)} | ${(js64 / wasm64).toFixed(1)}× |`,
    );
  }
  return lines;
}

/** The second table: the experiments' shapes, CPU (and wall) ns per pair against {@link TARGET_NS}. */
function experimentsTable(rounds: number, minMs: number): string[] {
  const lines = [
    "| experiment | H | P | M | updates per call | f32 JS | f32 wasm | f64 JS | f64 wasm | wasm wall f32 / f64 | " +
    `≤ ${TARGET_NS} ns |`,
    "| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --- |",
  ];
  for (const size of EXPERIMENT_SIZES) {
    const [js32, wasm32, js64, wasm64] = measure(runners(size), pairs(size), rounds, minMs);
    const met = (t: PairTimes) => (t.cpu <= TARGET_NS ? "yes" : "no");
    lines.push(
      `| ${size.experiment}${size.countZeros ? " (zeros counted)" : ""} | ${size.hidden} | ${size.points} | ` +
        `${size.models} | ${size.steps} | ${ns(js32.cpu)} | ${ns(wasm32.cpu)} | ${ns(js64.cpu)} | ${
          ns(wasm64.cpu)
        } | ` +
        `${ns(wasm32.wall)} / ${ns(wasm64.wall)} | f32 ${met(wasm32)}, f64 ${met(wasm64)} |`,
    );
  }
  return lines;
}

if (import.meta.main) {
  await runMain(async () => {
    const v = parseFlags(Deno.args, {
      usage: "deno run --allow-read=. --allow-write=bench/results --allow-run=nproc,DENO_PATH " +
        "--allow-sys=cpus,loadavg bench/kernel_pairs.ts --",
      summary: "Times the fused kernel (JS loops and WebAssembly, float32 and float64) in ns per unit-point pair " +
        "and writes bench/results/kernel_pairs.md.",
      flags: {
        ...resultsFlags("kernel_pairs.md", 9),
      },
    });
    if (v === null) return;
    const ctx = await runContext(["deno run bench/kernel_pairs.ts", ...Deno.args].join(" "));
    const minMs = 100;
    const experiments = experimentsTable(v.rounds, minMs);
    const sizes = sizesTable(v.rounds, minMs);
    const text = [
      "The fused kernel in ns per unit-point pair (`bench/kernel_pairs.ts`): the JavaScript loops " +
      "(`lib/engine/kernel_cpu.ts`, `kernel_cpu64.ts`) against the WebAssembly SIMD kernel (`kernel_wasm.ts`), " +
      "which gives the same bits. SGD, relu'(0) = 0, the essay's data on [-10, 10] and its standard init, from the " +
      "first update.",
      "",
      ...contextLines(ctx),
      "",
      "The experiments' own batches (64 seeds, one call of 100 updates):",
      "",
      ...experiments,
      "",
      "Three sizes (one call of the stated updates):",
      "",
      ...sizes,
      "",
      `Each number is the median of ${v.rounds} interleaved rounds of at least ${minMs} ms, after warm-up, ` +
      "in CPU time of the process (user + system), which other processes on a shared machine disturb less than " +
      "the wall clock; the wall-clock medians of the wasm kernel are given for the experiments' shapes. The " +
      "per-call copies of the inputs and the packed output are included.",
    ].join("\n") + "\n";
    await publishResults("kernel_pairs", text, v);
  });
}
