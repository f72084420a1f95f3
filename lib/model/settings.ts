/**
 * The settings registry: each setting of a training run defined once, as
 * data (after scikit-learn's parameter constraints): its kind, its accepted
 * values or range, its default, its parser (text to value), its check of a
 * value from JSON or code, its formatter and its help text. The command-line
 * flags, the run-file reader, the engine contract, the live page's link and
 * controls, the essay's setting and README's flag table all read it, so that
 * a value is accepted, defaulted and refused in the same words everywhere.
 *
 * The kinds of setting (`./setting_kinds.ts`) serve other settings too (the
 * page's own controls, a figure's flags), with the same parser and words.
 *
 * @module
 */
import { GRAD_AT_ZERO_DEFAULT } from "../math/relu.ts";
import { DEFAULT_TARGET, TARGET_NAMES, type TargetName, TARGETS } from "../math/targets.ts";
import {
  ACTIVATION_ACCEPTED,
  ACTIVATION_DEFAULT,
  ACTIVATION_REGISTRY,
  KINK_RANGE,
  parseActivation,
} from "../math/activation_registry.ts";
import { TRAINING_LIMITS as L } from "./limits.ts";
import { choiceSetting, integerSetting, numberSetting, type Setting, type SettingValue } from "./setting_kinds.ts";

/**
 * The optimizers the trainer supports.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { OPTIMIZERS } from "./settings.ts";
 * strictEqual(OPTIMIZERS.join(" or "), "sgd or adam");
 * ```
 */
export const OPTIMIZERS = ["sgd", "adam"] as const;
/** An optimizer's name. */
export type OptimizerName = (typeof OPTIMIZERS)[number];

/**
 * The arithmetics of a run: float32 as tfjs devices compute, or float64 (the
 * fused engine on the cpu backend only), in the order `--help` lists them.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { PRECISIONS } from "./settings.ts";
 * strictEqual(PRECISIONS.join(" or "), "float32 or float64");
 * ```
 */
export const PRECISIONS = ["float32", "float64"] as const;
/** The arithmetic of a run. */
export type Precision = (typeof PRECISIONS)[number];

/**
 * How the hidden layer starts: PyTorch's `nn.Linear` default, or w0 = b0 = 0
 * (the output layer PyTorch's in both).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { HIDDEN_INITS } from "./settings.ts";
 * strictEqual(HIDDEN_INITS.join(" or "), "pytorch or zero-hidden");
 * ```
 */
export const HIDDEN_INITS = ["pytorch", "zero-hidden"] as const;
/** How the hidden layer starts. */
export type HiddenInit = (typeof HIDDEN_INITS)[number];

/**
 * The tfjs backends the trainer can run on.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { BACKEND_NAMES } from "./settings.ts";
 * deepStrictEqual(BACKEND_NAMES, ["webgpu", "cpu", "wasm"]);
 * ```
 */
export const BACKEND_NAMES = ["webgpu", "cpu", "wasm"] as const;
/** A tfjs backend's name. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/**
 * The engines that can train a regressor, fastest first.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { ENGINE_NAMES } from "./settings.ts";
 * deepStrictEqual(ENGINE_NAMES, ["fused", "autodiff"]);
 * ```
 */
export const ENGINE_NAMES = ["fused", "autodiff"] as const;
/** An engine's name. */
export type EngineName = (typeof ENGINE_NAMES)[number];

/**
 * What a run learns: a target of the registry (`lib/math/targets.ts`), or
 * `data`, the points of a file (`--data FILE.csv`, the page's file picker).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TARGET_CHOICES } from "./settings.ts";
 * strictEqual(TARGET_CHOICES.join(" "), "cubic square abs sin step zigzag data");
 * ```
 */
export const TARGET_CHOICES: readonly TargetChoice[] = [...TARGET_NAMES, "data"];
/** A target's name, or `data`. */
export type TargetChoice = TargetName | "data";

/** How the kink derivative (relu'(0)) is chosen during training: a fixed value between the activation's slopes, or a fresh draw between them per element per step. */
export type GradAtZero = number | "random";

/**
 * A fixed relu'(0): a number in [0, 1], the subdifferential of relu at 0
 * (default 0, as in TensorFlow and PyTorch). The figures of relu' take one.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { FIXED_GRAD_AT_ZERO } from "./settings.ts";
 * deepStrictEqual([FIXED_GRAD_AT_ZERO.default, FIXED_GRAD_AT_ZERO.parse("0.5"), FIXED_GRAD_AT_ZERO.parse("random")], [0, 0.5, undefined]);
 * strictEqual(FIXED_GRAD_AT_ZERO.accepted, "a finite number in [0, 1]");
 * ```
 */
export const FIXED_GRAD_AT_ZERO: Setting<number> = numberSetting({
  help: "the value of relu'(0)",
  default: GRAD_AT_ZERO_DEFAULT,
  min: 0,
  max: 1,
});

/** Any kink derivative of the registry's piecewise members: a number in `KINK_RANGE` ([−1, 1]). */
const ANY_KINK: Setting<number> = numberSetting({
  help: "the derivative at the kink",
  default: GRAD_AT_ZERO_DEFAULT,
  min: KINK_RANGE.lo,
  max: KINK_RANGE.hi,
});

function gradAtZeroSetting(fixed: Setting<number>, help: string, accepted: string): Setting<GradAtZero> {
  const accepts = (v: unknown): v is GradAtZero => v === "random" || fixed.accepts(v);
  return {
    kind: "gradAtZero",
    help,
    default: GRAD_AT_ZERO_DEFAULT,
    accepted,
    range: fixed.range,
    accepts,
    parse: (text) => text.trim() === "random" ? "random" : fixed.parse(text),
    format: String,
  };
}

/**
 * relu'(0) for the commands that train relu only (the experiments): a number in [0, 1] or "random" (a fresh
 * U(0, 1) draw per unit, point and step).
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { RELU_GRAD_AT_ZERO } from "./settings.ts";
 * deepStrictEqual([RELU_GRAD_AT_ZERO.parse("random"), RELU_GRAD_AT_ZERO.parse("-0.5")], ["random", undefined]);
 * strictEqual(RELU_GRAD_AT_ZERO.accepted, 'a number in [0, 1] or "random"');
 * ```
 */
export const RELU_GRAD_AT_ZERO: Setting<GradAtZero> = gradAtZeroSetting(
  FIXED_GRAD_AT_ZERO,
  "relu'(0) during training: a fixed value, or a fresh U(0, 1) draw per unit, point and step",
  `a number in [0, 1] or "random"`,
);

/**
 * The activation of the hidden layer, as its canonical text (`relu`, `leaky_relu:0.1`, `tanh`): one of the
 * activation registry (`lib/math/activation_registry.ts`). Its choices are the registry's entries with their
 * default parameter; any parameter in range is accepted too.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { ACTIVATION_SETTING } from "./settings.ts";
 * deepStrictEqual(
 *   [ACTIVATION_SETTING.default, ACTIVATION_SETTING.parse("leaky_relu:.1"), ACTIVATION_SETTING.parse("swish")],
 *   ["relu", "leaky_relu:0.1", undefined],
 * );
 * deepStrictEqual([ACTIVATION_SETTING.accepts("tanh"), ACTIVATION_SETTING.accepts("leaky_relu:.1")], [true, false]);
 * ```
 */
export const ACTIVATION_SETTING: Setting<string> = {
  kind: "choice",
  help: "activation of the hidden layer (piecewise-linear ones on the fused engine, smooth ones on autodiff)",
  default: ACTIVATION_DEFAULT,
  accepted: ACTIVATION_ACCEPTED,
  choices: ACTIVATION_REGISTRY.map((e) => e.make().text),
  // a recorded value is the canonical text
  accepts: (v: unknown): v is string => typeof v === "string" && parseActivation(v)?.text === v,
  parse: (text) => parseActivation(text)?.text,
  format: String,
};

/**
 * The settings of a training run, one entry each, keyed as `training.json`
 * records them; their defaults are the essay's run (`lib/essay.ts`).
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { RUN_SETTINGS } from "./settings.ts";
 * strictEqual(RUN_SETTINGS.lr.accepted, "a finite number in (0, 10]");
 * deepStrictEqual([RUN_SETTINGS.gradAtZero.parse("random"), RUN_SETTINGS.gradAtZero.accepts(2)], ["random", false]);
 * strictEqual(RUN_SETTINGS.gradAtZero.parse("-0.5"), -0.5); // abs's kink takes [-1, 1]
 * strictEqual(RUN_SETTINGS.precision.default, "float32");
 * ```
 */
export const RUN_SETTINGS: {
  readonly hidden: Setting<number>;
  readonly epochs: Setting<number>;
  readonly lr: Setting<number>;
  readonly optimizer: Setting<OptimizerName>;
  readonly seed: Setting<number>;
  readonly every: Setting<number>;
  readonly points: Setting<number>;
  readonly xMin: Setting<number>;
  readonly xMax: Setting<number>;
  readonly gradAtZero: Setting<GradAtZero>;
  readonly init: Setting<HiddenInit>;
  readonly precision: Setting<Precision>;
  readonly target: Setting<TargetChoice>;
  readonly noise: Setting<number>;
  readonly testFraction: Setting<number>;
  readonly activation: Setting<string>;
} = {
  hidden: integerSetting({ help: "hidden units H", default: 7, min: 1, max: L.hidden }),
  epochs: integerSetting({ help: "full-batch updates", default: 4000, min: 1, max: L.epochs }),
  lr: numberSetting({ help: "learning rate", default: 1e-4, min: 0, max: L.lr, minOpen: true }),
  optimizer: choiceSetting({
    help: "optimizer (adam: PyTorch's Adam with its default betas and epsilon)",
    default: "sgd",
    choices: OPTIMIZERS,
  }),
  seed: integerSetting({ help: "seed of the initialisation", default: 0, min: 0, max: L.seed }),
  every: integerSetting({ help: "snapshot interval in epochs", default: 100, min: 1, max: L.epochs }),
  points: integerSetting({ help: "training points, evenly spaced", default: 300, min: L.minPoints, max: L.points }),
  xMin: numberSetting({ help: "smallest input", default: TARGETS[DEFAULT_TARGET].xMin, min: -L.xAbs, max: L.xAbs }),
  xMax: numberSetting({ help: "largest input", default: TARGETS[DEFAULT_TARGET].xMax, min: -L.xAbs, max: L.xAbs }),
  gradAtZero: gradAtZeroSetting(
    ANY_KINK,
    "the derivative at the kink (relu'(0)) during training: a fixed value between the activation's two " +
      "slopes, or a fresh draw between them per unit, point and step (U(0, 1) for relu); " +
      "without it the frameworks' value (relu: 0, leaky relu: its slope, abs: 0)",
    `a number in [${KINK_RANGE.lo}, ${KINK_RANGE.hi}] between the activation's slopes ([0, 1] for relu) or "random"`,
  ),
  init: choiceSetting({
    help: "hidden layer at the start: PyTorch's nn.Linear default, or zero-hidden (w0 = b0 = 0, w1 and b1 as pytorch)",
    default: "pytorch",
    choices: HIDDEN_INITS,
  }),
  precision: choiceSetting({
    help: "arithmetic: float32 as tfjs devices compute, or float64 (fused engine on the cpu backend only)",
    default: "float32",
    choices: PRECISIONS,
  }),
  target: choiceSetting({
    help: "the function learned (data: the points of a CSV file)",
    default: DEFAULT_TARGET,
    choices: TARGET_CHOICES,
  }),
  noise: numberSetting({
    help: "standard deviation of Gaussian noise added to y (seeded)",
    default: 0,
    min: 0,
    max: 1e6,
  }),
  testFraction: numberSetting({
    help: "share of the points held out as a test set (seeded)",
    default: 0,
    min: 0,
    max: 0.9,
  }),
  activation: ACTIVATION_SETTING,
} as const;

/**
 * The learning rate an engine takes: any finite number > 0 (a run's is
 * bounded above too, by `RUN_SETTINGS.lr`; the engines are tested beyond it).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ENGINE_LR } from "./settings.ts";
 * strictEqual(ENGINE_LR.accepted, "a finite number > 0");
 * strictEqual(ENGINE_LR.accepts(8192), true);
 * ```
 */
export const ENGINE_LR: Setting<number> = numberSetting({
  help: "learning rate",
  default: RUN_SETTINGS.lr.default,
  min: 0,
  minOpen: true,
});

/** A run setting's name, as `training.json` records it. */
export type RunSettingName = keyof typeof RUN_SETTINGS;

/**
 * The settings of a run's data (target, noise, test split), which a run at their defaults (y = x³, no noise, no
 * split) leaves out of `training.json`, so that the files of runs made before them read and are written the same.
 */
export type DataSettingName = "target" | "noise" | "testFraction";

/**
 * A value for every run setting: the settings of a run before it runs (`TrainingOptions`); the data settings may be
 * left out (their defaults).
 */
export type RunSettingValues =
  & { -readonly [K in Exclude<RunSettingName, OptionalSettingName>]: SettingValue<(typeof RUN_SETTINGS)[K]> }
  & { -readonly [K in OptionalSettingName]?: SettingValue<(typeof RUN_SETTINGS)[K]> };

/**
 * The settings a run leaves out of `training.json` at their defaults (and that read as their defaults when
 * absent): the data settings and the activation (relu), so that the files of runs made before them read and are
 * written the same.
 */
export type OptionalSettingName = DataSettingName | "activation";

/**
 * The engine that trains (not recorded in a run: both compute the same arithmetic).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ENGINE_SETTING } from "./settings.ts";
 * strictEqual(ENGINE_SETTING.accepted, "one of fused, autodiff");
 * ```
 */
export const ENGINE_SETTING: Setting<EngineName> = choiceSetting({
  help: "training engine",
  default: "fused",
  choices: ENGINE_NAMES,
});

/**
 * What `--engine` of the training command takes: `auto` (the fused engine for a piecewise-linear activation, the
 * autodiff engine for a smooth one, which the fused kernels cannot run) or an engine by name.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ENGINE_CHOICE_SETTING } from "./settings.ts";
 * strictEqual(ENGINE_CHOICE_SETTING.accepted, "one of auto, fused, autodiff");
 * strictEqual(ENGINE_CHOICE_SETTING.default, "auto");
 * ```
 */
export const ENGINE_CHOICE_SETTING: Setting<EngineChoice> = choiceSetting({
  help: "training engine (auto: fused for a piecewise-linear activation, autodiff for a smooth one)",
  default: "auto",
  choices: ["auto", ...ENGINE_NAMES] as const,
});
/** An engine's name, or `auto`. */
export type EngineChoice = "auto" | EngineName;

/**
 * The backend a run ran on, as `training.json` records it.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { BACKEND_SETTING } from "./settings.ts";
 * strictEqual(BACKEND_SETTING.parse("wasm"), "wasm");
 * ```
 */
export const BACKEND_SETTING: Setting<BackendName> = choiceSetting({
  help: "the tfjs backend that ran",
  default: "cpu",
  choices: BACKEND_NAMES,
});

/**
 * Every run setting's default: the essay's run.
 *
 * @returns a fresh object of the defaults
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { runDefaults } from "./settings.ts";
 * strictEqual(runDefaults().hidden * runDefaults().points, 2100);
 * ```
 */
export function runDefaults(): RunSettingValues {
  const entries = Object.entries(RUN_SETTINGS).map(([name, s]) => [name, s.default]);
  return Object.fromEntries(entries) as RunSettingValues;
}
