import assert from "node:assert/strict";
import {
  activationsFigure,
  flipFigure,
  horizontalShiftFigure,
  networkFigure,
  reluDerivativeFigure,
  reluFigure,
  slopeFigure,
  subgradientsFigure,
  targetFigure,
  VEGA_LITE_SCHEMA,
  verticalShiftFigure,
} from "../mod.ts";
import { networkLayout } from "../lib/plot/mod.ts";
import { FIGURE_BUILDERS } from "./support/figure_builders.ts";
import { vegaLiteSchemaErrors } from "./support/vega_lite_schema.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

Deno.test("every figure builder returns a spec that validates against the Vega-Lite schema", () => {
  for (const [name, build] of Object.entries(FIGURE_BUILDERS)) {
    const spec = build();
    assert.equal(spec.$schema, VEGA_LITE_SCHEMA, name);
    assert.equal(vegaLiteSchemaErrors(spec), "", name);
    assert.equal((spec as Any).config.font.startsWith("DejaVu Sans"), true, name);
  }
});

Deno.test("builders return fresh objects: changing one spec does not change the next", () => {
  const a = reluFigure() as Any;
  a.config.font = "Comic Sans";
  a.layer[0].data.values[0].y = 99;
  const b = reluFigure() as Any;
  assert.notEqual(b.config.font, "Comic Sans");
  assert.equal(b.layer[0].data.values[0].y, 0);
});

Deno.test("relu is drawn from its three breakpoints", () => {
  const spec = reluFigure() as Any;
  assert.deepEqual(spec.layer[0].data.values, [{ x: -5, y: 0 }, { x: 0, y: 0 }, { x: 5, y: 5 }]);
});

Deno.test("the derivative figure has open circles at (0, 0) and (0, 1) and a filled dot at the chosen value", () => {
  for (const gradAtZero of [0, 0.5, 1]) {
    const panel = (reluDerivativeFigure({ gradAtZero }) as Any).hconcat[1];
    const [pieces, open, chosen] = panel.layer;
    assert.deepEqual(pieces.data.values.map((r: Any) => [r.x, r.y]), [[-5, 0], [0, 0], [0, 1], [5, 1]]);
    assert.deepEqual(open.data.values, [{ x: 0, y: 0 }, { x: 0, y: 1 }]);
    assert.equal(open.mark.fill, "white");
    assert.deepEqual([chosen.data.values[0].x, chosen.data.values[0].y], [0, gradAtZero]);
    assert.equal(chosen.layer[0].mark.filled, true);
  }
  assert.throws(() => reluDerivativeFigure({ gradAtZero: 2 }), RangeError);
});

Deno.test("the subgradient fan has slopes 0, 0.1, …, 1 through the origin and the labelled E[g] = 0.5 line", () => {
  const spec = subgradientsFigure() as Any;
  const fan = spec.layer[0].data.values;
  const slopes = [...new Set(fan.map((r: Any) => r.g))] as number[];
  assert.equal(slopes.length, 11);
  for (const r of fan) assert.ok(Math.abs(r.y - r.g * r.x) < 1e-12);
  const mean = spec.layer[2].data.values;
  assert.deepEqual(mean, [{ x: -3, y: -1.5 }, { x: 3, y: 1.5 }]);
  assert.ok(spec.layer[3].data.values.some((r: Any) => r.label === "E[g] = 0.5"));
});

Deno.test("the family grids have 4 and 6 panels titled with their parameter", () => {
  assert.deepEqual((flipFigure() as Any).facet.sort, ["relu(z)", "relu(−z)", "−relu(z)", "−relu(−z)"]);
  assert.equal((flipFigure() as Any).columns, 2);
  for (const f of [slopeFigure, horizontalShiftFigure, verticalShiftFigure]) {
    const spec = f() as Any;
    assert.equal(spec.columns, 3);
    assert.equal(spec.facet.sort.length, 6);
    assert.match(spec.facet.sort[0], /0\.5/);
    assert.match(spec.facet.sort[5], /3\.0/);
  }
});

Deno.test("the network diagram has x, H units, ŷ, two bias units and 3H + 1 labelled edges", () => {
  for (const hidden of [1, 7, 12]) {
    const { nodes, edges } = networkLayout(hidden);
    assert.equal(nodes.length, hidden + 4);
    assert.equal(edges.length, 3 * hidden + 1);
    assert.ok(edges.some((e) => e.label === `w0[${hidden}]`));
    assert.ok(edges.some((e) => e.label === `b0[${hidden}]`));
    assert.ok(edges.some((e) => e.label === `w1[${hidden}]`));
    assert.ok(edges.some((e) => e.label === "b1"));
  }
  assert.throws(() => networkFigure({ hidden: 0 }), RangeError);
});

Deno.test("the activations figure shades where a smooth activation is flat: sigmoid and tanh on both sides, softplus and GELU on the left and GELU at its minimum; no piecewise one", () => {
  const spec = activationsFigure() as Any;
  const bands = spec.hconcat[0].layer[0].data.values;
  const gelu = "GELU (tanh approx.)";
  assert.deepEqual(bands.map((b: Any) => b.name), ["sigmoid", "sigmoid", "tanh", "tanh", "softplus", gelu, gelu]);
  // sigmoid and tanh: one band reaching each edge; softplus and GELU: the left edge only.
  for (const name of ["sigmoid", "tanh"]) {
    const [left, right] = bands.filter((b: Any) => b.name === name);
    assert.ok(left.x === -8 && left.x2 < 0 && right.x > 0 && right.x2 === 8, name);
  }
  // GELU's second band holds its minimum, z ≈ −0.7518, where its derivative is 0.
  const minimum = bands.filter((b: Any) => b.name === gelu)[1];
  assert.ok(minimum.x < -0.7518 && -0.7518 < minimum.x2, JSON.stringify(minimum));
});

Deno.test("the target marks 300 training points on y = x³", () => {
  const spec = targetFigure() as Any;
  const points = spec.layer[1].data.values;
  assert.equal(points.length, 300);
  for (const p of points) assert.ok(Math.abs(p.y - p.x ** 3) < 1e-9);
});
