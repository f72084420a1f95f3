import assert from "node:assert/strict";
import {
  ACTIVATIONS,
  saturatedIntervals,
  SATURATING_ACTIVATIONS,
  sigmoid,
  sigmoidDerivative,
  tanhDerivative,
} from "../lib/math/activations.ts";
import { linspace } from "../lib/math/grid.ts";
import { linearity } from "../lib/math/linearity.ts";
import { activationRows, activationsFigure, slopeShareRows } from "../lib/plot/activations.ts";
import { ACTIVATION_REGISTRY } from "../lib/math/activation_registry.ts";
import { activationsMarkdown } from "../lib/render/activation_tables.ts";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

Deno.test("sigmoid and tanh have their textbook values at 0", () => {
  close(sigmoid(0), 0.5);
  close(sigmoidDerivative(0), 0.25);
  close(tanhDerivative(0), 1);
});

Deno.test("the derivatives agree with central finite differences", () => {
  const h = 1e-5;
  for (const a of ACTIVATIONS) {
    for (const z of [-3, -1, -0.2, 0.3, 1.7, 4]) {
      close((a.f(z + h) - a.f(z - h)) / (2 * h), a.df(z), 1e-7);
    }
  }
});

Deno.test("sigmoid saturates (|σ′| < 0.01) for |z| > ln(s/(1−s)) with s(1−s) = 0.01", () => {
  const s = (1 - Math.sqrt(1 - 4 * 0.01)) / 2;
  const edge = -Math.log(s / (1 - s));
  const bands = saturatedIntervals(sigmoidDerivative, { zMin: -8, zMax: 8, threshold: 0.01 });
  assert.equal(bands.length, 2);
  close(bands[0].lo, -8);
  close(bands[0].hi, -edge, 1e-8);
  close(bands[1].lo, edge, 1e-8);
  close(bands[1].hi, 8);
});

Deno.test("tanh saturates for |z| > atanh(√0.99) and relu never does", () => {
  const edge = Math.atanh(Math.sqrt(0.99));
  const bands = saturatedIntervals(tanhDerivative, { zMin: -8, zMax: 8 });
  close(bands[1].lo, edge, 1e-8);
  const relu = ACTIVATIONS.find((a) => a.name === "relu")!;
  const reluBands = saturatedIntervals(relu.df, { zMin: 0.001, zMax: 8 });
  assert.deepEqual(reluBands, []);
});

Deno.test("linspace() includes both ends exactly", () => {
  const xs = linspace(-10, 10, 300);
  assert.equal(xs.length, 300);
  assert.equal(xs[0], -10);
  assert.equal(xs[299], 10);
  assert.throws(() => linspace(0, 1, 1), RangeError);
});

Deno.test("linearity() measures sigmoid and tanh as their closed forms give them", () => {
  const [sig, tanh] = SATURATING_ACTIVATIONS.map((a) => linearity(a, { at: [2, 5] }));
  // σ′ = s(1 − s) halves (to 1/8) at s = (1 + √½)/2, z = ln(s/(1 − s)); tanh′ = 1 − t² halves at t = √½.
  const s = (1 + Math.SQRT1_2) / 2;
  close(sig.halfSlopeAt, Math.log(s / (1 - s)), 1e-10);
  close(tanh.halfSlopeAt, Math.atanh(Math.SQRT1_2), 1e-10);
  // f′(5) by the textbook formulas: σ′ = e^−z/(1 + e^−z)², tanh′ = 1/cosh²z.
  close(sig.slopes[1].slope, Math.exp(-5) / (1 + Math.exp(-5)) ** 2, 1e-15);
  close(tanh.slopes[1].ratio, 1 / Math.cosh(5) ** 2, 1e-15);
  // Both bend away from the tangent line the more the farther out, so the gap is largest at |z| = 0.5.
  close(sig.tangentGap, (0.5 + 0.5 / 4 - sigmoid(0.5)) / (0.25 * 0.5), 1e-12);
  close(tanh.tangentGap, (0.5 - Math.tanh(0.5)) / 0.5, 1e-12);
});

Deno.test("sigmoid and tanh are nearly linear near 0 and flat far out, not the other way round", () => {
  for (const a of SATURATING_ACTIVATIONS) {
    const { slopes, tangentGap } = linearity(a, { at: [5], within: 0.5 });
    assert.ok(tangentGap < 0.08, `${a.name} stays within 8 % of its tangent's rise on [−0.5, 0.5]`);
    assert.ok(slopes[0].ratio < 0.03, `${a.name} keeps less than 3 % of its slope at |z| = 5`);
  }
});

Deno.test("the activations figure has a third panel: the slope share on a log scale, with the measured points", () => {
  const spec = activationsFigure();
  const panels = spec.hconcat as { title: { text: string }; layer: Record<string, unknown>[] }[];
  assert.deepEqual(panels.map((p) => p.title.text), [
    "f(z), tangent lines at 0 dashed",
    "f′(z)",
    "f′(z) / f′(0), log scale",
  ]);
  assert.ok(JSON.stringify(panels[2]).includes('"type":"log"'));
  const { points } = slopeShareRows(8);
  assert.deepEqual(points.map((p) => [p.name, p.x]), [["sigmoid", 2], ["sigmoid", 5], ["tanh", 2], ["tanh", 5]]);
  close(points[3].y as number, 1 / Math.cosh(5) ** 2, 1e-15);
});

Deno.test("figures/activations.md states the numbers linearity() measures", async () => {
  const committed = await Deno.readTextFile(new URL("../figures/activations.md", import.meta.url));
  const fresh = activationsMarkdown(SATURATING_ACTIVATIONS.map((a) => linearity(a)));
  assert.equal(committed, fresh);
  assert.match(committed, /\| tanh +\| 1 +\| 0\.07065 +\| 0\.0001816 +\|/);
});

Deno.test("the activations figure draws every entry of the registry, in its order, each in its own colour", () => {
  const labels = ACTIVATION_REGISTRY.map((e) => e.make().label);
  assert.deepEqual(ACTIVATIONS.map((a) => a.name), labels);
  const text = JSON.stringify(activationsFigure());
  const domain = JSON.parse(text.match(/"domain":(\[[^\]]*"relu"[^\]]*\])/)![1]);
  assert.deepEqual(domain, labels);
  const range = JSON.parse(text.match(/"domain":\[[^\]]*"relu"[^\]]*\],"range":(\[[^\]]*\])/)![1]);
  assert.equal(new Set(range).size, labels.length);
  // the three of the essay keep their colours
  const colour = (name: string) => range[labels.indexOf(name)];
  assert.deepEqual([colour("sigmoid"), colour("tanh"), colour("relu")], ["#009E73", "#CC79A7", "#0072B2"]);
  const { values, derivatives } = activationRows(8);
  for (const label of labels) assert.ok(values.some((r) => r.name === label), label);
  // abs: exact, from its slopes −1 and 1
  assert.deepEqual(values.filter((r) => r.name === "abs").map((r) => [r.x, r.y]), [[-8, 8], [0, 0], [8, 8]]);
  assert.deepEqual(derivatives.filter((r) => r.name === "abs").map((r) => r.y), [-1, -1, 1, 1]);
});
