/**
 * The live page's network diagram and PyTorch export, in headless Chromium:
 * the diagram has one edge per weight and bias, coloured by the sign and
 * widest for the largest magnitude of the page's current parameters (read
 * from the page's hook, not from the diagram's code), and it is redrawn after
 * a step, with a text for screen readers that names the weights; "Download
 * training.py" saves `trainingPy` of the page's run (the library function
 * the command line's `--formats py` calls), and where PyTorch is installed
 * that script reproduces the page's losses within the cross-check's bound.
 *
 * Skipped with a message when Chromium or a permission is missing; the
 * PyTorch step is ignored (failing where CI is set) when torch is missing.
 */
import assert from "node:assert/strict";
import type { TrainingRun } from "../mod.ts";
import { DEFAULT_SETTINGS } from "../lib/explore/config.ts";
import { TORCH_AGREEMENT } from "../lib/render/torch_replay_py.ts";
import { trainingPy } from "../lib/render/training_py.ts";
import { browserSkipReason } from "../tools/chromium.ts";
import { followLink, hashOf, hook, openPage, pageTest, waitFor } from "./support/explore_page.ts";
import { inCi, PYTHON, torchMissing } from "./support/python_torch.ts";

const skip = browserSkipReason();
if (skip) console.log(`skipping the browser tests of explore.html's diagram and export: ${skip}`);
const noTorch = skip ? "" : torchMissing();

type Params = { w0: number[]; b0: number[]; w1: number[]; b1: number };

/** Every weight of `p` by the diagram's edge names. */
function weights(p: Params): Map<string, number> {
  const m = new Map<string, number>([["b1", p.b1]]);
  p.w0.forEach((_, j) => {
    m.set(`w0[${j + 1}]`, p.w0[j]);
    m.set(`b0[${j + 1}]`, p.b0[j]);
    m.set(`w1[${j + 1}]`, p.w1[j]);
  });
  return m;
}

pageTest(
  "explore.html's network diagram and training.py export in headless Chromium",
  async (t, { dir, url, browser }) => {
    const settings = { ...DEFAULT_SETTINGS, init: "zero-hidden" as const, grad: "random" as const, epoch: 200 };
    const { page, errors } = await openPage(browser, url, hashOf(settings));
    await waitFor(page, 'document.body.dataset.epoch === "200"');

    /** The diagram's edges as drawn: name, colour, width. */
    const edges = () =>
      page.$$eval("#diagram-svg line", (lines) =>
        lines.map((l) => ({
          name: l.getAttribute("data-weight")!,
          color: l.getAttribute("stroke")!,
          width: Number(l.getAttribute("stroke-width")),
        })));

    const checkDiagram = async (epoch: number) => {
      const params = await hook<Params>(page, "params()");
      const values = weights(params);
      const drawn = await edges();
      assert.equal(drawn.length, 3 * DEFAULT_SETTINGS.hidden + 1);
      assert.deepEqual(new Set(drawn.map((e) => e.name)), new Set(values.keys()));
      for (const e of drawn) {
        const v = values.get(e.name)!;
        // sign by colour: Okabe-Ito blue for positive, vermilion for negative
        assert.equal(e.color, v > 0 ? "#0072B2" : v < 0 ? "#D55E00" : "#888888", `${e.name} = ${v}`);
      }
      const largest = [...values].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0][0];
      const widest = [...drawn].sort((a, b) => b.width - a.width)[0];
      assert.equal(widest.name, largest, "the widest edge is the largest weight");
      // widths grow with |weight|
      const sorted = [...drawn].sort((a, b) => Math.abs(values.get(a.name)!) - Math.abs(values.get(b.name)!));
      for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].width >= sorted[i - 1].width);
      const text = await page.textContent("#diagram-text") ?? "";
      assert.match(text, new RegExp(`^Network diagram at epoch ${epoch}: `));
      assert.match(text, /unit 7: w0 \S+, b0 \S+, w1 \S+; output bias b1 \S+\.$/);
      assert.equal(await page.getAttribute("#diagram-svg", "role"), "img");
      return drawn;
    };

    await t.step("the diagram draws every weight: colour by sign, width by magnitude, text for readers", async () => {
      await checkDiagram(200);
    });

    await t.step("a step redraws it with the new weights", async () => {
      const before = await edges();
      await page.click("#step");
      await waitFor(page, 'document.body.dataset.epoch !== "200"');
      const epoch = Number(await page.evaluate("document.body.dataset.epoch"));
      const after = await checkDiagram(epoch);
      assert.notDeepEqual(after, before);
    });

    let saved = "";
    await t.step("Download training.py saves trainingPy of the page's run", async () => {
      const run = JSON.parse(await hook<string>(page, "runJson()")) as TrainingRun;
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-py")]);
      assert.equal(download.suggestedFilename(), "training.py");
      saved = `${dir}/training.py`;
      await download.saveAs(saved);
      assert.ok((await Deno.readTextFile(saved)) === trainingPy(run));
      assert.match(await page.textContent("#net-note") ?? "", /^saved training.py \(\d+ epochs\)/);
    });

    if (noTorch && inCi()) {
      await t.step(`the export runs in CI (CI is set, but ${noTorch})`, () => assert.fail(noTorch));
    }
    await t.step({
      name: `PyTorch reproduces the page's losses within 2^-18 with it${noTorch ? ` (ignored: ${noTorch})` : ""}`,
      ignore: noTorch !== "",
      fn: async () => {
        const out = await new Deno.Command(PYTHON, { args: [saved], stdout: "piped", stderr: "piped" }).output();
        const stdout = new TextDecoder().decode(out.stdout);
        assert.equal(out.code, 0, stdout + new TextDecoder().decode(out.stderr));
        const deviation = Number(stdout.match(/largest relative deviation from the stored losses: (\S+)/)![1]);
        assert.ok(deviation <= TORCH_AGREEMENT, `deviation ${deviation}`);
      },
    });

    await t.step("the dead units the page names are hollow and dashed in the diagram, and said so", async () => {
      await followLink(page, hashOf({ ...DEFAULT_SETTINGS, epoch: 0 }));
      const { dead } = await hook<{ dead: number[] }>(page, "state()");
      assert.ok(dead.length > 0, "the essay's initial network has a dead unit");
      for (let j = 1; j <= DEFAULT_SETTINGS.hidden; j++) {
        const dash = await page.getAttribute(`#diagram-svg circle[data-node="h${j}"]`, "stroke-dasharray");
        assert.equal(dash, dead.includes(j) ? "3,2" : "none", `unit ${j}`);
      }
      const text = await page.textContent("#diagram-text") ?? "";
      for (const j of dead) assert.match(text, new RegExp(`unit ${j} \\(dead\\): `));
      assert.equal(text.match(/\(dead\)/g)?.length, dead.length);
    });

    await t.step("at epoch 0 there is no run to export, and the page says so", async () => {
      await page.click("#download-py");
      await hook(page, "state()");
      assert.match(
        await page.textContent("#net-note") ?? "",
        /^cannot export training\.py: a run needs at least one update/,
      );
    });

    await t.step("no console error", () => assert.deepEqual(errors, []));
  },
);
