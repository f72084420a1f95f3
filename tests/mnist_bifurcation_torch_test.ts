/**
 * PyTorch's bifurcation pass (`lib/mnist/torch_bifurcation.py`, `deno task
 * mnist_bifurcation:torch`): its relu backward is relu'(0) × the upstream
 * gradient (a constant-α backward fails), its records count relu calls
 * exactly, its flags are refused in one line, and its cells set beside ours
 * give the pooled two-proportion test's value computed by hand.
 */
import assert from "node:assert/strict";
import { compareWithTorch, TORCH_BIFURCATION_PROGRAM } from "../lib/mnist/mod.ts";
import { computeTorchBifurcation } from "../lib/cli/mnist_bifurcation_torch.ts";
import { inCi, runPython, torchMissing } from "./support/python_torch.ts";
import { runDeno } from "./support/subprocess.ts";

const missing = torchMissing();
if (missing && inCi()) throw new Error(`PyTorch is needed in CI: ${missing}`);
const ignore = missing !== "";
const why = ignore ? ` (ignored: ${missing})` : "";

Deno.test(`the PyTorch pass's relu backward is relu'(0) × the upstream gradient, not the constant relu'(0)${why}`, {
  ignore,
}, async () => {
  const dir = TORCH_BIFURCATION_PROGRAM.replace(/\/[^/]*$/, "");
  const program = [
    "import json, sys, torch",
    `sys.path.insert(0, ${JSON.stringify(dir)})`,
    "from torch_bifurcation import ReluAt",
    "out = {}",
    "for alpha in (0.0, 0.5, 1.0):",
    "    z = torch.tensor([-1.0, 0.0, 2.0, 0.0, -0.0], requires_grad=True)",
    "    y = ReluAt.apply(z, alpha)",
    "    (y * torch.tensor([3.0, 3.0, 3.0, 5.0, 0.0])).sum().backward()",
    "    out[str(alpha)] = {'y': y.tolist(), 'grad': z.grad.tolist()}",
    "print(json.dumps(out))",
  ].join("\n");
  const answer = JSON.parse(await runPython(program, "")) as Record<string, { y: number[]; grad: number[] }>;
  // Hand-computed: relu'(z) × upstream, with relu'(±0) = α: an upstream of 0 gives 0 whatever α is.
  for (const [alpha, a] of [["0.0", 0], ["0.5", 0.5], ["1.0", 1]] as const) {
    assert.deepEqual(answer[alpha].y.map((y) => y + 0), [0, 0, 2, 0, 0], alpha); // −0 → +0: clamp may keep −0
    assert.deepEqual(answer[alpha].grad, [0, 3 * a, 3, 5 * a, 0], alpha);
  }
});

Deno.test(`PyTorch's pass over 512 images: every cell, exact relu-call counts, float64 without exact zeros${why}`, {
  ignore,
}, async () => {
  const v = { inits: 2, "inits-float64": 1, images: 512, processes: 2, out: "/tmp" };
  const record = await computeTorchBifurcation(v, ["--images", "512"], { status: () => {} });
  assert.equal(record.command, "deno task mnist_bifurcation:torch --images 512");
  assert.deepEqual(
    record.cells.map((c) => `${c.depth}x${c.width} ${c.precision} ${c.bifurcated.length}`),
    ["1x256", "2x256", "3x256", "3x16", "3x64"].flatMap((a) => [`${a} float32 2`, `${a} float64 1`]),
  );
  for (const c of record.cells) {
    c.bifurcated.forEach((b, i) => {
      // A pass that did not bifurcate saw every image: 512 × width × depth relu calls.
      if (b === 0) assert.equal(c.reluCalls[i], 512 * c.width * c.depth, `${c.depth}x${c.width} ${c.precision}`);
      else assert.ok(c.zeros[i] > 0 && c.firstBatch[i] >= 0 && c.firstBatch[i] < 2);
    });
    if (c.precision === "float64") assert.deepEqual(c.zeros, [0], `${c.depth}x${c.width}`);
  }
  assert.equal(record.machine.workers, 2);
  assert.match(record.protocol.arithmetic, /^PyTorch \S+ on the CPU/);
});

Deno.test("the PyTorch cells beside ours: shares, intervals and the pooled two-proportion p computed by hand", () => {
  const cell = (k: number, n: number) => ({
    depth: 3,
    width: 256,
    precision: "float32" as const,
    bifurcated: Array.from({ length: n }, (_, i) => (i < k ? 1 : 0)),
    firstBatch: Array.from({ length: n }, (_, i) => (i < k ? 5 : -1)),
    zeros: Array.from({ length: n }, (_, i) => (i < k ? 2 : 0)),
    reluCalls: Array.from({ length: n }, () => 1000),
    seconds: 1,
  });
  const [row] = compareWithTorch({ cells: [cell(30, 100)] }, { cells: [cell(50, 100)] });
  // pooled 0.4, se = √(0.4 · 0.6 · 0.02) = 0.069282, z = 0.2 / se = 2.88675, p = erfc(z / √2) = 0.0038924
  assert.ok(Math.abs(row.p - 0.0038924) < 1e-6, String(row.p));
  assert.equal(row.pHolm, row.p); // one comparison
  assert.deepEqual([row.ours.k, row.torch.k], [30, 50]);
  assert.deepEqual(row.zerosPerCall, { ours: 60 / 100000, torch: 100 / 100000 });
});

Deno.test("deno task mnist_bifurcation:torch refuses bad flags in one line, exit 2, before starting Python", async () => {
  for (
    const [args, message] of [
      [["--images", "512"], /^error: --images must be \d+, the images of figures\/mnist_bifurcation\.json's passes/],
      [["--processes", "9"], /^error: --processes must be an integer in \[1, 5\], got "9"$/],
    ] as const
  ) {
    const r = await runDeno(["task", "-q", "mnist_bifurcation:torch", ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr.trim(), message);
  }
});
