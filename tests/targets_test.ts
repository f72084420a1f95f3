/**
 * The targets registry (`lib/math/targets.ts`): each formula checked against
 * values worked out by hand, each label and default range, and the data
 * builder (`targetData`) making every target's points from the registry.
 */
import assert from "node:assert/strict";
import { DEFAULT_TARGET, TARGET_NAMES, type TargetName, TARGETS } from "../lib/math/targets.ts";
import { targetData } from "../lib/model/regressor.ts";
import { RUN_SETTINGS, TARGET_CHOICES } from "../lib/model/settings.ts";
import { drawableRangeProblem } from "../lib/model/limits.ts";
import { targetFigure } from "../lib/plot/target.ts";

/** [x, f(x)] worked out by hand for every target. */
const BY_HAND: Record<TargetName, [number, number][]> = {
  cubic: [[-2, -8], [0, 0], [0.5, 0.125], [3, 27]],
  square: [[-3, 9], [0, 0], [0.5, 0.25], [4, 16]],
  abs: [[-2.5, 2.5], [0, 0], [7, 7]],
  // sin(π/2) = 1, sin(π/6) = 1/2 (within float64 rounding), sin(0) = 0
  sin: [[Math.PI / 2, 1], [0, 0], [-Math.PI / 2, -1]],
  // a jump of 1 at 0, the value at 0 the right piece's
  step: [[-5, 0], [-1e-9, 0], [0, 1], [1e-9, 1], [5, 1]],
  // distance to the nearest even integer: 0 at the even integers, 1 at the odd ones, linear between
  zigzag: [[-3, 1], [-2.5, 0.5], [-2, 0], [-1, 1], [-0.25, 0.25], [0, 0], [0.5, 0.5], [1, 1], [1.5, 0.5], [2, 0], [
    3,
    1,
  ]],
};

Deno.test("every target's formula gives the hand-worked values", () => {
  assert.deepEqual(Object.keys(BY_HAND).sort(), [...TARGET_NAMES].sort(), "a hand-worked row per target");
  for (const name of TARGET_NAMES) {
    for (const [x, y] of BY_HAND[name]) {
      assert.ok(
        Math.abs(TARGETS[name].formula(x) - y) <= 1e-15,
        `${name}(${x}) = ${TARGETS[name].formula(x)}, not ${y}`,
      );
    }
  }
  assert.ok(Math.abs(TARGETS.sin.formula(Math.PI / 6) - 0.5) < 1e-15);
});

Deno.test("the targets are listed once: names, labels, the default and the choices of --target", () => {
  assert.deepEqual(TARGET_NAMES, ["cubic", "square", "abs", "sin", "step", "zigzag"]);
  assert.equal(DEFAULT_TARGET, "cubic");
  assert.equal(RUN_SETTINGS.target.default, DEFAULT_TARGET);
  assert.deepEqual(TARGET_CHOICES, [...TARGET_NAMES, "data"]);
  assert.deepEqual(TARGET_NAMES.map((n) => TARGETS[n].label), [
    "y = x³",
    "y = x²",
    "y = |x|",
    "y = sin x",
    "y = 0 for x < 0, 1 for x ≥ 0",
    "y = |x − 2·round(x/2)|",
  ]);
  // The essay's range is the default target's, defined there once.
  assert.deepEqual([RUN_SETTINGS.xMin.default, RUN_SETTINGS.xMax.default], [TARGETS.cubic.xMin, TARGETS.cubic.xMax]);
  assert.deepEqual([TARGETS.cubic.xMin, TARGETS.cubic.xMax], [-10, 10]);
});

Deno.test("every target's default range is accepted by --x-min and --x-max and can be drawn", () => {
  for (const name of TARGET_NAMES) {
    const { xMin, xMax } = TARGETS[name];
    assert.ok(RUN_SETTINGS.xMin.accepts(xMin) && RUN_SETTINGS.xMax.accepts(xMax) && xMin < xMax, name);
    assert.equal(drawableRangeProblem([xMin, xMax]), undefined, name);
  }
  // sin: a few periods; zigzag: several kinks (5 inside its range, at -2, -1, 0, 1, 2)
  assert.ok((TARGETS.sin.xMax - TARGETS.sin.xMin) / (2 * Math.PI) >= 3);
  const kinks = Array.from({ length: 13 }, (_, i) => i - 6).filter((k) =>
    k > TARGETS.zigzag.xMin && k < TARGETS.zigzag.xMax
  );
  assert.deepEqual(kinks, [-2, -1, 0, 1, 2]);
});

Deno.test("targetData makes each target's points: inputs as for y = x³, values f(x) rounded to float32", () => {
  const cubic = targetData({ points: 7, xMin: -3, xMax: 3 });
  assert.deepEqual(cubic, { x: [-3, -2, -1, 0, 1, 2, 3], y: [-27, -8, -1, 0, 1, 8, 27] });
  assert.deepEqual(targetData({ points: 7, xMin: -3, xMax: 3, target: "cubic" }), cubic);
  assert.deepEqual(targetData({ points: 7, xMin: -3, xMax: 3, target: "zigzag" }).y, [1, 0, 1, 0, 1, 0, 1]);
  assert.deepEqual(targetData({ points: 5, xMin: -2, xMax: 2, target: "step" }).y, [0, 0, 1, 1, 1]);
  assert.deepEqual(targetData({ points: 3, xMin: -1, xMax: 1, target: "square" }).y, [1, 0, 1]);
  const sin = targetData({ points: 300, xMin: -10, xMax: 10, target: "sin" });
  assert.deepEqual(sin.x, targetData({ points: 300, xMin: -10, xMax: 10 }).x);
  sin.y.forEach((y, i) => assert.equal(y, Math.fround(Math.sin(sin.x[i])) + 0));
  assert.throws(() => targetData({ points: 3, xMin: -1, xMax: 1, target: "data" }), RangeError);
});

Deno.test("the target figure takes the registry's formula, label and range, and refuses an unknown name", () => {
  const spec = targetFigure({ target: "abs", points: 3 });
  assert.equal((spec.title as { text: string }).text, "The target: y = |x|");
  const layers = spec.layer as { data: { values: { x: number; y: number }[] } }[];
  assert.deepEqual(layers[1].data.values, [{ x: -10, y: 10 }, { x: 0, y: 0 }, { x: 10, y: 10 }]);
  const zigzag = targetFigure({ target: "zigzag", points: 0 }).layer as { data: { values: { x: number }[] } }[];
  assert.deepEqual([zigzag[0].data.values[0].x, zigzag[0].data.values.at(-1)!.x], [-3, 3]);
  assert.throws(() => targetFigure({ target: "cube" }), /target must be one of cubic, square, abs, sin, step, zigzag/);
});

Deno.test("the experiments take --target: the grid and the sweep train on the target over its range, cubic as before", async () => {
  const { computeDeadUnits, computeSweep, defaultDeadUnitValues, defaultSweepValues } = await import(
    "../lib/cli/experiments.ts"
  );
  const { onTarget } = await import("../lib/experiments/plans.ts");
  const { ESSAY_SETTING, SWEEP_SETTINGS } = await import("../lib/experiments/sweep.ts");
  const quiet = { status: () => {} };
  assert.equal(onTarget(ESSAY_SETTING, "cubic"), ESSAY_SETTING, "the essay's settings, unchanged");
  const grid = await computeDeadUnits(
    { ...defaultDeadUnitValues("/tmp"), seeds: 1, epochs: 2, target: "zigzag" },
    { lrs: [1e-4], io: quiet },
  );
  assert.deepEqual([grid.settings.target, grid.settings.xMin, grid.settings.xMax], ["zigzag", -3, 3]);
  const sweep = await computeSweep({ ...defaultSweepValues("/tmp"), seeds: 1, epochs: 2, target: "sin" }, {
    settings: SWEEP_SETTINGS.map((s) => ({ ...onTarget(s, "sin"), points: 6, hidden: 2 })),
    precisions: ["float32"],
    io: quiet,
  });
  assert.deepEqual(sweep.settings.map((s) => s.setting.target), ["sin", "sin"]);
  assert.match(sweep.settings[0].setting.description, /here on the target y = sin x over \[-10, 10\]$/);
  const essay = await computeDeadUnits({ ...defaultDeadUnitValues("/tmp"), seeds: 1, epochs: 2 }, {
    lrs: [1e-4],
    io: quiet,
  });
  assert.ok(!("target" in essay.settings), "a run on y = x³ records no target");
});
