/**
 * The vanishing-gradient experiment's record as `vanishing_gradients.json`
 * holds it: the result, its paired comparisons and a description of every
 * field; and reading it back, so that the figure and the tables re-render
 * from the committed file without training.
 *
 * @module
 */
import type { VanishingResult } from "./vanishing_gradients.ts";
import type { VanishingComparison } from "./vanishing_comparisons.ts";

/**
 * What every field of `vanishing_gradients.json` means (written into the file).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { VANISHING_JSON_FIELDS } from "./vanishing_files.ts";
 * ok(VANISHING_JSON_FIELDS["records[].exactZero"].includes("dead"));
 * ```
 */
export const VANISHING_JSON_FIELDS: Readonly<Record<string, string>> = {
  settings: "the run: activations (the first is compared with each other), seeds, H, lr, epochs, data, arithmetic",
  "settings.nearZero": "the relative threshold of 'near zero' (see gradNorm, nearZero, flat)",
  snapshotEpochs: "the epochs s of the per-snapshot arrays",
  "records[].engine": "the engine that trained the activation (fused: piecewise-linear, autodiff: smooth)",
  "records[].peakSlope": "the activation's largest |f'(z)|",
  "records[].gradNorm": "[seed][s]: the first layer's gradient norm ||dL/d(w0, b0)||, float64 from the snapshot",
  "records[].nearZero": "[seed][s]: units whose gradient norm is below nearZero x the model's largest (or 0)",
  "records[].exactZero": "[seed][s]: units whose first-layer gradient is exactly 0 (f'(z) = 0 at every input: dead)",
  "records[].flat": "[seed][s]: share of (unit, input) pairs with |f'(z)| < nearZero x peakSlope",
  "records[].loss": "[seed][s]: the MSE as the run computed it; null once the model diverged",
  comparisons: "the first activation minus each other per seed: log10 ratios (norms, MSE) or share differences",
};

/** The content of `vanishing_gradients.json`. */
export interface VanishingRecord extends VanishingResult {
  /** Always `"vanishing_gradients"`. */
  experiment: "vanishing_gradients";
  /** What each field means. */
  fields: Readonly<Record<string, string>>;
  /** The paired comparisons. */
  comparisons: VanishingComparison[];
}

/**
 * The record of a result and its comparisons.
 *
 * @param result the experiment
 * @param comparisons its paired comparisons
 * @returns the JSON-ready record
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { vanishingRecord } from "./vanishing_files.ts";
 * const r = vanishingRecord({ settings: {}, snapshotEpochs: [0], records: [] } as never, []);
 * deepStrictEqual(Object.keys(r), ["experiment", "fields", "settings", "snapshotEpochs", "records", "comparisons"]);
 * ```
 */
export function vanishingRecord(result: VanishingResult, comparisons: VanishingComparison[]): VanishingRecord {
  return {
    experiment: "vanishing_gradients",
    fields: VANISHING_JSON_FIELDS,
    settings: result.settings,
    snapshotEpochs: result.snapshotEpochs,
    records: result.records,
    comparisons,
  };
}

/**
 * Reads a record from the text of `vanishing_gradients.json`; a RangeError when the text is not JSON or not such
 * a record.
 *
 * @param text the file's text
 * @returns the record
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { parseVanishingRecord } from "./vanishing_files.ts";
 * const text = JSON.stringify({ experiment: "vanishing_gradients", settings: {}, snapshotEpochs: [], records: [],
 *   comparisons: [] });
 * strictEqual(parseVanishingRecord(text).experiment, "vanishing_gradients");
 * throws(() => parseVanishingRecord('{"experiment": "dead_units"}'), /not a vanishing-gradient record/);
 * throws(() => parseVanishingRecord("{"), /not JSON/);
 * ```
 */
export function parseVanishingRecord(text: string): VanishingRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new RangeError(`Cannot read the record: not JSON (${(e as Error).message})`);
  }
  const r = value as Partial<VanishingRecord> | null;
  const ok = r !== null && typeof r === "object" && r.experiment === "vanishing_gradients" &&
    typeof r.settings === "object" && Array.isArray(r.snapshotEpochs) && Array.isArray(r.records) &&
    Array.isArray(r.comparisons);
  if (!ok) throw new RangeError("Cannot read the record: not a vanishing-gradient record");
  return r as VanishingRecord;
}
