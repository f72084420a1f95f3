/**
 * One job of `deno task mnist_training`, run in the thread that calls it: the first job starts the tfjs backend
 * and loads the first `trainSize` training images and the 10,000 test images, which later jobs in the same thread
 * reuse. The command's own thread runs jobs too (a Deno thread that only waits for its workers keeps a core busy).
 *
 * @module
 */
import { mnistCache } from "../output/mnist_cache.ts";
import { selectBackend } from "../engine/backend.ts";
import type { BackendName } from "../model/run.ts";
import { loadMnist } from "../mnist/dataset.ts";
import { type LabelledImages, type SeedResult, trainConventions, type TrainingCell } from "../mnist/training.ts";

/** One job: a cell and a seed, with the backend and the data to use. */
export interface MnistTrainingJob {
  /** The tfjs backend (already validated by the command). */
  backend: BackendName;
  /** Training images used (the first N). */
  trainSize: number;
  /** The cell. */
  cell: TrainingCell;
  /** The seed. */
  seed: number;
  /** Passes over the training images. */
  epochs: number;
}

let data: Promise<{ train: LabelledImages; test: LabelledImages }> | undefined;

/**
 * Trains every convention of one (cell, seed) job in this thread.
 *
 * @param job the job
 * @returns the seed's result
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { runMnistTrainingJob } from "./mnist_training_job.ts";
 * const cell = { optimizer: "sgd" as const, batchNorm: false, precision: "float32" as const };
 * const r = await runMnistTrainingJob({ backend: "cpu", trainSize: 128, cell, seed: 0, epochs: 1 });
 * strictEqual(r.runs["0"]!.reluCalls, 128 * 512);
 * ```
 */
export async function runMnistTrainingJob(job: MnistTrainingJob): Promise<SeedResult> {
  data ??= (async () => {
    await selectBackend(job.backend);
    const cache = mnistCache();
    return {
      train: await loadMnist("train", { limit: job.trainSize, cache }),
      test: await loadMnist("test", { cache }),
    };
  })();
  return await trainConventions(await data, { cell: job.cell, seed: job.seed, epochs: job.epochs });
}
