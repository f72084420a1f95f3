/**
 * The flags that several scripts share: `--out`, relu'(0), the tfjs backend,
 * the training engine and the precision.
 *
 * @module
 */
import { choiceFlag, type FlagSpec, numberFlag, stringFlag } from "./flags.ts";
import { BACKEND_CHOICES, type BackendChoice } from "../engine/backend.ts";
import type { EngineName } from "../engine/contract.ts";
import { ENGINE_NAMES } from "../engine/registry.ts";
import { GRAD_AT_ZERO_ACCEPTED, type GradAtZero, isAtZero, isGradAtZero } from "../math/relu.ts";
import type { Precision } from "../model/run.ts";

/** The figures folder of this repository, relative to the working directory when possible. */
export const DEFAULT_OUT: string = defaultOut();

function defaultOut(): string {
  const abs = new URL("../../figures", import.meta.url).pathname;
  try {
    const cwd = Deno.cwd();
    if (abs.startsWith(cwd + "/")) return abs.slice(cwd.length + 1);
  } catch {
    // no read permission for the cwd: keep the absolute path
  }
  return abs;
}

/** The `--out` flag every script accepts. */
export const outFlag: FlagSpec<string> = stringFlag({
  description: "folder to write into (created if missing)",
  default: DEFAULT_OUT,
  accepted: "a folder path",
});

/** A relu'(0) flag: a number in [0, 1] (default 0). */
export function atZeroFlag(description: string): FlagSpec<number> {
  const number = numberFlag({ description, default: 0, min: 0, max: 1 });
  return { ...number, parse: (raw) => [number.parse(raw)].find(isAtZero) };
}

/** `--grad-at-zero`: a number in [0, 1] or `random` (default 0). */
export function gradAtZeroFlag(description: string): FlagSpec<GradAtZero> {
  const number = atZeroFlag(description);
  return {
    description,
    default: 0,
    accepted: GRAD_AT_ZERO_ACCEPTED,
    parse: (raw) => {
      const v = raw === "random" ? "random" : number.parse(raw);
      return isGradAtZero(v) ? v : undefined;
    },
  };
}

/** `--backend`: auto, webgpu, cpu or wasm. */
export function backendFlag(defaultBackend: BackendChoice, description: string): FlagSpec<BackendChoice> {
  return choiceFlag({ description, default: defaultBackend, choices: BACKEND_CHOICES });
}

/** The `--backend` of the experiments: cpu by default, for byte-identical files. */
export const EXPERIMENT_BACKEND_FLAG: FlagSpec<BackendChoice> = backendFlag(
  "cpu",
  "tfjs backend; cpu by default: it is deterministic (byte-identical files) and, for these " +
    "small models, fast (auto: webgpu on a hardware adapter, else cpu)",
);

/** `--engine`: fused (default) or autodiff. */
export function engineFlag(description: string): FlagSpec<EngineName> {
  return choiceFlag({ description, default: "fused" as EngineName, choices: ENGINE_NAMES });
}

/** The `--engine` of the experiments. */
export const EXPERIMENT_ENGINE_FLAG: FlagSpec<EngineName> = engineFlag(
  "training engine (fused: one kernel per chunk of updates; autodiff: tfjs ops, ~100x slower)",
);

/** The precisions, in the order `--help` lists them. */
export const PRECISIONS: readonly Precision[] = ["float32", "float64"];

/** `--precision`: float32 (default, what tfjs devices compute) or float64 (fused engine on cpu only). */
export const PRECISION_FLAG: FlagSpec<Precision> = choiceFlag({
  description: "arithmetic: float32 as tfjs devices compute, or float64 (fused engine on the cpu backend only)",
  default: "float32" as Precision,
  choices: PRECISIONS,
});
