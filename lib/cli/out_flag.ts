/**
 * The `--out` flag every script accepts, and its default: the repository's
 * `figures/` folder. Apart from `common_flags.ts` (which re-exports it) so
 * that a command can name it without loading tfjs (`deno task figures`
 * starts its workers before its main thread loads tfjs).
 *
 * @module
 */
import { type FlagSpec, stringFlag } from "./flag_kinds.ts";
import { fileURLToPath } from "node:url";

/** The figures folder of this repository, relative to the working directory when possible. */
export const DEFAULT_OUT: string = defaultOut();

function defaultOut(): string {
  let cwd: string | undefined;
  try {
    cwd = Deno.cwd();
  } catch {
    // no read permission for the cwd: keep the absolute path
  }
  return figuresFolder(import.meta.url, cwd);
}

/**
 * The `figures` folder of the project that holds the module at `moduleUrl`
 * (a file in `lib/cli/`), as a file path: relative to `cwd` when inside it,
 * absolute otherwise. The URL is converted as a file URL, so a project in a
 * folder whose name has a space or a non-ASCII letter keeps its real name
 * (a URL's pathname would keep `%20` and `%C3%BC`).
 *
 * @param moduleUrl the `import.meta.url` of a module in `lib/cli/`
 * @param cwd the working directory, or undefined when it cannot be read
 * @returns the folder's path
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { figuresFolder } from "./out_flag.ts";
 * const url = "file:///home/a/sp%20ace%20%C3%BC/p/lib/cli/common_flags.ts";
 * strictEqual(figuresFolder(url, "/home/a/sp ace ü/p"), "figures");
 * strictEqual(figuresFolder(url, "/home/a"), "sp ace ü/p/figures");
 * strictEqual(figuresFolder(url, "/srv"), "/home/a/sp ace ü/p/figures");
 * strictEqual(figuresFolder(url, undefined), "/home/a/sp ace ü/p/figures");
 * ```
 */
export function figuresFolder(moduleUrl: string, cwd: string | undefined): string {
  const abs = fileURLToPath(new URL("../../figures", moduleUrl));
  if (cwd !== undefined && abs.startsWith(cwd.replace(/\/$/, "") + "/")) {
    return abs.slice(cwd.replace(/\/$/, "").length + 1);
  }
  return abs;
}

/** The `--out` flag every script accepts. */
export const outFlag: FlagSpec<string> = stringFlag({
  description: "folder to write into (created if missing)",
  default: DEFAULT_OUT,
  accepted: "a folder path",
});
