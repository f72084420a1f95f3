/**
 * The training engines by name, for scripts and users that pick one with a
 * flag or a string.
 *
 * @module
 */
import { createAutodiffEngine } from "./autodiff.ts";
import type { EngineFactory, EngineName } from "./contract.ts";
import { createFusedEngine } from "./fused.ts";

/**
 * The engine factories by name: `fused` (one registered kernel per call) and `autodiff` (tfjs ops and `tf.grads`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createFusedEngine } from "./fused.ts";
 * import { ENGINES } from "./registry.ts";
 * strictEqual(ENGINES.fused, createFusedEngine);
 * ```
 */
export const ENGINES: Readonly<Record<EngineName, EngineFactory>> = {
  fused: createFusedEngine,
  autodiff: createAutodiffEngine,
};
