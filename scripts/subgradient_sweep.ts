/**
 * Writes figures/subgradient_sweep.svg (with its spec .vl.json) and
 * figures/subgradient_sweep.json: does the value of relu'(0) matter?
 *
 * @module
 */
import { runSweepCommand } from "../lib/cli/experiments.ts";
import { runMain } from "../lib/cli/flags.ts";

if (import.meta.main) {
  await runMain(async () => {
    for (const line of (await runSweepCommand(Deno.args)) ?? []) console.log(line);
  });
}
