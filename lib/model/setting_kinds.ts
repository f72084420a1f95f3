/**
 * The kinds of setting of the settings registry (`./settings.ts`): integers
 * and numbers with a range (open or closed ends), one of a fixed set of
 * words, and switches. Each reads a value from text or checks one from JSON,
 * writes it back, and says in words what it accepts; {@link refusal} makes
 * the one sentence every entry point refuses a value with.
 *
 * @module
 */

/** A numeric range: each end inclusive unless marked open. */
export interface SettingRange {
  /** The low end, if any. */
  readonly min?: number;
  /** The high end, if any. */
  readonly max?: number;
  /** When true, `min` itself is refused (`> min`). */
  readonly minOpen?: boolean;
}

/** The kinds of setting. */
export type SettingKind = "integer" | "number" | "choice" | "switch" | "gradAtZero" | "text";

/** One setting: what it accepts, its default, and how text and values are read and written. */
export interface Setting<T> {
  /** The kind. */
  readonly kind: SettingKind;
  /** One line for `--help` and README. */
  readonly help: string;
  /** The value when none is given. */
  readonly default: T;
  /** What is accepted, in words (`an integer in [1, 4096]`): the one text every refusal uses. */
  readonly accepted: string;
  /** The accepted range of a numeric setting. */
  readonly range?: SettingRange;
  /** The accepted values of a choice. */
  readonly choices?: readonly T[];
  /** Whether a value (from JSON or code) is accepted. */
  accepts(value: unknown): value is T;
  /** The value written as `text`, or undefined when the text is not accepted. */
  parse(text: string): T | undefined;
  /** The value as text, as `parse` reads it back. */
  format(value: T): string;
}

/** The value type of a setting. */
export type SettingValue<S> = S extends Setting<infer T> ? T : never;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A plain decimal number from text (`-10`, `1e-4`, `.5`, surrounding blanks
 * allowed), or undefined for hex, `NaN`, `Infinity`, blanks and anything
 * that overflows; `-0` reads as 0.
 *
 * @param text the text
 * @returns the number, or undefined
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { parseDecimal } from "./setting_kinds.ts";
 * deepStrictEqual([parseDecimal(" 1e-4"), parseDecimal("0x1"), parseDecimal("1e999")], [1e-4, undefined, undefined]);
 * ```
 */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim();
  if (!DECIMAL.test(t)) return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x + 0 : undefined;
}

/**
 * A range in words: ` in [a, b]`, ` in (a, b]`, ` >= a`, ` > a`, ` <= b`, or nothing.
 *
 * @param range the range
 * @returns the words, with a leading space when not empty
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { rangeWords } from "./setting_kinds.ts";
 * deepStrictEqual([rangeWords({ min: 0, max: 10, minOpen: true }), rangeWords({ min: 1 }), rangeWords({})], [" in (0, 10]", " >= 1", ""]);
 * ```
 */
export function rangeWords(range: SettingRange): string {
  const { min, max, minOpen } = range;
  if (min !== undefined && max !== undefined) return ` in ${minOpen ? "(" : "["}${min}, ${max}]`;
  if (min !== undefined) return minOpen ? ` > ${min}` : ` >= ${min}`;
  return max !== undefined ? ` <= ${max}` : "";
}

function inRange(x: number, range: SettingRange): boolean {
  if (range.min !== undefined && (range.minOpen ? !(x > range.min) : !(x >= range.min))) return false;
  return range.max === undefined || x <= range.max;
}

/** What every kind is built from: the help line and the default. */
export interface SettingOptions<T> {
  /** One line for `--help` and README. */
  help: string;
  /** The value when none is given. */
  default: T;
}

/**
 * An integer setting with a range.
 *
 * @param options the help line, the default and the range
 * @returns the setting
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { integerSetting } from "./setting_kinds.ts";
 * const hidden = integerSetting({ help: "hidden units", default: 7, min: 1, max: 4096 });
 * deepStrictEqual([hidden.parse("12"), hidden.parse("1.5"), hidden.accepts(0), hidden.accepts(3)], [12, undefined, false, true]);
 * strictEqual(hidden.accepted, "an integer in [1, 4096]");
 * ```
 */
export function integerSetting(options: SettingOptions<number> & SettingRange): Setting<number> {
  return rangeSetting("integer", options);
}

/** A numeric setting: an integer (a safe one) or any finite number, in a range. */
function rangeSetting(kind: "integer" | "number", options: SettingOptions<number> & SettingRange): Setting<number> {
  const range = { min: options.min, max: options.max, minOpen: options.minOpen };
  const whole = kind === "integer" ? Number.isSafeInteger : Number.isFinite;
  const accepts = (v: unknown): v is number => typeof v === "number" && whole(v) && inRange(v, range);
  return {
    kind,
    help: options.help,
    default: options.default,
    accepted: `${kind === "integer" ? "an integer" : "a finite number"}${rangeWords(range)}`,
    range,
    accepts,
    parse: (text) => [parseDecimal(text)].find(accepts),
    format: String,
  };
}

/**
 * A finite number setting with a range.
 *
 * @param options the help line, the default and the range
 * @returns the setting
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { numberSetting } from "./setting_kinds.ts";
 * const lr = numberSetting({ help: "learning rate", default: 1e-4, min: 0, max: 10, minOpen: true });
 * deepStrictEqual([lr.parse("1e-3"), lr.parse("0"), lr.parse("NaN"), lr.accepts(Infinity)], [1e-3, undefined, undefined, false]);
 * strictEqual(lr.accepted, "a finite number in (0, 10]");
 * ```
 */
export function numberSetting(options: SettingOptions<number> & SettingRange): Setting<number> {
  return rangeSetting("number", options);
}

/**
 * A setting that takes one of a fixed set of words.
 *
 * @param options the help line, the default and the words
 * @returns the setting
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { choiceSetting } from "./setting_kinds.ts";
 * const side = choiceSetting({ help: "side", default: "left", choices: ["left", "right"] as const });
 * deepStrictEqual([side.parse("right"), side.parse("Right"), side.parse(" left"), side.accepts("left")], ["right", undefined, undefined, true]);
 * strictEqual(side.accepted, "one of left, right");
 * ```
 */
export function choiceSetting<C extends string>(
  options: SettingOptions<NoInfer<C>> & { choices: readonly C[] },
): Setting<C> {
  const choices = options.choices;
  const accepts = (v: unknown): v is C => (choices as readonly unknown[]).includes(v);
  return {
    kind: "choice",
    help: options.help,
    default: options.default,
    accepted: `one of ${choices.join(", ")}`,
    choices,
    accepts,
    parse: (text) => [text].find(accepts),
    format: String,
  };
}

/**
 * An on/off setting written `1` or `0` (`true` and `false` are read too).
 *
 * @param options the help line and the default
 * @returns the setting
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { switchSetting } from "./setting_kinds.ts";
 * const flip = switchSetting({ help: "flip the input", default: false });
 * deepStrictEqual([flip.parse("1"), flip.parse("false"), flip.parse("yes"), flip.format(true)], [true, false, undefined, "1"]);
 * ```
 */
export function switchSetting(options: SettingOptions<boolean>): Setting<boolean> {
  return {
    kind: "switch",
    help: options.help,
    default: options.default,
    accepted: "0 or 1",
    accepts: (v: unknown): v is boolean => typeof v === "boolean",
    parse: (text) => text === "1" || text === "true" ? true : text === "0" || text === "false" ? false : undefined,
    format: (v) => v ? "1" : "0",
  };
}

/**
 * The same setting with a tighter range (the page's own limits): its words
 * made by the same kind, so a refusal reads alike.
 *
 * @param setting an integer or number setting
 * @param range the tighter range (each end replaces the setting's)
 * @returns the narrowed setting
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { narrowed } from "./setting_kinds.ts";
 * import { RUN_SETTINGS } from "./settings.ts";
 * strictEqual(narrowed(RUN_SETTINGS.hidden, { max: 64 }).accepted, "an integer in [1, 64]");
 * ```
 */
export function narrowed(setting: Setting<number>, range: SettingRange): Setting<number> {
  const make = setting.kind === "integer" ? integerSetting : numberSetting;
  return make({ help: setting.help, default: setting.default, ...setting.range, ...range });
}

/**
 * The one refusal: `NAME must be ACCEPTED, got GOT`. Every entry point (a
 * flag, a run file, the page's link and controls, an engine) says a refused
 * value in these words, naming the setting as its user knows it.
 *
 * @param name the setting as the entry point names it (`--lr`, `config.lr`, `lr`)
 * @param setting the setting
 * @param got the refused value as shown (quoted text, or a JSON value)
 * @returns the sentence
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { refusal } from "./setting_kinds.ts";
 * import { RUN_SETTINGS } from "./settings.ts";
 * strictEqual(refusal("--lr", RUN_SETTINGS.lr, '"0"'), '--lr must be a finite number in (0, 10], got "0"');
 * ```
 */
export function refusal(name: string, setting: Pick<Setting<unknown>, "accepted">, got: string): string {
  return `${name} must be ${setting.accepted}, got ${got}`;
}
