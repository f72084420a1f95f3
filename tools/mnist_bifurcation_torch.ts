/**
 * `deno task mnist_bifurcation:torch`: the bifurcation pass run by PyTorch on the CPU, set beside ours in
 * figures/mnist_bifurcation.md (see lib/cli/mnist_bifurcation_torch.ts). A tool, not a script: it starts Python.
 *
 * @module
 */
import { runTorchBifurcationCommand } from "../lib/cli/mnist_bifurcation_torch.ts";
import { runMain } from "../lib/cli/flags.ts";

if (import.meta.main) {
  await runMain(async () => {
    for (const line of (await runTorchBifurcationCommand(Deno.args)) ?? []) console.log(line);
  });
}
