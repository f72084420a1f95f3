/**
 * The live page (figures/explore.html) in headless Chromium: it loads from
 * file:// with no request leaving the machine and no console error; playing
 * makes the loss fall; its numbers equal `deno task train`'s training.json
 * for the same configuration on the cpu backend; a zero hidden layer stays
 * put with relu'(0) = 0 and moves with 0.5; the URL round-trips; bad input
 * is refused in place; a diverging run stops and says so; the download is
 * accepted by `deno task train -- --from`. The command line's runs are the
 * training script's own body, run in this process (tests/support/in_process.ts).
 *
 * Run with: deno test --allow-read --allow-write=/tmp --allow-env --allow-sys --allow-ffi
 *   --allow-run=/usr/bin/chromium tests/webgpu/explore_page.ts
 * (skipped with a message when Chromium or a permission is missing).
 */
import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, type ExploreSettings, parseHash } from "../../lib/explore/config.ts";
import { browserSkipReason } from "../../tools/chromium.ts";
import { runInProcess } from "../support/in_process.ts";
import {
  cliTrainingJson,
  followLink,
  hashOf,
  hook,
  launchWithWebGpu,
  openPage,
  pageTest,
  waitFor,
} from "../support/explore_page.ts";
import { IN_CI } from "../support/webgpu.ts";

const skip = browserSkipReason();
if (skip) console.log(`skipping the browser tests of explore.html: ${skip}`);

/** The configurations whose numbers are checked against the command line's: name, settings, epochs. */
const CONFIGS: [string, Partial<ExploreSettings>, number][] = [
  ["the essay's run, 37 steps per frame", { spf: 37 }, 250],
  ["relu'(0) = random", { grad: "random", hidden: 5, seed: 3 }, 230],
  ["Adam, relu'(0) = 0.5", { optimizer: "adam", lr: 0.01, grad: 0.5, points: 50, hidden: 12 }, 305],
  ["a zero hidden layer, relu'(0) = 0.5", { init: "zero-hidden", grad: 0.5 }, 120],
  ["float64, relu'(0) = random", { precision: "float64", grad: "random", seed: 5 }, 210],
];

pageTest("explore.html in headless Chromium", async (t, { dir, url, browser }) => {
  const { page, errors, requests } = await openPage(browser, url);
  await t.step("loads from file:// with no other request, no console error, and draws every section", async () => {
    assert.deepEqual(requests, [url]);
    for (const id of ["relu-chart", "relu-derivative-chart", "fan-chart", "family-chart", "prediction-chart"]) {
      assert.ok(await page.locator(`#${id} path`).count() > 0, id);
    }
    assert.equal(await page.textContent("#net-status"), "epoch 0 · MSE 146388 · cpu");
    assert.match(await page.textContent("#dead-units") ?? "", /^1 of 7 dead .*: unit 4$/);
    assert.deepEqual(parseHash(await page.evaluate("location.hash")), { settings: DEFAULT_SETTINGS, problems: [] });
  });

  await t.step(
    "Play trains: the epoch grows and the loss falls; Pause writes the epoch into the link",
    async () => {
      const start = await hook<{ loss: number }>(page, "state()");
      await page.click("#play");
      // The essay's run first has a tenth of its starting loss at epoch 298, and keeps under it from there.
      await waitFor(page, "__explore.state().epoch >= 400");
      await page.click("#play");
      const end = await hook<{ epoch: number; loss: number; playing: boolean }>(page, "state()");
      assert.equal(end.playing, false);
      assert.ok(end.loss < start.loss / 10, `${end.loss} vs ${start.loss}`);
      assert.equal(parseHash(await page.evaluate("location.hash")).settings.epoch, end.epoch);
      assert.match(await page.textContent("#net-status") ?? "", /^epoch [\d,]+ · MSE [\d.]+ · cpu$/);
    },
  );

  const expected: string[] = [];
  for (const [, patch, epochs] of CONFIGS) {
    expected.push(await cliTrainingJson({ ...DEFAULT_SETTINGS, ...patch }, epochs));
  }
  for (const [i, [name, patch, epochs]] of CONFIGS.entries()) {
    await t.step(`its run equals deno task train's training.json byte for byte: ${name}`, async () => {
      await followLink(page, hashOf({ ...DEFAULT_SETTINGS, ...patch, epoch: epochs }));
      assert.equal((await hook<{ epoch: number }>(page, "state()")).epoch, epochs);
      const fromPage = await hook<string>(page, "runJson()");
      if (fromPage !== expected[i]) {
        await Deno.writeTextFile(`/tmp/explore-mismatch-page-${i}.json`, fromPage);
        await Deno.writeTextFile(`/tmp/explore-mismatch-cli-${i}.json`, expected[i]);
      }
      assert.ok(fromPage === expected[i], `differs; both kept as /tmp/explore-mismatch-{page,cli}-${i}.json`);
    });
  }

  await t.step("a zero hidden layer stays exactly put with relu'(0) = 0 and moves with 0.5", async () => {
    for (const grad of [0, 0.5]) {
      await followLink(page, hashOf({ ...DEFAULT_SETTINGS, init: "zero-hidden", grad, epoch: 300 }));
      const p = await hook<{ w0: number[]; b0: number[] }>(page, "params()");
      assert.equal([...p.w0, ...p.b0].every((v) => v === 0), grad === 0, `relu'(0) = ${grad}`);
      const dead = await page.textContent("#dead-units") ?? "";
      assert.equal(dead.startsWith("7 of 7 dead"), grad === 0, dead);
    }
  });

  await t.step("the URL round-trips: a link restores every control, a control rewrites the link", async () => {
    const s: ExploreSettings = {
      ...DEFAULT_SETTINGS,
      ...{ d0: 0.5, g: 1.2, w: 2, b: -1, c: 0.5, fi: true, family: "slope", hidden: 9, lr: 0.0002 },
      ...{ optimizer: "adam", grad: "random", init: "zero-hidden", seed: 11, points: 120, spf: 20, epoch: 40 },
    };
    await followLink(page, hashOf(s));
    assert.equal(await page.evaluate("location.hash"), hashOf(s));
    assert.deepEqual(await hook(page, "settings()"), s);
    for (const [id, value] of [["hidden", "9"], ["lr", "0.0002"], ["grad", "random"], ["init", "zero-hidden"]]) {
      assert.equal(await page.inputValue(`#${id}`), value, id);
    }
    assert.equal(await page.isChecked("#fi"), true);
    assert.match(await page.textContent("#fan-verdict") ?? "", /not a subgradient/);
    await page.fill("#seed", "12");
    await page.press("#seed", "Enter");
    await waitFor(page, "__explore.settings().seed === 12");
    const hash = await page.evaluate("location.hash") as string;
    assert.deepEqual(parseHash(hash).settings, { ...s, seed: 12, epoch: 0 });
    await page.goto(url + hash);
    await page.waitForSelector('body[data-ready="1"]');
    assert.deepEqual(await hook(page, "settings()"), { ...s, seed: 12, epoch: 0 });
    assert.equal(await page.evaluate("location.hash"), hash);
  });

  await t.step("bad input is refused in place, in a link or in a control", async () => {
    await followLink(page, "#lr=0&hidden=1000000&points=abc&colour=red");
    assert.match(
      await page.textContent("#lr-msg") ?? "",
      /lr must be a finite number in \(0, 10\], got "0"; using 0.0001/,
    );
    assert.match(await page.textContent("#hidden-msg") ?? "", /H must be an integer in \[1, 64\], got "1000000"/);
    assert.match(await page.textContent("#points-msg") ?? "", /got "abc"/);
    assert.match(await page.textContent("#page-note") ?? "", /unknown setting "colour"/);
    assert.deepEqual(await hook(page, "settings()"), DEFAULT_SETTINGS);
    for (
      const [id, text, message] of [
        ["lr", "0", 'lr must be a finite number in (0, 10], got "0"; still 0.0001'],
        ["hidden", "1000000", 'H must be an integer in [1, 64], got "1000000"; still 7'],
        ["spf", "many", 'steps per frame must be an integer in [1, 10000], got "many"; still 100'],
        ["d0", "2", 'relu′(0) must be a finite number in [0, 1], got "2"; still 0'],
      ]
    ) {
      await page.fill(`#${id}`, text);
      await page.press(`#${id}`, "Enter");
      assert.equal(await page.textContent(`#${id}-msg`), message);
      assert.equal(await page.getAttribute(`#${id}`, "aria-invalid"), "true");
    }
    assert.deepEqual(await hook(page, "settings()"), DEFAULT_SETTINGS);
    await page.fill("#points", "10000");
    await page.press("#points", "Enter");
    await page.fill("#hidden", "64");
    await page.press("#hidden", "Enter");
    await waitFor(page, "__explore.settings().hidden === 64");
    assert.equal((await hook<ExploreSettings>(page, "settings()")).spf, 26);
    assert.match(await page.textContent("#spf-msg") ?? "", /using 26 steps per frame/);
  });

  await t.step("a diverging run stops, says so as the command line does, and never shows NaN", async () => {
    await followLink(page, hashOf({ ...DEFAULT_SETTINGS, lr: 5 }));
    await page.click("#play");
    await waitFor(page, "__explore.state().stopped !== ''");
    const state = await hook<{ stopped: string; playing: boolean }>(page, "state()");
    assert.equal(state.playing, false);
    assert.match(
      state.stopped,
      /^training diverged at epoch \d+ \(loss = (NaN|Infinity)\); try a smaller lr \(now 5\)$/,
    );
    assert.equal(await page.textContent("#net-note"), state.stopped);
    const args = ["--lr", "5", "--backend", "cpu", "--formats", "json", "--out", dir];
    const r = await runInProcess("training", args);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim().split("\n").at(-1),
      `error: ${state.stopped.replace("smaller lr", "smaller --lr")}`,
    );
    assert.ok(!(await page.innerText("body")).includes("NaN"));
    await page.click("#download");
    assert.match(await page.textContent("#net-note") ?? "", /^cannot download: a diverged run cannot be saved/);
  });

  await t.step("Download run saves a training.json that deno task train -- --from renders", async () => {
    await followLink(page, hashOf({ ...DEFAULT_SETTINGS, grad: "random", epoch: 150 }));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    assert.equal(download.suggestedFilename(), "training.json");
    const saved = `${dir}/downloaded.json`;
    await download.saveAs(saved);
    const out = `${dir}/rendered`;
    const r = await runInProcess("training", ["--from", saved, "--formats", "json,svg", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await Deno.readTextFile(`${out}/training.json`), await Deno.readTextFile(saved));
    assert.match(await page.textContent("#net-note") ?? "", /saved training.json \(epoch 150\)/);
  });

  // WebGPU in the page: any adapter does (SwiftShader's, in software, here). Without one the step is ignored
  // with its reason in its name (the cause printed); with CI set it runs and fails (tests/support/webgpu.ts).
  const gpu = await launchWithWebGpu();
  const s = { ...DEFAULT_SETTINGS, epoch: 100 };
  const opened = "browser" in gpu ? await openPage(gpu.browser, url, hashOf({ ...s, backend: "webgpu" })) : null;
  const gpuState = opened ? await hook<{ backend: string; loss: number; epoch: number }>(opened.page, "state()") : null;
  const missing = "reason" in gpu
    ? gpu.reason
    : gpuState?.backend !== "webgpu"
    ? (await opened!.page.textContent("#backend-msg") ?? "").split("\n")[0]
    : "";
  if (missing) console.log(`the page's WebGPU check has no WebGPU adapter: ${missing}`);
  const gpuName = "on WebGPU (SwiftShader) the page trains with the WGSL kernel, within 2e-5 of cpu's loss";
  await t.step({
    name: missing ? `${gpuName} (${IN_CI ? "CI, so not ignored" : "ignored"}: no WebGPU adapter)` : gpuName,
    ignore: missing !== "" && !IN_CI,
    fn: async () => {
      try {
        assert.ok(missing === "" && opened !== null && gpuState !== null, `no WebGPU adapter: ${missing}`);
        assert.equal(gpuState.epoch, 100);
        await followLink(page, hashOf(s));
        const cpu = await hook<{ loss: number }>(page, "state()");
        // Measured on SwiftShader (issue 16): |webgpu − cpu| / cpu is 0 at epoch 100 of the essay's run and at
        // most 9.2e-8 with H = 64 or Adam; by epoch 4000 the float32 roundings have compounded to 0.3–0.6 %,
        // so the check stays at epoch 100, within the 2e-5 that the other cpu–webgpu checks hold.
        assert.ok(Math.abs(gpuState.loss - cpu.loss) <= 2e-5 * cpu.loss, `${gpuState.loss} vs ${cpu.loss}`);
        assert.match(
          await opened.page.textContent("#net-status") ?? "",
          /^epoch 100 · MSE \d+ · WebGPU on adapter/,
        );
        assert.deepEqual(opened.errors, []);
      } finally {
        if ("browser" in gpu) await gpu.browser.close();
      }
    },
  });
  if (missing !== "" && !IN_CI && "browser" in gpu) await gpu.browser.close();

  await t.step("no console error, and no request left the page", () => {
    assert.deepEqual(errors, []);
    assert.ok(requests.every((r) => r.startsWith(`file://${dir}/explore.html`)), requests.join(" "));
  });
});
