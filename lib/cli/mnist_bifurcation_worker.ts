/**
 * A worker of `deno task mnist_bifurcation` (see `mnist_bifurcation.ts`):
 * loads the MNIST training images once, then runs one initialisation's
 * bifurcation pass per message and posts back what it found. It writes nothing.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { mnistCache } from "../output/mnist_cache.ts";
import { UsageError } from "../errors.ts";
import {
  type BifurcationCell,
  bifurcationPass,
  createSimdProducts,
  type InitOutcome,
  loadMnist,
  type MnistData,
  type Products,
} from "../mnist/mod.ts";

/** A job: one initialisation of one cell, on the first `images` training images. */
export interface BifurcationJob {
  /** The cell. */
  cell: BifurcationCell;
  /** The initialisation's index. */
  init: number;
  /** Training images used. */
  images: number;
  /** Batch size. */
  batch: number;
}

/** What the worker posts back. */
export type BifurcationReply =
  | { ok: true; outcome: InitOutcome; seconds: number }
  | { ok: false; usage: boolean; message: string };

let loaded: Promise<{ data: MnistData; products: Products }> | undefined;
let loadedImages = 0;

self.onmessage = async (e: MessageEvent<BifurcationJob>) => {
  const job = e.data;
  try {
    if (!loaded || loadedImages !== job.images) {
      loadedImages = job.images;
      loaded = Promise.all([loadMnist("train", { limit: job.images, cache: mnistCache() }), createSimdProducts()])
        .then(([data, products]) => ({ data, products }));
    }
    const { data, products } = await loaded;
    const started = performance.now();
    const outcome = bifurcationPass(data, job.cell, { init: job.init, batch: job.batch, products });
    self.postMessage({ ok: true, outcome, seconds: (performance.now() - started) / 1000 } satisfies BifurcationReply);
  } catch (error) {
    self.postMessage(
      {
        ok: false,
        usage: error instanceof UsageError,
        message: error instanceof Error ? error.message : String(error),
      } satisfies BifurcationReply,
    );
  }
};
