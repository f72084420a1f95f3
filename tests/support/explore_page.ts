/**
 * Helpers of the live page's browser tests (not a test file): the page
 * written to a temporary folder, opened in headless Chromium with every
 * console message, page error and request recorded, and the command line's
 * training.json for a configuration of the page.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { explorePageText } from "../../lib/output/explore.ts";
import { type ExploreSettings, formatHash } from "../../lib/explore/config.ts";
import { runInProcess } from "./in_process.ts";
import { browserSkipReason, CHROMIUM, launchChromium } from "../../tools/chromium.ts";

/**
 * A browser test of the page: ignored with the reason in its name when Chromium cannot run here
 * (`browserSkipReason`), else the page written to a temporary folder and Chromium launched for `fn`, both
 * closed and removed after it, whatever it does.
 */
export function pageTest(
  name: string,
  fn: (t: Deno.TestContext, page: { dir: string; url: string; browser: Browser }) => Promise<void>,
): void {
  const skip = browserSkipReason();
  Deno.test({
    name: `${name}${skip ? ` (ignored: ${skip})` : ""}`,
    ignore: skip !== "",
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async (t) => {
      const { dir, url } = await writePage();
      const browser = await launchChromium();
      try {
        await fn(t, { dir, url, browser });
      } finally {
        await browser.close();
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

/** The page written once into a temporary folder; returns its file:// URL. */
export async function writePage(): Promise<{ dir: string; url: string }> {
  const dir = await Deno.makeTempDir({ prefix: "explore_page_" });
  await Deno.writeTextFile(`${dir}/explore.html`, explorePageText());
  return { dir, url: `file://${dir}/explore.html` };
}

/** A page opened in Chromium, with what it logged. */
export interface OpenPage {
  /** The page. */
  page: Page;
  /** Console errors and uncaught errors. */
  errors: string[];
  /** Every URL requested. */
  requests: string[];
}

/** Opens `url` + `hash` in a new page (1150 × 900 unless `viewport` says otherwise) and waits until section 4 has drawn its first frame. */
export async function openPage(
  browser: Browser,
  url: string,
  hash = "",
  viewport = { width: 1150, height: 900 },
): Promise<OpenPage> {
  const context = await browser.newContext({ acceptDownloads: true, viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e}`));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url + hash);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  return { page, errors, requests };
}

/** Evaluates `window.__explore.<call>` in the page once no engine call is pending. */
export async function hook<T>(page: Page, call: string): Promise<T> {
  return await page.evaluate(`(async () => { await __explore.idle(); return await __explore.${call}; })()`) as T;
}

/** Waits (polling, as the page's Content-Security-Policy forbids string evaluation) until `predicate` holds. */
export async function waitFor(page: Page, predicate: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(predicate))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${predicate}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sets the page's URL hash as a pasted link would, and waits until the page has applied it. */
export async function followLink(page: Page, hash: string): Promise<void> {
  await page.evaluate(
    (h) =>
      new Promise<void>((resolve) => {
        if (location.hash === h) return resolve();
        addEventListener("hashchange", () => setTimeout(resolve, 0), { once: true });
        location.hash = h;
      }),
    hash,
  );
  await hook(page, "state()");
}

/** The page's hash for `settings`. */
export function hashOf(settings: ExploreSettings): string {
  return formatHash(settings);
}

/**
 * The command line's training.json for the page's settings `s` after
 * `epochs` updates on the cpu backend (fused engine), as text: the training
 * script's own body with these flags, run in this process.
 */
export async function cliTrainingJson(s: ExploreSettings, epochs: number): Promise<string> {
  const out = await Deno.makeTempDir({ prefix: "explore_cli_" });
  try {
    const args = [
      ...["--hidden", String(s.hidden), "--lr", String(s.lr), "--optimizer", s.optimizer],
      ...["--grad-at-zero", String(s.grad), "--seed", String(s.seed), "--points", String(s.points)],
      ...["--epochs", String(epochs), "--init", s.init, "--precision", s.precision, "--backend", "cpu"],
      ...["--engine", "fused"],
      ...["--formats", "json", "--out", out],
    ];
    const r = await runInProcess("training", args);
    assert.equal(r.code, 0, r.stderr);
    return await Deno.readTextFile(`${out}/training.json`);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/**
 * Headless Chromium with WebGPU on its software adapter (SwiftShader), or
 * why this Chromium cannot start it (the launcher's own message, first line).
 */
export async function launchWithWebGpu(): Promise<{ browser: Browser } | { reason: string }> {
  await (await launchChromium()).close(); // installs the launcher's workaround for playwright-core's /proc probe
  const { chromium } = await import("playwright-core");
  try {
    return {
      browser: await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--no-sandbox", "--no-first-run", "--enable-unsafe-webgpu", "--use-webgpu-adapter=swiftshader"],
      }),
    };
  } catch (e) {
    return {
      reason: `Chromium with WebGPU did not start: ${String(e instanceof Error ? e.message : e).split("\n")[0]}`,
    };
  }
}
