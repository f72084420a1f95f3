/**
 * The contract between the training loop and the code that does the
 * arithmetic ({@link TrainingEngine}), which two engines implement: `autodiff`
 * (generic tfjs ops and `tf.grads`, the reference) and `fused` (one registered
 * tfjs kernel per call); with the checks and constants both share.
 *
 * @module
 */
import type { RegressorParams } from "../model/run.ts";
import {
  type BackendName,
  ENGINE_LR,
  type EngineName,
  type GradAtZero,
  type OptimizerName,
  type Precision,
  RUN_SETTINGS,
} from "../model/settings.ts";
import { refusal, type Setting } from "../model/setting_kinds.ts";
import {
  ACTIVATION_ACCEPTED,
  ACTIVATION_DEFAULT,
  ACTIVATION_REGISTRY,
  isPiecewise,
  kinkProblem,
  parseActivation,
} from "../math/activation_registry.ts";

/**
 * Why the fused engine cannot run a smooth activation, in one line.
 *
 * @param activation the activation's text
 * @returns the reason, naming the activations it runs and the engine that runs this one
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { fusedCannot } from "./contract.ts";
 * strictEqual(
 *   fusedCannot("tanh"),
 *   "activation tanh is smooth: the fused engine runs relu, leaky_relu, abs, identity only; the autodiff engine runs it",
 * );
 * ```
 */
export function fusedCannot(activation: string): string {
  const piecewise = ACTIVATION_REGISTRY.filter((e) => e.kind === "piecewise").map((e) => e.name);
  return `activation ${activation} is smooth: the fused engine runs ${piecewise.join(", ")} only; ` +
    `the autodiff engine runs it`;
}

/** The engines that can train a regressor (their names: `ENGINE_NAMES` of the settings registry). */
export type { EngineName };

/** What an engine trains: M models on one data set. */
export interface EngineSpec {
  /** The training inputs, length P. */
  x: readonly number[];
  /** The training targets, length P. */
  y: readonly number[];
  /** The initial parameters of each of the M models (all with the same H). */
  init: readonly RegressorParams[];
  /** Per model, the seed of `gradAtZero: "random"` draws (length M). */
  seeds: readonly number[];
  /** Learning rate. */
  lr: number;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** The derivative at the kink (relu'(0)): between the activation's slopes, or "random" (drawn between them). */
  gradAtZero: GradAtZero;
  /** The activation, as the activation registry writes it (default `relu`). */
  activation?: string;
  /** When true, {@link TrainingEngine.step} also counts the pre-activations that were exactly 0. */
  countZeros?: boolean;
  /** The arithmetic (default `RUN_SETTINGS.precision.default`, float32; `"float64"`: the fused engine on the cpu backend only). */
  precision?: Precision;
  /**
   * The updates the models of `init` have had already (default 0): the index k of the engine's first update, so
   * that a run continued from a snapshot draws what the whole run draws. SGD only (Adam's moments are not in `init`).
   */
  startEpoch?: number;
}

/** The result of {@link TrainingEngine.step}. */
export interface StepResult {
  /** `losses[m][k]`: MSE of model m before the k-th update of this call (Float64Array in float64). */
  losses: (Float32Array | Float64Array)[];
  /** `zeros[m][k]`: how many of the P·H pre-activations of model m were exactly 0 in that update's forward pass (only with `countZeros`). */
  zeros?: Int32Array[];
}

/**
 * M independent 1-H-1 models being trained at once on one backend (M = 1 for
 * an ordinary run). Both engines follow this arithmetic exactly and agree
 * within float32 tolerance:
 *
 * - z[m][p][j] = w0[m][j]·x[p] + b0[m][j]; a = f(z) for the activation f
 *   (`spec.activation`, relu by default);
 *   ŷ[m][p] = Σ_j w1[m][j]·a[m][p][j] + b1[m]; loss = mean_p (ŷ − y)².
 * - For a piecewise-linear f with slopes left and right (relu: 0 and 1),
 *   f(z) = (z > 0 ? right : left)·z and f'(z) is right for z > 0, left for
 *   z < 0 and g for z = 0 exactly, where g is `gradAtZero`, or for `"random"`
 *   g = left + (right − left)·hashUniform(seeds[m], k, p·H + j) with k the
 *   0-based index of the update, counted from `startEpoch` (default 0). A
 *   smooth f (autodiff only) is differentiated by tfjs.
 * - SGD: θ ← θ − lr·∇θ. Adam (PyTorch's): β1 = 0.9, β2 = 0.999, ε = 1e-8,
 *   m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², θ ← θ − lr·m̂/(√v̂ + ε) with
 *   m̂ = m/(1−β1^t), v̂ = v/(1−β2^t), t = k + 1.
 */
export interface TrainingEngine {
  /** Which engine this is. */
  readonly name: EngineName;
  /** The tfjs backend it runs on. */
  readonly backend: BackendName;
  /** Number of models M. */
  readonly models: number;
  /** Applies `steps` full-batch updates to every model; reads back from the device once. */
  step(steps: number): Promise<StepResult>;
  /** The MSE of every model at its current parameters. */
  evaluate(): Promise<number[]>;
  /** The current parameters of every model. */
  params(): Promise<RegressorParams[]>;
  /** Frees every tensor the engine holds. */
  dispose(): void;
}

/**
 * The parameters of one model from a packed row `[w0 (H), b0 (H), w1 (H), b1]`,
 * the layout both engines keep on the device.
 *
 * @param row the packed row (only its first 3H + 1 numbers are read)
 * @param hidden the number of hidden units H
 * @returns the parameters
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { unpackParams } from "./contract.ts";
 * deepStrictEqual(unpackParams([1, 2, 3, 4, 5, 6, 7, 99], 2), { w0: [1, 2], b0: [3, 4], w1: [5, 6], b1: 7 });
 * ```
 */
export function unpackParams(row: ArrayLike<number>, hidden: number): RegressorParams {
  const values = Array.from({ length: 3 * hidden + 1 }, (_, i) => row[i]);
  return {
    w0: values.slice(0, hidden),
    b0: values.slice(hidden, 2 * hidden),
    w1: values.slice(2 * hidden, 3 * hidden),
    b1: values[3 * hidden],
  };
}

/**
 * Checks the `steps` of {@link TrainingEngine.step}: a positive integer; throws a RangeError naming the engine.
 *
 * @param steps the number of updates asked for
 * @param engine the engine, for the message
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkSteps } from "./contract.ts";
 * checkSteps(3, "fused");
 * throws(() => checkSteps(0, "fused"), { name: "RangeError", message: /the fused engine: steps must be/ });
 * ```
 */
export function checkSteps(steps: number, engine: EngineName): void {
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`Cannot step the ${engine} engine: steps must be a positive integer, got ${steps}`);
  }
}

/** Starts an engine on the active tfjs backend. */
export type EngineFactory = (spec: EngineSpec) => Promise<TrainingEngine>;

/**
 * Adam's β1 (PyTorch's default).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ADAM_BETA1 } from "./contract.ts";
 * strictEqual(ADAM_BETA1, 0.9);
 * ```
 */
export const ADAM_BETA1 = 0.9;
/**
 * Adam's β2 (PyTorch's default).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ADAM_BETA2 } from "./contract.ts";
 * strictEqual(ADAM_BETA2, 0.999);
 * ```
 */
export const ADAM_BETA2 = 0.999;
/**
 * Adam's ε (PyTorch's default).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ADAM_EPSILON } from "./contract.ts";
 * strictEqual(ADAM_EPSILON, 1e-8);
 * ```
 */
export const ADAM_EPSILON = 1e-8;

/**
 * Checks an engine spec and returns H. Throws a RangeError that names the
 * engine and the bad value: empty or mismatched data, no models, one seed per
 * model missing, models of different widths, or a learning rate
 * (`ENGINE_LR`), an optimizer, a relu'(0) or a precision that its setting
 * in the registry (`RUN_SETTINGS`) refuses (in the registry's words), zero counting on more than
 * 2^24 pre-activations (the counts are float32 on the device), or a `startEpoch` that is not an integer >= 0 or
 * is not 0 with Adam.
 *
 * @param spec what the engine is to train
 * @param engine the engine, for the messages
 * @returns the number of hidden units H
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { checkEngineSpec } from "./contract.ts";
 * const spec = {
 *   x: [0, 1], y: [0, 1], seeds: [0], lr: 0.1, optimizer: "sgd" as const, gradAtZero: 0,
 *   init: [{ w0: [1, 1], b0: [0, 0], w1: [1, 1], b1: 0 }],
 * };
 * strictEqual(checkEngineSpec(spec, "fused"), 2);
 * throws(() => checkEngineSpec({ ...spec, lr: 0 }, "fused"), /lr must be a finite number > 0, got 0/);
 * throws(() => checkEngineSpec({ ...spec, optimizer: "adam", startEpoch: 5 }, "fused"), /startEpoch > 0 needs optimizer sgd/);
 * ```
 */
export function checkEngineSpec(spec: EngineSpec, engine: EngineName): number {
  const fail = (what: string): never => {
    throw new RangeError(`Cannot create the ${engine} engine: ${what}`);
  };
  const points = spec.x.length;
  if (points < 1 || spec.y.length !== points) {
    fail(`x and y must have the same non-zero length, got ${points} and ${spec.y.length}`);
  }
  if (spec.init.length < 1) fail("init must hold at least one model");
  if (spec.seeds.length !== spec.init.length) {
    fail(`seeds must have one entry per model (${spec.init.length}), got ${spec.seeds.length}`);
  }
  const hidden = spec.init[0].w0.length;
  spec.init.forEach((p, m) => {
    if (hidden < 1 || p.w0.length !== hidden || p.b0.length !== hidden || p.w1.length !== hidden) {
      fail(`every model must have w0, b0 and w1 of one length H >= 1; model ${m} does not`);
    }
  });
  const check = <T>(name: string, setting: Setting<T>, value: unknown) => {
    if (!setting.accepts(value)) fail(refusal(name, setting, typeof value === "string" ? `"${value}"` : String(value)));
  };
  check("lr", ENGINE_LR, spec.lr);
  check("optimizer", RUN_SETTINGS.optimizer, spec.optimizer);
  check("gradAtZero", RUN_SETTINGS.gradAtZero, spec.gradAtZero);
  const activation = spec.activation ?? ACTIVATION_DEFAULT;
  const a = parseActivation(activation);
  if (!a) fail(refusal("activation", { accepted: ACTIVATION_ACCEPTED }, `"${activation}"`));
  else {
    if (engine === "fused" && !isPiecewise(a)) fail(fusedCannot(a.text));
    // the kink derivative: between the activation's slopes (relu: [0, 1]), or "random"
    const problem = kinkProblem(a.text, spec.gradAtZero);
    if (problem) fail(`gradAtZero must be ${problem}, got ${spec.gradAtZero}`);
  }
  if (spec.precision !== undefined) check("precision", RUN_SETTINGS.precision, spec.precision);
  if (spec.precision === "float64" && engine !== "fused") fail("precision float64 needs the fused engine");
  const start = spec.startEpoch ?? 0;
  if (!Number.isInteger(start) || start < 0) fail(`startEpoch must be an integer >= 0, got ${start}`);
  if (start > 0 && spec.optimizer !== "sgd") fail(`startEpoch > 0 needs optimizer sgd, got ${spec.optimizer}`);
  if (spec.countZeros && points * hidden > 2 ** 24) {
    fail(`countZeros needs P·H <= 2^24 (counts are float32), got ${points}·${hidden}`);
  }
  return hidden;
}
