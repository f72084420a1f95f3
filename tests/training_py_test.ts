/**
 * The exported `training.py` (`deno task train -- --formats py`) reproduces
 * the run that wrote it: short runs are trained with the training CLI, their
 * `training.py` is run with /usr/bin/python3 (PyTorch), and it must exit 0
 * and print a largest relative deviation from the stored losses within
 * `TORCH_AGREEMENT` (2^-18, the bound the PyTorch cross-check justifies).
 * The runs start from a zero hidden layer (`--init zero-hidden`), where every
 * pre-activation is exactly 0 at the first update, so relu′(0) (the kink
 * derivative) decides the training and a wrong one shows; relu, leaky relu
 * and tanh. A tampered stored loss, or a script made for another kink
 * derivative or activation, must make the script fail.
 *
 * Also: the committed tools/torch_replay.py is the text that
 * `deno task build:torch_replay` writes from the same replay code.
 *
 * Needs /usr/bin/python3 with PyTorch; where it is missing the tests that run
 * it are ignored with the reason in their name (a failure where CI is set).
 */
import assert from "node:assert/strict";
import type { TrainingRun } from "../mod.ts";
import {
  TORCH_ACTIVATIONS,
  TORCH_AGREEMENT,
  TORCH_MISSING_EXIT,
  torchReplayTool,
} from "../lib/render/torch_replay_py.ts";
import { ACTIVATION_REGISTRY } from "../lib/math/activation_registry.ts";
import { torchReplayRun, TRAINING_PY_DEVIATES, trainingPy } from "../lib/render/training_py.ts";
import { TORCH_REPLAY_PATH } from "../tools/build_torch_replay.ts";
import { inCi, PYTHON, torchMissing } from "./support/python_torch.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

const missing = torchMissing();
const cliMissing = missing ||
  (Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state === "granted"
    ? ""
    : `needs --allow-run=${Deno.execPath()}`);

/** A run's config with another kink derivative (relu'(0)) or activation than its own. */
type Config = TrainingRun["config"];

/**
 * The settings of the exported runs: between them both optimizers, both precisions, three kink derivatives, relu,
 * leaky relu and tanh (on the autodiff engine); and for each, a script made for a wrong setting, which must fail.
 */
const RUNS: readonly { name: string; flags: string[]; wrong: { name: string; config: (c: Config) => Config } }[] = [
  {
    name: "Adam, float32, relu'(0) = random",
    flags: ["--optimizer", "adam", "--lr", "1e-2", "--precision", "float32", "--grad-at-zero", "random"],
    wrong: { name: "relu'(0) = 0.5", config: (c) => ({ ...c, gradAtZero: 0.5 }) },
  },
  {
    name: "SGD, float64, relu'(0) = 0.5",
    flags: ["--optimizer", "sgd", "--lr", "1e-4", "--precision", "float64", "--grad-at-zero", "0.5"],
    wrong: { name: "relu'(0) = random", config: (c) => ({ ...c, gradAtZero: "random" }) },
  },
  {
    name: "SGD, float32, leaky_relu:0.1 with a random kink derivative",
    flags: ["--optimizer", "sgd", "--lr", "1e-4", "--activation", "leaky_relu:0.1", "--grad-at-zero", "random"],
    wrong: { name: "leaky_relu:0.2", config: (c) => ({ ...c, activation: "leaky_relu:0.2" }) },
  },
  {
    name: "Adam, float32, tanh",
    flags: ["--optimizer", "adam", "--lr", "1e-2", "--activation", "tanh"],
    wrong: { name: "sigmoid", config: (c) => ({ ...c, activation: "sigmoid" }) },
  },
];

/** Trains with the CLI into `dir` (300 epochs from a zero hidden layer, cpu), writing training.json and training.py. */
async function train(dir: string, flags: readonly string[]): Promise<void> {
  const args = [
    ...["--backend", "cpu", "--epochs", "300", "--every", "100", "--init", "zero-hidden", "--seed", "3"],
    ...flags,
    ...["--formats", "json,py", "--out", dir],
  ];
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", `--allow-read=${ROOT},${dir}`, `--allow-write=${dir}`, "scripts/training.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(out.code, 0, decode(out.stderr));
}

/** Runs a training.py; returns its exit status, its output and the deviation its last line states. */
async function runScript(path: string): Promise<{ code: number; stdout: string; stderr: string; deviation: number }> {
  const out = await new Deno.Command(PYTHON, { args: [path], stdout: "piped", stderr: "piped" }).output();
  const stdout = decode(out.stdout);
  const match = stdout.match(
    /largest relative deviation from the stored losses: (\S+) at epoch \d+ \(bound (\S+)\)\n$/,
  );
  assert.ok(match, `training.py's last line states its deviation and bound:\n${stdout}\n${decode(out.stderr)}`);
  assert.equal(Number(match[2]).toExponential(3), TORCH_AGREEMENT.toExponential(3));
  return { code: out.code, stdout, stderr: decode(out.stderr), deviation: Number(match[1]) };
}

Deno.test("tools/torch_replay.py is what deno task build:torch_replay writes from lib/render/torch_replay_py.ts", async () => {
  const committed = await Deno.readTextFile(`${ROOT}/${TORCH_REPLAY_PATH}`);
  assert.ok(committed === torchReplayTool(), `${TORCH_REPLAY_PATH} is stale: run deno task build:torch_replay`);
});

Deno.test("every smooth activation of the registry has a PyTorch function in the replay", () => {
  const smooth = ACTIVATION_REGISTRY.map((e) => e.make()).filter((a) => a.kind === "smooth").map((a) => a.name);
  assert.ok(smooth.length > 0);
  assert.deepEqual(Object.keys(TORCH_ACTIVATIONS).sort(), [...smooth].sort());
});

Deno.test("training.py takes the run's activation: the slopes of a piecewise one, the name of a smooth one", () => {
  const run: TrainingRun = {
    config: {
      hidden: 1,
      epochs: 1,
      lr: 1e-4,
      optimizer: "sgd",
      seed: 0,
      every: 1,
      points: 2,
      xMin: -1,
      xMax: 1,
      gradAtZero: 0,
      init: "pytorch",
      precision: "float32",
      backend: "cpu",
    } as TrainingRun["config"],
    x: [-1, 1],
    y: [-1, 1],
    losses: [1, 0.5],
    snapshots: [{ epoch: 0, loss: 1, w0: [1], b0: [0], w1: [1], b1: 0 }],
  };
  // config.activation, typed loosely so that this holds before and after the setting is in TrainingConfig
  const withActivation = (activation: string) =>
    trainingPy({ ...run, config: { ...run.config, ...{ activation } as Partial<TrainingRun["config"]> } });
  assert.ok(!trainingPy(run).includes('"slopes": {') && !trainingPy(run).includes('"smooth": '));
  assert.ok(withActivation("leaky_relu:0.1").includes(`"slopes": {"left": ${Math.fround(0.1)}, "right": 1},`));
  assert.ok(withActivation("abs").includes('"slopes": {"left": -1, "right": 1},'));
  assert.ok(withActivation("tanh").includes('"smooth": "tanh",'));
  assert.ok(!withActivation("relu").includes('"slopes": {'));
});

if (missing && inCi()) {
  Deno.test(`the training.py export runs in CI (CI is set, but ${missing})`, () => {
    assert.fail(`the exported training.py must be run in CI: ${missing}; install Debian's python3-torch`);
  });
}

for (const { name, flags, wrong } of RUNS) {
  Deno.test({
    name: `training.py of a 300-epoch run (${name}) reproduces its losses within 2^-18 relative, and fails when ` +
      `tampered with` + (cliMissing ? ` (ignored: ${cliMissing})` : ""),
    ignore: cliMissing !== "",
    fn: async (t) => {
      const dir = await Deno.makeTempDir({ prefix: "training-py-" });
      try {
        await train(dir, flags);
        const run = JSON.parse(await Deno.readTextFile(`${dir}/training.json`)) as TrainingRun;
        const script = await Deno.readTextFile(`${dir}/training.py`);

        await t.step("the CLI's training.py is trainingPy of the run it wrote", () => {
          assert.ok(script === trainingPy(run));
        });

        await t.step("it exits 0 and prints a largest relative deviation within the bound", async () => {
          const { code, deviation, stdout, stderr } = await runScript(`${dir}/training.py`);
          assert.equal(code, 0, `${stdout}\n${stderr}`);
          assert.ok(deviation <= TORCH_AGREEMENT, `deviation ${deviation}`);
        });

        await t.step("without PyTorch (python3 -S: no site packages) it says so on one line and exits 3", async () => {
          const out = await new Deno.Command(PYTHON, {
            args: ["-S", `${dir}/training.py`],
            stdout: "null",
            stderr: "piped",
          }).output();
          assert.equal(out.code, TORCH_MISSING_EXIT);
          assert.match(
            decode(out.stderr),
            /^\S+training\.py needs PyTorch and numpy \(.*\); install them, e\.g\. pip .*\n$/,
          );
        });

        await t.step("a stored loss moved by 1e-5 relative makes it exit 1", async () => {
          const losses = run.losses.map((l, k) => k === 150 ? l * (1 + 1e-5) : l);
          await Deno.writeTextFile(`${dir}/tampered.py`, trainingPy({ ...run, losses }));
          const { code, deviation, stderr } = await runScript(`${dir}/tampered.py`);
          assert.equal(code, TRAINING_PY_DEVIATES);
          assert.ok(deviation > TORCH_AGREEMENT && deviation < 2e-5, `deviation ${deviation}`);
          assert.match(stderr, /deviate from the stored ones by more than/);
        });

        if ((run.config as { activation?: string }).activation !== undefined) {
          await t.step(
            "tools/torch_replay.py refuses the bare training.json and replays torchReplayRun's",
            async () => {
              const replay = (file: string) =>
                new Deno.Command(PYTHON, {
                  args: [`${ROOT}/${TORCH_REPLAY_PATH}`, file],
                  stdout: "piped",
                  stderr: "piped",
                })
                  .output();
              const bare = await replay(`${dir}/training.json`);
              assert.notEqual(bare.code, 0);
              assert.match(decode(bare.stderr), /needs run\['slopes'\] or run\['smooth'\]/);
              await Deno.writeTextFile(`${dir}/replay.json`, JSON.stringify(torchReplayRun(run)));
              const out = await replay(`${dir}/replay.json`);
              assert.equal(out.code, 0, decode(out.stderr));
              const { losses } = JSON.parse(decode(out.stdout)) as { losses: number[] };
              const worst = Math.max(...run.losses.map((l, k) => Math.abs(losses[k] - l) / Math.abs(l)));
              assert.ok(worst <= TORCH_AGREEMENT, `deviation ${worst}`);
            },
          );
        }

        await t.step(`a script made for ${wrong.name} instead exits 1`, async () => {
          await Deno.writeTextFile(`${dir}/wrong.py`, trainingPy({ ...run, config: wrong.config(run.config) }));
          const { code, deviation } = await runScript(`${dir}/wrong.py`);
          assert.equal(code, TRAINING_PY_DEVIATES);
          assert.ok(deviation > 10 * TORCH_AGREEMENT, `deviation ${deviation}`);
        });
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
