/**
 * The fused kernels for every piecewise-linear activation of the registry
 * (`lib/math/activation_registry.ts`) and every kind of kink derivative: the
 * WebAssembly kernels (`gen32`, `gen64` in `lib/engine/wasm/fused.wat`) give
 * the bits of the JavaScript loops (`runFusedSteps`, `runFusedSteps64`), and
 * the loops give a hand-computed update.
 *
 * @module
 */
import assert from "node:assert/strict";
import {
  adamSchedule,
  adamSchedule64,
  type FusedKernelAttrs,
  packedLayout,
  piecewiseSlopes,
} from "../lib/engine/kernel.ts";
import { runFusedSteps } from "../lib/engine/kernel_cpu.ts";
import { runFusedSteps64 } from "../lib/engine/kernel_cpu64.ts";
import { runFusedSteps64Wasm, runFusedStepsWasm } from "../lib/engine/kernel_wasm.ts";
import { createRng, hash32 } from "../lib/math/random.ts";
import { conventions, PIECEWISE_MEMBERS } from "./support/activations.ts";

interface Shape {
  hidden: number;
  points: number;
  models: number;
  steps: number;
  zeros: boolean;
  shuffled: boolean;
}

const SHAPES: Shape[] = [
  { hidden: 1, points: 1, models: 1, steps: 3, zeros: false, shuffled: false },
  { hidden: 3, points: 5, models: 3, steps: 4, zeros: false, shuffled: false },
  { hidden: 7, points: 31, models: 2, steps: 4, zeros: false, shuffled: true },
  { hidden: 9, points: 301, models: 3, steps: 3, zeros: false, shuffled: false },
  { hidden: 64, points: 41, models: 1, steps: 2, zeros: false, shuffled: false },
  { hidden: 5, points: 11, models: 3, steps: 3, zeros: true, shuffled: false }, // every z exactly 0 at first
  { hidden: 7, points: 21, models: 3, steps: 0, zeros: false, shuffled: false }, // loss only
];

function inputs(activation: string, gradAtZero: number | "random", adam: boolean, s: Shape) {
  const { left, right } = piecewiseSlopes(activation);
  const attrs: FusedKernelAttrs = {
    steps: s.steps,
    hidden: s.hidden,
    lr: adam ? 0.02 : 0.01,
    adam,
    gradAtZero: gradAtZero === "random" ? 0 : gradAtZero,
    randomGrad: gradAtZero === "random",
    stepOffset: 5,
    countZeros: true,
    scratch: 0,
    leftSlope: left,
    rightSlope: right,
  };
  const layout = packedLayout(attrs);
  const H = s.hidden;
  const P = s.points;
  const x = Array.from({ length: P }, (_, i) => (P === 1 ? 0 : -2 + (4 * i) / (P - 1)));
  const rng = createRng(1000 * H + P);
  if (s.shuffled) {
    for (let i = P - 1; i > 0; i--) {
      const k = Math.floor(rng.next() * (i + 1));
      [x[i], x[k]] = [x[k], x[i]];
    }
  }
  const y = x.map((v) => v ** 3);
  const stride = layout.state + 1;
  const state: number[] = Array(s.models * stride).fill(0);
  for (let m = 0; m < s.models; m++) {
    const row = m * stride;
    for (let j = 0; j < H; j++) {
      state[row + j] = s.zeros ? 0 : rng.uniform(-1, 1);
      state[row + H + j] = s.zeros || j % 3 === 0 ? 0 : rng.uniform(-1, 1); // z = 0 at x = 0
      state[row + 2 * H + j] = rng.uniform(-0.5, 0.5);
    }
    state[row + 3 * H] = rng.uniform(-0.1, 0.1);
    if (adam) { for (let i = layout.params; i < layout.state; i++) state[row + i] = rng.uniform(0, 0.01); }
  }
  const seeds = Int32Array.from({ length: s.models }, (_, m) => hash32(17 + m) | 0);
  return { attrs, width: s.models * layout.width, x, y, state, stride, seeds };
}

function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array, what: string): void {
  const bitsA = a instanceof Float32Array ? new Uint32Array(a.buffer) : new BigUint64Array(a.buffer);
  const bitsB = b instanceof Float32Array ? new Uint32Array(b.buffer) : new BigUint64Array(b.buffer);
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    if (bitsA[i] !== bitsB[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) {
      assert.fail(`${what}: slot ${i} differs: JS ${a[i]}, wasm ${b[i]}`);
    }
  }
}

/** Runs one case through the JS loop and the wasm kernel in a precision; returns both outputs. */
function runBoth(activation: string, g: number | "random", adam: boolean, s: Shape, precision: "float32" | "float64") {
  const { attrs, width, x, y, state, stride, seeds } = inputs(activation, g, adam, s);
  if (precision === "float32") {
    const make = () => ({
      x: Float32Array.from(x),
      y: Float32Array.from(y),
      state: Float32Array.from(state),
      stateStride: stride,
      schedule: adamSchedule(s.steps, 5),
      seeds,
      out: new Float32Array(width).fill(-7),
    });
    const js = make();
    const wasm = make();
    runFusedSteps(js, attrs);
    runFusedStepsWasm(wasm, attrs);
    return { js: js.out, wasm: wasm.out };
  }
  const make = () => ({
    x: Float64Array.from(x),
    y: Float64Array.from(y),
    state: Float64Array.from(state),
    stateStride: stride,
    schedule: adamSchedule64(s.steps, 5),
    seeds,
    out: new Float64Array(width).fill(-7),
  });
  const js = make();
  const wasm = make();
  runFusedSteps64(js, attrs);
  runFusedSteps64Wasm(wasm, attrs);
  return { js: js.out, wasm: wasm.out };
}

Deno.test("the piecewise members are relu, leaky_relu at 0, 0.01, 0.1 and 1, abs and identity", () => {
  assert.deepEqual(PIECEWISE_MEMBERS, [
    "relu",
    "leaky_relu:0.01",
    "leaky_relu:0",
    "leaky_relu:0.1",
    "leaky_relu:1",
    "abs",
    "identity",
  ]);
  assert.deepEqual(conventions("abs"), [-1, 0, 1, "random"]);
  assert.deepEqual(conventions("identity"), [1, "random"]);
});

for (const precision of ["float32", "float64"] as const) {
  for (const activation of PIECEWISE_MEMBERS) {
    Deno.test(`wasm and the JS loop agree bit for bit in ${precision} for ${activation}, every kink convention`, () => {
      for (const g of conventions(activation)) {
        for (const adam of [false, true]) {
          for (const s of SHAPES) {
            const { js, wasm } = runBoth(activation, g, adam, s, precision);
            sameBits(js, wasm, `${activation} g=${g} ${adam ? "adam" : "sgd"} ${JSON.stringify(s)}`);
          }
        }
      }
    });
  }
}

Deno.test("the comparison can fail: another kink derivative changes the bits where z = 0", () => {
  const s = SHAPES[5];
  const a = runBoth("abs", -1, false, s, "float32").js;
  const b = runBoth("abs", 1, false, s, "float32").js;
  assert.notDeepEqual(Array.from(a), Array.from(b));
});

Deno.test("one SGD update of leaky_relu:0.1 and abs is the hand-computed one", () => {
  // H = 1, w0 = 1, b0 = 0, w1 = 2, b1 = 0; points x = −1, 0, 1 with y = 0; lr = 0.5; kink derivative g.
  // a(−1) = −L, a(0) = 0, a(1) = R; r = 2·a(x); loss = Σ r² / 3.
  // dL/dw1 = (2/3) Σ r·a; dL/db1 = (2/3) Σ r; dL/dw0 = (2/3) Σ r·w1·a'(x)·x; dL/db0 = (2/3) Σ r·w1·a'(x).
  for (const [activation, g] of [["leaky_relu:0.1", 0.5], ["abs", -0.25]] as const) {
    const { left: L, right: R } = piecewiseSlopes(activation);
    const xs = [-1, 0, 1];
    const a = (x: number) => x > 0 ? R * x : L * x;
    const da = (x: number) => x > 0 ? R : x < 0 ? L : g;
    const r = xs.map((x) => 2 * a(x));
    const sum = (f: (x: number, i: number) => number) => xs.reduce((s, x, i) => s + f(x, i), 0);
    const expected = [
      1 - 0.5 * (2 / 3) * sum((x, i) => r[i] * 2 * da(x) * x),
      0 - 0.5 * (2 / 3) * sum((x, i) => r[i] * 2 * da(x)),
      2 - 0.5 * (2 / 3) * sum((x, i) => r[i] * a(x)),
      0 - 0.5 * (2 / 3) * sum((_, i) => r[i]),
      sum((_, i) => r[i] ** 2) / 3,
    ];
    const out = new Float64Array(5);
    runFusedSteps64({
      x: Float64Array.from(xs),
      y: new Float64Array(3),
      state: Float64Array.from([1, 0, 2, 0]),
      stateStride: 4,
      schedule: adamSchedule64(1, 0),
      seeds: new Int32Array(1),
      out,
    }, {
      steps: 1,
      hidden: 1,
      lr: 0.5,
      adam: false,
      gradAtZero: g,
      randomGrad: false,
      stepOffset: 0,
      countZeros: false,
      scratch: 0,
      leftSlope: L,
      rightSlope: R,
    });
    Array.from(out).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `${activation} slot ${i}: ${v}`));
  }
});
