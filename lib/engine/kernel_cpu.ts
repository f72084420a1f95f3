/**
 * The fused training kernel's JavaScript loop and its tfjs `cpu`
 * and `wasm` registrations. Both registered kernels run the WebAssembly SIMD
 * kernel of `kernel_wasm.ts`, which matches {@link runFusedSteps} bit for
 * bit; the loop here is the readable definition it is tested against.
 *
 * @module
 */
import * as tf from "../tf.ts";
import type { BackendWasm } from "npm:@tensorflow/tfjs-backend-wasm@4.22.0";
import { hash32 } from "../math/random.ts";
import { runFusedStepsWasm } from "./kernel_wasm.ts";
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from "./contract.ts";
import {
  FUSED_KERNEL_NAME,
  type FusedArrays,
  type FusedKernelArgs,
  type FusedKernelAttrs,
  type FusedKernelInputs,
  packedLayout,
} from "./kernel.ts";

const f = Math.fround;
const B1 = f(ADAM_BETA1);
const B2 = f(ADAM_BETA2);
const OMB1 = f(1 - ADAM_BETA1);
const OMB2 = f(1 - ADAM_BETA2);
const EPS = f(ADAM_EPSILON);

/**
 * Runs the fused kernel on plain arrays: copies each model's state into
 * `out`, applies `attrs.steps` updates in place there and writes the losses
 * (and zero counts). With `steps = 0` it only writes the current loss. Per
 * model and update, one pass over the points computes the forward pass, the
 * loss and the gradient at once.
 *
 * The activation is piecewise linear, a(z) = (z > 0 ? right : left)·z with
 * float32 slopes (`attrs.leftSlope`, `attrs.rightSlope`; relu by default),
 * a(z) rounded to float32; its derivative is the slope of z's side, and at
 * z = 0 exactly the chosen kink derivative (fixed, or left + (right − left)·u
 * for a uniform draw u). Products with the slope are left out where the slope
 * is 0 (relu's left side), which changes no bit: they would add ±0.
 *
 * Float32 wherever a value decides a branch or is stored: z =
 * fround(fround(w0·x) + b0) exactly as a float32 device computes it (so "z is
 * exactly 0" agrees), the prediction, the residual and every stored parameter
 * are rounded to float32; sums over points (and the prediction's sum over
 * units) accumulate in float64, as tfjs cpu's matMul does, and are rounded once.
 *
 * @param arrays the inputs, the state, the schedule, the seeds and the output
 * @param attrs the kernel call's attributes
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { runFusedSteps } from "./kernel_cpu.ts";
 * const attrs = { steps: 1, hidden: 1, lr: 0.1, adam: false, gradAtZero: 0, randomGrad: false, stepOffset: 0 };
 * const out = new Float32Array(6); // w0, b0, w1, b1, one loss, one zero count
 * const x = new Float32Array([-1, 0, 1]);
 * const state = new Float32Array([1, 0, 1, 0]);
 * const arrays = { x, y: x, state, stateStride: 4, schedule: new Float32Array(2), seeds: new Int32Array(1), out };
 * runFusedSteps(arrays, { ...attrs, countZeros: true, scratch: 0 });
 * strictEqual(out[4], Math.fround(1 / 3)); // the residuals are 1, 0, 0
 * strictEqual(out[5], 1); // z = 0 at x = 0
 * ok(out[3] < 0); // b1 moved down
 * ```
 */
export function runFusedSteps(
  arrays: FusedArrays,
  attrs: FusedKernelAttrs,
): void {
  const { x, y, state, stateStride, schedule, seeds, out } = arrays;
  const H = attrs.hidden;
  const P = x.length;
  const M = seeds.length;
  const layout = packedLayout(attrs);
  const lr = f(attrs.lr);
  const scale = f(2 / P);
  const L = attrs.leftSlope ?? 0;
  const R = attrs.rightSlope ?? 1;
  const zs = new Float64Array(H);
  const gw0 = new Float64Array(H);
  const gb0 = new Float64Array(H);
  const gw1 = new Float64Array(H);
  const grad = new Float32Array(layout.params);
  // float64 copies of float32 values: the same numbers, read without conversions in the hot loop
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  const w0 = new Float64Array(H);
  const b0 = new Float64Array(H);
  const w1 = new Float64Array(H);
  for (let m = 0; m < M; m++) {
    const row = m * layout.width;
    out.set(
      state.subarray(m * stateStride, m * stateStride + layout.state),
      row,
    );
    const seedHash = seeds[m] >>> 0;
    for (let s = 0; s < Math.max(attrs.steps, 1); s++) {
      for (let j = 0; j < H; j++) {
        w0[j] = out[row + j];
        b0[j] = out[row + H + j];
        w1[j] = out[row + 2 * H + j];
      }
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
          const z = f(f(w0[j] * xp) + b0[j]);
          zs[j] = z;
          if (z > 0) sum += w1[j] * f(R * z);
          else if (z < 0 && L !== 0) sum += w1[j] * f(L * z);
        }
        const r = f(f(f(sum) + b1) - ys[p]);
        loss += r * r;
        gb1 += r;
        for (let j = 0; j < H; j++) {
          const z = zs[j];
          let d: number;
          if (z > 0) {
            gw1[j] += r * f(R * z);
            d = r * w1[j] * R;
          } else if (z < 0 && L !== 0) {
            gw1[j] += r * f(L * z);
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
        grad[j] = f(gw0[j]) * scale;
        grad[H + j] = f(gb0[j]) * scale;
        grad[2 * H + j] = f(gw1[j]) * scale;
      }
      grad[3 * H] = f(gb1) * scale;
      if (attrs.adam) {
        adamUpdate(out, {
          row,
          n: layout.params,
          grad,
          lr,
          bc1: schedule[2 * s],
          bc2: schedule[2 * s + 1],
        });
      } else {
        for (let i = 0; i < layout.params; i++) {
          out[row + i] = f(out[row + i] - f(lr * grad[i]));
        }
      }
    }
  }
}

/** One PyTorch-style Adam update of the n parameters at `row` (moments follow them). */
function adamUpdate(
  out: Float32Array,
  o: {
    row: number;
    n: number;
    grad: Float32Array;
    lr: number;
    bc1: number;
    bc2: number;
  },
): void {
  const { row, n, grad, lr, bc1, bc2 } = o;
  for (let i = 0; i < n; i++) {
    const g = grad[i];
    const m = f(f(B1 * out[row + n + i]) + f(OMB1 * g));
    const v = f(f(B2 * out[row + 2 * n + i]) + f(f(OMB2 * g) * g));
    out[row + n + i] = m;
    out[row + 2 * n + i] = v;
    const mHat = f(m / bc1);
    const vHat = f(v / bc2);
    out[row + i] = f(
      out[row + i] - f(f(lr * mHat) / f(f(Math.sqrt(vHat)) + EPS)),
    );
  }
}

function outputShape(
  inputs: FusedKernelInputs,
  attrs: FusedKernelAttrs,
): [number, number] {
  return [inputs.seeds.shape[0], packedLayout(attrs).width];
}

/** The cpu kernel: reads the cpu backend's TypedArrays, returns a new packed tensor. */
function cpuKernel(
  args: FusedKernelArgs,
): tf.TensorInfo {
  const inputs = args.inputs as unknown as FusedKernelInputs;
  const attrs = args.attrs as unknown as FusedKernelAttrs;
  // deno-lint-ignore no-explicit-any
  const backend = args.backend as any;
  const values = (t: tf.TensorInfo) => backend.data.get(t.dataId).values;
  const shape = outputShape(inputs, attrs);
  const out = new Float32Array(shape[0] * shape[1]);
  runFusedStepsWasm({
    x: values(inputs.x),
    y: values(inputs.y),
    state: values(inputs.state),
    stateStride: inputs.state.shape[1],
    schedule: values(inputs.schedule),
    seeds: values(inputs.seeds),
    out,
  }, attrs);
  return backend.makeTensorInfo(shape, "float32", out);
}

/** The wasm kernel: the same WebAssembly kernel, reading from and writing to the wasm backend's heap. */
function wasmKernel(
  args: FusedKernelArgs,
): tf.TensorInfo {
  const inputs = args.inputs as unknown as FusedKernelInputs;
  const attrs = args.attrs as unknown as FusedKernelAttrs;
  const backend = args.backend as BackendWasm;
  // Allocate first: growing the heap detaches earlier views.
  const output = backend.makeOutput(outputShape(inputs, attrs), "float32");
  const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t);
  runFusedStepsWasm({
    x: view(inputs.x) as Float32Array,
    y: view(inputs.y) as Float32Array,
    state: view(inputs.state) as Float32Array,
    stateStride: inputs.state.shape[1],
    schedule: view(inputs.schedule) as Float32Array,
    seeds: view(inputs.seeds) as Int32Array,
    out: view(output) as Float32Array,
  }, attrs);
  return output;
}

/**
 * Registers the fused kernel for the `cpu` and `wasm` backends (once).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import * as tf from "../tf.ts";
 * import { selectBackend } from "./backend.ts";
 * import { FUSED_KERNEL_NAME } from "./kernel.ts";
 * import { registerFusedCpuKernels } from "./kernel_cpu.ts";
 * await selectBackend("cpu");
 * registerFusedCpuKernels();
 * ok(tf.getKernel(FUSED_KERNEL_NAME, "cpu") && tf.getKernel(FUSED_KERNEL_NAME, "wasm"));
 * ```
 */
export function registerFusedCpuKernels(): void {
  if (!tf.getKernel(FUSED_KERNEL_NAME, "cpu")) {
    tf.registerKernel({
      kernelName: FUSED_KERNEL_NAME,
      backendName: "cpu",
      kernelFunc: cpuKernel as tf.KernelFunc,
    });
  }
  if (!tf.getKernel(FUSED_KERNEL_NAME, "wasm")) {
    tf.registerKernel({
      kernelName: FUSED_KERNEL_NAME,
      backendName: "wasm",
      kernelFunc: wasmKernel as tf.KernelFunc,
    });
  }
}
