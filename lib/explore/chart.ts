/**
 * A small hand-drawn SVG chart for the live page, in the project's look
 * (grid, frame, fonts and colours of `lib/plot/theme.ts`): a plot area with
 * axes that redraw only when their domain changes, and marks (lines, dots,
 * shaded areas, labels) created once and updated in place, so that a frame
 * changes a few attributes and nothing else.
 *
 * @module
 */
import { FONT } from "../plot/theme.ts";
import { doc, type Elem } from "./dom.ts";
import { type Box, type Domain, linearScale, logScale, logTicks, niceTicks, pathData, type Scale } from "./scales.ts";
import { linearTickLabels, logTickLabels } from "./labels.ts";

const NS = "http://www.w3.org/2000/svg";

/**
 * Creates an SVG element with attributes, appended to `parent` when given
 * (in a browser).
 *
 * @param tag the element's tag
 * @param attrs its attributes
 * @param parent where to append it
 * @returns the element
 *
 * @example
 * ```ts ignore
 * const dot = svgElement("circle", { cx: 10, cy: 10, r: 4 }, chart.svg);
 * console.assert(dot.getAttribute("r") === "4");
 * ```
 */
export function svgElement(
  tag: string,
  attrs: Record<string, string | number>,
  parent?: Elem,
): Elem {
  const el = doc.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

/** One axis of a chart. */
export interface AxisOptions {
  /** Its domain. */
  domain: Domain;
  /** Its title. */
  title: string;
  /** A log10 axis (domain > 0). */
  log?: boolean;
}

/** Options of {@link createChart}. */
export interface ChartOptions {
  /** Plot-area width in pixels. */
  width: number;
  /** Plot-area height in pixels. */
  height: number;
  /** Title above the plot area. */
  title?: string;
  /** The x axis. */
  x: AxisOptions;
  /** The y axis. */
  y: AxisOptions;
  /** Room left of the plot area for the y tick labels and title (default 58). */
  marginLeft?: number;
  /** Room right of the plot area for half the last x tick label (default 22). */
  marginRight?: number;
}

/** A line, created once and redrawn in place. */
export interface LineMark {
  /** Draws the polyline through (xs[i], ys[i]), clipped to the plot area. */
  set(xs: ArrayLike<number>, ys: ArrayLike<number>): void;
  /** Sets presentation attributes (stroke, stroke-dasharray, opacity, ...). */
  style(attrs: Record<string, string | number>): void;
  /** The SVG element. */
  el: Elem;
}

/** A dot, created once and moved in place; hidden when outside the plot area or not finite. */
export interface DotMark {
  /** Moves the dot to (x, y). */
  set(x: number, y: number): void;
  /** The SVG element. */
  el: Elem;
}

/** A chart whose axes follow {@link Chart.setDomains}. */
export interface Chart {
  /** The SVG element. */
  svg: Elem;
  /** The current x scale. */
  sx: Scale;
  /** The current y scale. */
  sy: Scale;
  /** The plot area in pixels. */
  box: Box;
  /** The current domains. */
  domains(): { x: Domain; y: Domain };
  /** Changes the domains (axes and every mark redraw only when one changed). */
  setDomains(x: Domain, y: Domain): void;
  /** A line mark in the plot area. */
  line(attrs: Record<string, string | number>): LineMark;
  /** A dot mark in the plot area. */
  dot(attrs: Record<string, string | number>): DotMark;
  /** Many dots of radius `r` as one path (a scatter of points; those outside the plot area are left out). */
  points(attrs: Record<string, string | number>, r: number): LineMark;
  /** A group in the plot area, under the marks made after it. */
  group(): Elem;
  /** Calls `redraw` after every domain change (marks that depend on the scales). */
  onRescale(redraw: () => void): void;
}

const MARGINS = { left: 58, right: 22, top: 30, bottom: 40 };
let clipIds = 0;

/**
 * Builds a chart inside `svg` (which it empties and sizes), in a browser.
 *
 * @param svg the element to draw into
 * @param options sizes, title and axes
 * @returns the chart
 *
 * @example
 * ```ts ignore
 * const chart = createChart(byId("relu-chart"), {
 *   width: 380, height: 240, x: { domain: [-3, 3], title: "z" }, y: { domain: [-0.5, 3], title: "relu(z)" },
 * });
 * chart.line({ stroke: "#0072B2" }).set([-3, 0, 3], [0, 0, 3]);
 * console.assert(chart.svg.querySelector("path") !== null);
 * ```
 */
export function createChart(svg: Elem, options: ChartOptions): Chart {
  const { width, height } = options;
  const MARGIN = { ...MARGINS, left: options.marginLeft ?? MARGINS.left, right: options.marginRight ?? MARGINS.right };
  const W = MARGIN.left + width + MARGIN.right;
  const H = MARGIN.top + height + MARGIN.bottom;
  svg.replaceChildren();
  for (const [k, v] of Object.entries({ viewBox: `0 0 ${W} ${H}`, width: W, height: H, "font-family": FONT })) {
    svg.setAttribute(k, String(v));
  }
  const box: Box = { x0: MARGIN.left, y0: MARGIN.top, x1: MARGIN.left + width, y1: MARGIN.top + height };
  const clip = `explore-clip-${++clipIds}`;
  const defs = svgElement("defs", {}, svg);
  svgElement("rect", { x: box.x0, y: box.y0, width, height }, svgElement("clipPath", { id: clip }, defs));
  svgElement("rect", { x: 0, y: 0, width: W, height: H, fill: "white" }, svg);
  const axes = svgElement("g", { "aria-hidden": "true" }, svg);
  const plot = svgElement("g", { "clip-path": `url(#${clip})` }, svg);
  svgElement("rect", { ...rectOf(box), fill: "none", stroke: "#cccccc" }, svg);
  if (options.title) {
    svgElement("text", { x: box.x0, y: 18, "font-size": 14, fill: "#222" }, svg).textContent = options.title;
  }
  const xTitle = svgElement("text", {
    x: (box.x0 + box.x1) / 2,
    y: H - 6,
    "text-anchor": "middle",
    "font-size": 13,
    "font-style": "italic",
    fill: "#222",
  }, svg);
  xTitle.textContent = options.x.title;
  const yTitle = svgElement("text", {
    transform: `translate(14,${(box.y0 + box.y1) / 2}) rotate(-90)`,
    "text-anchor": "middle",
    "font-size": 13,
    "font-style": "italic",
    fill: "#222",
  }, svg);
  yTitle.textContent = options.y.title;

  let xDomain: Domain = [...options.x.domain];
  let yDomain: Domain = [...options.y.domain];
  const scaleOf = (axis: AxisOptions, d: Domain, r: Domain) => axis.log ? logScale(d, r) : linearScale(d, r);
  const redraws: (() => void)[] = [];
  const chart: Chart = {
    svg,
    sx: scaleOf(options.x, xDomain, [box.x0, box.x1]),
    sy: scaleOf(options.y, yDomain, [box.y1, box.y0]),
    box,
    domains: () => ({ x: xDomain, y: yDomain }),
    setDomains(x: Domain, y: Domain) {
      if (x[0] === xDomain[0] && x[1] === xDomain[1] && y[0] === yDomain[0] && y[1] === yDomain[1]) return;
      xDomain = [...x];
      yDomain = [...y];
      chart.sx = scaleOf(options.x, xDomain, [box.x0, box.x1]);
      chart.sy = scaleOf(options.y, yDomain, [box.y1, box.y0]);
      drawAxes();
      for (const redraw of redraws) redraw();
    },
    line(attrs) {
      const el = svgElement("path", { fill: "none", "stroke-width": 2.5, "stroke-linejoin": "round", ...attrs }, plot);
      let data: [ArrayLike<number>, ArrayLike<number>] = [[], []];
      const draw = () => el.setAttribute("d", pathData(data[0], data[1], chart.sx, chart.sy, box) || "M0,0");
      redraws.push(draw);
      return {
        el,
        set(xs, ys) {
          data = [xs, ys];
          draw();
        },
        style(a) {
          for (const [k, v] of Object.entries(a)) el.setAttribute(k, String(v));
        },
      };
    },
    dot(attrs) {
      const el = svgElement("circle", { r: 5, ...attrs }, plot);
      let at: [number, number] = [NaN, NaN];
      const draw = () => {
        const cx = chart.sx(at[0]);
        const cy = chart.sy(at[1]);
        const inside = cx >= box.x0 - 6 && cx <= box.x1 + 6 && cy >= box.y0 - 6 && cy <= box.y1 + 6;
        el.setAttribute("visibility", inside ? "visible" : "hidden");
        if (inside) {
          el.setAttribute("cx", String(Math.round(cx * 10) / 10));
          el.setAttribute("cy", String(Math.round(cy * 10) / 10));
        }
      };
      redraws.push(draw);
      return {
        el,
        set(x, y) {
          at = [x, y];
          draw();
        },
      };
    },
    points(attrs, r) {
      const el = svgElement("path", { stroke: "none", ...attrs }, plot);
      let data: [ArrayLike<number>, ArrayLike<number>] = [[], []];
      const draw = () => {
        const parts: string[] = [];
        for (let i = 0; i < data[0].length; i++) {
          const cx = Math.round(chart.sx(data[0][i]) * 10) / 10;
          const cy = Math.round(chart.sy(data[1][i]) * 10) / 10;
          if (!(cx >= box.x0 - r && cx <= box.x1 + r && cy >= box.y0 - r && cy <= box.y1 + r)) continue;
          parts.push(`M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`);
        }
        el.setAttribute("d", parts.join("") || "M0,0");
      };
      redraws.push(draw);
      return {
        el,
        set(xs, ys) {
          data = [xs, ys];
          draw();
        },
        style(a) {
          for (const [k, v] of Object.entries(a)) el.setAttribute(k, String(v));
        },
      };
    },
    group: () => svgElement("g", {}, plot),
    onRescale: (redraw) => void redraws.push(redraw),
  };

  function drawAxes(): void {
    axes.replaceChildren();
    const xt = options.x.log ? logTicks(xDomain) : niceTicks(xDomain, Math.max(2, Math.round(width / 70)));
    const yt = options.y.log ? logTicks(yDomain) : niceTicks(yDomain, Math.max(2, Math.round(height / 45)));
    const xLabels = options.x.log ? logTickLabels(xt) : linearTickLabels(xt);
    for (const [i, t] of xt.entries()) {
      const x = Math.round(chart.sx(t)) + 0.5;
      svgElement("line", { x1: x, x2: x, y1: box.y0, y2: box.y1, stroke: "#e6e6e6" }, axes);
      svgElement("line", { x1: x, x2: x, y1: box.y1, y2: box.y1 + 5, stroke: "#888" }, axes);
      const label = svgElement(
        "text",
        { x, y: box.y1 + 17, "text-anchor": "middle", "font-size": 11, fill: "#333" },
        axes,
      );
      label.textContent = xLabels[i];
    }
    const yLabels = options.y.log ? logTickLabels(yt) : linearTickLabels(yt);
    for (const [i, t] of yt.entries()) {
      const y = Math.round(chart.sy(t)) + 0.5;
      svgElement("line", { x1: box.x0, x2: box.x1, y1: y, y2: y, stroke: "#e6e6e6" }, axes);
      svgElement("line", { x1: box.x0 - 5, x2: box.x0, y1: y, y2: y, stroke: "#888" }, axes);
      const label = svgElement(
        "text",
        { x: box.x0 - 7, y: y + 4, "text-anchor": "end", "font-size": 11, fill: "#333" },
        axes,
      );
      label.textContent = yLabels[i];
    }
  }
  drawAxes();
  return chart;
}

function rectOf(box: Box): Record<string, number> {
  return { x: box.x0, y: box.y0, width: box.x1 - box.x0, height: box.y1 - box.y0 };
}
