/**
 * Data of one's own: `parseDataCsv` (the one parser of `--data` and the
 * page's file picker) accepts a header or none, repeated and unsorted x, and
 * refuses each kind of bad input in one line naming the file, the line and
 * the column; `deno task train -- --data` refuses it with exit 2 and writes
 * nothing, trains on a good file and re-renders it with `--from`.
 */
import assert from "node:assert/strict";
import { CSV_MAX_ROWS, parseDataCsv } from "../lib/model/data_csv.ts";
import { TRAINING_LIMITS } from "../lib/model/limits.ts";
import { UsageError } from "../lib/errors.ts";
import { flagName } from "../lib/cli/flags.ts";
import { parseTrainingRun } from "../lib/model/run_file.ts";
import { runInProcess } from "./support/in_process.ts";
import { ROOT, runScript } from "./support/subprocess.ts";

/** The message of the refusal, as the command line words it. */
function refusal(text: string, file = "d.csv"): string {
  try {
    parseDataCsv(text, file);
  } catch (e) {
    if (e instanceof UsageError) return e.describe(flagName);
    throw e;
  }
  assert.fail("accepted");
}

Deno.test("a CSV with a header or none, in any order, with repeated x, is read in the file's order", () => {
  const points = { x: [2, -1, 2, 0.5], y: [4, 1, 4.5, -0.25] };
  assert.deepEqual(parseDataCsv("2,4\n-1,1\n2,4.5\n0.5,-0.25\n", "a.csv"), points);
  assert.deepEqual(parseDataCsv("x,y\n2,4\n-1,1\n2,4.5\n0.5,-0.25", "a.csv"), points);
  // Windows line ends, blanks around cells, blank lines, a header naming the columns in another order
  assert.deepEqual(parseDataCsv("Y , X\r\n4, 2\r\n\r\n1 ,-1\r\n4.5,2\r\n-0.25,0.5\r\n", "a.csv"), points);
  // A header that names neither column: the first two are x and y; a third column is ignored
  assert.deepEqual(parseDataCsv("time,value,note\n2,4,a\n-1,1,b\n2,4.5,c\n0.5,-0.25,d\n", "a.csv"), points);
  assert.deepEqual(parseDataCsv("1e-3,-2E2\n+3,.5\n", "a.csv"), { x: [0.001, 3], y: [-200, 0.5] });
});

Deno.test("a missing column is refused in one line naming the line", () => {
  assert.equal(refusal("x\n1\n2\n"), '--data d.csv: line 1 must have at least 2 columns (x and y), got 1: "x"');
  assert.equal(refusal("x,y\n1,2\n3\n4,5\n"), '--data d.csv: line 3 must have 2 columns like line 1, got 1: "3"');
  assert.equal(refusal("1,2\n3,\n"), '--data d.csv: line 2, column 2 (y) must be a finite decimal number, got ""');
});

Deno.test("non-numeric and non-finite cells are refused in one line naming the line and the column", () => {
  for (const cell of ["abc", "NaN", "inf", "Infinity", "-Infinity", "1e999", "0x10", "1,5"]) {
    const text = `x,y\n0,0\n1,${cell}\n`;
    if (cell === "1,5") {
      assert.equal(refusal(text), '--data d.csv: line 3 must have 2 columns like line 1, got 3: "1,1,5"');
      continue;
    }
    assert.equal(refusal(text), `--data d.csv: line 3, column 2 (y) must be a finite decimal number, got "${cell}"`);
  }
  assert.equal(
    refusal("y,x\n1,2\nz,3\n"),
    '--data d.csv: line 3, column 1 (y) must be a finite decimal number, got "z"',
  );
  assert.equal(
    refusal("0,1\n1e4,1\n"),
    "--data d.csv: line 2, column 1 (x) must be a number in [-1000, 1000], got 10000",
  );
  assert.equal(
    refusal("0,1\n1,-2e9\n"),
    "--data d.csv: line 2, column 2 (y) must be a number in [-1000000000, 1000000000], got -2000000000",
  );
});

Deno.test("fewer than 2 rows, more than the points limit and a range that cannot be drawn are refused", () => {
  assert.equal(refusal(""), "--data d.csv: the file holds no rows; it must hold at least 2 rows of x, y");
  assert.equal(refusal("x,y\n"), "--data d.csv: the file must hold at least 2 rows of x, y, got 0");
  assert.equal(refusal("x,y\n1,2\n"), "--data d.csv: the file must hold at least 2 rows of x, y, got 1");
  assert.equal(refusal("1,2\n"), "--data d.csv: the file must hold at least 2 rows of x, y, got 1");
  assert.equal(CSV_MAX_ROWS, TRAINING_LIMITS.points);
  const rows = (n: number) => Array.from({ length: n }, (_, i) => `${(i % 1000) - 500},${i % 7}`).join("\n");
  assert.equal(
    refusal(`x,y\n${rows(CSV_MAX_ROWS + 1)}\n`),
    "--data d.csv: the file must hold at most 1000000 rows, got 1000001",
  );
  assert.equal(parseDataCsv(`x,y\n${rows(CSV_MAX_ROWS)}\n`, "d.csv").x.length, CSV_MAX_ROWS);
  assert.match(
    refusal("3,1\n3,2\n"),
    /the inputs x must span a range the plots can draw .*; they span \[3, 3\]: every x is the same/,
  );
});

const OUT = `${ROOT}/figures/tmp_data_csv_test`;

Deno.test("deno task train -- --data refuses each bad file with one line, exit 2 and nothing written", async () => {
  await Deno.mkdir(OUT, { recursive: true });
  try {
    const bad: [string, RegExp][] = [
      ["x,y\n0,1\n", /at least 2 rows/],
      ["x,y\n0,1\n1,two\n", /line 3, column 2 \(y\) must be a finite decimal number, got "two"/],
      ["x\n0\n1\n", /line 1 must have at least 2 columns/],
    ];
    for (const [i, [text, pattern]] of bad.entries()) {
      const file = `${OUT}/bad${i}.csv`;
      await Deno.writeTextFile(file, text);
      const out = `${OUT}/out${i}`;
      const r = await runInProcess("training", ["--data", file, "--epochs", "2", "--out", out]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, pattern);
      assert.match(r.stderr, new RegExp(`^error: --data ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
      assert.throws(() => Deno.statSync(out), Deno.errors.NotFound, "nothing written");
    }
    await Deno.writeTextFile(`${OUT}/good.csv`, "0,0\n1,1\n");
    const clash = await runInProcess("training", ["--data", `${OUT}/good.csv`, "--points", "9", "--out", `${OUT}/o`]);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /^error: --points cannot be combined with --data/);
    const alone = await runInProcess("training", ["--target", "data", "--out", `${OUT}/o`]);
    assert.match(alone.stderr, /^error: --target data needs --data FILE.csv/);
  } finally {
    await Deno.remove(OUT, { recursive: true });
  }
});

Deno.test("deno task train reads --data only under figures/, its read scope, and says so in one line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/d.csv`, "0,0\n1,1\n");
    const r = await runScript("training", ["--data", `${dir}/d.csv`, "--out", `${dir}/out`], {
      readable: `${ROOT}/figures,${ROOT}/lib`,
      writable: dir,
    });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr.trimEnd(),
      `error: --data must name a CSV file under figures/ (deno task train reads only figures/ and lib/); "${dir}/d.csv" is not allowed`,
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["d.csv"], "nothing written");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a run on a CSV trains, records the file's name and points, and --from re-renders it byte for byte", async () => {
  await Deno.mkdir(OUT, { recursive: true });
  try {
    // y = |x| on shuffled, repeated inputs
    const xs = [0.5, -2, 1.5, -0.5, 2, -1, 1, 0, -1.5, 1.5, -2, 0.25];
    await Deno.writeTextFile(`${OUT}/abs.csv`, `x,y\n${xs.map((x) => `${x},${Math.abs(x)}`).join("\n")}\n`);
    const args = ["--data", `${OUT}/abs.csv`, "--epochs", "30", "--lr", "0.01", "--formats", "json,svg"];
    const r = await runInProcess("training", [...args, "--test-fraction", "0.25", "--out", `${OUT}/a`]);
    assert.equal(r.code, 0, r.stderr);
    const run = parseTrainingRun(await Deno.readTextFile(`${OUT}/a/training.json`), "a");
    assert.equal(run.config.target, "data");
    assert.deepEqual([run.config.points, run.config.xMin, run.config.xMax], [12, -2, 2]);
    assert.deepEqual(run.data, { file: `${OUT}/abs.csv`, x: xs, y: xs.map(Math.abs) });
    assert.deepEqual([run.x.length, run.test?.x.length, run.test?.losses.length], [9, 3, 2]);
    assert.deepEqual([...run.x, ...run.test!.x].sort(), [...xs].sort(), "the split keeps every point once");
    const again = await runInProcess("training", [
      "--from",
      `${OUT}/a/training.json`,
      "--formats",
      "json,svg",
      "--out",
      `${OUT}/b`,
    ]);
    assert.equal(again.code, 0, again.stderr);
    for (const f of ["training.json", "training.svg", "training_loss.svg"]) {
      assert.equal(await Deno.readTextFile(`${OUT}/b/${f}`), await Deno.readTextFile(`${OUT}/a/${f}`), f);
    }
  } finally {
    await Deno.remove(OUT, { recursive: true });
  }
});
