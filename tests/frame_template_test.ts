/**
 * The training frames written from the first frame's markup (`createFrameRenderer` with `textSignals`, as
 * `renderTrainingFrames` draws them) against fresh renders of the same snapshots, frame by frame, over runs that
 * change what the markup holds: a unit that dies (its dash and the subtitle change), many units, one unit,
 * another activation, a test set, and parameters that become NaN.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { TrainingRun } from "../lib/model/run.ts";
import { trainingDomains, trainingFrame, trainingFrameData } from "../lib/plot/training.ts";
import { createFrameRenderer, renderSvg } from "../lib/render/svg.ts";
import { syntheticRun } from "./support/synthetic_run.ts";

/** A run whose first unit's parameters are NaN from snapshot `from` on (its loss too), as a diverged run's are. */
function diverged(run: TrainingRun, from: number): TrainingRun {
  return {
    ...run,
    snapshots: run.snapshots.map((s, i) =>
      i < from
        ? s
        : { ...s, loss: NaN, w0: s.w0.map((w, j) => (j === 0 ? NaN : w)), w1: s.w1.map((w, j) => (j === 0 ? NaN : w)) }
    ),
  };
}

const base = syntheticRun({ every: 200 });
const RUNS: Record<string, { run: TrainingRun; reused: (n: number) => boolean }> = {
  // Units die and come back on the way: their lines' dashes and the subtitle change, so the first frame of each
  // such kind is rendered whole, and the others are written from its markup.
  "units that die": { run: base, reused: (n) => n > 0 && n < base.snapshots.length - 1 },
  "31 units (the legends wrap)": { run: syntheticRun({ hidden: 31, seed: 3, every: 200 }), reused: (n) => n > 0 },
  "one unit": { run: syntheticRun({ hidden: 1, seed: 1, every: 400 }), reused: (n) => n > 0 },
  "leaky_relu": {
    run: { ...syntheticRun({ seed: 2, every: 400 }), config: { ...base.config, activation: "leaky_relu:0.1" } },
    reused: (n) => n > 0,
  },
  "a test set": {
    run: { ...base, test: { x: [-5, 0, 5], y: [-125, 0, 125], losses: base.losses } },
    reused: (n) => n > 0,
  },
  "NaN parameters from snapshot 12 on": { run: diverged(base, 12), reused: (n) => n > 0 },
};

for (const [name, { run, reused }] of Object.entries(RUNS)) {
  Deno.test(`every training frame written from the first frame's markup equals a fresh render: ${name}`, async () => {
    const domains = trainingDomains(run);
    const renderer = createFrameRenderer(trainingFrame(run, { domains }), { textSignals: ["frameTitle"] });
    try {
      for (let index = 0; index < run.snapshots.length; index++) {
        const { datasets, signals } = trainingFrameData(run, index);
        const fresh = await renderSvg(trainingFrame(run, { index, domains }));
        assert.equal(await renderer.render(datasets, signals), fresh, `frame ${index}`);
      }
      assert.ok(reused(renderer.reused), `${renderer.reused} of ${run.snapshots.length} frames written from the first`);
    } finally {
      renderer.finalize();
    }
  });
}

Deno.test("a renderer without text signals renders every frame whole", async () => {
  const renderer = createFrameRenderer(trainingFrame(base, { domains: trainingDomains(base) }));
  try {
    for (const index of [0, 1, 2]) await renderer.render(trainingFrameData(base, index).datasets);
    assert.equal(renderer.reused, 0);
  } finally {
    renderer.finalize();
  }
});
