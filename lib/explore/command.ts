/**
 * The command line that reproduces the page's run: what the page shows under its charts, so that a reader can
 * train the same network with `deno task train`.
 *
 * @module
 */

import type { ExploreSettings } from "./config.ts";

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
 * ```
 */
export function trainCommand(s: ExploreSettings, epochs: number): string {
  return [
    "deno task train --",
    `--hidden ${s.hidden}`,
    `--lr ${s.lr}`,
    `--optimizer ${s.optimizer}`,
    `--grad-at-zero ${s.grad}`,
    `--init ${s.init}`,
    `--seed ${s.seed}`,
    `--points ${s.points}`,
    `--precision ${s.precision}`,
    `--epochs ${Math.max(epochs, 1)}`,
    `--backend ${s.backend}`,
  ].join(" ");
}
