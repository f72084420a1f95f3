/**
 * The fused training kernel in WebAssembly SIMD (`wasm/fused.wat`): the same
 * arithmetic as the JavaScript loops of `kernel_cpu.ts`, bit for bit, several
 * times faster. {@link runFusedStepsWasm} follows `runFusedSteps` (float32
 * parameters), {@link runFusedSteps64Wasm} follows `runFusedSteps64`. It is
 * fastest when the points are finite and in ascending order (the essay's
 * grids): then each unit's z is monotone in p and the kernel visits only the
 * points where z ≥ 0, about half of them (see `wasm/fused.wat`). A batch's
 * models run in groups side by side, so that a small H still fills the SIMD
 * lanes; each model's arithmetic stays its own, in the loop's order.
 *
 * The module is compiled and instantiated once, synchronously, from the
 * base64 bytes in `wasm/generated/fused_wasm_bytes.ts` (no file access, no await). It
 * has its own memory: every call copies its inputs in and the packed output
 * back, growing the memory when a call needs more.
 *
 * @module
 */
import { FUSED_WASM_BASE64 } from "./wasm/generated/fused_wasm_bytes.ts";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from "./contract.ts";
import { type FusedArrays, type FusedArrays64, type FusedKernelAttrs, packedLayout } from "./kernel.ts";

/** The arguments both entry points take first: sizes, layout, flags and the scalars of the update. */
type CommonArgs = readonly [
  P: number,
  H: number,
  M: number,
  G: number,
  steps: number,
  stepOffset: number,
  width: number,
  colLoss: number,
  colZeros: number,
  flags: number,
  lr: number,
  scale: number,
  gradAtZero: number,
  beta1: number,
  beta2: number,
  oneMinusBeta1: number,
  oneMinusBeta2: number,
  eps: number,
];

/** `run32`: the common arguments, then the addresses of x, y, x in float64, r, seeds, schedule, out and work. */
type Run32 = (
  ...args: [
    ...CommonArgs,
    pX: number,
    pY: number,
    pXd: number,
    pR: number,
    pSeeds: number,
    pSched: number,
    pOut: number,
    pWork: number,
  ]
) => void;

/** `run64`: the same without the float64 copy of x (x is float64 already). */
type Run64 = (
  ...args: [
    ...CommonArgs,
    pX: number,
    pY: number,
    pR: number,
    pSeeds: number,
    pSched: number,
    pOut: number,
    pWork: number,
  ]
) => void;

/** `gen32` and `gen64`: `run32`'s and `run64`'s arguments, then the activation's left and right slopes. */
type Gen32 = (...args: [...Parameters<Run32>, left: number, right: number]) => void;
type Gen64 = (...args: [...Parameters<Run64>, left: number, right: number]) => void;

interface FusedWasm {
  memory: WebAssembly.Memory;
  run32: Run32;
  run64: Run64;
  gen32: Gen32;
  gen64: Gen64;
  /** The bytes of the work area for H hidden units and groups of G models. */
  workBytes: (H: number, G: number) => number;
}

let instance: FusedWasm | undefined;

/** The bytes of a base64 string (`Uint8Array.fromBase64` where the runtime has it). */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The instantiated module (compiled on first use). */
function fusedWasm(): FusedWasm {
  if (!instance) {
    const bytes = decodeBase64(FUSED_WASM_BASE64);
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    instance = {
      memory: exports.memory as WebAssembly.Memory,
      run32: exports.run32 as Run32,
      run64: exports.run64 as Run64,
      gen32: exports.gen32 as Gen32,
      gen64: exports.gen64 as Gen64,
      workBytes: exports.workBytes as FusedWasm["workBytes"],
    };
  }
  return instance;
}

const PAGE = 65536;
const align16 = (n: number) => (n + 15) & ~15;

/** Byte addresses of one call's regions in the module's memory. */
interface Regions {
  x: number;
  y: number;
  xd: number;
  r: number;
  seeds: number;
  schedule: number;
  out: number;
  work: number;
  end: number;
}

/** The residuals of a group of models, at most (bytes), so that they stay in the L1 cache. */
const GROUP_BYTES = 32768;
/** From this many units (padded to a multiple of 4) on, a model fills the lanes alone. */
const UNITS_ALONE = 64;

/**
 * How many models the kernel runs side by side (a group): one when a model
 * has {@link UNITS_ALONE} units or more (it fills the blocks of 4 lanes alone,
 * and lanes of one model read one residual per point), else as many as have
 * their residuals (P float64 numbers each) within {@link GROUP_BYTES}, at
 * least 1 and at most M. Only speed depends on it.
 */
function groupSize(P: number, H: number, M: number): number {
  if (((H + 3) & ~3) >= UNITS_ALONE) return 1;
  return Math.max(1, Math.min(M, Math.floor(GROUP_BYTES / (8 * ((P + 3) & ~3)))));
}

/** One call's sizes: points, units, models, group size, row width, schedule length, bytes per number. */
interface CallSizes {
  P: number;
  H: number;
  M: number;
  G: number;
  width: number;
  scheduleLength: number;
  /** 4 for float32 numbers, 8 for float64. */
  bytes: 4 | 8;
}

/** Lays the regions out from address 16. */
function regions(wasm: FusedWasm, sizes: CallSizes): Regions {
  const { P, H, M, G, width, scheduleLength, bytes } = sizes;
  const padded = (P + 3) & ~3;
  let at = 16;
  const take = (size: number) => {
    const start = at;
    at = align16(at + size);
    return start;
  };
  const x = take(bytes * padded);
  const y = take(bytes * padded);
  const xd = take(bytes === 4 ? 8 * padded : 0);
  const r = take(8 * padded * G);
  const seeds = take(4 * M);
  const schedule = take(bytes * scheduleLength);
  const out = take(bytes * M * width);
  const work = take(wasm.workBytes(H, G));
  return { x, y, xd, r, seeds, schedule, out, work, end: at };
}

/** The module's memory, grown to at least `bytes`. */
function memoryOf(wasm: FusedWasm, bytes: number): ArrayBuffer {
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
  return wasm.memory.buffer as ArrayBuffer;
}

/** Copies x and y (zero-padded to whole blocks of 4), the seeds, the schedule and `out` with the input state. */
function copyIn(
  buffer: ArrayBuffer,
  at: Regions,
  arrays: FusedArrays | FusedArrays64,
  stateColumns: number,
  width: number,
): void {
  const { x, y, state, stateStride, schedule, seeds, out } = arrays;
  const Numbers = x instanceof Float32Array ? Float32Array : Float64Array;
  const P = x.length;
  const padded = (P + 3) & ~3;
  const xs = new Numbers(buffer, at.x, padded);
  xs.set(x);
  xs.fill(0, P);
  const ys = new Numbers(buffer, at.y, padded);
  ys.set(y);
  ys.fill(0, P);
  if (Numbers === Float32Array) new Float64Array(buffer, at.xd, P).set(x);
  new Int32Array(buffer, at.seeds, seeds.length).set(seeds);
  new Numbers(buffer, at.schedule, schedule.length).set(schedule);
  const rows = new Numbers(buffer, at.out, out.length);
  rows.set(out);
  for (let m = 0; m < seeds.length; m++) {
    rows.set(state.subarray(m * stateStride, m * stateStride + stateColumns), m * width);
  }
}

/**
 * True when the points are finite and in ascending order: then z is monotone
 * in p for every unit and the kernel visits only the points where z ≥ 0.
 */
function ascending(x: Float32Array | Float64Array): boolean {
  for (let p = 0; p < x.length; p++) {
    if (!Number.isFinite(x[p]) || (p > 0 && !(x[p - 1] <= x[p]))) return false;
  }
  return true;
}

/** The arguments both entry points share, up to Adam's constants. */
function commonArgs(x: Float32Array | Float64Array, attrs: FusedKernelAttrs, sizes: CallSizes): CommonArgs {
  const layout = packedLayout(attrs);
  const f = sizes.bytes === 4 ? Math.fround : (v: number) => v;
  const flags = (attrs.adam ? 1 : 0) | (attrs.randomGrad ? 2 : 0) | (attrs.countZeros ? 4 : 0) |
    (ascending(x) ? 8 : 0);
  return [
    x.length,
    attrs.hidden,
    sizes.M,
    sizes.G,
    attrs.steps,
    attrs.stepOffset,
    layout.width,
    layout.losses,
    layout.zeros,
    flags,
    f(attrs.lr),
    f(2 / x.length),
    attrs.gradAtZero,
    f(ADAM_BETA1),
    f(ADAM_BETA2),
    f(1 - ADAM_BETA1),
    f(1 - ADAM_BETA2),
    f(ADAM_EPSILON),
  ];
}

/** The module, a call's regions (its inputs copied in) and its first arguments. */
function setUp(
  arrays: FusedArrays | FusedArrays64,
  attrs: FusedKernelAttrs,
  bytes: 4 | 8,
): { wasm: FusedWasm; at: Regions; args: CommonArgs } {
  const P = arrays.x.length;
  const M = arrays.seeds.length;
  const wasm = fusedWasm();
  const layout = packedLayout(attrs);
  const sizes: CallSizes = {
    P,
    H: attrs.hidden,
    M,
    G: groupSize(P, attrs.hidden, M),
    width: layout.width,
    scheduleLength: arrays.schedule.length,
    bytes,
  };
  const at = regions(wasm, sizes);
  copyIn(memoryOf(wasm, at.end), at, arrays, layout.state, layout.width);
  return { wasm, at, args: commonArgs(arrays.x, attrs, sizes) };
}

/**
 * Runs the float32 fused kernel in WebAssembly: the same signature and the
 * same results, bit for bit, as `runFusedSteps`.
 *
 * @param arrays the inputs, the state, the schedule, the seeds and the output
 * @param attrs the kernel call's attributes
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { runFusedStepsWasm } from "./kernel_wasm.ts";
 * const attrs = { steps: 1, hidden: 1, lr: 0.1, adam: false, gradAtZero: 0, randomGrad: false, stepOffset: 0 };
 * const out = new Float32Array(6); // w0, b0, w1, b1, one loss, one zero count
 * const x = new Float32Array([-1, 0, 1]);
 * const state = new Float32Array([1, 0, 1, 0]);
 * const arrays = { x, y: x, state, stateStride: 4, schedule: new Float32Array(2), seeds: new Int32Array(1), out };
 * runFusedStepsWasm(arrays, { ...attrs, countZeros: true, scratch: 0 });
 * strictEqual(out[4], Math.fround(1 / 3)); // the residuals are 1, 0, 0
 * strictEqual(out[5], 1); // z = 0 at x = 0
 * strictEqual(out[3], Math.fround(-0.1 * Math.fround(2 / 3))); // b1 -= lr · (2/P) · Σ residuals
 * ok(state[3] === 0); // the input state is left as it was
 * ```
 */
export function runFusedStepsWasm(arrays: FusedArrays, attrs: FusedKernelAttrs): void {
  const { wasm, at, args } = setUp(arrays, attrs, 4);
  const { leftSlope: left = 0, rightSlope: right = 1 } = attrs;
  if (left === 0 && right === 1) wasm.run32(...args, at.x, at.y, at.xd, at.r, at.seeds, at.schedule, at.out, at.work);
  else wasm.gen32(...args, at.x, at.y, at.xd, at.r, at.seeds, at.schedule, at.out, at.work, left, right);
  arrays.out.set(new Float32Array(wasm.memory.buffer, at.out, arrays.out.length));
}

/**
 * Runs the float64 fused kernel in WebAssembly: the same signature and the
 * same results, bit for bit, as `runFusedSteps64`.
 *
 * @param arrays the inputs, the state, the schedule, the seeds and the output
 * @param attrs the kernel call's attributes
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { runFusedSteps64Wasm } from "./kernel_wasm.ts";
 * import { runFusedSteps64 } from "./kernel_cpu64.ts";
 * const attrs = { steps: 3, hidden: 2, lr: 0.05, adam: true, gradAtZero: 0.5, randomGrad: false, stepOffset: 0 };
 * const x = new Float64Array([-1, -0.5, 0, 0.5, 1]);
 * const run = (kernel: typeof runFusedSteps64) => {
 *   const out = new Float64Array(27); // 21 numbers of state (Adam), 3 losses, 3 zero counts
 *   const state = new Float64Array(21);
 *   state.set([1, -1, 0, 0.5, 1, 1, 0]); // w0, b0, w1, b1; the moments start at 0
 *   const schedule = new Float64Array([0.1, 0.001, 0.19, 1 - 0.999 ** 2, 1 - 0.9 ** 3, 1 - 0.999 ** 3]);
 *   kernel({ x, y: x.map((v) => v ** 3), state, stateStride: 21, schedule, seeds: new Int32Array(1), out }, {
 *     ...attrs,
 *     countZeros: true,
 *     scratch: 0,
 *   });
 *   return Array.from(out);
 * };
 * const out = run(runFusedSteps64Wasm);
 * deepStrictEqual(out, run(runFusedSteps64)); // bit for bit
 * strictEqual(out[24], 2); // two z exactly 0 at the first update, where relu'(0) = 0.5 acts
 * ```
 */
export function runFusedSteps64Wasm(arrays: FusedArrays64, attrs: FusedKernelAttrs): void {
  const { wasm, at, args } = setUp(arrays, attrs, 8);
  const { leftSlope: left = 0, rightSlope: right = 1 } = attrs;
  if (left === 0 && right === 1) wasm.run64(...args, at.x, at.y, at.r, at.seeds, at.schedule, at.out, at.work);
  else wasm.gen64(...args, at.x, at.y, at.r, at.seeds, at.schedule, at.out, at.work, left, right);
  arrays.out.set(new Float64Array(wasm.memory.buffer, at.out, arrays.out.length));
}
