/**
 * The live page's pure parts, in Deno: its settings and URL hash, and its
 * live trainer, which must give the command line's training.json number for
 * number whatever the steps per frame (cpu backend, fused engine).
 */
import { ENGINES } from "../lib/engine/registry.ts";
import { pageEngine } from "../lib/explore/activation_settings.ts";
import assert from "node:assert/strict";
import { createFusedEngine } from "../lib/engine/fused.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { ESSAY } from "../lib/essay.ts";
import { toJsonText } from "../lib/render/json.ts";
import { trainRegressor } from "../lib/train/loop.ts";
import type { TrainingRun } from "../lib/model/run.ts";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import {
  DEFAULT_SETTINGS,
  type ExploreSettings,
  fitWork,
  formatHash,
  parseHash,
  readSetting,
  SETTING_NAMES,
} from "../lib/explore/config.ts";
import { trainCommand } from "../lib/explore/command.ts";
import { createLiveTrainer, LIVE_RANGE, type LiveConfig } from "../lib/explore/trainer.ts";
import type { EngineSpec } from "../lib/engine/contract.ts";
import { EXPLORE_BUNDLE_JS } from "../lib/explore/generated/bundle_js.ts";
import { explorePageText } from "../lib/output/explore.ts";
import { explorePage } from "../lib/explore/page_html.ts";
import { scriptSafe } from "../lib/render/training_html.ts";

await selectBackend("cpu");

Deno.test("readSetting() refuses lr 0, H 10⁶ and letters, naming the control and what it accepts", () => {
  assert.deepEqual(readSetting("lr", "0"), { error: 'lr must be a finite number in (0, 10], got "0"' });
  assert.deepEqual(readSetting("hidden", "1000000"), { error: 'H must be an integer in [1, 64], got "1000000"' });
  assert.deepEqual(readSetting("points", "abc"), { error: 'points must be an integer in [2, 10000], got "abc"' });
  for (const bad of ["", " ", "NaN", "Infinity", "0x10", "1,5", "1e400", "2.5"]) {
    assert.ok("error" in readSetting("hidden", bad), bad);
  }
  assert.deepEqual(readSetting("grad", "random"), { value: "random" });
  assert.deepEqual(readSetting("grad", "0.25"), { value: 0.25 });
  assert.ok("error" in readSetting("grad", "1.5"));
  assert.deepEqual(readSetting("lr", " 1e-3 "), { value: 0.001 });
  assert.deepEqual(readSetting("seed", "4294967295"), { value: 4294967295 });
  assert.ok("error" in readSetting("seed", "4294967296"));
});

Deno.test("every setting round-trips through the URL hash", () => {
  const s: ExploreSettings = {
    d0: 0.37,
    g: -0.25,
    w: 2.5,
    b: -1.5,
    c: 0.5,
    fi: true,
    fo: true,
    family: "hshift",
    hidden: 64,
    lr: 1.5e-7,
    optimizer: "adam",
    activation: "leaky_relu:0.25",
    grad: "random",
    init: "zero-hidden",
    seed: 4294967295,
    points: 17,
    precision: "float64",
    spf: 3,
    backend: "cpu",
    epoch: 12345,
    target: "data",
    noise: 0.25,
    test: 0.3,
    data: "0.5,1;2,-3;1e-7,4",
    file: "my data.csv",
  };
  const hash = formatHash(s);
  assert.deepEqual(parseHash(hash), { settings: s, problems: [] });
  const gpu = { ...s, precision: "float32" as const, backend: "webgpu" as const };
  assert.deepEqual(parseHash(formatHash(gpu)), { settings: gpu, problems: [] });
  assert.deepEqual(hash.slice(1).split("&").map((kv) => kv.split("=")[0]), SETTING_NAMES);
  assert.deepEqual(parseHash(""), { settings: DEFAULT_SETTINGS, problems: [] });
});

Deno.test("a bad link keeps the defaults for what it got wrong and says why", () => {
  const { settings, problems } = parseHash("#lr=0&hidden=abc&seed=-1&epoch=2.5&grad=maybe&x=1&spf=100&points=10000");
  assert.equal(settings.lr, ESSAY.lr);
  assert.equal(settings.hidden, 7);
  assert.equal(settings.points, 10000);
  assert.deepEqual(problems.map((p) => p.name), ["lr", "hidden", "seed", "epoch", "grad", ""]);
  assert.equal(problems[0].message, 'lr must be a finite number in (0, 10], got "0"; using 0.0001');
  const big = parseHash("#hidden=64&points=10000&spf=100&epoch=1000000");
  assert.equal(big.settings.spf, 26);
  assert.equal(big.settings.epoch, 0);
  assert.deepEqual(big.problems.map((p) => p.name), ["spf", "epoch"]);
  assert.deepEqual(fitWork(DEFAULT_SETTINGS), { settings: DEFAULT_SETTINGS, notes: [] });
  const f64 = parseHash("#precision=float64&backend=webgpu");
  assert.equal(f64.settings.backend, "cpu");
  assert.deepEqual(f64.problems.map((p) => p.name), ["backend"]);
  assert.deepEqual(parseHash("#precision=double").problems.map((p) => p.message), [
    'arithmetic must be one of float32, float64, got "double"; using float32',
  ]);
});

Deno.test("trainCommand() names every setting that shapes the numbers", () => {
  const s = { ...DEFAULT_SETTINGS, optimizer: "adam" as const, grad: "random" as const, init: "zero-hidden" as const };
  assert.equal(
    trainCommand(s, 250),
    "deno task train -- --hidden 7 --lr 0.0001 --optimizer adam --grad-at-zero random --init zero-hidden --seed 0 " +
      "--points 300 --precision float32 --epochs 250 --backend cpu",
  );
});

/** The command line's run for `config` and `epochs`. */
async function cliRun(config: LiveConfig, epochs: number): Promise<TrainingRun> {
  return await trainRegressor({
    hidden: config.hidden,
    epochs,
    lr: config.lr,
    optimizer: config.optimizer,
    seed: config.seed,
    every: Math.min(100, epochs),
    points: config.points,
    ...LIVE_RANGE,
    gradAtZero: config.gradAtZero,
    init: config.init,
    precision: config.precision ?? "float32",
    ...(config.activation ? { activation: config.activation } : {}),
    createEngine: ENGINES[pageEngine(config.activation ?? "relu")],
  });
}

const BASE: LiveConfig = {
  hidden: 7,
  lr: 1e-4,
  optimizer: "sgd",
  gradAtZero: 0,
  init: "pytorch",
  seed: 0,
  points: 300,
};

for (
  const [name, config, epochs, chunks] of [
    ["the essay's run", BASE, 450, [100, 37, 1, 250, 62]],
    ["relu'(0) = random", { ...BASE, gradAtZero: "random", hidden: 5, seed: 3 }, 230, [7, 93, 130]],
    ["Adam", { ...BASE, optimizer: "adam", lr: 0.01, points: 50, hidden: 12 }, 305, [305]],
    ["a run shorter than one snapshot interval", { ...BASE, gradAtZero: 0.5 }, 40, [13, 27]],
    ["a zero hidden layer, relu'(0) = 0.5", { ...BASE, init: "zero-hidden", gradAtZero: 0.5 }, 120, [60, 60]],
    ["float64, relu'(0) = random", { ...BASE, precision: "float64", gradAtZero: "random" }, 250, [120, 130]],
    ["leaky_relu:0.1, random kink", { ...BASE, activation: "leaky_relu:0.1", gradAtZero: "random" }, 230, [50, 180]],
    ["abs, zero hidden, kink 0.5", { ...BASE, activation: "abs", init: "zero-hidden", gradAtZero: 0.5 }, 120, [120]],
    ["tanh (autodiff engine)", { ...BASE, activation: "tanh", lr: 1e-3 }, 150, [30, 70, 50]],
  ] as [string, LiveConfig, number, number[]][]
) {
  Deno.test(`the live trainer's run equals the command line's, byte for byte: ${name}`, async () => {
    const live = await createLiveTrainer(config, { createEngine: ENGINES[pageEngine(config.activation ?? "relu")] });
    for (const n of chunks) assert.equal(await live.step(n), n);
    const run = live.run();
    live.dispose();
    assert.equal(toJsonText(run), toJsonText(await cliRun(config, epochs)));
    assert.deepEqual(parseTrainingRun(toJsonText(run), "live.json"), run);
  });
}

Deno.test("the live trainer stops a diverging run as the command line does and refuses to save it", async () => {
  const config: LiveConfig = { ...BASE, lr: 1e-3 };
  const live = await createLiveTrainer(config, { createEngine: createFusedEngine });
  while (live.stopped() === null) await live.step(50);
  const stop = live.stopped()!;
  assert.equal(stop.reason, "diverged");
  await assert.rejects(cliRun(config, 1000), { message: stop.message });
  assert.ok(Number.isFinite(live.loss()));
  // The last finite parameters: those the command line has after one update fewer.
  const before = await cliRun(config, stop.epoch - 1);
  const last = before.snapshots.at(-1)!;
  assert.equal(live.paramsEpoch(), stop.epoch - 1);
  assert.deepEqual(live.params(), { w0: last.w0, b0: last.b0, w1: last.w1, b1: last.b1 });
  assert.equal(live.loss(), last.loss);
  assert.equal(await live.step(10), 0);
  assert.throws(() => live.run(), /diverged run cannot be saved/);
  live.dispose();
});

Deno.test("the live trainer stops at the epoch limit and refuses to save a run of 0 updates", async () => {
  const live = await createLiveTrainer(BASE, { createEngine: createFusedEngine, maxEpochs: 120 });
  assert.throws(() => live.run(), /at least one update/);
  assert.equal(await live.step(100), 100);
  assert.equal(await live.step(100), 20);
  assert.equal(live.stopped()?.reason, "limit");
  assert.equal(live.run().config.epochs, 120);
  live.dispose();
});

Deno.test("zero-hidden with relu'(0) = 0 never moves the hidden layer; 0.5 does", async () => {
  for (const gradAtZero of [0, 0.5]) {
    const engineSpecs: EngineSpec[] = [];
    const live = await createLiveTrainer({ ...BASE, init: "zero-hidden", gradAtZero }, {
      createEngine: (spec) => {
        engineSpecs.push(spec);
        return createFusedEngine(spec);
      },
    });
    await live.step(200);
    const p = live.params();
    const still = [...p.w0, ...p.b0].every((v) => v === 0);
    assert.equal(still, gradAtZero === 0, `gradAtZero ${gradAtZero}`);
    assert.notEqual(p.b1, engineSpecs[0].init[0].b1);
    live.dispose();
  }
});

const canRun = Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state === "granted";

Deno.test({
  name: "figures/explore.html is what the sources make: a fresh bundle, and the page rendered from it, byte for byte",
  ignore: !canRun,
  fn: async () => {
    const { bundleExplore, bundleModuleText } = await import("../tools/build_explore.ts");
    const fresh = await bundleExplore();
    const committed = await Deno.readTextFile(new URL("../lib/explore/generated/bundle_js.ts", import.meta.url));
    assert.ok(
      bundleModuleText(fresh) === committed,
      "lib/explore/generated/bundle_js.ts is stale: something the page imports changed; run deno task build:explore",
    );
    const page = await Deno.readTextFile(new URL("../figures/explore.html", import.meta.url)).catch(() => "");
    assert.ok(
      explorePage(fresh) === page,
      "figures/explore.html is not the page of the sources; run deno task explore",
    );
  },
});

Deno.test("figures/explore.html is the page rendered from the committed bundle, byte for byte", async () => {
  const path = new URL("../figures/explore.html", import.meta.url);
  const text = explorePageText();
  const committed = await Deno.readTextFile(path).catch(() => "");
  if (committed !== text) {
    const changed = new URL("../figures/explore-changed.html", import.meta.url);
    const note = await Deno.writeTextFile(changed, text).then(() => "kept as figures/explore-changed.html", () => "");
    assert.fail(`figures/explore.html differs from the page the sources make (${note}); run deno task explore`);
  }
  // Its one script is the committed bundle, made safe to inline, and nothing else.
  const scripts = [...committed.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1);
  assert.ok(scripts[0] === scriptSafe(EXPLORE_BUNDLE_JS), "the page's script is not the committed bundle");
  assert.equal((committed.match(/<script\b/g) ?? []).length, 1);
  assert.equal((committed.match(/\b(?:src|href)="(?:https?:)?\/\//g) ?? []).length, 0);
  assert.ok(committed.includes(`content="default-src 'none';`));
});
