/**
 * The grid of the bifurcation experiment, its record (the JSON file) and its
 * summary beside the paper's numbers: per cell, the share of initialisations
 * in the zone with a Clopper–Pearson 95 % interval, and whether the paper's
 * share lies inside it.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { clopperPearson } from "../experiments/clopper_pearson.ts";
import { erfc, type Share } from "../experiments/intervals.ts";
import { holm } from "../experiments/stats.ts";
import type { InitOutcome } from "./bifurcation.ts";
import { PAPER_BIFURCATION, type PaperCell } from "./paper.ts";
import { MNIST_PRECISIONS, type MnistPrecision } from "./precision.ts";

/**
 * The architectures of the grid: depth 1, 2, 3 at width 256 (the paper's
 * depth panel) and width 16, 64 at depth 3 (with 256, its width panel).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { BIFURCATION_ARCHITECTURES } from "./bifurcation_grid.ts";
 * strictEqual(BIFURCATION_ARCHITECTURES.map((a) => `${a.depth}×${a.width}`).join(" "), "1×256 2×256 3×256 3×16 3×64");
 * ```
 */
export const BIFURCATION_ARCHITECTURES: readonly { depth: number; width: number }[] = [
  { depth: 1, width: 256 },
  { depth: 2, width: 256 },
  { depth: 3, width: 256 },
  { depth: 3, width: 16 },
  { depth: 3, width: 64 },
];

/**
 * The batch size of the pass (the paper's).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { BIFURCATION_BATCH } from "./bifurcation_grid.ts";
 * strictEqual(BIFURCATION_BATCH, 256);
 * ```
 */
export const BIFURCATION_BATCH = 256;

/**
 * How the pass feeds the images and what it compares, as both records (ours
 * and PyTorch's) state it.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { BIFURCATION_PASS } from "./bifurcation_grid.ts";
 * strictEqual(BIFURCATION_PASS.batch, 256);
 * strictEqual(BIFURCATION_PASS.order, "file order, no shuffling; the last batch is the remainder");
 * ```
 */
export const BIFURCATION_PASS: { readonly batch: number; readonly order: string; readonly compared: string } = {
  batch: BIFURCATION_BATCH,
  order: "file order, no shuffling; the last batch is the remainder",
  compared: "each batch's first-layer weight gradient, relu'(0) = 0 against relu'(0) = 1, bit for bit",
};

/** One cell's outcomes, one entry per initialisation 0..inits-1, column by column. */
export interface BifurcationCellRecord {
  /** Hidden layers. */
  depth: number;
  /** Units per hidden layer. */
  width: number;
  /** The arithmetic. */
  precision: MnistPrecision;
  /** 1 where the initialisation bifurcated, else 0. */
  bifurcated: number[];
  /** The first batch that told the conventions apart, or -1. */
  firstBatch: number[];
  /** Exact zeros among the hidden pre-activations computed. */
  zeros: number[];
  /** Hidden pre-activations computed (the pass stops at the first bifurcation). */
  reluCalls: number[];
  /** Seconds the cell's passes took, summed over the workers. */
  seconds: number;
}

/** The experiment's file, `mnist_bifurcation.json`. */
export interface BifurcationRecord {
  /** The command that produced it. */
  command: string;
  /** When it finished (ISO 8601). */
  date: string;
  /** Where it ran. */
  machine: { cores: number; os: string; deno: string; workers: number; loadAverage?: number[] };
  /** Wall-clock seconds of the whole run. */
  wallSeconds: number;
  /** The pass: images, batch, order. */
  protocol: { images: number; batch: number; order: string; compared: string; arithmetic: string };
  /** Initialisations per cell, per precision. */
  inits: Record<MnistPrecision, number>;
  /** Set when the run was stopped before all the initialisations asked for: why, and what was asked. */
  stoppedEarly?: string;
  /** The cells, architecture by architecture, precision by precision. */
  cells: BifurcationCellRecord[];
}

/**
 * A cell's outcomes gathered from per-initialisation results.
 *
 * @param cell depth, width, precision
 * @param outcomes the results of initialisations 0..n-1, in order
 * @param seconds the time they took
 * @returns the record
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { cellRecord } from "./bifurcation_grid.ts";
 * const one = { bifurcated: true, firstBatch: 3, zeros: 1, reluCalls: 100, differentiated: 1 };
 * deepStrictEqual(cellRecord({ depth: 1, width: 16, precision: "float32" }, [one], 2).bifurcated, [1]);
 * ```
 */
export function cellRecord(
  cell: { depth: number; width: number; precision: MnistPrecision },
  outcomes: readonly InitOutcome[],
  seconds: number,
): BifurcationCellRecord {
  return {
    ...cell,
    bifurcated: outcomes.map((o) => (o.bifurcated ? 1 : 0)),
    firstBatch: outcomes.map((o) => o.firstBatch),
    zeros: outcomes.map((o) => o.zeros),
    reluCalls: outcomes.map((o) => o.reluCalls),
    seconds,
  };
}

/** One row of the comparison: our share beside the paper's. */
export interface BifurcationSummary {
  /** The paper's panel this row belongs to. */
  panel: "depth" | "width";
  /** Hidden layers. */
  depth: number;
  /** Units per hidden layer. */
  width: number;
  /** The arithmetic. */
  precision: MnistPrecision;
  /** Our share in the zone with its Clopper–Pearson 95 % interval. */
  ours: Share;
  /** The paper's cell. */
  paper: PaperCell;
  /** Whether the paper's share lies in our interval; null where the paper computed nothing. */
  agrees: boolean | null;
  /**
   * Two-sided p of the pooled two-proportion z-test of our share against the
   * paper's (its own sampling error counted), or null where the paper computed nothing.
   */
  p: number | null;
  /** {@link p} adjusted by Holm over every compared row. */
  pHolm: number | null;
  /** Exact zeros per relu call over all our passes. */
  zerosPerCall: number;
  /** The median first batch of those that bifurcated, or null. */
  medianFirstBatch: number | null;
}

/**
 * Two-sided p of the pooled two-proportion z-test of k1/n1 against k2/n2 (1
 * where the pooled share is 0 or 1).
 *
 * @param k1 successes of the first sample
 * @param n1 its size
 * @param k2 successes of the second sample
 * @param n2 its size
 * @returns the p-value
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { twoProportionP } from "./bifurcation_grid.ts";
 * // 30 of 100 against 50 of 100: z = 0.2 / √(0.4 · 0.6 · 0.02) = 2.887, p = 0.00389
 * ok(Math.abs(twoProportionP(30, 100, 50, 100) - 0.00389) < 1e-5);
 * strictEqual(twoProportionP(0, 10, 0, 20), 1);
 * ```
 */
export function twoProportionP(k1: number, n1: number, k2: number, n2: number): number {
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = Math.abs(k1 / n1 - k2 / n2) / se;
  return Math.min(1, erfc(z / Math.SQRT2));
}

/** The median of a non-empty list. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The rows of the comparison, in the paper's order: the depth panel then
 * the width panel (depth 3 × width 256 appears in both, with the paper's two
 * separate counts), each precision by precision.
 *
 * @param record the experiment's record
 * @returns one row per paper cell that the record has
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { summarizeBifurcation } from "./bifurcation_grid.ts";
 * const cell = { depth: 1, width: 256, precision: "float32" as const, bifurcated: [0, 1, 0, 0], firstBatch: [-1, 9, -1, -1],
 *   zeros: [0, 1, 0, 0], reluCalls: [10, 5, 10, 10], seconds: 1 };
 * const [row] = summarizeBifurcation({ cells: [cell] });
 * strictEqual(row.ours.share, 0.25);
 * strictEqual(row.paper.count, 54);
 * strictEqual(row.agrees, true); // 0.054 is inside [0.006, 0.806]
 * strictEqual(row.p! > 0.05, true); // 1 of 4 against 54 of 1000: no evidence of a difference
 * ```
 */
export function summarizeBifurcation(record: Pick<BifurcationRecord, "cells">): BifurcationSummary[] {
  const rows: BifurcationSummary[] = [];
  for (const panel of ["depth", "width"] as const) {
    for (const precision of MNIST_PRECISIONS) {
      for (const paper of PAPER_BIFURCATION.filter((p) => p.panel === panel && p.precision === precision)) {
        const cell = record.cells.find((c) =>
          c.depth === paper.depth && c.width === paper.width && c.precision === precision
        );
        if (!cell || cell.bifurcated.length === 0) continue;
        const k = cell.bifurcated.reduce((a, b) => a + b, 0);
        const ours = clopperPearson(k, cell.bifurcated.length);
        const share = paper.count === null ? null : paper.count / paper.trials;
        const firsts = cell.firstBatch.filter((b) => b >= 0);
        rows.push({
          panel,
          depth: paper.depth,
          width: paper.width,
          precision,
          ours,
          paper,
          agrees: share === null ? null : share >= ours.lo && share <= ours.hi,
          p: paper.count === null ? null : twoProportionP(k, ours.n, paper.count, paper.trials),
          pHolm: null,
          zerosPerCall: cell.zeros.reduce((a, b) => a + b, 0) / cell.reluCalls.reduce((a, b) => a + b, 0),
          medianFirstBatch: firsts.length ? median(firsts) : null,
        });
      }
    }
  }
  const compared = rows.filter((r) => r.p !== null);
  holm(compared.map((r) => r.p!)).forEach((p, i) => (compared[i].pHolm = p));
  return rows;
}

/** True for an array of finite numbers. */
const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isFinite(x));

/**
 * Reads a bifurcation record from its JSON text, checking the shape that the
 * rendering relies on; a wrong file is refused with a one-line
 * {@link UsageError} naming `name`.
 *
 * @param text the file's text
 * @param name how the error names the file
 * @returns the record
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { parseBifurcationRecord } from "./bifurcation_grid.ts";
 * throws(() => parseBifurcationRecord("{}", "x.json"), { message: "x.json is not a bifurcation record: no cells" });
 * throws(() => parseBifurcationRecord("[", "x.json"), /x\.json is not JSON/);
 * const cell = { depth: 1, width: 16, precision: "float32", bifurcated: [0], firstBatch: [-1], zeros: [0], reluCalls: [9], seconds: 1 };
 * strictEqual(parseBifurcationRecord(JSON.stringify({ cells: [cell] }), "x.json").cells.length, 1);
 * ```
 */
export function parseBifurcationRecord(text: string, name: string): BifurcationRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${name} is not JSON: ${e instanceof Error ? e.message : e}`);
  }
  const cells = (value as { cells?: unknown })?.cells;
  if (!Array.isArray(cells)) throw new UsageError(`${name} is not a bifurcation record: no cells`);
  cells.forEach((c, i) => {
    const n = c?.bifurcated?.length;
    const ok = Number.isInteger(c?.depth) && Number.isInteger(c?.width) &&
      (MNIST_PRECISIONS as readonly string[]).includes(c?.precision) &&
      [c.bifurcated, c.firstBatch, c.zeros, c.reluCalls].every((column) => numbers(column) && column.length === n);
    if (!ok) {
      throw new UsageError(
        `${name} is not a bifurcation record: cell ${i} needs depth, width, precision (${
          MNIST_PRECISIONS.join(", ")
        }) and equally long bifurcated, firstBatch, zeros and reluCalls`,
      );
    }
  });
  return value as BifurcationRecord;
}
