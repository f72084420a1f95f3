/**
 * What scripts print: one line per file written, the backend line, and where
 * status and progress go (stderr; progress only on a terminal).
 *
 * @module
 */
import { type BackendSelection, selectionReason } from "../engine/backend.ts";
import { flagName } from "./flags.ts";

export { wroteLine } from "./wrote_line.ts";

/**
 * The status line that names the backend, why it was chosen, and the engine.
 *
 * @param selection what `selectBackend` returned
 * @param engine the engine's name
 * @returns e.g. `backend: cpu (asked for with --backend cpu); engine: fused`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { backendLine } from "./report.ts";
 * const line = backendLine({ backend: "cpu", requested: "cpu", detail: "", reason: "" }, "fused");
 * strictEqual(line, "backend: cpu (asked for with --backend cpu); engine: fused");
 * ```
 */
export function backendLine(selection: BackendSelection, engine: string): string {
  return `backend: ${selection.backend} (${selectionReason(selection, flagName)}); engine: ${engine}`;
}

/** Where a command reports while it runs. */
export interface CommandIo {
  /** One line of status (backend, timing). */
  status: (line: string) => void;
  /** Progress, redrawn in place; only called when stderr is a terminal. */
  progress?: (line: string) => void;
}

/**
 * Status lines on stderr; progress redrawn in place only when stderr is a terminal.
 *
 * @returns the reporter the experiment commands use by default
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { stderrIo } from "./report.ts";
 * const io = stderrIo();
 * io.status("backend: cpu"); // one line on stderr
 * strictEqual(io.progress === undefined, !Deno.stderr.isTerminal()); // no progress into a pipe or a file
 * ```
 */
export function stderrIo(): CommandIo {
  const encoder = new TextEncoder();
  return {
    status: (line) => console.error(line),
    progress: Deno.stderr.isTerminal() ? (line) => Deno.stderr.writeSync(encoder.encode(`\r${line}`)) : undefined,
  };
}
