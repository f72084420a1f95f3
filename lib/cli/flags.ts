/**
 * Command-line flags with one error contract for every script: a bad flag is
 * reported as one line, `error: --flag must be ..., got "..."`, and the script
 * exits with code 2 before anything is written.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { firstLine, RunError, UsageError } from "../errors.ts";

/** One flag: how to parse it, its default and the words that describe it. */
export interface FlagSpec<T> {
  /** One line for `--help`. */
  readonly description: string;
  /** The value when the flag is absent. */
  readonly default: T;
  /** What values are accepted, in words, e.g. `an integer in [1, 4096]`. */
  readonly accepted: string;
  /** True for a flag that takes no value (`--help`, `--verbose`). */
  readonly boolean?: boolean;
  /** Turns the raw text into a value; returns `undefined` when it is not accepted. */
  parse(raw: string): T | undefined;
}

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

function formatNumber(x: number): string {
  return String(x);
}

/** Options of a numeric flag. */
export interface NumberFlagOptions {
  /** One line for `--help`. */
  description: string;
  /** The default value. */
  default: number;
  /** Smallest accepted value (inclusive). */
  min?: number;
  /** Largest accepted value (inclusive). */
  max?: number;
  /** When true, `min` itself is not accepted (`> min`). */
  exclusiveMin?: boolean;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses a plain decimal number (`-10`, `1e-4`, `.5`); refuses hex, `NaN`, `Infinity` and blanks. */
function parseFiniteNumber(raw: string): number | undefined {
  if (!DECIMAL.test(raw.trim())) return undefined;
  const x = Number(raw);
  return Number.isFinite(x) ? x : undefined;
}

function rangeWords(o: NumberFlagOptions): string {
  const lo = o.min === undefined ? undefined : formatNumber(o.min);
  const hi = o.max === undefined ? undefined : formatNumber(o.max);
  if (lo !== undefined && hi !== undefined) {
    return o.exclusiveMin ? ` in (${lo}, ${hi}]` : ` in [${lo}, ${hi}]`;
  }
  if (lo !== undefined) return o.exclusiveMin ? ` > ${lo}` : ` >= ${lo}`;
  if (hi !== undefined) return ` <= ${hi}`;
  return "";
}

function inRange(x: number, o: NumberFlagOptions): boolean {
  if (o.min !== undefined && (o.exclusiveMin ? x <= o.min : x < o.min)) {
    return false;
  }
  return o.max === undefined || x <= o.max;
}

/**
 * An integer flag with an inclusive range.
 *
 * @example
 * ```ts
 * import { integerFlag } from "./flags.ts";
 * const hidden = integerFlag({ description: "hidden units", default: 7, min: 1, max: 4096 });
 * console.log(hidden.parse("12"), hidden.parse("1.5")); // 12 undefined
 * ```
 */
export function integerFlag(options: NumberFlagOptions): FlagSpec<number> {
  return {
    description: options.description,
    default: options.default,
    accepted: `an integer${rangeWords(options)}`,
    parse(raw) {
      const x = parseFiniteNumber(raw);
      return x !== undefined && Number.isSafeInteger(x) && inRange(x, options) ? x : undefined;
    },
  };
}

/** A finite number flag with an optional range. */
export function numberFlag(options: NumberFlagOptions): FlagSpec<number> {
  return {
    description: options.description,
    default: options.default,
    accepted: `a finite number${rangeWords(options)}`,
    parse(raw) {
      const x = parseFiniteNumber(raw);
      return x !== undefined && inRange(x, options) ? x : undefined;
    },
  };
}

/** A flag that takes one of a fixed set of words. */
export function choiceFlag<C extends string>(
  options: { description: string; default: C; choices: readonly C[] },
): FlagSpec<C> {
  return {
    description: options.description,
    default: options.default,
    accepted: `one of ${options.choices.join(", ")}`,
    parse(raw) {
      return (options.choices as readonly string[]).includes(raw) ? raw as C : undefined;
    },
  };
}

/** A comma-separated list of words from a fixed set, at least one, no repeats. */
export function listFlag<C extends string>(
  options: {
    description: string;
    default: readonly C[];
    choices: readonly C[];
  },
): FlagSpec<C[]> {
  return {
    description: options.description,
    default: [...options.default],
    accepted: `a comma-separated list of ${options.choices.join(", ")}`,
    parse(raw) {
      const items = raw.split(",").map((s) => s.trim());
      if (items.length === 0 || items.some((s) => s === "")) return undefined;
      if (new Set(items).size !== items.length) return undefined;
      if (
        !items.every((s) => (options.choices as readonly string[]).includes(s))
      ) {
        return undefined;
      }
      return items as C[];
    },
  };
}

/** A free-text flag (a path, a name); the empty string is refused. */
export function stringFlag(
  options: { description: string; default: string; accepted?: string },
): FlagSpec<string> {
  return {
    description: options.description,
    default: options.default,
    accepted: options.accepted ?? "a non-empty string",
    parse(raw) {
      return raw === "" ? undefined : raw;
    },
  };
}

/** An optional free-text flag (for example `--from FILE`); absent means `undefined`. */
export function optionalStringFlag(
  options: { description: string; accepted?: string },
): FlagSpec<string | undefined> {
  return {
    description: options.description,
    default: undefined,
    accepted: options.accepted ?? "a non-empty string",
    parse(raw) {
      return raw === "" ? undefined : raw;
    },
  };
}

/** A switch that takes no value. */
export function booleanFlag(description: string): FlagSpec<boolean> {
  return {
    description,
    default: false,
    accepted: "no value",
    boolean: true,
    parse: () => true,
  };
}

/** The usage text that `--help` prints, limits included. */
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
    const shown = spec.default === undefined || spec.boolean
      ? ""
      : ` (default ${Array.isArray(spec.default) ? spec.default.join(",") : spec.default})`;
    const accepted = spec.boolean ? "" : `; ${spec.accepted}`;
    lines.push(
      `  --${name.padEnd(width)} ${spec.description}${accepted}${shown}`,
    );
  }
  lines.push(`  --${"help".padEnd(width)} print this help and exit`);
  return lines.join("\n");
}

/**
 * Parses `args` against `command.flags`. Returns `null` after printing the help
 * text when `--help` is given; throws {@link UsageError} on an unknown flag, a
 * missing value, a repeated flag, a positional argument or a value out of range.
 */
export function parseFlags<S extends Record<string, FlagSpec<unknown>>>(
  args: readonly string[],
  command: CommandSpec<S>,
): FlagValues<S> | null {
  const known = Object.keys(command.flags);
  const options: Record<string, { type: "string" | "boolean" }> = {
    help: { type: "boolean" },
  };
  for (const name of known) {
    options[name] = {
      type: command.flags[name].boolean ? "boolean" : "string",
    };
  }
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
      throw new UsageError(
        `unexpected argument "${token.value}"; flags are ${accepted}`,
      );
    }
    if (token.name === "help") {
      if (token.inlineValue) throw new UsageError("--help takes no value");
      console.log(helpText(command));
      return null;
    }
    const spec = command.flags[token.name];
    if (!spec) {
      throw new UsageError(
        `unknown flag ${token.rawName}; accepted flags: ${accepted}`,
      );
    }
    if (raw.has(token.name)) {
      throw new UsageError(`--${token.name} is given more than once`);
    }
    if (spec.boolean) {
      if (token.inlineValue) {
        throw new UsageError(`--${token.name} takes no value`);
      }
      raw.set(token.name, "");
      continue;
    }
    if (
      token.value === undefined ||
      (!token.inlineValue && token.value.startsWith("--"))
    ) {
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
      throw new UsageError(
        `--${name} must be ${spec.accepted}, got "${text}"`,
      );
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
