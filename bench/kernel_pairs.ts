/**
 * Nanoseconds per unit-point pair of the fused kernel, the JavaScript
 * loops against the WebAssembly SIMD kernel, measured side by side
 * (interleaved rounds, the median round of each) on plain arrays, at three
 * sizes and in float32 and float64, printed as a markdown table. SGD,
 * relu'(0) = 0, the essay's data on [-10, 10] and its standard init.
 *
 * Run: `deno run bench/kernel_pairs.ts` (add `--quick` for fewer rounds).
 *
 * @module
 */
import { runFusedSteps } from "../lib/engine/kernel_cpu.ts";
import { runFusedSteps64 } from "../lib/engine/kernel_cpu64.ts";
import { runFusedSteps64Wasm, runFusedStepsWasm } from "../lib/engine/kernel_wasm.ts";
import { type FusedArrays, type FusedArrays64, type FusedKernelAttrs, packedLayout } from "../lib/engine/kernel.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";

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
}

/** The sizes of the table: the essay's defaults, a wide model on many points, many models. */
export const SIZES: readonly Size[] = [
  { hidden: 7, points: 300, models: 1, steps: 400 },
  { hidden: 64, points: 10_000, models: 1, steps: 4 },
  { hidden: 64, points: 1000, models: 64, steps: 1 },
];

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
    countZeros: false,
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

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Median ns per pair of each runner, over interleaved rounds of at least `minMs` each. */
export function measure(runners: Array<() => void>, pairsPerCall: number, rounds: number, minMs: number): number[] {
  const calls = runners.map((run) => {
    for (let i = 0; i < 3; i++) run(); // warm up (JIT, wasm tier-up)
    const t0 = performance.now();
    run();
    return Math.max(1, Math.ceil(minMs / Math.max(performance.now() - t0, 1e-3)));
  });
  const samples: number[][] = runners.map(() => []);
  for (let r = 0; r < rounds; r++) {
    runners.forEach((run, i) => {
      const t0 = performance.now();
      for (let c = 0; c < calls[i]; c++) run();
      samples[i].push(((performance.now() - t0) * 1e6) / (calls[i] * pairsPerCall));
    });
  }
  return samples.map(median);
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const rounds = quick ? 3 : 9;
  const minMs = quick ? 30 : 100;
  const fmt = (v: number) => v.toFixed(3);
  console.log("| H | P | M | f32 JS | f32 wasm | f32 ratio | f64 JS | f64 wasm | f64 ratio | wasm f32 ms/step/model |");
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const size of SIZES) {
    const attrs = sgdAttrs(size);
    const a32 = arrays32(size);
    const a64 = arrays64(size);
    const pairs = size.hidden * size.points * size.models * size.steps;
    const [js32, wasm32, js64, wasm64] = measure(
      [
        () => runFusedSteps(a32, attrs),
        () => runFusedStepsWasm(a32, attrs),
        () => runFusedSteps64(a64, attrs),
        () => runFusedSteps64Wasm(a64, attrs),
      ],
      pairs,
      rounds,
      minMs,
    );
    const msPerStep = (wasm32 * size.hidden * size.points) / 1e6;
    console.log(
      `| ${size.hidden} | ${size.points} | ${size.models} | ${fmt(js32)} | ${fmt(wasm32)} | ${
        (js32 / wasm32).toFixed(1)
      }× | ` +
        `${fmt(js64)} | ${fmt(wasm64)} | ${(js64 / wasm64).toFixed(1)}× | ${msPerStep.toFixed(4)} |`,
    );
  }
  console.log(
    "\nns per unit-point pair (median of interleaved rounds); ms/step at M = 1 includes the per-call copies.",
  );
}
