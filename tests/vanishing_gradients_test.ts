// Tests of the vanishing-gradient experiment: the float64 MSE gradient (lib/model/gradients.ts) against values
// worked out by hand in the comments, against central finite differences of the loss for every activation of the
// experiment and against PyTorch's autograd in float64; its exact zeros against the dead-unit count
// (lib/model/dead_units.ts); the per-snapshot measures; the experiment on a tiny run against an independent
// computation of its first snapshot; the tables when every relu model diverged; and the committed
// figures/vanishing_gradients.json re-rendering to the committed .svg, .vl.json and .md byte for byte, its relu dead
// units being the dead-unit grid's.
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { mseGradients } from "../lib/model/gradients.ts";
import { deadUnits } from "../lib/model/dead_units.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";
import type { RegressorParams } from "../lib/model/run.ts";
import { activationOf } from "../lib/math/activation_registry.ts";
import {
  ESSAY_SATURATING,
  measureSnapshot,
  NEAR_ZERO,
  peakSlope,
  VANISHING_ACTIVATIONS,
} from "../lib/experiments/vanishing_gradients.ts";
import { runPython, torchMissing } from "./support/python_torch.ts";

const relu = activationOf("relu");

Deno.test("mseGradients() matches a two-unit relu network worked out by hand", () => {
  // x = [−1, 2], y = [1, 0]; unit 0: z = 1·x + 0.5 = [−0.5, 2.5], a = [0, 2.5]; unit 1: z = −2·x + 1 = [3, −3],
  // a = [3, 0]; ŷ = 0.5·a0 − 1·a1 + 0.25 = [−2.75, 1.5]; r = ŷ − y = [−3.75, 1.5]; L = (14.0625 + 2.25)/2 = 8.15625.
  // ∂L/∂b1 = (2/2)(−3.75 + 1.5) = −2.25; ∂L/∂w1 = [1.5·2.5, −3.75·3] = [3.75, −11.25];
  // unit 0 (f′ = [0, 1]): ∂b0 = 1.5·0.5 = 0.75, ∂w0 = 0.75·2 = 1.5;
  // unit 1 (f′ = [1, 0]): ∂b0 = −3.75·(−1) = 3.75, ∂w0 = 3.75·(−1) = −3.75.
  const params = { w0: [1, -2], b0: [0.5, 1], w1: [0.5, -1], b1: 0.25 };
  const g = mseGradients(params, { x: [-1, 2], y: [1, 0] }, relu);
  deepStrictEqual([g.loss, g.b1, g.w1, g.b0, g.w0], [8.15625, -2.25, [3.75, -11.25], [0.75, 3.75], [1.5, -3.75]]);
  deepStrictEqual(g.unitNorms, [Math.hypot(1.5, 0.75), Math.hypot(-3.75, 3.75)]);
  strictEqual(g.firstLayerNorm, Math.hypot(...g.unitNorms));
});

Deno.test("mseGradients() uses the activation's f′ at an exact 0: relu′(0) = 0 gives 0, 1 gives the slope", () => {
  // z = 1·0 + 0 = 0 at the one input; r = w1·f(0) + b1 − y = 0 + 1 − 0 = 1.
  const params = { w0: [1], b0: [0], w1: [2], b1: 1 };
  const data = { x: [0], y: [0] };
  strictEqual(mseGradients(params, data, relu).b0[0], 0);
  strictEqual(mseGradients(params, data, { f: relu.f, df: (z) => relu.df(z, 1) }).b0[0], 2 * 1 * 2 * 1);
});

Deno.test("mseGradients() refuses data and parameters of mismatched lengths", () => {
  const p = { w0: [1], b0: [0], w1: [1], b1: 0 };
  throws(() => mseGradients(p, { x: [1, 2], y: [1] }, relu), /same length >= 1, got 2 and 1/);
  throws(() => mseGradients(p, { x: [], y: [] }, relu), RangeError);
  throws(() => mseGradients({ ...p, b0: [0, 0] }, { x: [1], y: [1] }, relu), /got 1, 2 and 1/);
});

/** The loss at `params` with one parameter moved by `h` (index into [w0, b0, w1, b1] flattened). */
function lossMoved(params: RegressorParams, k: number, h: number, data: { x: number[]; y: number[] }, act = relu) {
  const flat = [...params.w0, ...params.b0, ...params.w1, params.b1];
  flat[k] += h;
  const H = params.w0.length;
  const moved = { w0: flat.slice(0, H), b0: flat.slice(H, 2 * H), w1: flat.slice(2 * H, 3 * H), b1: flat[3 * H] };
  return mseGradients(moved, data, act).loss;
}

for (const text of VANISHING_ACTIVATIONS) {
  Deno.test(`mseGradients() agrees with central finite differences of the loss for ${text}`, () => {
    const act = activationOf(text);
    const data = targetData({ points: 41, xMin: -3, xMax: 3 });
    const params = createRegressor({ hidden: 4, seed: 5 });
    // No z within 1e-3 of a kink: finite differences of a piecewise function are exact only away from it.
    for (let j = 0; j < 4; j++) for (const x of data.x) ok(Math.abs(params.w0[j] * x + params.b0[j]) > 1e-3);
    const g = mseGradients(params, data, act);
    const analytic = [...g.w0, ...g.b0, ...g.w1, g.b1];
    const h = 1e-6;
    analytic.forEach((value, k) => {
      const numeric = (lossMoved(params, k, h, data, act) - lossMoved(params, k, -h, data, act)) / (2 * h);
      ok(
        Math.abs(numeric - value) <= 1e-6 * Math.max(1, Math.abs(value)),
        `${text}, parameter ${k}: ${numeric} vs ${value}`,
      );
    });
  });
}

Deno.test("mseGradients() gives exactly zero first-layer gradients to the dead relu units, and only to them", () => {
  const data = targetData({ points: 300, xMin: -10, xMax: 10 });
  let dead = 0;
  for (let seed = 0; seed < 40; seed++) {
    const p = createRegressor({ hidden: 7, seed });
    // Push some units off the data: a large negative bias kills a unit with |w0| ≤ 1 on [−10, 10].
    const params = { ...p, b0: p.b0.map((b, j) => (j + seed) % 3 === 0 ? -11 - Math.abs(b) : b) };
    const expected = deadUnits(params, data.x, { precision: "float32" });
    const g = mseGradients(params, data, relu, { precision: "float32" });
    deepStrictEqual(g.unitNorms.map((u) => u === 0), expected, `seed ${seed}`);
    dead += expected.filter((d) => d).length;
  }
  ok(dead > 40, `the test should see dead units, saw ${dead}`);
});

Deno.test("peakSlope() finds each activation's largest slope", () => {
  const peaks = VANISHING_ACTIVATIONS.map((t) => peakSlope(activationOf(t).df));
  deepStrictEqual(peaks.slice(0, 4), [1, 1, 0.25, 1]); // relu, leaky relu, sigmoid σ′(0), tanh′(0)
  ok(Math.abs(peaks[4] - 1.1289) < 1e-3, `GELU's peak slope is about 1.129, got ${peaks[4]}`);
});

Deno.test("measureSnapshot() counts near-zero units relative to the model's largest and flat pairs by |f′|", () => {
  // Three relu units on x = [1, 2], y = [0, 0], b1 = 0: unit 0 (w0 1, b0 0) active at both inputs, unit 1 active
  // at x = 2 only (w0 1, b0 −1.5: z = [−0.5, 0.5]), unit 2 dead (b0 −5). With w1 = [1, 1e-4, 1]:
  // a = [[1, 0, 0], [2, 0.5, 0]], ŷ = r = [1, 2 + 5e-5]; unit 0: (∂w0, ∂b0) = (r₁ + 2r₂, r₁ + r₂) ≈ (5, 3);
  // unit 1: 1e-4·(2r₂, r₂) ≈ (4e-4, 2e-4), norm ≈ 4.5e-4 < 1e-3 × 5.83; unit 2: exactly 0.
  const params = { w0: [1, 1, 1], b0: [0, -1.5, -5], w1: [1, 1e-4, 1], b1: 0 };
  const data = { x: [1, 2], y: [0, 0] };
  const g = mseGradients(params, data, relu);
  ok(g.unitNorms[1] < NEAR_ZERO * g.unitNorms[0]); // 1e-4 × r₂ vs (r₁ + r₂): below a thousandth
  const m = measureSnapshot(params, data, { ...relu, peak: 1 });
  deepStrictEqual([m.nearZero, m.exactZero, m.flat], [2, 1, 3 / 6]); // flat: (1, x=1), (2, x=1), (2, x=2)
  const sigmoid = activationOf("sigmoid");
  const s = measureSnapshot({ w0: [40], b0: [0], w1: [1], b1: 0 }, { x: [-1, 1], y: [0, 0] }, {
    ...sigmoid,
    peak: 0.25,
  });
  // z = ±40: σ′(40) ≈ 4.2e-18 < 2.5e-4 at both inputs, yet not 0: flat, near zero only relative to a sibling.
  deepStrictEqual([s.flat, s.exactZero, s.nearZero], [1, 0, 0]);
});

Deno.test("the experiment on a tiny run: paired starts, measures from the snapshots, comparisons with the first", async () => {
  const { computeVanishing } = await import("../lib/cli/vanishing_gradients.ts");
  const { vanishingComparisons } = await import("../lib/experiments/vanishing_comparisons.ts");
  const activations = ["relu", "leaky_relu:0.1", "tanh"];
  const v = { seeds: 3, epochs: 20, lr: 1e-4, activations, backend: "cpu" as const, out: "/tmp" };
  const result = await computeVanishing(v, { status: () => {} });
  deepStrictEqual(result.snapshotEpochs, [0, 20]);
  deepStrictEqual(result.records.map((r) => [r.activation, r.engine]), [
    ["relu", "fused"],
    ["leaky_relu:0.1", "fused"],
    ["tanh", "autodiff"],
  ]);
  const data = targetData({ points: 300, xMin: -10, xMax: 10 });
  for (const r of result.records) {
    const act = activationOf(r.activation);
    for (let seed = 0; seed < 3; seed++) {
      // Every activation starts from the seed's parameters: epoch 0 is the gradient there, computed independently.
      const g = mseGradients(createRegressor({ hidden: 7, seed }), data, act, { precision: "float32" });
      strictEqual(r.gradNorm[seed][0], Number(g.firstLayerNorm.toPrecision(4)), `${r.activation}, seed ${seed}`);
      ok(Math.abs(r.loss[seed][0]! - g.loss) <= 1e-5 * g.loss, `${r.activation}: the run's MSE at epoch 0`);
      ok(r.loss[seed][1]! < r.loss[seed][0]!, `${r.activation}, seed ${seed} learns`);
    }
  }
  strictEqual(result.records[1].exactZero.flat().reduce((a, b) => a! + b!, 0), 0); // leaky relu: f′ is never 0
  const c = vanishingComparisons(result);
  strictEqual(c.length, 6 * 2);
  deepStrictEqual(c.slice(0, 2).map((x) => [x.metric, x.compared, x.n]), [
    ["gradAtInit", "relu vs leaky_relu:0.1", 3],
    ["gradAtInit", "relu vs tanh", 3],
  ]);
});

Deno.test("the committed vanishing_gradients.json re-renders to the committed files byte for byte", async () => {
  const { vanishingRerender } = await import("../lib/cli/vanishing_gradients.ts");
  const files = await vanishingRerender("figures");
  deepStrictEqual(
    files.map((f) => f.path),
    ["json", "svg", "vl.json", "md"].map((e) => `figures/vanishing_gradients.${e}`),
  );
  for (const f of files) {
    const committed = await Deno.readTextFile(f.path);
    strictEqual(typeof f.data === "string" ? f.data : new TextDecoder().decode(f.data), committed, f.path);
  }
});

Deno.test("the committed relu units with a gradient of exactly zero are the dead units of the dead-unit grid's cell", async () => {
  const { parseVanishingRecord } = await import("../lib/experiments/vanishing_files.ts");
  const record = parseVanishingRecord(await Deno.readTextFile("figures/vanishing_gradients.json"));
  const grid = JSON.parse(await Deno.readTextFile("figures/dead_units.json"));
  const s = record.settings;
  const cell = grid.cells.find((c: { lr: number; hidden: number }) => c.lr === s.lr && c.hidden === s.hidden);
  ok(cell, "the grid has the cell of the experiment's lr and H");
  deepStrictEqual(
    [grid.settings.epochs, grid.settings.precision, grid.settings.gradAtZero, grid.settings.seeds.length],
    [s.epochs, s.precision, 0, s.seeds.length],
    "the two experiments train the same relu models",
  );
  const relu = record.records.find((r) => r.activation === "relu")!;
  deepStrictEqual(
    relu.exactZero.map((row) => row[row.length - 1]),
    cell.perSeed.map((p: { deadAtEnd: number | null }) => p.deadAtEnd),
  );
  deepStrictEqual(relu.exactZero.map((row) => row[0]), cell.perSeed.map((p: { deadAtInit: number }) => p.deadAtInit));
});

Deno.test("the tables say 'cannot be judged' and 'not shown', not 'holds', when every relu model diverged", async () => {
  const { vanishingComparisons } = await import("../lib/experiments/vanishing_comparisons.ts");
  const { vanishingMarkdown } = await import("../lib/render/vanishing_tables.ts");
  const record = (activation: string, alive: boolean) => ({
    activation,
    engine: "fused",
    backend: "cpu" as const,
    peakSlope: 1,
    gradNorm: [[3, alive ? 2 : null], [4, alive ? 1 : null]],
    nearZero: [[0, alive ? 0 : null], [0, alive ? 1 : null]],
    exactZero: [[0, alive ? 0 : null], [0, alive ? 0 : null]],
    flat: [[0.5, alive ? 0.5 : null], [0.5, alive ? 0.25 : null]],
    loss: [[9, alive ? 4 : null], [9, alive ? 1 : null]],
    divergedAt: alive ? [null, null] : [7, 8],
  });
  const settings = {
    activations: ["relu", "sigmoid"],
    seeds: [0, 1],
    hidden: 2,
    lr: 1e-3,
    epochs: 10,
    every: 10,
    points: 3,
    xMin: -1,
    xMax: 1,
    precision: "float32" as const,
    nearZero: NEAR_ZERO,
  };
  const result = { settings, snapshotEpochs: [0, 10], records: [record("relu", false), record("sigmoid", true)] };
  const comparisons = vanishingComparisons(result);
  deepStrictEqual(comparisons.filter((c) => c.n === 0).map((c) => c.metric), [
    "gradAtEnd",
    "gradPerResidualAtEnd",
    "finalLoss",
    "nearZeroAtEnd",
    "flatAtEnd",
  ]);
  const md = vanishingMarkdown(result, comparisons);
  const summary = md.split("\n\n")[1].replace(/\s+/g, " ");
  ok(summary.includes('the "no saturation" part cannot be judged: every relu model diverged'), summary);
  ok(summary.includes('the "no vanishing gradient" part is not shown against sigmoid'), summary);
  ok(!summary.includes("holds"), "the summary claims nothing");
});

/** PyTorch's float64 MSE gradient for each activation: relu, leaky_relu (the registry's slope), sigmoid, tanh, GELU (tanh form). */
const TORCH_GRADIENTS = `
import json, sys, torch
import torch.nn.functional as F
task = json.load(sys.stdin)
acts = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
        "gelu": lambda z: F.gelu(z, approximate="tanh")}
out = {}
for text in task["activations"]:
    name = text.partition(":")[0]
    # the registry's slope, a float32 number (fround(0.01)), as the engines use it
    act = (lambda z, s=task["leftSlopes"][text]: F.leaky_relu(z, s)) if name == "leaky_relu" else acts[name]
    p = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in task["params"].items()}
    x = torch.tensor(task["x"], dtype=torch.float64)[:, None]
    y = torch.tensor(task["y"], dtype=torch.float64)
    y_hat = act(x * p["w0"] + p["b0"]) @ p["w1"] + p["b1"]
    loss = ((y_hat - y) ** 2).mean()
    loss.backward()
    out[text] = {"loss": loss.item(), **{k: v.grad.tolist() for k, v in p.items()}}
print(json.dumps(out))
`;

const noTorch = torchMissing();
Deno.test({
  name: "mseGradients() agrees with PyTorch's autograd in float64 for every activation of the experiment" +
    (noTorch ? ` (ignored: ${noTorch})` : ""),
  ignore: noTorch !== "",
  fn: async () => {
    const data = targetData({ points: 50, xMin: -10, xMax: 10 });
    const params = createRegressor({ hidden: 7, seed: 11 });
    const leftSlopes = Object.fromEntries(VANISHING_ACTIVATIONS.map((t) => [t, activationOf(t).slopes?.left ?? null]));
    const task = { activations: VANISHING_ACTIVATIONS, leftSlopes, params, x: data.x, y: data.y };
    const torch = JSON.parse(await runPython(TORCH_GRADIENTS, JSON.stringify(task)));
    for (const text of VANISHING_ACTIVATIONS) {
      const g = mseGradients(params, data, activationOf(text));
      const t = torch[text];
      const [ours, theirs] = [[g.loss, ...g.w0, ...g.b0, ...g.w1, g.b1], [t.loss, ...t.w0, ...t.b0, ...t.w1, t.b1]];
      const scale = Math.max(...theirs.map(Math.abs));
      ours.forEach((v, k) => ok(Math.abs(v - theirs[k]) <= 1e-12 * scale, `${text}, value ${k}: ${v} vs ${theirs[k]}`));
    }
  },
});

Deno.test("the activations the essay names as saturating are those that saturate on both sides by the registry", async () => {
  const { SATURATING_ACTIVATIONS } = await import("../lib/math/activations.ts");
  const { ACTIVATION_REGISTRY } = await import("../lib/math/activation_registry.ts");
  const texts = SATURATING_ACTIVATIONS.map((a) =>
    ACTIVATION_REGISTRY.map((e) => e.make()).find((m) => m.label === a.name)!.text
  );
  deepStrictEqual([...ESSAY_SATURATING], texts);
  ok(ESSAY_SATURATING.every((t) => VANISHING_ACTIVATIONS.includes(t)), "the experiment trains both");
});

Deno.test("--target trains every activation on that target's data and range, and the tables and figure name it", async () => {
  const { computeVanishing } = await import("../lib/cli/vanishing_gradients.ts");
  const { vanishingComparisons } = await import("../lib/experiments/vanishing_comparisons.ts");
  const { vanishingMarkdown } = await import("../lib/render/vanishing_tables.ts");
  const { vanishingGradientsFigure } = await import("../lib/plot/vanishing_gradients.ts");
  const v = {
    seeds: 2,
    epochs: 5,
    lr: 1e-3,
    activations: ["relu", "tanh"],
    target: "step" as const,
    backend: "cpu" as const,
    out: "/tmp",
  };
  const result = await computeVanishing(v, { status: () => {} });
  deepStrictEqual([result.settings.target, result.settings.xMin, result.settings.xMax], ["step", -5, 5]);
  const data = targetData({ points: 300, xMin: -5, xMax: 5, target: "step" });
  for (const r of result.records) {
    const g = mseGradients(createRegressor({ hidden: 7, seed: 1 }), data, activationOf(r.activation), {
      precision: "float32",
    });
    strictEqual(r.gradNorm[1][0], Number(g.firstLayerNorm.toPrecision(4)), r.activation);
  }
  ok(vanishingMarkdown(result, vanishingComparisons(result)).includes("y = 0 for x < 0, 1 for x ≥ 0 on 300 points"));
  ok(JSON.stringify(vanishingGradientsFigure(result).title).includes("y = 0 for x < 0, 1 for x ≥ 0"));
  const cubic = await computeVanishing({ ...v, target: "cubic", epochs: 1, activations: ["relu"] }, {
    status: () => {},
  });
  ok(!("target" in cubic.settings), "the default target is not recorded (the committed record has none)");
});
