/**
 * One batch under several values of relu'(0), trained as one trajectory per
 * model until they can differ. relu'(0) acts only where a pre-activation is
 * exactly 0, so until a model's first update with an exact zero every value
 * trains it bit for bit alike. The first value's run is trained whole, with
 * the zeros counted and the parameters read at every chunk boundary; each
 * model with an exact zero is forked at the last boundary at or before its
 * first one: its parameters there are copied into a run per other value,
 * which continues from that epoch (`startEpoch`: the same update index, so
 * the random draws and the chunk boundaries are those of the whole run).
 *
 * @module
 */
import type { EngineFactory } from "../engine/contract.ts";
import type { GradAtZero, RegressorParams } from "../model/run.ts";
import { type BatchOptions, type BatchResult, trainBatch } from "./batch.ts";

/** Options of {@link trainForked}: those of a batch, with the values of relu'(0) in place of one. */
export interface ForkOptions extends Omit<BatchOptions, "gradAtZero" | "startEpoch"> {
  /** The values of relu'(0), one result each; the first one's run is the shared trajectory. */
  gradAtZeros: readonly GradAtZero[];
}

/** The first update with an exact zero, or null when there is none. */
function firstZero(zeros: Int32Array): number | null {
  const k = zeros.findIndex((z) => z > 0);
  return k < 0 ? null : k;
}

function finite(result: BatchResult): boolean {
  return result.losses.every((l) => l.every(Number.isFinite));
}

/** The result of `options` alone, taken from a run that asked for more (zero counts, parameters at every chunk). */
function asAsked(result: BatchResult, options: ForkOptions): BatchResult {
  const { zeros, paramsAt, ...rest } = result;
  return {
    ...rest,
    ...(options.countZeros ? { zeros } : {}),
    ...(options.paramsEvery !== undefined ? { paramsAt } : {}),
  };
}

/**
 * Trains the batch of `options` once per value of relu'(0) in `gradAtZeros` and returns, for each value, exactly
 * (bit for bit) what {@link trainBatch} returns for it alone, with each model trained once until its first update
 * with an exact zero. A value whose results hold a NaN or infinite loss is trained again alone (a batch stops once
 * every model has diverged, which one model's fork cannot know); so is every value under Adam, whose moments a
 * fork would have to copy too.
 *
 * @param createEngine starts the engines
 * @param options the batch, and the values of relu'(0)
 * @returns one result per value, in the order given
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { trainForked } from "./fork.ts";
 * import { trainBatch } from "./batch.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * // the second model has z = 0 at x = 0 in its first update: it forks there; the first never does
 * const models = [{ w0: [1], b0: [0.5], w1: [1], b1: 0 }, { w0: [1], b0: [0], w1: [1], b1: 0 }];
 * const options = { x: [0, 1], y: [1, 2], init: models, seeds: [0, 1], lr: 0.05, optimizer: "sgd" as const, epochs: 5 };
 * const [zero, half] = await trainForked(createFusedEngine, { ...options, gradAtZeros: [0, 0.5], chunk: 2 });
 * deepStrictEqual(zero, await trainBatch(createFusedEngine, { ...options, gradAtZero: 0, chunk: 2 }));
 * deepStrictEqual(half, await trainBatch(createFusedEngine, { ...options, gradAtZero: 0.5, chunk: 2 }));
 * ```
 */
export async function trainForked(createEngine: EngineFactory, options: ForkOptions): Promise<BatchResult[]> {
  const { gradAtZeros, ...batch } = options;
  const alone = (gradAtZero: GradAtZero) => trainBatch(createEngine, { ...batch, gradAtZero });
  if (options.optimizer !== "sgd" || gradAtZeros.length < 2) {
    const results = [];
    for (const gradAtZero of gradAtZeros) results.push(await alone(gradAtZero));
    return results;
  }
  const chunk = options.paramsEvery ?? options.chunk ?? 500;
  const shared = await trainBatch(createEngine, {
    ...batch,
    gradAtZero: gradAtZeros[0],
    countZeros: true,
    paramsEvery: chunk,
  });
  const snapshots = new Map(shared.paramsAt!.map((p) => [p.epoch, p.params]));
  // Each model with an exact zero forks at the last chunk boundary at or before its first one.
  const forks = new Map<number, number[]>();
  shared.zeros!.forEach((z, m) => {
    const k = firstZero(z);
    if (k === null) return;
    const at = Math.floor(k / chunk) * chunk;
    forks.set(at, [...(forks.get(at) ?? []), m]);
  });
  const results = [asAsked(shared, options)];
  for (const gradAtZero of gradAtZeros.slice(1)) {
    const result = structuredClone(results[0]);
    for (const [at, ms] of forks) {
      const fork = await trainBatch(createEngine, {
        ...batch,
        init: ms.map((m) => snapshots.get(at)![m]),
        seeds: ms.map((m) => options.seeds[m]),
        gradAtZero,
        startEpoch: at,
      });
      ms.forEach((m, i) => {
        result.losses[m].set(fork.losses[i].subarray(at), at);
        result.zeros?.[m].set(fork.zeros![i].subarray(at), at);
        result.params[m] = fork.params[i];
        const later = new Map(fork.paramsAt?.map((p) => [p.epoch, p.params[i]] as [number, RegressorParams]));
        for (const p of result.paramsAt ?? []) p.params[m] = later.get(p.epoch) ?? p.params[m];
      });
    }
    results.push(finite(result) ? result : await alone(gradAtZero));
  }
  return results;
}
