/**
 * The panels of the live network, for the run's activation: unit activations,
 * scaled contributions, the prediction against the target, the loss on a log
 * scale, the dead units and the distinct activation patterns counted, and a
 * sentence that describes the charts' current state for readers who cannot
 * see them, rewritten on every frame drawn from the frame alone. The curves
 * are exact for a piecewise-linear activation (drawn through their
 * breakpoints) and sampled for a smooth one, as the command line's frames
 * are; the axes settle instead of jittering; nothing that is not a finite
 * number reaches the page's coordinates.
 *
 * @module
 */
import { activationPieceCurve } from "../math/breakpoints.ts";
import { type ActivationFunction, activationOf, isPiecewise } from "../math/activation_registry.ts";
import { deadUnits } from "../model/dead_units.ts";
import { decomposeExact } from "../model/decompose.ts";
import { distinctPatterns } from "../model/patterns.ts";
import type { Precision, RegressorParams } from "../model/run.ts";
import { DEAD_DASH, PREDICTION_LABEL, TEST_LABEL, truthLabel } from "../plot/training_style.ts";
import { TEST_COLOR } from "../plot/training_loss.ts";
import { DEFAULT_TARGET, type TargetName, TARGETS } from "../math/targets.ts";
import { COLORS } from "../plot/theme.ts";
import { type Chart, createChart, type LineMark } from "./chart.ts";
import { PAGE_UNIT_COLORS } from "./palette.ts";
import { decimate, type Domain, logDomain, settleDomain, span } from "./scales.ts";
import { formatLossText } from "./labels.ts";
import { byId, doc } from "./dom.ts";

/** What the panels show of a run. */
export interface NetworkFrame {
  /** The current parameters. */
  params: RegressorParams;
  /** Training inputs. */
  x: readonly number[];
  /** `losses[k]`: MSE after k updates (k < epoch). */
  losses: readonly number[];
  /** Updates done. */
  epoch: number;
  /** MSE at `params`. */
  loss: number;
  /** The epoch of `params` (before `epoch` after a divergence). */
  paramsEpoch: number;
  /** The loss that stopped a diverged run (not finite), or undefined. */
  diverged?: number;
  /** The arithmetic of the run (default float32): the dead units and the patterns are found in it. */
  precision?: Precision;
  /** True while playing: then the activation patterns are counted at most a tenth of the time (exactly when not). */
  playing?: boolean;
  /** The test MSE so far, `[epoch, loss]` pairs (a run with held-out points). */
  testLosses?: readonly (readonly [number, number])[];
}

/** What a run learns, as the panels draw it: the input range, the ground truth and its legend label. */
export interface NetworkScene {
  /** The input range. */
  range: Readonly<{ xMin: number; xMax: number }>;
  /** The ground truth: a fine sample of a clean target (a line), or the training points (dots). */
  truth: { x: readonly number[]; y: readonly number[]; dots: boolean };
  /** The legend's label of the ground truth (`truthLabel`). */
  label: string;
  /** The held-out test points (drawn as rings), if any. */
  test?: { x: readonly number[]; y: readonly number[] };
}

/**
 * The scene of a run on a target of the registry (y = x³ by default) without noise: its formula on its range.
 *
 * @param target the target's name (default `cubic`)
 * @returns the scene
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { targetScene } from "./network_view.ts";
 * const scene = targetScene("zigzag");
 * deepStrictEqual([scene.range, scene.truth.x.length, scene.truth.y[100], scene.label], [{ xMin: -3, xMax: 3 }, 201, 0, "ground truth y = |x − 2·round(x/2)|"]);
 * strictEqual(targetScene().truth.y[0], -1000);
 * ```
 */
export function targetScene(target: TargetName = DEFAULT_TARGET): NetworkScene {
  const t = TARGETS[target];
  const x = Array.from({ length: 201 }, (_, i) => t.xMin + (t.xMax - t.xMin) * i / 200);
  return {
    range: { xMin: t.xMin, xMax: t.xMax },
    truth: { x, y: x.map(t.formula), dots: false },
    label: truthLabel({ config: { target } }),
  };
}

/** The panels: drawn once per frame. */
export interface NetworkView {
  /** Draws a frame. */
  draw(frame: NetworkFrame): void;
  /** The dead units of the last frame drawn (1-based unit numbers). */
  dead(): number[];
}

// Three panels side by side in the page's 1032 px column, at full size.
const PANEL = { width: 256, height: 210 };

/**
 * Builds the panels in the page's chart slots for a network of `hidden`
 * units (call again when H changes), in a browser.
 *
 * @param hidden H
 * @param scene the range and the ground truth (default y = x³ on [−10, 10])
 * @returns the view
 *
 * @example
 * ```ts ignore
 * const view = createNetworkView(7);
 * view.draw({ params, x, losses: [], epoch: 0, loss: 146388 });
 * console.assert(view.dead().join() === "4");
 * ```
 */
export function createNetworkView(
  hidden: number,
  scene: NetworkScene = targetScene(),
  activation = "relu",
): NetworkView {
  const act = activationOf(activation);
  const X: Domain = [scene.range.xMin, scene.range.xMax];
  const truthSpan = span([...scene.truth.y, ...(scene.test?.y ?? [])]) ?? [-1, 1];
  const unitChart = (id: string, title: string, yTitle: string) =>
    createChart(byId(id), {
      ...PANEL,
      title,
      x: { domain: X, title: "x" },
      y: { domain: [0, 1], title: yTitle },
    });
  // the command line's axis titles: the activation's name, relu(w0·x + b0), tanh(w0·x + b0)
  const activations = unitChart("activations-chart", "unit activations", `${act.name}(w0·x + b0)`);
  const contributions = unitChart("contributions-chart", "scaled contributions", `w1·${act.name}(w0·x + b0)`);
  const prediction = createChart(byId("prediction-chart"), {
    ...PANEL,
    title: "prediction against the ground truth",
    x: { domain: X, title: "x" },
    y: { domain: truthSpan, title: "y" },
  });
  const loss = createChart(byId("loss-chart"), {
    width: 460,
    height: 210,
    marginLeft: 74,
    marginRight: 34, // half of "1,000,000" at 11 px
    title: "loss (MSE, log scale)",
    x: { domain: [0, 100], title: "epoch" },
    y: { domain: [1, 1e6], title: "MSE", log: true },
  });
  const color = (j: number) => PAGE_UNIT_COLORS[j % PAGE_UNIT_COLORS.length];
  const units = (chart: Chart) =>
    Array.from({ length: hidden }, (_, j) => chart.line({ stroke: color(j), "stroke-width": 2.5 }));
  const actLines = units(activations);
  const conLines = units(contributions);
  const truth = scene.truth;
  if (truth.dots) prediction.points({ fill: COLORS.target, opacity: 0.7 }, 2).set(truth.x, truth.y);
  else prediction.line({ stroke: COLORS.target, "stroke-width": 2.5 }).set(truth.x, truth.y);
  if (scene.test) {
    prediction.points({ fill: "none", stroke: TEST_COLOR, "stroke-width": 1.2 }, 3).set(scene.test.x, scene.test.y);
  }
  const predLine = prediction.line({ stroke: COLORS.prediction, "stroke-width": 3 });
  const testLine = loss.line({ stroke: TEST_COLOR, "stroke-width": 1.5, "stroke-dasharray": "6 3" });
  const lossLine = loss.line({ stroke: COLORS.relu, "stroke-width": 1.5 });
  const lossDot = loss.dot({ fill: COLORS.prediction, r: 4 });

  const legend = byId("unit-legend");
  legend.replaceChildren();
  const swatches = Array.from({ length: hidden }, (_, j) => {
    const item = doc.createElement("li");
    const swatch = doc.createElement("i");
    swatch.style.borderColor = color(j);
    item.append(swatch, `unit ${j + 1}`);
    legend.append(item);
    return swatch;
  });
  const keys = [[scene.label, COLORS.target], [PREDICTION_LABEL, COLORS.prediction]];
  if (scene.test) keys.push([`${TEST_LABEL} (rings; dashed in the loss: their MSE)`, TEST_COLOR]);
  for (const [label, c] of keys) {
    const item = doc.createElement("li");
    const swatch = doc.createElement("i");
    swatch.style.borderColor = c;
    item.append(swatch, label);
    legend.append(item);
  }
  const deadText = byId("dead-units");
  const patternsText = byId("patterns");
  const summary = byId("net-summary");
  let dead: number[] = [];
  /** The last count of distinct activation patterns, when it was taken and what it cost (ms). */
  const counted = { patterns: 0, at: -Infinity, ms: 0 };
  /** Sets a text only when it changes, so that a live region speaks only then. */
  const write = (el: typeof deadText, text: string) => {
    if (el.textContent !== text) el.textContent = text;
  };

  const setUnits = (chart: Chart, lines: LineMark[], p: RegressorParams, scaled: boolean) => {
    const curves = p.w0.map((w, j) =>
      activationPieceCurve(act, { w, b: p.b0[j], a: scaled ? p.w1[j] : 1 }, X[0], X[1])
    );
    const ys = curves.flatMap((c) => c.y);
    const wanted = span([...ys, 0]);
    if (wanted) chart.setDomains(X, settleDomain(chart.domains().y, wanted));
    curves.forEach((c, j) => lines[j].set(c.x, c.y));
  };

  return {
    dead: () => dead,
    draw(frame: NetworkFrame) {
      const p = frame.params;
      if (![...p.w0, ...p.b0, ...p.w1, p.b1].every(Number.isFinite)) return;
      setUnits(activations, actLines, p, false);
      setUnits(contributions, conLines, p, true);
      const exact = decomposeExact(p, X[0], X[1], act.text);
      const wanted = span([...truthSpan, ...exact.prediction]);
      if (wanted) prediction.setDomains(X, settleDomain(prediction.domains().y, wanted));
      predLine.set(exact.x, exact.prediction);

      const n = frame.losses.length;
      const d = decimate(frame.losses, n, 460);
      const lx: number[] = [];
      const ly: number[] = [];
      d.index.forEach((i, k) => {
        lx.push(i, i);
        ly.push(d.hi[k], d.lo[k]);
      });
      if (frame.paramsEpoch === n) {
        lx.push(frame.epoch);
        ly.push(frame.loss);
      }
      const tests = (frame.testLosses ?? []).filter(([, l]) => Number.isFinite(l));
      testLine.set(tests.map(([e]) => e), tests.map(([, l]) => l));
      const range = span([...ly, ...tests.map(([, l]) => l)].filter((v) => v > 0));
      const yDomain = range ? logDomain(range[0], range[1]) : loss.domains().y;
      loss.setDomains(settleDomain(loss.domains().x, [0, Math.max(frame.epoch, 10)]), yDomain);
      lossLine.set(lx, ly);
      lossDot.set(frame.paramsEpoch, frame.loss);

      const flags = deadUnits(p, frame.x, { precision: frame.precision, activation: act.text });
      dead = flags.flatMap((f, j) => (f ? [j + 1] : []));
      flags.forEach((f, j) => {
        const dash = f ? DEAD_DASH.join(" ") : "none";
        actLines[j].style({ "stroke-dasharray": dash });
        conLines[j].style({ "stroke-dasharray": dash });
        swatches[j].className = f ? "dead" : "";
      });
      write(deadText, deadLine(dead, hidden, act.text));
      const now = performance.now();
      if (hasPatterns(act) && (!frame.playing || now - counted.at >= 10 * counted.ms)) {
        counted.patterns = distinctPatterns(p, frame.x, { precision: frame.precision });
        counted.at = now;
        counted.ms = performance.now() - now;
      }
      const patterns = hasPatterns(act) ? counted.patterns : undefined;
      write(patternsText, patternsLine(patterns, hidden, act.text));
      const ends = [exact.prediction[0], exact.prediction[exact.prediction.length - 1]];
      const num = (v: number) => String(Math.round(v)).replace("-", "−");
      const against = `${scene.label.replace(/^ground truth /, "")} from ${num(truthSpan[0])} to ${num(truthSpan[1])}`;
      write(summary, describeFrame({ ...frame, hidden, dead, patterns, ends, range: X, against }));
    },
  };
}

/** Whether an activation's units have activation patterns: a kink, between two different slopes. */
const hasPatterns = (a: ActivationFunction) => isPiecewise(a) && a.slopes.left !== a.slopes.right;

/**
 * The dead-units line of the page. A unit can die only where its activation has a zero slope (relu's z ≤ 0);
 * an activation with none says so.
 *
 * @param dead the dead units (1-based)
 * @param hidden H
 * @param activation the activation's text (default relu)
 * @returns the line
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { deadLine } from "./network_view.ts";
 * strictEqual(deadLine([], 3), "none of 3 (a unit is dead when it is zero on every training input)");
 * strictEqual(deadLine([4], 7).endsWith("): unit 4"), true);
 * strictEqual(deadLine([], 7, "tanh"), "none of 7 (a unit dies only where its activation's slope is 0, which tanh's never is)");
 * ```
 */
export function deadLine(dead: readonly number[], hidden: number, activation = "relu"): string {
  const a = activationOf(activation);
  if (!isPiecewise(a) || (a.slopes.left !== 0 && a.slopes.right !== 0)) {
    return `none of ${hidden} (a unit dies only where its activation's slope is 0, which ${a.text}'s never is)`;
  }
  return dead.length === 0
    ? `none of ${hidden} (a unit is dead when it is zero on every training input)`
    : `${dead.length} of ${hidden} dead (dashed: zero on every training input, so no gradient reaches w0, b0 or w1): ` +
      dead.map((j) => `unit ${j}`).join(", ");
}

/**
 * The line that counts the distinct activation patterns (`distinctPatterns`), or says why an activation without
 * a kink (a smooth one, or identity) has none.
 *
 * @param patterns how many (undefined: the activation has no kink)
 * @param hidden H
 * @param activation the activation's text (default relu)
 * @returns the line
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { patternsLine } from "./network_view.ts";
 * strictEqual(patternsLine(2, 7).startsWith("2 distinct activation patterns among 7 units"), true);
 * strictEqual(patternsLine(1, 1).startsWith("1 distinct activation pattern among 1 unit "), true);
 * strictEqual(patternsLine(undefined, 7, "tanh"), "tanh has no kink, so its units have no activation patterns");
 * ```
 */
export function patternsLine(patterns: number | undefined, hidden: number, activation = "relu"): string {
  if (patterns === undefined) return `${activation} has no kink, so its units have no activation patterns`;
  const piece = activation === "relu" ? "relu piece" : "piece";
  return `${patterns} distinct activation pattern${patterns === 1 ? "" : "s"} among ${hidden} unit${
    hidden === 1 ? "" : "s"
  } (units active on the same training inputs act as one ${piece} there)`;
}

/**
 * The text alternative of the section's charts: what they show now, in one
 * sentence.
 *
 * @param f the frame, with H, the dead units, the distinct patterns and the prediction at x = −10 and 10
 * @returns the sentence
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { describeFrame } from "./network_view.ts";
 * strictEqual(
 *   describeFrame({ epoch: 200, paramsEpoch: 200, loss: 4213.5, losses: [146388.36], hidden: 7, dead: [4], patterns: 5, ends: [-812.4, 790] }),
 *   "At epoch 200 the loss (MSE, log scale) has gone from 146388 at epoch 0 to 4214; 1 of 7 units dead (unit 4); " +
 *     "5 distinct activation patterns; the prediction runs from −812 at x = −10 to 790 at x = 10, against y = x³ from −1000 to 1000.",
 * );
 * ```
 */
export function describeFrame(
  f: Pick<NetworkFrame, "epoch" | "paramsEpoch" | "loss" | "losses" | "diverged"> & {
    hidden: number;
    dead: readonly number[];
    /** The distinct activation patterns (undefined: the activation has no kink). */
    patterns: number | undefined;
    ends: readonly number[];
    /** The input range (default [−10, 10]). */
    range?: readonly number[];
    /** What the prediction is set against (default `y = x³ from −1000 to 1000`). */
    against?: string;
  },
): string {
  const round = (v: number) => String(Math.round(v)).replace("-", "−");
  const range = f.range ?? [-10, 10];
  const start = f.losses.length > 0 ? ` has gone from ${formatLossText(f.losses[0])} at epoch 0 to` : " is";
  const head = f.diverged === undefined
    ? `At epoch ${f.epoch} the loss (MSE, log scale)${start} ${formatLossText(f.loss)}`
    : `The run diverged at epoch ${f.epoch} (MSE ${
      formatLossText(f.diverged)
    }); the panels show epoch ${f.paramsEpoch}, ` +
      `the last finite parameters (MSE ${formatLossText(f.loss)})`;
  const dead = f.dead.length === 0
    ? `no unit of ${f.hidden} dead`
    : `${f.dead.length} of ${f.hidden} units dead (${f.dead.map((j) => `unit ${j}`).join(", ")})`;
  const patterns = f.patterns === undefined
    ? "no activation patterns (no kink)"
    : `${f.patterns} distinct activation pattern${f.patterns === 1 ? "" : "s"}`;
  return `${head}; ${dead}; ${patterns}; ` +
    `the prediction runs from ${round(f.ends[0])} at x = ${round(range[0])} to ${round(f.ends[1])} at x = ${
      round(range[1])
    }, against ${f.against ?? "y = x³ from −1000 to 1000"}.`;
}

/**
 * The status line of a frame: after a divergence, the loss that stopped it
 * and the epoch of the parameters the panels show.
 *
 * @param frame the epoch and the loss
 * @returns `epoch E · MSE L`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { statusLine } from "./network_view.ts";
 * strictEqual(statusLine({ epoch: 4000, loss: 1243.6051, paramsEpoch: 4000 }), "epoch 4,000 · MSE 1244");
 * strictEqual(
 *   statusLine({ epoch: 7, loss: 159148449785184260, paramsEpoch: 6, diverged: Infinity }),
 *   "epoch 7 · MSE ∞ · the panels show epoch 6 (MSE 1.59e17), the last finite parameters",
 * );
 * ```
 */
export function statusLine(frame: Pick<NetworkFrame, "epoch" | "loss" | "paramsEpoch" | "diverged">): string {
  const epoch = (e: number) => `epoch ${e.toLocaleString("en-US")}`;
  if (frame.diverged === undefined) return `${epoch(frame.epoch)} · MSE ${formatLossText(frame.loss)}`;
  return `${epoch(frame.epoch)} · MSE ${formatLossText(frame.diverged)} · the panels show ` +
    `${epoch(frame.paramsEpoch)} (MSE ${formatLossText(frame.loss)}), the last finite parameters`;
}
