/**
 * Batched training: M models (one seed each) at once in one engine, with
 * every model's loss curve, exact-zero counts and final parameters returned
 * as plain arrays. The experiments are built on it.
 *
 * @module
 */
import type { EngineFactory, EngineSpec } from "../engine/contract.ts";
import type { BackendName, RegressorParams } from "../model/run.ts";
import { withEngine } from "./lifecycle.ts";

/** Options of {@link trainBatch}: M models on one data set with one lr, optimizer and relu'(0). */
export interface BatchOptions extends EngineSpec {
  /** Number of full-batch updates. */
  epochs: number;
  /** Updates per engine call (one read-back each); default 500. */
  chunk?: number;
  /** Read every model's parameters back at epoch 0, every `paramsEvery` updates and at the end (sets the chunk). */
  paramsEvery?: number;
}

/** What {@link trainBatch} returns. */
export interface BatchResult {
  /** Which engine ran. */
  engine: string;
  /** The tfjs backend it ran on. */
  backend: BackendName;
  /** `losses[m][k]`: MSE of model m after k updates, k = 0..epochs (float32 values; float64 in float64 runs). */
  losses: (Float32Array | Float64Array)[];
  /** `zeros[m][k]`: pre-activations of model m exactly 0 in update k, k = 0..epochs−1 (with `countZeros`). */
  zeros?: Int32Array[];
  /** Parameters of every model after the last update. */
  params: RegressorParams[];
  /**
   * With `paramsEvery`: every model's parameters at epoch 0, every `paramsEvery`-th epoch and the last. Once every
   * model has diverged the run stops, and the parameters at that point stand for every later epoch.
   */
  paramsAt?: { epoch: number; params: RegressorParams[] }[];
}

/**
 * Trains M models at once in one engine for `epochs` updates, reading back
 * once per chunk, and returns every model's loss curve (and zero counts) and
 * its final parameters. The engine is disposed before returning.
 *
 * @param createEngine starts the engine
 * @param options the models, the data and the settings
 * @returns the curves and final parameters
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { trainBatch } from "./batch.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const unit = { w0: [1], b0: [0], w1: [1], b1: 0 };
 * const r = await trainBatch(createFusedEngine, {
 *   x: [1], y: [1], init: [unit, unit], seeds: [0, 1], lr: 0.1, optimizer: "sgd", gradAtZero: 0, epochs: 2,
 * });
 * deepStrictEqual(r.losses.map((l) => [...l]), [[0, 0, 0], [0, 0, 0]]);
 * ```
 */
export async function trainBatch(createEngine: EngineFactory, options: BatchOptions): Promise<BatchResult> {
  const { epochs } = options;
  const chunk = options.paramsEvery ?? options.chunk ?? 500;
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new RangeError(`Cannot train a batch: epochs must be a positive integer, got ${epochs}`);
  }
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new RangeError(`Cannot train a batch: chunk must be a positive integer, got ${chunk}`);
  }
  const models = options.init.length;
  const spec: EngineSpec = {
    x: options.x,
    y: options.y,
    init: options.init,
    seeds: options.seeds,
    lr: options.lr,
    optimizer: options.optimizer,
    gradAtZero: options.gradAtZero,
    countZeros: options.countZeros ?? false,
    precision: options.precision ?? "float32",
  };
  return await withEngine(createEngine, spec, async ({ engine, call }) => {
    const Curve = spec.precision === "float64" ? Float64Array : Float32Array;
    const losses = Array.from({ length: models }, () => new Curve(epochs + 1));
    const zeros = options.countZeros ? Array.from({ length: models }, () => new Int32Array(epochs)) : undefined;
    const paramsAt = options.paramsEvery === undefined ? undefined : [{ epoch: 0, params: [...options.init] }];
    let done = 0;
    let allDiverged = false;
    while (done < epochs && !allDiverged) {
      const steps = Math.min(chunk, epochs - done);
      const result = await call(done, () => engine.step(steps));
      for (let m = 0; m < models; m++) {
        losses[m].set(result.losses[m], done);
        if (zeros) {
          if (!result.zeros) throw new Error(`The ${engine.name} engine returned no zero counts though asked to`);
          zeros[m].set(result.zeros[m], done);
        }
      }
      done += steps;
      if (paramsAt) paramsAt.push({ epoch: done, params: await call(done, () => engine.params()) });
      allDiverged = losses.every((l) => !Number.isFinite(l[done - 1]));
    }
    let params: RegressorParams[];
    if (done < epochs) {
      // Every model has diverged: the rest of the run is NaN, recorded as such without computing it, and the
      // parameters at this point stand for every later epoch.
      for (const l of losses) l.fill(NaN, done);
      params = await call(done, () => engine.params());
      for (let e = done + chunk; paramsAt && e < epochs; e += chunk) paramsAt.push({ epoch: e, params });
      paramsAt?.push({ epoch: epochs, params });
    } else {
      const last = await call(epochs, () => engine.evaluate());
      last.forEach((loss, m) => losses[m][epochs] = loss);
      params = await call(epochs, () => engine.params());
    }
    return {
      engine: engine.name,
      backend: engine.backend,
      losses,
      ...(zeros ? { zeros } : {}),
      params,
      ...(paramsAt ? { paramsAt } : {}),
    };
  }, epochs);
}

/**
 * The first k with a non-finite `losses[k]`, or null when every loss is finite.
 *
 * @param losses a loss curve
 * @returns the first diverged epoch, or null
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { divergenceEpoch } from "./batch.ts";
 * strictEqual(divergenceEpoch([3, 2, Infinity, NaN]), 2);
 * strictEqual(divergenceEpoch([3, 2]), null);
 * ```
 */
export function divergenceEpoch(losses: ArrayLike<number>): number | null {
  for (let k = 0; k < losses.length; k++) {
    if (!Number.isFinite(losses[k])) return k;
  }
  return null;
}
