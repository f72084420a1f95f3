/**
 * Regenerates every figure into figures/ (or `--out DIR`); see
 * `deno task figures -- --help` and `lib/cli/figures.ts`.
 *
 * @module
 */
import { runMain } from "../lib/cli/flags.ts";
import { runFiguresCommand } from "../lib/cli/figures.ts";

if (import.meta.main) await runMain(() => runFiguresCommand(Deno.args));
