/**
 * The vanishing-gradient experiment: the same 1-H-1 network, the same data and
 * the same initial parameters per seed, trained with several activations; at
 * every snapshot, each model's first-layer gradient norm ‖∂L/∂(w0, b0)‖, its
 * hidden units with a near-zero and with an exactly zero gradient, and the
 * share of (unit, input) pairs where the activation is flat; and the final MSE.
 * The training itself is injected (one batch of all seeds per activation).
 *
 * @module
 */
import { type Differentiable, mseGradients } from "../model/gradients.ts";
import { preActivation } from "../model/pre_activation.ts";
import { createRegressor, targetData } from "../model/regressor.ts";
import type { BackendName, Precision, RegressorParams } from "../model/run.ts";
import { divergenceEpoch } from "../train/trainer.ts";
import { storedNumber } from "./records.ts";

/**
 * The threshold of "near zero", relative: a unit's first-layer gradient is near zero when its norm is below this
 * share of the largest unit's norm in the same model at the same snapshot (under one learning rate it then moves
 * at least a thousand times slower than its fastest sibling), and an activation is flat at z when |f′(z)| is below
 * this share of its largest slope.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { NEAR_ZERO } from "./vanishing_gradients.ts";
 * strictEqual(NEAR_ZERO, 1e-3);
 * ```
 */
export const NEAR_ZERO = 1e-3;

/**
 * The activations the experiment trains by default, as the activation registry spells them: relu first (every
 * other is compared with it), leaky relu (relu without its flat side), the two the essay names, and GELU.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { VANISHING_ACTIVATIONS } from "./vanishing_gradients.ts";
 * strictEqual(VANISHING_ACTIVATIONS.join(" "), "relu leaky_relu:0.01 sigmoid tanh gelu");
 * ```
 */
export const VANISHING_ACTIVATIONS: readonly string[] = ["relu", "leaky_relu:0.01", "sigmoid", "tanh", "gelu"];

/**
 * The activations the essay says have saturation and vanishing gradients ("sigmoid and tanh do").
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ESSAY_SATURATING } from "./vanishing_gradients.ts";
 * strictEqual(ESSAY_SATURATING.join(" "), "sigmoid tanh");
 * ```
 */
export const ESSAY_SATURATING: readonly string[] = ["sigmoid", "tanh"];

/** An activation of the experiment: its name as the registry spells it, f and f′. */
export interface VanishingActivation extends Differentiable {
  /** The activation's name (`relu`, `leaky_relu:0.01`, `sigmoid`, ...). */
  name: string;
}

/** What the injected training returns for one activation: M models, one per seed. */
export interface ActivationTraining {
  /** The engine that trained. */
  engine: string;
  /** The tfjs backend it ran on. */
  backend: BackendName;
  /** `losses[m][k]`: MSE of model m after k updates, k = 0..epochs. */
  losses: readonly ArrayLike<number>[];
  /** Every model's parameters at epoch 0, every `every`-th epoch and the last. */
  paramsAt?: readonly { epoch: number; params: readonly RegressorParams[] }[];
}

/** What the training is asked to do: the models of one activation. */
export interface ActivationRun {
  /** Training inputs. */
  x: readonly number[];
  /** Training targets. */
  y: readonly number[];
  /** Initial parameters, one per seed (the same for every activation). */
  init: readonly RegressorParams[];
  /** The seeds. */
  seeds: readonly number[];
  /** Learning rate. */
  lr: number;
  /** Full-batch updates. */
  epochs: number;
  /** Read the parameters back every this many updates. */
  every: number;
}

/** Trains the models of `run` with `activation`. */
export type TrainActivation = (activation: VanishingActivation, run: ActivationRun) => Promise<ActivationTraining>;

/** Options of {@link runVanishingGradients}. */
export interface VanishingOptions {
  /** The activations, in the order of the tables; the first is the one the others are compared with. */
  activations: readonly VanishingActivation[];
  /** Seeds, one model each per activation (PyTorch-style initialisation from the seed). */
  seeds: readonly number[];
  /** Hidden units H. */
  hidden: number;
  /** Learning rate (the same for every activation). */
  lr: number;
  /** Full-batch SGD updates. */
  epochs: number;
  /** Snapshot interval. */
  every: number;
  /** Training points, evenly spaced on [xMin, xMax]. */
  points: number;
  /** The function learned, a name of `TARGET_NAMES` (default `cubic`, y = x³; recorded only when given). */
  target?: string;
  /** Smallest input. */
  xMin: number;
  /** Largest input. */
  xMax: number;
  /** The arithmetic the training ran in (how z is recomputed for f′: see `mseGradients`). */
  precision: Precision;
  /** Called after each activation. */
  onProgress?: (done: number, total: number) => void;
}

/** One activation's record: per seed, per snapshot. */
export interface ActivationRecord {
  /** The activation's name. */
  activation: string;
  /** The engine that trained it. */
  engine: string;
  /** The backend it ran on. */
  backend: BackendName;
  /** The largest |f′(z)| over z in [−20, 20] (on a grid of step 1/1024): the reference of "flat". */
  peakSlope: number;
  /** `gradNorm[m][s]`: ‖∂L/∂(w0, b0)‖ of seed m at snapshot s (4 significant digits; null once diverged). */
  gradNorm: (number | null)[][];
  /** `nearZero[m][s]`: units whose gradient norm is below NEAR_ZERO × the model's largest (exact zeros included). */
  nearZero: (number | null)[][];
  /** `exactZero[m][s]`: units whose first-layer gradient is exactly 0 (f′ = 0 at every input: dead). */
  exactZero: (number | null)[][];
  /** `flat[m][s]`: share of the H × P (unit, input) pairs where |f′(z)| < NEAR_ZERO × peakSlope (4 digits). */
  flat: (number | null)[][];
  /** `loss[m][s]`: MSE of seed m at snapshot s, as the run computed it (null once diverged). */
  loss: (number | null)[][];
  /** First epoch with a non-finite loss per seed, or null. */
  divergedAt: (number | null)[];
}

/** The experiment's result: settings, snapshot epochs and a record per activation. */
export interface VanishingResult {
  /** The settings (activations by name). */
  settings: Omit<VanishingOptions, "activations" | "onProgress" | "seeds"> & {
    activations: string[];
    seeds: number[];
    nearZero: number;
  };
  /** The epochs of the snapshots. */
  snapshotEpochs: number[];
  /** One record per activation, in the order of `settings.activations`. */
  records: ActivationRecord[];
}

const digits4 = (v: number) => Number(v.toPrecision(4)) + 0;

/**
 * The largest |f′(z)| on z in [−20, 20] at steps of 1/1024 (exact binary steps, so z = 0 and the integers are on
 * the grid): 1 for relu, 0.25 for the sigmoid, 1 for tanh, about 1.129 for GELU.
 *
 * @param df the derivative
 * @returns the peak slope
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { peakSlope } from "./vanishing_gradients.ts";
 * strictEqual(peakSlope((z) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2), 0.25);
 * ```
 */
export function peakSlope(df: (z: number) => number): number {
  let peak = 0;
  for (let i = -20 * 1024; i <= 20 * 1024; i++) peak = Math.max(peak, Math.abs(df(i / 1024)));
  return peak;
}

/** One model's numbers at one snapshot: the gradient norm, near-zero and zero units, the flat share. */
export interface SnapshotMeasure {
  /** ‖∂L/∂(w0, b0)‖. */
  gradNorm: number;
  /** Units with a near-zero gradient (exact zeros included). */
  nearZero: number;
  /** Units with a gradient of exactly 0. */
  exactZero: number;
  /** Share of (unit, input) pairs where |f′(z)| < NEAR_ZERO × peak. */
  flat: number;
}

/**
 * Measures one model at one snapshot: its first-layer gradient ({@link mseGradients}), how many units have a
 * near-zero gradient (norm below `NEAR_ZERO` × the largest unit's, or exactly 0) and an exactly zero one, and the
 * share of (unit, input) pairs where the activation is flat (|f′(z)| < NEAR_ZERO × `peak`).
 *
 * @param params the model's parameters (finite)
 * @param data the training data
 * @param activation f, f′, the peak slope, and how z is computed
 * @returns the measures
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { measureSnapshot } from "./vanishing_gradients.ts";
 * const relu = { f: (z: number) => Math.max(z, 0), df: (z: number) => (z > 0 ? 1 : 0), peak: 1 };
 * // unit 1 is dead (z < 0 at both inputs); unit 0 is active at x = 1 only
 * const m = measureSnapshot({ w0: [2, 1], b0: [-1, -5], w1: [3, 1], b1: 0.5 }, { x: [0, 1], y: [0, 1] }, relu);
 * deepStrictEqual(m, { gradNorm: Math.hypot(7.5, 7.5), nearZero: 1, exactZero: 1, flat: 0.75 });
 * ```
 */
export function measureSnapshot(
  params: RegressorParams,
  data: { x: readonly number[]; y: readonly number[] },
  activation: Differentiable & { peak: number; precision?: Precision },
): SnapshotMeasure {
  const g = mseGradients(params, data, activation, { precision: activation.precision });
  const largest = Math.max(...g.unitNorms);
  const nearZero = g.unitNorms.filter((u) => u === 0 || u < NEAR_ZERO * largest).length;
  const exactZero = g.unitNorms.filter((u) => u === 0).length;
  const z = preActivation(activation.precision ?? "float64");
  const flatBelow = NEAR_ZERO * activation.peak;
  let flat = 0;
  for (let j = 0; j < params.w0.length; j++) {
    for (const x of data.x) if (Math.abs(activation.df(z(params.w0[j], x, params.b0[j]))) < flatBelow) flat++;
  }
  return { gradNorm: g.firstLayerNorm, nearZero, exactZero, flat: flat / (params.w0.length * data.x.length) };
}

/**
 * Trains every activation on the same seeds (each seed's initial parameters and the data are the same for every
 * activation) with `train`, and measures every model at every snapshot ({@link measureSnapshot}). A model whose
 * loss or parameters become non-finite is recorded as diverged (null from there on).
 *
 * @param train trains one activation's models
 * @param options the activations, seeds, network, data and training settings
 * @returns the result
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { runVanishingGradients } from "./vanishing_gradients.ts";
 * import { trainBatch } from "../train/batch.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const relu = { name: "relu", f: (z: number) => Math.max(z, 0), df: (z: number) => (z > 0 ? 1 : 0) };
 * const result = await runVanishingGradients(
 *   (_, run) => trainBatch(createFusedEngine, { ...run, optimizer: "sgd", gradAtZero: 0, paramsEvery: run.every }),
 *   { activations: [relu], seeds: [0, 1], hidden: 7, lr: 1e-4, epochs: 4, every: 2, points: 20, xMin: -10, xMax: 10,
 *     precision: "float32" },
 * );
 * deepStrictEqual(result.snapshotEpochs, [0, 2, 4]);
 * strictEqual(result.records[0].gradNorm[1].length, 3);
 * strictEqual(result.records[0].engine, "fused");
 * ```
 */
export async function runVanishingGradients(
  train: TrainActivation,
  options: VanishingOptions,
): Promise<VanishingResult> {
  const { seeds, hidden, lr, epochs, every, precision } = options;
  if (seeds.length < 1) throw new RangeError("Cannot run the vanishing-gradient experiment: give at least one seed");
  const data = targetData(options);
  const init = seeds.map((seed) => createRegressor({ hidden, seed }));
  const records: ActivationRecord[] = [];
  let snapshotEpochs: number[] = [];
  for (const activation of options.activations) {
    const trained = await train(activation, { x: data.x, y: data.y, init, seeds, lr, epochs, every });
    const paramsAt = trained.paramsAt ?? [];
    snapshotEpochs = paramsAt.map((p) => p.epoch);
    const peak = peakSlope(activation.df);
    const measureOf = { ...activation, peak, precision };
    const divergedAt = seeds.map((_, m) => divergenceEpoch(trained.losses[m]));
    const perSeed = seeds.map((_, m) =>
      paramsAt.map(({ epoch, params }) => {
        const p = params[m];
        const finite = [...p.w0, ...p.b0, ...p.w1, p.b1].every(Number.isFinite);
        const gone = divergedAt[m] !== null && divergedAt[m]! <= epoch;
        return finite && !gone ? measureSnapshot(p, data, measureOf) : null;
      })
    );
    const column = (pick: (s: SnapshotMeasure) => number) => perSeed.map((row) => row.map((s) => s && pick(s)));
    records.push({
      activation: activation.name,
      engine: trained.engine,
      backend: trained.backend,
      peakSlope: digits4(peak),
      gradNorm: column((s) => digits4(s.gradNorm)),
      nearZero: column((s) => s.nearZero),
      exactZero: column((s) => s.exactZero),
      flat: column((s) => digits4(s.flat)),
      loss: seeds.map((_, m) =>
        paramsAt.map(({ epoch }, s) =>
          perSeed[m][s] === null ? null : storedNumber(trained.losses[m][epoch], precision)
        )
      ),
      divergedAt,
    });
    options.onProgress?.(records.length, options.activations.length);
  }
  const { activations, onProgress: _, ...rest } = options;
  return {
    settings: { ...rest, activations: activations.map((a) => a.name), seeds: [...seeds], nearZero: NEAR_ZERO },
    snapshotEpochs,
    records,
  };
}
