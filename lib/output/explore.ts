/**
 * Writes the live page, `explore.html`, atomically: the page of
 * `lib/explore/page_html.ts` with the committed browser bundle inlined.
 * Needs only read and write access to the output folder (the bundle is a
 * module constant, not a file read at run time).
 *
 * @module
 */
import { EXPLORE_BUNDLE_JS } from "../explore/generated/bundle_js.ts";
import { explorePage } from "../explore/page_html.ts";
import { writeFileAtomic, type WrittenFile } from "./files.ts";
import { joinPath } from "./paths.ts";

/** The live page's file name. */
export const EXPLORE_FILE = "explore.html";

/**
 * The live page's HTML: the same bytes on every call.
 *
 * @returns the text of `explore.html`
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { explorePageText } from "./explore.ts";
 * ok(explorePageText().startsWith("<!doctype html>"));
 * strictEqual(explorePageText(), explorePageText());
 * ```
 */
export function explorePageText(): string {
  return explorePage(EXPLORE_BUNDLE_JS);
}

/**
 * Writes `explore.html` into `outDir` (which must exist), atomically.
 *
 * @param outDir the output folder
 * @returns the path and size written
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { explorePageText, writeExplorePage } from "./explore.ts";
 * const dir = await Deno.makeTempDir();
 * const { path, bytes } = await writeExplorePage(dir);
 * strictEqual(await Deno.readTextFile(path), explorePageText());
 * strictEqual(bytes, new TextEncoder().encode(explorePageText()).length);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeExplorePage(outDir: string): Promise<WrittenFile> {
  return await writeFileAtomic(joinPath(outDir, EXPLORE_FILE), explorePageText());
}
