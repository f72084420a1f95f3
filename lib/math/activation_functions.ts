/**
 * The smooth activations' formulas and derivatives, as plain numbers: the
 * logistic sigmoid, tanh's derivative, softplus and GELU (the tanh
 * approximation, PyTorch's `gelu(approximate="tanh")`); and the piecewise
 * members' slopes: the interval of kink derivatives between them, the random
 * draw in it, and how a float32 slope is written. The activation registry
 * (`./activation_registry.ts`) builds its entries on them.
 *
 * @module
 */
import type { Interval } from "./relu.ts";

/** The two slopes of a piecewise-linear activation a(z) = (z > 0 ? right : left)·z, float32 numbers. */
export interface Slopes {
  /** The slope for z < 0. */
  readonly left: number;
  /** The slope for z > 0. */
  readonly right: number;
}

/**
 * The logistic sigmoid 1 / (1 + e^−z).
 *
 * @param z the input
 * @returns σ(z), in (0, 1)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { sigmoid } from "./activation_functions.ts";
 * strictEqual(sigmoid(0), 0.5);
 * ```
 */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * The derivative of the sigmoid, σ(z)(1 − σ(z)).
 *
 * @param z the input
 * @returns σ'(z), at most 0.25 (at z = 0)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { sigmoidDerivative } from "./activation_functions.ts";
 * strictEqual(sigmoidDerivative(0), 0.25);
 * ```
 */
export function sigmoidDerivative(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

/**
 * The derivative of tanh, 1 − tanh²(z).
 *
 * @param z the input
 * @returns tanh'(z), at most 1 (at z = 0)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { tanhDerivative } from "./activation_functions.ts";
 * strictEqual(tanhDerivative(0), 1);
 * ```
 */
export function tanhDerivative(z: number): number {
  const t = Math.tanh(z);
  return 1 - t * t;
}

/** √(2/π), the GELU tanh approximation's constant. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * GELU, tanh approximation: 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))) (PyTorch's `approximate="tanh"`).
 *
 * @param z the input
 * @returns gelu(z)
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { gelu } from "./activation_functions.ts";
 * strictEqual(gelu(0), 0);
 * ok(Math.abs(gelu(1) - 0.8411919906) < 1e-9); // torch.nn.functional.gelu(1, approximate="tanh")
 * ```
 */
export function gelu(z: number): number {
  return 0.5 * z * (1 + Math.tanh(GELU_C * (z + GELU_A * z * z * z)));
}

/**
 * The derivative of {@link gelu}.
 *
 * @param z the input
 * @returns gelu'(z)
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { gelu, geluDerivative } from "./activation_functions.ts";
 * strictEqual(geluDerivative(0), 0.5);
 * ok(Math.abs(geluDerivative(1.3) - (gelu(1.3 + 1e-6) - gelu(1.3 - 1e-6)) / 2e-6) < 1e-8);
 * ```
 */
export function geluDerivative(z: number): number {
  const t = Math.tanh(GELU_C * (z + GELU_A * z * z * z));
  return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * z * z);
}

/**
 * softplus(z) = ln(1 + e^z), computed without overflow.
 *
 * @param z the input
 * @returns softplus(z) > 0
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { softplus } from "./activation_functions.ts";
 * strictEqual(softplus(0), Math.LN2);
 * strictEqual(softplus(1000), 1000);
 * ```
 */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * The derivatives that may be chosen at the kink of a piecewise activation: the closed interval between its
 * two slopes (relu: [0, 1]; abs: [−1, 1]; identity: [1, 1]).
 *
 * @param slopes the two slopes
 * @returns the interval
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { kinkInterval } from "./activation_functions.ts";
 * deepStrictEqual(kinkInterval({ left: -1, right: 1 }), { lo: -1, hi: 1 });
 * ```
 */
export function kinkInterval(slopes: Slopes): Interval {
  return { lo: Math.min(slopes.left, slopes.right), hi: Math.max(slopes.left, slopes.right) };
}

/**
 * The `random` kink derivative for a uniform draw u in [0, 1): left + (right − left)·u in float64, as every
 * engine computes it (relu: u itself, bit for bit).
 *
 * @param slopes the two slopes
 * @param u the draw
 * @returns a derivative between the slopes
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { kinkDraw } from "./activation_functions.ts";
 * deepStrictEqual([kinkDraw({ left: 0, right: 1 }, 0.375), kinkDraw({ left: -1, right: 1 }, 0.25)], [0.375, -0.5]);
 * ```
 */
export function kinkDraw(slopes: Slopes, u: number): number {
  return slopes.left + (slopes.right - slopes.left) * u;
}

/**
 * The shortest decimal that rounds to the float32 number `v`: how a float32 slope is written (fround(0.1) as 0.1).
 *
 * @param v a float32 number
 * @returns its shortest text
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { float32Text } from "./activation_functions.ts";
 * strictEqual(float32Text(Math.fround(0.1)), "0.1");
 * ```
 */
export function float32Text(v: number): string {
  for (let digits = 1; digits < 17; digits++) {
    const t = Number(v.toPrecision(digits));
    if (Math.fround(t) === v) return String(t);
  }
  return String(v);
}
