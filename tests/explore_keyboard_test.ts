/**
 * The live page with the keyboard alone, in headless Chromium: Tab reaches
 * every control in document order, and every control does its job from the
 * keyboard (Enter and Space on buttons and checkboxes, arrows on sliders and
 * selects, typing and Enter in text fields); the section links move the
 * focus into their section and keep the settings in the link.
 *
 * Run with: deno test --allow-read --allow-write=/tmp --allow-env --allow-sys --allow-run=/usr/bin/chromium
 *   tests/explore_keyboard_test.ts (skipped with a message when Chromium or a permission is missing).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { DEFAULT_SETTINGS, type ExploreSettings } from "../lib/explore/config.ts";
import { browserSkipReason } from "../tools/chromium.ts";
import { hashOf, hook, openPage, pageTest, waitFor } from "./support/explore_page.ts";

const skip = browserSkipReason();
if (skip) console.log(`skipping the keyboard test of explore.html: ${skip}`);

/** Every control of the page, in document order. */
const CONTROLS = [
  ...["d0-0", "d0-half", "d0-1", "d0-range", "d0", "g-range", "g", "w-range", "w", "b-range", "b", "c-range", "c"],
  ...["fi", "fo", "family-flip", "family-slope", "family-hshift", "family-vshift", "family-none"],
  ...["hidden", "lr", "optimizer", "activation-name", "grad", "grad-exact", "init", "seed", "points", "spf", "target"],
  ...["noise", "test", "data-file"],
  ...["precision", "backend"],
  ...["play", "step", "reset", "download", "download-py"],
];

/** What has the focus: its id, or a link's text. */
const focused = (page: Page) =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    return el === null || el === document.body ? "" : el.id || "link:" + el.textContent;
  })()`) as Promise<string>;

/** Presses Tab until `id` has the focus (at most 60 times). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await focused(page) === id) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached #${id}`);
}

pageTest(`explore.html: the keyboard alone reaches and operates every control`, async (t, { url, browser }) => {
  const { page, errors } = await openPage(browser, url, hashOf({ ...DEFAULT_SETTINGS, d0: 0.3 }));
  const settings = () => hook<ExploreSettings>(page, "settings()");
  /** Types into the focused text field and commits with Enter. */
  const type = async (text: string) => {
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  };

  await t.step("Tab reaches every control in document order, and the section links", async () => {
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      const id = await focused(page);
      if (id === "" || seen.includes(id)) break;
      seen.push(id);
    }
    assert.deepEqual(seen.filter((id) => id.startsWith("link:")), [
      "link:1. relu′(0)",
      "link:2. Subgradients",
      "link:3. Flips, slopes, shifts",
      "link:4. The network",
    ]);
    assert.deepEqual(seen.filter((id) => !id.startsWith("link:")), CONTROLS);
  });

  await t.step("sections 1 to 3: buttons, sliders, text fields and checkboxes", async () => {
    await page.keyboard.press("Escape");
    await page.evaluate("document.activeElement?.blur()");
    const steps: [string, () => Promise<void>, Partial<ExploreSettings>][] = [
      ["d0-0", () => page.keyboard.press("Enter"), { d0: 0 }],
      ["d0-half", () => page.keyboard.press("Enter"), { d0: 0.5 }],
      ["d0-1", () => page.keyboard.press("Space"), { d0: 1 }],
      ["d0-range", () => page.keyboard.press("ArrowLeft"), { d0: 0.99 }],
      ["d0", () => type("0.25"), { d0: 0.25 }],
      ["g-range", () => page.keyboard.press("ArrowRight"), { g: 0.26 }],
      ["g", () => type("0.75"), { g: 0.75 }],
      ["w-range", () => page.keyboard.press("ArrowRight"), { w: 1.05 }],
      ["w", () => type("2"), { w: 2 }],
      ["b-range", () => page.keyboard.press("ArrowLeft"), { b: -0.05 }],
      ["b", () => type("1"), { b: 1 }],
      ["c-range", () => page.keyboard.press("ArrowRight"), { c: 0.05 }],
      ["c", () => type("-1"), { c: -1 }],
      ["fi", () => page.keyboard.press("Space"), { fi: true }],
      ["fo", () => page.keyboard.press("Space"), { fo: true }],
      ["family-flip", () => page.keyboard.press("Enter"), { family: "flip" }],
      ["family-slope", () => page.keyboard.press("Enter"), { family: "slope" }],
      ["family-hshift", () => page.keyboard.press("Enter"), { family: "hshift" }],
      ["family-vshift", () => page.keyboard.press("Space"), { family: "vshift" }],
      ["family-none", () => page.keyboard.press("Enter"), { family: "none" }],
    ];
    for (const [id, act, expected] of steps) {
      await tabTo(page, id);
      await act();
      const s = await settings();
      for (const [k, v] of Object.entries(expected)) assert.equal(s[k as keyof ExploreSettings], v, `#${id}: ${k}`);
    }
    assert.equal(await page.textContent("#family-formula"), "relu(z) + 1.5");
  });

  await t.step("section 4: text fields, selects and the four buttons", async () => {
    const fields: [string, () => Promise<void>, Partial<ExploreSettings>][] = [
      ["hidden", () => type("5"), { hidden: 5 }],
      ["lr", () => type("0.001"), { lr: 0.001 }],
      ["optimizer", () => page.keyboard.press("ArrowDown"), { optimizer: "adam" }],
      // leaky relu: its slope field appears; relu's kink derivative 0 is below its slopes, so it takes the slope
      ["activation-name", () => page.keyboard.press("ArrowDown"), { activation: "leaky_relu:0.01", grad: 0.01 }],
      ["activation-slope", () => type("0.2"), { activation: "leaky_relu:0.2", grad: 0.2 }],
      ["grad", () => page.keyboard.press("ArrowDown"), { grad: 0.6 }],
      ["grad-exact", () => type("0.25"), { grad: 0.25 }],
      ["init", () => page.keyboard.press("ArrowDown"), { init: "zero-hidden" }],
      ["seed", () => type("2"), { seed: 2 }],
      ["points", () => type("200"), { points: 200 }],
      ["spf", () => type("50"), { spf: 50 }],
      ["precision", () => page.keyboard.press("ArrowDown"), { precision: "float64" }],
    ];
    for (const [id, act, expected] of fields) {
      await tabTo(page, id);
      await act();
      const s = await settings();
      for (const [k, v] of Object.entries(expected)) assert.equal(s[k as keyof ExploreSettings], v, `#${id}: ${k}`);
    }
    await page.keyboard.press("ArrowUp");
    assert.equal((await settings()).precision, "float32");
    await tabTo(page, "backend");
    await page.keyboard.press("ArrowDown");
    const state = await hook<{ backend: string }>(page, "state()");
    const note = await page.textContent("#backend-msg") ?? "";
    // WebGPU runs where the browser offers an adapter; otherwise the page says why and stays on cpu.
    assert.ok(state.backend === "webgpu" || (state.backend === "cpu" && /WebGPU|adapter/.test(note)), note);
    await page.keyboard.press("ArrowUp");
    await waitFor(page, "__explore.state().backend === 'cpu'");

    await tabTo(page, "play");
    await page.keyboard.press("Space");
    await waitFor(page, "__explore.state().epoch >= 100"); // one frame played: Space started it
    await page.keyboard.press("Space");
    assert.equal((await hook<{ playing: boolean }>(page, "state()")).playing, false);
    await tabTo(page, "step");
    const before = (await hook<{ epoch: number }>(page, "state()")).epoch;
    await page.keyboard.press("Enter");
    assert.equal((await hook<{ epoch: number }>(page, "state()")).epoch, before + 50);
    await tabTo(page, "reset");
    await page.keyboard.press("Enter");
    assert.equal((await hook<{ epoch: number }>(page, "state()")).epoch, 0);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await tabTo(page, "download");
    const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    assert.equal(download.suggestedFilename(), "training.json");
  });

  await t.step("a section link moves the focus into its section and keeps the settings in the link", async () => {
    const hash = await page.evaluate("location.hash");
    await tabTo(page, "link:3. Flips, slopes, shifts");
    await page.keyboard.press("Enter");
    assert.equal(await focused(page), "w-range");
    assert.equal(await page.evaluate("location.hash"), hash);
  });
  assert.deepEqual(errors, []);
});
