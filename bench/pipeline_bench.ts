/**
 * The whole pipeline, in process: what `deno task figures -- --only
 * essay,training` does (the static figures, training at the defaults and every
 * training output), and the same with the experiments. A whole-process
 * comparison with the PyTorch peer is `deno task bench:compare`.
 *
 * Run with `deno task bench` (or `deno bench --allow-read --allow-write=/tmp
 * --allow-ffi --allow-sys bench/pipeline_bench.ts`).
 */
import { writeAllFigures } from "../lib/cli/figures.ts";

const out = await Deno.makeTempDir({ prefix: "pipeline-bench-" });
globalThis.addEventListener("unload", () => Deno.removeSync(out, { recursive: true }));

Deno.bench({
  name: "essay figures + training outputs (static, train 4000 epochs, json/svg/gif/html)",
  group: "pipeline",
  n: 3,
  warmup: 1,
  fn: async () => {
    await writeAllFigures(out, ["essay", "training"]);
  },
});

Deno.bench({
  name: "everything deno task figures writes, experiments included",
  group: "pipeline",
  n: 1,
  warmup: 0,
  fn: async () => {
    await writeAllFigures(out, ["essay", "training", "experiments"]);
  },
});
