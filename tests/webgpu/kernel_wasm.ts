import assert from "node:assert/strict";
import { createFusedEngine } from "../../lib/engine/fused.ts";
import {
  adamSchedule,
  adamSchedule64,
  type FusedArrays,
  type FusedArrays64,
  type FusedKernelAttrs,
  packedLayout,
} from "../../lib/engine/kernel.ts";
import { runFusedSteps } from "../../lib/engine/kernel_cpu.ts";
import { runFusedSteps64 } from "../../lib/engine/kernel_cpu64.ts";
import { runFusedSteps64Wasm, runFusedStepsWasm } from "../../lib/engine/kernel_wasm.ts";
import { createRng, hash32 } from "../../lib/math/random.ts";
import type { GradAtZero, OptimizerName } from "../../lib/model/run.ts";
import { defaultSpec, useBackend } from "../support/fused_setup.ts";

type Precision = "float32" | "float64";
type Order = "ascending" | "shuffled" | "ties";

/** One kernel call to run both ways. */
interface Case {
  precision: Precision;
  optimizer: OptimizerName;
  gradAtZero: GradAtZero;
  hidden: number;
  points: number;
  models: number;
  steps: number;
  stepOffset: number;
  countZeros: boolean;
  order: Order;
  /**
   * "zeros": w0 = b0 = 0 for every unit, so every z is exactly 0; "mixed": every third model "infinite w1", the next
   * "huge"; "zeros, r·w1 overflows": "zeros" where r·w1 is not finite in float64 though r and w1 are (even models:
   * w1 = 1.5e308 on unit 0; odd models: w1 = 1e150 on every unit and b1 = 1e200, so Σ r² overflows too);
   * "non-finite units": unit j of model m has w0 NaN (j = 0), b0 NaN (1), w0 ±∞ (2), b0 ±∞ (3) when j + m is
   * even, and the odd models have b1 = NaN (a diverged model: every residual NaN).
   */
  init: "random" | "zeros" | "infinite w1" | "huge" | "mixed" | "zeros, r·w1 overflows" | "non-finite units";
}

const describe = (c: Case) =>
  `${c.precision} ${c.optimizer} g=${c.gradAtZero} H=${c.hidden} P=${c.points} M=${c.models} steps=${c.steps}` +
  ` offset=${c.stepOffset} zeros=${c.countZeros} ${c.order} ${c.init}`;

/** Points on [-2, 2] (0 among them when P is odd), in the case's order. */
function points(c: Case): number[] {
  const P = c.points;
  const grid = Array.from({ length: P }, (_, i) => (P === 1 ? 0 : -2 + (4 * i) / (P - 1)));
  if (c.order === "ties") return grid.map((v) => Math.round(v * 2) / 2); // ascending with repeats
  if (c.order === "ascending") return grid;
  const rng = createRng(P);
  for (let i = P - 1; i > 0; i--) {
    const k = Math.floor(rng.next() * (i + 1));
    [grid[i], grid[k]] = [grid[k], grid[i]];
  }
  return grid;
}

/** The kernel's inputs for a case, as float64 numbers (rounded to float32 for the float32 kernel). */
function inputs(c: Case) {
  const attrs: FusedKernelAttrs = {
    steps: c.steps,
    hidden: c.hidden,
    lr: c.optimizer === "sgd" ? 0.01 : 0.02,
    adam: c.optimizer === "adam",
    gradAtZero: c.gradAtZero === "random" ? 0 : c.gradAtZero,
    randomGrad: c.gradAtZero === "random",
    stepOffset: c.stepOffset,
    countZeros: c.countZeros,
    scratch: 0,
  };
  const layout = packedLayout(attrs);
  const H = c.hidden;
  const x = points(c);
  const y = x.map((v) => v ** 3);
  const rng = createRng(1000 * H + 10 * c.models + c.points);
  const stride = layout.state + 2; // a stride wider than the state, as the engine may pass
  const state: number[] = Array(c.models * stride).fill(0);
  for (let m = 0; m < c.models; m++) {
    const row = m * stride;
    for (let j = 0; j < H; j++) {
      // every third unit has b0 = 0, so its z is exactly 0 where x = 0
      const zeros = c.init.startsWith("zeros");
      state[row + j] = zeros ? 0 : rng.uniform(-1, 1);
      state[row + H + j] = zeros || j % 3 === 0 ? 0 : rng.uniform(-1, 1);
      state[row + 2 * H + j] = rng.uniform(-0.5, 0.5);
    }
    state[row + 3 * H] = rng.uniform(-0.1, 0.1);
    const init = c.init === "mixed" ? (["infinite w1", "huge", "random"] as const)[m % 3] : c.init;
    if (init === "infinite w1") state[row + 2 * H + (m % H)] = m % 2 ? -Infinity : Infinity;
    if (init === "huge") state[row + 2 * H] = 3e38;
    if (init === "non-finite units") {
      for (let j = 0; j < Math.min(H, 4); j++) {
        if ((j + m) % 2 !== 0) continue;
        const value = j < 2 ? NaN : m % 4 === 0 ? Infinity : -Infinity;
        state[row + (j % 2 === 0 ? 0 : H) + j] = value;
      }
      if (m % 2 === 1) state[row + 3 * H] = NaN;
    }
    if (init === "zeros, r·w1 overflows" && m % 2 === 0) state[row + 2 * H] = 1.5e308;
    if (init === "zeros, r·w1 overflows" && m % 2 === 1) {
      for (let j = 0; j < H; j++) state[row + 2 * H + j] = 1e150;
      state[row + 3 * H] = 1e200;
    }
    if (attrs.adam) {
      for (let i = 0; i < layout.params; i++) {
        state[row + layout.params + i] = rng.uniform(-0.1, 0.1);
        state[row + 2 * layout.params + i] = rng.uniform(0, 0.01);
      }
    }
  }
  const seeds = Int32Array.from({ length: c.models }, (_, m) => hash32(17 + m) | 0);
  return { attrs, layout, x, y, state, stride, seeds };
}

/** The same value: equal bits, or both NaN (whose sign and payload WebAssembly leaves open). */
function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  const bitsA = a instanceof Float32Array ? new Uint32Array(a.buffer) : new BigUint64Array(a.buffer);
  const bitsB = b instanceof Float32Array ? new Uint32Array(b.buffer) : new BigUint64Array(b.buffer);
  for (let i = 0; i < a.length; i++) {
    if (bitsA[i] !== bitsB[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) {
      assert.fail(`${what}: slot ${i} differs: JS ${a[i]}, wasm ${b[i]}`);
    }
  }
}

/** Runs a case through the JavaScript loop and the wasm kernel; returns both outputs. */
function runBoth(c: Case): { js: Float32Array | Float64Array; wasm: Float32Array | Float64Array } {
  const { attrs, layout, x, y, state, stride, seeds } = inputs(c);
  const width = c.models * layout.width;
  if (c.precision === "float32") {
    const make = (): FusedArrays => ({
      x: Float32Array.from(x),
      y: Float32Array.from(y),
      state: Float32Array.from(state),
      stateStride: stride,
      schedule: adamSchedule(c.steps, c.stepOffset),
      seeds,
      out: new Float32Array(width).fill(-7), // untouched slots keep their value
    });
    const js = make();
    const wasm = make();
    runFusedSteps(js, attrs);
    runFusedStepsWasm(wasm, attrs);
    return { js: js.out, wasm: wasm.out };
  }
  const make = (): FusedArrays64 => ({
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    state: Float64Array.from(state),
    stateStride: stride,
    schedule: adamSchedule64(c.steps, c.stepOffset),
    seeds,
    out: new Float64Array(width).fill(-7),
  });
  const js = make();
  const wasm = make();
  runFusedSteps64(js, attrs);
  runFusedSteps64Wasm(wasm, attrs);
  return { js: js.out, wasm: wasm.out };
}

const GRADS_AT_ZERO: GradAtZero[] = [0, 0.5, 1, "random"];

/** The shapes every convention × optimizer × precision runs. */
function shapes(): Array<Omit<Case, "precision" | "optimizer" | "gradAtZero">> {
  const out: Array<Omit<Case, "precision" | "optimizer" | "gradAtZero">> = [];
  const base = { stepOffset: 5, countZeros: true, order: "ascending" as Order, init: "random" as const };
  for (const hidden of [1, 3, 7, 9, 64]) {
    for (const points of [1, 2, 5, 30, 301]) {
      out.push({ ...base, hidden, points, models: 3, steps: 4 });
    }
  }
  for (const models of [1, 5]) out.push({ ...base, hidden: 9, points: 31, models, steps: 3 });
  out.push({ ...base, hidden: 3, points: 4099, models: 1, steps: 2 }); // several tiles of 2048 points
  // models run side by side in groups (as many as keep P residuals each in 32 KiB): several groups, the last one short
  out.push({ ...base, hidden: 7, points: 301, models: 30, steps: 3 });
  out.push({ ...base, hidden: 3, points: 1100, models: 8, steps: 2 });
  out.push({ ...base, hidden: 7, points: 21, models: 3, steps: 0 }); // loss only
  out.push({ ...base, hidden: 7, points: 21, models: 3, steps: 0, countZeros: false });
  out.push({ ...base, hidden: 7, points: 21, models: 3, steps: 6, countZeros: false, stepOffset: 0 });
  for (const order of ["shuffled", "ties"] as const) {
    for (const hidden of [3, 64]) out.push({ ...base, hidden, points: 41, models: 3, steps: 3, order });
  }
  // every z exactly 0: relu'(0) decides every gradient
  out.push({ ...base, hidden: 5, points: 11, models: 3, steps: 3, init: "zeros" });
  out.push({ ...base, hidden: 5, points: 11, models: 3, steps: 3, init: "zeros", order: "shuffled" });
  // every z exactly 0 where r·w1 is not finite: relu'(0) = 0 gives NaN, not the fast path's ±0
  out.push({ ...base, hidden: 5, points: 11, models: 2, steps: 2, init: "zeros, r·w1 overflows" });
  // units with NaN or infinite w0 or b0, and models whose every residual is NaN
  out.push({ ...base, hidden: 6, points: 31, models: 6, steps: 3, init: "non-finite units" });
  out.push({ ...base, hidden: 6, points: 31, models: 6, steps: 3, init: "non-finite units", order: "shuffled" });
  // non-finite numbers on the way: the kernel's exact slow paths
  out.push({ ...base, hidden: 6, points: 13, models: 2, steps: 2, init: "infinite w1" });
  out.push({ ...base, hidden: 6, points: 13, models: 2, steps: 2, init: "huge" });
  // one group mixing models on the slow paths with models on the fast ones
  out.push({ ...base, hidden: 5, points: 301, models: 9, steps: 2, init: "mixed" });
  return out;
}

for (const precision of ["float32", "float64"] as const) {
  for (const optimizer of ["sgd", "adam"] as const) {
    for (const gradAtZero of GRADS_AT_ZERO) {
      Deno.test(
        `the wasm kernel and the JS loop give the same bits in ${precision} with ${optimizer} and relu'(0) = ${gradAtZero}`,
        () => {
          for (const shape of shapes()) {
            const c: Case = { precision, optimizer, gradAtZero, ...shape };
            const { js, wasm } = runBoth(c);
            sameBits(js, wasm, describe(c));
          }
        },
      );
    }
  }
}

Deno.test("the cases with exact zeros count them, so relu'(0) is exercised", () => {
  // relu'(0) = 0 counts them on the fast path, 0.5 on the slow one
  for (
    const [init, precision, gradAtZero] of cross(
      ["random", "zeros"] as const,
      ["float32", "float64"] as const,
      [0, 0.5] as const,
    )
  ) {
    const c: Case = {
      precision,
      optimizer: "sgd",
      gradAtZero,
      hidden: 5,
      points: 11,
      models: 1,
      steps: 1,
      stepOffset: 0,
      countZeros: true,
      order: "ascending",
      init,
    };
    const { wasm } = runBoth(c);
    const zeros = wasm[packedLayout(inputs(c).attrs).zeros];
    // random: units 0 and 3 have b0 = 0 and meet x = 0; zeros: all 5·11
    assert.equal(zeros, init === "zeros" ? 55 : 2, `${init} ${precision} relu'(0) = ${gradAtZero}`);
  }
});

/** Every combination of one value from each list. */
function cross<A, B, C>(as: readonly A[], bs: readonly B[], cs: readonly C[]): [A, B, C][] {
  return as.flatMap((a) => bs.flatMap((b) => cs.map((c) => [a, b, c] as [A, B, C])));
}

Deno.test("a one-ulp change of the learning rate changes the output bits (the comparison can fail)", () => {
  const c: Case = {
    precision: "float32",
    optimizer: "sgd",
    gradAtZero: 0,
    hidden: 7,
    points: 30,
    models: 1,
    steps: 3,
    stepOffset: 0,
    countZeros: false,
    order: "ascending",
    init: "random",
  };
  const { attrs, layout, x, y, state, stride, seeds } = inputs(c);
  const run = (lr: number) => {
    const arrays: FusedArrays = {
      x: Float32Array.from(x),
      y: Float32Array.from(y),
      state: Float32Array.from(state),
      stateStride: stride,
      schedule: adamSchedule(c.steps, 0),
      seeds,
      out: new Float32Array(layout.width),
    };
    runFusedStepsWasm(arrays, { ...attrs, lr });
    return arrays.out;
  };
  const lr = Math.fround(0.01);
  const next = new Float32Array(new Uint32Array([new Uint32Array(new Float32Array([lr]).buffer)[0] + 1]).buffer)[0];
  assert.throws(() => sameBits(run(lr), run(next), "one ulp"), /differs/);
});

Deno.test("the default essay training (H = 7, P = 300, 4000 SGD updates) is the JS loop's, bit for bit", async () => {
  const spec = defaultSpec();
  const H = 7;
  const steps = 4000;
  const attrs: FusedKernelAttrs = {
    steps,
    hidden: H,
    lr: spec.lr,
    adam: false,
    gradAtZero: 0,
    randomGrad: false,
    stepOffset: 0,
    countZeros: true,
    scratch: 0,
  };
  const layout = packedLayout(attrs);
  const p = spec.init[0];
  const make = (): FusedArrays => ({
    x: Float32Array.from(spec.x),
    y: Float32Array.from(spec.y),
    state: Float32Array.from([...p.w0, ...p.b0, ...p.w1, p.b1]),
    stateStride: layout.state,
    schedule: adamSchedule(steps, 0),
    seeds: Int32Array.from(spec.seeds, (s) => hash32(s) | 0),
    out: new Float32Array(layout.width),
  });
  const js = make();
  const wasm = make();
  runFusedSteps(js, attrs);
  runFusedStepsWasm(wasm, attrs);
  sameBits(js.out, wasm.out, "one call of 4000 updates");
  const losses = js.out.slice(layout.losses, layout.losses + steps);
  assert.ok(losses[steps - 1] < losses[0] / 2, "the run trains");

  // The same run through the registered kernels, in 40 calls of 100 updates.
  for (const backend of ["cpu", "wasm"] as const) {
    await useBackend(backend);
    const engine = await createFusedEngine({ ...spec, countZeros: true });
    const got: number[] = [];
    for (let k = 0; k < steps / 100; k++) got.push(...(await engine.step(100)).losses[0]);
    const [after] = await engine.params();
    engine.dispose();
    sameBits(Float32Array.from(got), losses, `${backend} engine losses`);
    sameBits(
      Float32Array.from([...after.w0, ...after.b0, ...after.w1, after.b1]),
      js.out.slice(0, layout.params),
      `${backend} engine parameters`,
    );
  }
});
