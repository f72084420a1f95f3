/**
 * The stepwise trainer (lib/train/trainer.ts) that `deno task train`, the
 * batched experiments and the live page share: its chunking, its divergence
 * rule, its stops and its engine calls, against a stand-in engine whose
 * losses are known in advance.
 */
import assert from "node:assert/strict";
import { RunError } from "../lib/errors.ts";
import type { EngineSpec, TrainingEngine } from "../lib/engine/contract.ts";
import type { RegressorParams } from "../lib/model/run.ts";
import { createTrainer, regressorSetup, runConfig, withTrainer } from "../lib/train/trainer.ts";
import { createLiveTrainer } from "../lib/explore/trainer.ts";

/**
 * A stand-in engine of M models: model m's loss before update k is `lossAt(m, k)`, its b1 counts the updates, its
 * zero count in update k is k + m; every call is recorded.
 */
function fakeEngine(lossAt: (m: number, k: number) => number, options: { failAt?: string } = {}) {
  const calls: string[] = [];
  const factory = (spec: EngineSpec): Promise<TrainingEngine> => {
    calls.push("create");
    let k = 0;
    const models = spec.init.length;
    const each = <T>(f: (m: number) => T) => Array.from({ length: models }, (_, m) => f(m));
    return Promise.resolve({
      name: "fused",
      backend: "cpu",
      models,
      step(steps: number) {
        calls.push(`step(${steps})`);
        if (options.failAt === "step") return Promise.reject(new DOMException("lost", "OperationError"));
        const losses = each((m) => Float32Array.from({ length: steps }, (_, s) => lossAt(m, k + s)));
        const zeros = spec.countZeros
          ? each((m) => Int32Array.from({ length: steps }, (_, s) => k + s + m))
          : undefined;
        k += steps;
        return Promise.resolve({ losses, ...(zeros ? { zeros } : {}) });
      },
      evaluate() {
        calls.push("evaluate");
        return Promise.resolve(each((m) => lossAt(m, k)));
      },
      params(): Promise<RegressorParams[]> {
        calls.push("params");
        return Promise.resolve(each((m) => ({ ...spec.init[m], b1: k })));
      },
      dispose() {
        calls.push("dispose");
      },
    });
  };
  return { factory, calls };
}

const unit: RegressorParams = { w0: [1], b0: [0], w1: [1], b1: 0 };
const spec = (models: number, extra: Partial<EngineSpec> = {}): EngineSpec => ({
  x: [1],
  y: [1],
  init: Array(models).fill(unit),
  seeds: Array.from({ length: models }, (_, m) => m),
  lr: 0.5,
  optimizer: "sgd",
  gradAtZero: 0,
  ...extra,
});

Deno.test("no engine call crosses a multiple of the chunk, whatever the steps asked for", async () => {
  const { factory, calls } = fakeEngine((_, k) => 100 - k);
  const ends: number[] = [];
  const t = await createTrainer(factory, spec(1), { chunk: 10, trackParams: true });
  assert.equal(await t.step(7, (e) => ends.push(e)), 7);
  assert.equal(await t.step(15, (e) => ends.push(e)), 15);
  assert.equal(await t.step(3, (e) => ends.push(e)), 3);
  t.dispose();
  assert.deepEqual(ends, [7, 10, 20, 22, 25]);
  assert.deepEqual(calls, [
    "create",
    ...["step(7)", "params", "step(3)", "params", "step(10)", "params", "step(2)", "params"],
    ...["step(3)", "params", "dispose"],
  ]);
  assert.deepEqual(t.losses(), [Array.from({ length: 25 }, (_, k) => 100 - k)]);
  assert.equal(t.epoch(), 25);
  assert.deepEqual([t.paramsEpoch(), t.params()[0].b1], [25, 25]);
});

Deno.test("a trainer started from a snapshot counts from its startEpoch, with the whole run's chunk boundaries", async () => {
  const { factory, calls } = fakeEngine((_, k) => 100 - k);
  const ends: number[] = [];
  const t = await createTrainer(factory, spec(1, { startEpoch: 25 }), { chunk: 10, maxEpochs: 50 });
  assert.deepEqual([t.start, t.epoch(), t.paramsEpoch()], [25, 25, 25]);
  assert.equal(await t.step(40, (e) => ends.push(e)), 25, "up to maxEpochs, an absolute epoch");
  t.dispose();
  assert.deepEqual(ends, [30, 40, 50]);
  assert.deepEqual(calls, ["create", "step(5)", "step(10)", "step(10)", "dispose"]);
  assert.equal(t.losses()[0].length, 25, "the losses of its own updates, from startEpoch on");
});

Deno.test("without trackParams the trainer reads no parameters; the initial ones stand", async () => {
  const { factory, calls } = fakeEngine((_, k) => 100 - k);
  await withTrainer(factory, spec(2), { chunk: 4 }, async (t) => {
    await t.step(10);
    assert.deepEqual([t.params(), t.paramsEpoch()], [[unit, unit], 0]);
  });
  assert.deepEqual(calls, ["create", "step(4)", "step(4)", "step(2)", "dispose"]);
});

Deno.test("one model that diverges stops the run at its first non-finite loss, after that engine call", async () => {
  const { factory, calls } = fakeEngine((_, k) => (k >= 13 ? (k === 13 ? Infinity : NaN) : 100 - k));
  const ends: number[] = [];
  const t = await createTrainer(factory, spec(1), { chunk: 10, trackParams: true });
  assert.equal(await t.step(30, (e) => ends.push(e)), 20);
  assert.deepEqual(t.stopped(), {
    reason: "diverged",
    epoch: 13,
    loss: Infinity,
    message: "training diverged at epoch 13 (loss = Infinity); try a smaller lr (now 0.5)",
  });
  assert.equal(await t.step(5), 0, "nothing more once stopped");
  t.dispose();
  assert.deepEqual(ends, [10], "no callback for the call that diverged");
  assert.deepEqual(calls, ["create", "step(10)", "params", "step(10)", "dispose"], "no parameters read after it");
  assert.equal(t.paramsEpoch(), 10);
});

Deno.test("a batch stops only once every model has diverged, at the epoch of the last one", async () => {
  // model 0 diverges at 5, model 1 at 17, model 2 never
  const at = [5, 17, Infinity];
  const lossAt = (m: number, k: number) => (k >= at[m] ? NaN : 1);
  const two = fakeEngine(lossAt);
  await withTrainer(two.factory, spec(2), { chunk: 10 }, async (t) => {
    assert.equal(await t.step(40), 20);
    assert.equal(t.stopped()?.epoch, 17);
    assert.equal(t.losses()[0].length, 20, "the whole call is recorded, for every model");
  });
  const three = fakeEngine(lossAt);
  await withTrainer(three.factory, spec(3), { chunk: 10 }, async (t) => {
    assert.equal(await t.step(40), 40);
    assert.equal(t.stopped(), null, "one model is finite: the batch goes on");
  });
});

Deno.test("evaluate(): a non-finite loss there is a divergence at the current epoch; reaching maxEpochs is the limit", async () => {
  const bad = fakeEngine((_, k) => (k === 10 ? NaN : 1));
  const t = await createTrainer(bad.factory, spec(1), { chunk: 10, maxEpochs: 50 });
  await t.step(10);
  assert.equal(t.stopped(), null);
  await t.evaluate();
  assert.deepEqual([t.stopped()?.reason, t.stopped()?.epoch], ["diverged", 10]);
  t.dispose();
  const good = fakeEngine((_, k) => 100 - k);
  const u = await createTrainer(good.factory, spec(1), { chunk: 10, maxEpochs: 15 });
  assert.equal(await u.step(40), 15);
  assert.equal(u.stopped(), null, "the limit is noticed where the loss is known");
  await u.evaluate();
  assert.deepEqual(u.stopped(), {
    reason: "limit",
    epoch: 15,
    loss: 85,
    message: "stopped at epoch 15, the most one training.json holds",
  });
  assert.equal(await u.step(1), 0);
  u.dispose();
});

Deno.test("zero counts are recorded per model when asked for, and a missing one is a bug", async () => {
  const { factory } = fakeEngine(() => 1);
  await withTrainer(factory, spec(2, { countZeros: true }), { chunk: 3 }, async (t) => {
    await t.step(5);
    assert.deepEqual(t.zeros(), [[0, 1, 2, 3, 4], [1, 2, 3, 4, 5]]);
  });
  const liar = (s: EngineSpec) => fakeEngine(() => 1).factory({ ...s, countZeros: false });
  await assert.rejects(
    () => withTrainer(liar, spec(1, { countZeros: true }), { chunk: 3 }, (t) => t.step(1)),
    /returned no zero counts though asked to/,
  );
});

Deno.test("steps and chunk must be positive integers; a device failure names the epoch; the engine is disposed", async () => {
  const { factory, calls } = fakeEngine(() => 1, { failAt: "step" });
  await assert.rejects(() => withTrainer(factory, spec(1), { chunk: 0 }, () => Promise.resolve()), /chunk must be/);
  await assert.rejects(
    () => withTrainer(factory, spec(1), { chunk: 2 }, (t) => t.step(0.5)),
    /steps must be a positive integer, got 0.5/,
  );
  await assert.rejects(
    () => withTrainer(factory, spec(1), { chunk: 2 }, (t) => t.step(3)),
    (e: unknown) => e instanceof RunError && /stopped at epoch 0: the cpu backend failed/.test(e.message),
  );
  assert.equal(calls.filter((c) => c === "dispose").length, 3);
});

Deno.test("regressorSetup() and runConfig() assemble a run's spec and config once, with the same defaults", () => {
  const settings = { hidden: 2, seed: 3, points: 5, xMin: -1, xMax: 1, lr: 0.1, optimizer: "adam" as const };
  const { init, x, y, spec } = regressorSetup({ ...settings, gradAtZero: "random" });
  assert.deepEqual(spec, {
    x,
    y,
    init: [init],
    seeds: [3],
    lr: 0.1,
    optimizer: "adam",
    gradAtZero: "random",
    countZeros: false,
    precision: "float32",
    startEpoch: 0,
  });
  assert.equal(regressorSetup({ ...settings, gradAtZero: 0, init: "zero-hidden" }).init.w0.every((w) => w === 0), true);
  const config = runConfig({ ...settings, epochs: 9, every: 9, gradAtZero: 0.5, precision: "float64" }, "cpu");
  assert.deepEqual(Object.entries(config), [
    ["hidden", 2],
    ["epochs", 9],
    ["lr", 0.1],
    ["optimizer", "adam"],
    ["seed", 3],
    ["every", 9],
    ["points", 5],
    ["xMin", -1],
    ["xMax", 1],
    ["gradAtZero", 0.5],
    ["init", "pytorch"],
    ["precision", "float64"],
    ["backend", "cpu"],
  ]);
});

Deno.test("the live page's trainer replays a diverged run once to the update before it, not at every later step", async () => {
  const { factory, calls } = fakeEngine((_, k) => (k >= 150 ? NaN : 1000 - k));
  const config = {
    hidden: 2,
    lr: 1,
    optimizer: "sgd" as const,
    gradAtZero: 0,
    init: "pytorch" as const,
    seed: 0,
    points: 5,
  };
  const live = await createLiveTrainer(config, { createEngine: factory, maxRecoverWork: Infinity });
  assert.equal(await live.step(300), 150);
  assert.deepEqual([live.stopped()?.epoch, live.paramsEpoch(), live.params().b1, live.loss()], [150, 149, 149, 851]);
  assert.equal(live.losses().length, 150);
  const created = calls.filter((c) => c === "create").length;
  assert.equal(created, 2, "the run's engine and one replay");
  assert.equal(await live.step(10), 0);
  assert.equal(await live.step(10), 0);
  assert.equal(calls.filter((c) => c === "create").length, created, "no replay once recovered");
  live.dispose();
});
