/**
 * The kinds of command-line flag: integers and numbers with a range, one word
 * or a list of words from a fixed set, free text and switches. Each turns the
 * raw text into a value, or `undefined` when the text is not accepted, and
 * says in words what it accepts; `parseFlags` of `flags.ts` reports the
 * refusal.
 *
 * @module
 */
import { choiceSetting, integerSetting, numberSetting, type Setting } from "../model/setting_kinds.ts";

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

/**
 * The flag of a setting of the registry (`lib/model/settings.ts`): its
 * parser, its default and its words; the help line is the setting's unless
 * given.
 *
 * @param setting the setting
 * @param overrides a help line or a default for this command
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { settingFlag } from "./flag_kinds.ts";
 * import { RUN_SETTINGS } from "../model/settings.ts";
 * const lr = settingFlag(RUN_SETTINGS.lr);
 * deepStrictEqual([lr.default, lr.parse("1e-3"), lr.parse("0")], [1e-4, 1e-3, undefined]);
 * strictEqual(lr.accepted, "a finite number in (0, 10]");
 * ```
 */
export function settingFlag<T>(
  setting: Setting<T>,
  overrides: { description?: string; default?: T } = {},
): FlagSpec<T> {
  return {
    description: overrides.description ?? setting.help,
    default: "default" in overrides ? overrides.default as T : setting.default,
    accepted: setting.accepted,
    parse: (raw) => setting.parse(raw),
  };
}

function numberOptions(o: NumberFlagOptions) {
  return { help: o.description, default: o.default, min: o.min, max: o.max, minOpen: o.exclusiveMin };
}

/**
 * An integer flag with an inclusive range.
 *
 * @param options the description, the default and the range
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { integerFlag } from "./flag_kinds.ts";
 * const hidden = integerFlag({ description: "hidden units", default: 7, min: 1, max: 4096 });
 * deepStrictEqual([hidden.parse("12"), hidden.parse("1.5"), hidden.parse("0")], [12, undefined, undefined]);
 * strictEqual(hidden.accepted, "an integer in [1, 4096]");
 * ```
 */
export function integerFlag(options: NumberFlagOptions): FlagSpec<number> {
  return settingFlag(integerSetting(numberOptions(options)));
}

/**
 * A finite number flag with an optional range.
 *
 * @param options the description, the default and the range
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { numberFlag } from "./flag_kinds.ts";
 * const lr = numberFlag({ description: "learning rate", default: 1e-4, min: 0, max: 1, exclusiveMin: true });
 * strictEqual(lr.parse("1e-3"), 1e-3);
 * deepStrictEqual([lr.parse("0"), lr.parse("0x1"), lr.parse("NaN")], [undefined, undefined, undefined]);
 * strictEqual(lr.accepted, "a finite number in (0, 1]");
 * ```
 */
export function numberFlag(options: NumberFlagOptions): FlagSpec<number> {
  return settingFlag(numberSetting(numberOptions(options)));
}

/**
 * A flag that takes one of a fixed set of words.
 *
 * @param options the description, the default and the words
 * @returns the flag
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { choiceFlag } from "./flag_kinds.ts";
 * const side = choiceFlag({ description: "side", default: "left", choices: ["left", "right"] as const });
 * strictEqual(side.parse("right"), "right");
 * strictEqual(side.parse("Right"), undefined);
 * strictEqual(side.accepted, "one of left, right");
 * ```
 */
export function choiceFlag<C extends string>(
  options: { description: string; default: NoInfer<C>; choices: readonly C[] },
): FlagSpec<C> {
  return settingFlag(choiceSetting({ help: options.description, default: options.default, choices: options.choices }));
}

/**
 * A comma-separated list of words from a fixed set, at least one, no repeats.
 *
 * @param options the description, the default and the words
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { listFlag } from "./flag_kinds.ts";
 * const formats = listFlag({ description: "formats", default: ["json"], choices: ["json", "svg", "gif"] });
 * deepStrictEqual(formats.parse("svg, json"), ["svg", "json"]);
 * deepStrictEqual([formats.parse("svg,svg"), formats.parse("png"), formats.parse("")], Array(3).fill(undefined));
 * ```
 */
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
      if (!items.every((s) => (options.choices as readonly string[]).includes(s))) return undefined;
      return items as C[];
    },
  };
}

/**
 * A free-text flag (a path, a name); the empty string is refused.
 *
 * @param options the description, the default and, optionally, the accepted values in words
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { stringFlag } from "./flag_kinds.ts";
 * const out = stringFlag({ description: "output folder", default: "figures" });
 * deepStrictEqual([out.parse("/tmp/x"), out.parse(""), out.accepted], ["/tmp/x", undefined, "a non-empty string"]);
 * ```
 */
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

/**
 * An optional free-text flag (for example `--from FILE`); absent means `undefined`.
 *
 * @param options the description and, optionally, the accepted values in words
 * @returns the flag, with default `undefined`
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { optionalStringFlag } from "./flag_kinds.ts";
 * const from = optionalStringFlag({ description: "saved run", accepted: "a path to a training.json" });
 * deepStrictEqual([from.default, from.parse("run.json"), from.parse("")], [undefined, "run.json", undefined]);
 * ```
 */
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

/**
 * A switch that takes no value.
 *
 * @param description one line for `--help`
 * @returns the flag, false unless given
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { booleanFlag } from "./flag_kinds.ts";
 * import { parseFlags } from "./flags.ts";
 * const command = { usage: "demo", summary: "A demo.", flags: { verbose: booleanFlag("say more") } };
 * deepStrictEqual(parseFlags([], command), { verbose: false });
 * deepStrictEqual(parseFlags(["--verbose"], command), { verbose: true });
 * ```
 */
export function booleanFlag(description: string): FlagSpec<boolean> {
  return {
    description,
    default: false,
    accepted: "no value",
    boolean: true,
    parse: () => true,
  };
}
