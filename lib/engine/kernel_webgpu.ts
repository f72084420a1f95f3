/**
 * The fused training kernel as one WGSL program for the tfjs `webgpu`
 * backend, run through `WebGPUBackend.runWebGPUProgram`.
 *
 * One workgroup of {@link FUSED_WORKGROUP_SIZE} threads per model (dispatch
 * [M, 1, 1]); the model's parameters live in its row of the output buffer for
 * the whole call. Each update has two phases separated by barriers:
 * 1. threads split the points: forward pass, residual r[p] into the row's
 *    scratch, partial sums of r² and r;
 * 2. threads split the (unit, point) pairs: with H ≤ 32, G = ⌊64/H⌋ threads
 *    share a unit, each summing its gradient over every G-th point
 *    (recomputing z) and counting z = 0; a workgroup sum over the G parts
 *    gives each unit's gradient and one thread per unit updates it.
 * A workgroup tree reduction gives the loss, b1's gradient and the zero
 * count, and thread 0 updates b1.
 *
 * Everything (H, P, steps, lr, relu'(0), optimizer) is a uniform, so one
 * pipeline serves every call. One kernel call records several dispatches of
 * the program into the same output when the steps need more shader loop
 * iterations than {@link FUSED_LOOP_BUDGET} (Mesa's llvmpipe, the software
 * adapter, silently ends a shader's loops after 65535 iterations); each
 * dispatch continues from the state the previous one left in the output.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import type { WebGPUBackend, WebGPUProgram } from "npm:@tensorflow/tfjs-backend-webgpu@4.22.0";
import {
  ADAM_BETA1,
  ADAM_BETA2,
  ADAM_EPSILON,
  FUSED_KERNEL_NAME,
  type FusedKernelArgs,
  type FusedKernelAttrs,
  type FusedKernelInputs,
  packedLayout,
} from "./kernel.ts";

/** Threads per workgroup (one workgroup per model). */
export const FUSED_WORKGROUP_SIZE = 64;

/**
 * The most loop iterations one shader invocation may run in one dispatch
 * (half of llvmpipe's 65535, which it enforces by silently leaving loops).
 */
export const FUSED_LOOP_BUDGET = 32768;

const f32 = (v: number): string => {
  const s = String(Math.fround(v));
  return /[.e]/.test(s) ? s : `${s}.0`;
};

/** The WGSL body (tfjs adds the bindings, the uniforms struct and `_start`). */
export function fusedShaderSource(): string {
  const T = FUSED_WORKGROUP_SIZE;
  return `
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

fn main(index : i32) {
  let m = i32(workgroupId.x);
  let t = i32(localIndex);
  let H = uniforms.hidden;
  let P = uniforms.points;
  let row = m * uniforms.outShape[1];
  let scratch = row + uniforms.scratchAt;
  let scale = 2.0 / f32(P);
  let G = max(1, T / H);
  if (uniforms.chunkFirst == 0) {
    let inRow = m * uniforms.stateShape[1];
    for (var i = t; i < uniforms.stateSize; i += T) {
      result[row + i] = State[inRow + i];
    }
  }
  storageBarrier();
  workgroupBarrier();
  for (var c = 0; c < uniforms.chunkSteps; c++) {
    let s = uniforms.chunkFirst + c;
    // Phase 1: points. Forward pass and residuals.
    let b1 = result[row + 3 * H];
    var lossPart = 0.0;
    var resPart = 0.0;
    for (var p = t; p < P; p += T) {
      let xp = X[p];
      var acc = 0.0;
      for (var j = 0; j < H; j++) {
        let wx = result[row + j] * xp;
        let z = wx + result[row + H + j];
        if (z > 0.0) {
          acc += result[row + 2 * H + j] * z;
        }
      }
      let r = (acc + b1) - Y[p];
      result[scratch + p] = r;
      lossPart += r * r;
      resPart += r;
    }
    redLoss[t] = lossPart;
    redRes[t] = resPart;
    storageBarrier();
    workgroupBarrier();
    // Phase 2: (unit, point) pairs. Thread t takes units t mod H (+ T, + 2T, ...)
    // and every G-th point from t / H.
    var zeroPart = 0;
    let stepHash = hash32(u32(Seeds[m]) ^ u32(uniforms.stepOffset + s));
    let g = t / H;
    for (var j = t % H; j < H && g < G; j += T) {
      let w0 = result[row + j];
      let b0 = result[row + H + j];
      let w1 = result[row + 2 * H + j];
      var g0 = 0.0;
      var gb = 0.0;
      var g1 = 0.0;
      for (var p = g; p < P; p += G) {
        let xp = X[p];
        let wx = w0 * xp;
        let z = wx + b0;
        var d = 0.0;
        if (z > 0.0) {
          let r = result[scratch + p];
          g1 += r * z;
          d = r * w1;
        } else if (z == 0.0) {
          zeroPart++;
          var slope = uniforms.gradAtZero;
          if (uniforms.randomGrad != 0) {
            slope = f32(hash32(stepHash ^ u32(p * H + j)) >> 8u) / 16777216.0;
          }
          d = result[scratch + p] * w1 * slope;
        }
        g0 += d * xp;
        gb += d;
      }
      if (G == 1) {
        if (uniforms.steps > 0) {
          updateParam(row, j, g0 * scale, s);
          updateParam(row, H + j, gb * scale, s);
          updateParam(row, 2 * H + j, g1 * scale, s);
        }
      } else {
        partW0[t] = g0;
        partB0[t] = gb;
        partW1[t] = g1;
      }
    }
    redZeros[t] = zeroPart;
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
    for (var w = T / 2; w > 0; w = w / 2) {
      if (t < w) {
        redLoss[t] += redLoss[t + w];
        redRes[t] += redRes[t + w];
        redZeros[t] += redZeros[t + w];
      }
      workgroupBarrier();
    }
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
  let m = ${f32(ADAM_BETA1)} * result[at + n] + ${f32(1 - ADAM_BETA1)} * grad;
  let v = ${f32(ADAM_BETA2)} * result[at + 2 * n] + (${f32(1 - ADAM_BETA2)} * grad) * grad;
  result[at + n] = m;
  result[at + 2 * n] = v;
  let mHat = m / Schedule[2 * s];
  let vHat = v / Schedule[2 * s + 1];
  result[at] = result[at] - (uniforms.lr * mHat) / (sqrt(vHat) + ${f32(ADAM_EPSILON)});
}
`;
}

/**
 * An upper bound on the loop iterations (counting each loop entry as one
 * more) that one invocation runs for one update of H units on P points.
 */
export function loopIterationsPerStep(hidden: number, points: number): number {
  const T = FUSED_WORKGROUP_SIZE;
  const G = Math.max(1, Math.floor(T / hidden));
  const pointsPerThread = Math.ceil(points / T);
  const phase1 = 1 + pointsPerThread * (hidden + 2);
  const unitsPerThread = Math.ceil(hidden / T);
  const phase2 = 1 + unitsPerThread * (Math.ceil(points / G) + 1) + (G + 1);
  const reduction = Math.log2(T) + 1;
  return phase1 + phase2 + reduction + 1;
}

/** Builds the tfjs program object for M models. */
function fusedProgram(models: number, width: number): WebGPUProgram {
  return {
    variableNames: ["X", "Y", "State", "Schedule", "Seeds"],
    outputShape: [models, width],
    shaderKey: "FusedReluRegressorSteps",
    dispatchLayout: { x: [0] },
    dispatch: [models, 1, 1],
    workgroupSize: [FUSED_WORKGROUP_SIZE, 1, 1],
    uniforms: "hidden : i32, points : i32, steps : i32, chunkFirst : i32, " +
      "chunkSteps : i32, stepOffset : i32, stateSize : i32, lossesAt : i32, " +
      "zerosAt : i32, scratchAt : i32, adam : i32, randomGrad : i32, " +
      "countZeros : i32, lr : f32, gradAtZero : f32,",
    getUserCode: fusedShaderSource,
  };
}

/** The webgpu kernel: one workgroup per model, as few dispatches as the loop budget allows. */
function webgpuKernel(
  args: FusedKernelArgs,
): tf.TensorInfo {
  const inputs = args.inputs as unknown as FusedKernelInputs;
  const attrs = args.attrs as unknown as FusedKernelAttrs;
  const backend = args.backend as WebGPUBackend;
  const models = inputs.seeds.shape[0];
  const points = inputs.x.shape[0];
  if (attrs.scratch < points) {
    throw new RangeError(
      `Cannot run the fused webgpu kernel: scratch must be at least P = ${points}, got ${attrs.scratch}`,
    );
  }
  const perStep = loopIterationsPerStep(attrs.hidden, points);
  const layout = packedLayout(attrs);
  const copy = Math.ceil(layout.state / FUSED_WORKGROUP_SIZE) + 1;
  const stepsPerDispatch = Math.floor((FUSED_LOOP_BUDGET - copy) / perStep);
  if (stepsPerDispatch < 1) {
    throw new RangeError(
      `Cannot run the fused webgpu kernel for H = ${attrs.hidden} and P = ${points}: ` +
        `one update needs about ${perStep} loop iterations per shader invocation, ` +
        `more than the ${FUSED_LOOP_BUDGET} allowed per dispatch; use the cpu backend`,
    );
  }
  const program = fusedProgram(models, layout.width);
  const output = backend.makeTensorInfo(program.outputShape, "float32");
  const order = [inputs.x, inputs.y, inputs.state, inputs.schedule, inputs.seeds];
  const int = (v: number) => ({ type: "int32", data: [v] });
  const slots = Math.max(attrs.steps, 1);
  for (let first = 0; first < slots; first += stepsPerDispatch) {
    backend.runWebGPUProgram(program, order, "float32", [
      int(attrs.hidden),
      int(points),
      int(attrs.steps),
      int(first),
      int(Math.min(stepsPerDispatch, slots - first)),
      int(attrs.stepOffset),
      int(layout.state),
      int(layout.losses),
      int(layout.zeros),
      int(layout.scratch),
      int(attrs.adam ? 1 : 0),
      int(attrs.randomGrad ? 1 : 0),
      int(attrs.countZeros ? 1 : 0),
      { type: "float32", data: [attrs.lr] },
      { type: "float32", data: [attrs.gradAtZero] },
    ], output);
  }
  return output;
}

/** Registers the fused kernel for the `webgpu` backend (once). Needs no GPU until it runs. */
export function registerFusedWebGpuKernel(): void {
  if (!tf.getKernel(FUSED_KERNEL_NAME, "webgpu")) {
    tf.registerKernel({
      kernelName: FUSED_KERNEL_NAME,
      backendName: "webgpu",
      kernelFunc: webgpuKernel as tf.KernelFunc,
    });
  }
}
