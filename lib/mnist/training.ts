/**
 * The MNIST training experiment: a 784-256-256-10 MLP trained with every relu'(0) convention on the same seeds
 * (same initialisation, same batches), for each cell of optimizer × batch norm × precision, measuring the test
 * accuracy, the exact zeros among relu's inputs and whether and when training diverges.
 *
 * The conventions share one trajectory, bit for bit, until the first update whose forward pass meets an exact
 * zero: before it relu'(0) is never used (and the random draws depend only on the seed and the update). So one
 * run trains all four conventions together and splits into one branch per convention at that update, each
 * computing its own gradient from the same state. A test checks the split against four separate runs.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import { type Convention, conventionGrad, CONVENTIONS } from "../experiments/sweep.ts";
import { createRng, hash32 } from "../math/random.ts";
import { OPTIMIZERS } from "../model/settings.ts";
import {
  initMlp,
  mlpAccuracy,
  type MlpGradients,
  mlpGradients,
  type MlpOptimizer,
  type MlpPrecision,
  type MlpSpec,
  type MlpState,
} from "./tf_mlp.ts";
import { applyUpdate, cloneState, disposeState } from "./tf_update.ts";

/** One cell of the grid: how the MLP is trained. */
export interface TrainingCell {
  /** The update rule. */
  optimizer: MlpOptimizer["name"];
  /** Batch norm before each relu. */
  batchNorm: boolean;
  /** float32 or emulated float16. */
  precision: MlpPrecision;
}

/** The experiment's fixed settings: the network, the batch, the learning rates and the grid of cells. */
export const MNIST_TRAINING: {
  widths: readonly number[];
  batch: number;
  lr: Readonly<Record<MlpOptimizer["name"], number>>;
  cells: readonly TrainingCell[];
} = {
  widths: [256, 256],
  batch: 128,
  lr: { sgd: 0.1, adam: 1e-3 },
  cells: (["float32", "float16"] as const).flatMap((precision) =>
    OPTIMIZERS.flatMap((optimizer) =>
      [false, true].map((batchNorm): TrainingCell => ({ optimizer, batchNorm, precision }))
    )
  ),
};

/**
 * A cell's name, e.g. `float16 adam bn` or `float32 sgd`.
 *
 * @param cell the cell
 * @returns its name
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { cellName } from "./training.ts";
 * strictEqual(cellName({ optimizer: "adam", batchNorm: true, precision: "float16" }), "float16 adam bn");
 * ```
 */
export function cellName(cell: TrainingCell): string {
  return `${cell.precision} ${cell.optimizer}${cell.batchNorm ? " bn" : ""}`;
}

/** Images (n × 784 in [0, 1]) and their labels. */
export interface LabelledImages {
  /** The images, row-major. */
  images: Float32Array;
  /** The digits. */
  labels: Uint8Array;
}

/** One convention's run on one seed. */
export interface ConventionRun {
  /** Test accuracy after the last epoch, or null when training diverged. */
  accuracy: number | null;
  /** Mean training loss of each epoch (null from the epoch where it diverged). */
  epochLoss: (number | null)[];
  /** Exact zeros among relu's inputs over all updates. */
  zeros: number;
  /** relu's inputs over all updates (batch × hidden units × updates). */
  reluCalls: number;
  /** The first update (0-based) whose forward pass met an exact zero, or null. */
  firstZero: number | null;
  /** The update whose loss was first NaN or infinite, or null. */
  divergedAt: number | null;
}

/** What {@link trainConventions} needs. */
export interface TrainConventionsOptions {
  /** The cell. */
  cell: TrainingCell;
  /** Seed of the initialisation, the batch order and the random relu'(0). */
  seed: number;
  /** Passes over `train`. */
  epochs: number;
  /** The conventions (default all four, in {@link CONVENTIONS} order). */
  conventions?: readonly Convention[];
  /** Train every convention separately instead of splitting one trajectory (for the test of the split). */
  separate?: boolean;
}

/** Every convention's run on one seed, and the update where the shared trajectory split (null: never). */
export interface SeedResult {
  /** Per convention. */
  runs: Partial<Record<Convention, ConventionRun>>;
  /** The update where the conventions stopped sharing one trajectory, or null when they never did. */
  splitAt: number | null;
}

interface Branch {
  conventions: Convention[];
  state: MlpState;
  run: ConventionRun;
  lossSum: number;
}

/** The batch order of one epoch: a seeded Fisher–Yates shuffle of 0..n−1. */
function epochOrder(n: number, seed: number, epoch: number): Uint32Array {
  const rng = createRng(hash32(hash32(seed) ^ (epoch + 1)));
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/**
 * `data` as the MLP sees it: unchanged in float32, every pixel rounded to half in float16.
 *
 * @param data images and labels
 * @param precision the arithmetic
 * @returns the images to feed
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { asPrecision } from "./training.ts";
 * const data = { images: new Float32Array([Math.fround(1 / 3)]), labels: new Uint8Array([0]) };
 * strictEqual(asPrecision(data, "float16").images[0], Math.f16round(1 / 3));
 * strictEqual(asPrecision(data, "float32"), data);
 * ```
 */
export function asPrecision(data: LabelledImages, precision: MlpPrecision): LabelledImages {
  if (precision === "float32") return data;
  return { images: new Float32Array(new Float16Array(data.images)), labels: data.labels };
}

/**
 * Trains every convention on one seed of one cell and tests them: one shared trajectory until the first exact
 * zero, then a branch per convention (or, with `separate`, one run per convention from the start). Runs on the
 * active tfjs backend. Drops the last partial batch of every epoch.
 *
 * @param data the training and test images ({@link asPrecision} is applied here)
 * @param options the cell, the seed, the epochs and the conventions
 * @returns each convention's run and where the trajectory split
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { trainConventions } from "./training.ts";
 * await tf.setBackend("cpu");
 * const images = Float32Array.from({ length: 256 * 784 }, (_, i) => (i * 7919 % 256) / 255);
 * const labels = Uint8Array.from({ length: 256 }, (_, i) => i % 10);
 * const cell = { optimizer: "sgd" as const, batchNorm: false, precision: "float32" as const };
 * const r = await trainConventions({ train: { images, labels }, test: { images, labels } }, { cell, seed: 0, epochs: 1 });
 * deepStrictEqual(Object.keys(r.runs).sort(), ["0", "0.5", "1", "random"]);
 * strictEqual(r.runs["0"]!.reluCalls, 2 * 128 * 512);
 * ```
 */
export async function trainConventions(
  data: { train: LabelledImages; test: LabelledImages },
  options: TrainConventionsOptions,
): Promise<SeedResult> {
  const { cell, seed, epochs } = options;
  const conventions = [...(options.conventions ?? CONVENTIONS)];
  const spec: MlpSpec = { inputs: 784, widths: MNIST_TRAINING.widths, classes: 10, ...cell };
  const optimizer: MlpOptimizer = { name: cell.optimizer, lr: MNIST_TRAINING.lr[cell.optimizer] };
  const [train, test] = [asPrecision(data.train, cell.precision), asPrecision(data.test, cell.precision)];
  const n = train.labels.length;
  const batch = MNIST_TRAINING.batch;
  const steps = Math.floor(n / batch);
  const fresh = (): ConventionRun => ({
    accuracy: null,
    epochLoss: [],
    zeros: 0,
    reluCalls: 0,
    firstZero: null,
    divergedAt: null,
  });
  const init = initMlp(spec, seed);
  let branches: Branch[] = (options.separate ? conventions.map((c) => [c]) : [conventions]).map((cs, i) => ({
    conventions: cs,
    state: i === 0 ? init : cloneState(init),
    run: fresh(),
    lossSum: 0,
  }));
  let splitAt: number | null = options.separate ? 0 : null;
  const advance = (b: Branch, g: MlpGradients, o: { keepOld: boolean; step: number }): Branch => {
    const run = b.run;
    run.zeros += g.zeros;
    run.reluCalls += g.reluCalls;
    if (g.zeros > 0) run.firstZero ??= o.step;
    if (!Number.isFinite(g.loss)) {
      run.divergedAt = o.step;
      tf.dispose([...g.grads, ...g.moments]);
      if (!o.keepOld) disposeState(b.state);
      return b;
    }
    b.lossSum += g.loss;
    return { ...b, state: applyUpdate(spec, b.state, { gradients: g, optimizer, keepOld: o.keepOld }) };
  };
  const x = new Float32Array(batch * 784);
  const y = new Int32Array(batch);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = epochOrder(n, seed, epoch);
    for (let s = 0; s < steps; s++) {
      const step = epoch * steps + s;
      for (let r = 0; r < batch; r++) {
        const i = order[s * batch + r];
        x.set(train.images.subarray(i * 784, (i + 1) * 784), r * 784);
        y[r] = train.labels[i];
      }
      const tensors = { x: tf.tensor2d(x, [batch, 784]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(y, "int32"), 10)) };
      const next: Branch[] = [];
      for (const b of branches) {
        if (b.run.divergedAt !== null) {
          next.push(b);
          continue;
        }
        const grads = (c: Convention) => mlpGradients(spec, b.state, tensors, { gradAtZero: conventionGrad(c), seed });
        const g = await grads(b.conventions[0]);
        if (g.zeros > 0 && b.conventions.length > 1) {
          splitAt ??= step;
          for (const c of b.conventions.slice(1)) {
            const branch = { conventions: [c], state: b.state, run: structuredClone(b.run), lossSum: b.lossSum };
            next.push(advance(branch, await grads(c), { keepOld: true, step }));
          }
          b.conventions = [b.conventions[0]];
        }
        next.unshift(advance(b, g, { keepOld: false, step }));
      }
      branches = next.sort((p, q) => conventions.indexOf(p.conventions[0]) - conventions.indexOf(q.conventions[0]));
      tf.dispose([tensors.x, tensors.y]);
    }
    for (const b of branches) {
      b.run.epochLoss.push(b.run.divergedAt === null ? b.lossSum / steps : null);
      b.lossSum = 0;
    }
  }
  const runs: Partial<Record<Convention, ConventionRun>> = {};
  for (const b of branches) {
    if (b.run.divergedAt === null) {
      b.run.accuracy = await mlpAccuracy(spec, b.state, test);
      disposeState(b.state);
    }
    for (const c of b.conventions) runs[c] = structuredClone(b.run);
  }
  return { runs: Object.fromEntries(conventions.map((c) => [c, runs[c]])), splitAt };
}
