/**
 * How the engine tests compare arrays of numbers, and the flat form they
 * compare parameters in.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { RegressorParams } from "../../lib/model/run.ts";

/**
 * Asserts equal lengths and |actual − expected| ≤ rtol · max(1, |expected|)
 * at every index, naming the first index that is not.
 *
 * @param actual the values computed
 * @param expected the reference
 * @param what what they are, for the message
 * @param rtol the relative tolerance (absolute below 1)
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { assertClose } from "./close.ts";
 * assertClose([1, 1000], [1 + 1e-6, 1000.001], "x", 2e-6);
 * throws(() => assertClose([1], [1.1], "x", 2e-6), /x\[0\]: got 1, expected 1\.1/);
 * ```
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rtol: number): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const tol = rtol * Math.max(1, Math.abs(expected[i]));
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tolerance ${tol})`,
    );
  }
}

/**
 * A regressor's parameters as one array: w0, b0, w1, then b1.
 *
 * @param p the parameters
 * @returns their values in that order
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { flatParams } from "./close.ts";
 * deepStrictEqual(flatParams({ w0: [1], b0: [2], w1: [3], b1: 4 }), [1, 2, 3, 4]);
 * ```
 */
export function flatParams(p: RegressorParams): number[] {
  return [...p.w0, ...p.b0, ...p.w1, p.b1];
}
