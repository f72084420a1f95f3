/**
 * Writes figures/mnist_bifurcation.json, .md and .svg (with its spec
 * .vl.json): how often relu'(0) = 0 and relu'(0) = 1 give different
 * first-layer gradients in one pass over MNIST, beside Bertoin et al.'s counts.
 *
 * @module
 */
import { runBifurcationCommand } from "../lib/cli/mnist_bifurcation.ts";
import { runMain } from "../lib/cli/flags.ts";

if (import.meta.main) {
  await runMain(async () => {
    for (const line of (await runBifurcationCommand(Deno.args)) ?? []) console.log(line);
  });
}
