/**
 * Runs a project script's `main` in this process, as `deno run scripts/NAME.ts`
 * would, and returns what it printed and the exit code it asked for (test
 * helper). The script's own body is called (`runMain` with its error contract,
 * or `runFigureScript`), with `Deno.args`, `Deno.exit`, `console.log` and
 * `console.error` replaced for the call, so a test of the error contract (exit
 * 2, one line, nothing written) costs milliseconds instead of a fresh Deno.
 *
 * What only a real process shows stays with {@link runScript}: permissions
 * narrower than the test's own, and that the script file calls this body
 * ({@link SCRIPT_CALLS} holds the call each script's source must contain).
 * Calls must not overlap: run them one after another, never in `pool`.
 */
import { runMain } from "../../lib/cli/flags.ts";
import { runTraining } from "../../lib/cli/training.ts";
import { runDeadUnitsCommand, runSweepCommand } from "../../lib/cli/experiments.ts";
import { runFiguresCommand } from "../../lib/cli/figures.ts";
import { runMnistTrainingCommand } from "../../lib/cli/mnist_training.ts";
import { runBifurcationCommand } from "../../lib/cli/mnist_bifurcation.ts";
import { runVanishingCommand } from "../../lib/cli/vanishing_gradients.ts";
import { type FigureScript, runFigureScript } from "../../lib/cli/figure_script.ts";
import type { FlagSpec } from "../../lib/cli/flags.ts";
import * as staticFigures from "../../lib/cli/static_figures.ts";
import type { ScriptResult } from "./subprocess.ts";

/** A script's body, run on `Deno.args`, and the call its source must contain. */
interface ScriptMain {
  call: string;
  main: () => Promise<void>;
}

function printLines(lines: readonly string[] | null): void {
  for (const line of lines ?? []) console.log(line);
}

/** The body of every script that has one in lib/ (explore's is inline: it runs as a subprocess only). */
const MAINS: Record<string, ScriptMain> = {
  training: {
    call: "runTraining(Deno.args)",
    main: () => runMain(async () => printLines(await runTraining(Deno.args))),
  },
  subgradient_sweep: {
    call: "runSweepCommand(Deno.args)",
    main: () => runMain(async () => printLines(await runSweepCommand(Deno.args))),
  },
  dead_units: {
    call: "runDeadUnitsCommand(Deno.args)",
    main: () => runMain(async () => printLines(await runDeadUnitsCommand(Deno.args))),
  },
  mnist_bifurcation: {
    call: "runBifurcationCommand(Deno.args)",
    main: () => runMain(async () => printLines(await runBifurcationCommand(Deno.args))),
  },
  mnist_training: {
    call: "runMnistTrainingCommand(Deno.args)",
    main: () => runMain(async () => printLines((await runMnistTrainingCommand(Deno.args)) ?? null)),
  },
  vanishing_gradients: {
    call: "runVanishingCommand(Deno.args)",
    main: () => runMain(async () => printLines(await runVanishingCommand(Deno.args))),
  },
  figures: {
    call: "runMain(() => runFiguresCommand(Deno.args))",
    main: () => runMain(() => runFiguresCommand(Deno.args)),
  },
  ...Object.fromEntries(
    (staticFigures.STATIC_SCRIPTS as readonly FigureScript<Record<string, FlagSpec<unknown>>>[]).map((script) => {
      const constant = Object.entries(staticFigures).find(([, value]) => value === script)?.[0];
      return [script.name, { call: `runFigureScript(${constant})`, main: () => runFigureScript(script) }];
    }),
  ),
};

/** For each script run in process: the call its source file must contain, so that the body run here is its own. */
export const SCRIPT_CALLS: Record<string, string> = Object.fromEntries(
  Object.entries(MAINS).map(([name, m]) => [name, m.call]),
);

/**
 * Whether `script` can be run by {@link runInProcess}.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { runsInProcess } from "./in_process.ts";
 * ok(runsInProcess("training") && runsInProcess("relu"));
 * ok(!runsInProcess("explore")); // its body is inline in scripts/explore.ts
 * ```
 */
export function runsInProcess(script: string): boolean {
  return script in MAINS;
}

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * Runs `scripts/NAME.ts`'s body with `args` in this process, with this
 * process's permissions; a bug (an error `runMain` rethrows) gives exit code 1
 * and its stack on stderr, as an uncaught error would.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { runInProcess } from "./in_process.ts";
 * const r = await runInProcess("relu", ["--z-min", "abc", "--out", "/tmp/never-written"]);
 * strictEqual(r.code, 2);
 * strictEqual(r.stdout, "");
 * strictEqual(r.stderr, 'error: --z-min must be a finite number in [-1000000, 1000000], got "abc"\n');
 * ```
 */
export async function runInProcess(name: string, args: readonly string[]): Promise<ScriptResult> {
  const script = MAINS[name];
  if (!script) throw new Error(`scripts/${name}.ts has no body in lib/ to run in process`);
  let stdout = "";
  let stderr = "";
  const text = (parts: unknown[]) => parts.map(String).join(" ") + "\n";
  const saved = { log: console.log, error: console.error, exit: Deno.exit };
  const argsProperty = Object.getOwnPropertyDescriptor(Deno, "args")!;
  console.log = (...parts: unknown[]) => stdout += text(parts);
  console.error = (...parts: unknown[]) => stderr += text(parts);
  Deno.exit = (code?: number): never => {
    throw new Exit(code ?? 0);
  };
  Object.defineProperty(Deno, "args", { value: Object.freeze([...args]), configurable: true, enumerable: true });
  let code = 0;
  try {
    await script.main();
  } catch (e) {
    if (e instanceof Exit) code = e.code;
    else {
      code = 1;
      stderr += `error: Uncaught ${e instanceof Error ? e.stack : String(e)}\n`;
    }
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    Deno.exit = saved.exit;
    Object.defineProperty(Deno, "args", argsProperty);
  }
  return { code, stdout, stderr };
}
