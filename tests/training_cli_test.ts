import assert from "node:assert/strict";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import { float32SumTolerance, mseFloat64 } from "./support/mse.ts";
import { listing, pool, ROOT, runScript, type ScriptResult } from "./support/subprocess.ts";
import { runInProcess } from "./support/in_process.ts";

/** [args, a pattern the one-line error must match] */
const BAD: [string[], RegExp][] = [
  [["--hidden", "0"], /--hidden must be an integer in \[1, 4096\], got "0"/],
  [["--hidden", "5000"], /--hidden must be an integer in \[1, 4096\]/],
  [["--epochs", "2.5"], /--epochs must be an integer in \[1, 1000000\], got "2.5"/],
  [["--lr", "0"], /--lr must be a finite number in \(0, 10\], got "0"/],
  [["--lr", "NaN"], /--lr must be a finite number in \(0, 10\]/],
  [["--optimizer", "rmsprop"], /--optimizer must be one of sgd, adam, got "rmsprop"/],
  [["--seed", "-1"], /--seed must be an integer in \[0, 4294967295\], got "-1"/],
  [["--points", "1"], /--points must be an integer in \[2, 1000000\], got "1"/],
  [["--points", "1000000", "--hidden", "100"], /--points × --hidden must be at most 16777216, got 1000000 × 100/],
  [["--epochs", "20", "--every", "30"], /--every must be an integer in \[1, --epochs = 20\], got "30"/],
  [
    ["--epochs", "1000000", "--every", "10"],
    /--every must be >= 100 for --epochs 1000000 and --hidden 7 \(at most 10001 snapshots/,
  ],
  [
    ["--hidden", "4096", "--points", "2", "--epochs", "10000", "--every", "1"],
    /--every must be >= 40 for --epochs 10000 and --hidden 4096 \(at most 10001 snapshots and 1048576 snapshots × hidden\), got "1"/,
  ],
  [["--x-min", "3", "--x-max", "-3"], /--x-min must be smaller than --x-max, got 3 and -3/],
  [["--x-max", "1e9"], /--x-max must be a finite number in \[-1000, 1000\]/],
  [
    ["--grad-at-zero", "1.5"],
    /--grad-at-zero must be a number in \[-1, 1\] between the activation's slopes \(\[0, 1\] for relu\) or "random", got "1.5"/,
  ],
  [["--grad-at-zero", "-0.5"], /--grad-at-zero must be a number in \[0, 1\] or "random", got "-0.5"/], // relu's own slopes
  [["--backend", "webgl"], /--backend must be one of auto, webgpu, cpu, wasm, got "webgl"/],
  [["--engine", "jit"], /--engine must be one of auto, fused, autodiff, got "jit"/],
  [["--formats", "json,png"], /--formats must be a comma-separated list of json, svg, gif, html, py, got "json,png"/],
  [["--from", "run.json", "--hidden", "3"], /--hidden cannot be combined with --from/],
  [
    ["--from", "/nonexistent/training.json"],
    /--from must name an existing file; "\/nonexistent\/training.json" does not exist/,
  ],
  [["--from", "deno.json"], /--from deno\.json: config must be an object, got undefined/],
  [["--epochs"], /--epochs needs a value/],
];

/**
 * The rows of {@link BAD} that also run as a real `deno run`: the first, and a missing file outside what this
 * test may read (in process it would be refused for the permission instead); the others run the script's body
 * in this process.
 */
const SPAWNED: readonly number[] = [0, BAD.findIndex(([args]) => args[1] === "/nonexistent/training.json")];

Deno.test("scripts/training.ts refuses bad flags with one error line, exit 2 and nothing written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const spawned = await pool(
      SPAWNED.map((i) => () => runScript("training", [...BAD[i][0], "--out", dir], { writable: dir })),
    );
    const results: ScriptResult[] = [];
    for (const [i, [args]] of BAD.entries()) {
      const j = SPAWNED.indexOf(i);
      results.push(j >= 0 ? spawned[j] : await runInProcess("training", [...args, "--out", dir]));
    }
    assert.ok(SPAWNED.every((i) => i >= 0));
    results.forEach((r, i) => {
      const [args, pattern] = BAD[i];
      const what = `${args.join(" ")} (${SPAWNED.includes(i) ? "deno run" : "in process"})`;
      assert.equal(r.code, 2, `${what}: exit code ${r.code}, stderr ${r.stderr}`);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
      assert.match(lines[0], /^error: /, what);
      assert.match(lines[0], pattern, what);
      assert.equal(r.stdout, "", what);
    });
    assert.deepEqual(listing(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("scripts/training.ts trains a tiny run, names the backend on stderr and writes a valid training.json", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const args = ["--epochs", "20", "--every", "10", "--hidden", "3", "--points", "40", "--formats", "json"];
    const r = await runScript("training", [...args, "--backend", "cpu", "--engine", "autodiff", "--out", dir], {
      writable: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "backend: cpu (asked for with --backend cpu); engine: autodiff\n");
    const path = `${dir}/training.json`;
    const text = await Deno.readTextFile(path);
    assert.equal(r.stdout, `wrote ${path} (${new TextEncoder().encode(text).length} bytes)\n`);
    const run = parseTrainingRun(text, path);
    assert.deepEqual(run.config, {
      hidden: 3,
      epochs: 20,
      lr: 1e-4,
      optimizer: "sgd",
      seed: 0,
      every: 10,
      points: 40,
      xMin: -10,
      xMax: 10,
      gradAtZero: 0,
      init: "pytorch",
      precision: "float32",
      backend: "cpu",
    });
    assert.equal(run.losses.length, 21);
    assert.deepEqual(run.snapshots.map((s) => s.epoch), [0, 10, 20]);
    assert.ok(run.losses[20] < run.losses[0]);
    // the recorded losses are the MSE of the recorded parameters, recomputed in float64
    for (const s of run.snapshots) {
      const mse = mseFloat64(s, run.x, run.y);
      assert.ok(Math.abs(s.loss - mse) <= float32SumTolerance(40) * mse, `epoch ${s.epoch}: ${s.loss} vs ${mse}`);
      assert.equal(s.loss, run.losses[s.epoch]);
    }

    // --from re-renders the saved run without training: the same bytes, no backend line.
    const again = `${dir}/again`;
    const r2 = await runScript("training", ["--from", path, "--formats", "json", "--out", again], {
      writable: dir,
    });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(r2.stderr, "");
    assert.equal(await Deno.readTextFile(`${again}/training.json`), text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("scripts/training.ts stops a diverging run with exit 1, one line suggesting a smaller --lr, and writes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/out`;
    const r = await runScript("training", [
      "--lr",
      "10",
      "--epochs",
      "50",
      "--backend",
      "cpu",
      "--formats",
      "json",
      "--out",
      out,
    ], {
      writable: dir,
    });
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0], /^backend: cpu \(asked for with --backend cpu\); engine: fused$/);
    assert.match(
      lines[1],
      /^error: training diverged at epoch \d+ \(loss = (NaN|Infinity)\); try a smaller --lr \(now 10\)$/,
    );
    assert.deepEqual(listing(dir), [], "not even the --out folder");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("scripts/training.ts without read access to Deno's npm cache (the gif's rasteriser and fonts) stops before training with one line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runScript("training", ["--epochs", "10", "--backend", "cpu", "--out", `${dir}/out`], {
      readable: `${ROOT},${dir}`,
      writable: dir,
    });
    assert.equal(r.code, 2, r.stderr);
    // one line and no backend line: it stops before training
    assert.match(r.stderr, /^error: Requires read access to "[^"]*\.(wasm|ttf)"[^\n]*\n$/);
    assert.equal(r.stdout, "");
    assert.deepEqual(listing(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("scripts/training.ts --help lists every flag with its limits", async () => {
  const r = await runInProcess("training", ["--help"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  for (
    const expected of [
      "--hidden",
      "an integer in [1, 4096]",
      "--lr",
      "a finite number in (0, 10]",
      "--grad-at-zero",
      `a number in [-1, 1] between the activation's slopes ([0, 1] for relu) or "random"`,
      "--activation",
      "one of relu, leaky_relu[:SLOPE]",
      "--backend",
      "one of auto, webgpu, cpu, wasm",
      "--engine",
      "--formats",
      "--from",
      "--out",
      "--every",
      "--x-min",
      "--seed",
    ]
  ) {
    assert.ok(r.stdout.includes(expected), `--help mentions ${expected}`);
  }
});
