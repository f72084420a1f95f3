/**
 * `deno task figures` as `scripts/figures.ts` runs it, printing, once every
 * file is written, where the time went (`lib/cli/timings.ts`) as one line
 * `timings: JSON` on stderr: what `bench/figures_profile.ts` runs, with the
 * figures task's own permissions, in place of `scripts/figures.ts`.
 *
 * @module
 */
import { runMain } from "../lib/cli/flags.ts";
import { runFiguresCommand } from "../lib/cli/figures.ts";

if (import.meta.main) {
  await runMain(() => runFiguresCommand(Deno.args, (t) => console.error(`timings: ${JSON.stringify(t)}`)));
}
