/**
 * `scripts/training.ts --from FILE` through the real command line: a file that
 * is not a valid run (not JSON, wrong or missing fields, mismatched lengths,
 * NaN, Infinity, strings, negative or unordered epochs, absurd sizes, values
 * that would overflow the plots) ends with exit code 2, one line
 * `error: --from ...` naming the field and what is accepted, no stack trace,
 * and the output folder, which already holds a previous run's outputs, left
 * exactly as it was. `tests/training_file_test.ts` checks the parser itself.
 *
 * Each file goes through the script's own body in this process (`runMain`'s
 * exit code and line, `runInProcess`); a few also through a real `deno run`,
 * and so do the cases that need a device or permissions narrower than this
 * test's own.
 *
 * Permissions: --allow-read --allow-write=/tmp --allow-run=<deno>.
 */
import assert from "node:assert/strict";
import { toJsonText } from "../lib/render/json.ts";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import { listing, pool, runScript, type ScriptResult } from "./support/subprocess.ts";
import { runInProcess } from "./support/in_process.ts";
import { syntheticRun } from "./support/synthetic_run.ts";
import { mkfifo, symlink } from "./support/links.ts";

// deno-lint-ignore no-explicit-any
type Loose = any;

const VALID = syntheticRun({ hidden: 3, epochs: 20, every: 10, points: 12 });

/** What each bad file holds: raw text, or a change to a copy of a valid run. */
const BAD: [string, string | Uint8Array | ((r: Loose) => unknown), RegExp][] = [
  ["an empty file", "", /must be a JSON training run \(training\.json\); it is not JSON/],
  ["plain text", "epochs: 4000\n", /it is not JSON/],
  ["truncated JSON", toJsonText(VALID).slice(0, 500), /it is not JSON/],
  ["bytes that are not UTF-8", new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x80]), /it is not JSON/],
  ["NaN written as a bare word", toJsonText(VALID).replace('"lr": 0.0001', '"lr": NaN'), /it is not JSON/],
  [
    "a number that overflows to Infinity",
    toJsonText(VALID).replace('"lr": 0.0001', '"lr": 1e999'),
    /config\.lr must be a finite number in \(0, 10\], got Infinity/,
  ],
  ["an array", "[1, 2, 3]", /the file must be an object, got an array of 3/],
  ["null", "null", /the file must be an object, got null/],
  [
    "arrays nested 100000 deep",
    "[".repeat(100_000) + "]".repeat(100_000),
    /^error: --from .*(the file must be an object|it is not JSON)/,
  ],
  ["no config", (r) => delete r.config, /config must be an object, got undefined/],
  ["hidden as a string", (r) => r.config.hidden = "3", /config\.hidden must be an integer in \[1, 4096\], got "3"/],
  ["a fractional hidden", (r) => r.config.hidden = 2.5, /config\.hidden must be an integer in \[1, 4096\], got 2\.5/],
  [
    "a billion hidden units",
    (r) => r.config.hidden = 1e9,
    /config\.hidden must be an integer in \[1, 4096\], got 1000000000/,
  ],
  [
    "1e12 epochs",
    (r) => r.config.epochs = 1e12,
    /config\.epochs must be an integer in \[1, 1000000\], got 1000000000000/,
  ],
  ["a trillion points", (r) => r.config.points = 1e12, /config\.points must be an integer in \[2, 1000000\]/],
  ["a negative every", (r) => r.config.every = -10, /config\.every must be an integer in \[1, 20\], got -10/],
  [
    "an unknown optimizer",
    (r) => r.config.optimizer = "lbfgs",
    /config\.optimizer must be one of sgd, adam, got "lbfgs"/,
  ],
  [
    "gradAtZero outside [0, 1]",
    (r) => r.config.gradAtZero = -0.5,
    /config\.gradAtZero must be a number in \[0, 1\] or "random", got -0\.5/,
  ],
  ["xMin above xMax", (r) => r.config.xMin = 20, /config\.xMax must be greater than config\.xMin = 20/],
  ["x one short", (r) => r.x.pop(), /x must be an array of 12 numbers, got an array of 11/],
  // Once accepted, then crashed the rasteriser after part of the output was written:
  ["x = 1e6 everywhere", (r) => r.x = r.x.map(() => 1e6), /x\[0\] must be within \[config\.xMin, config\.xMax\]/],
  [
    "a unit whose contributions overflow the plots",
    (r) => r.snapshots[1].w1 = r.snapshots[1].w1.map(() => 1e300),
    /--from .* must hold a range the plots can draw .* in every panel: the contributions panel spans/,
  ],
  ["y one long", (r) => r.y.push(0), /y must be an array of 12 numbers, got an array of 13/],
  ["a string in x", (r) => r.x[3] = "1", /x\[3\] must be a finite number, got "1"/],
  ["null (NaN) in y", (r) => r.y[0] = null, /y\[0\] must be a finite number, got null/],
  ["losses one short", (r) => r.losses.pop(), /losses must be an array of 21 numbers, got an array of 20/],
  ["a negative loss", (r) => r.losses[5] = -1, /losses\[5\] must be a finite number >= 0, got -1/],
  [
    "a negative snapshot epoch",
    (r) => r.snapshots[1].epoch = -10,
    /snapshots\[1\]\.epoch must be an integer in \[0, 20\], got -10/,
  ],
  ["snapshot epochs out of order", (r) => {
    r.snapshots[1].epoch = 0;
    r.snapshots[1].loss = r.losses[0];
  }, /snapshots\[1\]\.epoch must be greater than snapshots\[0\]\.epoch = 0 \(epochs increase\), got 0/],
  [
    "a snapshot missing w0",
    (r) => delete r.snapshots[2].w0,
    /snapshots\[2\]\.w0 must be an array of 3 numbers, got undefined/,
  ],
  [
    "w1 as a string",
    (r) => r.snapshots[0].w1 = "0.1,0.2,0.3",
    /snapshots\[0\]\.w1 must be an array of 3 numbers, got "0\.1,0\.2,0\.3"/,
  ],
  ["10002 snapshots", (r) => {
    r.snapshots = Array.from({ length: 10_002 }, (_, i) => ({ ...r.snapshots[0], epoch: i }));
  }, /snapshots must be an array of 2 to 10001 snapshots, got an array of 10002/],
];

function assertRefusedFrom(r: ScriptResult, what: string, pattern: RegExp): void {
  assert.equal(r.code, 2, `${what}: exit code ${r.code}, stderr ${r.stderr}`);
  assert.equal(r.stdout, "", what);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${what}: one stderr line, got ${r.stderr}`);
  assert.match(lines[0], /^error: --from /, `${what}: ${lines[0]}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${what}: no stack trace`);
  assert.match(lines[0], pattern, `${what}: ${lines[0]}`);
}

/** The files of {@link BAD} also run through a real `deno run`: one that is not JSON, one that cannot be drawn. */
const SPAWNED = ["an empty file", "a unit whose contributions overflow the plots"];

/** An output folder holding a previous run's json and svg outputs; returns its listing. */
async function previousOutputs(dir: string): Promise<string[]> {
  const r = await runInProcess("training", [
    "--from",
    `${dir}/valid.json`,
    "--formats",
    "json,svg",
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return listing(`${dir}/out`);
}

Deno.test("training --from a broken file exits 2 with one line naming the field, and leaves the output folder as it was", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hardening-from-" });
  try {
    await Deno.writeTextFile(`${dir}/valid.json`, toJsonText(VALID));
    parseTrainingRun(toJsonText(VALID), "valid.json"); // the starting point itself is valid
    const files = BAD.map(([, breakIt], i) => {
      const path = `${dir}/bad-${i}.json`;
      if (typeof breakIt === "string") Deno.writeTextFileSync(path, breakIt);
      else if (breakIt instanceof Uint8Array) Deno.writeFileSync(path, breakIt);
      else {
        const run = structuredClone(VALID) as Loose;
        breakIt(run);
        Deno.writeTextFileSync(path, JSON.stringify(run));
      }
      return path;
    });
    const before = await previousOutputs(dir);
    assert.deepEqual(before.map((l) => l.split(":")[0]), [
      "training.json",
      "training.svg",
      "training_loss.svg",
      "training_loss.vl.json",
    ]);
    const contents = before.map((l) => Deno.readFileSync(`${dir}/out/${l.split(":")[0]}`));
    const args = (path: string) => ["--from", path, "--formats", "json,svg,html", "--out", `${dir}/out`];
    const spawned = SPAWNED.map((what) => BAD.findIndex(([name]) => name === what));
    assert.ok(spawned.every((i) => i >= 0), "the spawned cases are in BAD");
    const results = await pool(spawned.map((i) => () => runScript("training", args(files[i]), { writable: dir })));
    results.forEach((r, j) => assertRefusedFrom(r, `${BAD[spawned[j]][0]} (deno run)`, BAD[spawned[j]][2]));
    for (const [i, path] of files.entries()) {
      assertRefusedFrom(await runInProcess("training", args(path)), BAD[i][0], BAD[i][2]);
    }
    assert.deepEqual(listing(`${dir}/out`), before, "no file created, changed or removed");
    before.forEach((l, i) => assert.deepEqual(Deno.readFileSync(`${dir}/out/${l.split(":")[0]}`), contents[i]));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("training --from a folder, a device, a FIFO, a missing file or a file it may not read (a link to one included) exits 2 with one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hardening-from-" });
  const secret = await Deno.makeTempDir({ prefix: "hardening-from-secret-" });
  try {
    await Deno.writeTextFile(`${secret}/training.json`, toJsonText(VALID));
    await Deno.writeTextFile(`${secret}/passwd`, "root:x:0:0:root:/root:/bin/bash\n");
    // A link inside the readable folder to a file outside it: Deno checks the path as written.
    await symlink(`${secret}/passwd`, `${dir}/x.json`);
    // A FIFO that nobody writes: opening it would block for ever.
    await mkfifo(`${dir}/fifo.json`);
    const out = `${dir}/out`;
    // In process (this test may read them): a folder, a FIFO, a missing file.
    const local: [string[], RegExp][] = [
      [["--from", dir], /^error: --from must name a regular file; ".*" is a folder$/],
      [["--from", `${dir}/fifo.json`], /^error: --from must name a regular file; ".*fifo\.json" is a pipe \(FIFO\)$/],
      [
        ["--from", `${dir}/missing.json`],
        /^error: --from must name an existing file; ".*missing\.json" does not exist$/,
      ],
    ];
    for (const [args, pattern] of local) {
      const r = await runInProcess("training", [...args, "--formats", "json", "--out", out]);
      assertRefusedFrom(r, args.join(" "), pattern);
    }
    // As a real command line: a device this test may not read, and permissions narrower than this test's.
    const cases: [string[], string[], RegExp][] = [
      [["--from", "/dev/zero"], [], /^error: --from must name a regular file; "\/dev\/zero" is a device$/],
      [
        ["--from", `${dir}/x.json`],
        [`--allow-read=${dir}`],
        /^error: --from must name a file this script may read; ".*x\.json" is a link to ".*passwd", which is not allowed$/,
      ],
      [
        ["--from", `${secret}/training.json`],
        // read access to the output folder only: the file exists but is out of bounds
        [`--allow-read=${dir}`],
        /^error: --from must name a file this script may read; ".*training\.json" is not allowed$/,
      ],
    ];
    const results = await pool(cases.map(([args, perms]) => async () => {
      const cmd = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--quiet",
          ...(perms.length ? perms : ["--allow-read"]),
          `--allow-write=${dir}`,
          new URL("../scripts/training.ts", import.meta.url).pathname,
          ...args,
          "--formats",
          "json",
          "--out",
          out,
        ],
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      });
      const o = await cmd.output();
      const text = (b: Uint8Array) => new TextDecoder().decode(b);
      return { code: o.code, stdout: text(o.stdout), stderr: text(o.stderr) };
    }));
    results.forEach((r, i) => assertRefusedFrom(r, cases[i][0].join(" "), cases[i][2]));
    results.forEach((r) => assert.doesNotMatch(r.stderr, /root:x/, "the linked file's content is not echoed"));
    assert.deepEqual(listing(dir).map((l) => l.split(":")[0]), ["fifo.json", "x.json"], "not even the --out folder");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(secret, { recursive: true });
  }
});
