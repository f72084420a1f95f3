/**
 * Shared setup of the fused engine's tests and benchmarks: switching tfjs
 * backends without restarting them, and the essay's default training spec.
 *
 * @module
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../lib/engine/backend.ts";
import type { EngineSpec, TrainingEngine } from "../../lib/engine/contract.ts";
import { createRegressor, targetData } from "../../lib/model/regressor.ts";
import type { BackendName, OptimizerName } from "../../lib/model/run.ts";
import { assertClose, flatParams } from "./close.ts";
import { WEBGPU_ADAPTER } from "./webgpu.ts";

/** True when a WebGPU adapter (hardware or llvmpipe) is available; see `webgpu.ts` for naming ignored tests. */
export const HAS_WEBGPU: boolean = WEBGPU_ADAPTER !== null;

/** Makes `name` the active backend, starting it only the first time (webgpu keeps its compiled pipelines). */
export async function useBackend(name: BackendName): Promise<void> {
  if (tf.findBackend(name)) await tf.setBackend(name);
  else await selectBackend(name);
  assert.equal(tf.getBackend(), name);
}

/** Options of {@link defaultSpec}. */
export interface DefaultSpecOptions {
  /** Hidden units (default 7). */
  hidden?: number;
  /** Points on [-10, 10] (default 300). */
  points?: number;
  /** Models trained at once, seeds 0..M-1 (default 1). */
  models?: number;
  /** Optimizer (default sgd). */
  optimizer?: OptimizerName;
}

/** The essay's defaults (lr 1e-4, relu'(0) = 0) with the given sizes. */
export function defaultSpec(options: DefaultSpecOptions = {}): EngineSpec {
  const hidden = options.hidden ?? 7;
  const { x, y } = targetData({ points: options.points ?? 300, xMin: -10, xMax: 10 });
  const seeds = Array.from({ length: options.models ?? 1 }, (_, m) => m);
  return {
    x,
    y,
    init: seeds.map((seed) => createRegressor({ hidden, seed })),
    seeds,
    lr: 1e-4,
    optimizer: options.optimizer ?? "sgd",
    gradAtZero: 0,
  };
}

/** What an engine did over a few calls: per model, its losses and zero counts in order, then its parameters (flat) and the evaluated loss. */
export interface Trajectory {
  losses: number[][];
  zeros: number[][];
  params: number[][];
  evaluate: number[];
}

/** Runs `engine` for `calls` (several, so that the update index carries over), then reads params and evaluate, and disposes it. */
export async function trajectory(engine: TrainingEngine, calls: number[]): Promise<Trajectory> {
  const losses: number[][] = Array.from({ length: engine.models }, () => []);
  const zeros: number[][] = Array.from({ length: engine.models }, () => []);
  try {
    for (const steps of calls) {
      const r = await engine.step(steps);
      r.losses.forEach((l, m) => losses[m].push(...l));
      r.zeros!.forEach((z, m) => zeros[m].push(...z));
    }
    const params = (await engine.params()).map(flatParams);
    const evaluate = await engine.evaluate();
    return { losses, zeros, params, evaluate };
  } finally {
    engine.dispose();
  }
}

/** Losses, params and evaluate within `rtol` (see `assertClose`), and the same zero counts exactly. */
export function assertSameTrajectory(actual: Trajectory, expected: Trajectory, what: string, rtol: number): void {
  expected.losses.forEach((l, m) => assertClose(actual.losses[m], l, `${what} model ${m} losses`, rtol));
  expected.params.forEach((p, m) => assertClose(actual.params[m], p, `${what} model ${m} params`, rtol));
  assertClose(actual.evaluate, expected.evaluate, `${what} evaluate`, rtol);
  assert.deepEqual(actual.zeros, expected.zeros, `${what} zero counts`);
}
