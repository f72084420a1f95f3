/**
 * Batched training: M models (one seed each) at once, through the stepwise
 * trainer (`trainer.ts`), with every model's loss curve, exact-zero counts
 * and final parameters returned as plain arrays. The experiments are built on it.
 *
 * @module
 */
import type { EngineFactory, EngineSpec } from "../engine/contract.ts";
import type { BackendName, RegressorParams } from "../model/run.ts";
import { engineSpec, withTrainer } from "./trainer.ts";

/** Options of {@link trainBatch}: M models on one data set with one lr, optimizer and relu'(0). */
export interface BatchOptions extends EngineSpec {
  /** The epoch to train to: the number of full-batch updates, counting the `startEpoch` ones `init` has had. */
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
  /**
   * `losses[m][k]`: MSE of model m after k updates, k = 0..epochs (float32 values; float64 in float64 runs); with
   * `startEpoch` s, the entries before s are left 0 (the run that made `init` holds them).
   */
  losses: (Float32Array | Float64Array)[];
  /** `zeros[m][k]`: pre-activations of model m exactly 0 in update k, k = 0..epochs−1 (with `countZeros`; 0 before `startEpoch`). */
  zeros?: Int32Array[];
  /** Parameters of every model after the last update. */
  params: RegressorParams[];
  /**
   * With `paramsEvery`: every model's parameters at epoch `startEpoch` (default 0), every `paramsEvery`-th epoch and
   * the last. Once every
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
  const spec = engineSpec(options);
  const start = spec.startEpoch!;
  if (start >= epochs) {
    throw new RangeError(`Cannot train a batch: startEpoch must be below epochs (${epochs}), got ${start}`);
  }
  const trackParams = options.paramsEvery !== undefined;
  return await withTrainer(createEngine, spec, { chunk, trackParams }, async (trainer) => {
    const paramsAt = trackParams ? [{ epoch: start, params: [...options.init] }] : undefined;
    await trainer.step(epochs - start, (end) => paramsAt?.push({ epoch: end, params: [...trainer.params()] }));
    const done = trainer.epoch();
    const Curve = spec.precision === "float64" ? Float64Array : Float32Array;
    const losses = trainer.losses().map((l) => {
      const curve = new Curve(epochs + 1);
      curve.set(l, start);
      return curve;
    });
    const zeros = trainer.zeros()?.map((z) => {
      const counts = new Int32Array(epochs);
      counts.set(z, start);
      return counts;
    });
    let params: RegressorParams[];
    if (done < epochs) {
      // Every model has diverged: the rest of the run is NaN, recorded as such without computing it, and the
      // parameters at this point stand for every later epoch.
      for (const l of losses) l.fill(NaN, done);
      params = await trainer.readParams();
      if (paramsAt) { for (let e = done; e < epochs; e += chunk) paramsAt.push({ epoch: e, params }); }
      paramsAt?.push({ epoch: epochs, params });
    } else {
      const last = await trainer.evaluate();
      last.forEach((loss, m) => losses[m][epochs] = loss);
      params = await trainer.readParams();
      if (paramsAt && paramsAt.at(-1)!.epoch < epochs) paramsAt.push({ epoch: epochs, params });
    }
    return {
      engine: trainer.engine,
      backend: trainer.backend,
      losses,
      ...(zeros ? { zeros } : {}),
      params,
      ...(paramsAt ? { paramsAt } : {}),
    };
  }, epochs);
}
