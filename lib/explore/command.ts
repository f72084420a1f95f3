/**
 * The command line that reproduces the page's run: what the page shows under its charts, so that a reader can
 * train the same network with `deno task train`.
 *
 * @module
 */

import type { ExploreSettings } from "./config.ts";
import { activationOf, isPiecewise } from "../math/activation_registry.ts";

/**
 * The command line that trains the same network as the page: `deno task
 * train` with every setting that shapes the numbers, for `epochs` updates on
 * the cpu backend.
 *
 * @param s the settings
 * @param epochs the updates done
 * @returns the command
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { DEFAULT_SETTINGS } from "./config.ts";
 * import { trainCommand } from "./command.ts";
 * strictEqual(
 *   trainCommand(DEFAULT_SETTINGS, 4000),
 *   "deno task train -- --hidden 7 --lr 0.0001 --optimizer sgd --grad-at-zero 0 --init pytorch --seed 0 --points 300 --precision float32 --epochs 4000 --backend cpu",
 * );
 * strictEqual(
 *   trainCommand({ ...DEFAULT_SETTINGS, target: "sin", test: 0.2 }, 10).split(" ").slice(4, 8).join(" "),
 *   "--target sin --test-fraction 0.2",
 * );
 * strictEqual(
 *   trainCommand({ ...DEFAULT_SETTINGS, activation: "tanh" }, 10).split(" ").slice(10, 14).join(" "),
 *   "--activation tanh --init pytorch",
 * );
 * ```
 */
export function trainCommand(s: ExploreSettings, epochs: number): string {
  // The data settings only where they differ from their defaults, as training.json records them.
  const data = [
    ...(s.target === "data"
      ? [`--data figures/${s.file || "data.csv"}`]
      : s.target === "cubic"
      ? []
      : [`--target ${s.target}`]),
    ...(s.noise > 0 ? [`--noise ${s.noise}`] : []),
    ...(s.test > 0 ? [`--test-fraction ${s.test}`] : []),
  ];
  return [
    "deno task train --",
    ...data,
    `--hidden ${s.hidden}`,
    `--lr ${s.lr}`,
    `--optimizer ${s.optimizer}`,
    // the activation where it is not relu; a smooth one has no kink derivative to give
    ...(s.activation === "relu" ? [] : [`--activation ${s.activation}`]),
    ...(isPiecewise(activationOf(s.activation)) ? [`--grad-at-zero ${s.grad}`] : []),
    `--init ${s.init}`,
    `--seed ${s.seed}`,
    ...(s.target === "data" ? [] : [`--points ${s.points}`]),
    `--precision ${s.precision}`,
    `--epochs ${Math.max(epochs, 1)}`,
    `--backend ${s.backend}`,
  ].join(" ");
}
