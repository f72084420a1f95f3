/**
 * A hidden unit's pre-activation z = w0·x + b0 as a run computes it: rounded
 * to float32 after the product and after the sum (what a float32 device
 * does, so "z is exactly 0" means the same), or in float64.
 *
 * @module
 */
import type { Precision } from "./run.ts";
import { RUN_SETTINGS } from "./settings.ts";

/**
 * The function that computes z = w·x + b in `precision` (default float32).
 *
 * @param precision the run's arithmetic
 * @returns `(w, x, b) => z`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { preActivation } from "./pre_activation.ts";
 * const w = Math.fround(0.1);
 * strictEqual(preActivation("float32")(w, 10, -1), 0); // w·10 rounds to 1 in float32
 * strictEqual(preActivation("float64")(w, 10, -1) > 0, true);
 * ```
 */
export function preActivation(
  precision: Precision = RUN_SETTINGS.precision.default,
): (w: number, x: number, b: number) => number {
  if (precision === "float64") return (w, x, b) => w * x + b;
  const f = Math.fround;
  return (w, x, b) => f(f(w * x) + b);
}
