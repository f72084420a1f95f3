/**
 * The activation registry: every activation a run can use, defined once, with
 * its name, its label, f(z), f'(z) and its kind. The piecewise-linear family
 * (relu, leaky relu, abs, identity) is described by its left slope, its right
 * slope and the derivative chosen at the kink z = 0 (any value between the two
 * slopes; relu'(0) is that choice for relu); the fused kernels run it. The
 * smooth ones (sigmoid, tanh, softplus, GELU) run on the autodiff engine.
 *
 * GELU is the tanh approximation 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))),
 * PyTorch's `gelu(approximate="tanh")`: tfjs 4.22 has no gelu op, JavaScript
 * has no `Math.erf`, and tfjs's `erf` is itself a polynomial approximation
 * (Abramowitz and Stegun 7.1.26, error up to 1.5e-7), so the erf form would
 * not be the same function in the figures and in the engine. The tanh form is.
 *
 * Slopes are float32 numbers (`leaky_relu:0.01` has left slope
 * fround(0.01)), as the float32 engines and PyTorch's float32 tensors use them.
 *
 * @module
 */
import { GRAD_AT_ZERO_DEFAULT, type Interval, relu } from "./relu.ts";
import {
  float32Text,
  gelu,
  geluDerivative,
  kinkDraw,
  kinkInterval,
  sigmoid,
  sigmoidDerivative,
  type Slopes,
  softplus,
  tanhDerivative,
} from "./activation_functions.ts";

export {
  gelu,
  geluDerivative,
  kinkDraw,
  kinkInterval,
  sigmoid,
  sigmoidDerivative,
  type Slopes,
  softplus,
  tanhDerivative,
};

/** Whether an activation is piecewise linear (fused kernels, exact breakpoints) or smooth (autodiff, sampled). */
export type ActivationKind = "piecewise" | "smooth";

/** One activation, with its parameter (if any) fixed: what a run uses. */
export interface ActivationFunction {
  /** The registry entry's name (`leaky_relu`). */
  readonly name: ActivationName;
  /** The canonical text, as `--activation` and `training.json` write it (`leaky_relu:0.1`). */
  readonly text: string;
  /** The label for figures (`leaky relu (0.1)`). */
  readonly label: string;
  /** Piecewise linear or smooth. */
  readonly kind: ActivationKind;
  /** The function. */
  readonly f: (z: number) => number;
  /**
   * Its derivative. For a piecewise member, `kink` is the value at exactly z = 0 (default {@link defaultKink});
   * smooth ones ignore it.
   */
  readonly df: (z: number, kink?: number) => number;
  /** The left and right slopes (piecewise members only). */
  readonly slopes?: Slopes;
  /**
   * The derivative at 0 that PyTorch and TensorFlow give it (piecewise members only): the left slope for relu
   * and leaky relu, 0 for abs (sign(0) = 0), 1 for identity. A run takes it when no kink derivative is given.
   */
  readonly defaultKink?: number;
}

/** A piecewise-linear activation: slopes and default kink present. */
export type PiecewiseActivation = ActivationFunction & {
  readonly kind: "piecewise";
  readonly slopes: Slopes;
  readonly defaultKink: number;
};

/** A registry entry: an activation, or a family of them with one numeric parameter. */
export interface ActivationEntry {
  /** The name `--activation` takes. */
  readonly name: ActivationName;
  /** One line for `--help`. */
  readonly help: string;
  /** Piecewise linear or smooth. */
  readonly kind: ActivationKind;
  /** The parameter after `:`, if any: its meaning, default and closed range. */
  readonly parameter?: {
    readonly word: string;
    readonly help: string;
    readonly default: number;
    readonly min: number;
    readonly max: number;
  };
  /** The activation for a parameter value (the entry's default when it has one and none is given). */
  make(parameter?: number): ActivationFunction;
}

/**
 * The names of the registry's entries, piecewise ones first.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ACTIVATION_NAMES } from "./activation_registry.ts";
 * strictEqual(ACTIVATION_NAMES.join(" "), "relu leaky_relu abs identity sigmoid tanh softplus gelu");
 * ```
 */
export const ACTIVATION_NAMES = [
  "relu",
  "leaky_relu",
  "abs",
  "identity",
  "sigmoid",
  "tanh",
  "softplus",
  "gelu",
] as const;
/** An activation's name. */
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/**
 * The activation of a run when none is given: relu (every run before activations could be chosen).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ACTIVATION_DEFAULT } from "./activation_registry.ts";
 * strictEqual(ACTIVATION_DEFAULT, "relu");
 * ```
 */
export const ACTIVATION_DEFAULT = "relu";

function piecewise(
  name: ActivationName,
  text: string,
  label: string,
  slopes: Slopes,
  defaultKink: number,
): PiecewiseActivation {
  const { left, right } = slopes;
  // relu keeps its own f (z > 0 ? z : 0, never −0), so that its figures stay byte-identical.
  const f = name === "relu" ? relu : (z: number) => z > 0 ? right * z : left * z;
  const df = (z: number, kink = defaultKink) => z > 0 ? right : z < 0 ? left : Number.isNaN(z) ? NaN : kink;
  return { name, text, label, kind: "piecewise", f, df, slopes, defaultKink };
}

function smooth(name: ActivationName, label: string, f: (z: number) => number, df: (z: number) => number) {
  const entry: ActivationFunction = { name, text: name, label, kind: "smooth", f, df: (z) => df(z) };
  return entry;
}

/**
 * The registry, in the order of {@link ACTIVATION_NAMES}. Adding an activation is one entry here
 * (and, for a piecewise one, nothing else: the kernels take its slopes).
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { ACTIVATION_REGISTRY } from "./activation_registry.ts";
 * const leaky = ACTIVATION_REGISTRY[1].make(0.1);
 * deepStrictEqual([leaky.text, leaky.f(-2), leaky.df(0, 0.5)], ["leaky_relu:0.1", -2 * Math.fround(0.1), 0.5]);
 * strictEqual(ACTIVATION_REGISTRY[5].make().f(1), Math.tanh(1));
 * ```
 */
export const ACTIVATION_REGISTRY: readonly ActivationEntry[] = [
  {
    name: "relu",
    help: "max(0, z)",
    kind: "piecewise",
    make: () => piecewise("relu", "relu", "relu", { left: 0, right: 1 }, 0),
  },
  {
    name: "leaky_relu",
    help: "z > 0 ? z : SLOPE·z",
    kind: "piecewise",
    parameter: { word: "SLOPE", help: "the slope for z < 0", default: 0.01, min: 0, max: 1 },
    make: (slope = 0.01) => {
      const left = Math.fround(slope);
      return piecewise("leaky_relu", `leaky_relu:${slope}`, `leaky relu (${slope})`, { left, right: 1 }, left);
    },
  },
  {
    name: "abs",
    help: "|z|",
    kind: "piecewise",
    make: () => piecewise("abs", "abs", "abs", { left: -1, right: 1 }, 0),
  },
  {
    name: "identity",
    help: "z (a linear network)",
    kind: "piecewise",
    make: () => piecewise("identity", "identity", "identity", { left: 1, right: 1 }, 1),
  },
  {
    name: "sigmoid",
    help: "1 / (1 + e^−z)",
    kind: "smooth",
    make: () => smooth("sigmoid", "sigmoid", sigmoid, sigmoidDerivative),
  },
  { name: "tanh", help: "tanh(z)", kind: "smooth", make: () => smooth("tanh", "tanh", Math.tanh, tanhDerivative) },
  {
    name: "softplus",
    help: "ln(1 + e^z)",
    kind: "smooth",
    make: () => smooth("softplus", "softplus", softplus, sigmoid),
  },
  {
    name: "gelu",
    help: "GELU, tanh approximation",
    kind: "smooth",
    make: () => smooth("gelu", "GELU (tanh approx.)", gelu, geluDerivative),
  },
];

/**
 * What `--activation` accepts, in words.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { ACTIVATION_ACCEPTED } from "./activation_registry.ts";
 * strictEqual(
 *   ACTIVATION_ACCEPTED,
 *   "one of relu, leaky_relu[:SLOPE] (SLOPE in [0, 1], default 0.01), abs, identity, sigmoid, tanh, softplus, gelu",
 * );
 * ```
 */
export const ACTIVATION_ACCEPTED: string = "one of " +
  ACTIVATION_REGISTRY.map(({ name, parameter: p }) =>
    p ? `${name}[:${p.word}] (${p.word} in [${p.min}, ${p.max}], default ${p.default})` : name
  ).join(", ");

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads an activation from its text (`relu`, `leaky_relu`, `leaky_relu:0.1`, `tanh`), or undefined when the
 * text names none or its parameter is out of range.
 *
 * @param text the text
 * @returns the activation, or undefined
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { parseActivation } from "./activation_registry.ts";
 * deepStrictEqual(
 *   ["relu", "leaky_relu", "leaky_relu:0.2", "leaky_relu:2", "abs:1", "swish", " relu"].map((t) => parseActivation(t)?.text),
 *   ["relu", "leaky_relu:0.01", "leaky_relu:0.2", undefined, undefined, undefined, undefined],
 * );
 * ```
 */
export function parseActivation(text: string): ActivationFunction | undefined {
  const [name, parameter, ...rest] = text.split(":");
  const entry = ACTIVATION_REGISTRY.find((e) => e.name === name);
  if (!entry || rest.length > 0) return undefined;
  if (parameter === undefined) return entry.make();
  const p = entry.parameter;
  if (!p || !DECIMAL.test(parameter)) return undefined;
  const value = Number(parameter) + 0;
  if (!Number.isFinite(value) || value < p.min || value > p.max) return undefined;
  return entry.make(value);
}

/**
 * The activation of a text; a RangeError naming the text and what is accepted when it is none.
 *
 * @param text the text
 * @returns the activation
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { activationOf } from "./activation_registry.ts";
 * strictEqual(activationOf("abs").slopes?.left, -1);
 * throws(() => activationOf("swish"), { name: "RangeError", message: /activation must be one of relu, / });
 * ```
 */
export function activationOf(text: string): ActivationFunction {
  const a = parseActivation(text);
  if (!a) throw new RangeError(`Cannot use activation "${text}": activation must be ${ACTIVATION_ACCEPTED}`);
  return a;
}

/**
 * Whether an activation is of the piecewise-linear family.
 *
 * @param a the activation
 * @returns true for relu, leaky relu, abs, identity
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { activationOf, isPiecewise } from "./activation_registry.ts";
 * deepStrictEqual(["abs", "tanh"].map((t) => isPiecewise(activationOf(t))), [true, false]);
 * ```
 */
export function isPiecewise(a: ActivationFunction): a is PiecewiseActivation {
  return a.kind === "piecewise";
}

/**
 * The kink derivatives an activation takes, in the words of a refusal's "must be ...": a piecewise one a number
 * between its two slopes or "random" (relu: `a number in [0, 1] or "random"`, as ever); a smooth one has no kink
 * and takes only the default 0.
 *
 * @param a the activation
 * @returns the words
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { activationOf, kinkAccepted } from "./activation_registry.ts";
 * deepStrictEqual(["relu", "abs", "tanh"].map((t) => kinkAccepted(activationOf(t))), [
 *   'a number in [0, 1] or "random"',
 *   'a number in [-1, 1] (between the slopes of abs) or "random"',
 *   "0 (tanh has no kink)",
 * ]);
 * ```
 */
export function kinkAccepted(a: ActivationFunction): string {
  if (!isPiecewise(a)) return `${GRAD_AT_ZERO_DEFAULT} (${a.text} has no kink)`;
  const { lo, hi } = kinkInterval(a.slopes);
  const between = a.name === "relu" ? "" : ` (between the slopes of ${a.text})`;
  return `a number in [${float32Text(lo)}, ${float32Text(hi)}]${between} or "random"`;
}

/**
 * Why a kink derivative does not suit an activation ({@link kinkAccepted}'s words), or undefined when it does.
 *
 * @param activation the activation's text
 * @param gradAtZero the kink derivative (compared with the float32 slopes after rounding to float32)
 * @returns what is accepted, or undefined
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { kinkProblem } from "./activation_registry.ts";
 * deepStrictEqual(
 *   [kinkProblem("relu", 0.5), kinkProblem("leaky_relu:0.1", 0), kinkProblem("tanh", "random"), kinkProblem("tanh", 0)],
 *   [undefined, 'a number in [0.1, 1] (between the slopes of leaky_relu:0.1) or "random"',
 *     "0 (tanh has no kink)", undefined],
 * );
 * ```
 */
export function kinkProblem(activation: string, gradAtZero: number | "random"): string | undefined {
  const a = activationOf(activation);
  if (!isPiecewise(a)) return gradAtZero === GRAD_AT_ZERO_DEFAULT ? undefined : kinkAccepted(a);
  const { lo, hi } = kinkInterval(a.slopes);
  // compared as float32, as the slopes are: leaky_relu:0.1 takes 0.1 itself at its kink
  const g = gradAtZero === "random" ? lo : Math.fround(gradAtZero);
  if (gradAtZero === "random" || (g >= lo && g <= hi)) return undefined;
  return kinkAccepted(a);
}

/**
 * The widest range of kink derivatives over the registry: every piecewise member's slopes, at each end of its
 * parameter's range. The `gradAtZero` setting accepts it; {@link kinkProblem} narrows it to one activation.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { KINK_RANGE } from "./activation_registry.ts";
 * deepStrictEqual(KINK_RANGE, { lo: -1, hi: 1 });
 * ```
 */
export const KINK_RANGE: Interval = (() => {
  const members = ACTIVATION_REGISTRY.filter((e) => e.kind === "piecewise").flatMap((e) =>
    e.parameter ? [e.make(e.parameter.min), e.make(e.parameter.max)] : [e.make()]
  ).filter(isPiecewise).map((a) => kinkInterval(a.slopes));
  return { lo: Math.min(...members.map((i) => i.lo)), hi: Math.max(...members.map((i) => i.hi)) };
})();
