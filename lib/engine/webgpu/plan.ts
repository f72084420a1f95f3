/**
 * How one call of the fused webgpu kernel is dispatched: single mode (one
 * workgroup per model runs every update) or split mode (the points cut into
 * chunks, two dispatches per update), the chunk size, and the loop budget of
 * software adapters.
 *
 * @module
 */
import { stateWidth } from "../kernel.ts";

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

/**
 * `v` rounded up to a multiple of `to`.
 *
 * @param v a non-negative number
 * @param to the step
 * @returns the least multiple of `to` that is at least `v`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { roundUp } from "./plan.ts";
 * strictEqual(roundUp(196, 64), 256);
 * strictEqual(roundUp(128, 64), 128);
 * ```
 */
export function roundUp(v: number, to: number): number {
  return Math.ceil(v / to) * to;
}

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
 * import { webgpuChunk } from "./plan.ts";
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
 * import { webgpuScratch } from "./plan.ts";
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
 * import { webgpuMode } from "./plan.ts";
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
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { chunkLoopIterations } from "./plan.ts";
 * strictEqual(chunkLoopIterations(7, 300), 100);
 * ```
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
 * partial sums larger than the device can bind). On a software adapter a
 * single-mode call is cut into dispatches of at most {@link FUSED_LOOP_BUDGET}
 * loop iterations, each continuing from the state the previous one left in
 * the output, and a size whose one dispatch would exceed it is refused (a
 * split dispatch is bounded by the chunk, so only a huge P·H is). On a
 * hardware adapter a single-mode call is one dispatch.
 *
 * @param input the sizes and the adapter's kind and limits
 * @returns the plan
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { fusedWebGpuPlan } from "./plan.ts";
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
