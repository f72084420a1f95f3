import assert from "node:assert/strict";
import { listing, pool, runScript, type ScriptResult } from "./support/subprocess.ts";
import { runInProcess } from "./support/in_process.ts";

/** [script, args, a pattern the one-line error must match] */
const BAD: [string, string[], RegExp][] = [
  ["relu", ["--z-min", "abc"], /--z-min must be a finite number/],
  ["relu", ["--z-min", "5", "--z-max", "5"], /--z-min must be smaller than --z-max/],
  ["relu", ["--z-max", "Infinity"], /--z-max/],
  ["relu", ["--z-max", "1e300"], /--z-max must be a finite number in \[-1000000, 1000000\]/],
  ["relu_derivative", ["--grad-at-zero", "1.5"], /--grad-at-zero must be a finite number in \[0, 1\], got "1.5"/],
  ["relu_derivative", ["--grad-at-zero", "-0.1"], /--grad-at-zero/],
  ["relu_derivative", ["--grad-at-zero", "NaN"], /--grad-at-zero/],
  ["relu_derivative", ["--grad-at-zero"], /--grad-at-zero needs a value/],
  ["subgradients", ["--lines", "1"], /--lines must be an integer in \[2, 201\]/],
  ["subgradients", ["--lines", "2.5"], /--lines/],
  ["subgradients", ["--lines", "1000000000"], /--lines/],
  ["target", ["--x-min", "3", "--x-max", "-3"], /--x-min must be smaller than --x-max/],
  ["target", ["--points", "-1"], /--points must be an integer in \[0, 10000\]/],
  ["network", ["--hidden", "0"], /--hidden must be an integer in \[1, 32\]/],
  ["network", ["--hidden", "1000000000"], /--hidden/],
  ["activations", ["--threshold", "0"], /--threshold must be a finite number in \(0, 0.25\]/],
  ["flip", ["--hidden", "3"], /unknown flag --hidden; accepted flags: --out, --help/],
  ["slope", ["oops"], /unexpected argument "oops"/],
  ["shift_horizontal", ["--out"], /--out needs a value/],
  ["shift_vertical", ["--out", ""], /--out must be a folder path/],
];

/** The rows of {@link BAD} that also run as a real `deno run` (a flag of its own, the parser's own rule); the others run the script's body in this process. */
const SPAWNED: readonly number[] = [0, BAD.findIndex(([name]) => name === "flip")];

Deno.test("every static script refuses bad flags with one error line, exit 2 and nothing written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const before = listing(dir);
    const withOut = (args: string[]) => args.includes("--out") ? args : [...args, "--out", dir];
    const spawned = await pool(
      SPAWNED.map((i) => () => runScript(BAD[i][0], withOut(BAD[i][1]), { writable: dir })),
    );
    const results: ScriptResult[] = [];
    for (const [i, [name, args]] of BAD.entries()) {
      const j = SPAWNED.indexOf(i);
      results.push(j >= 0 ? spawned[j] : await runInProcess(name, withOut(args)));
    }
    results.forEach((r, i) => {
      const [name, args, pattern] = BAD[i];
      const what = `${name} ${args.join(" ")} (${SPAWNED.includes(i) ? "deno run" : "in process"})`;
      assert.equal(r.code, 2, `${what}: exit code ${r.code}, stderr ${r.stderr}`);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
      assert.match(lines[0], /^error: /, what);
      assert.match(lines[0], pattern, what);
      assert.equal(r.stdout, "", what);
    });
    assert.deepEqual(listing(dir), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--out pointing at a file, or at a folder without write permission, is refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/taken.txt`;
    await Deno.writeTextFile(file, "keep me");
    const asFile = await runInProcess("relu", ["--out", file]);
    assert.equal(asFile.code, 2);
    assert.match(asFile.stderr, /^error: --out must be a folder, but ".*taken\.txt" is a file\n$/);
    const denied = await runScript("relu", ["--out", `${dir}/sub`], { writable: `${dir}/other` });
    assert.equal(denied.code, 2);
    assert.match(
      denied.stderr,
      /^error: --out must be a folder this script may read and write; .* \(run it with --allow-read=.* --allow-write=/,
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["taken.txt"]);
    assert.equal(await Deno.readTextFile(file), "keep me");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a static script writes NAME.svg and NAME.vl.json into --out and says so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runScript("relu_derivative", ["--grad-at-zero", "0.5", "--out", `${dir}/new`], {
      writable: dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /wrote .*relu_derivative\.svg \(\d+ bytes\)\nwrote .*relu_derivative\.vl\.json \(\d+ bytes\)\n/,
    );
    const svg = await Deno.readTextFile(`${dir}/new/relu_derivative.svg`);
    assert.match(svg, /relu′\(0\) := 0\.5/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--help documents every flag and its limits, and writes nothing", async () => {
  const r = await runScript("subgradients", ["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--lines +number of subgradient lines g·z drawn; an integer in \[2, 201\] \(default 11\)/);
  assert.match(r.stdout, /--out /);
});
