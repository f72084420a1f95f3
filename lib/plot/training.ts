/**
 * The training frame as a Vega-Lite spec: one frame per snapshot (unit
 * activations, scaled contributions, prediction against the ground truth).
 * Every frame of a run shares the same spec; only the named datasets and two
 * signals (title and subtitle) change, so a renderer can keep one view alive
 * and swap them ({@link trainingFrameData}).
 *
 * @module
 */
import { decomposeExact } from "../model/decompose.ts";
import { deadUnits } from "../model/dead_units.ts";
import { activationPieceCurve } from "../math/breakpoints.ts";
import { activationOf } from "../math/activation_registry.ts";
import type { Snapshot, TrainingRun } from "../model/run.ts";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./spec.ts";
import { truthLayers, truthScale } from "./training_truth.ts";
import { themeConfig } from "./theme.ts";
import {
  DEAD_DASH,
  FRAME_PANEL_HEIGHT,
  FRAME_PANEL_WIDTH,
  frameTitle,
  MAX_NAMED_DEAD,
  PREDICTION_LABEL,
  span,
  unitColors,
  unitLabels,
} from "./training_style.ts";

/** One point of a unit's curve in a frame dataset. */
export interface UnitPoint {
  /** `unit 1` … `unit H`. */
  unit: string;
  /** Input. */
  x: number;
  /** Activation or contribution at x. */
  y: number;
  /** `"dead"` when the unit is zero on every training input, else `"live"`. */
  status: "live" | "dead";
}

/** One point of a plain curve (prediction or ground truth). */
export interface CurvePoint {
  /** Input. */
  x: number;
  /** Value at x. */
  y: number;
}

/** What changes from one frame to the next: the named datasets and the title signals. */
export interface TrainingFrameData {
  /** Named datasets of the frame spec: `activations`, `contributions`, `prediction`. */
  datasets: {
    /** relu(w0·x + b0) per unit, at the unit's breakpoints. */
    activations: UnitPoint[];
    /** w1·relu(w0·x + b0) per unit, at the unit's breakpoints. */
    contributions: UnitPoint[];
    /** The prediction at every kink and both ends. */
    prediction: CurvePoint[];
  };
  /** Signals of the frame spec: `frameTitle` and `frameSubtitle`. */
  signals: {
    /** `epoch E · MSE L`. */
    frameTitle: string;
    /** Unit count and dead units. */
    frameSubtitle: string;
  };
}

/** Fixed axis domains shared by every frame of a run, so that motion reads. */
export interface TrainingDomains {
  /** Input range [xMin, xMax]. */
  x: [number, number];
  /** Activation range over all snapshots. */
  activations: [number, number];
  /** Contribution range over all snapshots. */
  contributions: [number, number];
  /** Range of ground truth and predictions over all snapshots. */
  prediction: [number, number];
}

function checkIndex(run: TrainingRun, index: number): Snapshot {
  const snapshot = run.snapshots[index];
  if (!Number.isInteger(index) || snapshot === undefined) {
    throw new RangeError(
      `Cannot build a training frame: index must be an integer in [0, ${run.snapshots.length - 1}], got ${index}`,
    );
  }
  return snapshot;
}

/** The run's activation (relu when the file records none). */
const runActivation = (run: TrainingRun) => activationOf(run.config.activation ?? "relu");

function* unitCurveValues(
  run: TrainingRun,
  scaled: boolean,
): Generator<number> {
  const { xMin, xMax } = run.config;
  const f = runActivation(run);
  for (const s of run.snapshots) {
    for (let j = 0; j < s.w0.length; j++) {
      const c = activationPieceCurve(f, { w: s.w0[j], b: s.b0[j], a: scaled ? s.w1[j] : 1 }, xMin, xMax);
      yield* c.y;
    }
  }
}

function* predictionValues(run: TrainingRun): Generator<number> {
  yield* run.y;
  if (run.test) yield* run.test.y;
  const f = runActivation(run);
  for (const s of run.snapshots) {
    yield* decomposeExact(s, run.config.xMin, run.config.xMax, f.text).prediction;
  }
}

/**
 * The axis domains of every frame of `run`, computed once over all snapshots.
 *
 * @param run the training run
 * @returns the fixed domains of the input and of the three panels
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { trainingDomains } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.5],
 *   snapshots: [0, 1].map((epoch) => ({ epoch, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 })),
 * };
 * deepStrictEqual(trainingDomains(run), { x: [-1, 1], activations: [0, 1], contributions: [0, 1], prediction: [-1, 1] });
 * ```
 */
export function trainingDomains(run: TrainingRun): TrainingDomains {
  const [lo, hi] = span(unitCurveValues(run, false));
  return {
    x: [run.config.xMin, run.config.xMax],
    activations: [Math.min(0, lo), hi],
    contributions: span(unitCurveValues(run, true)),
    prediction: span(predictionValues(run)),
  };
}

/**
 * The datasets and title signals of frame `index` of `run`: every curve is
 * given by its breakpoints, so straight lines between the points are exact.
 *
 * @param run the training run
 * @param index the snapshot; a RangeError unless an index of `run.snapshots`
 * @returns the frame's datasets and signals
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { trainingFrameData } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.5],
 *   snapshots: [0, 1].map((epoch) => ({ epoch, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 })),
 * };
 * const frame = trainingFrameData(run, 1);
 * deepStrictEqual(frame.signals, { frameTitle: "epoch 1 · MSE 0.5", frameSubtitle: "1 hidden unit, none dead" });
 * deepStrictEqual(frame.datasets.prediction, [{ x: -1, y: 0 }, { x: 0, y: 0 }, { x: 1, y: 1 }]);
 * throws(() => trainingFrameData(run, 2), RangeError);
 * ```
 */
export function trainingFrameData(
  run: TrainingRun,
  index: number,
): TrainingFrameData {
  const s = checkIndex(run, index);
  const { xMin, xMax } = run.config;
  const labels = unitLabels(s.w0.length);
  const f = runActivation(run);
  const dead = deadUnits(s, run.x, { activation: f.text });
  const activations: UnitPoint[] = [];
  const contributions: UnitPoint[] = [];
  for (let j = 0; j < s.w0.length; j++) {
    const status = dead[j] ? "dead" : "live";
    const act = activationPieceCurve(f, { w: s.w0[j], b: s.b0[j] }, xMin, xMax);
    const con = activationPieceCurve(f, { w: s.w0[j], b: s.b0[j], a: s.w1[j] }, xMin, xMax);
    act.x.forEach((x, i) => activations.push({ unit: labels[j], x, y: act.y[i], status }));
    con.x.forEach((x, i) => contributions.push({ unit: labels[j], x, y: con.y[i], status }));
  }
  const exact = decomposeExact(s, xMin, xMax, f.text);
  const prediction = exact.x.map((x, i) => ({ x, y: exact.prediction[i] }));
  const deadNames = labels.filter((_, j) => dead[j]);
  const units = `${s.w0.length} hidden ${s.w0.length === 1 ? "unit" : "units"}`;
  // Unit names only while they are few, so the subtitle never widens the figure.
  const which = deadNames.length <= MAX_NAMED_DEAD ? `: ${deadNames.join(", ")}` : "";
  const frameSubtitle = deadNames.length === 0
    ? `${units}, none dead`
    : `${units}, ${deadNames.length} dead (dashed: zero on every training input)${which}`;
  return {
    datasets: { activations, contributions, prediction },
    signals: { frameTitle: frameTitle(s), frameSubtitle },
  };
}

/** Options of {@link trainingFrame}. */
export interface TrainingFrameOptions {
  /** The snapshot whose data the spec carries inline (default 0). */
  index?: number;
  /** Precomputed {@link trainingDomains} of the run (computed when absent). */
  domains?: TrainingDomains;
}

function xEncoding(domain: [number, number]) {
  return {
    field: "x",
    type: "quantitative" as const,
    title: "x",
    scale: { domain, nice: false, zero: false },
    axis: { tickCount: 5 },
  };
}

function yEncoding(title: string, domain: [number, number]) {
  return {
    field: "y",
    type: "quantitative" as const,
    title,
    scale: { domain, nice: true, zero: false },
  };
}

function unitPanel(
  name: "activations" | "contributions",
  heading: string,
  yTitle: string,
  options: { domains: TrainingDomains; hidden: number },
) {
  return {
    title: {
      text: heading,
      fontSize: 14,
      fontWeight: "normal" as const,
      anchor: "middle" as const,
    },
    width: FRAME_PANEL_WIDTH,
    height: FRAME_PANEL_HEIGHT,
    data: { name },
    mark: { type: "line" as const, strokeWidth: 2.5, aria: false },
    encoding: {
      x: xEncoding(options.domains.x),
      y: yEncoding(yTitle, options.domains[name]),
      color: {
        field: "unit",
        type: "nominal" as const,
        title: null,
        scale: {
          domain: unitLabels(options.hidden),
          range: unitColors(options.hidden),
        },
        legend: {
          orient: "bottom" as const,
          direction: "horizontal" as const,
          // one row up to 7 units; beyond, 6 columns fit under the two unit panels
          columns: options.hidden <= 7 ? options.hidden : 6,
          symbolLimit: 0,
        },
      },
      // A condition, not a field: a field would split each unit's line by status and reorder the lines.
      strokeDash: { condition: { test: "datum.status === 'dead'", value: DEAD_DASH } },
    },
  };
}

function predictionPanel(run: TrainingRun, domains: TrainingDomains) {
  const color = {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: truthScale(run),
    legend: {
      orient: "bottom" as const,
      direction: "horizontal" as const,
      labelLimit: 300,
      ...(run.test ? { columns: 1 } : {}),
    },
  };
  return {
    title: {
      text: "prediction against the ground truth",
      fontSize: 14,
      fontWeight: "normal" as const,
      anchor: "middle" as const,
    },
    width: FRAME_PANEL_WIDTH,
    height: FRAME_PANEL_HEIGHT,
    encoding: {
      x: xEncoding(domains.x),
      y: yEncoding("ŷ", domains.prediction),
    },
    layer: [
      ...truthLayers(run, color),
      {
        data: { name: "prediction" },
        transform: [{ calculate: JSON.stringify(PREDICTION_LABEL), as: "series" }],
        mark: { type: "line" as const, strokeWidth: 2.5, aria: false },
        encoding: { color },
      },
    ],
  };
}

/**
 * The frame spec of a training run: three panels side by side (unit
 * activations relu(w0·x + b0), scaled contributions w1·relu(w0·x + b0) and the
 * prediction against the run's target, y = x³ by default, or its data), titled `epoch E · MSE L`. Axes are fixed over
 * the whole run, each unit keeps its colour, dead units are dashed and counted
 * in the subtitle. The spec carries snapshot `index`'s data inline in named
 * datasets; swap them (and the `frameTitle`, `frameSubtitle` signals) with
 * {@link trainingFrameData} to draw another snapshot.
 *
 * @param run the training run
 * @param options the snapshot carried inline (default 0) and precomputed domains
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { trainingFrame } from "./training.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.5],
 *   snapshots: [0, 1].map((epoch) => ({ epoch, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 })),
 * };
 * const spec = trainingFrame(run, { index: 1 });
 * strictEqual((spec.params as { value: string }[])[0].value, "epoch 1 · MSE 0.5");
 * ```
 */
export function trainingFrame(
  run: TrainingRun,
  options: TrainingFrameOptions = {},
): VegaLiteSpec {
  const index = options.index ?? 0;
  checkIndex(run, index);
  const domains = options.domains ?? trainingDomains(run);
  const hidden = run.snapshots[index].w0.length;
  const frame = trainingFrameData(run, index);
  const panelOptions = { domains, hidden };
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    config: {
      ...structuredClone(themeConfig),
      legend: {
        ...(themeConfig.legend as Record<string, unknown>),
        orient: "bottom",
        fillColor: null,
      },
    },
    params: [
      { name: "frameTitle", value: frame.signals.frameTitle },
      { name: "frameSubtitle", value: frame.signals.frameSubtitle },
    ],
    // vega-lite passes the subtitle's expression through to vega's title, which accepts a signal there.
    title: {
      text: { expr: "frameTitle" },
      subtitle: { expr: "frameSubtitle" },
    },
    datasets: { ...frame.datasets },
    hconcat: [
      {
        hconcat: [
          unitPanel("activations", "unit activations", `${runActivation(run).name}(w0·x + b0)`, panelOptions),
          unitPanel("contributions", "scaled contributions", `w1·${runActivation(run).name}(w0·x + b0)`, panelOptions),
        ],
        resolve: { scale: { y: "independent" } },
      },
      predictionPanel(run, domains),
    ],
    resolve: {
      scale: { color: "independent", y: "independent" },
      legend: { color: "independent" },
    },
  };
  return spec;
}
