/**
 * The sweep's result file, `subgradient_sweep.json`: what every field means,
 * the content, and merging sweeps that ran on disjoint settings.
 *
 * @module
 */
import { type Comparison, sweepComparisons } from "./comparisons.ts";
import { CONVENTIONS, SWEEP_SETTINGS, type SweepResult, type SweepSetting, type SweepSettingResult } from "./sweep.ts";
import { PRECISIONS } from "../model/settings.ts";

/** What every field of `subgradient_sweep.json` means (written into the file). */
export const SWEEP_JSON_FIELDS: Readonly<Record<string, string>> = {
  sampledEpochs: "the epochs at which losses are recorded: every `every`-th epoch from 0, and the last",
  seeds: "seed i initialises model i (PyTorch-style, w0 = b0 = 0 in exact_zeros) and seeds its random relu'(0) draws",
  settings: "one entry per setting (NAME) and precision (float32, float64)",
  "settings[].conventions.C.losses":
    "losses[i][s]: MSE of seed i after sampledEpochs[s] updates with relu'(0) = C (null once NaN or infinite)",
  "settings[].conventions.C.patterns":
    "patterns[i][s]: distinct activation patterns (sets of training inputs where z > 0) among the hidden units " +
    "of seed i after sampledEpochs[s] updates: how many different units the layer has on the data",
  "settings[].conventions.C.zerosAtUpdate0": "zerosAtUpdate0[i]: exact zeros of seed i in the first update",
  "settings[].conventions.C.zerosAfter": "zerosAfter[i]: exact zeros of seed i in all later updates together",
  "settings[].conventions.C.zeroRuns":
    "zeroRuns[i]: [count, updates] runs: the number of pre-activations exactly 0 at each update 0..epochs-1",
  "settings[].conventions.C.zerosTotal": "zerosTotal[i]: exact zeros of seed i over all updates",
  "settings[].conventions.C.finalLoss":
    "finalLoss[i]: MSE after the last update (null when diverged), exact: Math.fround of a float32 entry is the value",
  "settings[].conventions.C.divergedAt": "divergedAt[i]: first epoch with a NaN or infinite loss, or null",
  "settings[].conventions.C.sameAsConvention0":
    "seeds whose loss at every epoch is bit for bit the same as with relu'(0) = 0",
  "settings[].conventions.C.final": "median and 10-90 % quantiles of finalLoss over the seeds that did not diverge",
  comparisons: "paired comparisons of final MSE (a − b per seed, on the exact values: float32 entries read back as " +
    "float32): median difference, bootstrap 95 % CI, the mean difference detectable with 80 % power at 0.05, sign " +
    "test, Wilcoxon signed-rank test and its p-value Holm-corrected over the comparisons that are not identical; " +
    "identical: every seed's two values bit for bit equal, no test (p-values null)",
  numbers: "float32 losses are written with the fewest digits that read back as the same float32, float64 " +
    "loss curves and spreads to 10 significant digits, float64 final losses in full",
};

/**
 * The content of `subgradient_sweep.json`: the sweep with settings keyed by name and a description of every field.
 *
 * @param result the sweep
 * @param comparisons its paired comparisons (default computed from `result`)
 * @returns the JSON-ready object
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { SWEEP_JSON_FIELDS, sweepJson } from "./sweep_files.ts";
 * import { EXACT_ZERO_SETTING, runSubgradientSweep } from "./sweep.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const settings = [{ ...EXACT_ZERO_SETTING, points: 5, hidden: 2 }];
 * const result = await runSubgradientSweep(createFusedEngine, { settings, seeds: [0, 1], epochs: 2 });
 * const json = sweepJson(result);
 * strictEqual(json.experiment, "subgradient_sweep");
 * strictEqual(json.fields, SWEEP_JSON_FIELDS);
 * deepStrictEqual(json.conventions, ["0", "0.5", "1", "random"]);
 * strictEqual(json.settings, result.settings); // one entry per setting and precision
 * strictEqual((json.comparisons as unknown[]).length, 6 + 6 + 4);
 * ```
 */
export function sweepJson(
  result: SweepResult,
  comparisons: readonly Comparison[] = sweepComparisons(result),
): Record<string, unknown> {
  return {
    experiment: "subgradient_sweep",
    fields: SWEEP_JSON_FIELDS,
    epochs: result.epochs,
    every: result.every,
    engine: result.engine,
    backend: result.backend,
    conventions: [...CONVENTIONS],
    seeds: result.seeds,
    sampledEpochs: result.sampledEpochs,
    settings: result.settings,
    comparisons,
  };
}

/**
 * Joins sweeps that ran on disjoint settings (for example one per worker)
 * into the sweep that one run over all of them gives, settings in the order
 * of `order` (default {@link SWEEP_SETTINGS}).
 *
 * @param parts the sweeps, at least one, in any order
 * @param order the settings in the order the merged sweep lists them
 * @returns the merged sweep
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { mergeSweepResults } from "./sweep_files.ts";
 * import { ESSAY_SETTING, EXACT_ZERO_SETTING, runSubgradientSweep } from "./sweep.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * await selectBackend("cpu");
 * const settings = [{ ...EXACT_ZERO_SETTING, points: 5, hidden: 2 }, { ...ESSAY_SETTING, points: 5, hidden: 2 }];
 * const run = (only: typeof settings) =>
 *   runSubgradientSweep(createFusedEngine, { settings: only, precisions: ["float32"], seeds: [0, 1], epochs: 3 });
 * const [essay, exactZeros, both] = [await run([settings[1]]), await run([settings[0]]), await run(settings)];
 * deepStrictEqual(mergeSweepResults([essay, exactZeros], settings), both);
 * ```
 */
export function mergeSweepResults(
  parts: readonly SweepResult[],
  order: readonly SweepSetting[] = SWEEP_SETTINGS,
): SweepResult {
  if (parts.length === 0) throw new RangeError("Cannot merge sweeps: give at least one");
  const precisions: readonly string[] = PRECISIONS;
  const rank = (s: SweepSettingResult) =>
    order.findIndex((o) => o.name === s.setting.name) * precisions.length + precisions.indexOf(s.precision);
  const settings = parts.flatMap((p) => p.settings).sort((a, b) => rank(a) - rank(b));
  return { ...parts[0], settings };
}
