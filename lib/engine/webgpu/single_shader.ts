/**
 * The single-mode WGSL program of the fused webgpu kernel: one workgroup of
 * 64 threads per model runs every update of a dispatch in one shader loop,
 * the model's parameters in its output row and the residuals in the row's
 * scratch columns.
 *
 * @module
 */
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from "../contract.ts";
import { phase1Wgsl, phase2Wgsl, SHARED_WGSL, TREE_WGSL, type WgslAccess, wgslFloat } from "./wgsl.ts";

/**
 * The single-mode program's WGSL body (tfjs adds the bindings, the uniforms
 * struct and `_start`): workgroup m runs `chunkSteps` updates of model m
 * in its output row, residuals in the row's scratch columns. Per update the
 * threads split the points (forward pass, residuals), then the (unit, point)
 * pairs (gradients and z = 0 counts; with H ≤ 32, G = ⌊64/H⌋ threads share a
 * unit and a workgroup sum joins their parts), then a tree reduction gives the
 * loss, b1's gradient and the zero count, and the parameters are updated in
 * place (SGD or Adam, in `updateParam`).
 *
 * @returns the WGSL source of `main` and its helpers
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { singleShaderSource } from "./single_shader.ts";
 * const source = singleShaderSource();
 * ok(source.includes("fn main(index : i32) {"));
 * ok(source.includes("fn updateParam(row : i32, i : i32, grad : f32, s : i32) {"));
 * ```
 */
export function singleShaderSource(): string {
  const a: WgslAccess = {
    param: (i) => `result[row + ${i}]`,
    res: (i) => `result[row + uniforms.scratchAt + ${i}]`,
  };
  return `${SHARED_WGSL}
fn main(index : i32) {
  let m = i32(workgroupId.x);
  let t = i32(localIndex);
  let H = uniforms.hidden;
  let P = uniforms.points;
  let first = 0;
  let count = P;
  let row = m * uniforms.outShape[1];
  let scale = 2.0 / f32(P);
  let G = max(1, T / H);
  if (uniforms.chunkFirst == 0) {
    let inRow = m * uniforms.stateStride;
    for (var i = t; i < uniforms.stateSize; i += T) {
      result[row + i] = State[inRow + i];
    }
  }
  storageBarrier();
  workgroupBarrier();
  for (var c = 0; c < uniforms.chunkSteps; c++) {
    let s = uniforms.chunkFirst + c;
    let stepHash = hash32(u32(Seeds[m]) ^ u32(uniforms.stepOffset + s));
    ${phase1Wgsl(a)}
    storageBarrier();
    workgroupBarrier();
    ${
    phase2Wgsl(
      a,
      `if (uniforms.steps > 0) {
          updateParam(row, j, g0 * scale, s);
          updateParam(row, H + j, gb * scale, s);
          updateParam(row, 2 * H + j, g1 * scale, s);
        }`,
    )
  }
    workgroupBarrier();
    if (G > 1 && t < H && uniforms.steps > 0) {
      var g0 = 0.0;
      var gb = 0.0;
      var g1 = 0.0;
      for (var k = 0; k < G; k++) {
        g0 += partW0[k * H + t];
        gb += partB0[k * H + t];
        g1 += partW1[k * H + t];
      }
      updateParam(row, t, g0 * scale, s);
      updateParam(row, H + t, gb * scale, s);
      updateParam(row, 2 * H + t, g1 * scale, s);
    }
    ${TREE_WGSL}
    if (t == 0) {
      result[row + uniforms.lossesAt + s] = redLoss[0] / f32(P);
      if (uniforms.countZeros != 0) {
        result[row + uniforms.zerosAt + s] = f32(redZeros[0]);
      }
      if (uniforms.steps > 0) {
        updateParam(row, 3 * H, redRes[0] * scale, s);
      }
    }
    storageBarrier();
    workgroupBarrier();
  }
}

fn updateParam(row : i32, i : i32, grad : f32, s : i32) {
  let at = row + i;
  if (uniforms.adam == 0) {
    result[at] = result[at] - uniforms.lr * grad;
    return;
  }
  let n = 3 * uniforms.hidden + 1;
  let m = ${wgslFloat(ADAM_BETA1)} * result[at + n] + ${wgslFloat(1 - ADAM_BETA1)} * grad;
  let v = ${wgslFloat(ADAM_BETA2)} * result[at + 2 * n] + (${wgslFloat(1 - ADAM_BETA2)} * grad) * grad;
  result[at + n] = m;
  result[at + 2 * n] = v;
  let mHat = m / Schedule[2 * s];
  let vHat = v / Schedule[2 * s + 1];
  result[at] = result[at] - (uniforms.lr * mHat) / (sqrt(vHat) + ${wgslFloat(ADAM_EPSILON)});
}
`;
}
