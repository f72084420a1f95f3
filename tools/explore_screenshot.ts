/**
 * Writes figures/explore.png: a screenshot of the live page's network
 * section, taken in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core) from figures/explore.html with a link that replays the
 * essay's run to epoch 4000 and then pauses, so the picture shows no frame
 * rate and comes out the same every time. `deno task figures` does not need
 * this (nor a browser); `deno task explore:screenshot` runs it.
 *
 * @module
 */
import { parseFlags, runMain } from "../lib/cli/flags.ts";
import { outFlag } from "../lib/cli/common_flags.ts";
import { wroteLine } from "../lib/cli/report.ts";
import { UsageError } from "../lib/errors.ts";
import { DEFAULT_SETTINGS, formatHash } from "../lib/explore/config.ts";
import { EXPLORE_FILE } from "../lib/output/explore.ts";
import { writeFileAtomic } from "../lib/output/files.ts";
import { joinPath } from "../lib/output/paths.ts";
import { CHROMIUM, launchChromium } from "./chromium.ts";

/** What the screenshot shows: the essay's run at epoch 4000, paused. */
const HASH = formatHash({ ...DEFAULT_SETTINGS, epoch: 4000 });

async function screenshot(page: string): Promise<Uint8Array> {
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    await tab.goto(`file://${page}${HASH}`);
    await tab.waitForSelector('body[data-ready="1"][data-epoch="4000"]', { timeout: 60_000 });
    return await tab.locator("#section-network").screenshot({ animations: "disabled" });
  } finally {
    await browser.close();
  }
}

if (import.meta.main) {
  await runMain(async () => {
    const values = parseFlags(Deno.args, {
      usage: "deno task explore:screenshot --",
      summary: `Writes explore.png into --out: the network section of --out/${EXPLORE_FILE} ` +
        `in headless Chromium (${CHROMIUM}), at epoch 4000 of the essay's run.`,
      flags: { out: outFlag },
    });
    if (values === null) return;
    const page = await Deno.realPath(joinPath(values.out, EXPLORE_FILE)).catch(() => {
      throw new UsageError(`--out must hold ${EXPLORE_FILE} (run deno task explore first), got "${values.out}"`);
    });
    try {
      await Deno.stat(CHROMIUM);
    } catch {
      throw new UsageError(`the screenshot needs Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    }
    console.log(wroteLine(await writeFileAtomic(joinPath(values.out, "explore.png"), await screenshot(page))));
  });
}
