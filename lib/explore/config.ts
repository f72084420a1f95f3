/**
 * The live page's settings: every control of every section, its accepted
 * values, and the URL hash that holds them all, so that a link reproduces
 * what the reader saw. Pure (no DOM): the page and the tests share it.
 *
 * A value is read from text (a control or the hash) by {@link readSetting},
 * which either returns it or says, in one line, what is wrong and what is
 * accepted, naming the control by its label. The parsers, ranges and words
 * are the settings registry's (`lib/model/settings.ts`): the page's link is
 * read as a flag or a run file is.
 *
 * @module
 */
import { TRAINING_LIMITS } from "../model/limits.ts";
import {
  FIXED_GRAD_AT_ZERO,
  type GradAtZero,
  type HiddenInit,
  type OptimizerName,
  type Precision,
  RUN_SETTINGS,
  type TargetChoice,
} from "../model/settings.ts";
import { DATA_FILE_SETTING, DATA_POINTS_SETTING } from "./data_link.ts";
import { defaultKinkOf, fitActivation } from "./activation_settings.ts";
import {
  choiceSetting,
  integerSetting,
  narrowed,
  numberSetting,
  refusal,
  type Setting,
  switchSetting,
} from "../model/setting_kinds.ts";

/** The presets of section 3: the essay's four panels, or none. */
export type FamilyName = "none" | "flip" | "slope" | "hshift" | "vshift";

/** The backends the page can train on. */
export type PageBackend = "cpu" | "webgpu";
const PAGE_BACKENDS: readonly PageBackend[] = ["cpu", "webgpu"];

/** Every setting of the page (the URL hash holds all of them). */
export interface ExploreSettings {
  /** Section 1: relu'(0) in [0, 1]. */
  d0: number;
  /** Section 2: the slope g of the line g·z, in [-0.5, 1.5]. */
  g: number;
  /** Section 3: the slope w ≥ 0 of relu(±w·z + b). */
  w: number;
  /** Section 3: the inner bias b. */
  b: number;
  /** Section 3: the outer offset c. */
  c: number;
  /** Section 3: flip the input (z → −z). */
  fi: boolean;
  /** Section 3: flip the output (relu → −relu). */
  fo: boolean;
  /** Section 3: the family drawn behind the live curve. */
  family: FamilyName;
  /** Section 4: hidden units H. */
  hidden: number;
  /** Section 4: learning rate. */
  lr: number;
  /** Section 4: optimizer. */
  optimizer: OptimizerName;
  /** Section 4: the hidden layer's activation, as the registry writes it (`relu`, `leaky_relu:0.1`, `tanh`). */
  activation: string;
  /** Section 4: the derivative at the kink (relu'(0)) during training: between the activation's slopes, or random. */
  grad: GradAtZero;
  /** Section 4: how the hidden layer starts. */
  init: HiddenInit;
  /** Section 4: seed of the initialisation (and of relu'(0) = random). */
  seed: number;
  /** Section 4: training points in [−10, 10]. */
  points: number;
  /** Section 4: the arithmetic (float64 on the cpu backend only). */
  precision: Precision;
  /** Section 4: training steps per animation frame. */
  spf: number;
  /** Section 4: tfjs backend. */
  backend: PageBackend;
  /** Section 4: the number of updates the reader had done (replayed on load). */
  epoch: number;
  /** Section 4: what the network learns: a target of the registry, or `data` (the points of a file). */
  target: TargetChoice;
  /** Section 4: standard deviation of the seeded Gaussian noise on y. */
  noise: number;
  /** Section 4: share of the points held out as a test set (seeded). */
  test: number;
  /** Section 4: the points of a data file, `x,y;x,y;…` (empty without one). */
  data: string;
  /** Section 4: the data file's name. */
  file: string;
}

/** A setting's name. */
export type SettingName = keyof ExploreSettings;

/** The page's own limits, tighter than the command line's so that every frame stays short. */
export const PAGE_LIMITS = {
  /** Most hidden units. */
  hidden: 64,
  /** Most training points. */
  points: 10_000,
  /** Most steps per frame. */
  spf: 10_000,
  /** Most steps × points × H in one frame (about 50–100 ms of work). */
  frameWork: 2 ** 24,
  /** Most epochs × points × H replayed when a link is opened. */
  replayWork: 2 ** 32,
  /** Most epochs in one run: what one training.json holds. */
  epochs: TRAINING_LIMITS.epochs,
} as const;

/** A control of the page: its label, named in messages, and its setting (accepted values, default, parser, words). */
export interface PageSetting<T> {
  /** The control's label, named in messages. */
  label: string;
  /** The setting: the registry's (`lib/model/settings.ts`), narrowed to the page's limits where they are tighter. */
  setting: Setting<T>;
}

const L = PAGE_LIMITS;
const S = RUN_SETTINGS;
const control = <T>(label: string, setting: Setting<T>): PageSetting<T> => ({ label, setting });

/** The families of section 3, in the order the control lists them. */
const FAMILIES: readonly FamilyName[] = ["none", "flip", "slope", "hshift", "vshift"];

/**
 * Every control of the page: its label and its setting. The training
 * section's are the registry's run settings (hidden and points narrowed to
 * {@link PAGE_LIMITS}), so a value is refused in the same words as by a flag
 * or a run file.
 */
export const SETTINGS: { readonly [K in SettingName]: PageSetting<ExploreSettings[K]> } = {
  d0: control("relu′(0)", FIXED_GRAD_AT_ZERO),
  g: control("g", numberSetting({ help: "the slope g of the line g·z", default: 0.25, min: -0.5, max: 1.5 })),
  w: control("slope w", numberSetting({ help: "the slope w", default: 1, min: 0, max: 3 })),
  b: control("shift b", numberSetting({ help: "the inner bias b", default: 0, min: -3, max: 3 })),
  c: control("lift c", numberSetting({ help: "the outer offset c", default: 0, min: -3, max: 3 })),
  fi: control("flip the input", switchSetting({ help: "flip the input", default: false })),
  fo: control("flip the output", switchSetting({ help: "flip the output", default: false })),
  family: control("family", choiceSetting({ help: "the family", default: "none", choices: FAMILIES })),
  hidden: control("H", narrowed(S.hidden, { max: L.hidden })),
  lr: control("lr", S.lr),
  optimizer: control("optimizer", S.optimizer),
  activation: control("activation", S.activation),
  // any activation's kink ([-1, 1] or random); fitWork narrows it to the activation's slopes
  grad: control("kink derivative f′(0)", S.gradAtZero),
  init: control("initialisation", S.init),
  seed: control("seed", S.seed),
  points: control("points", narrowed(S.points, { max: L.points })),
  precision: control("arithmetic", S.precision),
  spf: control("steps per frame", integerSetting({ help: "steps per frame", default: 100, min: 1, max: L.spf })),
  backend: control("backend", choiceSetting({ help: "backend", default: "cpu", choices: PAGE_BACKENDS })),
  epoch: control("epoch", integerSetting({ help: "epoch", default: 0, min: 0, max: L.epochs })),
  target: control("target", S.target),
  noise: control("noise", S.noise),
  test: control("test split", S.testFraction),
  data: control("data", DATA_POINTS_SETTING),
  file: control("data file", DATA_FILE_SETTING),
};

/**
 * The number of training and test points of the page's run: the data's rows for `data`, else `points`.
 *
 * @param s the settings
 * @returns the number of points
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { DEFAULT_SETTINGS, pointCount } from "./config.ts";
 * strictEqual(pointCount(DEFAULT_SETTINGS), 300);
 * strictEqual(pointCount({ ...DEFAULT_SETTINGS, target: "data", data: "0,1;1,2;2,3" }), 3);
 * ```
 */
export function pointCount(s: Pick<ExploreSettings, "target" | "points" | "data">): number {
  return s.target === "data" ? s.data.split(";").length : s.points;
}

/** The page's defaults: the essay's run (the registry's defaults), 100 steps per frame, on the cpu backend. */
export const DEFAULT_SETTINGS: Readonly<ExploreSettings> = Object.freeze(
  Object.fromEntries(
    Object.entries(SETTINGS).map(([name, c]) => [name, c.setting.default]),
  ) as unknown as ExploreSettings,
);

/** The order of the settings in the hash. */
export const SETTING_NAMES: readonly SettingName[] = Object.keys(DEFAULT_SETTINGS) as SettingName[];

/** A setting read from text: its value, or why it was refused. */
export type SettingResult<K extends SettingName> = { value: ExploreSettings[K] } | { error: string };

function quote(text: string): string {
  const t = text.length > 24 ? text.slice(0, 24) + "…" : text;
  return JSON.stringify(t);
}

/**
 * Reads one setting from text.
 *
 * @param name the setting
 * @param text what a control or the hash holds
 * @returns the value, or a one-line error naming the control and what it accepts
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { readSetting } from "./config.ts";
 * deepStrictEqual(readSetting("lr", "1e-3"), { value: 0.001 });
 * deepStrictEqual(readSetting("lr", "0"), { error: 'lr must be a finite number in (0, 10], got "0"' });
 * deepStrictEqual(readSetting("hidden", "abc"), { error: 'H must be an integer in [1, 64], got "abc"' });
 * ```
 */
export function readSetting<K extends SettingName>(name: K, text: string): SettingResult<K> {
  const { label, setting } = SETTINGS[name] as PageSetting<ExploreSettings[K]>;
  const value = setting.parse(text);
  if (value === undefined) return { error: refusal(label, setting, quote(text)) };
  return { value };
}

/** Settings fitted to the page's work limits, and a note for each change. */
export interface FittedSettings {
  /** The settings, with `spf` and `epoch` lowered where needed, and `backend` cpu in float64. */
  settings: ExploreSettings;
  /** One line per change, by setting. */
  notes: { name: SettingName; message: string }[];
}

/**
 * Fits the settings that limit each other to the page's work limits: steps
 * per frame × points × H (the work of one frame; `spf` is lowered) and epoch
 * × points × H (the work of replaying a link; `epoch` falls back to 0); the
 * kink derivative to the activation's slopes (else the frameworks' value) and
 * float64 to a piecewise-linear activation (`fitActivation`); and float64 to
 * the cpu backend (tfjs devices compute in float32).
 *
 * @param s the settings
 * @returns the fitted settings and a note for each change
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DEFAULT_SETTINGS, fitWork } from "./config.ts";
 * deepStrictEqual(fitWork(DEFAULT_SETTINGS).notes, []);
 * const { settings, notes } = fitWork({ ...DEFAULT_SETTINGS, spf: 10000, points: 10000 });
 * deepStrictEqual(settings.spf, 239);
 * deepStrictEqual(notes.map((n) => n.message), [
 *   "steps per frame × points × H must be at most 16777216 (the work of one frame), got 10000 × 10000 × 7; using 239 steps per frame",
 * ]);
 * ```
 */
export function fitWork(s: ExploreSettings): FittedSettings {
  const settings = { ...s };
  const notes: FittedSettings["notes"] = [];
  const unitPoints = pointCount(s) * s.hidden;
  if (s.spf * unitPoints > L.frameWork) {
    settings.spf = Math.max(1, Math.floor(L.frameWork / unitPoints));
    notes.push({
      name: "spf",
      message: `steps per frame × points × H must be at most ${L.frameWork} (the work of one frame), ` +
        `got ${s.spf} × ${pointCount(s)} × ${s.hidden}; using ${settings.spf} steps per frame`,
    });
  }
  if (s.epoch * unitPoints > L.replayWork) {
    settings.epoch = 0;
    notes.push({
      name: "epoch",
      message: `epoch × points × H must be at most ${L.replayWork} to replay a link, ` +
        `got ${s.epoch} × ${pointCount(s)} × ${s.hidden}; starting at epoch 0`,
    });
  }
  if (s.target === "data" && s.data === "") {
    settings.target = RUN_SETTINGS.target.default;
    notes.push({ name: "target", message: "target data needs a data file's points; using cubic" });
  }
  const fit = fitActivation(settings, SETTINGS.grad.label);
  Object.assign(settings, fit.fields);
  notes.push(...fit.notes);
  if (settings.precision === "float64" && s.backend !== "cpu") {
    settings.backend = "cpu";
    notes.push({
      name: "backend",
      message: "float64 runs on the cpu backend only (devices compute in float32); using cpu",
    });
  }
  return { settings, notes };
}

/** What {@link parseHash} found: the settings (defaults where a value was refused) and one line per refusal. */
export interface ParsedHash {
  /** The settings. */
  settings: ExploreSettings;
  /** Refused values, by setting ("" for the hash as a whole). */
  problems: { name: SettingName | ""; message: string }[];
}

/**
 * Reads the settings from a URL hash (`#hidden=7&lr=0.0001&...`). Missing
 * keys take their defaults; a refused value keeps the default and is
 * reported; unknown keys are reported and ignored.
 *
 * @param hash `location.hash`, with or without the leading `#`
 * @returns the settings and the problems found
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { parseHash } from "./config.ts";
 * const { settings, problems } = parseHash("#hidden=1000000&lr=0.01&colour=red");
 * strictEqual(settings.hidden, 7);
 * strictEqual(settings.lr, 0.01);
 * deepStrictEqual(problems.map((p) => p.message), [
 *   'H must be an integer in [1, 64], got "1000000"; using 7',
 *   'the link holds an unknown setting "colour"; ignored',
 * ]);
 * ```
 */
export function parseHash(hash: string): ParsedHash {
  const settings: ExploreSettings = { ...DEFAULT_SETTINGS };
  const problems: ParsedHash["problems"] = [];
  const refused: { name: SettingName; message: string }[] = [];
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  for (const [key, text] of params) {
    if (!(SETTING_NAMES as readonly string[]).includes(key)) {
      problems.push({ name: "", message: `the link holds an unknown setting ${quote(key)}; ignored` });
      continue;
    }
    const name = key as SettingName;
    const read = readSetting(name, text);
    if ("error" in read) {
      const problem = { name, message: read.error };
      problems.push(problem);
      refused.push(problem);
    } else (settings as unknown as Record<string, unknown>)[name] = read.value;
  }
  // A refused value keeps its default; the kink derivative the activation's (known once the whole link is read).
  for (const problem of refused) {
    const name = problem.name;
    const fallback = name === "grad" ? defaultKinkOf(settings.activation) : DEFAULT_SETTINGS[name];
    (settings as unknown as Record<string, unknown>)[name] = fallback;
    problem.message += `; using ${formatValue(fallback)}`;
  }
  const fitted = fitWork(settings);
  return { settings: fitted.settings, problems: [...problems, ...fitted.notes] };
}

/**
 * A setting's value as the hash and the controls write it.
 *
 * @param value the value
 * @returns its text
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { formatValue } from "./config.ts";
 * deepStrictEqual([formatValue(true), formatValue(1e-4), formatValue("random")], ["1", "0.0001", "random"]);
 * ```
 */
export function formatValue(value: ExploreSettings[SettingName]): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}

/**
 * The URL hash of `settings`: every setting, in a fixed order, so that a
 * link stays the same when defaults change.
 *
 * @param settings the settings
 * @returns `#d0=0&g=0.25&...`
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DEFAULT_SETTINGS, formatHash, parseHash } from "./config.ts";
 * const s = { ...DEFAULT_SETTINGS, grad: "random" as const, hidden: 12 };
 * deepStrictEqual(parseHash(formatHash(s)), { settings: s, problems: [] });
 * ```
 */
export function formatHash(settings: ExploreSettings): string {
  return "#" + SETTING_NAMES.map((name) => `${name}=${encodeURIComponent(formatValue(settings[name]))}`).join("&");
}
