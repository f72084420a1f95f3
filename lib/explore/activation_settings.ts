/**
 * The live page's activation and its kink derivative, pure (no DOM): the
 * engine that trains each activation (the command line's `--engine auto`),
 * the kink derivatives offered for each (its two slopes, their midpoint,
 * `random`), and how the page fits a kink derivative, or float64, to an
 * activation that cannot take it, with one line that says so. The accepted
 * values are the activation registry's (`lib/math/activation_registry.ts`).
 *
 * @module
 */
import {
  ACTIVATION_REGISTRY,
  activationOf,
  isPiecewise,
  kinkAccepted,
  kinkInterval,
  kinkProblem,
} from "../math/activation_registry.ts";
import { float32Text } from "../math/activation_functions.ts";
import type { EngineName } from "../engine/contract.ts";
import { engineFor } from "../engine/registry.ts";
import type { GradAtZero, Precision } from "../model/settings.ts";

/**
 * The engine the page trains an activation on, as `deno task train` (`--engine auto`) does: the fused kernels
 * for a piecewise-linear activation, the autodiff engine for a smooth one.
 *
 * @param activation the activation's text
 * @returns the engine's name
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { pageEngine } from "./activation_settings.ts";
 * deepStrictEqual(["relu", "leaky_relu:0.1", "tanh"].map(pageEngine), ["fused", "fused", "autodiff"]);
 * ```
 */
export function pageEngine(activation: string): EngineName {
  return engineFor("auto", activation);
}

/**
 * The kink derivative the page takes for an activation when the one it has does not suit it: the frameworks'
 * value (relu 0, leaky relu its slope, abs 0, identity 1), written as its shortest float32 text; 0 for a smooth
 * activation (which has no kink), as the command line takes without `--grad-at-zero`.
 *
 * @param activation the activation's text
 * @returns the kink derivative
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { defaultKinkOf } from "./activation_settings.ts";
 * deepStrictEqual(["relu", "leaky_relu:0.1", "abs", "identity", "gelu"].map(defaultKinkOf), [0, 0.1, 0, 1, 0]);
 * ```
 */
export function defaultKinkOf(activation: string): number {
  const a = activationOf(activation);
  return isPiecewise(a) ? Number(float32Text(a.defaultKink)) : 0;
}

/** A kink derivative the page offers in its list: the value as the link writes it, and its label. */
export interface KinkChoice {
  /** The value's text (`0.1`, `random`). */
  value: string;
  /** What the list shows. */
  label: string;
}

/**
 * The kink derivatives the page lists for an activation: the left slope, the midpoint and the right slope (each
 * once), and `random`; the frameworks' value is marked. A smooth activation has none to choose: one entry, 0.
 * Any other value between the slopes is typed in the field beside the list.
 *
 * @param activation the activation's text
 * @returns the choices, in order
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { kinkChoices } from "./activation_settings.ts";
 * deepStrictEqual(kinkChoices("relu").map((c) => c.value), ["0", "0.5", "1", "random"]);
 * deepStrictEqual(kinkChoices("leaky_relu:0.1").map((c) => c.label), [
 *   "0.1 (the frameworks')", "0.55", "1", "random (between the slopes)",
 * ]);
 * deepStrictEqual(kinkChoices("identity").map((c) => c.value), ["1", "random"]);
 * deepStrictEqual(kinkChoices("tanh"), [{ value: "0", label: "none: tanh has no kink" }]);
 * ```
 */
export function kinkChoices(activation: string): KinkChoice[] {
  const a = activationOf(activation);
  if (!isPiecewise(a)) return [{ value: "0", label: `none: ${a.text} has no kink` }];
  const { lo, hi } = kinkInterval(a.slopes);
  const values = [...new Set([float32Text(lo), String(Number(((lo + hi) / 2).toPrecision(6))), float32Text(hi)])];
  const fallback = String(defaultKinkOf(activation));
  return [
    ...values.map((v) => ({ value: v, label: v === fallback ? `${v} (the frameworks')` : v })),
    { value: "random", label: "random (between the slopes)" },
  ];
}

/** The settings an activation constrains. */
export interface ActivationFields {
  /** The activation's text. */
  activation: string;
  /** The kink derivative. */
  grad: GradAtZero;
  /** The arithmetic. */
  precision: Precision;
}

/** What {@link fitActivation} changed, one line per setting, in the words of the page's notes. */
export interface ActivationFit {
  /** The kink derivative and the arithmetic, fitted to the activation. */
  fields: ActivationFields;
  /** One line per change, by setting. */
  notes: { name: "grad" | "precision"; message: string }[];
}

/**
 * Fits the kink derivative and the arithmetic to the activation: a kink derivative outside its slopes (or any
 * but 0 for a smooth activation) becomes the frameworks' value ({@link defaultKinkOf}), and float64 becomes
 * float32 for a smooth activation (its autodiff engine computes in float32), each with a line that says why,
 * in the command line's words.
 *
 * @param f the activation, kink derivative and arithmetic
 * @param gradLabel the kink derivative's label, named in its line
 * @returns the fitted settings and the notes
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { fitActivation } from "./activation_settings.ts";
 * deepStrictEqual(fitActivation({ activation: "leaky_relu:0.1", grad: 0.5, precision: "float32" }, "g").notes, []);
 * const fit = fitActivation({ activation: "tanh", grad: "random", precision: "float64" }, "g");
 * deepStrictEqual(fit.fields, { activation: "tanh", grad: 0, precision: "float32" });
 * deepStrictEqual(fit.notes.map((n) => n.message), [
 *   'g must be 0 (tanh has no kink) for activation tanh, got random; using 0',
 *   "float64 needs the fused engine, which cannot run activation tanh (autodiff computes in float32); using float32",
 * ]);
 * ```
 */
export function fitActivation(f: ActivationFields, gradLabel: string): ActivationFit {
  const fields = { ...f };
  const notes: ActivationFit["notes"] = [];
  const a = activationOf(f.activation);
  if (kinkProblem(f.activation, f.grad) !== undefined) {
    fields.grad = defaultKinkOf(f.activation);
    notes.push({
      name: "grad",
      message: `${gradLabel} must be ${kinkAccepted(a)} for activation ${a.text}, got ${f.grad}; using ${fields.grad}`,
    });
  }
  if (f.precision === "float64" && pageEngine(f.activation) !== "fused") {
    fields.precision = "float32";
    notes.push({
      name: "precision",
      message:
        `float64 needs the fused engine, which cannot run activation ${a.text} (autodiff computes in float32); ` +
        "using float32",
    });
  }
  return { fields, notes };
}

/** A registry entry's name as the list shows it: its label, without the default parameter of a family. */
function entryLabel(entry: (typeof ACTIVATION_REGISTRY)[number]): string {
  return entry.parameter ? entry.name.replaceAll("_", " ") : entry.make().label;
}

/**
 * The options of the activation list: every registry entry by name, with its label.
 *
 * @returns `[value, label]` pairs, in the registry's order
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { activationOptions } from "./activation_settings.ts";
 * deepStrictEqual(activationOptions().slice(0, 2), [["relu", "relu"], ["leaky_relu", "leaky relu"]]);
 * deepStrictEqual(activationOptions().at(-1), ["gelu", "GELU (tanh approx.)"]);
 * ```
 */
export function activationOptions(): [string, string][] {
  return ACTIVATION_REGISTRY.map((e) => [e.name, entryLabel(e)]);
}

/**
 * What the page says under the activation list: the engine that trains it and how its curves are drawn.
 *
 * @param activation the activation's text
 * @returns the line
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { activationHint } from "./activation_settings.ts";
 * strictEqual(activationHint("tanh"), "smooth: the autodiff engine trains it, as deno task train does");
 * ```
 */
export function activationHint(activation: string): string {
  const a = activationOf(activation);
  const kind = isPiecewise(a) ? "piecewise linear" : "smooth";
  return `${kind}: the ${pageEngine(a.text)} engine trains it, as deno task train does`;
}
