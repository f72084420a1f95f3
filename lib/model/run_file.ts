/**
 * Reading a saved run (`training.json`, a run file) with strict validation:
 * every field is checked for its type, its range (a setting's entry in the
 * settings registry, `RUN_SETTINGS`, refused in its words) and its length against the config, and the first
 * problem is reported on one line naming the file, the field and what is accepted.
 *
 * @module
 */
import { firstLine, UsageError } from "../errors.ts";
import { firstLineExcerpt } from "../input.ts";
import { DATA_TOLERANCE, DRAWABLE_ACCEPTED, drawableRangeProblem, TRAINING_LIMITS } from "./limits.ts";
import type { DataSettingName, DataSource, Snapshot, TestSet, TrainingConfig, TrainingRun } from "./run.ts";
import { DATA_SETTING_NAMES, recordedDataSettings, testCount } from "./dataset.ts";
import { TARGETS } from "../math/targets.ts";
import { BACKEND_SETTING, RUN_SETTINGS, type RunSettingName, type RunSettingValues } from "./settings.ts";
import { narrowed, refusal, type Setting } from "./setting_kinds.ts";
import { kinkProblem } from "../math/activation_registry.ts";

/**
 * The largest run file read, in characters (256 MB).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MAX_TRAINING_FILE_CHARS } from "./run_file.ts";
 * strictEqual(MAX_TRAINING_FILE_CHARS, 2 ** 28);
 * ```
 */
export const MAX_TRAINING_FILE_CHARS = 256 * 1024 * 1024;

type Json = unknown;

function show(value: Json): string {
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  // A short, escaped excerpt: a message never echoes more of the file than that.
  if (typeof value === "string") return firstLineExcerpt(value, 24);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" ? "an object" : typeof value;
}

/** Validation with a path-aware failure message. */
class Checker {
  constructor(private readonly source: string) {}

  fail(field: string, accepted: string, got: Json): never {
    this.failShown(field, accepted, show(got));
  }

  /** As {@link fail}, with the value already shown as text. */
  failShown(field: string, accepted: string, got: string): never {
    const source = this.source;
    throw new UsageError((n) => `${n("runFile")} ${source}: ${refusal(field, { accepted }, got)}`);
  }

  object(value: Json, field: string): Record<string, Json> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(field, "an object", value);
    }
    return value as Record<string, Json>;
  }

  number(value: Json, field: string, range: { min?: number; max?: number; above?: number } = {}): number {
    const words = [
      range.above !== undefined ? `> ${range.above}` : undefined,
      range.min !== undefined ? `>= ${range.min}` : undefined,
      range.max !== undefined ? `<= ${range.max}` : undefined,
    ].filter((w) => w).join(" and ");
    const accepted = `a finite number${words ? " " + words : ""}`;
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(field, accepted, value);
    if (
      (range.above !== undefined && !(value > range.above)) ||
      (range.min !== undefined && value < range.min) ||
      (range.max !== undefined && value > range.max)
    ) {
      this.fail(field, accepted, value);
    }
    return value;
  }

  integer(value: Json, field: string, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `an integer in [${min}, ${max}]`, value);
    }
    return value;
  }

  /** A value of a registry setting, refused in the registry's words. */
  setting<T>(value: Json, field: string, setting: Setting<T>): T {
    if (!setting.accepts(value)) this.failShown(field, setting.accepted, show(value));
    return value;
  }

  numbers(value: Json, field: string, length: number, range: { min?: number } = {}): number[] {
    if (!Array.isArray(value)) this.fail(field, `an array of ${length} numbers`, value);
    if (value.length !== length) this.fail(field, `an array of ${length} numbers`, value);
    value.forEach((v, i) => this.number(v, `${field}[${i}]`, range));
    return value as number[];
  }
}

/**
 * The settings every run file has recorded since the first: those of the
 * registry up to relu'(0). A later one (init, precision, and any appended
 * to the registry since) takes its default when a file lacks it.
 */
const FIRST_RECORDED: ReadonlySet<string> = new Set(
  Object.keys(RUN_SETTINGS).slice(0, Object.keys(RUN_SETTINGS).indexOf("gradAtZero") + 1),
);

/** The checks between settings, each made once the setting it is keyed by has been read. */
const BETWEEN: Partial<Record<RunSettingName, (c: Checker, v: RunSettingValues) => void>> = {
  points: (c, v) => {
    const units = TRAINING_LIMITS.units;
    if (v.hidden * v.points > units) c.fail("config.points × config.hidden", `at most ${units}`, v.hidden * v.points);
  },
  xMax: (c, { xMin, xMax }) => {
    if (!(xMax > xMin)) c.fail("config.xMax", `greater than config.xMin = ${xMin}`, xMax);
    const undrawable = drawableRangeProblem([xMin, xMax]);
    if (undrawable) c.failShown("config.xMin and config.xMax", DRAWABLE_ACCEPTED, `${xMin} and ${xMax}: ${undrawable}`);
  },
  activation: (c, { activation, gradAtZero }) => {
    const problem = kinkProblem(activation ?? RUN_SETTINGS.activation.default, gradAtZero);
    if (problem) c.failShown("config.gradAtZero", problem, String(gradAtZero));
  },
};

/**
 * The config: every run setting of the registry in its order, refused in
 * its words (`every` bounded by the run's epochs too), the checks between
 * settings, and the backend that ran.
 */
function parseConfig(c: Checker, value: Json): TrainingConfig {
  const o = c.object(value, "config");
  const v = {} as Record<RunSettingName, unknown>;
  for (const name of Object.keys(RUN_SETTINGS) as RunSettingName[]) {
    const setting: Setting<unknown> = name === "every"
      ? narrowed(RUN_SETTINGS.every, { max: v.epochs as number })
      : RUN_SETTINGS[name];
    v[name] = o[name] === undefined && !FIRST_RECORDED.has(name)
      ? setting.default
      : c.setting(o[name], `config.${name}`, setting);
    BETWEEN[name]?.(c, v as RunSettingValues);
  }
  const backend = c.setting(o.backend, "config.backend", BACKEND_SETTING);
  // The data settings at their defaults are not recorded (a run on y = x³ reads and is written as before them).
  const data = recordedDataSettings(v as RunSettingValues);
  for (const name of DATA_SETTING_NAMES) delete v[name];
  // relu, the activation of every run before there was a choice, is not recorded either
  if (v.activation === RUN_SETTINGS.activation.default) delete v.activation;
  return { ...(v as Omit<RunSettingValues, DataSettingName>), ...data, backend };
}

/**
 * The inputs and targets against the config: every x on [xMin, xMax] and,
 * for a target without noise, every y equal to its value at x, both within
 * float32 rounding ({@link DATA_TOLERANCE}), as the trainer makes them;
 * anything else would be drawn outside the axes or is not the run's data.
 */
function checkData(c: Checker, config: TrainingConfig, x: readonly number[], y: readonly number[], at = ""): void {
  const { xMin, xMax } = config;
  const slack = DATA_TOLERANCE * Math.max(Math.abs(xMin), Math.abs(xMax));
  const i = x.findIndex((v) => !(v >= xMin - slack && v <= xMax + slack));
  if (i >= 0) c.fail(`${at}x[${i}]`, `within [config.xMin, config.xMax] = [${xMin}, ${xMax}]`, x[i]);
  const target = config.target ?? RUN_SETTINGS.target.default;
  if (target === "data" || (config.noise ?? 0) > 0) return;
  const { formula: f, label } = TARGETS[target];
  // f(x) rounded to float32: relative error 2^-24, or 2^-149 where f(x) underflows float32.
  const j = y.findIndex((v, k) => !(Math.abs(v - f(x[k])) <= DATA_TOLERANCE * Math.abs(f(x[k])) + 2 ** -126));
  if (j >= 0) c.fail(`${at}y[${j}]`, `f(${at}x[${j}]) = ${f(x[j])} (the target ${label})`, y[j]);
}

/** The held-out points and their losses, one per snapshot, when the config holds points out. */
function parseTest(c: Checker, value: Json, config: TrainingConfig, snapshots: number): TestSet | undefined {
  const count = testCount(config.points, config.testFraction ?? 0);
  if (count === 0) {
    if (value !== undefined) c.fail("test", "absent (config.testFraction holds no point out)", value);
    return undefined;
  }
  const o = c.object(value, "test");
  const x = c.numbers(o.x, "test.x", count);
  const y = c.numbers(o.y, "test.y", count);
  checkData(c, config, x, y, "test.");
  const losses = c.numbers(o.losses, "test.losses", snapshots, { min: 0 });
  return { x, y, losses };
}

/** The file a run on data of one's own was read from, and its points as read. */
function parseSource(c: Checker, value: Json, config: TrainingConfig): DataSource | undefined {
  if (config.target !== "data") {
    if (value !== undefined) c.fail("data", "absent (config.target is not data)", value);
    return undefined;
  }
  const o = c.object(value, "data");
  if (typeof o.file !== "string" || o.file === "") c.fail("data.file", "the name of the CSV file", o.file);
  const x = c.numbers(o.x, "data.x", config.points);
  const y = c.numbers(o.y, "data.y", config.points);
  checkData(c, config, x, y, "data.");
  return { file: o.file as string, x, y };
}

/**
 * Why `JSON.parse` refused the text, without the text: V8 quotes what it
 * could not read (`Unexpected token 'r', "root:x:0:0"... is not valid JSON`),
 * and a message must not echo a file's content.
 */
function jsonProblem(e: unknown): string {
  return firstLine(e)
    .replace(/^Unexpected token '.*?', ".*"(\.\.\.)? is not valid JSON$/, "unexpected text")
    .replace(/^".*"(\.\.\.)? is not valid JSON$/, "not valid JSON")
    .replace(/[^\x20-\x7e]/g, "?");
}

function parseSnapshots(c: Checker, value: Json, config: TrainingConfig, losses: number[]): Snapshot[] {
  const { epochs, hidden } = config;
  const accepted = `an array of 2 to ${TRAINING_LIMITS.snapshots} snapshots`;
  if (!Array.isArray(value)) c.fail("snapshots", accepted, value);
  if (value.length < 2 || value.length > TRAINING_LIMITS.snapshots) c.fail("snapshots", accepted, value);
  if (value.length * hidden > TRAINING_LIMITS.snapshotUnits) {
    c.fail("snapshots", `at most ${TRAINING_LIMITS.snapshotUnits} snapshots × hidden (${hidden})`, value);
  }
  let previous = -1;
  return value.map((item, i) => {
    const at = `snapshots[${i}]`;
    const s = c.object(item, at);
    const epoch = c.integer(s.epoch, `${at}.epoch`, 0, epochs);
    if (epoch <= previous) {
      c.fail(`${at}.epoch`, `greater than snapshots[${i - 1}].epoch = ${previous} (epochs increase)`, epoch);
    }
    if (i === 0 && epoch !== 0) c.fail(`${at}.epoch`, "0 (the first snapshot holds the initial parameters)", epoch);
    if (i === value.length - 1 && epoch !== epochs) {
      c.fail(`${at}.epoch`, `${epochs} (the last snapshot is at config.epochs)`, epoch);
    }
    previous = epoch;
    const loss = c.number(s.loss, `${at}.loss`, { min: 0 });
    if (loss !== losses[epoch]) c.fail(`${at}.loss`, `losses[${epoch}] = ${losses[epoch]}`, loss);
    return {
      epoch,
      loss,
      w0: c.numbers(s.w0, `${at}.w0`, hidden),
      b0: c.numbers(s.b0, `${at}.b0`, hidden),
      w1: c.numbers(s.w1, `${at}.w1`, hidden),
      b1: c.number(s.b1, `${at}.b1`),
    };
  });
}

/**
 * Parses and validates the text of a saved run. `source` names the file in
 * messages. Throws a one-line {@link UsageError} naming the run file, the field
 * and what is accepted: for text that is not JSON, a missing or mistyped
 * field, NaN, Infinity or a string where a number belongs, arrays whose
 * length does not match the config (x, y: the points less the test points;
 * w0, b0, w1: hidden; losses: epochs + 1; test.losses: one per snapshot),
 * inputs off [xMin, xMax], targets other than the target's (without noise),
 * a run on data without its file's points (`data`),
 * an input range the plots cannot draw, snapshot epochs that do not run from
 * 0 up to epochs, or sizes beyond the accepted limits. A message quotes at
 * most a short, escaped excerpt of the file's first line.
 *
 * @param text the file's text
 * @param source the file's name, for messages
 * @returns the validated run
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { parseTrainingRun } from "./run_file.ts";
 * throws(() => parseTrainingRun("{}", "run.json"), { message: "runFile run.json: config must be an object, got undefined" });
 * throws(() => parseTrainingRun("root:x:0:0:root:/root:/bin/bash", "x.json"), {
 *   message: `runFile x.json must be a JSON training run (training.json); it is not JSON: unexpected text; ` +
 *     `its first line starts "root:x:0:0:root:..."`,
 * });
 * ```
 */
export function parseTrainingRun(text: string, source: string): TrainingRun {
  const c = new Checker(source);
  if (text.length > MAX_TRAINING_FILE_CHARS) {
    throw new UsageError((n) =>
      `${n("runFile")} ${source}: the file must be at most 256 MB of JSON, got ${text.length} characters`
    );
  }
  let parsed: Json;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const why = text.trim() === ""
      ? "the file is empty"
      : `${jsonProblem(e)}; its first line starts ${firstLineExcerpt(text)}`;
    throw new UsageError((n) =>
      `${n("runFile")} ${source} must be a JSON training run (training.json); it is not JSON: ${why}`
    );
  }
  const top = c.object(parsed, "the file");
  const config = parseConfig(c, top.config);
  const training = config.points - testCount(config.points, config.testFraction ?? 0);
  const x = c.numbers(top.x, "x", training);
  const y = c.numbers(top.y, "y", training);
  checkData(c, config, x, y);
  const losses = c.numbers(top.losses, "losses", config.epochs + 1, { min: 0 });
  const snapshots = parseSnapshots(c, top.snapshots, config, losses);
  const test = parseTest(c, top.test, config, snapshots.length);
  const data = parseSource(c, top.data, config);
  return { config, x, y, losses, snapshots, ...(test ? { test } : {}), ...(data ? { data } : {}) };
}
