import type { EngineFactory } from "../lib/engine/contract.ts";
import assert from "node:assert/strict";
import { createAutodiffEngine } from "../lib/engine/autodiff.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import type { EngineSpec } from "../lib/engine/contract.ts";
import { deadUnits } from "../lib/model/dead_units.ts";
import {
  type ConventionRecord,
  CONVENTIONS,
  ESSAY_SETTING,
  EXACT_ZERO_SETTING,
  runSubgradientSweep,
  sweepInit,
  type SweepResult,
  type SweepSettingResult,
} from "../lib/experiments/sweep.ts";
import { expandRuns, recordingInterval, runLengths, sampledEpochs } from "../lib/experiments/records.ts";
import { sweepJson } from "../lib/experiments/sweep_files.ts";
import { sweepComparisons } from "../lib/experiments/comparisons.ts";
import { sweepMarkdown } from "../lib/render/sweep_tables.ts";
import { zeroSeedRows } from "../lib/render/sweep_summary.ts";
import { runDeadUnitGrid } from "../lib/experiments/dead_units.ts";
import { deadUnitJson, mergeDeadUnitResults } from "../lib/experiments/dead_unit_files.ts";
import { computeDeadUnits, computeSweep, defaultDeadUnitValues, defaultSweepValues } from "../lib/cli/experiments.ts";
import { deadUnitMarkdown } from "../lib/render/dead_unit_tables.ts";
import { ESSAY } from "../lib/essay.ts";
import { trainBatch } from "../lib/train/batch.ts";
import { divergenceEpoch } from "../lib/train/trainer.ts";
import { experimentJsonText } from "../lib/render/json.ts";
import { float32Number } from "../lib/math/float32.ts";
import { median, quantile, summarize } from "../lib/experiments/stats.ts";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { createRegressor, targetData } from "../lib/model/regressor.ts";
import { subgradientSweepFigure } from "../lib/plot/sweep.ts";
import { deadUnitsFigure } from "../lib/plot/dead_units.ts";
import { renderSvg } from "../lib/render/svg.ts";
import type { GradAtZero } from "../lib/model/run.ts";
import { listing, runScript } from "./support/subprocess.ts";
import { assertClose, flatParams } from "./support/close.ts";
import { vegaLiteSchemaErrors } from "./support/vega_lite_schema.ts";

await selectBackend("cpu");

const ENGINES: Record<string, EngineFactory> = {
  fused: createFusedEngine,
  autodiff: createAutodiffEngine,
};

Deno.test("quantile interpolates linearly between order statistics (hand-checked)", () => {
  // Sorted 1..10: h = 9q. q = 0.1 -> h = 0.9 -> 1 + 0.9·(2 − 1) = 1.9; q = 0.9 -> h = 8.1 -> 9.1.
  const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  assert.equal(quantile(ten, 0.1), 1.9);
  assert.ok(Math.abs(quantile(ten, 0.9) - 9.1) < 1e-12);
  assert.equal(median(ten), 5.5);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7, 1, 3]), 3);
  assert.equal(quantile([5], 0.9), 5);
  assert.equal(quantile([0, 100], 0.25), 25);
  assert.equal(quantile([3, 1, 2], 0), 1);
  assert.equal(quantile([3, 1, 2], 1), 3);
  assert.throws(() => quantile([], 0.5), /no values/);
  assert.throws(() => quantile([1], 1.5), /q must be in \[0, 1\], got 1.5/);
  assert.throws(() => quantile([1, NaN], 0.5), /finite/);
});

Deno.test("summarize reports the median and 10–90 % quantiles of the finite values and counts the rest", () => {
  assert.deepEqual(summarize([3, NaN, 1, 2, Infinity]), { n: 3, nonFinite: 2, median: 2, q10: 1.2, q90: 2.8 });
  assert.deepEqual(summarize([NaN]), { n: 0, nonFinite: 1, median: null, q10: null, q90: null });
});

Deno.test("float32Number writes the shortest decimal that reads back as the same float32", () => {
  assert.equal(float32Number(Math.fround(0.1)), 0.1);
  assert.equal(float32Number(Math.fround(1 / 3)), 0.33333334);
  assert.equal(float32Number(145736.6), 145736.6);
  assert.equal(float32Number(-0), 0);
  assert.equal(float32Number(NaN), null);
  assert.equal(float32Number(1e39), null); // overflows float32
  for (const v of [Math.fround(Math.PI), Math.fround(896.77856), Math.fround(1e-7)]) {
    assert.equal(Math.fround(float32Number(v) as number), v);
  }
});

Deno.test("run lengths encode per-update counts exactly and expand back", () => {
  assert.deepEqual(runLengths([2100, 0, 0, 0, 1, 0]), [[2100, 1], [0, 3], [1, 1], [0, 1]]);
  assert.deepEqual(runLengths([]), []);
  const counts = Int32Array.from([5, 5, 5, 0, 7, 7]);
  assert.deepEqual(expandRuns(runLengths(counts)), Array.from(counts));
});

Deno.test("recorded epochs: every ⌈epochs/40⌉-th epoch from 0 and the last, at most 41", () => {
  assert.equal(recordingInterval(4000), 100);
  assert.equal(recordingInterval(150), 4);
  assert.equal(recordingInterval(4001), 101);
  assert.deepEqual(sampledEpochs(10, 4), [0, 4, 8, 10]);
  assert.equal(sampledEpochs(4000, 100).length, 41);
  assert.ok(sampledEpochs(99999, recordingInterval(99999)).length <= 41);
});

Deno.test("divergenceEpoch finds the first NaN or infinite loss", () => {
  assert.equal(divergenceEpoch([3, 2, 1]), null);
  assert.equal(divergenceEpoch(Float32Array.from([3, Infinity, NaN])), 1);
});

Deno.test("dead units are those with z = w0·x + b0 <= 0 (float32) at every input, on a constructed example", () => {
  const xs = [-10, -1, 0, 1, 10];
  const params = {
    // 0: z = x − 20 < 0 everywhere: dead.  1: z = −x + 20 > 0: alive.
    // 2: z = x − 10, exactly 0 at x = 10 and negative elsewhere: dead (relu(0) = 0).
    // 3: z = 0.5x − 4.9, positive at x = 10 only: alive.  4: w0 = b0 = 0: z = 0 everywhere: dead.
    // 5: NaN parameters (a diverged model): not reported dead.
    w0: [1, -1, 1, 0.5, 0, NaN],
    b0: [-20, 20, -10, -4.9, 0, 0],
    w1: [1, 1, 1, 1, 1, 1],
    b1: 0,
  };
  assert.deepEqual(deadUnits(params, xs), [true, false, true, false, true, false]);
  // float32 matters: w0 = fround(0.1) = 0.100000001490116…; w0·10 = 1.0000000149… rounds to 1 in float32
  // (ulp 2^-23 ≈ 1.19e-7), so z = 1 − 1 = 0 there (dead), while in float64 z = 1.49e-8 > 0 (alive).
  const w0 = Math.fround(0.1);
  assert.ok(w0 * 10 - 1 > 0 && Math.fround(Math.fround(w0 * 10) - 1) === 0);
  assert.deepEqual(deadUnits({ w0: [w0], b0: [-1], w1: [1], b1: 0 }, [10]), [true]);
  assert.deepEqual(deadUnits({ w0: [w0], b0: [-1], w1: [1], b1: 0 }, [10], { precision: "float64" }), [false]);
});

/** A small spec where exact zeros and the random convention both matter: zero hidden layer, integer grid. */
function smallSpec(models: number, gradAtZero: GradAtZero): EngineSpec {
  const data = targetData({ points: 21, xMin: -10, xMax: 10 });
  const init = Array.from({ length: models }, (_, m) => {
    const p = createRegressor({ hidden: 3, seed: m + 5 });
    // Model 0 starts with a zero hidden layer, so that relu'(0) is used.
    return m === 0 ? { ...p, w0: [0, 0, 0], b0: [0, 0, 0] } : p;
  });
  return {
    x: data.x,
    y: data.y,
    init,
    seeds: init.map((_, m) => m + 5),
    lr: 1e-4,
    optimizer: "sgd",
    gradAtZero,
    countZeros: true,
  };
}

for (const [name, factory] of Object.entries(ENGINES)) {
  for (const gradAtZero of [0.5, "random"] as const) {
    Deno.test(`${name} engine: model m of a batch follows model m trained alone (relu'(0) = ${gradAtZero})`, async () => {
      const models = 4;
      const epochs = 25;
      const spec = smallSpec(models, gradAtZero);
      const batch = await trainBatch(factory, { ...spec, epochs, chunk: 10 });
      for (let m = 0; m < models; m++) {
        const alone = await trainBatch(factory, {
          ...spec,
          init: [spec.init[m]],
          seeds: [spec.seeds[m]],
          epochs,
          chunk: 10,
        });
        // Float32 tolerance: the fused engine is bit-exact, autodiff's batched reductions may round differently.
        const rtol = name === "fused" ? 0 : 1e-5;
        assertClose(batch.losses[m], alone.losses[0], `model ${m} losses`, rtol);
        assertClose(flatParams(batch.params[m]), flatParams(alone.params[0]), `model ${m} params`, rtol);
        assert.deepEqual(Array.from(batch.zeros![m]), Array.from(alone.zeros![0]), `model ${m} zero counts`);
      }
      // The zero-initialised model really used relu'(0): all 21·3 pre-activations were 0 at update 0.
      assert.equal(batch.zeros![0][0], 63);
    });
  }
}

// One small sweep, shared by the tests below (both settings, both precisions, 3 seeds, 40 updates).
const SWEEP_EPOCHS = 40;
const sweep = await runSubgradientSweep(createFusedEngine, { seeds: [0, 1, 2], epochs: SWEEP_EPOCHS, every: 10 });

Deno.test("the sweep runs every setting in float32 and float64, setting-major", () => {
  assert.deepEqual(sweep.settings.map((s) => `${s.setting.name} ${s.precision}`), [
    "exact_zeros float32",
    "exact_zeros float64",
    "essay float32",
    "essay float64",
  ]);
});

Deno.test("the exact-zero setting really produces exact zeros, for ever with relu'(0) = 0", () => {
  const [exact] = sweep.settings;
  assert.equal(exact.setting.name, "exact_zeros");
  const all = exact.setting.points * exact.setting.hidden; // 300 · 7 = 2100
  assert.equal(all, 2100);
  // relu'(0) = 0: every pre-activation is 0 at every update, and the hidden layer never moves.
  for (const runs of exact.conventions["0"].zeroRuns) assert.deepEqual(runs, [[all, SWEEP_EPOCHS]]);
  assert.deepEqual(exact.conventions["0"].zerosAtUpdate0, [all, all, all]);
  assert.deepEqual(exact.conventions["0"].zerosAfter, [1, 1, 1].map(() => all * (SWEEP_EPOCHS - 1)));
  // relu'(0) > 0: all 2100 at the first update, then the units move off (z = 0 is at most rare after that).
  for (const c of ["0.5", "1", "random"] as const) {
    for (const runs of exact.conventions[c].zeroRuns) {
      assert.deepEqual(runs[0], [all, 1]);
      assert.ok(expandRuns(runs).slice(1).every((v) => v < all), `${c}: zeros after update 0`);
    }
    assert.deepEqual(exact.conventions[c].zerosAtUpdate0, [all, all, all]);
    assert.equal(exact.conventions[c].sameAsConvention0, 0);
  }
  // With relu'(0) = 0 only b1 learns: the loss stays near the variance of y (≈ 1.46e5).
  const stuck = exact.conventions["0"].final.median as number;
  assert.ok(stuck > 1.4e5 && stuck < 1.5e5, `stuck loss ${stuck}`);
});

Deno.test("the essay setting records its exact-zero count at every update", () => {
  const essay = sweep.settings[2];
  assert.equal(essay.setting.name, "essay");
  for (const c of CONVENTIONS) {
    const record = essay.conventions[c];
    assert.equal(record.zeroRuns.length, 3);
    for (const runs of record.zeroRuns) assert.equal(expandRuns(runs).length, SWEEP_EPOCHS);
    assert.equal(record.zerosAfter.length, 3);
    assert.ok(record.zerosAfter.every((t) => Number.isInteger(t) && t >= 0));
    assert.equal(record.losses[0].length, sweep.sampledEpochs.length);
  }
  // No exact zero in these 40 updates, so every convention trains bit for bit alike.
  assert.deepEqual(essay.conventions["0"].zerosAtUpdate0, [0, 0, 0]);
  assert.deepEqual(essay.conventions["0"].zerosAfter, [0, 0, 0]);
  for (const c of CONVENTIONS) assert.equal(essay.conventions[c].sameAsConvention0, 3);
});

Deno.test('the sweep\'s JSON lists settings × precisions, keyed by convention "0", "0.5", "1", "random"', () => {
  const json = JSON.parse(experimentJsonText(sweepJson(sweep)));
  assert.deepEqual(json.settings.map((s: { precision: string }) => s.precision), [
    "float32",
    "float64",
    "float32",
    "float64",
  ]);
  for (const setting of json.settings as Record<string, Record<string, unknown>>[]) {
    assert.deepEqual(Object.keys(setting.conventions).sort(), ["0", "0.5", "1", "random"]);
    assert.equal(setting.setting.points, 300);
    assert.equal(setting.setting.hidden, 7);
  }
  assert.deepEqual(json.conventions, ["0", "0.5", "1", "random"]);
  assert.deepEqual(json.seeds, [0, 1, 2]);
  assert.deepEqual(json.sampledEpochs, [0, 10, 20, 30, 40]);
  assert.equal(json.epochs, SWEEP_EPOCHS);
  assert.equal(json.backend, "cpu");
  assert.equal(json.engine, "fused");
  const losses = json.settings[2].conventions["0.5"].losses;
  assert.equal(losses.length, 3);
  assert.equal(losses[0].length, 5);
  // The compact writer and JSON.stringify agree on the content.
  assert.deepEqual(json, JSON.parse(JSON.stringify(sweepJson(sweep))));
});

Deno.test("experimentJsonText keeps number arrays on one line and objects one key per line", () => {
  const text = experimentJsonText({ a: [1, 2.5, null], b: { c: [[1, 2], [3, 4]] }, d: [] });
  assert.equal(
    text,
    '{\n  "a": [1, 2.5, null],\n  "b": {\n    "c": [\n      [1, 2],\n      [3, 4]\n    ]\n  },\n  "d": []\n}\n',
  );
});

Deno.test("sweepInit zeroes w0 and b0 only in the exact-zero setting", () => {
  const [exact, essay] = [sweep.settings[0].setting, sweep.settings[2].setting];
  const z = sweepInit(exact, 3);
  const p = sweepInit(essay, 3);
  assert.deepEqual(z.w0, [0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(z.b0, [0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(z.w1, p.w1);
  assert.equal(z.b1, p.b1);
  assert.deepEqual(p, createRegressor({ hidden: 7, seed: 3 }));
});

// A dead-unit grid with a learning rate that surely diverges (0.1 on inputs up to 10).
const grid = await runDeadUnitGrid(createFusedEngine, {
  lrs: [1e-4, 0.1],
  hiddens: [3, 5],
  seeds: [0, 1, 2],
  epochs: 30,
  points: 41,
  xMin: -10,
  xMax: 10,
  optimizer: "sgd",
  gradAtZero: 0,
});

Deno.test("the dead-unit grid counts diverged models apart instead of failing", () => {
  assert.equal(grid.cells.length, 4);
  const [calm3, calm5, wild3, wild5] = grid.cells;
  assert.deepEqual([calm3.lr, calm3.hidden, calm5.hidden, wild3.lr, wild5.hidden], [1e-4, 3, 5, 0.1, 5]);
  for (const cell of [calm3, calm5]) {
    assert.equal(cell.diverged, 0);
    assert.equal(cell.units, 3 * cell.hidden);
    assert.ok(cell.deadFraction !== null && cell.deadFraction >= 0 && cell.deadFraction <= 1);
    assert.equal(cell.finalLoss.n, 3);
    assert.ok(cell.perSeed.every((s) => s.divergedAt === null && s.deadAtEnd !== null && s.finalLoss !== null));
  }
  for (const cell of [wild3, wild5]) {
    assert.equal(cell.diverged, 3);
    assert.equal(cell.units, 0);
    assert.equal(cell.deadAtEnd, 0);
    assert.equal(cell.deadFraction, null);
    assert.equal(cell.finalLoss.n, 0);
    assert.ok(cell.perSeed.every((s) => s.divergedAt !== null && s.deadAtEnd === null && s.finalLoss === null));
    assert.equal(cell.unitsAtInit, 3 * cell.hidden);
  }
  // Initialisation does not depend on lr: the same seeds give the same dead units at init.
  assert.equal(calm3.deadAtInit, wild3.deadAtInit);
  const counted = calm5.perSeed.reduce((s, r) => s + r.deadAtInit, 0);
  assert.equal(calm5.deadAtInit, counted);
  const json = JSON.parse(experimentJsonText(deadUnitJson(grid)));
  assert.equal(json.diverged, 6);
  assert.equal(json.models, 12);
  assert.deepEqual(json.settings.lrs, [1e-4, 0.1]);
});

Deno.test("the experiment figures validate against the Vega-Lite schema and render", async () => {
  for (const spec of [subgradientSweepFigure(sweep), deadUnitsFigure(grid)]) {
    assert.equal(vegaLiteSchemaErrors(spec), "");
    const svg = await renderSvg(spec);
    assert.ok(svg.startsWith("<svg"));
  }
  const svg = await renderSvg(deadUnitsFigure(grid));
  assert.ok(svg.includes("left out of the fractions: 6 of 12"), "the subtitle counts the diverged models");
  assert.ok(svg.includes(">all</text>") && svg.includes(">diverged</text>"), "all-diverged cells say so");
});

Deno.test("the experiment scripts follow the error contract: one line, exit 2, nothing written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const script of ["subgradient_sweep", "dead_units"]) {
      for (
        const [args, pattern] of [
          [["--seeds", "0"], /^error: --seeds must be an integer in \[1, 128\], got "0"\n$/],
          [["--epochs", "1e9"], /^error: --epochs must be an integer in \[1, 100000\], got "1e9"\n$/],
          [["--backend", "tpu"], /^error: --backend must be one of auto, webgpu, cpu, wasm, got "tpu"\n$/],
          [["--nope"], /^error: unknown flag --nope/],
        ] as const
      ) {
        const before = listing(dir);
        const r = await runScript(script, [...args, "--out", dir], { writable: dir });
        assert.equal(r.code, 2, `${script} ${args.join(" ")}: ${r.stderr}`);
        assert.match(r.stderr, pattern);
        assert.deepEqual(listing(dir), before);
      }
      const help = await runScript(script, ["--help"], { writable: dir });
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--seeds .*\[1, 128\].*default 64/);
      assert.match(help.stdout, /--backend .*default cpu/);
      assert.deepEqual(listing(dir), []);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the experiment scripts write the same bytes on every run", async () => {
  const dirs = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  try {
    for (const script of ["subgradient_sweep", "dead_units"]) {
      for (const dir of dirs) {
        const r = await runScript(script, ["--seeds", "2", "--epochs", "30", "--out", dir], { writable: dir });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`wrote .*${script}\\.json`));
      }
      for (const ext of ["json", "svg", "vl.json"]) {
        const [a, b] = await Promise.all(dirs.map((d) => Deno.readFile(`${d}/${script}.${ext}`)));
        assert.ok(a.length > 0);
        assert.deepEqual(a, b, `${script}.${ext} differs between runs`);
      }
    }
  } finally {
    for (const dir of dirs) await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a fixed relu'(0) keeps the zero-initialised units in two activation patterns; float64 keeps them exactly", () => {
  // At update 0 every z is 0: one (empty) pattern. After the first update each unit's (w0, b0) is the same vector
  // scaled by its own w1 (see README): units active on x > 0 or on x < 0, so two patterns.
  const f64 = sweep.settings[1];
  assert.equal(f64.precision, "float64");
  for (const c of ["0.5", "1"] as const) {
    for (const patterns of f64.conventions[c].patterns) {
      assert.deepEqual(patterns, [1, 2, 2, 2, 2], `relu'(0) = ${c}`);
    }
  }
  // relu'(0) = 0: the layer never moves, one pattern for ever.
  for (const patterns of f64.conventions["0"].patterns) assert.deepEqual(patterns, [1, 1, 1, 1, 1]);
});

Deno.test("the sweep's paired comparisons: 6 convention pairs per setting and precision, float32 vs float64 per convention, Holm over all", () => {
  const comparisons = sweepComparisons(sweep);
  assert.equal(comparisons.length, 6 * 4 + 4 * 2);
  for (const c of comparisons) {
    if (c.identical) {
      assert.deepEqual([c.signP, c.wilcoxonP, c.holmP], [null, null, null], `${c.setting} ${c.compared} is no test`);
    } else {
      assert.ok(c.holmP! >= c.wilcoxonP!, `${c.setting} ${c.compared}: Holm p ${c.holmP} >= p ${c.wilcoxonP}`);
    }
    assert.ok(c.ci[0] <= c.medianDifference && c.medianDifference <= c.ci[1]);
    assert.equal(c.n + c.excluded, 3);
  }
  // relu'(0) = 0 against 0.5 in the zero-initialised setting: 0 is stuck at the variance of y, so a − b > 0 for all.
  const stuck = comparisons.find((c) =>
    c.setting === "exact_zeros" && c.compared === "0.5 vs 0" && c.precision === "float32"
  )!;
  assert.ok(stuck.medianDifference < 0 && stuck.ci[1] < 0);
  // 3 of 3 negative differences: the exact two-sided sign test gives 2 · (1/2)^3 = 0.25.
  assert.equal(stuck.signP, 0.25);
});

Deno.test("the sweep's Markdown holds its tables, wrapped as deno fmt wraps prose", () => {
  const md = sweepMarkdown(sweep, sweepComparisons(sweep));
  assert.ok(md.includes("| exact_zeros, float64 |"));
  for (const line of md.split("\n")) {
    if (!line.startsWith("|")) assert.ok(line.length <= 120, line);
  }
});

/** A sweep of one setting in both precisions from final losses (everything else constant). */
function finalLossSweep(f32: Record<string, (number | null)[]>, f64: Record<string, (number | null)[]>): SweepResult {
  const record = (finalLoss: (number | null)[]): ConventionRecord => ({
    losses: finalLoss.map((l) => [9, l]),
    patterns: finalLoss.map(() => [1, 1]),
    zeroRuns: finalLoss.map(() => []),
    zerosAtUpdate0: finalLoss.map(() => 0),
    zerosAfter: finalLoss.map(() => 0),
    finalLoss,
    divergedAt: finalLoss.map(() => null),
    sameAsConvention0: 0,
    final: summarize(finalLoss.map((v) => v ?? NaN)),
  });
  const cell = (precision: "float32" | "float64", f: Record<string, (number | null)[]>): SweepSettingResult => ({
    setting: EXACT_ZERO_SETTING,
    precision,
    conventions: Object.fromEntries(CONVENTIONS.map((c) => [c, record(f[c])])) as SweepSettingResult["conventions"],
  });
  const n = f32["0"].length;
  return {
    epochs: 1,
    every: 1,
    sampledEpochs: [0, 1],
    seeds: Array.from({ length: n }, (_, i) => i),
    engine: "fused",
    backend: "cpu",
    settings: [cell("float32", f32), cell("float64", f64)],
  };
}

Deno.test("float32 against float64 is compared on the exact float32 values, not on their shortest decimals", () => {
  // The float32 MSE 145736.59375 is stored as 145736.6; float64 ran to 145736.595 in every seed. The true
  // difference is -0.00125 per seed; the decimals would give +0.005.
  assert.equal(float32Number(145736.59375), 145736.6);
  const seeds = 8;
  const f32 = Object.fromEntries(CONVENTIONS.map((c, k) => [c, Array(seeds).fill(k === 0 ? 145736.6 : 100 + k)]));
  const f64 = Object.fromEntries(
    CONVENTIONS.map((c, k) => [c, Array.from({ length: seeds }, (_, i) => k === 0 ? 145736.595 : 200 + k + i)]),
  );
  const row = sweepComparisons(finalLossSweep(f32, f64)).find((c) =>
    c.compared === "float32 vs float64" && c.convention === "0"
  )!;
  assert.equal(row.medianDifference, Number((145736.59375 - 145736.595).toPrecision(4)));
  assert.ok(row.medianDifference < 0 && row.ci[1] < 0);
  assert.equal(row.signP, Number((2 / 2 ** seeds).toPrecision(4))); // 8 of 8 negative, rounded as stored
});

Deno.test("comparisons identical in every seed are reported as such and left out of Holm's count", () => {
  const seeds = 10;
  // float32: 0, 0.5 and 1 bit for bit the same in every seed (diverged seed included); random differs.
  const same = Array.from({ length: seeds }, (_, i) => i === 3 ? null : 1000 + i);
  const f32 = { "0": same, "0.5": same, "1": [...same], random: same.map((v, i) => v === null ? null : v - 1 - i) };
  const f64 = Object.fromEntries(CONVENTIONS.map((c) => [c, same.map((v, i) => v === null ? null : v + 0.5 + i)]));
  const comparisons = sweepComparisons(finalLossSweep(f32, f64));
  const identical = comparisons.filter((c) => c.identical);
  // float32: 0.5 vs 0, 1 vs 0, 1 vs 0.5; float64: all 6 pairs.
  assert.equal(identical.length, 3 + 6);
  for (const c of identical) assert.deepEqual([c.signP, c.wilcoxonP, c.holmP, c.detectable], [null, null, null, null]);
  const tested = comparisons.filter((c) => !c.identical);
  assert.equal(tested.length, 16 - 9);
  // Holm over the 7 tests only: the smallest p-value is multiplied by 7, not 16.
  const smallest = tested.reduce((a, b) => (a.wilcoxonP! <= b.wilcoxonP! ? a : b));
  assert.equal(smallest.holmP, Number(Math.min(1, 7 * smallest.wilcoxonP!).toPrecision(4)));
  const md = sweepMarkdown(finalLossSweep(f32, f64), comparisons).replace(/\s+/g, " ");
  assert.ok(md.includes("9 comparisons are identical in every seed"));
  assert.ok(md.includes("Over the other 7, Wilcoxon p-values are Holm-corrected"));
  assert.equal(md.split("identical in every seed |").length - 1, 9);
});

Deno.test("the sweep's tables give Wilson intervals for the seeds with zeros", () => {
  const md = sweepMarkdown(sweep, sweepComparisons(sweep));
  // exact_zeros, relu'(0) = 0: zeros after update 0 in every one of the 3 seeds; Wilson 95 % of 3 of 3 is 43.9–100 %
  // (SciPy: binomtest(3, 3).proportion_ci(method="wilson") = (0.43850, 1.0)).
  assert.ok(md.includes("3 of 3 [43.9–100.0 %]"), md);
});

Deno.test("the dead-unit cell that the sweep trains too is trained once: the same files, and both tables read it", async () => {
  // as deno task figures runs them: the sweep hands over the cell (lr 1e-4, H = 7, relu'(0) = 0, float32), the grid
  // leaves it out; held to the grid run alone, byte for byte
  const sweepValues = { ...defaultSweepValues("/tmp"), seeds: 2, epochs: 30, precision: ["float32" as const] };
  const gridValues = { ...defaultDeadUnitValues("/tmp"), seeds: 2, epochs: 30 };
  const lrs = [ESSAY.lr, 3e-4];
  const io = { status: () => {} };
  const alone = await computeDeadUnits(gridValues, { lrs, io });
  const sweep = await computeSweep(sweepValues, { settings: [ESSAY_SETTING], io, deadUnits: gridValues });
  const rest = await computeDeadUnits(gridValues, { lrs, io, sweep: sweepValues });
  const key = (c: { lr: number; hidden: number }) => `${c.lr}, ${c.hidden}`;
  assert.deepEqual(sweep.deadUnitCells?.cells.map(key), [`${ESSAY.lr}, ${ESSAY.hidden}`]);
  assert.equal(rest.cells.length, alone.cells.length - 1);
  const merged = mergeDeadUnitResults([rest, sweep.deadUnitCells!], lrs);
  assert.equal(experimentJsonText(deadUnitJson(merged)), experimentJsonText(deadUnitJson(alone)));
  assert.equal(deadUnitMarkdown(merged), deadUnitMarkdown(alone));
  const cell = merged.cells.find((c) => key(c) === `${ESSAY.lr}, ${ESSAY.hidden}`)!;
  assert.deepEqual(cell.perSeed.map((s) => s.finalLoss), sweep.settings[0].conventions["0"].finalLoss);
  // another relu'(0) in the grid is another sweep convention's batch; another precision shares nothing
  const half = { ...gridValues, "grad-at-zero": 0.5 };
  const halfCells = await computeSweep(sweepValues, { settings: [ESSAY_SETTING], io, deadUnits: half });
  assert.deepEqual(halfCells.deadUnitCells?.cells.map(key), [`${ESSAY.lr}, ${ESSAY.hidden}`]);
  const f64 = await computeDeadUnits({ ...gridValues, precision: "float64" }, { lrs, io, sweep: sweepValues });
  assert.equal(f64.cells.length, alone.cells.length);
});

Deno.test("the sweep's summary of a run where relu'(0) was never used says so, with no Infinity, NaN or undefined", () => {
  // 40 updates from the essay's init: no pre-activation is exactly 0 in any of the 3 seeds (the small notebook
  // sweep is such a run too).
  const essay32 = sweep.settings.find((s) => s.setting.name === "essay" && s.precision === "float32")!;
  assert.deepEqual(zeroSeedRows(essay32), []);
  const md = sweepMarkdown(sweep, sweepComparisons(sweep)).replace(/\s+/g, " ");
  assert.match(md, /\*\*Essay setting: relu′\(0\) was never used\.\*\* In float32, no pre-activation was exactly 0/);
  assert.doesNotMatch(md, /Infinity|NaN|undefined/);
});
