/**
 * WGSL pieces shared by the fused webgpu kernel's single-mode and partials
 * programs: the workgroup arrays and `hash32`, the forward pass with the
 * residuals (phase 1), the gradients and zero counts over (unit, point) pairs
 * (phase 2) and the workgroup tree reduction.
 *
 * @module
 */
import { FUSED_WORKGROUP_SIZE } from "./plan.ts";

const T = FUSED_WORKGROUP_SIZE;

/**
 * A number as a WGSL f32 literal: rounded to float32, with a `.0` when it
 * would otherwise read as an integer.
 *
 * @param v the number
 * @returns the literal
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { wgslFloat } from "./wgsl.ts";
 * strictEqual(wgslFloat(1), "1.0");
 * strictEqual(wgslFloat(0.9), "0.8999999761581421");
 * strictEqual(wgslFloat(1e-8), "9.99999993922529e-9");
 * ```
 */
export function wgslFloat(v: number): string {
  const s = String(Math.fround(v));
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/**
 * The declarations every workgroup program starts with: `T`, the workgroup
 * arrays of the reductions (`redLoss`, `redRes`, `redZeros`) and of the
 * shared units' parts (`partW0`, `partB0`, `partW1`), and `hash32`.
 */
export const SHARED_WGSL = `
const T : i32 = ${T};
var<workgroup> redLoss : array<f32, ${T}>;
var<workgroup> redRes : array<f32, ${T}>;
var<workgroup> redZeros : array<i32, ${T}>;
var<workgroup> partW0 : array<f32, ${T}>;
var<workgroup> partB0 : array<f32, ${T}>;
var<workgroup> partW1 : array<f32, ${T}>;

fn hash32(v : u32) -> u32 {
  var h = v;
  h = h ^ (h >> 16u);
  h = h * 0x7feb352du;
  h = h ^ (h >> 15u);
  h = h * 0x846ca68bu;
  h = h ^ (h >> 16u);
  return h;
}
`;

/** How a program reads parameter i and residual i of its points. */
export interface WgslAccess {
  /** The WGSL expression of parameter `i` (w0 [H], b0 [H], w1 [H], b1). */
  param: (i: string) => string;
  /** The WGSL expression of the residual of point `i` of the chunk. */
  res: (i: string) => string;
}

/**
 * Phase 1 over the `count` points from point `first`: the forward pass,
 * residuals stored with `res`, partial sums of r² and r into `redLoss`,
 * `redRes`.
 *
 * @param a how parameters and residuals are read and written
 * @returns the WGSL statements
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { phase1Wgsl } from "./wgsl.ts";
 * const source = phase1Wgsl({ param: (i) => `Params[${i}]`, res: (i) => `Res[${i}]` });
 * ok(source.includes("let b1 = Params[3 * H];"));
 * ok(source.includes("Res[i] = r;"));
 * ```
 */
export function phase1Wgsl(a: WgslAccess): string {
  return `
    let b1 = ${a.param("3 * H")};
    var lossPart = 0.0;
    var resPart = 0.0;
    for (var i = t; i < count; i += T) {
      let xp = X[first + i];
      var acc = 0.0;
      for (var j = 0; j < H; j++) {
        let wx = ${a.param("j")} * xp;
        let z = wx + ${a.param("H + j")};
        if (z > 0.0) {
          acc += ${a.param("2 * H + j")} * (uniforms.rightSlope * z);
        } else if (z < 0.0 && uniforms.leftSlope != 0.0) {
          acc += ${a.param("2 * H + j")} * (uniforms.leftSlope * z);
        }
      }
      let r = (acc + b1) - Y[first + i];
      ${a.res("i")} = r;
      lossPart += r * r;
      resPart += r;
    }
    redLoss[t] = lossPart;
    redRes[t] = resPart;`;
}

/**
 * Phase 2 over the (unit, point) pairs of the same points: thread t takes
 * units t mod H (+ T, + 2T, ...) and every G-th point from t / H; `done`
 * receives the sums g0, gb, g1 of unit j when G = 1, otherwise they go to the
 * `part*` arrays. Counts z = 0 into `redZeros`.
 *
 * @param a how parameters and residuals are read
 * @param done the WGSL statements that take unit j's sums when G = 1
 * @returns the WGSL statements
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { phase2Wgsl } from "./wgsl.ts";
 * const source = phase2Wgsl({ param: (i) => `Params[${i}]`, res: (i) => `Res[${i}]` }, "store(j, g0, gb, g1);");
 * ok(source.includes("store(j, g0, gb, g1);"));
 * ok(source.includes("redZeros[t] = zeroPart;"));
 * ```
 */
export function phase2Wgsl(a: WgslAccess, done: string): string {
  return `
    var zeroPart = 0;
    let g = t / H;
    for (var j = t % H; j < H && g < G; j += T) {
      let w0 = ${a.param("j")};
      let b0 = ${a.param("H + j")};
      let w1 = ${a.param("2 * H + j")};
      var g0 = 0.0;
      var gb = 0.0;
      var g1 = 0.0;
      for (var i = g; i < count; i += G) {
        let xp = X[first + i];
        let wx = w0 * xp;
        let z = wx + b0;
        var d = 0.0;
        if (z > 0.0) {
          let r = ${a.res("i")};
          g1 += r * (uniforms.rightSlope * z);
          d = r * w1 * uniforms.rightSlope;
        } else if (z < 0.0 && uniforms.leftSlope != 0.0) {
          let r = ${a.res("i")};
          g1 += r * (uniforms.leftSlope * z);
          d = r * w1 * uniforms.leftSlope;
        } else if (z == 0.0) {
          // the kink derivative: fixed, or left + (right − left)·u with u = hashUniform(seed, k, p·H + j), the
          // index taken modulo 2^32 (as the cpu kernel's int32 xor does); relu: u.
          zeroPart++;
          var slope = uniforms.gradAtZero;
          if (uniforms.randomGrad != 0) {
            let u = f32(hash32(stepHash ^ (u32(first + i) * u32(H) + u32(j))) >> 8u) / 16777216.0;
            slope = uniforms.leftSlope + (uniforms.rightSlope - uniforms.leftSlope) * u;
          }
          d = ${a.res("i")} * w1 * slope;
        }
        g0 += d * xp;
        gb += d;
      }
      if (G == 1) {
        ${done}
      } else {
        partW0[t] = g0;
        partB0[t] = gb;
        partW1[t] = g1;
      }
    }
    redZeros[t] = zeroPart;`;
}

/** The tree reduction of `redLoss`, `redRes`, `redZeros` (uniform control flow: every thread runs it). */
export const TREE_WGSL = `
    for (var w = T / 2; w > 0; w = w / 2) {
      if (t < w) {
        redLoss[t] += redLoss[t + w];
        redRes[t] += redRes[t + w];
        redZeros[t] += redZeros[t + w];
      }
      workgroupBarrier();
    }`;
