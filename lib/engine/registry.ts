/**
 * The training engines by name, for scripts and users that pick one with a
 * flag or a string.
 *
 * @module
 */
import { type EngineFactory, type EngineName, fusedCannot } from "./contract.ts";
import { activationOf, isPiecewise } from "../math/activation_registry.ts";
import { createFusedEngine } from "./fused.ts";

/**
 * The engine factories by name: `fused` (one registered kernel per call) and `autodiff` (tfjs ops and `tf.grads`;
 * its module, and with it all of `npm:@tensorflow/tfjs` for the gradients, loads on its first use).
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
  autodiff: async (spec) => (await import("./autodiff.ts")).createAutodiffEngine(spec),
};

/**
 * The engine that runs an activation when `--engine` is `auto` (or a given one, checked): the fused engine for a
 * piecewise-linear activation, the autodiff engine for a smooth one. Asked for the fused engine with a smooth
 * activation it throws a RangeError saying so in one line: there is no silent fallback.
 *
 * @param choice `auto` or an engine's name
 * @param activation the activation's text
 * @returns the engine's name
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { engineFor } from "./registry.ts";
 * deepStrictEqual([engineFor("auto", "leaky_relu:0.1"), engineFor("auto", "tanh"), engineFor("autodiff", "abs")], [
 *   "fused",
 *   "autodiff",
 *   "autodiff",
 * ]);
 * throws(() => engineFor("fused", "tanh"), /activation tanh is smooth: the fused engine runs relu, leaky_relu/);
 * ```
 */
export function engineFor(choice: "auto" | EngineName, activation: string): EngineName {
  const smooth = !isPiecewise(activationOf(activation));
  if (choice === "auto") return smooth ? "autodiff" : "fused";
  if (choice === "fused" && smooth) throw new RangeError(fusedCannot(activation));
  return choice;
}
