/**
 * Markdown tables, for the generated result files (`figures/NAME.md`) that
 * README quotes verbatim.
 *
 * @module
 */

/**
 * A Markdown table: a header row, a separator, one line per row; cells are
 * padded so the text lines up (`deno fmt` leaves it as it is).
 *
 * @param header the column titles
 * @param rows the cells, as text
 * @returns the table, ending with a newline
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { markdownTable } from "./markdown.ts";
 * strictEqual(markdownTable(["a", "bb"], [["1", "2"]]), "| a   | bb  |\n| --- | --- |\n| 1   | 2   |\n");
 * ```
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((t, c) => (t ?? "").padEnd(widths[c])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n") + "\n";
}

/**
 * A number for a table: 4 significant digits, thousands grouped with a thin
 * space below 10^7, scientific notation beyond.
 *
 * @param v the number, or null
 * @returns the text (`–` for null)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { formatNumber } from "./markdown.ts";
 * strictEqual(formatNumber(145737.3), "145 737");
 * strictEqual(formatNumber(896.84), "896.8");
 * strictEqual(formatNumber(-0.0012346), "-0.001235");
 * strictEqual(formatNumber(null), "–");
 * ```
 */
export function formatNumber(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a >= 1e7) return v.toExponential(3);
  if (a >= 1e4) return Math.round(v).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return String(Number(v.toPrecision(4)));
}

/**
 * A p-value for a table: 3 significant digits, or `< 1e-6` below that.
 *
 * @param p the p-value
 * @returns the text
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { formatP } from "./markdown.ts";
 * strictEqual(formatP(0.012345), "0.0123");
 * strictEqual(formatP(1e-9), "< 1e-6");
 * ```
 */
export function formatP(p: number): string {
  if (p < 1e-6) return "< 1e-6";
  return String(Number(p.toPrecision(3)));
}

/**
 * The interval of a share, in percent with one decimal (the tables write `20 of 64 [21.2–43.4 %]`).
 *
 * @param s the ends of the interval, as fractions (e.g. a Wilson interval)
 * @returns `[lo–hi %]`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { formatInterval } from "./markdown.ts";
 * strictEqual(formatInterval({ lo: 0.21231, hi: 0.43392 }), "[21.2–43.4 %]");
 * ```
 */
export function formatInterval(s: { lo: number; hi: number }): string {
  return `[${(100 * s.lo).toFixed(1)}–${(100 * s.hi).toFixed(1)} %]`;
}

/**
 * A paragraph wrapped as `deno fmt` wraps Markdown prose at a line width:
 * words are filled greedily, a line never ends in the middle of a word.
 *
 * @param text one paragraph
 * @param width the line width (default 120, the project's)
 * @returns the lines joined by newlines
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { wrapProse } from "./markdown.ts";
 * strictEqual(wrapProse("aa bb cc", 5), "aa bb\ncc");
 * ```
 */
export function wrapProse(text: string, width = 120): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}

/**
 * A Markdown document from its parts: paragraphs are wrapped with
 * {@link wrapProse}; tables (parts starting with `|`), list items already wrapped
 * (`- `), comments and blank
 * lines are kept as they are.
 *
 * @param parts paragraphs, tables, blank lines
 * @returns the document
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { markdownDocument } from "./markdown.ts";
 * strictEqual(markdownDocument(["a b", "", "| x |\n"]), "a b\n\n| x |\n");
 * ```
 */
export function markdownDocument(parts: readonly string[]): string {
  const asIs = (p: string) => p === "" || p.startsWith("|") || p.startsWith("<!--") || p.startsWith("- ");
  return parts.map((p) => (asIs(p) ? p : wrapProse(p))).join("\n");
}
