/**
 * `deno task train --activation`: a piecewise-linear activation trains on the
 * fused engine and a smooth one on autodiff (`--engine auto`), the run file
 * records the activation (and a relu run does not, reading as before), `--from`
 * re-renders it byte for byte, the kink derivative defaults to the frameworks'
 * value and is refused outside the slopes, and `--engine fused` with a smooth
 * activation is refused in one line; the figures draw the activation's own
 * curves and dead units only where a slope is 0.
 *
 * @module
 */
import assert from "node:assert/strict";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import { trainingFrameData } from "../lib/plot/training.ts";
import { activationOf } from "../lib/math/activation_registry.ts";
import { listing } from "./support/subprocess.ts";
import { runInProcess } from "./support/in_process.ts";

async function train(args: string[]) {
  const dir = await Deno.makeTempDir({ dir: "figures", prefix: "tmp_activation_" });
  const r = await runInProcess("training", [...args, "--out", dir]);
  return { r, dir };
}

const SHORT = ["--epochs", "200", "--every", "100", "--formats", "json,svg"];

Deno.test("--activation leaky_relu:0.1 --grad-at-zero random trains on fused, records it, and --from re-renders it", async () => {
  const { r, dir } = await train(["--activation", "leaky_relu:0.1", "--grad-at-zero", "random", ...SHORT]);
  const again = `${dir}_from`;
  try {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /engine: fused/);
    const text = await Deno.readTextFile(`${dir}/training.json`);
    const run = parseTrainingRun(text, "training.json");
    assert.equal(run.config.activation, "leaky_relu:0.1");
    assert.equal(run.config.gradAtZero, "random");
    assert.ok(run.losses.at(-1)! < run.losses[0]);
    // the unit curves are leaky: a unit's activation is negative somewhere (slope 0.1 on its left side)
    const frame = trainingFrameData(run, run.snapshots.length - 1);
    assert.ok((frame.datasets.activations as { y: number }[]).some((p) => p.y < 0));
    const from = await runInProcess("training", [
      "--from",
      `${dir}/training.json`,
      "--formats",
      "json,svg",
      "--out",
      again,
    ]);
    assert.equal(from.code, 0, from.stderr);
    assert.equal(await Deno.readTextFile(`${again}/training.json`), text);
    assert.equal(await Deno.readTextFile(`${again}/training.svg`), await Deno.readTextFile(`${dir}/training.svg`));
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(again, { recursive: true }).catch(() => {});
  }
});

Deno.test("--activation tanh trains on autodiff (engine auto), with tanh curves, and --from re-renders it", async () => {
  const { r, dir } = await train(["--activation", "tanh", ...SHORT]);
  const again = `${dir}_from`;
  try {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /engine: autodiff/);
    const text = await Deno.readTextFile(`${dir}/training.json`);
    const run = parseTrainingRun(text, "training.json");
    assert.deepEqual([run.config.activation, run.config.gradAtZero], ["tanh", 0]);
    const frame = trainingFrameData(run, 0);
    const unit1 = (frame.datasets.activations as { unit: string; x: number; y: number }[]).filter((p) =>
      p.unit === "unit 1"
    );
    assert.equal(unit1.length, 201); // sampled, not breakpoints
    const s = run.snapshots[0];
    unit1.forEach((p) => assert.ok(Math.abs(p.y - Math.tanh(s.w0[0] * p.x + s.b0[0])) < 1e-12));
    assert.match(frame.signals.frameSubtitle, /none dead/);
    const from = await runInProcess("training", [
      "--from",
      `${dir}/training.json`,
      "--formats",
      "json,svg",
      "--out",
      again,
    ]);
    assert.equal(from.code, 0, from.stderr);
    assert.equal(await Deno.readTextFile(`${again}/training.svg`), await Deno.readTextFile(`${dir}/training.svg`));
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(again, { recursive: true }).catch(() => {});
  }
});

Deno.test("a relu run records no activation; a file without one reads as relu", async () => {
  const { r, dir } = await train(SHORT);
  try {
    assert.equal(r.code, 0, r.stderr);
    const text = await Deno.readTextFile(`${dir}/training.json`);
    assert.doesNotMatch(text, /activation/);
    assert.equal(parseTrainingRun(text, "t.json").config.activation, undefined);
    const tampered = JSON.parse(text);
    tampered.config.activation = "abs";
    tampered.config.gradAtZero = -0.5;
    assert.equal(parseTrainingRun(JSON.stringify(tampered), "t.json").config.activation, "abs");
    tampered.config.activation = "relu";
    assert.throws(
      () => parseTrainingRun(JSON.stringify(tampered), "t.json"),
      { message: 'runFile t.json: config.gradAtZero must be a number in [0, 1] or "random", got -0.5' },
    );
    tampered.config.activation = "swish";
    assert.throws(() => parseTrainingRun(JSON.stringify(tampered), "t.json"), /config\.activation must be one of relu/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the kink derivative defaults to the frameworks' value: leaky relu its slope, abs 0, identity 1", async () => {
  for (const [activation, kink] of [["leaky_relu:0.2", Math.fround(0.2)], ["abs", 0], ["identity", 1]] as const) {
    const { r, dir } = await train(["--activation", activation, "--epochs", "3", "--every", "1", "--formats", "json"]);
    try {
      assert.equal(r.code, 0, r.stderr);
      const run = parseTrainingRun(await Deno.readTextFile(`${dir}/training.json`), "t.json");
      assert.equal(run.config.gradAtZero, kink, activation);
      assert.equal(activationOf(activation).defaultKink, kink);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});

Deno.test("a kink derivative is compared with the float32 slopes: leaky_relu:0.1 takes 0.1 itself", async () => {
  const { r, dir } = await train([
    "--activation",
    "leaky_relu:0.1",
    "--grad-at-zero",
    "0.1",
    "--epochs",
    "2",
    "--formats",
    "json",
  ]);
  try {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(parseTrainingRun(await Deno.readTextFile(`${dir}/training.json`), "t.json").config.gradAtZero, 0.1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad activations, kinks and engine combinations are refused in one line, exit 2, nothing written", async () => {
  const cases: [string[], string][] = [
    [
      ["--activation", "swish"],
      "--activation must be one of relu, leaky_relu[:SLOPE] (SLOPE in [0, 1], default 0.01), " +
      'abs, identity, sigmoid, tanh, softplus, gelu, got "swish"',
    ],
    [["--activation", "leaky_relu:1.5"], "--activation must be one of relu"],
    [
      ["--activation", "tanh", "--engine", "fused"],
      "--engine fused cannot train --activation tanh: activation tanh is " +
      "smooth: the fused engine runs relu, leaky_relu, abs, identity only; the autodiff engine runs it",
    ],
    [["--activation", "tanh", "--grad-at-zero", "0.5"], '--grad-at-zero must be 0 (tanh has no kink), got "0.5"'],
    [
      ["--activation", "leaky_relu:0.1", "--grad-at-zero", "0"],
      "--grad-at-zero must be a number in " +
      '[0.1, 1] (between the slopes of leaky_relu:0.1) or "random", got "0"',
    ],
    [["--grad-at-zero", "-0.5"], '--grad-at-zero must be a number in [0, 1] or "random", got "-0.5"'],
    [
      ["--activation", "gelu", "--precision", "float64"],
      "--precision float64 needs the fused engine, which cannot run " +
      "--activation gelu",
    ],
  ];
  for (const [args, message] of cases) {
    const { r, dir } = await train(args);
    try {
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
      assert.ok(r.stderr.startsWith(`error: ${message}`), `${args.join(" ")}: ${r.stderr}`);
      assert.deepEqual(listing(dir), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});
