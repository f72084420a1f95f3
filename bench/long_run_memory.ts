/**
 * Long runs stay flat: trains the essay's network (H = 7, 300 points, SGD,
 * lr 1e-4) for many epochs with each engine on cpu and on webgpu, sampling
 * tfjs' live tensors and bytes, the JS heap and the process RSS every
 * `--sample` epochs, and prints one table row per run. Not a test (it takes
 * minutes); run it by hand:
 *
 *   deno run --allow-read --allow-env bench/long_run_memory.ts [--epochs 100000] [--webgpu-epochs 10000] [--sample 1000]
 *
 * webgpu runs on whatever adapter `navigator.gpu` offers (llvmpipe, a
 * software adapter, where there is no GPU) and is skipped without one. The
 * growth that is expected: the run itself keeps one loss per epoch (8 bytes
 * each) and one snapshot per sample; everything else should be flat.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import { parseArgs } from "node:util";
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import type { EngineFactory, EngineName } from "../lib/engine/contract.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { trainRegressor } from "../lib/train/loop.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    epochs: { type: "string", default: "100000" },
    "webgpu-epochs": { type: "string", default: "10000" },
    "webgpu-autodiff-epochs": { type: "string", default: "5000" },
    sample: { type: "string", default: "1000" },
  },
});

const ENGINES: Record<EngineName, EngineFactory> = { fused: createFusedEngine, autodiff: createAutodiffEngine };

/** One sample of memory. */
interface Sample {
  epoch: number;
  tensors: number;
  tfBytes: number;
  heapMb: number;
  rssMb: number;
}

function sample(epoch: number): Sample {
  const m = tf.memory();
  const u = Deno.memoryUsage();
  return { epoch, tensors: m.numTensors, tfBytes: m.numBytes, heapMb: u.heapUsed / 2 ** 20, rssMb: u.rss / 2 ** 20 };
}

/** Trains once and returns the samples, the first taken after the first chunk (engine and kernels warm). */
async function measure(engine: EngineName, epochs: number, every: number): Promise<{ samples: Sample[]; s: number }> {
  const samples: Sample[] = [];
  const t0 = performance.now();
  await trainRegressor({
    hidden: 7,
    epochs,
    lr: 1e-4,
    optimizer: "sgd",
    seed: 0,
    every,
    points: 300,
    xMin: -10,
    xMax: 10,
    gradAtZero: 0,
    createEngine: ENGINES[engine],
  }, { onProgress: (p) => samples.push(sample(p.epoch)) });
  return { samples, s: (performance.now() - t0) / 1000 };
}

function fmt(x: number, digits = 1): string {
  return x.toFixed(digits);
}

const runs: [string, EngineName, number][] = [
  ["cpu", "fused", Number(values.epochs)],
  ["cpu", "autodiff", Number(values.epochs)],
  ["webgpu", "fused", Number(values["webgpu-epochs"])],
  ["webgpu", "autodiff", Number(values["webgpu-autodiff-epochs"])],
];
const every = Number(values.sample);

console.log(
  "| backend | engine | epochs | s | tensors first → last (max) | tf bytes first → last | heap MB first → last (max) | RSS MB first → last (max) | RSS MB per 10k epochs after the first quarter |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const [backend, engine, epochs] of runs) {
  try {
    const { backend: active } = await selectBackend(backend as "cpu" | "webgpu");
    if (active !== backend) throw new Error(`got ${active}`);
  } catch (e) {
    console.log(`| ${backend} | ${engine} | skipped: ${(e as Error).message.split("\n")[0]} |`);
    continue;
  }
  const before = tf.memory().numTensors;
  const { samples, s } = await measure(engine, epochs, Math.min(every, epochs));
  const after = tf.memory().numTensors;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const max = (k: keyof Sample) => Math.max(...samples.map((x) => x[k]));
  const quarter = samples[Math.floor(samples.length / 4)];
  const slope = (last.rssMb - quarter.rssMb) / Math.max(1, (last.epoch - quarter.epoch) / 10_000);
  console.log(
    `| ${backend} | ${engine} | ${epochs} | ${fmt(s)} | ${first.tensors} → ${last.tensors} (${max("tensors")}) | ` +
      `${first.tfBytes} → ${last.tfBytes} | ${fmt(first.heapMb)} → ${fmt(last.heapMb)} (${fmt(max("heapMb"))}) | ` +
      `${fmt(first.rssMb)} → ${fmt(last.rssMb)} (${fmt(max("rssMb"))}) | ${fmt(slope, 2)} |`,
  );
  if (after !== before) {
    console.log(`|   | tensors left after the run: ${after - before} (before ${before}, after ${after}) |`);
  }
}
