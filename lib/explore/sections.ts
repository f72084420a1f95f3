/**
 * Sections 1 to 3 of the live page: relu and its derivative with a chosen
 * relu'(0); the subgradient fan with a movable g and E[g] = 0.5; and one live
 * relu(±w·z + b)·(±1) + c with the essay's families as presets. Every number
 * drawn comes from `lib/math` (relu, reluDerivative, subdifferential,
 * expectedSubgradient, the families), not from the page.
 *
 * @module
 */
import { reluPieceBreakpoints } from "../math/breakpoints.ts";
import {
  flipFamily,
  horizontalShiftFamily,
  memberCurve,
  type ReluMember,
  slopeFamily,
  verticalShiftFamily,
} from "../math/families.ts";
import { expectedSubgradient, relu, reluDerivative, subdifferential, subgradientFan } from "../math/relu.ts";
import { COLORS, PALETTE } from "../plot/theme.ts";
import { createChart, svgElement } from "./chart.ts";
import type { FamilyName } from "./config.ts";
import { byId, doc } from "./dom.ts";
import { onWhite } from "./palette.ts";
import type { Store } from "./store.ts";

const Z: [number, number] = [-3, 3];

/**
 * Section 1: relu, and relu' with the filled dot at (0, relu'(0)). In a browser.
 *
 * @param store the page's settings
 *
 * @example
 * ```ts ignore
 * mountReluSection(createStore());
 * console.assert(byId("relu-derivative-chart").querySelector("path") !== null);
 * ```
 */
export function mountReluSection(store: Store): void {
  const left = createChart(byId("relu-chart"), {
    width: 380,
    height: 240,
    title: "relu(z) = max(0, z)",
    x: { domain: Z, title: "z" },
    y: { domain: [-0.5, 3], title: "relu(z)" },
  });
  left.line({ stroke: COLORS.relu, "stroke-width": 3 }).set([Z[0], 0, Z[1]], [relu(Z[0]), relu(0), relu(Z[1])]);
  const right = createChart(byId("relu-derivative-chart"), {
    width: 380,
    height: 240,
    title: "relu′(z)",
    x: { domain: Z, title: "z" },
    y: { domain: [-0.25, 1.25], title: "relu′(z)" },
  });
  const color = COLORS.derivative;
  right.line({ stroke: color, "stroke-width": 3 }).set([Z[0], 0], [reluDerivative(-1), reluDerivative(-1)]);
  right.line({ stroke: color, "stroke-width": 3 }).set([0, Z[1]], [reluDerivative(1), reluDerivative(1)]);
  right.dot({ fill: "white", stroke: color, "stroke-width": 2 }).set(0, reluDerivative(-1));
  right.dot({ fill: "white", stroke: color, "stroke-width": 2 }).set(0, reluDerivative(1));
  const chosen = right.dot({ fill: color, r: 6 });
  const label = svgElement("text", { x: right.box.x0 + 10, y: right.box.y0 + 20, "font-size": 13 }, right.svg);
  const draw = () => {
    const d0 = store.get().d0;
    chosen.set(0, reluDerivative(0, { gradAtZero: d0 }));
    label.textContent = `relu′(0) = ${d0}`;
    byId("relu-summary").textContent = `relu(z) = max(0, z) is 0 for z < 0 and z for z > 0; its derivative is 0 for ` +
      `z < 0 and 1 for z > 0, and the chosen relu′(0) = ${d0} is the filled dot at z = 0.`;
    for (const [id, v] of [["d0-0", 0], ["d0-half", 0.5], ["d0-1", 1]] as const) {
      byId(id).setAttribute("aria-pressed", String(d0 === v));
    }
  };
  for (const [id, v] of [["d0-0", 0], ["d0-half", 0.5], ["d0-1", 1]] as const) {
    byId(id).addEventListener("click", () => store.set({ d0: v }));
  }
  store.subscribe(["d0"], draw);
  draw();
}

/**
 * Section 2: relu, the fan of subgradients, the chosen g·z and E[g]. In a browser.
 *
 * @param store the page's settings
 *
 * @example
 * ```ts ignore
 * mountFanSection(createStore());
 * console.assert(byId("fan-chart").querySelector("path") !== null);
 * ```
 */
export function mountFanSection(store: Store): void {
  const chart = createChart(byId("fan-chart"), {
    width: 460,
    height: 280,
    title: "relu(z) and the line g·z",
    x: { domain: [-2, 2], title: "z" },
    y: { domain: [-1.5, 2.5], title: "y" },
  });
  const xs = [-2, 0, 2];
  const gap = svgElement("path", { fill: COLORS.subgradient, opacity: 0.12 }, chart.group());
  for (const g of subgradientFan(11)) {
    chart.line({ stroke: COLORS.muted, "stroke-width": 1, opacity: 0.5 }).set(xs, xs.map((z) => g * z));
  }
  const mean = expectedSubgradient();
  chart.line({ stroke: COLORS.expectation, "stroke-width": 2, "stroke-dasharray": "7 5" }).set(
    xs,
    xs.map((z) => mean * z),
  );
  chart.line({ stroke: COLORS.relu, "stroke-width": 3 }).set(xs, xs.map(relu));
  const line = chart.line({ stroke: COLORS.subgradient, "stroke-width": 3 });
  chart.dot({ fill: COLORS.subgradient, r: 4 }).set(0, 0);

  const density = createChart(byId("g-chart"), {
    width: 300,
    height: 280,
    title: "g ~ U(0, 1)",
    x: { domain: [-0.5, 1.5], title: "g" },
    y: { domain: [0, 1.4], title: "density" },
  });
  const { lo, hi } = subdifferential(0);
  density.line({ stroke: COLORS.relu, "stroke-width": 3 }).set([-0.5, lo, lo, hi, hi, 1.5], [0, 0, 1, 1, 0, 0]);
  density.line({ stroke: COLORS.expectation, "stroke-width": 2, "stroke-dasharray": "7 5" }).set([mean, mean], [
    0,
    1.4,
  ]);
  const meanLabel = svgElement("text", { "font-size": 13, x: density.sx(mean) + 6, y: density.sy(1.25) }, density.svg);
  meanLabel.textContent = `E[g] = ${mean}`;
  const marker = density.line({ stroke: COLORS.subgradient, "stroke-width": 3 });

  const verdict = byId("fan-verdict");
  const draw = () => {
    const g = store.get().g;
    line.set(xs, xs.map((z) => g * z));
    marker.set([g, g], [0, 1.4]);
    // The gap relu(z) − g·z, shaded where it is ≥ 0 (it is everywhere exactly when g is a subgradient).
    const sx = chart.sx;
    const sy = chart.sy;
    const poly = (zs: number[]) =>
      "M" + zs.map((z) => `${sx(z).toFixed(1)},${sy(relu(z)).toFixed(1)}`).join("L") + "L" +
      [...zs].reverse().map((z) => `${sx(z).toFixed(1)},${sy(g * z).toFixed(1)}`).join("L") + "Z";
    gap.setAttribute("d", poly([-2, 0]) + poly([0, 2]));
    const inside = g >= lo && g <= hi;
    verdict.textContent = inside
      ? `g = ${g}: g·z ≤ relu(z) for every z, touching at 0 — a subgradient of relu at 0.`
      : `g = ${g}: g·z rises above relu(z) for ${
        g > hi ? "z > 0" : "z < 0"
      } — not a subgradient (only g in [0, 1] is).`;
  };
  chart.onRescale(draw);
  store.subscribe(["g"], draw);
  draw();
}

const FAMILIES: Record<Exclude<FamilyName, "none">, () => ReluMember[]> = {
  flip: flipFamily,
  slope: () => slopeFamily(),
  hshift: () => horizontalShiftFamily(),
  vshift: () => verticalShiftFamily(),
};

/** The live member of section 3 for the settings. */
function liveMember(s: { w: number; b: number; c: number; fi: boolean; fo: boolean }): ReluMember {
  const w = s.fi ? -s.w : s.w;
  const a = s.fo ? -1 : 1;
  const inner = `${w === 1 ? "" : w === -1 ? "−" : `${String(w).replace("-", "−")}·`}z${
    s.b === 0 ? "" : s.b > 0 ? ` + ${s.b}` : ` − ${-s.b}`
  }`;
  const label = `${a < 0 ? "−" : ""}relu(${inner})${s.c === 0 ? "" : s.c > 0 ? ` + ${s.c}` : ` − ${-s.c}`}`;
  return { label, w, b: s.b, a, c: s.c };
}

/**
 * Section 3: a·relu(w·z + b) + c, live, with a family of the essay behind it. In a browser.
 *
 * @param store the page's settings
 *
 * @example
 * ```ts ignore
 * mountFamilySection(createStore());
 * console.assert(byId("family-chart").querySelector("path") !== null);
 * ```
 */
export function mountFamilySection(store: Store): void {
  const chart = createChart(byId("family-chart"), {
    width: 560,
    height: 300,
    title: "a·relu(w·z + b) + c",
    x: { domain: [-4, 4], title: "z" },
    y: { domain: [-4, 6], title: "y" },
  });
  const behind = chart.group();
  const live = chart.line({ stroke: COLORS.subgradient, "stroke-width": 3.5 });
  const kink = chart.dot({ fill: COLORS.subgradient, r: 5 });
  const formula = byId("family-formula");
  const legend = byId("family-legend");
  let shown: FamilyName | null = null;

  const drawFamily = (family: FamilyName) => {
    if (family === shown) return;
    shown = family;
    behind.replaceChildren();
    legend.replaceChildren();
    for (const name of ["none", ...Object.keys(FAMILIES)]) {
      byId(`family-${name}`).setAttribute("aria-pressed", String(name === family));
    }
    if (family === "none") return;
    FAMILIES[family]().forEach((m, i) => {
      const color = onWhite(PALETTE[i % PALETTE.length]);
      const curve = memberCurve(m, -4, 4);
      const d = curve.x.map((x, k) => `${k ? "L" : "M"}${chart.sx(x).toFixed(1)},${chart.sy(curve.y[k]).toFixed(1)}`);
      svgElement("path", { d: d.join(""), fill: "none", stroke: color, "stroke-width": 2 }, behind);
      const item = doc.createElement("li");
      const swatch = doc.createElement("i");
      swatch.style.borderColor = color;
      item.append(swatch, m.label);
      legend.append(item);
    });
  };
  const draw = () => {
    const s = store.get();
    drawFamily(s.family);
    const m = liveMember(s);
    const curve = reluPieceBreakpoints(m, -4, 4);
    live.set(curve.x, curve.y);
    if (m.w !== 0) kink.set(-m.b / m.w, m.c);
    else kink.set(NaN, NaN);
    formula.textContent = m.w === 0 ? `${m.label} = ${m.a * relu(m.b) + m.c} (flat: w = 0)` : m.label;
  };
  const presets: Record<Exclude<FamilyName, "none">, Partial<ReturnType<Store["get"]>>> = {
    flip: { w: 1, b: 0, c: 0, fi: true, fo: true },
    slope: { w: 2, b: 0, c: 0, fi: false, fo: false },
    hshift: { w: 1, b: 1.5, c: 0, fi: false, fo: false },
    vshift: { w: 1, b: 0, c: 1.5, fi: false, fo: false },
  };
  for (const name of Object.keys(presets) as Exclude<FamilyName, "none">[]) {
    byId(`family-${name}`).addEventListener("click", () => store.set({ family: name, ...presets[name] }));
  }
  byId("family-none").addEventListener("click", () => store.set({ family: "none" }));
  store.subscribe(["w", "b", "c", "fi", "fo", "family"], draw);
  draw();
}
