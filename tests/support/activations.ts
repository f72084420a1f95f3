/**
 * The piecewise-linear activations and kink conventions the engine tests run
 * through: every piecewise entry of the activation registry (a family at its
 * default, at each end of its parameter's range and at 0.1), and for each the
 * kink derivatives at each slope, the midpoint between them and `random`.
 *
 * @module
 */
import { piecewiseSlopes } from "../../lib/engine/kernel.ts";
import { ACTIVATION_REGISTRY, isPiecewise, kinkInterval } from "../../lib/math/activation_registry.ts";

/** Every piecewise member: each entry at its default parameter, and a family at each end of its range and at 0.1. */
export const PIECEWISE_MEMBERS: string[] = ACTIVATION_REGISTRY.filter((e) => e.kind === "piecewise").flatMap((e) =>
  e.parameter ? [e.make(), e.make(e.parameter.min), e.make(0.1), e.make(e.parameter.max)] : [e.make()]
).filter(isPiecewise).map((a) => a.text).filter((t, i, all) => all.indexOf(t) === i);

/** The kink conventions of a member: each slope, the midpoint, the frameworks' value, and random. */
export function conventions(activation: string): (number | "random")[] {
  const slopes = piecewiseSlopes(activation);
  const { lo, hi } = kinkInterval(slopes);
  return [...new Set([lo, (lo + hi) / 2, hi]), "random"];
}
