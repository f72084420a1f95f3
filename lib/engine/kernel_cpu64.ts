/**
 * The fused training kernel's float64 loop: {@link runFusedSteps64}, the
 * algorithm of the float32 JavaScript loop in `kernel_cpu.ts` in float64
 * throughout, and Adam's bias corrections unrounded ({@link adamSchedule64}).
 *
 * @module
 */
import { hash32 } from "../math/random.ts";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from "./contract.ts";
import { type FusedArrays64, type FusedKernelAttrs, packedLayout } from "./kernel.ts";

/**
 * `runFusedSteps` of `kernel_cpu.ts` in float64 throughout: z = w0·x + b0 (a product and
 * a sum, each rounded to float64), relu'(0) where z is exactly 0, the
 * prediction, residual, sums, gradient and updates in float64, with Adam's
 * constants and schedule unrounded.
 *
 * @param arrays the inputs, the state, the schedule, the seeds and the output
 * @param attrs the kernel call's attributes
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { runFusedSteps64 } from "./kernel_cpu64.ts";
 * const attrs = { steps: 1, hidden: 1, lr: 0.1, adam: false, gradAtZero: 0, randomGrad: false, stepOffset: 0 };
 * const out = new Float64Array(6); // w0, b0, w1, b1, one loss, one zero count
 * const x = new Float64Array([-1, 0, 1]);
 * const state = new Float64Array([1, 0, 1, 0]);
 * const arrays = { x, y: x, state, stateStride: 4, schedule: new Float64Array(2), seeds: new Int32Array(1), out };
 * runFusedSteps64(arrays, { ...attrs, countZeros: true, scratch: 0 });
 * deepStrictEqual([out[3], out[4], out[5]], [-0.1 * (2 / 3), 1 / 3, 1]); // b1, the loss, the zero count
 * ```
 */
export function runFusedSteps64(
  arrays: FusedArrays64,
  attrs: FusedKernelAttrs,
): void {
  const { x: xs, y: ys, state, stateStride, schedule, seeds, out } = arrays;
  const H = attrs.hidden;
  const P = xs.length;
  const M = seeds.length;
  const layout = packedLayout(attrs);
  const n = layout.params;
  const lr = attrs.lr;
  const scale = 2 / P;
  const L = attrs.leftSlope ?? 0;
  const R = attrs.rightSlope ?? 1;
  const zs = new Float64Array(H);
  const gw0 = new Float64Array(H);
  const gb0 = new Float64Array(H);
  const gw1 = new Float64Array(H);
  const grad = new Float64Array(n);
  for (let m = 0; m < M; m++) {
    const row = m * layout.width;
    out.set(state.subarray(m * stateStride, m * stateStride + layout.state), row);
    const w0 = out.subarray(row, row + H);
    const b0 = out.subarray(row + H, row + 2 * H);
    const w1 = out.subarray(row + 2 * H, row + 3 * H);
    const seedHash = seeds[m] >>> 0;
    for (let s = 0; s < Math.max(attrs.steps, 1); s++) {
      const b1 = out[row + 3 * H];
      let loss = 0;
      let gb1 = 0;
      let zeros = 0;
      const stepHash = hash32(seedHash ^ ((attrs.stepOffset + s) >>> 0));
      gw0.fill(0);
      gb0.fill(0);
      gw1.fill(0);
      for (let p = 0; p < P; p++) {
        const xp = xs[p];
        let sum = 0;
        for (let j = 0; j < H; j++) {
          const z = w0[j] * xp + b0[j];
          zs[j] = z;
          if (z > 0) sum += w1[j] * (R * z);
          else if (z < 0 && L !== 0) sum += w1[j] * (L * z);
        }
        const r = sum + b1 - ys[p];
        loss += r * r;
        gb1 += r;
        for (let j = 0; j < H; j++) {
          const z = zs[j];
          let d: number;
          if (z > 0) {
            gw1[j] += r * (R * z);
            d = r * w1[j] * R;
          } else if (z < 0 && L !== 0) {
            gw1[j] += r * (L * z);
            d = r * w1[j] * L;
          } else if (z === 0) {
            zeros++;
            const g = attrs.randomGrad
              ? L + (R - L) * ((hash32(stepHash ^ (p * H + j)) >>> 8) / 16777216)
              : attrs.gradAtZero;
            d = r * w1[j] * g;
          } else {
            continue; // z < 0 with slope 0, or NaN
          }
          gw0[j] += d * xp;
          gb0[j] += d;
        }
      }
      out[row + layout.losses + s] = loss / P;
      if (attrs.countZeros) out[row + layout.zeros + s] = zeros;
      if (attrs.steps === 0) break;
      for (let j = 0; j < H; j++) {
        grad[j] = gw0[j] * scale;
        grad[H + j] = gb0[j] * scale;
        grad[2 * H + j] = gw1[j] * scale;
      }
      grad[3 * H] = gb1 * scale;
      if (attrs.adam) {
        const bc1 = schedule[2 * s];
        const bc2 = schedule[2 * s + 1];
        for (let i = 0; i < n; i++) {
          const g = grad[i];
          const mo = ADAM_BETA1 * out[row + n + i] + (1 - ADAM_BETA1) * g;
          const vo = ADAM_BETA2 * out[row + 2 * n + i] + (1 - ADAM_BETA2) * g * g;
          out[row + n + i] = mo;
          out[row + 2 * n + i] = vo;
          out[row + i] -= (lr * (mo / bc1)) / (Math.sqrt(vo / bc2) + ADAM_EPSILON);
        }
      } else {
        for (let i = 0; i < n; i++) out[row + i] -= lr * grad[i];
      }
    }
  }
}
