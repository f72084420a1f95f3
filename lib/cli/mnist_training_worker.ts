/**
 * A worker of `deno task mnist_training`: it runs one (cell, seed) job per message
 * ({@link runMnistTrainingJob}) and replies with every convention's runs.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { SeedResult } from "../mnist/training.ts";
import { type MnistTrainingJob, runMnistTrainingJob } from "./mnist_training_job.ts";

/** A worker's reply: the seed's result, or the error that stopped it. */
export type MnistTrainingReply = { ok: true; result: SeedResult } | { ok: false; message: string; stack?: string };

self.onmessage = async (e: MessageEvent<MnistTrainingJob>) => {
  let reply: MnistTrainingReply;
  try {
    reply = { ok: true, result: await runMnistTrainingJob(e.data) };
  } catch (err) {
    reply = { ok: false, message: err instanceof Error ? err.message : String(err), stack: (err as Error)?.stack };
  }
  self.postMessage(reply);
};
