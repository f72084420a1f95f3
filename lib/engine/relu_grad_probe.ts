/**
 * Asking the frameworks what they take for relu′(0): tfjs's own
 * `tf.grad(tf.relu)` on the active backend, PyTorch's `torch.relu` backward in
 * a Python process, and tfjs's autodiff of the three programs that all
 * compute relu (`lib/math/kink_programs.ts`). Every answer is plain numbers.
 *
 * @module
 */
import * as tf from "npm:@tensorflow/tfjs@4.22.0";
import { UsageError } from "../errors.ts";
import type { KinkProgram, KinkTerm } from "../math/kink_programs.ts";
import { reluWithGradAtZero, type Tensor } from "./autodiff.ts";

/** A point where a framework is asked for relu′: its label in tables (`−0`, `2⁻¹⁴⁹`) and its value. */
export interface ProbePoint {
  /** How tables write it. */
  label: string;
  /** The float32 number (−0 included). */
  z: number;
}

/**
 * Where relu′ is asked for: ±1, 0 and −0, and the float32 numbers nearest to 0
 * on either side (±2⁻¹⁴⁹, the smallest subnormal), where any rounding of z
 * towards 0 would show.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, ok } from "node:assert/strict";
 * import { PROBE_POINTS } from "./relu_grad_probe.ts";
 * deepStrictEqual(PROBE_POINTS.map((p) => p.label), ["−1", "−2⁻¹⁴⁹", "−0", "0", "2⁻¹⁴⁹", "1"]);
 * ok(Object.is(PROBE_POINTS[2].z, -0));
 * deepStrictEqual(Array.from(new Float32Array([PROBE_POINTS[4].z])), [2 ** -149]); // a float32 number
 * ```
 */
export const PROBE_POINTS: readonly ProbePoint[] = [
  { label: "−1", z: -1 },
  { label: "−2⁻¹⁴⁹", z: -(2 ** -149) },
  { label: "−0", z: -0 },
  { label: "0", z: 0 },
  { label: "2⁻¹⁴⁹", z: 2 ** -149 },
  { label: "1", z: 1 },
];

/**
 * The tfjs version this project runs, as `tf.version.tfjs` says.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TFJS_VERSION } from "./relu_grad_probe.ts";
 * strictEqual(TFJS_VERSION, "4.22.0");
 * ```
 */
export const TFJS_VERSION: string = tf.version.tfjs;

/**
 * tfjs's own derivative of relu, `tf.grad(tf.relu)`, at each z, on the active backend.
 *
 * @param zs where to differentiate
 * @returns relu′(z) as tfjs computes it
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { selectBackend } from "./backend.ts";
 * import { tfjsReluGradient } from "./relu_grad_probe.ts";
 * await selectBackend("cpu");
 * deepStrictEqual(await tfjsReluGradient([-1, 0, 1]), [0, 0, 1]);
 * ```
 */
export async function tfjsReluGradient(zs: readonly number[]): Promise<number[]> {
  return await gradientAt((z) => tf.relu(z), zs);
}

/** Options of {@link tfjsKinkProgram}. */
export interface KinkProgramOptions {
  /** relu′(0) for the relu inside the program; absent: tfjs's own `tf.relu` and its gradient. */
  gradAtZero?: number;
}

/**
 * A kink program in tfjs ops, as written: its terms (`tf.relu(z)`,
 * `tf.relu(z.neg())`, `z`) added left to right, then divided; relu is
 * `tf.relu`, or relu with the chosen relu′(0).
 *
 * @param program the program
 * @param z the input tensor
 * @param options relu′(0) of the relu inside (default: tfjs's own)
 * @returns the program's output tensor
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import * as tf from "npm:@tensorflow/tfjs@4.22.0";
 * import { selectBackend } from "./backend.ts";
 * import { kinkProgramTensor } from "./relu_grad_probe.ts";
 * import { KINK_PROGRAMS } from "../math/kink_programs.ts";
 * await selectBackend("cpu");
 * deepStrictEqual(Array.from(kinkProgramTensor(KINK_PROGRAMS[1], tf.tensor1d([-2, 0, 3])).dataSync()), [0, 0, 3]);
 * ```
 */
export function kinkProgramTensor(program: KinkProgram, z: Tensor, options: KinkProgramOptions = {}): Tensor {
  const { gradAtZero } = options;
  const relu = (t: tf.Tensor) => gradAtZero === undefined ? tf.relu(t) : reluWithGradAtZero(t, tf.scalar(gradAtZero));
  const term: Record<KinkTerm, () => tf.Tensor> = {
    "relu(z)": () => relu(z),
    "relu(-z)": () => relu(z.neg()),
    z: () => z,
  };
  const sum = program.terms.slice(1).reduce((acc, t) => acc.add(term[t]()), term[program.terms[0]]());
  return program.divisor === 1 ? sum : sum.div(program.divisor);
}

/**
 * A kink program's values and tfjs's autodiff derivative (`tf.grad`) at each
 * z, on the active backend, in float32.
 *
 * @param program the program
 * @param zs where to evaluate and differentiate
 * @param options relu′(0) of the relu inside (default: tfjs's own)
 * @returns the values and the derivatives
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { selectBackend } from "./backend.ts";
 * import { tfjsKinkProgram } from "./relu_grad_probe.ts";
 * import { KINK_PROGRAMS } from "../math/kink_programs.ts";
 * await selectBackend("cpu");
 * deepStrictEqual(await tfjsKinkProgram(KINK_PROGRAMS[2], [-1, 0, 1]), { values: [0, 0, 1], grads: [0, 0.5, 1] });
 * ```
 */
export async function tfjsKinkProgram(
  program: KinkProgram,
  zs: readonly number[],
  options: KinkProgramOptions = {},
): Promise<{ values: number[]; grads: number[] }> {
  const values = tf.tidy(() => kinkProgramTensor(program, tf.tensor1d([...zs]), options));
  try {
    return {
      values: Array.from(await values.data()),
      grads: await gradientAt((z) => kinkProgramTensor(program, z, options), zs),
    };
  } finally {
    values.dispose();
  }
}

/** tf.grad of an elementwise f at each z; every tensor made is disposed. */
async function gradientAt(f: (z: tf.Tensor) => tf.Tensor, zs: readonly number[]): Promise<number[]> {
  const grad = tf.tidy(() => tf.grad(f)(tf.tensor1d([...zs])));
  try {
    return Array.from(await grad.data());
  } finally {
    grad.dispose();
  }
}

/**
 * The Python program that asks PyTorch: z from the command line (float32,
 * `-0.0` kept), `torch.relu(z).sum().backward()`, then one line of JSON with
 * torch's version, z as torch holds it and z.grad.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { TORCH_RELU_GRAD_PROGRAM } from "./relu_grad_probe.ts";
 * ok(TORCH_RELU_GRAD_PROGRAM.includes("torch.relu(z).sum().backward()"));
 * ```
 */
export const TORCH_RELU_GRAD_PROGRAM: string = [
  "import json, sys, torch",
  "z = torch.tensor([float(a) for a in sys.argv[1:]], dtype=torch.float32, requires_grad=True)",
  "torch.relu(z).sum().backward()",
  'print(json.dumps({"version": torch.__version__, "z": z.tolist(), "grad": z.grad.tolist()}))',
].join("\n");

/** What PyTorch answers. */
export interface TorchAnswer {
  /** `torch.__version__`. */
  version: string;
  /** relu′(z) at each z. */
  grads: number[];
}

/**
 * PyTorch's derivative of `torch.relu` at each z, in float32, from
 * {@link TORCH_RELU_GRAD_PROGRAM} run by `python`. A Python without torch, or
 * none at all, is a {@link UsageError} naming the input `torch` and why.
 *
 * @param zs where to differentiate (float32 numbers; −0 is passed as `-0.0`)
 * @param python the Python interpreter (e.g. `/usr/bin/python3`)
 * @returns torch's version and relu′ at each z
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { torchReluGradient } from "./relu_grad_probe.ts";
 * await rejects(torchReluGradient([0], "/nonexistent/python3"), /torch needs \/nonexistent\/python3 with PyTorch/);
 * ```
 */
export async function torchReluGradient(zs: readonly number[], python: string): Promise<TorchAnswer> {
  const refuse = (why: string) =>
    new UsageError((name) => `${name("torch")} needs ${python} with PyTorch (Debian's python3-torch): ${why}`);
  let out: Deno.CommandOutput;
  try {
    const args = ["-c", TORCH_RELU_GRAD_PROGRAM, ...zs.map((z) => Object.is(z, -0) ? "-0.0" : String(z))];
    out = await new Deno.Command(python, { args, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    throw refuse(e instanceof Deno.errors.NotFound ? "it is not installed" : (e as Error).message.split("\n")[0]);
  }
  const text = (b: Uint8Array) => new TextDecoder().decode(b).trim();
  if (!out.success) throw refuse(text(out.stderr).split("\n").at(-1) ?? `exit code ${out.code}`);
  const answer = JSON.parse(text(out.stdout)) as { version: string; z: number[]; grad: number[] };
  const sent = zs.map((z) => Math.fround(z));
  if (answer.z.some((z, i) => z !== sent[i])) throw new Error(`torch read z as ${answer.z}, not ${sent}`);
  return { version: answer.version, grads: answer.grad };
}
