/**
 * The fused kernel on plain arrays, the JavaScript loop against the
 * WebAssembly SIMD kernel, at the sizes of `kernel_pairs.ts` (H = 7, P = 300;
 * H = 64, P = 10^4; H = 64, P = 1000, M = 64; and the experiments' batches of
 * 64 models at H = 3, 7, 15, 31, P = 300) in float32 and float64. Each
 * iteration is one call; its name gives the unit-point pairs it visits, so
 * ns per pair = time per iteration / pairs. `deno run bench/kernel_pairs.ts`
 * prints the same comparison as one table of ns per pair.
 *
 * Run: `deno bench bench/kernel_wasm_bench.ts`.
 *
 * @module
 */
import { runFusedSteps } from "../lib/engine/kernel_cpu.ts";
import { runFusedSteps64 } from "../lib/engine/kernel_cpu64.ts";
import { runFusedSteps64Wasm, runFusedStepsWasm } from "../lib/engine/kernel_wasm.ts";
import { arrays32, arrays64, EXPERIMENT_SIZES, sgdAttrs, SIZES } from "./kernel_pairs.ts";

for (const size of [...SIZES, ...EXPERIMENT_SIZES]) {
  const attrs = sgdAttrs(size);
  const a32 = arrays32(size);
  const a64 = arrays64(size);
  const pairs = size.hidden * size.points * size.models * size.steps;
  const shape = `H=${size.hidden} P=${size.points} M=${size.models}, ${size.steps} steps = ${pairs} pairs`;
  for (const precision of ["f32", "f64"] as const) {
    const group = `${precision} ${shape}`;
    const runs = precision === "f32"
      ? { js: () => runFusedSteps(a32, attrs), wasm: () => runFusedStepsWasm(a32, attrs) }
      : { js: () => runFusedSteps64(a64, attrs), wasm: () => runFusedSteps64Wasm(a64, attrs) };
    for (const [impl, fn] of Object.entries(runs)) {
      Deno.bench({ name: `${impl} ${group}`, group, baseline: impl === "js", fn });
    }
  }
}
