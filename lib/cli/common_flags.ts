/**
 * The flags that several scripts share: `--out`, relu'(0), the tfjs backend,
 * the training engine and the precision.
 *
 * @module
 */
import { choiceFlag, type FlagSpec, settingFlag } from "./flag_kinds.ts";
import type { BackendSelection } from "../engine/backend.ts";
import { BACKEND_CHOICES, type BackendChoice } from "../model/backend_choice.ts";
import {
  ENGINE_SETTING,
  type EngineName,
  FIXED_GRAD_AT_ZERO,
  type GradAtZero,
  type Precision,
  RELU_GRAD_AT_ZERO,
  RUN_SETTINGS,
} from "../model/settings.ts";
import { DRAWABLE_ACCEPTED, drawableRangeProblem } from "../model/limits.ts";
import { UsageError } from "../errors.ts";

export { DEFAULT_OUT, figuresFolder, outFlag } from "./out_flag.ts";

/**
 * A flag for a fixed relu'(0): a number in [0, 1] (default 0), the
 * registry's `FIXED_GRAD_AT_ZERO`.
 *
 * @param description one line for `--help`
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { fixedGradAtZeroFlag } from "./common_flags.ts";
 * const flag = fixedGradAtZeroFlag("relu'(0)");
 * deepStrictEqual([flag.default, flag.parse("0.5")], [0, 0.5]);
 * deepStrictEqual([flag.parse("1.5"), flag.parse("random")], [undefined, undefined]);
 * strictEqual(flag.accepted, "a finite number in [0, 1]");
 * ```
 */
export function fixedGradAtZeroFlag(description: string): FlagSpec<number> {
  return settingFlag(FIXED_GRAD_AT_ZERO, { description });
}

/**
 * `--grad-at-zero` of the relu-only commands: a number in [0, 1] or `random` (default 0), the registry's
 * `RELU_GRAD_AT_ZERO`.
 *
 * @param description one line for `--help`
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { gradAtZeroFlag } from "./common_flags.ts";
 * const flag = gradAtZeroFlag("relu'(0) during training");
 * deepStrictEqual([flag.parse("random"), flag.parse("1"), flag.parse("-1")], ["random", 1, undefined]);
 * strictEqual(flag.accepted, `a number in [0, 1] or "random"`);
 * ```
 */
export function gradAtZeroFlag(description: string): FlagSpec<GradAtZero> {
  return settingFlag(RELU_GRAD_AT_ZERO, { description });
}

/**
 * `--backend`: auto, webgpu, cpu or wasm.
 *
 * @param defaultBackend the backend when the flag is absent
 * @param description one line for `--help`
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { backendFlag } from "./common_flags.ts";
 * const flag = backendFlag("cpu", "tfjs backend");
 * deepStrictEqual([flag.default, flag.parse("wasm"), flag.parse("gpu")], ["cpu", "wasm", undefined]);
 * ```
 */
export function backendFlag(defaultBackend: BackendChoice, description: string): FlagSpec<BackendChoice> {
  return choiceFlag({ description, default: defaultBackend, choices: BACKEND_CHOICES });
}

/** The `--backend` of the experiments: cpu by default, for byte-identical files. */
export const EXPERIMENT_BACKEND_FLAG: FlagSpec<BackendChoice> = backendFlag(
  "cpu",
  "tfjs backend; cpu by default: it is deterministic (byte-identical files) and, for these " +
    "small models, fast (auto: webgpu on a hardware adapter, else cpu)",
);

/**
 * `--engine`: fused (default) or autodiff.
 *
 * @param description one line for `--help`
 * @returns the flag
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { engineFlag } from "./common_flags.ts";
 * const flag = engineFlag("training engine");
 * deepStrictEqual([flag.default, flag.parse("autodiff"), flag.parse("tfjs")], ["fused", "autodiff", undefined]);
 * strictEqual(flag.accepted, "one of fused, autodiff");
 * ```
 */
export function engineFlag(description: string): FlagSpec<EngineName> {
  return settingFlag(ENGINE_SETTING, { description });
}

/** The `--engine` of the experiments. */
export const EXPERIMENT_ENGINE_FLAG: FlagSpec<EngineName> = engineFlag(
  "training engine (fused: one kernel per chunk of updates; autodiff: tfjs ops, ~100x slower)",
);

/** `--precision`: float32 (default, what tfjs devices compute) or float64 (fused engine on cpu only). */
export const PRECISION_FLAG: FlagSpec<Precision> = settingFlag(RUN_SETTINGS.precision);

/** The flags that decide a run's backend: `--precision` (one, or a batch's list), `--backend`, `--engine`. */
export interface RunBackendValues {
  /** The precision, or the precisions of a batch of runs. */
  precision: Precision | readonly Precision[];
  /** The backend asked for. */
  backend: BackendChoice;
  /** The training engine. */
  engine: EngineName;
}

/**
 * The backend a run uses given its precision: float64 runs only in the fused
 * engine on the cpu backend (tfjs devices compute in float32), so `auto` means
 * cpu there and anything else is refused in one line. A batch of runs given
 * several precisions counts as float64 when any of them is.
 *
 * @param values the `--precision` (one, or a list), `--backend` and `--engine` given
 * @returns the backend to select
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { backendForPrecision } from "./common_flags.ts";
 * import { PRECISIONS } from "../model/settings.ts";
 * strictEqual(backendForPrecision({ precision: "float64", backend: "auto", engine: "fused" }), "cpu");
 * strictEqual(backendForPrecision({ precision: "float32", backend: "auto", engine: "fused" }), "auto");
 * strictEqual(backendForPrecision({ precision: [...PRECISIONS], backend: "auto", engine: "fused" }), "cpu");
 * throws(() => backendForPrecision({ precision: "float64", backend: "webgpu", engine: "fused" }));
 * ```
 */
export function backendForPrecision(values: RunBackendValues): BackendChoice {
  const { backend, engine } = values;
  if (!([] as Precision[]).concat(values.precision).includes("float64")) return backend;
  if (engine !== "fused") {
    throw new UsageError(
      `--precision float64 needs --engine fused (autodiff computes in float32), got --engine ${engine}`,
    );
  }
  if (backend !== "cpu" && backend !== "auto") {
    throw new UsageError(
      `--precision float64 needs --backend cpu or auto (tfjs devices compute in float32), got --backend ${backend}`,
    );
  }
  return "cpu";
}

/**
 * Checks `--precision` against `--backend` and `--engine` as
 * {@link backendForPrecision} does, then starts the backend: with `auto` and
 * float64, cpu, and the status line says that `auto` chose it for that reason
 * (not that cpu was asked for).
 *
 * @param values the `--precision` (one, or a batch's list), `--backend` and `--engine` given
 * @returns the backend now active and why
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { selectRunBackend } from "./common_flags.ts";
 * const selection = await selectRunBackend({ precision: "float64", backend: "auto", engine: "fused" });
 * strictEqual(selection.backend, "cpu");
 * strictEqual(selection.reason, "chosen by backend auto: float64 arithmetic runs only on cpu");
 * ```
 */
export async function selectRunBackend(values: RunBackendValues): Promise<BackendSelection> {
  // tfjs loads here, not with the flags: a script whose flags these are may never train (the static figures).
  const { selectBackend } = await import("../engine/backend.ts");
  const backend = backendForPrecision(values);
  if (backend === values.backend) return await selectBackend(backend);
  return await selectBackend(values.backend, { cpuOnly: `float64 arithmetic runs only on ${backend}` });
}

/**
 * Checks a range given by two flags (`--x-min` and `--x-max`, ...): the low
 * end below the high one, and a range the plots can draw (see
 * `drawableRangeProblem`: not subnormal, not too narrow for its magnitude).
 * Throws a one-line {@link UsageError} naming both flags otherwise.
 *
 * @param range the low and the high end given
 * @param flags the two flags' names, without dashes
 * @returns when the range is accepted
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkRangeFlags } from "./common_flags.ts";
 * checkRangeFlags([-10, 10], ["x-min", "x-max"]);
 * throws(() => checkRangeFlags([5, 1], ["x-min", "x-max"]), { message: "--x-min must be smaller than --x-max, got 5 and 1" });
 * throws(() => checkRangeFlags([1e-320, 2e-320], ["x-min", "x-max"]), /must span a range the plots can draw/);
 * ```
 */
export function checkRangeFlags(range: readonly [number, number], flags: readonly [string, string]): void {
  const [lo, hi] = range;
  const [low, high] = flags;
  if (!(lo < hi)) throw new UsageError(`--${low} must be smaller than --${high}, got ${lo} and ${hi}`);
  const problem = drawableRangeProblem([lo, hi]);
  if (problem) {
    throw new UsageError(`--${low} and --${high} must span ${DRAWABLE_ACCEPTED}, got ${lo} and ${hi}: ${problem}`);
  }
}
