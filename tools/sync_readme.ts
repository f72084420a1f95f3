/**
 * Copies every generated file that README quotes into README, between its
 * `<!-- BEGIN path -->` and `<!-- END path -->` markers (`deno task readme`).
 * Run it after `deno task figures` or `deno task bench:compare`; a test
 * (`tests/readme_test.ts`) fails while {@link staleQuotes} finds a copy that
 * differs from its file. A few blocks are made from the code instead of a
 * file ({@link GENERATED}): the flag tables, from the settings registry and the commands' flag specs.
 *
 * @module
 */
import { flagTable } from "../lib/cli/flags.ts";
import { TRAINING_FLAGS } from "../lib/cli/training.ts";
import { MNIST_TRAINING_FLAGS } from "../lib/cli/mnist_training.ts";

/**
 * The blocks README quotes that are made from the code, not read from a
 * file: `deno task train`'s flag table, from the same specs as its `--help`
 * (the settings registry's entries).
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { GENERATED } from "./sync_readme.ts";
 * match(GENERATED["deno-task-train-flags"](), /\| `--lr` +\| 0\.0001 +\| a finite number in \(0, 10\] /);
 * ```
 */
export const GENERATED: Readonly<Record<string, () => string>> = {
  "deno-task-train-flags": () => flagTable(TRAINING_FLAGS),
  "deno-task-mnist_training-flags": () => flagTable(MNIST_TRAINING_FLAGS),
};

/**
 * The text of what README quotes under `path`: a {@link GENERATED} block, or the file at `path` below `root`.
 *
 * @param root the repository's folder, ending with `/`
 * @returns a reader of quoted paths
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { quotedText } from "./sync_readme.ts";
 * ok(quotedText("/nowhere/")("deno-task-train-flags").startsWith("| flag "));
 * ```
 */
export function quotedText(root: string): (path: string) => string {
  return (path) => GENERATED[path]?.() ?? Deno.readTextFileSync(`${root}${path}`);
}

/** A quoted block: its BEGIN line, the path, the text between the markers and its END line. */
const QUOTED = /(<!-- BEGIN (\S+) -->\n)([\s\S]*?)(<!-- END \2 -->)/g;

/** What a quoted block of `path` reads when it is up to date: the file between blank lines (Markdown needs them around a table). */
function quoted(file: string): string {
  return `\n${file}\n`;
}

/**
 * `text` with every quoted block replaced by the file it names.
 *
 * @param text a Markdown text with quoted blocks
 * @param read the text of a file, by its path in the repository
 * @returns the text with every quoted block up to date
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { syncQuotes } from "./sync_readme.ts";
 * const text = "a\n<!-- BEGIN t.md -->\nold\n<!-- END t.md -->\nb";
 * strictEqual(syncQuotes(text, () => "| new |"), "a\n<!-- BEGIN t.md -->\n\n| new |\n<!-- END t.md -->\nb");
 * ```
 */
export function syncQuotes(text: string, read: (path: string) => string): string {
  return text.replace(QUOTED, (_, begin: string, path: string, _body: string, end: string) => {
    return `${begin}${quoted(read(path))}${end}`;
  });
}

/**
 * The paths whose quoted block in `text` differs from the file (what
 * {@link syncQuotes} would change), in the order they are quoted.
 *
 * @param text a Markdown text with quoted blocks
 * @param read the text of a file, by its path in the repository
 * @returns the stale paths; empty when every quoted block is its file
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { staleQuotes } from "./sync_readme.ts";
 * const text = "<!-- BEGIN t.md -->\n\n| 1 |\n\n<!-- END t.md -->";
 * deepStrictEqual(staleQuotes(text, () => "| 1 |\n"), []);
 * deepStrictEqual(staleQuotes(text, () => "| 2 |\n"), ["t.md"]);
 * ```
 */
export function staleQuotes(text: string, read: (path: string) => string): string[] {
  return [...text.matchAll(QUOTED)].filter((m) => m[3] !== quoted(read(m[2]))).map((m) => m[2]);
}

/**
 * The paths `text` quotes, in order.
 *
 * @param text a Markdown text with quoted blocks
 * @returns the quoted paths
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { quotedPaths } from "./sync_readme.ts";
 * deepStrictEqual(quotedPaths("<!-- BEGIN a.md -->\nx\n<!-- END a.md -->"), ["a.md"]);
 * ```
 */
export function quotedPaths(text: string): string[] {
  return [...text.matchAll(QUOTED)].map((m) => m[2]);
}

if (import.meta.main) {
  const root = new URL("..", import.meta.url).pathname;
  const readme = `${root}README.md`;
  const text = Deno.readTextFileSync(readme);
  const synced = syncQuotes(text, quotedText(root));
  if (synced !== text) {
    Deno.writeTextFileSync(readme, synced);
    console.log("README.md: quoted blocks updated");
  } else {
    console.log("README.md: quoted blocks already up to date");
  }
}
