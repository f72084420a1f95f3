/**
 * The dead-unit grid's tables as Markdown (`figures/dead_units.md`),
 * generated from the result: dead fractions, divergence and final losses.
 * README quotes this file verbatim.
 *
 * @module
 */
import { formatInterval, formatNumber, markdownDocument, markdownTable } from "./markdown.ts";
import { wilson } from "../experiments/intervals.ts";
import type { DeadUnitCell, DeadUnitResult } from "../experiments/dead_units.ts";
import { lrLabel } from "../plot/dead_units.ts";
import { median } from "../experiments/stats.ts";

function percent(dead: number, units: number): string {
  if (units === 0) return "all diverged";
  return `${(100 * dead / units).toFixed(1)} % (${dead}/${units}) ${formatInterval(wilson(dead, units))}`;
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
    return [lrLabel(lr), `${at.length} of ${models} ${formatInterval(wilson(at.length, models))}`, when];
  });
}

const pct = (dead: number, units: number) => (100 * dead / units).toFixed(1);

/** "lr a to b, x–y % dead" for a run of learning rates with no divergence. */
function calmText(result: DeadUnitResult, lrs: number[]): string {
  const cells = result.cells.filter((c) => lrs.includes(c.lr));
  const shares = cells.map((c) => c.deadAtEnd / c.units);
  const lo = cells[shares.indexOf(Math.min(...shares))];
  const hi = cells[shares.indexOf(Math.max(...shares))];
  const range = lrs.length === 1 ? lrLabel(lrs[0]) : `${lrLabel(lrs[0])} to ${lrLabel(lrs[lrs.length - 1])}`;
  return `at lr ${range}, ${pct(lo.deadAtEnd, lo.units)}–${
    pct(hi.deadAtEnd, hi.units)
  } % of the units are dead after ` +
    "training";
}

/**
 * What the grid's numbers say, in sentences generated from the result (README quotes them with the tables).
 *
 * @param result the grid
 * @returns one paragraph
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { deadUnitSummary } from "./dead_unit_tables.ts";
 * const cell = (lr: number, deadAtEnd: number, diverged: number) => ({ lr, hidden: 3, models: 2, diverged,
 *   unitsAtInit: 6, deadAtInit: 1, units: 3 * (2 - diverged), deadAtEnd, finalLoss: { median: 5 },
 *   perSeed: [{ divergedAt: diverged ? 7 : null }, { divergedAt: null }] });
 * const result = { settings: { lrs: [1e-4, 1e-3], hiddens: [3] }, cells: [cell(1e-4, 1, 0), cell(1e-3, 3, 1)] };
 * strictEqual(deadUnitSummary(result as never), "**Dead units.** At lr 1e-4, 16.7–16.7 % of the units are dead " +
 *   "after training (16.7–16.7 % at initialisation). At lr 1e-3, 1 of 2 models diverge [9.5–90.5 %], the loss " +
 *   "first non-finite at update 7 (7–7); the 1 that did not (H = 3) ended with 3 of 3 units dead at MSE 5.");
 * ```
 */
export function deadUnitSummary(result: DeadUnitResult): string {
  const { lrs } = result.settings;
  const diverging = (lr: number) => result.cells.some((c) => c.lr === lr && c.diverged > 0);
  const high = (lr: number) => result.cells.some((c) => c.lr === lr && c.deadAtEnd / c.units >= 0.25);
  const groups: number[][] = [];
  for (const lr of lrs.filter((lr) => !diverging(lr))) {
    const last = groups[groups.length - 1];
    if (last && high(last[0]) === high(lr) && lrs.indexOf(last[last.length - 1]) === lrs.indexOf(lr) - 1) last.push(lr);
    else groups.push([lr]);
  }
  const init = result.cells.filter((c) => c.lr === lrs[0]).map((c) => c.deadAtInit / c.unitsAtInit);
  const initCells = result.cells.filter((c) => c.lr === lrs[0]);
  const [iLo, iHi] = [Math.min(...init), Math.max(...init)].map((v) => initCells[init.indexOf(v)]);
  const calm = groups.map((g, i) =>
    calmText(result, g) +
    (i === 0
      ? ` (${pct(iLo.deadAtInit, iLo.unitsAtInit)}–${pct(iHi.deadAtInit, iHi.unitsAtInit)} % at initialisation)`
      : "")
  ).join("; ");
  const wild = lrs.filter(diverging).map((lr) => {
    const cells = result.cells.filter((c) => c.lr === lr);
    const at = cells.flatMap((c) => c.perSeed.map((s) => s.divergedAt)).filter((v): v is number => v !== null);
    const models = cells.reduce((s, c) => s + c.models, 0);
    const survivors = cells.filter((c) => c.units > 0);
    const alive = models - at.length;
    const rest = alive === 0 ? "" : `; the ${alive} that did not (H = ${survivors.map((c) => c.hidden).join(", ")}) ` +
      `ended with ${survivors.reduce((s, c) => s + c.deadAtEnd, 0)} of ${survivors.reduce((s, c) => s + c.units, 0)} ` +
      `units dead at MSE ${survivors.map((c) => formatNumber(c.finalLoss.median)).join(", ")}`;
    return `At lr ${lrLabel(lr)}, ${at.length} of ${models} models diverge ${
      formatInterval(wilson(at.length, models))
    }, ` +
      `the loss first non-finite at update ${median(at)} (${Math.min(...at)}–${Math.max(...at)})${rest}.`;
  });
  const first = calm === "" ? "" : `${calm.charAt(0).toUpperCase()}${calm.slice(1)}.`;
  return ["**Dead units.**", first, ...wild].filter((t) => t !== "").join(" ");
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
 * ok(md.includes("33.3 % (1/3) [6.1–79.2 %]")); // Wilson 95 % interval of 1 of 3
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
    deadUnitSummary(result),
    "",
    `**Dead units** after ${s.epochs} full-batch ${s.optimizer.toUpperCase()} updates, ${s.seeds.length} seeds per ` +
    `cell, relu'(0) = ${s.gradAtZero}, ${s.precision}: share of hidden units with relu(w0·x + b0) = 0 at all ` +
    `${s.points} training inputs (dead/units, diverged models left out), with a Wilson 95 % interval that treats ` +
    "units as independent (units of one model are not, so the intervals are somewhat too narrow).",
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
    "first was: median (min–max); in brackets a Wilson 95 % interval of the share.",
    "",
    markdownTable(["lr", "diverged", "first non-finite loss at update"], divergenceRows(result)),
  ]);
}
