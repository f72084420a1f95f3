/**
 * A worker of `deno task mnist_training`: it starts the tfjs backend it is told, loads the first `trainSize`
 * training images and the 10,000 test images once, then trains one (cell, seed) job per message and replies with
 * every convention's runs.
 *
 * @module
 */
/// <reference lib="deno.worker" />
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

/** A worker's reply: the seed's result, or the error that stopped it. */
export type MnistTrainingReply = { ok: true; result: SeedResult } | { ok: false; message: string; stack?: string };

let data: Promise<{ train: LabelledImages; test: LabelledImages }> | undefined;

async function run(job: MnistTrainingJob): Promise<SeedResult> {
  data ??= (async () => {
    await selectBackend(job.backend);
    return { train: await loadMnist("train", { limit: job.trainSize }), test: await loadMnist("test") };
  })();
  return await trainConventions(await data, { cell: job.cell, seed: job.seed, epochs: job.epochs });
}

self.onmessage = async (e: MessageEvent<MnistTrainingJob>) => {
  let reply: MnistTrainingReply;
  try {
    reply = { ok: true, result: await run(e.data) };
  } catch (err) {
    reply = { ok: false, message: err instanceof Error ? err.message : String(err), stack: (err as Error)?.stack };
  }
  self.postMessage(reply);
};
