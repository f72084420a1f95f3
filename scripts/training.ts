/**
 * Trains the 1-H-1 ReLU regressor on y = x³ and writes training.json,
 * training.svg, training_loss.svg, training.gif and training.html; with
 * `--from FILE.json` it re-renders a saved run. See `deno task train -- --help`.
 *
 * @module
 */
import { runMain } from "../lib/cli/flags.ts";
import { runTraining } from "../lib/cli/training.ts";

if (import.meta.main) {
  await runMain(async () => {
    for (const line of await runTraining(Deno.args) ?? []) console.log(line);
  });
}
