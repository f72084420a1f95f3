/**
 * Paths as the output layer builds them: a folder and a file name joined
 * with `/`, and a path's folder and file name.
 *
 * @module
 */

/**
 * The folder part of `path` (`.` for a bare name, `/` for a file at the root).
 *
 * @param path a file's path, with `/` between its parts
 * @returns the folder it is in
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { dirname } from "./paths.ts";
 * deepStrictEqual(["figures/relu.svg", "relu.svg", "/relu.svg"].map(dirname), ["figures", ".", "/"]);
 * ```
 */
export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}

/**
 * The file-name part of `path`.
 *
 * @param path a file's path, with `/` between its parts
 * @returns its name
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { basename } from "./paths.ts";
 * strictEqual(basename("figures/relu.svg"), "relu.svg");
 * ```
 */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * Joins a folder and a file name with one `/`.
 *
 * @param dir the folder
 * @param name the file name
 * @returns the path
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { joinPath } from "./paths.ts";
 * strictEqual(joinPath("figures", "relu.svg"), "figures/relu.svg");
 * strictEqual(joinPath("/tmp/", "relu.svg"), "/tmp/relu.svg");
 * ```
 */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}
