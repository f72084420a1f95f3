/**
 * Seeded randomness, reproducible on every backend: {@link createRng}, a
 * sequential generator for initialisation and sampling, and
 * {@link hashUniform}, a counter-based uniform that a WGSL shader, a
 * TypedArray kernel and the autodiff path compute alike.
 *
 * @module
 */

/** A generator of uniform numbers in [0, 1). */
export interface Rng {
  /** The next uniform number in [0, 1). */
  next(): number;
  /** The next uniform number in [lo, hi). */
  uniform(lo: number, hi: number): number;
}

/**
 * A seeded generator (mulberry32). The same seed gives the same sequence on
 * every machine.
 *
 * @param seed an integer (taken modulo 2^32)
 * @returns the generator
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { createRng } from "./random.ts";
 * const a = createRng(0).next();
 * ok(a >= 0 && a < 1);
 * strictEqual(createRng(0).next(), a);
 * ok(Math.abs(createRng(1).uniform(-1, 1)) < 1);
 * ```
 */
export function createRng(seed: number): Rng {
  let state = (seed >>> 0) ^ 0x6d2b79f5;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, uniform: (lo, hi) => lo + (hi - lo) * next() };
}

/**
 * Mixes a 32-bit integer (the "lowbias32" hash). Pure 32-bit integer
 * operations, identical in WGSL: `x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15;
 * x *= 0x846ca68b; x ^= x >> 16;` on `u32`.
 *
 * @param x an integer (taken modulo 2^32)
 * @returns the hash, an unsigned 32-bit integer
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { hash32 } from "./random.ts";
 * strictEqual(hash32(0), 0);
 * const h = hash32(1);
 * ok(Number.isInteger(h) && h > 0 && h < 2 ** 32);
 * ```
 */
export function hash32(x: number): number {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * A uniform number in [0, 1) determined by `(seed, step, index)`:
 * `hash32(hash32(hash32(seed) ^ step) ^ index) / 2^32`, rounded to float32's
 * 24-bit grid (`(h >>> 8) / 2^24`) so that float32 shaders get the same value.
 *
 * @param seed the run's seed
 * @param step the training step
 * @param index the element
 * @returns a number in [0, 1), a multiple of 2^-24
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { hashUniform } from "./random.ts";
 * const u = hashUniform(7, 3, 11);
 * ok(u >= 0 && u < 1);
 * strictEqual(Math.fround(u), u);
 * strictEqual(hashUniform(7, 3, 11), u);
 * ```
 */
export function hashUniform(seed: number, step: number, index: number): number {
  const h = hash32(hash32(hash32(seed) ^ (step >>> 0)) ^ (index >>> 0));
  return (h >>> 8) / 16777216;
}
