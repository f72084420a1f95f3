/**
 * How the fused engine's time per step grows with the model and the data:
 * H ∈ {7, 64, 512, 4096} × P ∈ {300, 10000}, one model, SGD, on cpu (and on
 * webgpu for the sizes its kernel accepts and finishes quickly on a software
 * adapter). Each iteration is one `engine.step(N)` call; ms/step = time / N.
 * Run: `deno bench --allow-read tests/scale_bench.ts`.
 *
 * @module
 */
import { createFusedEngine } from "../lib/fused_engine.ts";
import type { BackendName } from "../lib/snapshot.ts";
import { defaultSpec, HAS_WEBGPU, useBackend } from "./_fused_setup.ts";

/** Steps per call: about 2·10^7 unit-point pairs per iteration, at least 1. */
const stepsFor = (hidden: number, points: number): number => Math.max(1, Math.round(2e7 / (hidden * points)));

for (const backend of ["cpu", "webgpu"] as const satisfies readonly BackendName[]) {
  for (const hidden of [7, 64, 512, 4096]) {
    for (const points of [300, 10000]) {
      const steps = stepsFor(hidden, points);
      Deno.bench({
        name: `fused ${backend}, H=${hidden} P=${points}: step(${steps})`,
        group: `H=${hidden} P=${points}`,
        // The software adapter takes ~10x cpu's time; its kernel rejects the largest sizes.
        ignore: backend === "webgpu" && (!HAS_WEBGPU || hidden * points > 64 * 10000),
        n: 3,
        warmup: 1,
        async fn(b) {
          await useBackend(backend);
          const engine = await createFusedEngine(defaultSpec({ hidden, points }));
          b.start();
          await engine.step(steps);
          b.end();
          engine.dispose();
        },
      });
    }
  }
}
