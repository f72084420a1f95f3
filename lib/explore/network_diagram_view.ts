/**
 * The live page's network diagram: input x, the H relu units and the output
 * ŷ as nodes, the weights and biases as edges whose colour is the sign
 * (blue positive, vermilion negative, grey zero) and whose width is the
 * magnitude, relative to the largest of the frame; redrawn with every frame,
 * with a text for screen readers that names every weight. The geometry is
 * the diagram's of `lib/plot/network_diagram.ts` (`networkLayout`), placed in
 * pixels here.
 *
 * @module
 */
import { MAX_DIAGRAM_HIDDEN, networkLayout } from "../plot/network_diagram.ts";
import { COLORS, PALETTE } from "../plot/theme.ts";
import type { RegressorParams } from "../model/run.ts";
import { doc, type Elem } from "./dom.ts";

/** The colour of a positive weight's edge. */
export const POSITIVE_COLOR: string = PALETTE[0];
/** The colour of a negative weight's edge. */
export const NEGATIVE_COLOR: string = PALETTE[1];
/** Edge widths in pixels: the thinnest (a zero weight) and the widest (the frame's largest magnitude). */
export const EDGE_WIDTH: Readonly<{ min: number; max: number }> = Object.freeze({ min: 0.5, max: 7 });

/** A node of the diagram, in pixels. */
export interface DiagramNode {
  /** `x`, `bias0`, `h1`…`hH`, `bias1`, `yhat`. */
  id: string;
  /** Its text. */
  label: string;
  /** `input`, `bias`, `relu` or `output`. */
  kind: string;
  /** Centre. */
  cx: number;
  /** Centre. */
  cy: number;
  /** Fill and stroke colours. */
  fill: string;
  /** Stroke colour. */
  stroke: string;
}

/** An edge of the diagram, in pixels, with its weight. */
export interface DiagramEdge {
  /** The weight's name: `w0[j]`, `b0[j]`, `w1[j]` or `b1`. */
  label: string;
  /** Its value. */
  value: number;
  /** From. */
  x1: number;
  /** From. */
  y1: number;
  /** To. */
  x2: number;
  /** To. */
  y2: number;
  /** Stroke width: {@link EDGE_WIDTH} min + (max − min)·|value| / the largest |value| of the frame. */
  width: number;
  /** {@link POSITIVE_COLOR}, {@link NEGATIVE_COLOR}, or grey for 0 (or a value that is not a number). */
  color: string;
  /** Dashes of a bias edge (`5,4`), else `none`. */
  dash: string;
}

/** The diagram of one frame. */
export interface DiagramGeometry {
  /** Size in pixels. */
  width: number;
  /** Size in pixels. */
  height: number;
  /** Node radius in pixels. */
  radius: number;
  /** The nodes. */
  nodes: DiagramNode[];
  /** The edges, in `networkLayout`'s order (for each unit w0, b0, w1; then b1). */
  edges: DiagramEdge[];
}

/** The value of each edge label of `networkLayout` for `params`. */
function weightOf(params: RegressorParams): Map<string, number> {
  const values = new Map<string, number>([["b1", params.b1]]);
  params.w0.forEach((_, j) => {
    values.set(`w0[${j + 1}]`, params.w0[j]);
    values.set(`b0[${j + 1}]`, params.b0[j]);
    values.set(`w1[${j + 1}]`, params.w1[j]);
  });
  return values;
}

/**
 * The diagram of a network with parameters `params`, placed in a box `width`
 * pixels wide (its height grows with H).
 *
 * @param params the parameters (H = `params.w0.length`, at most `MAX_DIAGRAM_HIDDEN`, else a RangeError)
 * @param width the box's width in pixels
 * @returns nodes and edges in pixels, the edges coloured and sized by their weights
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { diagramGeometry, EDGE_WIDTH, NEGATIVE_COLOR, POSITIVE_COLOR } from "./network_diagram_view.ts";
 * const g = diagramGeometry({ w0: [2, -1], b0: [0, 0.5], w1: [-4, 1], b1: 0.25 });
 * deepStrictEqual(g.edges.map((e) => e.label), ["w0[1]", "b0[1]", "w1[1]", "w0[2]", "b0[2]", "w1[2]", "b1"]);
 * const w1 = g.edges[2];
 * deepStrictEqual([w1.value, w1.color, w1.width], [-4, NEGATIVE_COLOR, EDGE_WIDTH.max]); // the largest magnitude
 * strictEqual(g.edges[0].color, POSITIVE_COLOR);
 * strictEqual(g.edges[0].width, EDGE_WIDTH.min + (EDGE_WIDTH.max - EDGE_WIDTH.min) * 2 / 4);
 * strictEqual(g.edges[1].width, EDGE_WIDTH.min); // b0[1] = 0
 * strictEqual(g.nodes.find((n) => n.id === "x")!.cx < g.nodes.find((n) => n.id === "yhat")!.cx, true);
 * ```
 */
export function diagramGeometry(params: RegressorParams, width = 440): DiagramGeometry {
  const hidden = params.w0.length;
  const layout = networkLayout(hidden);
  const values = weightOf(params);
  const largest = Math.max(...[...values.values()].map((v) => Number.isFinite(v) ? Math.abs(v) : 0));
  const rowHeight = Math.max(14, Math.min(34, 360 / (hidden + 1)));
  const height = Math.round(rowHeight * (hidden + 1.9) + 16);
  // networkLayout's coordinates: x in layers 0..2, y in rows 0..H (the bias units at H + 0.8); as its figure frames them.
  const px = (x: number) => width * (x + 0.15) / 2.3;
  const py = (y: number) => 8 + rowHeight * (y + 0.7);
  const radius = Math.min(13, rowHeight * 0.4);
  const nodes: DiagramNode[] = layout.nodes.map((n) => ({
    id: n.id as string,
    label: n.label as string,
    kind: n.kind as string,
    cx: px(n.x as number),
    cy: py(n.y as number),
    fill: n.fill as string,
    stroke: n.stroke as string,
  }));
  const edges: DiagramEdge[] = layout.edges.map((e) => {
    const label = e.label as string;
    const value = values.get(label) ?? NaN;
    const magnitude = Number.isFinite(value) && largest > 0 ? Math.abs(value) / largest : 0;
    return {
      label,
      value,
      x1: px(e.x as number),
      y1: py(e.y as number),
      x2: px(e.x2 as number),
      y2: py(e.y2 as number),
      width: EDGE_WIDTH.min + (EDGE_WIDTH.max - EDGE_WIDTH.min) * magnitude,
      color: value > 0 ? POSITIVE_COLOR : value < 0 ? NEGATIVE_COLOR : COLORS.muted,
      dash: e.kind === "bias" ? "5,4" : "none",
    };
  });
  return { width, height, radius, nodes, edges };
}

/** A weight for reading aloud: three significant digits and a real minus sign. */
function spoken(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(3)).toString().replace("-", "−") : String(v);
}

/**
 * The diagram's text for screen readers: what the colours and widths mean,
 * the three largest weights and then every unit's weights, the dead ones said so.
 *
 * @param params the parameters
 * @param epoch the epoch of `params`
 * @param dead the dead units (1-based), as the page finds them
 * @param unit what a hidden unit is called (its activation's label, default "relu")
 * @returns one paragraph
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { diagramText } from "./network_diagram_view.ts";
 * const text = diagramText({ w0: [2, -1], b0: [0, 0.5], w1: [-4, 1], b1: 0.25 }, 10);
 * match(text, /^Network diagram at epoch 10: .* Largest: w1\[1\] = −4, w0\[1\] = 2, w0\[2\] = −1\. /);
 * match(text, /unit 2: w0 −1, b0 0\.5, w1 1; output bias b1 0\.25\.$/);
 * match(diagramText({ w0: [2, -1], b0: [0, 0.5], w1: [-4, 1], b1: 0.25 }, 10, [2]), /unit 2 \(dead\): w0 −1/);
 * match(diagramText({ w0: [1], b0: [0], w1: [1], b1: 0 }, 0, [], "tanh"), /x feeds 1 tanh units/);
 * ```
 */
export function diagramText(
  params: RegressorParams,
  epoch: number,
  dead: readonly number[] = [],
  unit = "relu",
): string {
  const all = [...weightOf(params)].map(([label, value]) => ({ label, value }));
  const largest = [...all].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 3);
  const units = params.w0.map((_, j) =>
    `unit ${j + 1}${dead.includes(j + 1) ? " (dead)" : ""}: w0 ${spoken(params.w0[j])}, b0 ${
      spoken(params.b0[j])
    }, w1 ${spoken(params.w1[j])}`
  );
  return `Network diagram at epoch ${epoch}: x feeds ${params.w0.length} ${unit} units, which feed ŷ; each edge is a ` +
    `weight, blue when positive and vermilion when negative, wider the larger its magnitude (relative to the ` +
    `largest). Largest: ${largest.map((w) => `${w.label} = ${spoken(w.value)}`).join(", ")}. ` +
    `${units.join("; ")}; output bias b1 ${spoken(params.b1)}.`;
}

/** The diagram on the page. */
export interface NetworkDiagram {
  /** Redraws it for `params` (the parameters after `epoch` updates), the `dead` units (1-based) hollow and dashed. */
  draw(params: RegressorParams, epoch: number, dead?: readonly number[]): void;
}

const SVG = "http://www.w3.org/2000/svg";

/** Sets several attributes of `el`. */
function attrs(el: Elem, values: Record<string, string | number>): Elem {
  for (const [k, v] of Object.entries(values)) el.setAttribute(k, String(v));
  return el;
}

/**
 * Builds the diagram of a network of `hidden` units in `container` (replacing
 * what it held; call again when H changes), in a browser. Above
 * `MAX_DIAGRAM_HIDDEN` units it says so instead of drawing.
 *
 * @param container the element to draw into
 * @param hidden H
 * @param unit what a hidden unit is called in the readers' text (its activation's label, default "relu")
 * @returns the diagram
 *
 * @example
 * ```ts ignore
 * const diagram = createNetworkDiagram(byId("network-diagram"), 7);
 * diagram.draw(trainer.params(), trainer.epoch());
 * ```
 */
export function createNetworkDiagram(container: Elem, hidden: number, unit = "relu"): NetworkDiagram {
  const heading = attrs(doc.createElement("h3"), { id: "diagram-h", style: "font-size:15px;margin:8px 0 4px" });
  heading.textContent = "The network's weights";
  const caption = attrs(doc.createElement("p"), { style: "font-size:13px;margin:2px 0" });
  const text = attrs(doc.createElement("p"), { id: "diagram-text", class: "sr-only" });
  if (hidden > MAX_DIAGRAM_HIDDEN) {
    caption.textContent = `The diagram draws networks of up to ${MAX_DIAGRAM_HIDDEN} units; this one has ${hidden}.`;
    container.replaceChildren(heading, caption);
    return { draw: () => {} };
  }
  const swatch = (color: string, name: string) => {
    const span = attrs(doc.createElement("span"), { style: `color:${color};font-weight:bold` });
    span.textContent = name;
    return span;
  };
  caption.append(
    "Edges: ",
    swatch(POSITIVE_COLOR, "blue"),
    " positive, ",
    swatch(NEGATIVE_COLOR, "vermilion"),
    " negative; the wider, the larger the weight's magnitude (relative to the largest now). Dashed edges: biases; " +
      "a hollow dashed unit is dead (zero on every training input).",
  );
  const svg = attrs(doc.createElementNS(SVG, "svg"), {
    role: "img",
    "aria-labelledby": "diagram-h",
    "aria-describedby": "diagram-text",
    id: "diagram-svg",
  });
  const first = diagramGeometry({
    w0: Array(hidden).fill(0),
    b0: Array(hidden).fill(0),
    w1: Array(hidden).fill(0),
    b1: 0,
  });
  attrs(svg, { width: first.width, height: first.height, viewBox: `0 0 ${first.width} ${first.height}` });
  const lines = first.edges.map((e) => {
    const line = attrs(doc.createElementNS(SVG, "line"), {
      x1: e.x1,
      y1: e.y1,
      x2: e.x2,
      y2: e.y2,
      "data-weight": e.label,
    });
    line.appendChild(doc.createElementNS(SVG, "title"));
    return svg.appendChild(line);
  });
  const units: { circle: Elem; fill: string }[] = [];
  for (const n of first.nodes) {
    const g = doc.createElementNS(SVG, "g");
    const circle = attrs(doc.createElementNS(SVG, "circle"), {
      cx: n.cx,
      cy: n.cy,
      r: first.radius,
      fill: n.fill,
      stroke: n.stroke,
      "stroke-width": 1.5,
      "data-node": n.id,
    });
    if (n.kind === "relu") units.push({ circle, fill: n.fill });
    g.append(circle);
    const label = attrs(doc.createElementNS(SVG, "text"), {
      x: n.cx,
      y: n.cy,
      "text-anchor": "middle",
      "dominant-baseline": "central",
      "font-size": Math.min(12, first.radius * 1.1).toFixed(1),
    });
    label.textContent = n.label;
    g.append(label);
    svg.appendChild(g);
  }
  container.replaceChildren(heading, svg, caption, text);
  return {
    draw(params: RegressorParams, epoch: number, dead: readonly number[] = []): void {
      const g = diagramGeometry(params, first.width);
      g.edges.forEach((e, i) => {
        attrs(lines[i], { stroke: e.color, "stroke-width": e.width.toFixed(2), "stroke-dasharray": e.dash });
        lines[i].querySelector("title")!.textContent = `${e.label} = ${spoken(e.value)}`;
      });
      units.forEach(({ circle, fill }, j) => {
        const isDead = dead.includes(j + 1);
        attrs(circle, { fill: isDead ? "#ffffff" : fill, "stroke-dasharray": isDead ? "3,2" : "none" });
      });
      text.textContent = diagramText(params, epoch, dead, unit);
    },
  };
}
