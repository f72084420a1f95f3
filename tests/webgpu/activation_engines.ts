/**
 * Every activation of the registry on the engines: the piecewise-linear
 * members with every kink convention on the fused engine (cpu backend: the
 * WebAssembly kernel) and on the autodiff engine, both against the float64
 * plain-JavaScript trainer; the smooth ones on the autodiff engine against the
 * plain trainer; the fused engine refuses a smooth one in one line. (float64:
 * `tests/activation_kernels_test.ts`.)
 *
 * @module
 */
import assert from "node:assert/strict";
import { createAutodiffEngine } from "../../lib/engine/autodiff.ts";
import type { EngineSpec, TrainingEngine } from "../../lib/engine/contract.ts";
import { createFusedEngine } from "../../lib/engine/fused.ts";
import { plainTrain } from "../../lib/engine/plain_trainer.ts";
import { ACTIVATION_REGISTRY } from "../../lib/math/activation_registry.ts";
import type { GradAtZero, RegressorParams } from "../../lib/model/run.ts";
import { conventions, PIECEWISE_MEMBERS } from "../support/activations.ts";
import { assertClose, flatParams } from "../support/close.ts";
import { useBackend } from "../support/fused_setup.ts";

/** 21 points on [−1, 1] (x = 0 among them) with y = x³; units with b0 = 0, so z = 0 at x = 0. */
function spec(activation: string, gradAtZero: GradAtZero, optimizer: "sgd" | "adam"): EngineSpec {
  const x = Array.from({ length: 21 }, (_, i) => Math.fround(-1 + i / 10));
  const init = [0, 1].map((m): RegressorParams => ({
    w0: [1, -0.75, 0.5 + 0.1 * m, -1.25].map(Math.fround),
    b0: [0, 0.3, 0, -0.2 * m].map(Math.fround),
    w1: [0.4, -0.3 - 0.05 * m, 0.6, 0.2].map(Math.fround),
    b1: Math.fround(0.05 * m),
  }));
  return {
    x,
    y: x.map((v) => Math.fround(v ** 3)),
    init,
    seeds: [11, 12],
    lr: optimizer === "sgd" ? 0.05 : 0.02,
    optimizer,
    gradAtZero,
    activation,
    countZeros: true,
  };
}

async function trajectory(engine: TrainingEngine, calls: number[]) {
  const losses: number[][] = [[], []];
  const zeros: number[][] = [[], []];
  try {
    for (const steps of calls) {
      const r = await engine.step(steps);
      r.losses.forEach((l, m) => losses[m].push(...l));
      r.zeros!.forEach((z, m) => zeros[m].push(...z));
    }
    return { losses, zeros, params: (await engine.params()).map(flatParams) };
  } finally {
    engine.dispose();
  }
}

async function checkAgainstPlain(
  make: (s: EngineSpec) => Promise<TrainingEngine>,
  s: EngineSpec,
  what: string,
  rtol: number,
): Promise<number[][]> {
  const run = await trajectory(await make(s), [4, 6]);
  s.init.forEach((init, m) => {
    const ref = plainTrain(init, { ...s, seed: s.seeds[m], steps: 10 });
    assertClose(run.losses[m], ref.losses, `${what} losses, model ${m}`, rtol);
    assertClose(run.params[m], flatParams(ref.params), `${what} params, model ${m}`, rtol);
    assert.deepEqual(run.zeros[m], ref.zeros, `${what} zero counts, model ${m}`);
  });
  return run.zeros;
}

Deno.test("fused (cpu) and autodiff follow the plain trainer for every piecewise activation and kink convention", async () => {
  await useBackend("cpu");
  let checked = 0;
  for (const activation of PIECEWISE_MEMBERS) {
    for (const g of conventions(activation)) {
      for (const optimizer of ["sgd", "adam"] as const) {
        const s = spec(activation, g, optimizer);
        const what = `${activation} g=${g} ${optimizer}`;
        const zeros = await checkAgainstPlain(createFusedEngine, s, `fused ${what}`, 2e-5);
        await checkAgainstPlain(createAutodiffEngine, s, `autodiff ${what}`, 2e-5);
        assert.ok(zeros.every((z) => z[0] > 0), `${what}: no z = 0 in the first update`);
        checked++;
      }
    }
  }
  assert.equal(checked, 48);
});

Deno.test("the kink convention is used: relu'(0) = 0 and 1 give different runs, as abs's −1 and 1", async () => {
  await useBackend("cpu");
  for (const [activation, a, b] of [["relu", 0, 1], ["abs", -1, 1], ["leaky_relu:0.1", Math.fround(0.1), 1]] as const) {
    const one = await trajectory(await createFusedEngine(spec(activation, a, "sgd")), [5]);
    const two = await trajectory(await createFusedEngine(spec(activation, b, "sgd")), [5]);
    assert.notDeepEqual(one.params, two.params, activation);
  }
});

Deno.test("the smooth activations run on autodiff and follow the plain trainer; fused refuses them in one line", async () => {
  await useBackend("cpu");
  const smooth = ACTIVATION_REGISTRY.filter((e) => e.kind === "smooth").map((e) => e.name);
  assert.deepEqual(smooth, ["sigmoid", "tanh", "softplus", "gelu"]);
  for (const activation of smooth) {
    for (const optimizer of ["sgd", "adam"] as const) {
      await checkAgainstPlain(createAutodiffEngine, spec(activation, 0, optimizer), `autodiff ${activation}`, 1e-4);
    }
    await assert.rejects(() => createFusedEngine(spec(activation, 0, "sgd")), (e: Error) => {
      assert.equal(
        e.message,
        `Cannot create the fused engine: activation ${activation} is smooth: the fused engine runs relu, ` +
          `leaky_relu, abs, identity only; the autodiff engine runs it`,
      );
      return true;
    });
    await assert.rejects(
      () => createAutodiffEngine(spec(activation, 0.5, "sgd")),
      /gradAtZero must be 0 \(.* has no kink\)/,
    );
  }
});

Deno.test("an engine refuses a kink derivative outside the activation's slopes", async () => {
  await useBackend("cpu");
  await assert.rejects(
    () => createFusedEngine(spec("leaky_relu:0.1", 0, "sgd")),
    /gradAtZero must be a number in \[0.1, 1\] \(between the slopes of leaky_relu:0.1\) or "random", got 0/,
  );
  await assert.rejects(() => createFusedEngine(spec("swish", 0, "sgd")), /activation must be one of relu, /);
});
