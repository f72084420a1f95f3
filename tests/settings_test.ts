/**
 * The settings registry (`lib/model/settings.ts`) is the one definition of
 * each run setting: every entry point (a flag of `deno task train`, a run
 * file, the page's link, an engine) accepts what it accepts, defaults to its
 * default and refuses a value in its words. In process: no subprocess per
 * bad value.
 */
import assert from "node:assert/strict";
import { ENGINE_LR, RUN_SETTINGS, runDefaults, type RunSettingName } from "../lib/model/settings.ts";
import { narrowed, refusal, type Setting } from "../lib/model/setting_kinds.ts";
import { ESSAY } from "../lib/essay.ts";
import { TRAINING_FLAGS } from "../lib/cli/training.ts";
import { parseFlags } from "../lib/cli/flags.ts";
import { UsageError } from "../lib/errors.ts";
import { flagName } from "../lib/cli/flags.ts";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import { readSetting } from "../lib/explore/config.ts";
import { checkEngineSpec } from "../lib/engine/contract.ts";

/** `text` as a literal in a regular expression. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The flag of each run setting. */
const FLAG: Record<RunSettingName, keyof typeof TRAINING_FLAGS> = {
  hidden: "hidden",
  epochs: "epochs",
  lr: "lr",
  optimizer: "optimizer",
  seed: "seed",
  every: "every",
  points: "points",
  xMin: "x-min",
  xMax: "x-max",
  gradAtZero: "grad-at-zero",
  init: "init",
  precision: "precision",
  target: "target",
  noise: "noise",
  testFraction: "test-fraction",
  activation: "activation",
};

const COMMAND = { usage: "deno task train --", summary: "", flags: TRAINING_FLAGS };

/** The message of a usage error as the scripts print it (without `error: `). */
function usage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.describe(flagName);
    throw e;
  }
  assert.fail("no usage error");
}

/** A valid run file with one config field replaced. */
function runFileWith(field: string, value: unknown): string {
  const config = { ...ESSAY, hidden: 1, epochs: 1, every: 1, points: 2, backend: "cpu", [field]: value };
  const snapshot = (epoch: number) => ({ epoch, loss: 1, w0: [0], b0: [0], w1: [0], b1: 0 });
  return JSON.stringify({ config, x: [-10, 10], y: [-1000, 1000], losses: [1, 1], snapshots: [0, 1].map(snapshot) });
}

Deno.test("the essay's setting is the registry's defaults, and every flag of deno task train defaults to it", () => {
  assert.deepEqual({ ...ESSAY }, runDefaults());
  for (const [name, flag] of Object.entries(FLAG) as [RunSettingName, keyof typeof TRAINING_FLAGS][]) {
    assert.equal(TRAINING_FLAGS[flag].default, RUN_SETTINGS[name].default, name);
    assert.equal(TRAINING_FLAGS[flag].accepted, RUN_SETTINGS[name].accepted, name);
  }
});

Deno.test("every setting reads back its default as formatted, and accepts it", () => {
  for (const [name, setting] of Object.entries(RUN_SETTINGS) as [string, Setting<unknown>][]) {
    assert.ok(setting.accepts(setting.default), name);
    assert.deepEqual(setting.parse(setting.format(setting.default)), setting.default, name);
  }
});

/** One value each setting refuses, as text and as it sits in JSON. */
const REFUSED: Record<RunSettingName, [string, unknown]> = {
  hidden: ["0", 0],
  epochs: ["1.5", 1.5],
  lr: ["0", 0],
  optimizer: ["rmsprop", "rmsprop"],
  seed: ["-1", -1],
  every: ["0", 0],
  points: ["1", 1],
  xMin: ["-1e9", -1e9],
  xMax: ["1e9", 1e9],
  gradAtZero: ["2", 2],
  init: ["xavier", "xavier"],
  precision: ["float16", "float16"],
  target: ["cube", "cube"],
  noise: ["-1", -1],
  testFraction: ["0.95", 0.95],
  activation: ["swish", "swish"],
};

Deno.test("a value refused by a flag is refused by a run file in the same words", () => {
  for (const [name, [text, json]] of Object.entries(REFUSED) as [RunSettingName, [string, unknown]][]) {
    const setting = RUN_SETTINGS[name] as Setting<unknown>;
    assert.equal(setting.parse(text), undefined, name);
    assert.equal(setting.accepts(json), false, name);
    const flag = `--${FLAG[name]}`;
    assert.equal(usage(() => parseFlags([flag, text], COMMAND)), refusal(flag, setting, `"${text}"`));
    const shown = typeof json === "string" ? `"${json}"` : String(json);
    assert.equal(
      usage(() => parseTrainingRun(runFileWith(name, json), "run.json")),
      // --every is bounded by the run's epochs too (1 here), with the words of the same kind.
      `--from run.json: ${
        refusal(`config.${name}`, name === "every" ? narrowed(RUN_SETTINGS.every, { max: 1 }) : setting, shown)
      }`,
      name,
    );
  }
});

Deno.test("the page's link and the engines refuse a learning rate, an optimizer and relu'(0) in the registry's words", () => {
  const words = (s: Setting<unknown>) => `must be ${s.accepted}, got`;
  assert.deepEqual(readSetting("lr", "0"), { error: refusal("lr", RUN_SETTINGS.lr, '"0"') });
  assert.deepEqual(readSetting("optimizer", "rmsprop"), {
    error: refusal("optimizer", RUN_SETTINGS.optimizer, '"rmsprop"'),
  });
  assert.deepEqual(readSetting("grad", "2"), {
    error: refusal("kink derivative f′(0)", RUN_SETTINGS.gradAtZero, '"2"'), // any activation's kink
  });
  assert.ok(usage(() => parseFlags(["--grad-at-zero", "2"], COMMAND)).includes(words(RUN_SETTINGS.gradAtZero)));
  const spec = {
    x: [0, 1],
    y: [0, 1],
    seeds: [0],
    lr: 0.1,
    optimizer: "sgd" as const,
    gradAtZero: 0,
    init: [{ w0: [1], b0: [0], w1: [1], b1: 0 }],
  };
  const refused = (s: Partial<typeof spec> | Record<string, unknown>) => {
    try {
      checkEngineSpec({ ...spec, ...s } as typeof spec, "fused");
    } catch (e) {
      return (e as Error).message;
    }
    return "accepted";
  };
  assert.match(refused({ gradAtZero: 2 }), new RegExp(`gradAtZero ${escape(words(RUN_SETTINGS.gradAtZero))} 2$`));
  assert.match(refused({ optimizer: "rmsprop" }), new RegExp(`${escape(words(RUN_SETTINGS.optimizer))} "rmsprop"$`));
  assert.match(refused({ precision: "float16" }), new RegExp(`${escape(words(RUN_SETTINGS.precision))} "float16"$`));
  assert.match(refused({ lr: 0 }), new RegExp(`lr ${escape(words(ENGINE_LR))} 0$`));
  assert.equal(refused({ lr: 8192 }), "accepted", "an engine takes any positive learning rate");
});

Deno.test("a narrowed range is refused in the same kind of words", () => {
  assert.deepEqual(readSetting("hidden", "65"), { error: 'H must be an integer in [1, 64], got "65"' });
  assert.deepEqual(readSetting("hidden", "64"), { value: 64 });
  assert.equal(
    usage(() => parseFlags(["--hidden", "4097"], COMMAND)),
    '--hidden must be an integer in [1, 4096], got "4097"',
  );
});
