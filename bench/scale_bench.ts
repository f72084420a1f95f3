/**
 * How the time per training step grows with the model and the data: H ∈ {7,
 * 64, 512, 4096} × P ∈ {300, 10^4, 10^6}, one model, SGD. Each iteration is
 * one `engine.step(N)` call (the name says N), so ms/step = time / N.
 *
 * By default only the fused engine on cpu runs, over the grid but for its
 * largest cell (~30 s on 2 busy cores): H = 4096, P = 10^6 is one ~16 s step
 * that `Deno.bench` calls three times. With `SCALE_BENCH=full` (and
 * `--allow-env`) every engine × backend × size runs, that cell included,
 * except the cases that cannot run: the fused webgpu kernel refuses an update
 * that needs more shader loop iterations than one dispatch may run,
 * autodiff at P·H ≥ ~5·10^7 would need more than 3 GB of [P, H] tensors, and
 * autodiff on webgpu cannot bind a [P, H] buffer larger than the adapter's
 * `maxStorageBufferBindingSize`. On a software adapter (llvmpipe) the full
 * webgpu rows take many minutes; on a real GPU run just them with:
 *
 * ```sh
 * SCALE_BENCH=full deno bench --allow-read --allow-env bench/scale_bench.ts --filter webgpu
 * ```
 *
 * `bench/scale_measure.ts` times the same grid with a per-case wall budget and
 * prints it as one table with memory; this file is the `Deno.bench` view.
 *
 * @module
 */
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import type { EngineName } from "../lib/engine/contract.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { stateWidth } from "../lib/engine/kernel.ts";
import { fusedWebGpuPlan } from "../lib/engine/webgpu/plan.ts";
import { isFallbackAdapter } from "../lib/engine/webgpu/device.ts";
import type { BackendName } from "../lib/model/run.ts";
import { defaultSpec, HAS_WEBGPU, useBackend } from "../tests/support/fused_setup.ts";

/** True when `SCALE_BENCH=full` is set and readable. */
const FULL = Deno.permissions.querySync({ name: "env", variable: "SCALE_BENCH" }).state === "granted" &&
  Deno.env.get("SCALE_BENCH") === "full";

/** The adapter the webgpu cases run on (null without WebGPU or outside full runs: those cases are ignored anyway). */
const GPU_ADAPTER: GPUAdapter | null = FULL && HAS_WEBGPU
  ? await navigator.gpu.requestAdapter({ powerPreference: "high-performance" })
  : null;

/** The adapter's largest storage buffer binding (Infinity without WebGPU). */
const GPU_BINDING_LIMIT: number = GPU_ADAPTER?.limits.maxStorageBufferBindingSize ?? Infinity;

/** Whether the adapter is a software one (llvmpipe): only there does the fused kernel's loop budget apply. */
const GPU_SOFTWARE: boolean = GPU_ADAPTER !== null && isFallbackAdapter(GPU_ADAPTER);

/** Bytes of live [P, H] float32 tensors an autodiff step may hold (measured peak ~15 of them at M = 1). */
const AUTODIFF_BYTES_PER_PAIR = 16 * 4;
/** The most an autodiff case may allocate here. */
const AUTODIFF_MEMORY_LIMIT = 3 * 2 ** 30;

/** Why a case cannot run, or undefined when it can. */
function cannotRun(engine: EngineName, backend: BackendName, hidden: number, points: number): string | undefined {
  const pairs = hidden * points;
  if (backend === "webgpu" && !HAS_WEBGPU) return "no WebGPU adapter";
  if (engine === "fused" && backend === "webgpu") {
    const refused = fusedWebGpuPlan({
      hidden,
      points,
      steps: stepsFor(engine, hidden, points),
      software: GPU_SOFTWARE,
      stateSize: stateWidth(hidden, false),
      maxBindingBytes: GPU_BINDING_LIMIT,
    }).refused;
    if (refused) return refused;
  }
  if (engine === "autodiff") {
    if (pairs * AUTODIFF_BYTES_PER_PAIR > AUTODIFF_MEMORY_LIMIT) return "over the memory limit";
    if (backend === "webgpu" && 4 * pairs > GPU_BINDING_LIMIT) return "over the adapter's binding limit";
  }
  return undefined;
}

/** Steps per call: about 6·10^7 unit-point pairs per call for fused (~0.2 s on cpu), fewer for autodiff. */
function stepsFor(engine: EngineName, hidden: number, points: number): number {
  const pairs = hidden * points;
  return engine === "fused"
    ? Math.max(1, Math.round(6e7 / pairs))
    : Math.max(1, Math.min(100, Math.round(1e6 / pairs)));
}

const ENGINES = { fused: createFusedEngine, autodiff: createAutodiffEngine };

for (const engine of ["fused", "autodiff"] as const satisfies readonly EngineName[]) {
  for (const backend of ["cpu", "wasm", "webgpu"] as const satisfies readonly BackendName[]) {
    for (const hidden of [7, 64, 512, 4096]) {
      for (const points of [300, 10_000, 1_000_000]) {
        const steps = stepsFor(engine, hidden, points);
        // The 4·10^9-pair cell costs ~50 s (three calls of one ~16 s step): full runs only.
        const defaultCase = engine === "fused" && backend === "cpu" && hidden * points < 1e9;
        const huge = hidden * points >= 1e8;
        Deno.bench({
          name: `${engine} ${backend}, H=${hidden} P=${points}: step(${steps})`,
          group: `${engine} H=${hidden} P=${points}`,
          baseline: backend === "cpu",
          ignore: (!defaultCase && !FULL) || cannotRun(engine, backend, hidden, points) !== undefined,
          // One step of 10^8+ pairs takes seconds: time it once after one warm-up call.
          ...(huge ? { n: 1, warmup: 1 } : { n: 3, warmup: 1 }),
          async fn(b) {
            await useBackend(backend);
            const trainer = await ENGINES[engine](defaultSpec({ hidden, points }));
            try {
              // Compile (webgpu) and warm up outside the timing; a huge case relies on
              // the bench's own warm-up call instead (its one step takes seconds).
              if (!huge) await trainer.step(1);
              b.start();
              await trainer.step(steps);
              b.end();
            } finally {
              trainer.dispose();
            }
          },
        });
      }
    }
  }
}
