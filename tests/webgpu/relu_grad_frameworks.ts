/**
 * "TensorFlow uses relu′(0) = 0", asked of tfjs itself: `tf.grad(tf.relu)` at 0, −0, ±2⁻¹⁴⁹ and ±1 on every backend
 * (webgpu without an adapter: ignored, with the reason), and the committed figures/relu_grad_frameworks.json held
 * to a live query of each row it has. PyTorch's row is held to torch in tests/torch_crosscheck_test.ts, which CI runs.
 */
import assert from "node:assert/strict";
import { selectBackend } from "../../lib/engine/backend.ts";
import { PROBE_POINTS, tfjsReluGradient } from "../../lib/engine/relu_grad_probe.ts";
import { frameworkAnswers, type FrameworkRow } from "../../lib/experiments/kink_claims.ts";
import { askFrameworks, earlierAnswers, frameworkTexts } from "../../lib/cli/probe_figures.ts";
import { UsageError } from "../../lib/errors.ts";
import type { BackendName } from "../../lib/model/run.ts";
import { ROOT } from "../support/subprocess.ts";
import { onBackend } from "../support/webgpu.ts";
import { mayFlushSubnormals } from "../support/subnormals.ts";

const COMMITTED = `${ROOT}/figures/relu_grad_frameworks.json`;
const committed = JSON.parse(Deno.readTextFileSync(COMMITTED)) as { points: string[]; rows: FrameworkRow[] };

/** relu′ at −1, −2⁻¹⁴⁹, −0, 0, 2⁻¹⁴⁹, 1 by the rule every framework documents: 1 for z > 0, else 0. */
const BY_RULE = [0, 0, 0, 0, 1, 1];

/**
 * Asserts relu′ at the probe points on `backend`: the rule at every point; where the backend may flush subnormals
 * (a hardware GPU), 2⁻¹⁴⁹ may read as 0 and get 0, and only the other points are held to the rule.
 */
function assertByRule(grads: number[], backend: BackendName): void {
  if (!mayFlushSubnormals(backend)) return assert.deepEqual(grads, BY_RULE);
  assert.deepEqual([0, 1, 2, 3, 5].map((i) => grads[i]), [0, 1, 2, 3, 5].map((i) => BY_RULE[i]));
  assert.ok(grads[4] === 1 || grads[4] === 0, `relu'(2^-149) = ${grads[4]}`);
}

Deno.test("the probe points are −1, the float32 numbers nearest 0, −0, 0 and 1, exactly", () => {
  const zs = PROBE_POINTS.map((p) => p.z);
  assert.deepEqual(Array.from(new Float32Array(zs)), zs, "float32 numbers");
  assert.ok(Object.is(zs[2], -0) && Object.is(zs[3], 0));
  assert.equal(zs[4], 1.401298464324817e-45); // 2^-149, the smallest positive float32
  assert.equal(new Float32Array([zs[4] / 2])[0], 0, "nothing lies between it and 0 in float32");
  assert.deepEqual(committed.points, PROBE_POINTS.map((p) => p.label));
});

for (const backend of ["cpu", "wasm", "webgpu"] as const satisfies readonly BackendName[]) {
  Deno.test({
    ...onBackend(backend, `[${backend}] tf.grad(tf.relu) is 0 at 0 and −0, and 0 or 1 at the nearest float32 numbers`),
    sanitizeResources: backend !== "webgpu",
    sanitizeOps: backend !== "webgpu",
    async fn() {
      await selectBackend(backend);
      try {
        assertByRule(await tfjsReluGradient(PROBE_POINTS.map((p) => p.z)), backend);
      } finally {
        await selectBackend("cpu");
      }
    },
  });

  const row = committed.rows.find((r) => r.framework === "tfjs" && r.backend === backend);
  Deno.test({
    ...onBackend(
      backend,
      `[${backend}] the committed row of figures/relu_grad_frameworks.json is what tfjs answers now`,
    ),
    sanitizeResources: backend !== "webgpu",
    sanitizeOps: backend !== "webgpu",
    async fn() {
      assert.ok(
        row,
        `the committed file has a tfjs ${backend} row (deno task relu_grad_frameworks -- --ask ${backend})`,
      );
      const { rows } = await askFrameworks([backend], []);
      assert.equal(rows[0].version, row.version);
      // Another adapter than the one that measured the committed row is held to the rule, not to that row.
      if (rows[0].device !== row.device) assertByRule(rows[0].grads, backend);
      else assert.deepEqual(rows[0].grads, row.grads);
    },
  });
}

Deno.test("the committed file has a PyTorch row too, and its .md is rendered from its .json", async () => {
  const torch = committed.rows.find((r) => r.framework === "PyTorch");
  assert.ok(torch, "deno task relu_grad_frameworks:torch writes it");
  assert.deepEqual(torch.grads, BY_RULE);
  const texts = frameworkTexts(frameworkAnswers([], committed.rows));
  assert.equal(texts["relu_grad_frameworks.json"], await Deno.readTextFile(COMMITTED));
  assert.equal(texts["relu_grad_frameworks.md"], await Deno.readTextFile(`${ROOT}/figures/relu_grad_frameworks.md`));
});

Deno.test("rows asked for again replace the earlier ones; the others are kept, tfjs first, then PyTorch", () => {
  const row = (framework: "tfjs" | "PyTorch", backend: string, grads: number[]): FrameworkRow => ({
    framework,
    version: "v",
    backend,
    call: "c",
    grads,
    command: "x",
  });
  const earlier = [row("PyTorch", "cpu", [9]), row("tfjs", "webgpu", [8]), row("tfjs", "cpu", [7])];
  const { rows } = frameworkAnswers([row("tfjs", "wasm", [1]), row("tfjs", "cpu", [2])], earlier);
  assert.deepEqual(rows.map((r) => [r.framework, r.backend, r.grads[0]]), [
    ["tfjs", "cpu", 2],
    ["tfjs", "wasm", 1],
    ["tfjs", "webgpu", 8],
    ["PyTorch", "cpu", 9],
  ]);
});

Deno.test("an earlier file that is not a frameworks' answers file is refused, naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bad.json`, '{"rows": [{"framework": "tfjs"}]}');
    await assert.rejects(earlierAnswers(`${dir}/bad.json`), (e) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /bad\.json is not a relu_grad_frameworks\.json/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("asking PyTorch through a Python that cannot run is refused in one line naming the input", async () => {
  const { askTorch } = await import("../../lib/experiments/kink_claims.ts");
  await assert.rejects(askTorch("/nonexistent/python3", "x"), (e) => {
    assert.ok(e instanceof UsageError);
    const line = e.describe((n) => `--${n}`);
    assert.match(line, /^--torch needs \/nonexistent\/python3 with PyTorch \(Debian's python3-torch\): \S/);
    assert.equal(line.split("\n").length, 1);
    return true;
  });
});
