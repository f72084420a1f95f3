/**
 * Writes figures/mnist_training.json, .md, .svg and .vl.json: a 784-256-256-10 MLP trained on MNIST with
 * every relu'(0) convention, in float32 and emulated float16 (`deno task mnist_training -- --help`).
 *
 * @module
 */
import { runMnistTrainingCommand } from "../lib/cli/mnist_training.ts";
import { runMain } from "../lib/cli/flags.ts";

if (import.meta.main) {
  await runMain(async () => {
    for (const line of (await runMnistTrainingCommand(Deno.args)) ?? []) console.log(line);
  });
}
