/**
 * Writes figures/dead_units.svg (with its spec .vl.json) and
 * figures/dead_units.json: how often hidden ReLU units die over learning
 * rate × width.
 *
 * @module
 */
import { runDeadUnitsCommand } from "../lib/cli/experiments.ts";
import { runMain } from "../lib/cli/flags.ts";

if (import.meta.main) {
  await runMain(async () => {
    for (const line of (await runDeadUnitsCommand(Deno.args)) ?? []) console.log(line);
  });
}
