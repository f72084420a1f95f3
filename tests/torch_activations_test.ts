/**
 * The PyTorch cross-check (`tests/torch_crosscheck_test.ts`) for every
 * piecewise-linear activation of the registry and every kink convention
 * (`tests/support/activations.ts`): 300 updates from a zero hidden layer
 * (w0 = b0 = 0, so all P·H pre-activations are exactly 0 at the first update
 * and the kink derivative decides the training), trained by the fused engine
 * on the cpu backend, are replayed by tools/torch_replay.py (its
 * `PiecewiseLinear` autograd.Function, with the run's slopes) and the two loss
 * curves must agree at every epoch within `TORCH_AGREEMENT` (2^-18 relative),
 * with the same exact-zero counts. Ignored, with the reason in its name, where
 * PyTorch is missing (a failure in CI: the cross-check's own test says so).
 *
 * @module
 */
import assert from "node:assert/strict";
import { selectBackend } from "../lib/engine/mod.ts";
import type { GradAtZero, OptimizerName } from "../lib/model/mod.ts";
import { TORCH_AGREEMENT } from "../lib/render/torch_replay_py.ts";
import { conventions, PIECEWISE_MEMBERS } from "./support/activations.ts";
import { PYTHON, torchMissing } from "./support/python_torch.ts";
import { zeroHiddenRun } from "./support/zero_hidden_run.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const REPLAY = `${ROOT}/tools/torch_replay.py`;
const EPOCHS = 300;
/**
 * Learning rates: half of the relu cross-check's. At its SGD 1e-4, abs (whose units all have slope ±1) oscillates
 * from about update 100 (loss 44k, 29k, 58k ten updates apart) and float32 differences of 1e-7 grow to 3e-5 within
 * ten updates, a chaotic phase where no two implementations stay within 2^-18.
 */
const LR: Record<OptimizerName, number> = { sgd: 5e-5, adam: 5e-3 };
const missing = torchMissing();

interface Case {
  activation: string;
  gradAtZero: GradAtZero;
  optimizer: OptimizerName;
  run: Record<string, unknown> & { losses: number[] };
  zeros: number[];
}

/** A zero-hidden run of the essay's model with an activation, in the run-file shape, with its slopes. */
async function zeroHiddenCase(activation: string, gradAtZero: GradAtZero, optimizer: OptimizerName): Promise<Case> {
  const { run, zeros } = await zeroHiddenRun({ activation, gradAtZero, optimizer, lr: LR[optimizer], epochs: EPOCHS });
  return { activation, gradAtZero, optimizer, run, zeros };
}

async function replayAll(cases: readonly Case[]): Promise<{ losses: number[]; zeros: number[] }[]> {
  const dir = await Deno.makeTempDir({ prefix: "torch-activations-" });
  try {
    const files = await Promise.all(cases.map(async (c, i) => {
      const file = `${dir}/run_${i}.json`;
      await Deno.writeTextFile(file, JSON.stringify(c.run));
      return file;
    }));
    const out = await new Deno.Command(PYTHON, { args: [REPLAY, ...files], stdout: "piped", stderr: "piped" }).output();
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    assert.equal(out.code, 0, `${REPLAY} failed:\n${decode(out.stderr)}`);
    return decode(out.stdout).trim().split("\n").map((line) => JSON.parse(line));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function worst(curve: readonly number[], reference: readonly number[]): { value: number; epoch: number } {
  let w = { value: 0, epoch: 0 };
  reference.forEach((r, epoch) => {
    const value = Math.abs(curve[epoch] - r) / Math.abs(r);
    if (!(value <= w.value)) w = { value, epoch };
  });
  return w;
}

const members = PIECEWISE_MEMBERS.filter((a) => a !== "relu"); // relu: tests/torch_crosscheck_test.ts

Deno.test({
  name: `PyTorch replays zero-hidden runs of ${members.join(", ")} with every kink convention, SGD and Adam, ` +
    `with the same loss at every epoch and the same zero counts` + (missing ? ` (ignored: ${missing})` : ""),
  ignore: missing !== "",
  fn: async (t) => {
    await selectBackend("cpu");
    const cases: Case[] = [];
    for (const activation of members) {
      for (const gradAtZero of conventions(activation)) {
        for (const optimizer of ["sgd", "adam"] as const) {
          cases.push(await zeroHiddenCase(activation, gradAtZero, optimizer));
        }
      }
    }
    const replays = await replayAll(cases);
    const measured: number[] = [];
    for (const [i, c] of cases.entries()) {
      const what = `${c.activation}, kink ${c.gradAtZero}, ${c.optimizer}`;
      await t.step(`${what}: within 2^-18 relative, same zero counts (all P·H at the first update)`, () => {
        const { value, epoch } = worst(replays[i].losses, c.run.losses);
        measured.push(value);
        assert.ok(
          value <= TORCH_AGREEMENT,
          `${what}: at epoch ${epoch} PyTorch has ${replays[i].losses[epoch]}, the project ${c.run.losses[epoch]}`,
        );
        assert.equal(c.zeros[0], 300 * 7);
        assert.deepEqual(replays[i].zeros, c.zeros);
      });
    }
    console.log(`largest relative deviation over ${cases.length} runs: ${Math.max(...measured).toExponential(2)}`);
    await t.step("the kink convention matters: each member's curves differ by more than 10 tolerances", () => {
      for (const activation of members) {
        for (const optimizer of ["sgd", "adam"] as const) {
          const mine = cases.filter((c) => c.activation === activation && c.optimizer === optimizer);
          // abs is even: kinks −1 and 1 mirror w0, b0 and give one curve; identity has one fixed kink
          const fixed = mine.filter((c) =>
            c.gradAtZero !== "random" && !(c.activation === "abs" && c.gradAtZero === 1)
          );
          for (let a = 0; a < fixed.length; a++) {
            for (let b = a + 1; b < fixed.length; b++) {
              assert.ok(worst(fixed[a].run.losses, fixed[b].run.losses).value > 10 * TORCH_AGREEMENT, activation);
            }
          }
        }
      }
    });
  },
});
