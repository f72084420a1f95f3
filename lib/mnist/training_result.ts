/**
 * The MNIST training experiment's result: every seed's runs gathered per cell, and the paired comparisons
 * of each relu'(0) convention against relu'(0) = 0 on the test accuracy (median difference with a seeded
 * bootstrap 95 % interval, exact sign test, Wilcoxon signed-rank test, Holm over every comparison that is not
 * identical by construction).
 *
 * @module
 */
import { type Convention, CONVENTIONS } from "../experiments/sweep.ts";
import { detectableDifference, sampleSd } from "../experiments/intervals.ts";
import { holm, pairedComparison } from "../experiments/stats.ts";
import { cellName, type ConventionRun, type SeedResult, type TrainingCell } from "./training.ts";

/**
 * The exact zeros per relu call during training that Bertoin et al. (NeurIPS 2021, arXiv 2106.12915) report for their
 * MNIST networks, as [lowest, highest] over their architectures: float32 about 1e-9 to 8e-9, float16 5e-9 to 1.2e-7.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { PAPER_ZERO_RATES } from "./training_result.ts";
 * deepStrictEqual(PAPER_ZERO_RATES.float16, [5e-9, 1.2e-7]);
 * ```
 */
export const PAPER_ZERO_RATES: Readonly<Record<"float32" | "float16", readonly [number, number]>> = {
  float32: [1e-9, 8e-9],
  float16: [5e-9, 1.2e-7],
};

/** One cell's runs: per convention, one {@link ConventionRun} per seed (in the seeds' order). */
export interface TrainingCellResult {
  /** The cell. */
  cell: TrainingCell;
  /** Its name ({@link cellName}). */
  name: string;
  /** Per seed, the update where the conventions' shared trajectory split, or null. */
  splitAt: (number | null)[];
  /** Per convention, the runs of every seed. */
  runs: Record<Convention, ConventionRun[]>;
}

/** A convention against relu'(0) = 0 in one cell, on the test accuracy in percentage points. */
export interface TrainingComparison {
  /** The cell's name. */
  cell: string;
  /** The convention compared with 0. */
  convention: Convention;
  /** Seeds compared (both sides finished). */
  n: number;
  /** Seeds left out because a side diverged. */
  excluded: number;
  /** Every seed's two accuracies are equal (the runs never split or split without effect): nothing to test. */
  identical: boolean;
  /** Median over seeds of accuracy(convention) − accuracy(0), in percentage points. */
  medianDifference: number;
  /** Seeded percentile bootstrap 95 % interval of that median (10000 resamples, seed 0). */
  ci: [number, number];
  /** Smallest mean difference (points) a two-sided 0.05 test detects with 80 % power; null when identical. */
  detectable: number | null;
  /** Exact two-sided sign test, or null when identical. */
  signP: number | null;
  /** Wilcoxon signed-rank test, or null when identical. */
  wilcoxonP: number | null;
  /** The Wilcoxon p after Holm over every non-identical comparison, or null when identical. */
  holmP: number | null;
}

/**
 * Gathers per-seed results (`results[s]` is seed s of `cells`) into one {@link TrainingCellResult} per cell.
 *
 * @param cells the cells
 * @param results per cell, the results of every seed in order
 * @returns the cells' results
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { gatherCells } from "./training_result.ts";
 * const run = { accuracy: 0.9, epochLoss: [0.3], zeros: 0, reluCalls: 10, firstZero: null, divergedAt: null };
 * const seed = { runs: { "0": run, "0.5": run, "1": run, random: run }, splitAt: null };
 * const [cell] = gatherCells([{ optimizer: "sgd", batchNorm: false, precision: "float32" }], [[seed, seed]]);
 * deepStrictEqual([cell.name, cell.splitAt, cell.runs["1"].length], ["float32 sgd", [null, null], 2]);
 * ```
 */
export function gatherCells(
  cells: readonly TrainingCell[],
  results: readonly (readonly SeedResult[])[],
): TrainingCellResult[] {
  return cells.map((cell, i) => {
    const seeds = results[i];
    const conventions = CONVENTIONS.filter((c) => c in seeds[0].runs);
    const runs = Object.fromEntries(conventions.map((c) => [c, seeds.map((s) => s.runs[c]!)]));
    return { cell, name: cellName(cell), splitAt: seeds.map((s) => s.splitAt), runs } as TrainingCellResult;
  });
}

const round = (v: number) => Number(v.toPrecision(4)) + 0;

/**
 * Each convention other than 0 against 0, in every cell, on the test accuracy (percentage points), with Holm's
 * correction over the comparisons that are not identical. A diverged run (accuracy null) leaves its seed out.
 *
 * @param cells the cells' results
 * @returns the comparisons, cell by cell
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { trainingComparisons } from "./training_result.ts";
 * import type { TrainingCellResult } from "./training_result.ts";
 * const run = (accuracy: number) => ({ accuracy, epochLoss: [], zeros: 0, reluCalls: 1, firstZero: null, divergedAt: null });
 * const same = [0.9, 0.8, 0.7, 0.6].map(run);
 * const cell: TrainingCellResult = {
 *   cell: { optimizer: "sgd", batchNorm: false, precision: "float16" }, name: "float16 sgd", splitAt: [1, 1, 1, 1],
 *   runs: { "0": same, "0.5": same, "1": [0.91, 0.81, 0.71, 0.61].map(run), random: same },
 * };
 * const [half, one] = trainingComparisons([cell]);
 * deepStrictEqual([half.identical, half.holmP], [true, null]);
 * deepStrictEqual([one.medianDifference, one.signP, one.holmP], [1, 0.125, 0.07186]); // Wilcoxon: normal (tied |d|)
 * ```
 */
export function trainingComparisons(cells: readonly TrainingCellResult[]): TrainingComparison[] {
  const out: TrainingComparison[] = [];
  for (const cell of cells) {
    const accuracy = (c: Convention) =>
      cell.runs[c].map((r) => r.accuracy === null ? NaN : Math.round(1e6 * r.accuracy) / 1e4);
    const base = accuracy("0");
    for (const convention of CONVENTIONS.filter((c) => c !== "0" && c in cell.runs)) {
      const other = accuracy(convention);
      const identical = other.every((v, i) => Object.is(v, base[i]));
      const finite = other.some((v, i) => Number.isFinite(v) && Number.isFinite(base[i]));
      if (!finite) {
        out.push({
          cell: cell.name,
          convention,
          n: 0,
          excluded: base.length,
          identical,
          medianDifference: NaN,
          ci: [NaN, NaN],
          detectable: null,
          signP: null,
          wilcoxonP: null,
          holmP: null,
        });
        continue;
      }
      const r = pairedComparison(other, base, { seed: 0, resamples: 10000 });
      const diffs = other.map((v, i) => v - base[i]).filter(Number.isFinite);
      out.push({
        cell: cell.name,
        convention,
        n: r.n,
        excluded: r.excluded,
        identical,
        medianDifference: round(r.medianDifference),
        ci: [round(r.ci.lo), round(r.ci.hi)],
        detectable: identical || diffs.length < 2 ? null : round(detectableDifference(sampleSd(diffs), diffs.length)),
        signP: identical ? null : round(r.signTest.p),
        wilcoxonP: identical ? null : round(r.wilcoxon.p),
        holmP: null,
      });
    }
  }
  const tested = out.filter((c) => c.wilcoxonP !== null);
  const adjusted = holm(tested.map((c) => c.wilcoxonP as number));
  return out.map((c) => c.wilcoxonP === null ? c : { ...c, holmP: round(adjusted[tested.indexOf(c)]) });
}

/** Where and how the experiment ran. */
export interface TrainingMachine {
  /** `Deno.build.os` and `Deno.build.arch`. */
  platform: string;
  /** Logical processors (`navigator.hardwareConcurrency`). */
  cpus: number;
  /** The processor's model name from /proc/cpuinfo, or null where it cannot be read. */
  cpuModel: string | null;
  /** Deno's version. */
  deno: string;
  /** The 1, 5 and 15 minute load averages before and after the run (null where they cannot be read). */
  load: { before: number[] | null; after: number[] | null };
}

/** The training experiment as stored in `mnist_training.json`. */
export interface MnistTrainingResult {
  /** The command that produced it. */
  command: string;
  /** The machine. */
  machine: TrainingMachine;
  /** The tfjs backend that ran and why. */
  backend: { name: string; reason: string };
  /** Wall time of the whole run, in seconds. */
  wallSeconds: number;
  /** The settings. */
  settings: {
    widths: readonly number[];
    batch: number;
    lr: Readonly<Record<string, number>>;
    epochs: number;
    seeds: number[];
    trainSize: number;
    testSize: number;
    workers: number;
  };
  /** Every cell's runs. */
  cells: TrainingCellResult[];
  /** The comparisons ({@link trainingComparisons}). */
  comparisons: TrainingComparison[];
}
