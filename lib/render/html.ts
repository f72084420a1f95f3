/**
 * Text made safe for HTML: the one escaping function every page uses.
 *
 * @module
 */

/**
 * Escapes `&`, `<`, `>` and `"`, so that `text` reads as itself inside HTML
 * text and double-quoted attributes.
 *
 * @param text any text
 * @returns the escaped text
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { escapeHtml } from "./html.ts";
 * strictEqual(escapeHtml('<a href="x">&</a>'), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
