/**
 * The live page (figures/explore.html): its settings and limits, its palette, the trainer behind it, and the
 * built browser bundle that the page embeds.
 *
 * Internal to the repository: no subpath export (the page is written by `writeExplorePage`).
 *
 * @module
 */
export { DEFAULT_SETTINGS, type ExploreSettings, formatHash } from "./config.ts";
export { EXPLORE_BUNDLE_JS } from "./generated/bundle_js.ts";
export { explorePage, type ExplorePageOptions } from "./page_html.ts";
export { createLiveTrainer, type LiveTrainer } from "./trainer.ts";
