/**
 * The live page's target, noise, test split and data file, in headless
 * Chromium: a link with a target, noise and a split trains the run that
 * `deno task train` makes with the same flags (training.json byte for byte,
 * test losses included) and draws the test loss beside the training loss; a
 * CSV picked in the file picker is read by the library's parser, goes into
 * the link (a reload trains on the same points) and trains the run of
 * `--data`; a bad CSV is refused beside the picker in the parser's words.
 *
 * Skipped with a message when Chromium or a permission is missing.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { DEFAULT_SETTINGS, type ExploreSettings } from "../lib/explore/config.ts";
import { TEST_COLOR } from "../lib/plot/training_loss.ts";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import { browserSkipReason } from "../tools/chromium.ts";
import { hashOf, hook, openPage, pageTest, waitFor } from "./support/explore_page.ts";
import { runInProcess } from "./support/in_process.ts";
import { ROOT } from "./support/subprocess.ts";

const skip = browserSkipReason();
if (skip) console.log(`skipping the browser tests of explore.html's data settings: ${skip}`);

/** The command line's training.json for the page's settings and `extra` flags, after `epochs` updates on cpu. */
async function cli(s: ExploreSettings, epochs: number, extra: string[]): Promise<string> {
  const out = await Deno.makeTempDir({ prefix: "explore_data_cli_" });
  try {
    const args = [
      ...["--hidden", String(s.hidden), "--lr", String(s.lr), "--optimizer", s.optimizer, "--seed", String(s.seed)],
      ...["--grad-at-zero", String(s.grad), "--init", s.init, "--precision", s.precision, "--backend", "cpu"],
      ...["--epochs", String(epochs), "--engine", "fused", "--formats", "json", "--out", out, ...extra],
    ];
    const r = await runInProcess("training", args);
    assert.equal(r.code, 0, r.stderr);
    return await Deno.readTextFile(`${out}/training.json`);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

pageTest(
  `explore.html's target, noise, test split and data file in headless Chromium`,
  async (t, { url, browser }) => {
    await t.step(
      "a link with a target, noise and a split trains deno task train's run, test loss drawn",
      async () => {
        const s = { ...DEFAULT_SETTINGS, target: "sin" as const, noise: 0.1, test: 0.2, lr: 0.001, epoch: 150 };
        const { page, errors } = await openPage(browser, url, hashOf(s));
        await waitFor(page, 'document.body.dataset.epoch === "150"');
        const json = await hook<string>(page, "runJson()");
        assert.equal(json, await cli(s, 150, ["--target", "sin", "--noise", "0.1", "--test-fraction", "0.2"]));
        const run = parseTrainingRun(json, "page");
        assert.deepEqual([run.x.length, run.test?.x.length, run.test?.losses.length], [240, 60, 3]);
        const testPath = await page.$eval(
          `#loss-chart path[stroke="${TEST_COLOR}"]`,
          (el) => el.getAttribute("d") ?? "",
        );
        assert.ok(testPath.length > 10, "the test loss is drawn in the loss chart");
        const legend = await page.$eval("#unit-legend", (el) => el.textContent ?? "");
        assert.ok(legend.includes("y = sin x + noise (sd 0.1)") && legend.includes("held-out test points"), legend);
        assert.match(
          await page.$eval("#net-command", (el) => el.textContent ?? ""),
          /--target sin --noise 0.1 --test-fraction 0.2/,
        );
        assert.deepEqual(errors, []);
        await page.context().close();
      },
    );

    await t.step("a CSV picked in the file picker trains --data's run and lives in the link", async () => {
      const xs = [-2, 1.5, 0.5, -1, 2, 0, -0.5, 1, -1.5, 0.25];
      const csv = `x,y\n${xs.map((x) => `${x},${x * x}`).join("\n")}\n`;
      const s = { ...DEFAULT_SETTINGS, lr: 0.01, epoch: 0 };
      const { page, errors } = await openPage(browser, url, hashOf(s));
      await page.setInputFiles("#data-file", {
        name: "sq.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv),
      });
      await waitFor(page, '__explore.settings().target === "data"');
      const settings = await hook<ExploreSettings>(page, "settings()");
      assert.equal(settings.data, xs.map((x) => `${x},${x * x}`).join(";"));
      assert.equal(settings.file, "sq.csv");
      await page.click("#step");
      await waitFor(page, 'document.body.dataset.epoch === "100"');
      const json = await hook<string>(page, "runJson()");
      const file = `${ROOT}/figures/tmp_explore_data_test.csv`;
      await Deno.writeTextFile(file, csv);
      let expected: string;
      try {
        expected = await cli(settings, 100, ["--data", file]);
      } finally {
        await Deno.remove(file);
      }
      const run = parseTrainingRun(json, "page");
      assert.deepEqual(run.data, { file: "sq.csv", x: xs, y: xs.map((x) => x * x) });
      assert.equal(
        json.replace('"file": "sq.csv"', `"file": "${file}"`),
        expected,
        "the run of --data, byte for byte",
      );
      // The link carries the data: a reload trains on the same points.
      const hash = await page.evaluate(() => location.hash);
      const again = await openPage(browser, url, hash);
      await waitFor(again.page, 'document.body.dataset.epoch === "100"');
      assert.equal(await hook<string>(again.page, "runJson()"), json);
      assert.deepEqual([...errors, ...again.errors], []);
      await again.page.context().close();
      await page.context().close();
    });

    await t.step("a bad CSV is refused beside the picker in the parser's words, the run unchanged", async () => {
      const { page, errors } = await openPage(browser, url, hashOf(DEFAULT_SETTINGS));
      const bad = "x,y\n0,1\n1,x\n";
      await page.setInputFiles("#data-file", {
        name: "bad.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(bad),
      });
      await waitFor(page, 'document.getElementById("data-msg").textContent !== ""');
      assert.equal(
        await page.$eval("#data-msg", (el) => el.textContent),
        'data file bad.csv: line 3, column 2 (y) must be a finite decimal number, got "x"',
      );
      assert.equal((await hook<ExploreSettings>(page, "settings()")).target, "cubic");
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  },
);
