/**
 * The line a script prints per file written. Apart from `report.ts` (which
 * re-exports it) so that a command can print it without loading tfjs.
 *
 * @module
 */
import type { WrittenFile } from "../output/files.ts";

/**
 * The line that reports a file written.
 *
 * @param file the path and size
 * @returns `wrote PATH (N bytes)`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { wroteLine } from "./wrote_line.ts";
 * strictEqual(wroteLine({ path: "figures/relu.svg", bytes: 15961 }), "wrote figures/relu.svg (15961 bytes)");
 * ```
 */
export function wroteLine(file: WrittenFile): string {
  return `wrote ${file.path} (${file.bytes} bytes)`;
}
