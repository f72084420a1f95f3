/**
 * The panels of the live network, drawn from its current parameters: the
 * essay's three (unit activations, scaled contributions, prediction against
 * y = x³), the loss on a log scale, the dead units named and counted, and
 * the distinct activation patterns counted; a sentence that describes the
 * charts' current state for readers who cannot see them. Every text is
 * rewritten on every frame drawn (from the frame alone, never from what the
 * previous frame showed). The curves are exact (drawn through their
 * breakpoints, as the command line's frames are); the axes settle instead of
 * jittering; nothing that is not a finite number reaches the page's
 * coordinates, and a loss too large or not finite is written legibly.
 *
 * @module
 */
import { reluPieceBreakpoints } from "../math/breakpoints.ts";
import { deadUnits } from "../model/dead_units.ts";
import { decomposeExact } from "../model/decompose.ts";
import { distinctPatterns } from "../model/patterns.ts";
import type { Precision, RegressorParams } from "../model/run.ts";
import { DEAD_DASH, PREDICTION_LABEL, TRUTH_LABEL } from "../plot/training_style.ts";
import { COLORS } from "../plot/theme.ts";
import { type Chart, createChart, type LineMark } from "./chart.ts";
import { PAGE_UNIT_COLORS } from "./palette.ts";
import { decimate, type Domain, logDomain, settleDomain, span } from "./scales.ts";
import { formatLossText } from "./labels.ts";
import { byId, doc } from "./dom.ts";
import { LIVE_RANGE } from "./trainer.ts";

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
const X: Domain = [LIVE_RANGE.xMin, LIVE_RANGE.xMax];
const cube = Array.from({ length: 201 }, (_, i) => X[0] + (X[1] - X[0]) * i / 200);

/**
 * Builds the panels in the page's chart slots for a network of `hidden`
 * units (call again when H changes), in a browser.
 *
 * @param hidden H
 * @returns the view
 *
 * @example
 * ```ts ignore
 * const view = createNetworkView(7);
 * view.draw({ params, x, losses: [], epoch: 0, loss: 146388 });
 * console.assert(view.dead().join() === "4");
 * ```
 */
export function createNetworkView(hidden: number): NetworkView {
  const unitChart = (id: string, title: string, yTitle: string) =>
    createChart(byId(id), {
      ...PANEL,
      title,
      x: { domain: X, title: "x" },
      y: { domain: [0, 1], title: yTitle },
    });
  const activations = unitChart("activations-chart", "unit activations", "relu(w0·x + b0)");
  const contributions = unitChart("contributions-chart", "scaled contributions", "w1·relu(w0·x + b0)");
  const prediction = createChart(byId("prediction-chart"), {
    ...PANEL,
    title: "prediction against the ground truth",
    x: { domain: X, title: "x" },
    y: { domain: [-1000, 1000], title: "y" },
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
  prediction.line({ stroke: COLORS.target, "stroke-width": 2.5 }).set(cube, cube.map((x) => x * x * x));
  const predLine = prediction.line({ stroke: COLORS.prediction, "stroke-width": 3 });
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
  for (const [label, c] of [[TRUTH_LABEL, COLORS.target], [PREDICTION_LABEL, COLORS.prediction]]) {
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
    const curves = p.w0.map((w, j) => reluPieceBreakpoints({ w, b: p.b0[j], a: scaled ? p.w1[j] : 1 }, X[0], X[1]));
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
      const exact = decomposeExact(p, X[0], X[1]);
      const wanted = span([-1000, 1000, ...exact.prediction]);
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
      const range = span(ly.filter((v) => v > 0));
      const yDomain = range ? logDomain(range[0], range[1]) : loss.domains().y;
      loss.setDomains(settleDomain(loss.domains().x, [0, Math.max(frame.epoch, 10)]), yDomain);
      lossLine.set(lx, ly);
      lossDot.set(frame.paramsEpoch, frame.loss);

      const flags = deadUnits(p, frame.x, { precision: frame.precision });
      dead = flags.flatMap((f, j) => (f ? [j + 1] : []));
      flags.forEach((f, j) => {
        const dash = f ? DEAD_DASH.join(" ") : "none";
        actLines[j].style({ "stroke-dasharray": dash });
        conLines[j].style({ "stroke-dasharray": dash });
        swatches[j].className = f ? "dead" : "";
      });
      write(deadText, deadLine(dead, hidden));
      const now = performance.now();
      if (!frame.playing || now - counted.at >= 10 * counted.ms) {
        counted.patterns = distinctPatterns(p, frame.x, { precision: frame.precision });
        counted.at = now;
        counted.ms = performance.now() - now;
      }
      const patterns = counted.patterns;
      write(patternsText, patternsLine(patterns, hidden));
      const ends = [exact.prediction[0], exact.prediction[exact.prediction.length - 1]];
      write(summary, describeFrame({ ...frame, hidden, dead, patterns, ends }));
    },
  };
}

/**
 * The dead-units line of the page.
 *
 * @param dead the dead units (1-based)
 * @param hidden H
 * @returns the line
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { deadLine } from "./network_view.ts";
 * strictEqual(deadLine([], 3), "none of 3 (a unit is dead when it is zero on every training input)");
 * strictEqual(deadLine([4], 7).endsWith("): unit 4"), true);
 * ```
 */
export function deadLine(dead: readonly number[], hidden: number): string {
  return dead.length === 0
    ? `none of ${hidden} (a unit is dead when it is zero on every training input)`
    : `${dead.length} of ${hidden} dead (dashed: zero on every training input, so no gradient reaches w0, b0 or w1): ` +
      dead.map((j) => `unit ${j}`).join(", ");
}

/**
 * The line that counts the distinct activation patterns (`distinctPatterns`).
 *
 * @param patterns how many
 * @param hidden H
 * @returns the line
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { patternsLine } from "./network_view.ts";
 * strictEqual(patternsLine(2, 7).startsWith("2 distinct activation patterns among 7 units"), true);
 * strictEqual(patternsLine(1, 1).startsWith("1 distinct activation pattern among 1 unit "), true);
 * ```
 */
export function patternsLine(patterns: number, hidden: number): string {
  return `${patterns} distinct activation pattern${patterns === 1 ? "" : "s"} among ${hidden} unit${
    hidden === 1 ? "" : "s"
  } (units active on the same training inputs act as one relu piece there)`;
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
    patterns: number;
    ends: readonly number[];
  },
): string {
  const round = (v: number) => String(Math.round(v)).replace("-", "−");
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
  return `${head}; ${dead}; ${f.patterns} distinct activation pattern${f.patterns === 1 ? "" : "s"}; ` +
    `the prediction runs from ${round(f.ends[0])} at x = −10 to ${round(f.ends[1])} at x = 10, ` +
    `against y = x³ from −1000 to 1000.`;
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
