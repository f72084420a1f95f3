/**
 * Command-line flags with one error contract for every script: a bad flag is
 * reported as one line, `error: --flag must be ..., got "..."`, and the script
 * exits with code 2 before anything is written.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { firstLine, RunError, UsageError } from "../errors.ts";
import { refusal } from "../model/setting_kinds.ts";
import type { FlagSpec } from "./flag_kinds.ts";
import { markdownTable } from "../render/markdown.ts";

/** The values of a set of flags, keyed as the flags are. */
export type FlagValues<S> = {
  [K in keyof S]: S[K] extends FlagSpec<infer T> ? T : never;
};

/** A script: its name, what it does, and its flags. */
export interface CommandSpec<S extends Record<string, FlagSpec<unknown>>> {
  /** The command as a user types it, e.g. `deno task relu --`. */
  readonly usage: string;
  /** One paragraph saying what the script does and what it writes. */
  readonly summary: string;
  /** The flags, keyed by their name without dashes (`"x-min"`). */
  readonly flags: S;
}

/** The kinds of flag, defined in `./flag_kinds.ts`. */
export {
  booleanFlag,
  choiceFlag,
  type FlagSpec,
  integerFlag,
  listFlag,
  numberFlag,
  type NumberFlagOptions,
  optionalStringFlag,
  settingFlag,
  stringFlag,
} from "./flag_kinds.ts";

/**
 * The usage text that `--help` prints, limits included.
 *
 * @param command the usage line, the summary and the flags
 * @returns the text, one flag a line
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { helpText, integerFlag } from "./flags.ts";
 * const flags = { seed: integerFlag({ description: "the seed", default: 0, min: 0, max: 9 }) };
 * deepStrictEqual(helpText({ usage: "deno task demo --", summary: "A demo.", flags }).split("\n"), [
 *   "Usage: deno task demo -- [flags]", "", "A demo.", "", "Flags:",
 *   "  --seed   the seed; an integer in [0, 9] (default 0)",
 *   "  --help   print this help and exit",
 * ]);
 * ```
 */
export function helpText<S extends Record<string, FlagSpec<unknown>>>(
  command: CommandSpec<S>,
): string {
  const lines = [
    `Usage: ${command.usage} [flags]`,
    "",
    command.summary,
    "",
    "Flags:",
  ];
  const entries = Object.entries(command.flags);
  const width = Math.max(...entries.map(([n]) => n.length)) + 2;
  for (const [name, spec] of entries) {
    const shown = shownDefault(spec) === "" ? "" : ` (default ${shownDefault(spec)})`;
    const accepted = spec.boolean ? "" : `; ${spec.accepted}`;
    lines.push(`  --${name.padEnd(width)} ${spec.description}${accepted}${shown}`);
  }
  lines.push(`  --${"help".padEnd(width)} print this help and exit`);
  return lines.join("\n");
}

/** A flag's default as `--help` and README show it: a list comma-separated; nothing for a switch or no default. */
function shownDefault(spec: FlagSpec<unknown>): string {
  if (spec.default === undefined || spec.boolean) return "";
  return Array.isArray(spec.default) ? spec.default.join(",") : String(spec.default);
}

/**
 * README's table of a command's flags, from the same specs as `--help` (and
 * so from the settings registry): the flag, its default, what it accepts and
 * what it sets. `deno task readme` copies it into README.
 *
 * @param flags the flags, keyed by their name without dashes
 * @returns a Markdown table, ending with a newline
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { flagTable, integerFlag } from "./flags.ts";
 * const flags = { seed: integerFlag({ description: "the seed", default: 0, min: 0, max: 9 }) };
 * strictEqual(flagTable(flags).split("\n")[2], "| `--seed` | 0       | an integer in [0, 9] | the seed     |");
 * ```
 */
export function flagTable(flags: Readonly<Record<string, FlagSpec<unknown>>>): string {
  const rows = Object.entries(flags).map(([name, spec]) => [
    `\`--${name}\``,
    shownDefault(spec),
    spec.boolean ? "no value" : spec.accepted,
    spec.description,
  ]);
  return markdownTable(["flag", "default", "accepted", "what it sets"], rows);
}

/**
 * Parses `args` against `command.flags`. Returns `null` after printing the help
 * text when `--help` is given; throws {@link UsageError} on an unknown flag, a
 * missing value, a repeated flag, a positional argument or a value out of range.
 *
 * @param args the arguments (a leading `--`, as `deno task NAME --` passes it, is skipped)
 * @param command the usage line, the summary and the flags
 * @returns every flag's value (its default when absent), or null after `--help`
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
 * import { integerFlag, parseFlags } from "./flags.ts";
 * import { UsageError } from "../errors.ts";
 * const flags = { hidden: integerFlag({ description: "hidden units", default: 7, min: 1 }) };
 * const command = { usage: "deno task demo --", summary: "A demo.", flags };
 * deepStrictEqual(parseFlags(["--", "--hidden", "12"], command), { hidden: 12 });
 * deepStrictEqual(parseFlags([], command), { hidden: 7 });
 * throws(() => parseFlags(["--hidden=1.5"], command), UsageError);
 * throws(() => parseFlags(["--width", "3"], command), /unknown flag --width/);
 * strictEqual(parseFlags(["--help"], command), null); // after printing the help text
 * ```
 */
export function parseFlags<S extends Record<string, FlagSpec<unknown>>>(
  args: readonly string[],
  command: CommandSpec<S>,
): FlagValues<S> | null {
  const known = Object.keys(command.flags);
  const options: Record<string, { type: "string" | "boolean" }> = { help: { type: "boolean" } };
  for (const name of known) options[name] = { type: command.flags[name].boolean ? "boolean" : "string" };
  const { tokens } = parseArgs({
    // `deno task NAME -- --flag` hands the script a literal "--" first: skip it.
    args: args[0] === "--" ? args.slice(1) : [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const accepted = [...known.map((n) => `--${n}`), "--help"].join(", ");
  const raw = new Map<string, string>();
  for (const token of tokens ?? []) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      throw new UsageError(`unexpected argument "${token.value}"; flags are ${accepted}`);
    }
    if (token.name === "help") {
      if (token.inlineValue) throw new UsageError("--help takes no value");
      console.log(helpText(command));
      return null;
    }
    const spec = command.flags[token.name];
    if (!spec) {
      throw new UsageError(`unknown flag ${token.rawName}; accepted flags: ${accepted}`);
    }
    if (raw.has(token.name)) {
      throw new UsageError(`--${token.name} is given more than once`);
    }
    if (spec.boolean) {
      if (token.inlineValue) throw new UsageError(`--${token.name} takes no value`);
      raw.set(token.name, "");
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith("--"))) {
      throw new UsageError(`--${token.name} needs a value: ${spec.accepted}`);
    }
    raw.set(token.name, token.value);
  }
  const values: Record<string, unknown> = {};
  for (const name of known) {
    const spec = command.flags[name];
    const text = raw.get(name);
    if (text === undefined) {
      values[name] = spec.default;
      continue;
    }
    const value = spec.parse(text);
    if (value === undefined) {
      throw new UsageError(refusal(`--${name}`, spec, `"${text}"`));
    }
    values[name] = value;
  }
  return values as FlagValues<S>;
}

/** The flag that sets each input the library names in its errors. */
const FLAG_OF: Readonly<Record<string, string>> = { outDir: "--out", runFile: "--from" };

/**
 * Names a library input by its flag: `outDir` is `--out`, `runFile` is
 * `--from`, any other input `x` is `--x`.
 *
 * @param input the library's name of an input
 * @returns the flag that sets it
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { flagName } from "./flags.ts";
 * strictEqual(flagName("outDir"), "--out");
 * strictEqual(flagName("lr"), "--lr");
 * ```
 */
export function flagName(input: string): string {
  return FLAG_OF[input] ?? `--${input}`;
}

/**
 * Runs a script's `main` with the error contract: a {@link UsageError} or a
 * missing Deno permission prints `error: ...` on one line and exits 2, a
 * {@link RunError} prints one line and exits 1; anything else is a bug and
 * keeps its stack trace.
 *
 * @param main the script's work
 * @returns when `main` has finished; it rejects only with a bug (any other error)
 *
 * @example
 * ```ts
 * import { ok, rejects } from "node:assert/strict";
 * import { runMain } from "./flags.ts";
 * let ran = false;
 * await runMain(() => { ran = true; });
 * ok(ran);
 * await rejects(runMain(() => { throw new TypeError("a bug"); }), TypeError); // not a usage or run error: rethrown
 * ```
 */
export async function runMain(main: () => Promise<void> | void): Promise<void> {
  try {
    await main();
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.describe(flagName)}`);
      Deno.exit(2);
    }
    if (
      e instanceof Deno.errors.NotCapable ||
      e instanceof Deno.errors.PermissionDenied
    ) {
      console.error(`error: ${firstLine(e.message)}`);
      Deno.exit(2);
    }
    if (e instanceof RunError) {
      console.error(`error: ${e.describe(flagName)}`);
      Deno.exit(1);
    }
    throw e;
  }
}
