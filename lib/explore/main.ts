/**
 * The entry point of the live page's browser bundle (`deno task
 * build:explore` bundles it into `generated/bundle_js.ts`): reads the settings from
 * the URL hash, mounts the four sections and exposes `window.__explore`
 * for tests and the benchmark.
 *
 * @module
 */
import { mountNetworkSection } from "./training_section.ts";
import { mountFamilySection, mountFanSection, mountReluSection } from "./sections.ts";
import { createStore } from "./store.ts";
import { doc } from "./dom.ts";

/** Mounts the page; runs once the document is parsed. */
function main(): void {
  const store = createStore();
  // Section links scroll without replacing the settings in the hash.
  for (const a of doc.querySelectorAll("nav a[href^='#']")) {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      const target = doc.getElementById(a.getAttribute("href")!.slice(1));
      target?.scrollIntoView();
      target?.closest("section")?.querySelector("input, button, select")?.focus({ preventScroll: true });
    });
  }
  mountReluSection(store);
  mountFanSection(store);
  mountFamilySection(store);
  (globalThis as { __explore?: unknown }).__explore = mountNetworkSection(store);
}

if (doc !== undefined) {
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", main);
  else main();
}
