/**
 * The split-mode WGSL programs of the fused webgpu kernel, two dispatches
 * per update: *partials*, one workgroup per (model, chunk of points), writes
 * the chunk's sums and residuals into its row of a temporary buffer; *update*,
 * one thread per (model, column), sums a column over the chunks in chunk
 * order (deterministic, and independent of the number of models) and applies
 * SGD or Adam, or writes the loss or the zero count.
 *
 * @module
 */
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from "../contract.ts";
import { phase1Wgsl, phase2Wgsl, SHARED_WGSL, TREE_WGSL, type WgslAccess, wgslFloat } from "./wgsl.ts";

/**
 * The split mode's partials program: workgroup (m, c) takes chunk c of model
 * m and writes its row of the partials buffer (`result`): the sums
 * ∂/∂w0 [H], ∂/∂b0 [H], ∂/∂w1 [H], ∂/∂b1, Σr², the zero count, then the
 * chunk's residuals. The first partials dispatch of a call reads the
 * parameters from the `state` input, later ones from the output.
 *
 * @returns the WGSL source of `main` and its helpers
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { partialsShaderSource } from "./split_shaders.ts";
 * const source = partialsShaderSource();
 * ok(source.includes("fn main(index : i32) {"));
 * ok(source.includes("result[orow + 3 * H + 2] = f32(redZeros[0]);"));
 * ```
 */
export function partialsShaderSource(): string {
  const a: WgslAccess = {
    param: (i) => `Params[prow + ${i}]`,
    res: (i) => `result[orow + K + ${i}]`,
  };
  return `${SHARED_WGSL}
fn main(index : i32) {
  let t = i32(localIndex);
  let wg = i32(workgroupId.x + numWorkgroups.x * (workgroupId.y + numWorkgroups.y * workgroupId.z));
  let H = uniforms.hidden;
  let P = uniforms.points;
  let C = uniforms.chunks;
  let valid = wg < uniforms.models * C;
  let m = min(wg / C, uniforms.models - 1);
  let first = (wg % C) * uniforms.chunk;
  let count = select(0, min(uniforms.chunk, P - first), valid);
  let prow = m * uniforms.paramStride;
  let K = 3 * H + 3;
  let orow = wg * (K + uniforms.chunk);
  let G = max(1, T / H);
  let stepHash = hash32(u32(Seeds[m]) ^ u32(uniforms.update));
  ${phase1Wgsl(a)}
  storageBarrier();
  workgroupBarrier();
  ${
    phase2Wgsl(
      a,
      `if (valid) {
          result[orow + j] = g0;
          result[orow + H + j] = gb;
          result[orow + 2 * H + j] = g1;
        }`,
    )
  }
  workgroupBarrier();
  if (G > 1 && t < H && valid) {
    var g0 = 0.0;
    var gb = 0.0;
    var g1 = 0.0;
    for (var k = 0; k < G; k++) {
      g0 += partW0[k * H + t];
      gb += partB0[k * H + t];
      g1 += partW1[k * H + t];
    }
    result[orow + t] = g0;
    result[orow + H + t] = gb;
    result[orow + 2 * H + t] = g1;
  }
  ${TREE_WGSL}
  if (t == 0 && valid) {
    result[orow + 3 * H] = redRes[0];
    result[orow + 3 * H + 1] = redLoss[0];
    result[orow + 3 * H + 2] = f32(redZeros[0]);
  }
}
`;
}

/**
 * The split mode's update program: thread (m, i) sums column i of model m's
 * C partial rows in chunk order and updates parameter i (with its Adam
 * moments), or writes the loss (i = 3H + 1) or the zero count (i = 3H + 2).
 * The first update of a call reads the parameters from `State`.
 *
 * @returns the WGSL source of `main` and its helpers
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { updateShaderSource } from "./split_shaders.ts";
 * const source = updateShaderSource();
 * ok(source.includes("fn main(index : i32) {"));
 * ok(source.includes("sum += Partials[rows + c * R + i];"));
 * ```
 */
export function updateShaderSource(): string {
  return `
fn main(index : i32) {
  let H = uniforms.hidden;
  let n = 3 * H + 1;
  let K = n + 2;
  let m = index / uniforms.columns;
  let i = index % uniforms.columns;
  if (m >= uniforms.models || i >= K) {
    return;
  }
  let C = uniforms.chunks;
  let R = uniforms.partialRow;
  let rows = m * C * R;
  let row = m * uniforms.outShape[1];
  let s = uniforms.slot;
  if (i == n) {
    var loss = 0.0;
    for (var c = 0; c < C; c++) {
      loss += Partials[rows + c * R + n];
    }
    result[row + uniforms.lossesAt + s] = loss / f32(uniforms.points);
    return;
  }
  if (i == n + 1) {
    if (uniforms.countZeros != 0) {
      var zeros = 0;
      for (var c = 0; c < C; c++) {
        zeros += i32(Partials[rows + c * R + n + 1]);
      }
      result[row + uniforms.zerosAt + s] = f32(zeros);
    }
    return;
  }
  var p : f32;
  var mo = 0.0;
  var v = 0.0;
  let adam = uniforms.adam != 0;
  if (uniforms.first != 0) {
    let inRow = m * uniforms.stateStride;
    p = State[inRow + i];
    if (adam) {
      mo = State[inRow + n + i];
      v = State[inRow + 2 * n + i];
    }
  } else {
    p = result[row + i];
    if (adam) {
      mo = result[row + n + i];
      v = result[row + 2 * n + i];
    }
  }
  if (uniforms.steps > 0) {
    var sum = 0.0;
    for (var c = 0; c < C; c++) {
      sum += Partials[rows + c * R + i];
    }
    let grad = sum * (2.0 / f32(uniforms.points));
    if (adam) {
      mo = ${wgslFloat(ADAM_BETA1)} * mo + ${wgslFloat(1 - ADAM_BETA1)} * grad;
      v = ${wgslFloat(ADAM_BETA2)} * v + (${wgslFloat(1 - ADAM_BETA2)} * grad) * grad;
      let mHat = mo / Schedule[2 * s];
      let vHat = v / Schedule[2 * s + 1];
      p = p - (uniforms.lr * mHat) / (sqrt(vHat) + ${wgslFloat(ADAM_EPSILON)});
    } else {
      p = p - uniforms.lr * grad;
    }
  }
  result[row + i] = p;
  if (adam) {
    result[row + n + i] = mo;
    result[row + 2 * n + i] = v;
  }
}
`;
}
