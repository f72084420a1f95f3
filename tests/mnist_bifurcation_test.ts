/**
 * The bifurcation experiment: the Clopper–Pearson interval against known
 * values and an independent tail sum; the pass's decision on planted cases
 * (an exact zero with a nonzero upstream gradient tells relu'(0) = 0 from 1,
 * one with a zero upstream gradient does not, as α × upstream has it);
 * the SIMD and TypeScript products give the same outcomes; the summary's
 * agreement; the command's flags, `--from` and the committed files.
 */
import assert from "node:assert/strict";
import { UsageError } from "../lib/errors.ts";
import { clopperPearson } from "../lib/experiments/clopper_pearson.ts";
import {
  batchDiffers,
  type BifurcationCellRecord,
  bifurcationPass,
  castMlp,
  castValues,
  createSimdProducts,
  initExactMlp,
  loadMnist,
  summarizeBifurcation,
} from "../lib/mnist/mod.ts";
import { runBifurcationCommand } from "../lib/cli/mnist_bifurcation.ts";
import { ROOT, runDeno } from "./support/subprocess.ts";

/** P(X ≥ k) for X ~ Binomial(n, p), each term from an exact binomial coefficient (BigInt), independently of the library. */
function upperTail(k: number, n: number, p: number): number {
  let choose = 1n;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) choose = (choose * BigInt(n - i + 1)) / BigInt(i);
    if (i >= k) sum += Math.exp(Math.log(Number(choose)) + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return sum;
}

Deno.test("clopperPearson() matches R's binom.test, the closed forms at k = 0 and k = n, and its defining tails", () => {
  const five = clopperPearson(5, 10);
  assert.ok(Math.abs(five.lo - 0.187086) < 1e-6 && Math.abs(five.hi - 0.812914) < 1e-6, JSON.stringify(five));
  for (const n of [1, 7, 100, 1000]) {
    assert.ok(Math.abs(clopperPearson(n, n).lo - 0.025 ** (1 / n)) < 1e-12);
    assert.equal(clopperPearson(n, n).hi, 1);
    assert.ok(Math.abs(clopperPearson(0, n).hi - (1 - 0.025 ** (1 / n))) < 1e-12);
  }
  for (const [k, n] of [[54, 1000], [463, 1000], [3, 100], [97, 100]]) {
    const { lo, hi } = clopperPearson(k, n);
    assert.ok(Math.abs(upperTail(k, n, lo) - 0.025) < 1e-9, `P(X ≥ ${k}) at lo = ${lo}`);
    assert.ok(Math.abs(1 - upperTail(k + 1, n, hi) - 0.025) < 1e-9, `P(X ≤ ${k}) at hi = ${hi}`);
    const mirror = clopperPearson(n - k, n);
    assert.ok(Math.abs(lo - (1 - mirror.hi)) < 1e-12 && Math.abs(hi - (1 - mirror.lo)) < 1e-12);
  }
  assert.throws(() => clopperPearson(3, 2), RangeError);
});

Deno.test("batchDiffers() tells relu'(0) = 0 from 1 at an exact zero with a nonzero upstream gradient, and only then", () => {
  for (const precision of ["float16", "float32", "float64"] as const) {
    const mlp = initExactMlp([6, 4, 4, 10], 1);
    // Unit 2 of the first hidden layer: no input weights, no bias: exactly 0 on every row.
    for (let i = 0; i < 6; i++) mlp.weights[0][i * 4 + 2] = 0;
    mlp.biases[0][2] = 0;
    const x = castValues(Float32Array.from({ length: 12 }, (_, k) => (k % 5) / 4), precision);
    const labels = new Uint8Array([3, 8]);
    assert.equal(batchDiffers(castMlp(mlp, precision), x, { rows: 2, labels }), true, precision);
    // With its outgoing weights 0 too, its upstream gradient is 0 and α × 0 is 0 for every α: no difference.
    // (The paper's constant α would set the unit's gradient to 1 here and call it a bifurcation.)
    for (let j = 0; j < 4; j++) mlp.weights[1][2 * 4 + j] = 0;
    assert.equal(batchDiffers(castMlp(mlp, precision), x, { rows: 2, labels }), false, precision);
  }
});

Deno.test("bifurcationPass() gives the same outcomes with the SIMD products as with the TypeScript ones", async () => {
  const data = await loadMnist("train", { limit: 512 });
  const simd = await createSimdProducts();
  for (const precision of ["float16", "float32"] as const) {
    for (let init = 0; init < 3; init++) {
      const cell = { depth: 2, width: 16, precision };
      const plain = bifurcationPass(data, cell, { init, batch: 128 });
      assert.deepEqual(bifurcationPass(data, cell, { init, batch: 128, products: simd }), plain);
      assert.equal(plain.reluCalls > 0, true);
    }
  }
});

Deno.test("summarizeBifurcation() puts each cell beside the paper's counts, depth 3 × 256 in both panels", () => {
  const cell = (depth: number, width: number, precision: "float32" | "float64", k: number): BifurcationCellRecord => ({
    depth,
    width,
    precision,
    bifurcated: Array.from({ length: 100 }, (_, i) => (i < k ? 1 : 0)),
    firstBatch: Array.from({ length: 100 }, (_, i) => (i < k ? i : -1)),
    zeros: Array(100).fill(1),
    reluCalls: Array(100).fill(1e6),
    seconds: 1,
  });
  const rows = summarizeBifurcation({
    cells: [cell(3, 256, "float32", 46), cell(1, 256, "float32", 20), cell(1, 256, "float64", 0)],
  });
  assert.deepEqual(rows.map((r) => [r.panel, r.depth, r.width, r.precision, r.paper.count, r.agrees]), [
    ["depth", 1, 256, "float32", 54, false], // 5.4 % is below [13.0–29.3 %]
    ["depth", 3, 256, "float32", 463, true],
    ["depth", 1, 256, "float64", null, null], // the paper did not compute it
    ["width", 3, 256, "float32", 478, true],
  ]);
  assert.equal(rows[0].zerosPerCall, 1e-6);
});

Deno.test("deno task mnist_bifurcation refuses bad flags and a bad --from in one line, with exit code 2", async () => {
  const refused = async (args: string[], pattern: RegExp) => {
    await assert.rejects(() => runBifurcationCommand(args, { status: () => {} }), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.describe((input) => `--${input}`), pattern);
      return true;
    });
  };
  await refused(["--inits-float64", "-1"], /^--inits-float64 must be an integer in \[1, 100000\], got "-1"$/);
  await refused(["--images", "60001"], /^--images must be an integer in \[1, 60000\]/);
  await refused(["--workers", "two"], /^--workers must be an integer/);
  const dir = await Deno.makeTempDir({ prefix: "mnist_bifurcation_test_" });
  try {
    await Deno.writeTextFile(`${dir}/bad.json`, JSON.stringify({ cells: [{ depth: 1 }] }));
    await refused(["--from", `${dir}/bad.json`, "--out", dir], /bad\.json is not a bifurcation record: cell 0 needs/);
    await refused(["--from", `${dir}/missing.json`, "--out", dir], /^cannot read --from .*missing\.json/);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["bad.json"], "nothing written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const out = await runDeno(["run", "--allow-read=.", "scripts/mnist_bifurcation.ts", "--inits", "0"]);
  assert.equal(out.code, 2);
  assert.equal(out.stderr.trim(), 'error: --inits must be an integer in [1, 100000], got "0"');
});

Deno.test("--from re-renders the committed record into the committed tables and figure, byte for byte", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mnist_bifurcation_test_" });
  try {
    const lines = await runBifurcationCommand(["--from", `${ROOT}/figures/mnist_bifurcation.json`, "--out", dir], {
      status: () => {},
    });
    assert.equal(lines?.length, 5); // with PyTorch's committed record, whose cells the Markdown sets beside ours
    for (
      const name of [
        ...["json", "md", "svg", "vl.json"].map((ext) => `mnist_bifurcation.${ext}`),
        "mnist_bifurcation_torch.json",
      ]
    ) {
      assert.equal(await Deno.readTextFile(`${dir}/${name}`), await Deno.readTextFile(`${ROOT}/figures/${name}`), name);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("README's MNIST section quotes the generated table and states no number that a quoted file does not hold", async () => {
  const { quotedPaths, quotedText } = await import("../tools/sync_readme.ts");
  const readme = await Deno.readTextFile(`${ROOT}/README.md`);
  const start = readme.indexOf("## relu′(0) in a real network (MNIST)");
  // The bifurcation part: up to the training experiment's subsection (its own test checks that) or the next section.
  const ends = [readme.indexOf("\n### Training with each relu′(0)", start), readme.indexOf("\n## ", start + 1)];
  const end = Math.min(...ends.filter((e) => e > start));
  assert.ok(start >= 0 && end > start, "README has the section");
  const section = readme.slice(start, end);
  const quoted = quotedPaths(section);
  assert.ok(quoted.includes("figures/mnist_bifurcation.md"));
  const numbers = (text: string) => new Set([...text.matchAll(/\d+(?: \d{3})*(?:\.\d+)?/g)].map((m) => m[0]));
  const known = numbers(quoted.map(quotedText(`${ROOT}/`)).join("\n"));
  // The section's own facts of method, not results: the layer sizes and batch, relu′(0) ∈ {0, 0.5, 1},
  // the paper's year and images, float formats, fan_in bounds, and the PyTorch check's 8 images.
  const method = new Set(["0", "0.5", "1", "2021", "255", "256", "784", "10", "8", "16", "32", "64"]);
  const prose = section.replace(/<!-- BEGIN (\S+) -->[\s\S]*?<!-- END \1 -->/g, "");
  const missing = [...numbers(prose)].filter((n) => !known.has(n) && !method.has(n));
  assert.deepEqual(missing, [], "numbers in README's MNIST section that no quoted file holds");
});
