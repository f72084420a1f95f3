/**
 * The dead-unit grid's tables as Markdown (`figures/dead_units.md`),
 * generated from the result: dead fractions, divergence and final losses.
 * README quotes this file verbatim.
 *
 * @module
 */
import { formatNumber, markdownDocument, markdownTable } from "./markdown.ts";
import type { DeadUnitCell, DeadUnitResult } from "../experiments/dead_units.ts";
import { lrLabel } from "../plot/dead_units.ts";
import { median } from "../experiments/stats.ts";

function percent(dead: number, units: number): string {
  return units === 0 ? "all diverged" : `${(100 * dead / units).toFixed(1)} % (${dead}/${units})`;
}

function grid(result: DeadUnitResult, cell: (c: DeadUnitCell) => string): string[][] {
  const { lrs, hiddens } = result.settings;
  return lrs.map((lr) => [
    lrLabel(lr),
    ...hiddens.map((h) => cell(result.cells.find((c) => c.lr === lr && c.hidden === h)!)),
  ]);
}

function divergenceRows(result: DeadUnitResult): string[][] {
  return result.settings.lrs.map((lr) => {
    const cells = result.cells.filter((c) => c.lr === lr);
    const at = cells.flatMap((c) => c.perSeed.map((s) => s.divergedAt)).filter((v): v is number => v !== null);
    const models = cells.reduce((s, c) => s + c.models, 0);
    const when = at.length === 0 ? "–" : `${median(at)} (${Math.min(...at)}–${Math.max(...at)})`;
    return [lrLabel(lr), `${at.length} of ${models}`, when];
  });
}

/**
 * The Markdown of `dead_units.md`.
 *
 * @param result the grid
 * @returns the Markdown text
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { deadUnitMarkdown } from "./dead_unit_tables.ts";
 * const cell = { lr: 1e-4, hidden: 3, models: 1, diverged: 0, unitsAtInit: 3, deadAtInit: 0, deadFractionAtInit: 0,
 *   units: 3, deadAtEnd: 1, deadFraction: 1 / 3, finalLoss: { n: 1, nonFinite: 0, median: 1, q10: 1, q90: 1 },
 *   perSeed: [{ seed: 0, deadAtInit: 0, deadAtEnd: 1, finalLoss: 1, divergedAt: null }] };
 * const md = deadUnitMarkdown({ settings: { lrs: [1e-4], hiddens: [3], seeds: [0], epochs: 1, points: 2, xMin: -1,
 *   xMax: 1, optimizer: "sgd", gradAtZero: 0, precision: "float32" }, engine: "fused", backend: "cpu", cells: [cell] });
 * ok(md.includes("33.3 % (1/3)"));
 * ```
 */
export function deadUnitMarkdown(result: DeadUnitResult): string {
  const s = result.settings;
  const header = ["lr \\ H", ...s.hiddens.map(String)];
  const atInit = [
    "at initialisation",
    ...s.hiddens.map((h) => {
      const cells = result.cells.filter((c) => c.hidden === h && c.lr === s.lrs[0]);
      return percent(cells[0].deadAtInit, cells[0].unitsAtInit);
    }),
  ];
  return markdownDocument([
    "<!-- generated from dead_units.json by deno task figures (or dead_units); do not edit -->",
    "",
    `**Dead units** after ${s.epochs} full-batch ${s.optimizer.toUpperCase()} updates, ${s.seeds.length} seeds per ` +
    `cell, relu'(0) = ${s.gradAtZero}, ${s.precision}: share of hidden units with relu(w0·x + b0) = 0 at all ` +
    `${s.points} training inputs (dead/units, diverged models left out).`,
    "",
    markdownTable(header, [...grid(result, (c) => percent(c.deadAtEnd, c.units)), atInit]),
    "**Final MSE** of the models that did not diverge: median (10–90 %).",
    "",
    markdownTable(
      header,
      grid(
        result,
        (c) =>
          c.finalLoss.n === 0
            ? "all diverged"
            : `${formatNumber(c.finalLoss.median)} (${formatNumber(c.finalLoss.q10)}–${formatNumber(c.finalLoss.q90)})`,
      ),
    ),
    "**Divergence**: models whose loss became NaN or infinite, over all widths, and the update at which the loss " +
    "first was: median (min–max).",
    "",
    markdownTable(["lr", "diverged", "first non-finite loss at update"], divergenceRows(result)),
  ]);
}
