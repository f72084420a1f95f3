/**
 * The live page (figures/explore.html) as a reader finds it, in headless
 * Chromium: what the reviews of issue 16 found wrong, one step each. The
 * dead-units line follows every change; every refused value of a link is
 * said, each on its own line; the steps-per-frame note survives Enter; a
 * diverged run is written legibly and its panels show the last finite
 * parameters with their epoch; the focus ring, the unit colours and the
 * tick labels are legible, and the charts have a text alternative; the
 * page counts the distinct activation patterns live; the download hint
 * writes elsewhere than figures/.
 *
 * Run with the flags of `deno task test` (skipped, with the reason, when
 * Chromium or a permission is missing).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEFAULT_SETTINGS, type ExploreSettings } from "../lib/explore/config.ts";
import { distinctPatterns } from "../lib/model/patterns.ts";
import { targetData } from "../lib/model/regressor.ts";
import { followLink, hashOf, hook, openPage, pageTest, waitFor } from "./support/explore_page.ts";

/** WCAG's contrast ratio of a CSS colour (`rgb(r, g, b)` or `#rrggbb`) against white. */
function contrastOnWhite(css: string): number {
  const m = css.match(/^rgba?\((\d+),\s*(\d+),\s*(\d+)/) ?? css.match(/^#(..)(..)(..)$/);
  assert.ok(m, `not a colour: ${css}`);
  const rgb = m.slice(1, 4).map((v) => (css.startsWith("#") ? parseInt(v, 16) : Number(v)) / 255);
  const lin = rgb.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  return 1.05 / (l + 0.05);
}

/** The text of an element as the reader sees it, split into its non-empty lines. */
async function lines(page: Page, selector: string): Promise<string[]> {
  return (await page.innerText(selector)).split("\n").map((l) => l.trim()).filter((l) => l !== "");
}

/** Types `text` into field `id` and commits it with Enter. */
async function enter(page: Page, id: string, text: string): Promise<void> {
  await page.fill(`#${id}`, text);
  await page.press(`#${id}`, "Enter");
  await hook(page, "state()");
}

type State = { epoch: number; dead: number[]; stopped: string; playing: boolean };

pageTest(`explore.html as a reader finds it (issue 16)`, async (t, { url, browser }) => {
  const { page, errors } = await openPage(browser, url);
  const deadLine = () => page.textContent("#dead-units").then((s) => s ?? "");

  await t.step("the dead-units line is rewritten on every change of H, seed or run", async () => {
    assert.match(await deadLine(), /^1 of 7 dead .*: unit 4$/);
    await enter(page, "hidden", "3");
    const three = await hook<State>(page, "state()");
    assert.match(await deadLine(), new RegExp(`^${three.dead.length || "none"} of 3\\b`));
    for (const seed of [1, 2]) {
      const opened = await openPage(browser, url, hashOf({ ...DEFAULT_SETTINGS, seed }));
      const s = await hook<State>(opened.page, "state()");
      const line = await opened.page.textContent("#dead-units") ?? "";
      assert.match(line, new RegExp(`^${s.dead.length || "none"} of 7\\b`), `seed ${seed} opened by link`);
      await opened.page.context().close();
    }
  });

  await t.step("every value a link refuses is said beside its control, each refusal on its own line", async () => {
    await followLink(page, "#fi=2&fo=yes&family=round&epoch=-1&colour=red&size=9");
    assert.equal(await page.textContent("#fi-msg"), 'in the link: flip the input must be 0 or 1, got "2"; using 0');
    assert.equal(
      await page.textContent("#fo-msg"),
      'in the link: flip the output must be 0 or 1, got "yes"; using 0',
    );
    assert.match(await page.textContent("#family-msg") ?? "", /family must be one of .*, got "round"; using none/);
    assert.match(await page.textContent("#epoch-msg") ?? "", /epoch must be an integer in .*, got "-1"; using 0/);
    const unknown = await lines(page, "#page-note");
    assert.deepEqual(unknown, [
      'in the link: the link holds an unknown setting "colour"; ignored',
      'in the link: the link holds an unknown setting "size"; ignored',
    ]);
    await followLink(page, hashOf({ ...DEFAULT_SETTINGS, hidden: 64, points: 10_000, epoch: 1_000_000 }));
    assert.match(
      await page.textContent("#epoch-msg") ?? "",
      /to replay a link, got 1000000 × 10000 × 64; starting/,
    );
    assert.match(await page.textContent("#spf-msg") ?? "", /using 26 steps per frame/);
    assert.deepEqual(await lines(page, "#page-note"), [], "a new link clears the old link's refusals");
  });

  await t.step("the steps-per-frame note survives the Enter that commits the value", async () => {
    await followLink(page, hashOf({ ...DEFAULT_SETTINGS, points: 10_000 }));
    await enter(page, "spf", "10000");
    await page.evaluate("document.activeElement.blur()");
    await hook(page, "state()");
    assert.equal((await hook<ExploreSettings>(page, "settings()")).spf, 239);
    assert.match(await page.textContent("#spf-msg") ?? "", /using 239 steps per frame/);
  });

  await t.step("a diverged run: legible numbers and axes, panels at the last finite parameters", async () => {
    const s = { ...DEFAULT_SETTINGS, lr: 1e-3 };
    await followLink(page, hashOf(s));
    await page.click("#play");
    await waitFor(page, "__explore.state().stopped !== ''");
    const state = await hook<State>(page, "state()");
    const diverged = Number(state.stopped.match(/diverged at epoch (\d+)/)![1]);
    const status = await page.textContent("#net-status") ?? "";
    assert.doesNotMatch(status, /\d{7,}/, status);
    assert.match(status, /MSE (∞|NaN) /, status);
    assert.match(status, new RegExp(`epoch ${diverged - 1} \\(MSE \\d\\.\\d\\de\\d+\\)`), status);
    const ticks = await page.evaluate(`[...document.querySelectorAll("#section-network svg text")].map((el) => {
          const b = el.getBoundingClientRect();
          const svg = el.ownerSVGElement.getBoundingClientRect();
          const id = el.ownerSVGElement.id;
          return { id, text: el.textContent, x0: b.left - svg.left, x1: b.right - svg.right, y: el.getAttribute("text-anchor") === "end" };
        })`) as { id: string; text: string; x0: number; x1: number; y: boolean }[];
    for (const tick of ticks) assert.ok(tick.x0 >= 0 && tick.x1 <= 0, `clipped: ${JSON.stringify(tick)}`);
    const yLabels = ticks.filter((l) => l.y && l.id === "loss-chart").map((l) => l.text);
    assert.ok(yLabels.length >= 2 && yLabels.every((l) => /^1e\d+$/.test(l)), `one format: ${yLabels.join(" ")}`);
    const shown = await hook<{ w0: number[] }>(page, "params()");
    await followLink(page, hashOf({ ...s, epoch: diverged - 1 }));
    assert.deepEqual(await hook<{ w0: number[] }>(page, "params()"), shown);
  });

  await t.step("the focus ring, the unit colours (H up to 64) and the charts' text alternative", async () => {
    await page.focus("#hidden");
    const ring = await page.evaluate(`getComputedStyle(document.activeElement).outlineColor`) as string;
    assert.ok(contrastOnWhite(ring) >= 3, `focus ring ${ring}: ${contrastOnWhite(ring).toFixed(2)}:1`);
    await followLink(page, hashOf({ ...DEFAULT_SETTINGS, hidden: 64, points: 40 }));
    const colours = await page.evaluate(
      `[...document.querySelectorAll("#unit-legend li i")].slice(0, 64).map((i) => getComputedStyle(i).borderTopColor)`,
    ) as string[];
    assert.equal(new Set(colours).size, 64, "64 units, 64 colours");
    for (const c of colours) assert.ok(contrastOnWhite(c) >= 3, `${c}: ${contrastOnWhite(c).toFixed(2)}:1`);
    await followLink(page, hashOf({ ...DEFAULT_SETTINGS, epoch: 200 }));
    for (const id of ["activations-chart", "contributions-chart", "prediction-chart", "loss-chart"]) {
      const text = await page.evaluate(`(() => {
            const svg = document.getElementById("${id}");
            const ids = (svg.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean);
            return [svg.getAttribute("aria-label") ?? "", ...ids.map((i) => document.getElementById(i).textContent)].join(" ");
          })()`) as string;
      assert.match(text, /epoch 200\b/, `${id}: ${text}`);
      assert.match(text, /1 of 7 .*dead/, `${id}: ${text}`);
    }
  });

  await t.step("on a phone (390 px wide) every chart's text is at least 11 px", async () => {
    const phone = await openPage(browser, url, "", { width: 390, height: 844 });
    const sizes = await phone.page.evaluate(`[...document.querySelectorAll("svg text")].map((el) => {
          const svg = el.ownerSVGElement;
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return { text: el.textContent, px: Number(el.getAttribute("font-size")) * scale, svg: svg.id };
        })`) as { text: string; px: number; svg: string }[];
    assert.ok(sizes.length > 50);
    const small = sizes.filter((s) => s.px < 11 - 1e-9);
    assert.deepEqual(small, [], `${small.length} labels under 11 px`);
    await phone.page.context().close();
  });

  await t.step(
    "the page counts the distinct activation patterns live: two groups early in float32, for good in float64",
    async () => {
      const s = { ...DEFAULT_SETTINGS, init: "zero-hidden" as const, grad: 0.5 };
      const { x } = targetData({ points: s.points, xMin: -10, xMax: 10 });
      for (const epoch of [200, 2000]) {
        await followLink(page, hashOf({ ...s, epoch }));
        const p = await hook<{ w0: number[]; b0: number[]; w1: number[]; b1: number }>(page, "params()");
        const n = distinctPatterns(p, x, { precision: "float32" });
        assert.equal(n, epoch === 200 ? 2 : 3);
        assert.match(await page.textContent("#patterns") ?? "", new RegExp(`^${n} distinct activation patterns`));
      }
      // In float64 the two groups last.
      await followLink(page, hashOf({ ...s, precision: "float64", epoch: 3000 }));
      const p = await hook<{ w0: number[]; b0: number[]; w1: number[]; b1: number }>(page, "params()");
      assert.equal(distinctPatterns(p, x, { precision: "float64" }), 2);
      assert.match(await page.textContent("#patterns") ?? "", /^2 distinct activation patterns/);
      const text = (await page.textContent("#section-network > p") ?? "").replace(/\s+/g, " ");
      assert.match(text, /In float64 arithmetic the two groups last\. In float32, .* rounding splits them/);
    },
  );

  await t.step(
    "the download hint renders the run into a folder of its own, not over the essay's run in figures/",
    async () => {
      await followLink(page, hashOf({ ...DEFAULT_SETTINGS, epoch: 150 }));
      await Promise.all([page.waitForEvent("download"), page.click("#download")]);
      const hint = await page.textContent("#net-note") ?? "";
      // deno task train may write only under figures/: a folder of its own there, never figures/ itself.
      const [, from, out] = hint.match(/--from (\S+) --out (\S+)/) ?? [];
      assert.ok(from && out, hint);
      assert.match(out, /^figures\/[\w-]+$/, hint);
      assert.match(hint, new RegExp(`move it to ${from}`), hint);
    },
  );
  assert.deepEqual(errors, []);
});
