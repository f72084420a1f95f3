/**
 * Writes figures/explore.html: the essay as one live, self-contained page
 * (relu′(0), the subgradient fan, flips/slopes/shifts, the network training
 * in the browser). Works from file:// with no network.
 *
 * @module
 */
import { parseFlags, runMain } from "../lib/cli/flags.ts";
import { outFlag } from "../lib/cli/common_flags.ts";
import { wroteLine } from "../lib/cli/report.ts";
import { prepareOutDir } from "../lib/output/files.ts";
import { writeExplorePage } from "../lib/output/explore.ts";

if (import.meta.main) {
  await runMain(async () => {
    const values = parseFlags(Deno.args, {
      usage: "deno task explore --",
      summary: "Writes explore.html into --out: the essay as one live page that works offline from file://.",
      flags: { out: outFlag },
    });
    if (values === null) return;
    await prepareOutDir(values.out);
    console.log(wroteLine(await writeExplorePage(values.out)));
  });
}
