/**
 * What the experiment scripts (`subgradient_sweep`, `dead_units`) share:
 * where they report, and writing a result as `NAME.json` beside its figure.
 *
 * @module
 */
import { joinPath, writeFileAtomic } from "./files.ts";
import type { VegaLiteSpec } from "../plot/spec.ts";
import { writeFigure } from "../render/svg.ts";

/** Where an experiment script reports progress and status. */
export interface ExperimentScriptIo {
  /** One line of status (backend, timing). */
  status: (line: string) => void;
  /** Progress, redrawn in place; only called when stderr is a terminal. */
  progress?: (line: string) => void;
}

/** Status lines on stderr; progress redrawn in place only when stderr is a terminal. */
export function defaultIo(): ExperimentScriptIo {
  const encoder = new TextEncoder();
  return {
    status: (line) => console.error(line),
    progress: Deno.stderr.isTerminal() ? (line) => Deno.stderr.writeSync(encoder.encode(`\r${line}`)) : undefined,
  };
}

/** Writes `NAME.json` (the result as text), then `NAME.svg` and `NAME.vl.json`; returns one line per file written. */
export async function writeResultFiles(
  out: string,
  name: string,
  result: { json: string; spec: VegaLiteSpec },
): Promise<string[]> {
  const jsonPath = joinPath(out, `${name}.json`);
  await writeFileAtomic(jsonPath, result.json);
  const figure = await writeFigure(out, name, result.spec);
  return [
    `wrote ${jsonPath} (${new TextEncoder().encode(result.json).length} bytes)`,
    `wrote ${figure.svg} (${figure.bytes} bytes)`,
    `wrote ${figure.spec}`,
  ];
}
