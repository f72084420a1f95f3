/**
 * The fused training kernel as WGSL programs for the tfjs `webgpu` backend,
 * run through `WebGPUBackend.runWebGPUProgram`. One kernel call (one
 * `runKernel`) records the dispatches that {@link fusedWebGpuPlan} chooses
 * from H, P and the adapter, into one output:
 *
 * - **single** mode ({@link webgpuMode}: P·H ≤ 2^15 or P within one chunk):
 *   one workgroup of {@link FUSED_WORKGROUP_SIZE} threads per model runs
 *   every update of the call in one shader loop, the model's parameters
 *   living in its row of the output and the residuals in the row's scratch
 *   columns. Per update: threads split the points (forward pass, residuals),
 *   then the (unit, point) pairs (gradients and z = 0 counts; with H ≤ 32,
 *   G = ⌊64/H⌋ threads share a unit and a workgroup sum joins their parts),
 *   then a workgroup tree reduction gives the loss, b1's gradient and the zero
 *   count, and the parameters are updated in place.
 * - **split** mode (larger updates): the points of a model are cut into
 *   chunks of {@link webgpuChunk}(H, P) points and every update is two
 *   dispatches:
 *   1. *partials*, one workgroup per (model, chunk), M·C in all: the same two
 *      phases over the chunk's points, writing the chunk's sums (∂/∂w0 [H],
 *      ∂/∂b0 [H], ∂/∂w1 [H], ∂/∂b1, Σr², zero count) and its residuals into
 *      its row of a temporary buffer;
 *   2. *update*, one thread per (model, column): sums its column over the C
 *      chunks in chunk order (deterministic, and independent of M) and
 *      applies SGD or Adam, or writes the loss or the zero count.
 *   The first partials dispatch of a call reads the parameters from the
 *   `state` input and the first update dispatch copies them into the output;
 *   later ones read the output.
 *
 * The arithmetic is that of `runFusedSteps` in float32: z = w0·x + b0 with
 * the product and the sum rounded separately, relu'(0) fixed or
 * hashUniform(seed, k, p·H + j), sums over points in float32 (so agreement
 * with the cpu kernel is within a tolerance, not bitwise), zero counts exact
 * (integers, summed as integers across chunks).
 *
 * Loop budget: Mesa's llvmpipe (a software adapter) silently ends a shader's
 * loops after 65535 iterations per invocation, so on a software adapter (read
 * once per backend from `device.adapterInfo.isFallbackAdapter`) a single-mode
 * call is cut into dispatches of at most {@link FUSED_LOOP_BUDGET} loop
 * iterations, each continuing from the state the previous one left in the
 * output, and a size whose one dispatch would exceed it is refused (a split
 * dispatch is bounded by the chunk, so only huge P·H is). On a hardware
 * adapter no budget applies: a single-mode call is one dispatch.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import type { WebGPUBackend, WebGPUProgram } from "npm:@tensorflow/tfjs-backend-webgpu@4.22.0";
import {
  ADAM_BETA1,
  ADAM_BETA2,
  ADAM_EPSILON,
  FUSED_KERNEL_NAME,
  type FusedKernelArgs,
  type FusedKernelAttrs,
  type FusedKernelInputs,
  packedLayout,
  stateWidth,
} from "./kernel.ts";

/** Threads per workgroup. */
export const FUSED_WORKGROUP_SIZE = 64;

/**
 * The most loop iterations one shader invocation may run in one dispatch on a
 * software adapter (half of llvmpipe's 65535, which it enforces by silently
 * leaving loops). Hardware adapters have no budget.
 */
export const FUSED_LOOP_BUDGET = 32768;

/** The most points of one chunk (bounds the loop iterations of one partials invocation). */
export const FUSED_MAX_CHUNK = 2048;

/** Unit-point pairs one workgroup aims to take per update: chunk ≈ this / H. */
const CHUNK_PAIRS = 16384;

/** Unit-point pairs per chunk at least P·H / this, so that a model's partial sums stay ≲ 3·2^21 floats. */
const PAIRS_PER_PARTIAL_ROW = 2 ** 21;

/** Unit-point pairs up to which one workgroup per model takes all the points (single mode). */
const SINGLE_PAIRS = 2 ** 15;

/** Zero counts per chunk are stored as float32: a chunk has at most this many (unit, point) pairs. */
const EXACT_COUNT = 2 ** 24;

const T = FUSED_WORKGROUP_SIZE;

const f32 = (v: number): string => {
  const s = String(Math.fround(v));
  return /[.e]/.test(s) ? s : `${s}.0`;
};

const roundUp = (v: number, to: number): number => Math.ceil(v / to) * to;

/**
 * Points per chunk for H hidden units and P points: about 16384 / H unit-point
 * pairs' worth (a multiple of {@link FUSED_WORKGROUP_SIZE} in [64, 2048]),
 * more when P·H is so large that the partial sums would pass ~2^21 rows'
 * worth of pairs, and few enough that a chunk's zero count is exact in
 * float32. Depends on H and P only, so model m of a batch sums in the same
 * order as model m alone.
 *
 * @param hidden hidden units H
 * @param points points P
 * @returns points per chunk
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { webgpuChunk } from "./kernel_webgpu.ts";
 * strictEqual(webgpuChunk(64, 10_000), 256);
 * strictEqual(webgpuChunk(7, 10_000), 2048);
 * ```
 */
export function webgpuChunk(hidden: number, points: number): number {
  let chunk = Math.max(roundUp(CHUNK_PAIRS / hidden, T), roundUp((points * hidden) / PAIRS_PER_PARTIAL_ROW, T));
  chunk = Math.min(Math.max(chunk, T), FUSED_MAX_CHUNK);
  while (chunk > T && chunk * hidden > EXACT_COUNT) chunk -= T;
  return chunk;
}

/**
 * The `scratch` columns the webgpu kernel needs in each packed output row
 * (see `FusedKernelAttrs.scratch`): P in single mode (the residuals of one
 * update), none in split mode (the residuals and partial sums live in a
 * temporary buffer, so that reading the output back does not move them).
 * Larger values are accepted and left unwritten.
 *
 * @param hidden hidden units H
 * @param points points P
 * @returns the scratch columns per row
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { webgpuScratch } from "./kernel_webgpu.ts";
 * strictEqual(webgpuScratch(7, 300), 300);
 * strictEqual(webgpuScratch(64, 10_000), 0);
 * ```
 */
export function webgpuScratch(hidden: number, points: number): number {
  return webgpuMode(hidden, points) === "single" ? points : 0;
}

/**
 * Single mode (one workgroup per model, every update of a call in one shader
 * loop) when the data fits one chunk or one update has at most 2^15
 * unit-point pairs, where two dispatches per update would cost more than
 * they parallelise; split mode otherwise.
 *
 * @param hidden hidden units H
 * @param points points P
 * @returns the mode
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { webgpuMode } from "./kernel_webgpu.ts";
 * strictEqual(webgpuMode(7, 300), "single");
 * strictEqual(webgpuMode(64, 10_000), "split");
 * ```
 */
export function webgpuMode(hidden: number, points: number): "single" | "split" {
  return points <= webgpuChunk(hidden, points) || points * hidden <= SINGLE_PAIRS ? "single" : "split";
}

/** What {@link fusedWebGpuPlan} needs to know. */
export interface FusedWebGpuPlanInput {
  /** Hidden units H. */
  hidden: number;
  /** Points P. */
  points: number;
  /** Updates in the call (0: only the loss). */
  steps: number;
  /** Models M (default 1): only the size of the partial sums depends on it. */
  models?: number;
  /** Whether the adapter is a software fallback: only then does {@link FUSED_LOOP_BUDGET} apply. */
  software: boolean;
  /** Numbers of state per model (default: SGD's 3H + 1). */
  stateSize?: number;
  /** The device's `maxStorageBufferBindingSize` (default: unlimited). */
  maxBindingBytes?: number;
}

/** How one kernel call is dispatched. */
export interface FusedWebGpuPlan {
  /** `single`: one workgroup per model for all updates; `split`: two dispatches per update. */
  mode: "single" | "split";
  /** Points per chunk: {@link webgpuChunk} in split mode, P in single mode. */
  chunk: number;
  /** Chunks per model C (1 in single mode). */
  chunks: number;
  /** Updates per dispatch in single mode (all of them without a budget); 1 in split mode. */
  stepsPerDispatch: number;
  /** Dispatches the call records. */
  dispatches: number;
  /** An upper bound on the loop iterations of one shader invocation in one dispatch. */
  loopIterations: number;
  /** Bytes of the temporary partial sums (0 in single mode). */
  partialBytes: number;
  /** Why the call cannot run, when it cannot. */
  refused?: string;
}

/**
 * Loop iterations (counting each loop entry as one more) that one invocation
 * runs for one update of H units over n points (a chunk, or all P in single
 * mode): the two phases and the reductions.
 *
 * @param hidden hidden units H
 * @param points the points one invocation's workgroup takes
 * @returns the bound
 */
export function chunkLoopIterations(hidden: number, points: number): number {
  const G = Math.max(1, Math.floor(T / hidden));
  const phase1 = 1 + Math.ceil(points / T) * (hidden + 2);
  const phase2 = 1 + Math.ceil(hidden / T) * (Math.ceil(points / G) + 1) + (G + 1);
  const reduction = Math.log2(T) + 1;
  return phase1 + phase2 + reduction + 1;
}

/**
 * Chooses single or split mode, the chunk and the dispatches of one kernel
 * call; says why it would be refused (a software adapter's loop budget, or
 * partial sums larger than the device can bind).
 *
 * @param input the sizes and the adapter's kind and limits
 * @returns the plan
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { fusedWebGpuPlan } from "./kernel_webgpu.ts";
 * // The defaults: 1000 updates in one dispatch on a GPU, several on llvmpipe.
 * strictEqual(fusedWebGpuPlan({ hidden: 7, points: 300, steps: 1000, software: false }).dispatches, 1);
 * strictEqual(fusedWebGpuPlan({ hidden: 7, points: 300, steps: 1000, software: true }).dispatches, 4);
 * // Larger data: two dispatches per update, 40 workgroups per model.
 * const plan = fusedWebGpuPlan({ hidden: 64, points: 10_000, steps: 5, software: false });
 * strictEqual(plan.mode, "split");
 * strictEqual(plan.chunks, 40);
 * strictEqual(plan.dispatches, 10);
 * ```
 */
export function fusedWebGpuPlan(input: FusedWebGpuPlanInput): FusedWebGpuPlan {
  const { hidden, points, steps, software } = input;
  const models = input.models ?? 1;
  const stateSize = input.stateSize ?? stateWidth(hidden, false);
  const slots = Math.max(steps, 1);
  const chunk = webgpuChunk(hidden, points);
  const where = `H = ${hidden} and P = ${points}`;
  if (webgpuMode(hidden, points) === "single") {
    const perStep = chunkLoopIterations(hidden, points);
    const copy = Math.ceil(stateSize / T) + 1;
    let stepsPerDispatch = slots;
    let refused: string | undefined;
    if (software) {
      stepsPerDispatch = Math.min(slots, Math.floor((FUSED_LOOP_BUDGET - copy) / perStep));
      if (stepsPerDispatch < 1) {
        stepsPerDispatch = 1;
        refused = `one update needs about ${perStep} loop iterations per shader invocation, ` +
          `more than the ${FUSED_LOOP_BUDGET} a software adapter allows per dispatch`;
      }
    }
    return {
      mode: "single",
      chunk: points,
      chunks: 1,
      stepsPerDispatch,
      dispatches: Math.ceil(slots / stepsPerDispatch),
      loopIterations: copy + stepsPerDispatch * perStep,
      partialBytes: 0,
      ...(refused
        ? { refused: `Cannot run the fused webgpu kernel for ${where}: ${refused}; use the cpu backend` }
        : {}),
    };
  }
  const chunks = Math.ceil(points / chunk);
  const partialIterations = chunkLoopIterations(hidden, chunk);
  const updateIterations = chunks + 2;
  const rowWidth = 3 * hidden + 3 + chunk;
  const partialBytes = 4 * models * chunks * rowWidth;
  const reasons: string[] = [];
  if (software && Math.max(partialIterations, updateIterations) > FUSED_LOOP_BUDGET) {
    reasons.push(
      `one dispatch needs about ${Math.max(partialIterations, updateIterations)} loop iterations per shader ` +
        `invocation (chunks of ${chunk} points, ${chunks} chunks), more than the ${FUSED_LOOP_BUDGET} ` +
        `a software adapter allows`,
    );
  }
  const limit = input.maxBindingBytes ?? Infinity;
  if (partialBytes > limit) {
    reasons.push(
      `its partial sums (${models} × ${chunks} chunks × ${rowWidth} float32) take ${partialBytes} bytes, ` +
        `more than the device's maxStorageBufferBindingSize of ${limit}`,
    );
  }
  return {
    mode: "split",
    chunk,
    chunks,
    stepsPerDispatch: 1,
    dispatches: 2 * slots,
    loopIterations: Math.max(partialIterations, updateIterations),
    partialBytes,
    ...(reasons.length
      ? { refused: `Cannot run the fused webgpu kernel for ${where}: ${reasons.join("; ")}; use the cpu backend` }
      : {}),
  };
}

// ------------------------------------------------------------------ WGSL

const SHARED = `
const T : i32 = ${T};
var<workgroup> redLoss : array<f32, ${T}>;
var<workgroup> redRes : array<f32, ${T}>;
var<workgroup> redZeros : array<i32, ${T}>;
var<workgroup> partW0 : array<f32, ${T}>;
var<workgroup> partB0 : array<f32, ${T}>;
var<workgroup> partW1 : array<f32, ${T}>;

fn hash32(v : u32) -> u32 {
  var h = v;
  h = h ^ (h >> 16u);
  h = h * 0x7feb352du;
  h = h ^ (h >> 15u);
  h = h * 0x846ca68bu;
  h = h ^ (h >> 16u);
  return h;
}
`;

/** How a program reads parameter i and residual i of its points. */
interface Access {
  param: (i: string) => string;
  res: (i: string) => string;
}

/**
 * Phase 1 over the `count` points from point `first`: the forward pass,
 * residuals stored with `res`, partial sums of r² and r into `redLoss`,
 * `redRes`.
 */
function phase1(a: Access): string {
  return `
    let b1 = ${a.param("3 * H")};
    var lossPart = 0.0;
    var resPart = 0.0;
    for (var i = t; i < count; i += T) {
      let xp = X[first + i];
      var acc = 0.0;
      for (var j = 0; j < H; j++) {
        let wx = ${a.param("j")} * xp;
        let z = wx + ${a.param("H + j")};
        if (z > 0.0) {
          acc += ${a.param("2 * H + j")} * z;
        }
      }
      let r = (acc + b1) - Y[first + i];
      ${a.res("i")} = r;
      lossPart += r * r;
      resPart += r;
    }
    redLoss[t] = lossPart;
    redRes[t] = resPart;`;
}

/**
 * Phase 2 over the (unit, point) pairs of the same points: thread t takes
 * units t mod H (+ T, + 2T, ...) and every G-th point from t / H; `done`
 * receives the sums g0, gb, g1 of unit j when G = 1, otherwise they go to the
 * `part*` arrays. Counts z = 0 into `redZeros`.
 */
function phase2(a: Access, done: string): string {
  return `
    var zeroPart = 0;
    let g = t / H;
    for (var j = t % H; j < H && g < G; j += T) {
      let w0 = ${a.param("j")};
      let b0 = ${a.param("H + j")};
      let w1 = ${a.param("2 * H + j")};
      var g0 = 0.0;
      var gb = 0.0;
      var g1 = 0.0;
      for (var i = g; i < count; i += G) {
        let xp = X[first + i];
        let wx = w0 * xp;
        let z = wx + b0;
        var d = 0.0;
        if (z > 0.0) {
          let r = ${a.res("i")};
          g1 += r * z;
          d = r * w1;
        } else if (z == 0.0) {
          // relu'(0): fixed, or hashUniform(seed, k, p·H + j) with the index
          // taken modulo 2^32 (as the cpu kernel's int32 xor does).
          zeroPart++;
          var slope = uniforms.gradAtZero;
          if (uniforms.randomGrad != 0) {
            slope = f32(hash32(stepHash ^ (u32(first + i) * u32(H) + u32(j))) >> 8u) / 16777216.0;
          }
          d = ${a.res("i")} * w1 * slope;
        }
        g0 += d * xp;
        gb += d;
      }
      if (G == 1) {
        ${done}
      } else {
        partW0[t] = g0;
        partB0[t] = gb;
        partW1[t] = g1;
      }
    }
    redZeros[t] = zeroPart;`;
}

/** The tree reduction of `redLoss`, `redRes`, `redZeros` (uniform control flow: every thread runs it). */
const TREE = `
    for (var w = T / 2; w > 0; w = w / 2) {
      if (t < w) {
        redLoss[t] += redLoss[t + w];
        redRes[t] += redRes[t + w];
        redZeros[t] += redZeros[t + w];
      }
      workgroupBarrier();
    }`;

/**
 * The single-mode program's WGSL body (tfjs adds the bindings, the uniforms
 * struct and `_start`): workgroup m runs `chunkSteps` updates of model m
 * in its output row, residuals in the row's scratch columns.
 *
 * @returns the WGSL source of `main` and its helpers
 */
export function singleShaderSource(): string {
  const a: Access = {
    param: (i) => `result[row + ${i}]`,
    res: (i) => `result[row + uniforms.scratchAt + ${i}]`,
  };
  return `${SHARED}
fn main(index : i32) {
  let m = i32(workgroupId.x);
  let t = i32(localIndex);
  let H = uniforms.hidden;
  let P = uniforms.points;
  let first = 0;
  let count = P;
  let row = m * uniforms.outShape[1];
  let scale = 2.0 / f32(P);
  let G = max(1, T / H);
  if (uniforms.chunkFirst == 0) {
    let inRow = m * uniforms.stateStride;
    for (var i = t; i < uniforms.stateSize; i += T) {
      result[row + i] = State[inRow + i];
    }
  }
  storageBarrier();
  workgroupBarrier();
  for (var c = 0; c < uniforms.chunkSteps; c++) {
    let s = uniforms.chunkFirst + c;
    let stepHash = hash32(u32(Seeds[m]) ^ u32(uniforms.stepOffset + s));
    ${phase1(a)}
    storageBarrier();
    workgroupBarrier();
    ${
    phase2(
      a,
      `if (uniforms.steps > 0) {
          updateParam(row, j, g0 * scale, s);
          updateParam(row, H + j, gb * scale, s);
          updateParam(row, 2 * H + j, g1 * scale, s);
        }`,
    )
  }
    workgroupBarrier();
    if (G > 1 && t < H && uniforms.steps > 0) {
      var g0 = 0.0;
      var gb = 0.0;
      var g1 = 0.0;
      for (var k = 0; k < G; k++) {
        g0 += partW0[k * H + t];
        gb += partB0[k * H + t];
        g1 += partW1[k * H + t];
      }
      updateParam(row, t, g0 * scale, s);
      updateParam(row, H + t, gb * scale, s);
      updateParam(row, 2 * H + t, g1 * scale, s);
    }
    ${TREE}
    if (t == 0) {
      result[row + uniforms.lossesAt + s] = redLoss[0] / f32(P);
      if (uniforms.countZeros != 0) {
        result[row + uniforms.zerosAt + s] = f32(redZeros[0]);
      }
      if (uniforms.steps > 0) {
        updateParam(row, 3 * H, redRes[0] * scale, s);
      }
    }
    storageBarrier();
    workgroupBarrier();
  }
}

fn updateParam(row : i32, i : i32, grad : f32, s : i32) {
  let at = row + i;
  if (uniforms.adam == 0) {
    result[at] = result[at] - uniforms.lr * grad;
    return;
  }
  let n = 3 * uniforms.hidden + 1;
  let m = ${f32(ADAM_BETA1)} * result[at + n] + ${f32(1 - ADAM_BETA1)} * grad;
  let v = ${f32(ADAM_BETA2)} * result[at + 2 * n] + (${f32(1 - ADAM_BETA2)} * grad) * grad;
  result[at + n] = m;
  result[at + 2 * n] = v;
  let mHat = m / Schedule[2 * s];
  let vHat = v / Schedule[2 * s + 1];
  result[at] = result[at] - (uniforms.lr * mHat) / (sqrt(vHat) + ${f32(ADAM_EPSILON)});
}
`;
}

/**
 * The split mode's partials program: workgroup (m, c) takes chunk c of model
 * m and writes its row of the partials buffer (`result`): the sums
 * ∂/∂w0 [H], ∂/∂b0 [H], ∂/∂w1 [H], ∂/∂b1, Σr², the zero count, then the
 * chunk's residuals.
 *
 * @returns the WGSL source of `main` and its helpers
 */
export function partialsShaderSource(): string {
  const a: Access = {
    param: (i) => `Params[prow + ${i}]`,
    res: (i) => `result[orow + K + ${i}]`,
  };
  return `${SHARED}
fn main(index : i32) {
  let t = i32(localIndex);
  let wg = i32(workgroupId.x + numWorkgroups.x * (workgroupId.y + numWorkgroups.y * workgroupId.z));
  let H = uniforms.hidden;
  let P = uniforms.points;
  let C = uniforms.chunks;
  let valid = wg < uniforms.models * C;
  let m = min(wg / C, uniforms.models - 1);
  let first = (wg % C) * uniforms.chunk;
  let count = select(0, min(uniforms.chunk, P - first), valid);
  let prow = m * uniforms.paramStride;
  let K = 3 * H + 3;
  let orow = wg * (K + uniforms.chunk);
  let G = max(1, T / H);
  let stepHash = hash32(u32(Seeds[m]) ^ u32(uniforms.update));
  ${phase1(a)}
  storageBarrier();
  workgroupBarrier();
  ${
    phase2(
      a,
      `if (valid) {
          result[orow + j] = g0;
          result[orow + H + j] = gb;
          result[orow + 2 * H + j] = g1;
        }`,
    )
  }
  workgroupBarrier();
  if (G > 1 && t < H && valid) {
    var g0 = 0.0;
    var gb = 0.0;
    var g1 = 0.0;
    for (var k = 0; k < G; k++) {
      g0 += partW0[k * H + t];
      gb += partB0[k * H + t];
      g1 += partW1[k * H + t];
    }
    result[orow + t] = g0;
    result[orow + H + t] = gb;
    result[orow + 2 * H + t] = g1;
  }
  ${TREE}
  if (t == 0 && valid) {
    result[orow + 3 * H] = redRes[0];
    result[orow + 3 * H + 1] = redLoss[0];
    result[orow + 3 * H + 2] = f32(redZeros[0]);
  }
}
`;
}

/**
 * The split mode's update program: thread (m, i) sums column i of model m's
 * C partial rows in chunk order and updates parameter i (with its Adam
 * moments), or writes the loss (i = 3H + 1) or the zero count (i = 3H + 2).
 * The first update of a call reads the parameters from `State`.
 *
 * @returns the WGSL source of `main` and its helpers
 */
export function updateShaderSource(): string {
  return `
fn main(index : i32) {
  let H = uniforms.hidden;
  let n = 3 * H + 1;
  let K = n + 2;
  let m = index / uniforms.columns;
  let i = index % uniforms.columns;
  if (m >= uniforms.models || i >= K) {
    return;
  }
  let C = uniforms.chunks;
  let R = uniforms.partialRow;
  let rows = m * C * R;
  let row = m * uniforms.outShape[1];
  let s = uniforms.slot;
  if (i == n) {
    var loss = 0.0;
    for (var c = 0; c < C; c++) {
      loss += Partials[rows + c * R + n];
    }
    result[row + uniforms.lossesAt + s] = loss / f32(uniforms.points);
    return;
  }
  if (i == n + 1) {
    if (uniforms.countZeros != 0) {
      var zeros = 0;
      for (var c = 0; c < C; c++) {
        zeros += i32(Partials[rows + c * R + n + 1]);
      }
      result[row + uniforms.zerosAt + s] = f32(zeros);
    }
    return;
  }
  var p : f32;
  var mo = 0.0;
  var v = 0.0;
  let adam = uniforms.adam != 0;
  if (uniforms.first != 0) {
    let inRow = m * uniforms.stateStride;
    p = State[inRow + i];
    if (adam) {
      mo = State[inRow + n + i];
      v = State[inRow + 2 * n + i];
    }
  } else {
    p = result[row + i];
    if (adam) {
      mo = result[row + n + i];
      v = result[row + 2 * n + i];
    }
  }
  if (uniforms.steps > 0) {
    var sum = 0.0;
    for (var c = 0; c < C; c++) {
      sum += Partials[rows + c * R + i];
    }
    let grad = sum * (2.0 / f32(uniforms.points));
    if (adam) {
      mo = ${f32(ADAM_BETA1)} * mo + ${f32(1 - ADAM_BETA1)} * grad;
      v = ${f32(ADAM_BETA2)} * v + (${f32(1 - ADAM_BETA2)} * grad) * grad;
      let mHat = mo / Schedule[2 * s];
      let vHat = v / Schedule[2 * s + 1];
      p = p - (uniforms.lr * mHat) / (sqrt(vHat) + ${f32(ADAM_EPSILON)});
    } else {
      p = p - uniforms.lr * grad;
    }
  }
  result[row + i] = p;
  if (adam) {
    result[row + n + i] = mo;
    result[row + 2 * n + i] = v;
  }
}
`;
}

// ------------------------------------------------------------- programs

const uniformFields = (fields: string[]): string => fields.map((f) => `${f},`).join(" ");

// runWebGPUProgram rewrites a program's shaderKey and dispatch in place (the
// key grows on every reuse, which would compile a new pipeline per dispatch):
// every dispatch gets a fresh program object.

function singleProgram(models: number, width: number): WebGPUProgram {
  return {
    variableNames: ["X", "Y", "State", "Schedule", "Seeds"],
    outputShape: [models, width],
    shaderKey: "FusedReluRegressorSingle",
    dispatchLayout: { x: [0] },
    dispatch: [models, 1, 1],
    workgroupSize: [T, 1, 1],
    uniforms: uniformFields([
      "hidden : i32",
      "points : i32",
      "steps : i32",
      "chunkFirst : i32",
      "chunkSteps : i32",
      "stepOffset : i32",
      "stateSize : i32",
      "stateStride : i32",
      "lossesAt : i32",
      "zerosAt : i32",
      "scratchAt : i32",
      "adam : i32",
      "randomGrad : i32",
      "countZeros : i32",
      "lr : f32",
      "gradAtZero : f32",
    ]),
    getUserCode: singleShaderSource,
  };
}

function partialsProgram(rows: number, rowWidth: number): WebGPUProgram {
  return {
    variableNames: ["X", "Y", "Params", "Seeds"],
    outputShape: [rows * rowWidth],
    shaderKey: "FusedReluRegressorPartials",
    dispatchLayout: { x: [0] },
    dispatch: [rows, 1, 1],
    workgroupSize: [T, 1, 1],
    uniforms: uniformFields([
      "hidden : i32",
      "points : i32",
      "chunk : i32",
      "chunks : i32",
      "models : i32",
      "paramStride : i32",
      "update : i32",
      "randomGrad : i32",
      "gradAtZero : f32",
    ]),
    getUserCode: partialsShaderSource,
  };
}

function updateProgram(models: number, width: number, columns: number): WebGPUProgram {
  return {
    variableNames: ["Partials", "State", "Schedule"],
    outputShape: [models, width],
    shaderKey: "FusedReluRegressorUpdate",
    dispatchLayout: { x: [0] },
    dispatch: [(models * columns) / T, 1, 1],
    workgroupSize: [T, 1, 1],
    uniforms: uniformFields([
      "hidden : i32",
      "points : i32",
      "chunks : i32",
      "partialRow : i32",
      "models : i32",
      "columns : i32",
      "stateStride : i32",
      "first : i32",
      "slot : i32",
      "steps : i32",
      "lossesAt : i32",
      "zerosAt : i32",
      "adam : i32",
      "countZeros : i32",
      "lr : f32",
    ]),
    getUserCode: updateShaderSource,
  };
}

/**
 * A view of a tensor with another shape of the same size, for the bindings
 * only: tfjs keys its pipelines on the inputs' shapes (ranks, size-1 dims,
 * shapes equal to the output's), so flat views of the state, the schedule
 * and the partials and an [M, 1] view of the seeds keep one pipeline per
 * program for every M, P and call.
 */
const view = (t: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({ dataId: t.dataId, dtype: t.dtype, shape });
const flat = (t: tf.TensorInfo): tf.TensorInfo => view(t, [t.shape.reduce((a, b) => a * b, 1)]);

// ------------------------------------------------------------- adapter

const softwareByBackend = new WeakMap<object, boolean>();

/**
 * Whether the tfjs webgpu backend runs on a software adapter (llvmpipe,
 * SwiftShader, WARP), read once per backend from `device.adapterInfo`:
 * `isFallbackAdapter` when the runtime reports it, else the adapter's
 * description; true when neither is known (the budget is then kept, to be
 * safe).
 *
 * @param backend the tfjs `WebGPUBackend` (anything with its `device`)
 * @returns whether the loop budget applies
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isSoftwareWebGpu } from "./kernel_webgpu.ts";
 * const device = { adapterInfo: { description: "llvmpipe (LLVM 15.0.6, 256 bits)", isFallbackAdapter: true } };
 * strictEqual(isSoftwareWebGpu({ device } as unknown as { device: GPUDevice }), true);
 * ```
 */
export function isSoftwareWebGpu(backend: { device: GPUDevice }): boolean {
  let software = softwareByBackend.get(backend);
  if (software === undefined) {
    const info = (backend.device as GPUDevice & { adapterInfo?: GPUAdapterInfo & { isFallbackAdapter?: boolean } })
      .adapterInfo;
    if (typeof info?.isFallbackAdapter === "boolean") software = info.isFallbackAdapter;
    else if (info) {
      software = /llvmpipe|lavapipe|softpipe|swiftshader|warp|software/i.test(
        `${info.description ?? ""} ${info.vendor ?? ""} ${info.architecture ?? ""} ${info.device ?? ""}`,
      );
    } else software = true;
    softwareByBackend.set(backend, software);
  }
  return software;
}

// -------------------------------------------------------------- kernel

type Uniform = { type: "int32" | "float32"; data: number[] };
const int = (v: number): Uniform => ({ type: "int32", data: [v] });
const float = (v: number): Uniform => ({ type: "float32", data: [v] });

/** The webgpu kernel: the dispatches of {@link fusedWebGpuPlan} into one output. */
function webgpuKernel(args: FusedKernelArgs): tf.TensorInfo {
  const inputs = args.inputs as unknown as FusedKernelInputs;
  const attrs = args.attrs as unknown as FusedKernelAttrs;
  const backend = args.backend as WebGPUBackend;
  const models = inputs.seeds.shape[0];
  const points = inputs.x.shape[0];
  const hidden = attrs.hidden;
  const layout = packedLayout(attrs);
  const plan = fusedWebGpuPlan({
    hidden,
    points,
    steps: attrs.steps,
    models,
    software: isSoftwareWebGpu(backend),
    stateSize: layout.state,
    maxBindingBytes: backend.device.limits.maxStorageBufferBindingSize,
  });
  if (plan.refused) throw new RangeError(plan.refused);
  const maxWorkgroups = backend.device.limits.maxComputeWorkgroupsPerDimension;
  if (plan.mode === "single" && models > maxWorkgroups) {
    throw new RangeError(
      `Cannot run the fused webgpu kernel for ${models} models: one workgroup per model, ` +
        `at most maxComputeWorkgroupsPerDimension = ${maxWorkgroups}`,
    );
  }
  const needed = webgpuScratch(hidden, points);
  if (attrs.scratch < needed) {
    throw new RangeError(
      `Cannot run the fused webgpu kernel: scratch must be at least webgpuScratch(${hidden}, ${points}) = ${needed}, ` +
        `got ${attrs.scratch}`,
    );
  }
  const output = backend.makeTensorInfo([models, layout.width], "float32");
  const slots = Math.max(attrs.steps, 1);
  const stateStride = inputs.state.shape[1];
  const state = flat(inputs.state);
  const schedule = flat(inputs.schedule);
  const seeds = view(inputs.seeds, [models, 1]);
  const flags = {
    adam: int(attrs.adam ? 1 : 0),
    randomGrad: int(attrs.randomGrad ? 1 : 0),
    countZeros: int(attrs.countZeros ? 1 : 0),
  };
  if (plan.mode === "single") {
    const order = [inputs.x, inputs.y, state, schedule, seeds];
    for (let first = 0; first < slots; first += plan.stepsPerDispatch) {
      backend.runWebGPUProgram(singleProgram(models, layout.width), order, "float32", [
        int(hidden),
        int(points),
        int(attrs.steps),
        int(first),
        int(Math.min(plan.stepsPerDispatch, slots - first)),
        int(attrs.stepOffset),
        int(layout.state),
        int(stateStride),
        int(layout.losses),
        int(layout.zeros),
        int(layout.scratch),
        flags.adam,
        flags.randomGrad,
        flags.countZeros,
        float(attrs.lr),
        float(attrs.gradAtZero),
      ], output);
    }
    return output;
  }
  const rows = models * plan.chunks;
  const rowWidth = 3 * hidden + 3 + plan.chunk;
  const columns = roundUp(3 * hidden + 3, T);
  const partials = backend.makeTensorInfo([rows * rowWidth], "float32");
  try {
    for (let s = 0; s < slots; s++) {
      backend.runWebGPUProgram(
        partialsProgram(rows, rowWidth),
        [inputs.x, inputs.y, s === 0 ? state : flat(output), seeds],
        "float32",
        [
          int(hidden),
          int(points),
          int(plan.chunk),
          int(plan.chunks),
          int(models),
          int(s === 0 ? stateStride : layout.width),
          int(attrs.stepOffset + s),
          flags.randomGrad,
          float(attrs.gradAtZero),
        ],
        partials,
      );
      backend.runWebGPUProgram(updateProgram(models, layout.width, columns), [partials, state, schedule], "float32", [
        int(hidden),
        int(points),
        int(plan.chunks),
        int(rowWidth),
        int(models),
        int(columns),
        int(stateStride),
        int(s === 0 ? 1 : 0),
        int(s),
        int(attrs.steps),
        int(layout.losses),
        int(layout.zeros),
        flags.adam,
        flags.countZeros,
        float(attrs.lr),
      ], output);
    }
  } finally {
    // Released once the recorded dispatches are submitted.
    backend.disposeData(partials.dataId);
  }
  return output;
}

/** Registers the fused kernel for the `webgpu` backend (once). Needs no GPU until it runs. */
export function registerFusedWebGpuKernel(): void {
  if (!tf.getKernel(FUSED_KERNEL_NAME, "webgpu")) {
    tf.registerKernel({
      kernelName: FUSED_KERNEL_NAME,
      backendName: "webgpu",
      kernelFunc: webgpuKernel as tf.KernelFunc,
    });
  }
}
