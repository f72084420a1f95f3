/**
 * One engine lifecycle for every kind of training: create the engine, run
 * the caller's work on it with every engine call guarded, and dispose it.
 * A device failure (a WebGPU device lost or destroyed) ends the run with one
 * line naming the epoch; a bug keeps its stack.
 *
 * @module
 */
import { RunError } from "../errors.ts";
import type { EngineFactory, EngineSpec, TrainingEngine } from "../engine/contract.ts";

/**
 * A failure of the device under the engine, such as a WebGPU device that is
 * lost (driver reset, GPU removed, `device.destroy()`): WebGPU reports those
 * as `DOMException`s (`OperationError`, `AbortError`, ...). A bug in this
 * code throws ordinary errors (`TypeError`, `RangeError`) and keeps its stack.
 *
 * @param e what was thrown
 * @param backend the backend that ran (`"active"` before one is known)
 * @param epoch the update at which it happened
 * @returns the one-line {@link RunError} for a device failure, `undefined` for anything else
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { deviceFailure } from "./lifecycle.ts";
 * const e = deviceFailure(new DOMException("lost", "OperationError"), "cpu", 7);
 * strictEqual(e?.message, "training stopped at epoch 7: the cpu backend failed (OperationError: lost)");
 * strictEqual(deviceFailure(new TypeError("bug"), "cpu", 7), undefined);
 * ```
 */
export function deviceFailure(e: unknown, backend: string, epoch: number): RunError | undefined {
  if (!(e instanceof DOMException)) return undefined;
  const what = e.message.split("\n")[0];
  return new RunError((n) =>
    `training stopped at epoch ${epoch}: the ${backend} backend failed (${e.name}: ${what})` +
    (backend === "cpu" || backend === "wasm"
      ? ""
      : `; if a WebGPU device was lost or reset, run again, or use ${n("backend")} cpu`)
  );
}

/** An engine in use: the engine, and `call`, which runs one engine call and names `epoch` if the device fails. */
export interface EngineSession {
  /** The engine. */
  engine: TrainingEngine;
  /** Runs `work` (one or more engine calls) and turns a device failure into a {@link RunError} naming `epoch`. */
  call<T>(epoch: number, work: () => Promise<T>): Promise<T>;
}

/**
 * Creates an engine for `spec` and guards its calls: a device failure while
 * creating it, or in any `call`, becomes a {@link RunError} naming the epoch.
 * The caller disposes `engine`.
 *
 * @param createEngine starts the engine
 * @param spec what to train
 * @returns the engine in use
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { startEngine } from "./lifecycle.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const spec = { x: [0, 1], y: [0, 1], init: [{ w0: [1], b0: [0], w1: [1], b1: 0 }], seeds: [0], lr: 0.1, optimizer: "sgd" as const, gradAtZero: 0 };
 * const { engine, call } = await startEngine(createFusedEngine, spec);
 * strictEqual((await call(0, () => engine.evaluate()))[0], 0);
 * engine.dispose();
 * ```
 */
export async function startEngine(createEngine: EngineFactory, spec: EngineSpec): Promise<EngineSession> {
  let engine: TrainingEngine;
  try {
    engine = await createEngine(spec);
  } catch (e) {
    throw deviceFailure(e, "active", 0) ?? e;
  }
  const call = async <R>(epoch: number, fn: () => Promise<R>): Promise<R> => {
    try {
      return await fn();
    } catch (e) {
      throw deviceFailure(e, engine.backend, epoch) ?? e;
    }
  };
  return { engine, call };
}

/**
 * Creates an engine for `spec`, runs `work` with it and disposes it, also
 * when `work` fails (a dispose that fails after a failure is ignored, so it
 * cannot hide why the run stopped).
 *
 * @param createEngine starts the engine
 * @param spec what to train
 * @param work what to do with the engine
 * @param epochs the last epoch, named if disposing fails
 * @returns what `work` returns
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { withEngine } from "./lifecycle.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const spec = { x: [0, 1], y: [0, 1], init: [{ w0: [1], b0: [0], w1: [1], b1: 0 }], seeds: [0], lr: 0.1, optimizer: "sgd" as const, gradAtZero: 0 };
 * const [loss] = await withEngine(createFusedEngine, spec, ({ engine, call }) => call(0, () => engine.evaluate()));
 * strictEqual(loss, 0);
 * ```
 */
export async function withEngine<T>(
  createEngine: EngineFactory,
  spec: EngineSpec,
  work: (session: EngineSession) => Promise<T>,
  epochs = 0,
): Promise<T> {
  const { engine, call } = await startEngine(createEngine, spec);
  let result: T;
  try {
    result = await work({ engine, call });
  } catch (e) {
    try {
      engine.dispose();
    } catch {
      // on a lost device releasing the buffers fails too; that must not hide why the run stopped
    }
    throw e;
  }
  try {
    engine.dispose();
  } catch (e) {
    throw deviceFailure(e, engine.backend, epochs) ?? e;
  }
  return result;
}
