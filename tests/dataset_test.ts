/**
 * A run's data (`lib/model/dataset.ts`): the seeded noise and the seeded
 * test split reproduce from the seed and differ between seeds, the noise has
 * the asked standard deviation, the split keeps every point once; the test
 * loss is the model's MSE on the held-out points (checked by hand); and a
 * run with a target, noise, a split or a file's data survives `training.json`
 * (written, read back, re-rendered), while a file of a run without them reads
 * as y = x³ and is written as before.
 */
import assert from "node:assert/strict";
import { meanSquaredError, runData, splitData, testCount, withNoise } from "../lib/model/dataset.ts";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import { toJsonText } from "../lib/render/json.ts";
import { trainRegressor } from "../lib/train/loop.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { UsageError } from "../lib/errors.ts";
import { flagName } from "../lib/cli/flags.ts";
import { runInProcess } from "./support/in_process.ts";
import { ROOT } from "./support/subprocess.ts";
import { TARGETS } from "../lib/math/targets.ts";

Deno.test("the noise reproduces from the seed, differs between seeds, and has the asked standard deviation", () => {
  const y = Array.from({ length: 20000 }, () => 5);
  const a = withNoise(y, 0.5, 3);
  assert.deepEqual(withNoise(y, 0.5, 3), a);
  assert.notDeepEqual(withNoise(y, 0.5, 4), a);
  assert.deepEqual(withNoise(y, 0, 3), y);
  const e = a.map((v) => v - 5);
  const mean = e.reduce((s, v) => s + v, 0) / e.length;
  const sd = Math.sqrt(e.reduce((s, v) => s + (v - mean) ** 2, 0) / (e.length - 1));
  // 20000 draws: the mean's standard error is 0.5/√20000 ≈ 0.0035, the sd's about 0.0025
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.5) < 0.015, `sd ${sd}`);
  // Gaussian: about 68.3 % within one sd, 95.4 % within two
  const within = (k: number) => e.filter((v) => Math.abs(v) < k * 0.5).length / e.length;
  assert.ok(Math.abs(within(1) - 0.6827) < 0.015 && Math.abs(within(2) - 0.9545) < 0.01, `${within(1)} ${within(2)}`);
  assert.ok(a.every((v) => v === Math.fround(v)), "rounded to float32");
});

Deno.test("the split reproduces from the seed, keeps every point once and holds round(F·n) out", () => {
  const data = { x: Array.from({ length: 50 }, (_, i) => i), y: Array.from({ length: 50 }, (_, i) => i * i) };
  const a = splitData(data, 0.2, 7);
  assert.deepEqual(splitData(data, 0.2, 7), a);
  assert.notDeepEqual(splitData(data, 0.2, 8).test.x, a.test.x);
  assert.deepEqual([a.train.x.length, a.test.x.length], [40, 10]);
  assert.deepEqual([...a.train.x, ...a.test.x].sort((p, q) => p - q), data.x);
  for (const part of [a.train, a.test]) {
    part.x.forEach((x, i) => assert.equal(part.y[i], x * x, "each y stays with its x"));
    assert.deepEqual(part.x, [...part.x].sort((p, q) => p - q), "in the points' order");
  }
  assert.deepEqual([testCount(300, 0.1), testCount(3, 0.9), testCount(2, 0.5), testCount(7, 0)], [30, 1, 1, 0]);
});

Deno.test("runData: the target's points, with the noise, split; the same seed gives the same run", () => {
  const o = { target: "sin" as const, points: 40, xMin: -3, xMax: 3, noise: 0.1, testFraction: 0.25, seed: 1 };
  const a = runData(o);
  assert.deepEqual(runData(o), a);
  assert.deepEqual([a.train.x.length, a.test.x.length], [30, 10]);
  const clean = runData({ ...o, noise: 0, testFraction: 0 }).train;
  assert.deepEqual(clean.y, clean.x.map((x) => Math.fround(Math.sin(x)) + 0));
  const offsets = [...a.train.x, ...a.test.x].map((x, i) => [...a.train.y, ...a.test.y][i] - Math.sin(x));
  assert.ok(offsets.some((d) => Math.abs(d) > 1e-3) && offsets.every((d) => Math.abs(d) < 0.6), "noise of sd 0.1");
});

Deno.test("the test loss is the model's MSE on the held-out points, worked out by hand", () => {
  // ŷ(x) = 2·relu(x − 1) − relu(−x) + 0.5: ŷ(−2) = −1.5, ŷ(0) = 0.5, ŷ(3) = 4.5
  const p = { w0: [1, -1], b0: [-1, 0], w1: [2, -1], b1: 0.5 };
  assert.equal(meanSquaredError(p, { x: [-2, 0, 3], y: [-1.5, 0.5, 4.5] }), 0);
  assert.equal(meanSquaredError(p, { x: [-2, 0, 3], y: [-0.5, 0.5, 2.5] }), (1 + 0 + 4) / 3);
});

function usage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.describe(flagName);
    throw e;
  }
  assert.fail("accepted");
}

Deno.test("a run with a target, noise, a split or a file's data reads back from training.json as written", async () => {
  await selectBackend("cpu");
  const base = {
    hidden: 3,
    epochs: 6,
    lr: 1e-3,
    optimizer: "sgd" as const,
    seed: 2,
    every: 3,
    points: 20,
    gradAtZero: 0,
  };
  const runs = [
    await trainRegressor({ ...base, xMin: -3, xMax: 3, target: "zigzag", createEngine: createFusedEngine }),
    await trainRegressor({
      ...base,
      xMin: -10,
      xMax: 10,
      target: "sin",
      noise: 0.2,
      testFraction: 0.3,
      createEngine: createFusedEngine,
    }),
    await trainRegressor({
      ...base,
      points: 4,
      xMin: -1,
      xMax: 2,
      target: "data",
      testFraction: 0.5,
      data: { file: "my.csv", x: [2, -1, 0.5, 2], y: [1, 2, 3, 4] },
      createEngine: createFusedEngine,
    }),
  ];
  for (const run of runs) assert.deepEqual(parseTrainingRun(toJsonText(run), "run.json"), run);
  const [zigzag, sin, data] = runs;
  assert.equal(zigzag.config.target, "zigzag");
  assert.equal(zigzag.test, undefined);
  assert.deepEqual([sin.x.length, sin.test?.x.length, sin.test?.losses.length], [14, 6, 3]);
  sin.snapshots.forEach((s, i) => assert.equal(sin.test!.losses[i], meanSquaredError(s, sin.test!)));
  assert.deepEqual(data.data, { file: "my.csv", x: [2, -1, 0.5, 2], y: [1, 2, 3, 4] });
  assert.deepEqual([data.x.length, data.test?.x.length], [2, 2]);
  // What a file must hold, refused in one line each
  // deno-lint-ignore no-explicit-any
  const edit = (run: object, f: (r: Record<string, any>) => void) => {
    const r = JSON.parse(toJsonText(run));
    f(r);
    return JSON.stringify(r);
  };
  assert.equal(
    usage(() => parseTrainingRun(edit(zigzag, (r) => r.y[0] = 0.5), "z.json")),
    `--from z.json: y[0] must be f(x[0]) = ${TARGETS.zigzag.formula(-3)} (the target y = |x − 2·round(x/2)|), got 0.5`,
  );
  assert.equal(
    usage(() => parseTrainingRun(edit(sin, (r) => delete r.test), "s.json")),
    "--from s.json: test must be an object, got undefined",
  );
  assert.match(
    usage(() => parseTrainingRun(edit(sin, (r) => r.test.losses.pop()), "s.json")),
    /test\.losses must be an array of 3 numbers/,
  );
  assert.equal(
    usage(() => parseTrainingRun(edit(data, (r) => delete r.data), "d.json")),
    "--from d.json: data must be an object, got undefined",
  );
  assert.equal(
    usage(() => parseTrainingRun(edit(zigzag, (r) => r.data = { file: "a.csv", x: [], y: [] }), "z.json")),
    "--from z.json: data must be absent (config.target is not data), got an object",
  );
});

Deno.test("a run on y = x³ without noise or split records none of them, and an old file reads as y = x³", async () => {
  await selectBackend("cpu");
  const run = await trainRegressor({
    hidden: 2,
    epochs: 2,
    lr: 1e-4,
    optimizer: "sgd",
    seed: 0,
    every: 1,
    points: 5,
    xMin: -2,
    xMax: 2,
    gradAtZero: 0,
    target: "cubic",
    noise: 0,
    testFraction: 0,
    createEngine: createFusedEngine,
  });
  const keys = Object.keys(run.config);
  assert.ok(!keys.includes("target") && !keys.includes("noise") && !keys.includes("testFraction"), keys.join());
  assert.deepEqual(Object.keys(run), ["config", "x", "y", "losses", "snapshots"]);
  const committed = await Deno.readTextFile(`${ROOT}/figures/training.json`);
  const old = parseTrainingRun(committed, "figures/training.json");
  assert.equal(old.config.target, undefined, "absent: y = x³");
  assert.equal(toJsonText(old), committed, "written back as it was");
});

Deno.test("deno task train -- --target sin trains on sin over its own range and --from re-renders it", async () => {
  const out = `${ROOT}/figures/tmp_dataset_test`;
  try {
    const args = ["--target", "sin", "--epochs", "20", "--every", "10", "--noise", "0.1", "--test-fraction", "0.2"];
    const r = await runInProcess("training", [...args, "--formats", "json,svg", "--out", `${out}/a`]);
    assert.equal(r.code, 0, r.stderr);
    const run = parseTrainingRun(await Deno.readTextFile(`${out}/a/training.json`), "a");
    assert.deepEqual([run.config.target, run.config.xMin, run.config.xMax], [
      "sin",
      TARGETS.sin.xMin,
      TARGETS.sin.xMax,
    ]);
    assert.deepEqual([run.x.length, run.test?.x.length], [240, 60]);
    const svg = await Deno.readTextFile(`${out}/a/training.svg`);
    assert.ok(svg.includes("y = sin x + noise (sd 0.1)"), "the legend names the target");
    assert.ok((await Deno.readTextFile(`${out}/a/training_loss.svg`)).includes("test MSE on 60 held-out points"));
    const again = await runInProcess("training", [
      "--from",
      `${out}/a/training.json`,
      "--formats",
      "json,svg",
      "--out",
      `${out}/b`,
    ]);
    assert.equal(again.code, 0, again.stderr);
    for (const f of ["training.json", "training.svg", "training_loss.svg"]) {
      assert.equal(await Deno.readTextFile(`${out}/b/${f}`), await Deno.readTextFile(`${out}/a/${f}`), f);
    }
    const range = await runInProcess("training", [
      "--target",
      "zigzag",
      "--epochs",
      "1",
      "--formats",
      "json",
      "--out",
      `${out}/c`,
    ]);
    assert.equal(range.code, 0, range.stderr);
    const z = parseTrainingRun(await Deno.readTextFile(`${out}/c/training.json`), "c");
    assert.deepEqual([z.config.xMin, z.config.xMax], [-3, 3], "the target's default range");
    const given = await runInProcess("training", [
      "--target",
      "zigzag",
      "--x-max",
      "4",
      "--epochs",
      "1",
      "--formats",
      "json",
      "--out",
      `${out}/d`,
    ]);
    assert.equal(given.code, 0, given.stderr);
    const g = parseTrainingRun(await Deno.readTextFile(`${out}/d/training.json`), "d");
    assert.deepEqual([g.config.xMin, g.config.xMax], [-3, 4], "a given end replaces the target's");
  } finally {
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
});
