/**
 * The flags of a run's settings, made from the settings registry
 * (`lib/model/settings.ts`): one flag per entry of `RUN_SETTINGS`, named
 * after it in kebab case (`xMin` is `--x-min`, `gradAtZero` is
 * `--grad-at-zero`), with its parser, default and words; and the run's
 * options read back from the flags' values. A new registry entry is a new
 * flag of `deno task train`, a new row of README's table and a new field of
 * the options, with no other edit here.
 *
 * @module
 */
import type { FlagSpec } from "./flag_kinds.ts";
import { settingFlag } from "./flag_kinds.ts";
import { RUN_SETTINGS, type RunSettingName, type RunSettingValues } from "../model/settings.ts";

/** A camelCase name in kebab case, as a type: `"xMin"` is `"x-min"`. */
export type Kebab<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `-${Lowercase<H>}`}${Kebab<T>}`
  : S;

/**
 * A camelCase name in kebab case: the flag of a run setting.
 *
 * @param name a run setting's name
 * @returns its flag's name, without dashes
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { kebab } from "./run_flags.ts";
 * deepStrictEqual([kebab("xMin"), kebab("gradAtZero"), kebab("lr")], ["x-min", "grad-at-zero", "lr"]);
 * ```
 */
export function kebab<S extends string>(name: S): Kebab<S> {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) as Kebab<S>;
}

/** The flags of every run setting, keyed by flag name. */
export type RunSettingFlags = { [K in RunSettingName as Kebab<K>]: FlagSpec<RunSettingValues[K]> };

/** The values of {@link RunSettingFlags}, keyed by flag name. */
export type RunSettingFlagValues = { [K in RunSettingName as Kebab<K>]: RunSettingValues[K] };

/**
 * One flag per run setting, in the registry's order, with its help line
 * unless `descriptions` gives one for this command.
 *
 * @param descriptions help lines that replace the registry's, by setting
 * @returns the flags, keyed by flag name
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { runSettingFlags } from "./run_flags.ts";
 * const flags = runSettingFlags({ xMin: "smallest input (< --x-max)" });
 * strictEqual(flags["x-min"].description, "smallest input (< --x-max)");
 * strictEqual(flags["grad-at-zero"].accepted, `a number in [-1, 1] between the activation's slopes ([0, 1] for relu) or "random"`);
 * ```
 */
export function runSettingFlags(descriptions: Partial<Record<RunSettingName, string>> = {}): RunSettingFlags {
  const entries = (Object.keys(RUN_SETTINGS) as RunSettingName[]).map((name) => {
    const setting = RUN_SETTINGS[name] as Parameters<typeof settingFlag>[0];
    return [kebab(name), settingFlag(setting, { description: descriptions[name] })];
  });
  return Object.fromEntries(entries) as RunSettingFlags;
}

/**
 * A run's options from the values of its flags (and of any others, which are ignored).
 *
 * @param values the flags' values, keyed by flag name
 * @returns one value per run setting
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { runOptionsOf, runSettingFlags } from "./run_flags.ts";
 * import { parseFlags } from "./flags.ts";
 * const values = parseFlags(["--x-min", "-3"], { usage: "demo", summary: "", flags: runSettingFlags() });
 * strictEqual(values && runOptionsOf(values).xMin, -3);
 * ```
 */
export function runOptionsOf(values: RunSettingFlagValues): RunSettingValues {
  const flagValues = values as unknown as Record<string, unknown>;
  const entries = Object.keys(RUN_SETTINGS).map((name) => [name, flagValues[kebab(name)]]);
  return Object.fromEntries(entries) as RunSettingValues;
}
