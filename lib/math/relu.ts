/**
 * ReLU, its derivative with a named value at the kink, and the subgradients at
 * z = 0. The value at z = 0 is a choice, not a fact: TensorFlow and PyTorch
 * use 0, the essay prefers 0.5 — the expected value of a subgradient drawn
 * uniformly from [0, 1].
 *
 * @module
 */

/**
 * The rectified linear unit, max(0, z).
 *
 * @param z the input
 * @returns z when positive, else 0
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { relu } from "./relu.ts";
 * deepStrictEqual([-2, 0, 3].map(relu), [0, 0, 3]);
 * ```
 */
export function relu(z: number): number {
  return z > 0 ? z : 0;
}

/** Options of {@link reluDerivative}. */
export interface ReluDerivativeOptions {
  /** relu'(0), the derivative chosen at the kink: the value returned at exactly z = 0, in [0, 1]. Default {@link GRAD_AT_ZERO_DEFAULT}. */
  gradAtZero?: number;
}

/**
 * The default relu'(0): 0, as in TensorFlow and PyTorch.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { GRAD_AT_ZERO_DEFAULT } from "./relu.ts";
 * strictEqual(GRAD_AT_ZERO_DEFAULT, 0);
 * ```
 */
export const GRAD_AT_ZERO_DEFAULT = 0;

/**
 * Whether `value` is a fixed relu'(0): a finite number in [0, 1], the
 * subdifferential of relu at 0. The settings registry (`lib/model/settings.ts`)
 * builds the setting, its words and its "random" option on it.
 *
 * @param value anything
 * @returns true for a number in [0, 1]
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { isFixedGradAtZero } from "./relu.ts";
 * strictEqual(isFixedGradAtZero(0.5), true);
 * strictEqual(isFixedGradAtZero(1.5), false);
 * strictEqual(isFixedGradAtZero(NaN), false);
 * ```
 */
export function isFixedGradAtZero(value: unknown): value is number {
  const { lo, hi } = subdifferential(0);
  return typeof value === "number" && Number.isFinite(value) && value >= lo && value <= hi;
}

/**
 * Checks a value for relu'(0) and returns it; throws a RangeError naming the bad value.
 *
 * @param gradAtZero the value
 * @returns it, when in [0, 1]
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { checkGradAtZero } from "./relu.ts";
 * strictEqual(checkGradAtZero(1), 1);
 * throws(() => checkGradAtZero(2), RangeError);
 * ```
 */
export function checkGradAtZero(gradAtZero: number): number {
  if (!isFixedGradAtZero(gradAtZero)) {
    throw new RangeError(
      `Cannot use ${gradAtZero} for relu'(0): gradAtZero must be a number in [0, 1]`,
    );
  }
  return gradAtZero;
}

/**
 * The derivative of relu: 0 for z < 0, 1 for z > 0 and `gradAtZero` at exactly 0.
 *
 * @param z the input
 * @param options the value at z = 0 (default 0; a RangeError outside [0, 1])
 * @returns relu'(z)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { reluDerivative } from "./relu.ts";
 * deepStrictEqual([reluDerivative(0), reluDerivative(0, { gradAtZero: 0.5 }), reluDerivative(2)], [0, 0.5, 1]);
 * ```
 */
export function reluDerivative(
  z: number,
  options: ReluDerivativeOptions = {},
): number {
  const gradAtZero = checkGradAtZero(options.gradAtZero ?? GRAD_AT_ZERO_DEFAULT);
  if (z > 0) return 1;
  if (z < 0) return 0;
  if (Number.isNaN(z)) return NaN;
  return gradAtZero;
}

/** A closed interval [lo, hi]. */
export interface Interval {
  /** Lower end. */
  lo: number;
  /** Upper end. */
  hi: number;
}

/**
 * The subdifferential of relu at z: {0} for z < 0, {1} for z > 0 and the
 * whole interval [0, 1] at z = 0 — every slope g in [0, 1] gives a line g·z
 * that touches relu at the origin and stays below it.
 *
 * @param z the input
 * @returns the interval of subgradients at z
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { subdifferential } from "./relu.ts";
 * deepStrictEqual(subdifferential(0), { lo: 0, hi: 1 });
 * deepStrictEqual(subdifferential(-1), { lo: 0, hi: 0 });
 * ```
 */
export function subdifferential(z: number): Interval {
  if (z > 0) return { lo: 1, hi: 1 };
  if (z < 0) return { lo: 0, hi: 0 };
  return { lo: 0, hi: 1 };
}

/**
 * `n` evenly spaced subgradients of relu at 0, from 0 to 1 inclusive (n ≥ 2).
 *
 * @param n how many; a RangeError unless an integer ≥ 2
 * @returns the slopes
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { subgradientFan } from "./relu.ts";
 * deepStrictEqual(subgradientFan(3), [0, 0.5, 1]);
 * throws(() => subgradientFan(1), RangeError);
 * ```
 */
export function subgradientFan(n: number): number[] {
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(
      `Cannot make a fan of ${n} subgradients: n must be an integer >= 2`,
    );
  }
  const { lo, hi } = subdifferential(0);
  return Array.from({ length: n }, (_, i) => lo + (hi - lo) * i / (n - 1));
}

/**
 * E[g] for g uniform on the subdifferential of relu at 0, in closed form:
 * ∫ g dg / (hi − lo) over [lo, hi] = (hi² − lo²) / (2 (hi − lo)) = 0.5.
 *
 * @returns 0.5
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { expectedSubgradient } from "./relu.ts";
 * strictEqual(expectedSubgradient(), 0.5);
 * ```
 */
export function expectedSubgradient(): number {
  const { lo, hi } = subdifferential(0);
  return (hi * hi - lo * lo) / (2 * (hi - lo));
}

/**
 * E[g] by numerical integration: the composite midpoint rule with `n`
 * intervals over the subdifferential at 0, divided by its length. Exact for
 * this linear integrand up to rounding.
 *
 * @param n the number of intervals (default 1000); a RangeError unless a positive integer
 * @returns about 0.5
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { expectedSubgradientNumeric } from "./relu.ts";
 * ok(Math.abs(expectedSubgradientNumeric() - 0.5) < 1e-12);
 * ```
 */
export function expectedSubgradientNumeric(n = 1000): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `Cannot integrate with ${n} intervals: n must be a positive integer`,
    );
  }
  const { lo, hi } = subdifferential(0);
  const h = (hi - lo) / n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += lo + (i + 0.5) * h;
  return (sum * h) / (hi - lo);
}
