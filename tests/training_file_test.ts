import assert from "node:assert/strict";
import { UsageError } from "../lib/errors.ts";
import { flagName } from "../lib/cli/flags.ts";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import { targetData } from "../lib/model/regressor.ts";

/** A small valid run: H = 2, 4 epochs, a snapshot every 2, 3 points. */
function validRun() {
  const params = { w0: [0.5, -0.25], b0: [0.125, 1], w1: [0.75, -0.5], b1: 0.1 };
  return {
    config: {
      hidden: 2,
      epochs: 4,
      lr: 0.0001,
      optimizer: "sgd",
      seed: 0,
      every: 2,
      points: 3,
      xMin: -1,
      xMax: 1,
      gradAtZero: 0,
      init: "pytorch",
      precision: "float32",
      backend: "cpu",
    },
    x: [-1, 0, 1],
    y: [-1, 0, 1],
    losses: [5, 4, 3, 2, 1],
    snapshots: [
      { epoch: 0, loss: 5, ...params },
      { epoch: 2, loss: 3, ...params },
      { epoch: 4, loss: 1, ...params },
    ],
  };
}

type Run = ReturnType<typeof validRun>;
// deno-lint-ignore no-explicit-any
type Loose = any;

Deno.test("parseTrainingRun() accepts a valid run and returns exactly its fields", () => {
  const run = validRun();
  assert.deepEqual(parseTrainingRun(JSON.stringify(run), "run.json"), run);
  const extra = { ...run, comment: "ignored", config: { ...run.config, gradAtZero: "random" } };
  const parsed = parseTrainingRun(JSON.stringify(extra), "run.json");
  assert.equal(parsed.config.gradAtZero, "random");
  assert.ok(!("comment" in parsed));
});

Deno.test("parseTrainingRun() reads a run saved before init and precision were recorded as pytorch and float32", () => {
  const { init: _init, precision: _precision, ...old } = validRun().config;
  const parsed = parseTrainingRun(JSON.stringify({ ...validRun(), config: old }), "run.json");
  assert.equal(parsed.config.init, "pytorch");
  assert.equal(parsed.config.precision, "float32");
});

Deno.test("parseTrainingRun() refuses an unknown init or precision, naming the field", () => {
  for (const [field, value] of [["init", "zeros"], ["precision", "float16"]]) {
    const bad = { ...validRun(), config: { ...validRun().config, [field]: value } };
    assert.throws(
      () => parseTrainingRun(JSON.stringify(bad), "run.json"),
      new RegExp(`config\\.${field} must be one of`),
    );
  }
});

/** [what, how to break a valid run (or raw text), the message expected after "--from run.json"] */
const BAD: [string, ((r: Run) => void) | string, RegExp][] = [
  [
    "text that is not JSON",
    "{ config: 1",
    /^--from run\.json must be a JSON training run \(training\.json\); it is not JSON: /,
  ],
  ["an array at the top", "[]", /the file must be an object, got an array of 0/],
  ["a missing config", (r) => delete (r as Loose).config, /config must be an object, got undefined/],
  ["hidden 0", (r) => r.config.hidden = 0, /config\.hidden must be an integer in \[1, 4096\], got 0/],
  ["hidden too large", (r) => r.config.hidden = 5000, /config\.hidden must be an integer in \[1, 4096\], got 5000/],
  [
    "hidden as a string",
    (r) => (r.config as Loose).hidden = "7",
    /config\.hidden must be an integer in \[1, 4096\], got "7"/,
  ],
  ["fractional epochs", (r) => r.config.epochs = 4.5, /config\.epochs must be an integer in \[1, 1000000\], got 4\.5/],
  ["epochs beyond the cap", (r) => r.config.epochs = 2e6, /config\.epochs must be an integer in \[1, 1000000\]/],
  ["lr 0", (r) => r.config.lr = 0, /config\.lr must be a finite number in \(0, 10\], got 0/],
  [
    "lr null (NaN in JSON.stringify)",
    (r) => r.config.lr = NaN,
    /config\.lr must be a finite number in \(0, 10\], got null/,
  ],
  [
    "an unknown optimizer",
    (r) => r.config.optimizer = "rmsprop",
    /config\.optimizer must be one of sgd, adam, got "rmsprop"/,
  ],
  ["a negative seed", (r) => r.config.seed = -1, /config\.seed must be an integer in \[0, 4294967295\], got -1/],
  ["every above epochs", (r) => r.config.every = 5, /config\.every must be an integer in \[1, 4\], got 5/],
  ["1 point", (r) => r.config.points = 1, /config\.points must be an integer in \[2, 1000000\], got 1/],
  ["points × hidden too large", (r) => {
    r.config.points = 1_000_000;
    r.config.hidden = 100;
  }, /config\.points × config\.hidden must be at most 16777216, got 100000000/],
  ["xMax not above xMin", (r) => r.config.xMax = -1, /config\.xMax must be greater than config\.xMin = -1, got -1/],
  ["xMin out of range", (r) => r.config.xMin = -1e9, /config\.xMin must be a finite number in \[-1000, 1000\]/],
  [
    "gradAtZero 2",
    (r) => r.config.gradAtZero = 2,
    /config\.gradAtZero must be a number in \[-1, 1\] between the activation's slopes \(\[0, 1\] for relu\) or "random", got 2/,
  ],
  ["gradAtZero as text", (r) => (r.config as Loose).gradAtZero = "0.5", /config\.gradAtZero must be .* got "0\.5"/],
  [
    "an unknown backend",
    (r) => r.config.backend = "webgl",
    /config\.backend must be one of webgpu, cpu, wasm, got "webgl"/,
  ],
  ["x shorter than points", (r) => r.x.pop(), /x must be an array of 3 numbers, got an array of 2/],
  // Data that passed validation once and then crashed or bloated the renderer (drawn far outside the axes):
  [
    "x far outside [xMin, xMax]",
    (r) => r.x = r.x.map(() => 1e6),
    /x\[0\] must be within \[config\.xMin, config\.xMax\] = \[-1, 1\], got 1000000/,
  ],
  [
    "x scaled by 100",
    (r) => r.x = r.x.map((v) => v * 100),
    /x\[0\] must be within \[config\.xMin, config\.xMax\] = \[-1, 1\], got -100/,
  ],
  ["y that is not x³", (r) => r.y[2] = 1e300, /y\[2\] must be f\(x\[2\]\) = 1 \(the target y = x³\), got 1e\+300/],
  ["y off x³ by more than float32 rounding", (r) => r.y[0] = -1 - 2 ** -16, /y\[0\] must be f\(x\[0\]\) = -1/],
  ["an input range too narrow to draw", (r) => {
    r.config.xMin = 1e-320;
    r.config.xMax = 2e-320;
    r.x = [1e-320, 1.5e-320, 2e-320];
    r.y = [0, 0, 0];
  }, /config\.xMin and config\.xMax must be a range the plots can draw .*, got 1e-320 and 2e-320: its width 1e-320/],
  ["x as an object", (r) => (r as Loose).x = { 0: 1 }, /x must be an array of 3 numbers, got an object/],
  ["a string in y", (r) => (r.y as Loose)[1] = "0", /y\[1\] must be a finite number, got "0"/],
  ["null (NaN) in y", (r) => r.y[2] = Infinity, /y\[2\] must be a finite number, got null/],
  ["losses of the wrong length", (r) => r.losses.push(0), /losses must be an array of 5 numbers, got an array of 6/],
  ["a negative loss", (r) => r.losses[3] = -2, /losses\[3\] must be a finite number >= 0, got -2/],
  ["no snapshots", (r) => r.snapshots = [], /snapshots must be an array of 2 to 10001 snapshots, got an array of 0/],
  ["a snapshot that is not an object", (r) => (r.snapshots as Loose)[1] = 3, /snapshots\[1\] must be an object, got 3/],
  ["a first snapshot after epoch 0", (r) => {
    r.snapshots[0].epoch = 1;
    r.snapshots[0].loss = 4;
  }, /snapshots\[0\]\.epoch must be 0 \(the first snapshot holds the initial parameters\), got 1/],
  [
    "a negative epoch",
    (r) => r.snapshots[0].epoch = -2,
    /snapshots\[0\]\.epoch must be an integer in \[0, 4\], got -2/,
  ],
  ["epochs out of order", (r) => {
    r.snapshots[1].epoch = 4;
    r.snapshots[1].loss = 1;
    r.snapshots[2].epoch = 2;
  }, /snapshots\[2\]\.epoch must be greater than snapshots\[1\]\.epoch = 4 \(epochs increase\), got 2/],
  ["a last snapshot before epochs", (r) => {
    r.snapshots[2].epoch = 3;
    r.snapshots[2].loss = 2;
  }, /snapshots\[2\]\.epoch must be 4 \(the last snapshot is at config\.epochs\), got 3/],
  [
    "a snapshot loss that disagrees with losses",
    (r) => r.snapshots[1].loss = 3.5,
    /snapshots\[1\]\.loss must be losses\[2\] = 3, got 3\.5/,
  ],
  [
    "w0 of the wrong length",
    (r) => r.snapshots[2].w0 = [1],
    /snapshots\[2\]\.w0 must be an array of 2 numbers, got an array of 1/,
  ],
  [
    "a string in w1",
    (r) => (r.snapshots[0].w1 as Loose)[0] = "x",
    /snapshots\[0\]\.w1\[0\] must be a finite number, got "x"/,
  ],
  [
    "a missing b1",
    (r) => delete (r.snapshots[1] as Loose).b1,
    /snapshots\[1\]\.b1 must be a finite number, got undefined/,
  ],
];

for (const [what, breakIt, pattern] of BAD) {
  Deno.test(`parseTrainingRun() refuses ${what} with one line naming --from and the field`, () => {
    let text: string;
    if (typeof breakIt === "string") {
      text = breakIt;
    } else {
      const run = validRun();
      breakIt(run);
      text = JSON.stringify(run);
    }
    assert.throws(
      () => parseTrainingRun(text, "run.json"),
      (e: unknown) => {
        assert.ok(e instanceof UsageError, `a UsageError, got ${e}`);
        assert.ok(!e.message.includes("\n"), e.message);
        // The library names the file by its own name; the command line names it by its flag.
        assert.match(e.message, /^runFile run\.json/);
        const cli = e.describe(flagName);
        assert.match(cli, /^--from run\.json/);
        assert.match(cli, pattern);
        return true;
      },
    );
  });
}

Deno.test("parseTrainingRun() reads NaN and Infinity written as bare words as not JSON", () => {
  const text = JSON.stringify(validRun()).replace('"lr":0.0001', '"lr":NaN');
  assert.throws(() => parseTrainingRun(text, "run.json"), /it is not JSON/);
});

Deno.test("parseTrainingRun() accepts the inputs and targets the trainer makes, rounded to float32", () => {
  // -10.1 and 3.3 are not float32 numbers: the first input, rounded, lies just outside [xMin, xMax].
  const data = targetData({ points: 5, xMin: -10.1, xMax: 3.3 });
  assert.ok(data.x[0] < -10.1, "float32 rounding moved x[0] below xMin");
  const run = { ...validRun(), ...data, config: { ...validRun().config, points: 5, xMin: -10.1, xMax: 3.3 } };
  assert.deepEqual(parseTrainingRun(JSON.stringify(run), "run.json").x, data.x);
});

Deno.test("parseTrainingRun() quotes at most a short, escaped excerpt of the first line of a file that is not JSON", () => {
  const secret = "root:x:0:0:root:/root:/bin/bash\u001b[2J\nsecond line: also secret";
  for (const text of [secret, `\u001b[2Jroot:x:0:0:root:/root`, "#!/bin/sh\nrm -rf /"]) {
    assert.throws(() => parseTrainingRun(text, "x.json"), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /it is not JSON: .*; its first line starts "/);
      assert.doesNotMatch(e.message, /[^\x20-\x7e]/, "nothing but printable ASCII");
      const quoted = e.message.slice(e.message.indexOf("its first line starts"));
      assert.ok(
        !e.message.includes("/bin/bash") && !e.message.includes("second line") && !e.message.includes("rm -rf"),
      );
      assert.ok(quoted.length <= "its first line starts ".length + 16 * 6 + 5, quoted);
      return true;
    });
  }
  assert.throws(() => parseTrainingRun("", "x.json"), { message: /it is not JSON: the file is empty$/ });
});

Deno.test("parseTrainingRun() quotes a string where another value belongs by a short, escaped excerpt", () => {
  const run = {
    ...validRun(),
    config: { ...validRun().config, optimizer: "root:x:0:0:root:/root:/bin/bash\u001b[2J" },
  };
  assert.throws(() => parseTrainingRun(JSON.stringify(run), "x.json"), {
    message: `runFile x.json: config.optimizer must be one of sgd, adam, got "root:x:0:0:root:/root:/b..."`,
  });
});
