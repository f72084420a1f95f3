/**
 * The arithmetics of the MNIST experiments and how each rounds a value:
 * float16 as a GPU computes it (values stored in half precision, products
 * accumulated in float32), float32 and float64.
 *
 * @module
 */
import { PRECISIONS } from "../model/settings.ts";

/**
 * The MNIST experiments' precisions, narrowest first: float16, then the
 * toy's own (the settings registry's {@link PRECISIONS}).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MNIST_PRECISIONS } from "./precision.ts";
 * strictEqual(MNIST_PRECISIONS.join(" "), "float16 float32 float64");
 * ```
 */
export const MNIST_PRECISIONS = ["float16", ...PRECISIONS] as const;
/** One of {@link MNIST_PRECISIONS}. */
export type MnistPrecision = (typeof MNIST_PRECISIONS)[number];

/** The identity, float64's rounding. */
const exact = (value: number): number => value;

/**
 * The rounding of a precision's stored values: `Math.f16round`,
 * `Math.fround`, or none for float64.
 *
 * @param precision the precision
 * @returns a function that rounds a number to it
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { rounding } from "./precision.ts";
 * strictEqual(rounding("float16")(1 / 3), 0.333251953125);
 * strictEqual(rounding("float32")(1 / 3), Math.fround(1 / 3));
 * strictEqual(rounding("float64")(1 / 3), 1 / 3);
 * ```
 */
export function rounding(precision: MnistPrecision): (value: number) => number {
  return precision === "float16" ? Math.f16round : precision === "float32" ? Math.fround : exact;
}

/**
 * The rounding of a sum in a precision's accumulator: float32 for float16
 * and float32 (a GPU accumulates half-precision products in float32), none
 * for float64.
 *
 * @param precision the precision
 * @returns a function that rounds a number to the accumulator's format
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { accumulatorRounding } from "./precision.ts";
 * strictEqual(accumulatorRounding("float16")(1 / 3), Math.fround(1 / 3));
 * strictEqual(accumulatorRounding("float64")(1 / 3), 1 / 3);
 * ```
 */
export function accumulatorRounding(precision: MnistPrecision): (value: number) => number {
  return precision === "float64" ? exact : Math.fround;
}

/**
 * A typed array for a precision's values: Float64Array for float64,
 * Float32Array otherwise (half-precision values are exact in float32).
 *
 * @param precision the precision
 * @param length the number of elements
 * @returns a zeroed array
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { storage } from "./precision.ts";
 * ok(storage("float16", 3) instanceof Float32Array);
 * ok(storage("float64", 3) instanceof Float64Array);
 * ```
 */
export function storage(precision: MnistPrecision, length: number): Float32Array | Float64Array {
  return precision === "float64" ? new Float64Array(length) : new Float32Array(length);
}

/** 2^52 + 2^51: adding and subtracting it rounds a float64 of magnitude below 2^51 to an integer, ties to even. */
const ROUND_INTEGER = 6755399441055744;

/**
 * Rounds float32 values to half precision in place, as `Math.f16round` does
 * (about twenty times faster in V8, which calls out for `Math.f16round`):
 * on the float32 bits, 10 fraction bits kept with ties to even; below half
 * precision's smallest normal (2^-14), a multiple of 2^-24 with ties to even
 * (computed in float64); from 65520 up, ±Infinity.
 *
 * @param values float32 values, rounded in place
 * @returns the same array
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { roundToHalf } from "./precision.ts";
 * const vs = [1 / 3, -2.5e-7, 65519, 65520, 1 + 2 ** -11, 1 + 3 * 2 ** -11, -0, 3e-8, 2 ** -25];
 * deepStrictEqual([...roundToHalf(Float32Array.from(vs))], vs.map((v) => Math.f16round(Math.fround(v))));
 * ```
 */
export function roundToHalf(values: Float32Array): Float32Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let k = 0; k < values.length; k++) {
    const u = bits[k];
    const exponent = (u >>> 23) & 0xff;
    if (exponent >= 113) {
      if (exponent === 255) continue; // NaN and ±Infinity stay
      const r = (u + 0xfff + ((u >>> 13) & 1)) & 0xffffe000;
      bits[k] = ((r >>> 23) & 0xff) >= 143 ? (u & 0x80000000) | 0x7f800000 : r;
    } else if (exponent !== 0 || (u & 0x7fffff) !== 0) {
      const v = values[k];
      const r = ((v * 16777216 + ROUND_INTEGER) - ROUND_INTEGER) / 16777216;
      values[k] = r === 0 ? (v < 0 ? -0 : 0) : r;
    }
  }
  return values;
}
