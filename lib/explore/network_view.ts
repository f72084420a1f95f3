/**
 * The panels of the live network, drawn from its current parameters: the
 * essay's three (unit activations, scaled contributions, prediction against
 * y = x³), the loss on a log scale and the dead units named and counted. The
 * curves are exact (drawn through their breakpoints, as the command line's
 * frames are); the axes settle instead of jittering; nothing that is not a
 * finite number reaches the page.
 *
 * @module
 */
import { reluPieceBreakpoints } from "../math/breakpoints.ts";
import { deadUnits } from "../model/dead_units.ts";
import { decomposeExact } from "../model/decompose.ts";
import type { RegressorParams } from "../model/run.ts";
import { DEAD_DASH, formatLoss, PREDICTION_LABEL, TRUTH_LABEL, UNIT_COLORS } from "../plot/training_style.ts";
import { COLORS } from "../plot/theme.ts";
import { type Chart, createChart, type LineMark } from "./chart.ts";
import { decimate, type Domain, logDomain, settleDomain, span } from "./scales.ts";
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
  /** MSE at the current parameters. */
  loss: number;
}

/** The panels: drawn once per frame. */
export interface NetworkView {
  /** Draws a frame. */
  draw(frame: NetworkFrame): void;
  /** The dead units of the last frame drawn (1-based unit numbers). */
  dead(): number[];
}

const PANEL = { width: 264, height: 210 };
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
    title: "loss (MSE, log scale)",
    x: { domain: [0, 100], title: "epoch" },
    y: { domain: [1, 1e6], title: "MSE", log: true },
  });
  const color = (j: number) => UNIT_COLORS[j % UNIT_COLORS.length];
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
  let lastDead = "";
  let dead: number[] = [];

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
      lx.push(frame.epoch);
      ly.push(frame.loss);
      const range = span(ly.filter((v) => v > 0));
      const yDomain = range ? logDomain(range[0], range[1]) : loss.domains().y;
      loss.setDomains(settleDomain(loss.domains().x, [0, Math.max(frame.epoch, 10)]), yDomain);
      lossLine.set(lx, ly);
      lossDot.set(frame.epoch, frame.loss);

      const flags = deadUnits(p, frame.x);
      dead = flags.flatMap((f, j) => (f ? [j + 1] : []));
      const key = dead.join();
      if (key !== lastDead) {
        lastDead = key;
        flags.forEach((f, j) => {
          const dash = f ? DEAD_DASH.join(" ") : "none";
          actLines[j].style({ "stroke-dasharray": dash });
          conLines[j].style({ "stroke-dasharray": dash });
          swatches[j].className = f ? "dead" : "";
        });
        deadText.textContent = dead.length === 0
          ? `none of ${hidden} (a unit is dead when it is zero on every training input)`
          : `${dead.length} of ${hidden} dead (dashed: zero on every training input, so no gradient reaches w0, b0 or w1): ` +
            dead.map((j) => `unit ${j}`).join(", ");
      }
    },
  };
}

/**
 * The status line of a frame.
 *
 * @param frame the epoch and the loss
 * @returns `epoch E · MSE L`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { statusLine } from "./network_view.ts";
 * strictEqual(statusLine({ epoch: 4000, loss: 1243.6051 }), "epoch 4,000 · MSE 1244");
 * ```
 */
export function statusLine(frame: Pick<NetworkFrame, "epoch" | "loss">): string {
  return `epoch ${frame.epoch.toLocaleString("en-US")} · MSE ${formatLoss(frame.loss)}`;
}
