/**
 * The flags that the training script and the experiment scripts share:
 * relu'(0), the tfjs backend and the training engine.
 *
 * @module
 */
import { choiceFlag, type FlagSpec, numberFlag } from "./flags.ts";
import { BACKEND_CHOICES, type BackendChoice } from "../engine/backend.ts";
import type { EngineName } from "../engine/contract.ts";
import { ENGINE_NAMES } from "../engine/registry.ts";
import type { GradAtZero } from "../model/run.ts";

const unitInterval = numberFlag({ description: "", default: 0, min: 0, max: 1 });

/** `--grad-at-zero`: a number in [0, 1] or `random` (default 0). */
export function gradAtZeroFlag(description: string): FlagSpec<GradAtZero> {
  return {
    description,
    default: 0,
    accepted: `a number in [0, 1] or "random"`,
    parse: (raw) => raw === "random" ? "random" : unitInterval.parse(raw),
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
