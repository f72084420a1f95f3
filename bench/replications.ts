/**
 * Writes bench/results/replications.json and bench/results/replications.md (`deno task replications`): the initialiser's
 * Kolmogorov–Smirnov tests and consecutive-seed correlation over 1024 seeds, the share of 1024 seeds on the
 * ≈ 56 000 plateau at the essay's defaults, and 1 vs 0.5 in the zero-initialised setting over 1024 seeds. Too slow
 * for `deno task figures` on two cores (about a minute); README quotes the Markdown.
 *
 * @module
 */
import { selectBackend } from "../lib/engine/backend.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { checkInitialiser, halfVsOne, plateauShare } from "../lib/experiments/replications.ts";
import { writeFilesAtomic } from "../lib/output/files.ts";
import { joinPath } from "../lib/output/paths.ts";
import { experimentJsonText } from "../lib/render/json.ts";
import { replicationMarkdown } from "../lib/render/replication_tables.ts";
import { ESSAY } from "../lib/essay.ts";

const SEEDS = 1024;
const root = new URL("..", import.meta.url).pathname;

if (import.meta.main) {
  await selectBackend("cpu");
  const init = checkInitialiser(ESSAY.hidden, SEEDS);
  const plateau = await plateauShare(createFusedEngine, SEEDS);
  const half = await halfVsOne(createFusedEngine, SEEDS);
  const result = { init, plateau, halfVsOne: half };
  const json = {
    experiment: "replications",
    fields: {
      init: "Kolmogorov-Smirnov tests of the initial draws mapped to [0, 1] by their bounds, and the correlation of " +
        "draw k of seed s with draw k of seed s + 1",
      plateau: "seeds 0..N-1 at the essay's defaults (relu'(0) = 0, float32): final MSE, and the share above threshold",
      halfVsOne: "zero-initialised setting, float32: final MSE with relu'(0) = 1 minus with 0.5, per seed",
    },
    engine: "fused",
    backend: "cpu",
    ...result,
  };
  const dir = joinPath(root, "bench/results");
  for (
    const f of await writeFilesAtomic([
      { path: joinPath(dir, "replications.json"), data: experimentJsonText(json) },
      { path: joinPath(dir, "replications.md"), data: replicationMarkdown(result) },
    ])
  ) console.log(`wrote ${f.path}`);
}
