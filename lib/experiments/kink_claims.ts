/**
 * Two of the essay's claims about relu′(0), measured by asking the programs
 * themselves: what the frameworks take for relu′(0) ("TensorFlow uses 0"),
 * and that the derivative at a kink is the program's choice, not the
 * function's (relu written three ways, one function, three derivatives at 0).
 *
 * @module
 */
import { selectBackend } from "../engine/backend.ts";
import {
  PROBE_POINTS,
  TFJS_VERSION,
  tfjsKinkProgram,
  tfjsReluGradient,
  torchReluGradient,
} from "../engine/relu_grad_probe.ts";
import { linspace } from "../math/grid.ts";
import { chainRuleAtZero, evaluateKinkProgram, KINK_PROGRAMS, type KinkDerivative } from "../math/kink_programs.ts";
import { relu } from "../math/relu.ts";
import type { BackendName } from "../model/run.ts";

/** One framework's answer: relu′ at each of the probe points. */
export interface FrameworkRow {
  /** `tfjs` or `PyTorch`. */
  framework: "tfjs" | "PyTorch";
  /** Its version. */
  version: string;
  /** The backend (tfjs) or device (PyTorch) it ran on. */
  backend: string;
  /** What was called. */
  call: string;
  /** relu′ at each probe point, in the order of `points`. */
  grads: number[];
  /** The command that measured this row. */
  command: string;
  /** The device, where the backend names one (WebGPU's adapter). */
  device?: string;
}

/** What the frameworks answer: the probe points' labels and one row per framework and backend. */
export interface FrameworkAnswers {
  /** The labels of the probe points (−0 and 0 apart, which JSON's numbers cannot keep). */
  points: string[];
  /** The rows, tfjs backends first, then PyTorch. */
  rows: FrameworkRow[];
}

/** The tfjs backends `deno task figures` asks (the deterministic ones that start everywhere). */
export const FIGURES_TFJS_BACKENDS: readonly BackendName[] = ["cpu", "wasm"];

/**
 * Asks tfjs for `tf.grad(tf.relu)` at the probe points on each backend (each
 * started with `selectBackend`, which fails cleanly when it cannot start);
 * leaves cpu active.
 *
 * @param backends the backends to ask
 * @param command the command to record as the rows' source
 * @returns one row per backend
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { askTfjs } from "./kink_claims.ts";
 * const [row] = await askTfjs(["cpu"], "deno task figures");
 * deepStrictEqual(row.grads, [0, 0, 0, 0, 1, 1]);
 * ```
 */
export async function askTfjs(backends: readonly BackendName[], command: string): Promise<FrameworkRow[]> {
  const rows: FrameworkRow[] = [];
  try {
    for (const backend of backends) {
      // The reason names WebGPU's adapter after "; " (`asked for with backend webgpu; adapter "..." (...)`).
      const [, device] = (await selectBackend(backend)).reason.split("; ");
      rows.push({
        framework: "tfjs",
        version: TFJS_VERSION,
        backend,
        call: "tf.grad(tf.relu)",
        grads: await tfjsReluGradient(PROBE_POINTS.map((p) => p.z)),
        command,
        ...(device ? { device } : {}),
      });
    }
  } finally {
    await selectBackend("cpu");
  }
  return rows;
}

/**
 * Asks PyTorch for `torch.relu`'s backward at the probe points (float32, cpu).
 *
 * @param python the Python interpreter with torch
 * @param command the command to record as the row's source
 * @returns the row
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { askTorch } from "./kink_claims.ts";
 * await rejects(askTorch("/nonexistent/python3", "x"), /needs \/nonexistent\/python3 with PyTorch/);
 * ```
 */
export async function askTorch(python: string, command: string): Promise<FrameworkRow> {
  const { version, grads } = await torchReluGradient(PROBE_POINTS.map((p) => p.z), python);
  return { framework: "PyTorch", version, backend: "cpu", call: "torch.relu(z).sum().backward()", grads, command };
}

/**
 * The answers of this run merged with earlier ones: a row measured now
 * replaces the earlier row of the same framework and backend; earlier rows
 * not measured again are kept. Rows are ordered tfjs first (cpu, wasm,
 * webgpu), then PyTorch.
 *
 * @param measured the rows measured now
 * @param earlier the rows of an earlier file (none when there is none)
 * @returns the answers
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { frameworkAnswers } from "./kink_claims.ts";
 * const row = (framework: "tfjs" | "PyTorch", backend: string, command: string) =>
 *   ({ framework, version: "1", backend, call: "", grads: [], command });
 * const merged = frameworkAnswers([row("tfjs", "cpu", "now")], [row("PyTorch", "cpu", "then"), row("tfjs", "cpu", "then")]);
 * deepStrictEqual(merged.rows.map((r) => `${r.framework} ${r.command}`), ["tfjs now", "PyTorch then"]);
 * ```
 */
export function frameworkAnswers(
  measured: readonly FrameworkRow[],
  earlier: readonly FrameworkRow[] = [],
): FrameworkAnswers {
  const key = (r: FrameworkRow) => `${r.framework} ${r.backend}`;
  const now = new Set(measured.map(key));
  const rank = (r: FrameworkRow) =>
    (r.framework === "tfjs" ? 0 : 10) + Math.max(0, ["cpu", "wasm", "webgpu"].indexOf(r.backend));
  const rows = [...measured, ...earlier.filter((r) => !now.has(key(r)))].sort((a, b) => rank(a) - rank(b));
  return { points: PROBE_POINTS.map((p) => p.label), rows };
}

/** One kink program, measured. */
export interface KinkProgramMeasure {
  /** The program as written. */
  name: string;
  /** The largest |program(z) − relu(z)| on the grid, in float64 (plain JavaScript). */
  maxDifference: number;
  /** The largest |program(z) − tf.relu(z)| on the grid, in tfjs's float32. */
  maxDifferenceTfjs: number;
  /** tf.grad of the program at z = −1, 0 and 1, with tfjs's own relu. */
  grads: { z: number; grad: number }[];
  /** tf.grad at z = 0 with relu′(0) set to each of `gradAtZeroValues`, in order. */
  gradAtZeroWith: number[];
  /** What the chain rule gives at 0, as constant + perGrad · relu′(0). */
  chainRule: KinkDerivative;
}

/** What {@link measureKinkPrograms} finds. */
export interface KinkProgramsResult {
  /** tfjs's version. */
  tfjs: string;
  /** The backend tf.grad ran on. */
  backend: BackendName;
  /** The grid on which the programs are compared with relu (0 and the probe points included). */
  grid: { zMin: number; zMax: number; points: number };
  /** The relu′(0) values set in turn (through `reluWithGradAtZero`). */
  gradAtZeroValues: number[];
  /** One entry per program, in the order of `KINK_PROGRAMS`. */
  programs: KinkProgramMeasure[];
}

/**
 * Evaluates every kink program on a grid of [−2, 2] (with 0 and the probe
 * points) in plain float64 and in tfjs, and differentiates it with `tf.grad`
 * at −1, 0 and 1, and at 0 with relu′(0) set to 0.5 and 1, on the cpu backend.
 *
 * @param options the number of grid points (default 4001, so that 0 is on it)
 * @returns the measurements
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { measureKinkPrograms } from "./kink_claims.ts";
 * const { programs } = await measureKinkPrograms({ points: 5 });
 * deepStrictEqual(programs.map((p) => p.grads[1].grad), [0, 1, 0.5]);
 * deepStrictEqual(programs.map((p) => p.maxDifferenceTfjs), [0, 0, 0]);
 * ```
 */
export async function measureKinkPrograms(options: { points?: number } = {}): Promise<KinkProgramsResult> {
  const { points = 4001 } = options;
  const grid = { zMin: -2, zMax: 2, points };
  const zs = [...linspace(grid.zMin, grid.zMax, points), ...PROBE_POINTS.map((p) => p.z)];
  const gradAtZeroValues = [0.5, 1];
  await selectBackend("cpu");
  const reluTfjs = (await tfjsKinkProgram(KINK_PROGRAMS[0], zs)).values;
  const programs: KinkProgramMeasure[] = [];
  for (const program of KINK_PROGRAMS) {
    const { values } = await tfjsKinkProgram(program, zs);
    const at = [-1, 0, 1];
    const { grads } = await tfjsKinkProgram(program, at);
    const gradAtZeroWith: number[] = [];
    for (const g of gradAtZeroValues) {
      gradAtZeroWith.push((await tfjsKinkProgram(program, [0], { gradAtZero: g })).grads[0]);
    }
    programs.push({
      name: program.name,
      maxDifference: Math.max(...zs.map((z) => Math.abs(evaluateKinkProgram(program, z) - relu(z)))),
      maxDifferenceTfjs: Math.max(...values.map((v, i) => Math.abs(v - reluTfjs[i]))),
      grads: at.map((z, i) => ({ z, grad: grads[i] })),
      gradAtZeroWith,
      chainRule: chainRuleAtZero(program),
    });
  }
  return { tfjs: TFJS_VERSION, backend: "cpu", grid, gradAtZeroValues, programs };
}
