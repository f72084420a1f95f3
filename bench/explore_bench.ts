/**
 * How fast the live page trains and draws.
 *
 * - `deno bench bench/explore_bench.ts`: one frame's training at the page's
 *   defaults in Deno (100 updates of the essay's network, the parameters
 *   and the loss read back: what the page does per frame, without drawing),
 *   and rendering the page's HTML.
 * - `deno run --allow-read --allow-write=/tmp --allow-env --allow-sys --allow-run=/usr/bin/chromium
 *   bench/explore_bench.ts`: the page itself, playing in headless Chromium
 *   for a few seconds per configuration; prints frames per second, the work
 *   of one frame (training and drawing, median) and training steps per
 *   second, as the page measures them.
 *
 * @module
 */
import { createFusedEngine } from "../lib/engine/fused.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { DEFAULT_SETTINGS, type ExploreSettings, formatHash } from "../lib/explore/config.ts";
import { createLiveTrainer, type LiveTrainer } from "../lib/explore/trainer.ts";
import { explorePageText } from "../lib/output/explore.ts";

const live = {
  hidden: DEFAULT_SETTINGS.hidden,
  lr: DEFAULT_SETTINGS.lr,
  optimizer: DEFAULT_SETTINGS.optimizer,
  gradAtZero: DEFAULT_SETTINGS.grad,
  init: DEFAULT_SETTINGS.init,
  seed: DEFAULT_SETTINGS.seed,
  points: DEFAULT_SETTINGS.points,
};

let trainer: LiveTrainer | null = null;

Deno.bench({
  name: "one frame of the page's training at the defaults (100 steps, params, loss; fused, cpu)",
  async fn(b) {
    if (trainer === null || trainer.stopped() !== null) {
      trainer?.dispose();
      await selectBackend("cpu");
      trainer = await createLiveTrainer(live, { createEngine: createFusedEngine });
      await trainer.step(100);
    }
    b.start();
    await trainer.step(DEFAULT_SETTINGS.spf);
    b.end();
  },
});

Deno.bench("explorePageText(): the whole page with its bundle", () => {
  explorePageText();
});

/** The page's own measurements while playing. */
interface Measured {
  fps: number;
  frameMs: number;
  stepsPerSecond: number;
}

async function measureInChromium(cases: [string, Partial<ExploreSettings>][], seconds: number): Promise<void> {
  const { launchChromium } = await import("../tools/chromium.ts");
  const dir = await Deno.makeTempDir({ prefix: "explore_bench_" });
  await Deno.writeTextFile(`${dir}/explore.html`, explorePageText());
  const browser = await launchChromium();
  const rows: string[] = [];
  try {
    for (const [name, patch] of cases) {
      const page = await browser.newPage({ viewport: { width: 1150, height: 900 } });
      await page.goto(`file://${dir}/explore.html${formatHash({ ...DEFAULT_SETTINGS, ...patch })}`);
      await page.waitForSelector('body[data-ready="1"]');
      await page.click("#play");
      await page.waitForTimeout(1500);
      const samples: Measured[] = [];
      for (let i = 0; i < seconds; i++) {
        await page.waitForTimeout(1000);
        samples.push(await page.evaluate("__explore.stats()") as Measured);
      }
      await page.click("#play");
      await page.close();
      const median = (f: (m: Measured) => number) => samples.map(f).sort((a, b) => a - b)[samples.length >> 1];
      const spf = { ...DEFAULT_SETTINGS, ...patch }.spf;
      rows.push(
        `| ${name} | ${spf} | ${median((m) => m.fps).toFixed(1)} | ${median((m) => m.frameMs).toFixed(2)} | ` +
          `${Math.round(median((m) => m.stepsPerSecond))} |`,
      );
    }
  } finally {
    await browser.close();
    await Deno.remove(dir, { recursive: true });
  }
  console.log(
    `explore.html playing in headless Chromium (${navigator.hardwareConcurrency} cores), medians of ${seconds} 1 s windows\n`,
  );
  console.log("| configuration | steps per frame | frames per second | work per frame (ms) | steps per second |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const row of rows) console.log(row);
}

if (import.meta.main) {
  await measureInChromium([
    ["defaults (H = 7, 300 points, SGD)", {}],
    ["defaults, 1000 steps per frame", { spf: 1000 }],
    ["H = 64, Adam, relu'(0) = random", { hidden: 64, optimizer: "adam", lr: 0.01, grad: "random" }],
  ], 5);
}
