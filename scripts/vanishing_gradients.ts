/**
 * Writes figures/vanishing_gradients.{json,svg,vl.json,md}: the essay's network
 * trained with relu, leaky relu, sigmoid, tanh and GELU on the same seeds, its
 * first layer's gradient over training, and the paired comparisons with relu.
 *
 * @module
 */
import { runVanishingCommand } from "../lib/cli/vanishing_gradients.ts";
import { runMain } from "../lib/cli/flags.ts";

if (import.meta.main) {
  await runMain(async () => {
    for (const line of (await runVanishingCommand(Deno.args)) ?? []) console.log(line);
  });
}
