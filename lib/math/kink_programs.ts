/**
 * Three programs for one function: relu(z), relu(−z) + z and
 * (relu(z) + relu(−z) + z) / 2 compute the same number for every z, yet the
 * chain rule, applied to each program as written, gives each its own
 * derivative at the kink. Each program is data (its terms and a divisor), so
 * one definition serves the plain evaluation here and the tfjs one that
 * autodiff differentiates (`lib/engine/relu_grad_probe.ts`).
 *
 * @module
 */
import { relu } from "./relu.ts";

/** A term of a kink program: relu of z, relu of −z, or z itself. */
export type KinkTerm = "relu(z)" | "relu(-z)" | "z";

/** A program that computes relu: the sum of its terms, left to right, divided by its divisor. */
export interface KinkProgram {
  /** The program as written, e.g. `relu(−z) + z`. */
  name: string;
  /** Its terms, added left to right. */
  terms: readonly KinkTerm[];
  /** What the sum is divided by. */
  divisor: number;
}

/**
 * relu written three ways, in the order the figure and the table show them.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { KINK_PROGRAMS } from "./kink_programs.ts";
 * deepStrictEqual(KINK_PROGRAMS.map((p) => p.name), ["relu(z)", "relu(−z) + z", "(relu(z) + relu(−z) + z) / 2"]);
 * ```
 */
export const KINK_PROGRAMS: readonly KinkProgram[] = [
  { name: "relu(z)", terms: ["relu(z)"], divisor: 1 },
  { name: "relu(−z) + z", terms: ["relu(-z)", "z"], divisor: 1 },
  { name: "(relu(z) + relu(−z) + z) / 2", terms: ["relu(z)", "relu(-z)", "z"], divisor: 2 },
];

/** Each term's value at z. */
const TERM_VALUE: Readonly<Record<KinkTerm, (z: number) => number>> = {
  "relu(z)": (z) => relu(z),
  "relu(-z)": (z) => relu(-z),
  z: (z) => z,
};

/**
 * The program's value at `z`, computed as written (in float64): the terms
 * added left to right, then divided.
 *
 * @param program the program
 * @param z the input
 * @returns its value
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { evaluateKinkProgram, KINK_PROGRAMS } from "./kink_programs.ts";
 * deepStrictEqual([-3, 0, 2.5].map((z) => evaluateKinkProgram(KINK_PROGRAMS[2], z)), [0, 0, 2.5]);
 * ```
 */
export function evaluateKinkProgram(program: KinkProgram, z: number): number {
  let sum = 0;
  for (const term of program.terms) sum += TERM_VALUE[term](z);
  return sum / program.divisor;
}

/** A derivative of the form constant + perGrad · relu′(0), as the chain rule gives it at z = 0. */
export interface KinkDerivative {
  /** The part that does not depend on relu′(0). */
  constant: number;
  /** The factor of relu′(0). */
  perGrad: number;
}

/** Each term's derivative at z = 0 by the chain rule: relu(−z) gives relu′(−0)·(−1). */
const TERM_DERIVATIVE_AT_ZERO: Readonly<Record<KinkTerm, KinkDerivative>> = {
  "relu(z)": { constant: 0, perGrad: 1 },
  "relu(-z)": { constant: 0, perGrad: -1 },
  z: { constant: 1, perGrad: 0 },
};

/**
 * What the chain rule gives the program at z = 0 when relu′(0) is g: the sum
 * of its terms' derivatives (relu(z): g; relu(−z): −g; z: 1) over the
 * divisor. relu(z) gets g, relu(−z) + z gets 1 − g, and the third program gets
 * 1/2 whatever g is: the derivative at the kink is the program's, not the
 * function's.
 *
 * @param program the program
 * @returns its derivative at 0 as constant + perGrad · g
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { chainRuleAtZero, KINK_PROGRAMS } from "./kink_programs.ts";
 * deepStrictEqual(KINK_PROGRAMS.map(chainRuleAtZero), [
 *   { constant: 0, perGrad: 1 },
 *   { constant: 1, perGrad: -1 },
 *   { constant: 0.5, perGrad: 0 },
 * ]);
 * ```
 */
export function chainRuleAtZero(program: KinkProgram): KinkDerivative {
  let constant = 0;
  let perGrad = 0;
  for (const term of program.terms) {
    constant += TERM_DERIVATIVE_AT_ZERO[term].constant;
    perGrad += TERM_DERIVATIVE_AT_ZERO[term].perGrad;
  }
  return { constant: constant / program.divisor, perGrad: perGrad / program.divisor };
}

/**
 * The derivative at 0 as a formula in g = relu′(0), e.g. `1 − g`, `g`, `0.5`.
 *
 * @param d the derivative, as {@link chainRuleAtZero} gives it
 * @returns the formula
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { chainRuleAtZero, KINK_PROGRAMS, kinkDerivativeText } from "./kink_programs.ts";
 * deepStrictEqual(KINK_PROGRAMS.map((p) => kinkDerivativeText(chainRuleAtZero(p))), ["g", "1 − g", "0.5"]);
 * ```
 */
export function kinkDerivativeText(d: KinkDerivative): string {
  const g = d.perGrad === 0 ? "" : `${Math.abs(d.perGrad) === 1 ? "" : `${Math.abs(d.perGrad)}·`}g`;
  if (d.constant === 0) return g === "" ? "0" : `${d.perGrad < 0 ? "−" : ""}${g}`;
  return g === "" ? `${d.constant}` : `${d.constant} ${d.perGrad < 0 ? "−" : "+"} ${g}`;
}
