/**
 * relu written three ways, relu(z), relu(−z) + z and (relu(z) + relu(−z) + z) / 2, is one function with three
 * autodiff derivatives at 0: the values against Math.max(0, z) and tf.relu, the derivatives against the chain rule
 * worked by hand, on every tfjs backend (webgpu without an adapter: ignored, with the reason).
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../lib/engine/backend.ts";
import { kinkProgramTensor, PROBE_POINTS, tfjsKinkProgram } from "../../lib/engine/relu_grad_probe.ts";
import { measureKinkPrograms } from "../../lib/experiments/kink_claims.ts";
import { chainRuleAtZero, evaluateKinkProgram, KINK_PROGRAMS } from "../../lib/math/kink_programs.ts";
import { linspace } from "../../lib/math/grid.ts";
import { kinkProgramRows } from "../../lib/plot/kink_programs.ts";
import { kinkProgramsTexts } from "../../lib/cli/probe_figures.ts";
import type { BackendName } from "../../lib/model/run.ts";
import { ROOT } from "../support/subprocess.ts";
import { onBackend } from "../support/webgpu.ts";
import { mayFlushSubnormals } from "../support/subnormals.ts";

/** The grid: 4001 points of [−2, 2] (0 among them), the float32 numbers nearest 0, and −0. */
const GRID = [...linspace(-2, 2, 4001), ...PROBE_POINTS.map((p) => p.z), 1e-30, -1e-30];

/** By hand, with relu′(0) = g: relu(z) gives g; relu(−z) + z gives −g + 1; the half-sum (g − g + 1) / 2. */
const BY_HAND = (g: number) => [g, 1 - g, 0.5];

Deno.test("the three programs equal max(0, z) at every grid point, exactly, in float64", () => {
  for (const program of KINK_PROGRAMS) {
    const differ = GRID.filter((z) => evaluateKinkProgram(program, z) !== Math.max(0, z));
    assert.deepEqual(differ, [], program.name);
  }
});

Deno.test("the function's own difference quotients at 0 are the same for all three: 0 on the left, 1 on the right", () => {
  for (const program of KINK_PROGRAMS) {
    const f = (z: number) => evaluateKinkProgram(program, z);
    for (const h of [1e-3, 2 ** -20]) {
      assert.equal((f(0) - f(-h)) / h, 0, `${program.name}, left, h = ${h}`);
      assert.equal((f(h) - f(0)) / h, 1, `${program.name}, right, h = ${h}`);
    }
  }
});

Deno.test("chainRuleAtZero() gives g, 1 − g and 1/2, as worked by hand", () => {
  for (const g of [0, 0.25, 0.5, 1]) {
    const rule = KINK_PROGRAMS.map(chainRuleAtZero).map((d) => d.constant + d.perGrad * g);
    assert.deepEqual(rule, BY_HAND(g), `relu'(0) = ${g}`);
  }
});

for (const backend of ["cpu", "wasm", "webgpu"] as const satisfies readonly BackendName[]) {
  Deno.test({
    ...onBackend(
      backend,
      `[${backend}] the programs equal tf.relu in float32, yet tf.grad gives them 0, 1 and 0.5 at 0`,
    ),
    // A GPUDevice holds resources that outlive a test.
    sanitizeResources: backend !== "webgpu",
    sanitizeOps: backend !== "webgpu",
    async fn() {
      await selectBackend(backend);
      try {
        // A hardware GPU may flush the subnormals ±2⁻¹⁴⁹ to 0 in one program and not in another: left out there.
        const z = tf.tensor1d(mayFlushSubnormals(backend) ? GRID.filter((v) => Math.abs(v) !== 2 ** -149) : GRID);
        const relu = Array.from(await tf.relu(z).data());
        for (const program of KINK_PROGRAMS) {
          const values = Array.from(await kinkProgramTensor(program, z).data());
          assert.deepEqual(values, relu, program.name);
        }
        tf.dispose(z);
        const at0 = [];
        for (const program of KINK_PROGRAMS) at0.push((await tfjsKinkProgram(program, [-1, 0, -0, 1])).grads);
        assert.deepEqual(at0, [[0, 0, 0, 1], [0, 1, 1, 1], [0, 0.5, 0.5, 1]]);
      } finally {
        await selectBackend("cpu");
      }
    },
  });
}

Deno.test("[cpu] with relu'(0) set to g inside, tf.grad at 0 follows the chain rule: g, 1 − g, and 0.5 for every g", async () => {
  await selectBackend("cpu");
  for (const g of [0, 0.25, 0.5, 1]) {
    const grads = [];
    for (const program of KINK_PROGRAMS) grads.push((await tfjsKinkProgram(program, [0], { gradAtZero: g })).grads[0]);
    assert.deepEqual(grads, BY_HAND(g), `relu'(0) = ${g}`);
  }
});

Deno.test("figures/kink_programs.json and .md are what a fresh measurement gives; the figure marks 0, 1 and 0.5 at 0", async () => {
  const result = await measureKinkPrograms();
  const texts = kinkProgramsTexts(result);
  for (const [file, text] of Object.entries(texts)) {
    assert.equal(await Deno.readTextFile(`${ROOT}/figures/${file}`), text, file);
  }
  assert.deepEqual(result.programs.map((p) => [p.maxDifference, p.maxDifferenceTfjs]), [[0, 0], [0, 0], [0, 0]]);
  assert.deepEqual(kinkProgramRows(result).atZero.map((r) => r.y), [0, 1, 0.5]);
  assert.match(texts["kink_programs.md"], /gives them the derivatives 0, 1 and 0\.5 at z = 0/);
});
