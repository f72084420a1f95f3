/**
 * Every flag of every script, attacked: the cases are generated from each
 * script's own `--help` (so a new flag is covered the day it appears, and a
 * flag whose help does not state bounded limits fails here), plus hand-written
 * rows for what one flag at a time cannot show (flags that contradict each
 * other, sizes that only exhaust memory together, `--out` that is a file or
 * outside the folder the process may write).
 *
 * The contract checked for every case: exit code 2, exactly one line on
 * stderr starting with `error: ` that names the flag and what is accepted, no
 * stack trace, nothing on stdout, and the output folder unchanged (no file
 * created, changed or removed, no `--out` folder made).
 *
 * Most cases run the script's own body in this process (`runInProcess`: the
 * same `runMain`, the same exit code and line); a few per command run as a
 * real `deno run`, and so do the cases that need permissions narrower than
 * this test's own (an `--out` outside the folder the script may write).
 *
 * Permissions: --allow-read --allow-write=/tmp --allow-run=<deno>.
 */
import assert from "node:assert/strict";
import { type FlagSpec, parseFlags } from "../lib/cli/flags.ts";
import { UsageError } from "../lib/errors.ts";
import { outFlag } from "../lib/cli/common_flags.ts";
import { STATIC_SCRIPTS } from "../lib/cli/static_figures.ts";
import { TRAINING_FLAGS } from "../lib/cli/training.ts";
import { DEAD_UNIT_FLAGS, SWEEP_FLAGS } from "../lib/cli/experiments.ts";
import { FIGURES_FLAGS } from "../lib/cli/figures.ts";
import { MNIST_TRAINING_FLAGS } from "../lib/cli/mnist_training.ts";
import { BIFURCATION_FLAGS } from "../lib/cli/mnist_bifurcation.ts";
import { VANISHING_FLAGS } from "../lib/cli/vanishing_gradients.ts";
import { listing, pool, ROOT, runScript, type ScriptResult } from "./support/subprocess.ts";
import { runInProcess, runsInProcess, SCRIPT_CALLS } from "./support/in_process.ts";

/** Every script with a command line (the helper module and the figure runner's own flags are checked too). */
const SCRIPTS: string[] = [...Deno.readDirSync(`${ROOT}/scripts`)]
  .map((e) => e.name)
  .filter((n) => n.endsWith(".ts") && !n.startsWith("_"))
  .map((n) => n.slice(0, -3))
  .sort();

/** One flag as `--help` documents it. */
interface HelpFlag {
  name: string;
  line: string;
  accepted: string;
}

const ACCEPTED =
  /; ((?:an integer|a finite number|a number|one of|a comma-separated list of|a folder path|a path to)[^;]*?)(?: \(default [^;]*\))?$/;

function helpFlags(help: string): HelpFlag[] {
  const flags: HelpFlag[] = [];
  for (const line of help.split("\n")) {
    const m = /^ {2}--([a-z][a-z0-9-]*) /.exec(line);
    if (!m || m[1] === "help") continue;
    const accepted = ACCEPTED.exec(line)?.[1];
    assert.ok(accepted, `--help line of --${m[1]} states what is accepted: ${line}`);
    flags.push({ name: m[1], line, accepted });
  }
  return flags;
}

const RANGE = /^(an integer|a finite number) in ([[(])(-?[\d.e+]+), (-?[\d.e+]+)\]$/;

/** Values that must be refused by a flag that accepts `accepted`; throws for a kind of flag it does not know. */
function badValues(accepted: string): string[] {
  const range = RANGE.exec(accepted);
  if (range) {
    const [, kind, open, loText, hiText] = range;
    const lo = Number(loText);
    const hi = Number(hiText);
    const values = [
      open === "(" ? String(lo) : String(lo - 1),
      String(hi + 1),
      "-1e12",
      "1e12",
      "1e400",
      "NaN",
      "Infinity",
      "-Infinity",
      "abc",
      "0x10",
      "",
    ];
    if (kind === "an integer") values.push(String(lo + 0.5), `${hi}.5`);
    return values.filter((v, i, a) => a.indexOf(v) === i);
  }
  if (accepted === 'a number in [0, 1] or "random"') {
    return ["-0.1", "1.5", "2", "NaN", "Infinity", "Random", "1e400", ""];
  }
  if (accepted === `a number in [-1, 1] between the activation's slopes ([0, 1] for relu) or "random"`) {
    return ["-1.1", "1.5", "2", "NaN", "Infinity", "Random", "1e400", ""];
  }
  const choice = /^one of (.+)$/.exec(accepted);
  if (choice) {
    const first = choice[1].split(", ")[0];
    return ["bogus", first.toUpperCase(), ` ${first}`, `${first},${first}`, ""];
  }
  const list = /^a comma-separated list of (.+)$/.exec(accepted);
  if (list) {
    const first = list[1].split(", ")[0];
    return ["png", `${first},${first}`, `${first},`, ",", ""];
  }
  if (accepted === "a folder path" || accepted.startsWith("a path to")) return [""];
  throw new Error(`no bad values known for a flag accepting "${accepted}"`);
}

/** The one-line contract; `flag` must be named, and `accepted` quoted when given. */
function assertRefused(r: ScriptResult, what: string, pattern: RegExp): void {
  assert.equal(r.code, 2, `${what}: exit code ${r.code}, stderr ${r.stderr}`);
  assert.equal(r.stdout, "", `${what}: stdout ${r.stdout}`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${what}: one stderr line, got ${r.stderr}`);
  assert.match(lines[0], /^error: /, what);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${what}: no stack trace`);
  assert.match(lines[0], pattern, what);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One case: a script, its arguments (`$DIR` is the output folder), the line it must print. */
interface RefusalCase {
  script: string;
  args: string[];
  pattern: RegExp;
  /** The only folder the script may write (default: the output folder); given, it runs as a subprocess. */
  writable?: (dir: string) => string;
  /** Run as a real `deno run` (always so for a script with no body in lib/). */
  subprocess?: boolean;
}

/**
 * Runs `cases` against a temporary output folder that already holds a file, and checks that nothing changed:
 * the subprocess cases two at a time, then the others one after another in this process.
 */
async function refusedWithoutWriting(cases: RefusalCase[]): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "hardening-flags-" });
  try {
    await Deno.writeTextFile(`${dir}/keep.txt`, "previous output");
    await Deno.writeTextFile(`${dir}/a-file`, "not a folder");
    const before = listing(dir);
    const apart = (c: RefusalCase) => c.subprocess || c.writable !== undefined || !runsInProcess(c.script);
    const args = (c: RefusalCase) => c.args.map((a) => a.replaceAll("$DIR", dir));
    const spawned = cases.filter(apart);
    const results = new Map<RefusalCase, ScriptResult>();
    (await pool(
      spawned.map((c) => () => runScript(c.script, args(c), { writable: c.writable ? c.writable(dir) : dir })),
    )).forEach((r, i) => results.set(spawned[i], r));
    for (const c of cases.filter((c) => !apart(c))) results.set(c, await runInProcess(c.script, args(c)));
    for (const c of cases) {
      const how = apart(c) ? "deno run" : "in process";
      assertRefused(results.get(c)!, `${c.script} ${c.args.join(" ")} (${how})`, c.pattern);
    }
    assert.deepEqual(listing(dir), before, "the output folder is unchanged");
    assert.equal(await Deno.readTextFile(`${dir}/keep.txt`), "previous output");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const helps: Map<string, string> = new Map();
async function helpOf(script: string): Promise<string> {
  if (!helps.has(script)) {
    const r = runsInProcess(script) ? await runInProcess(script, ["--help"]) : await runScript(script, ["--help"]);
    assert.equal(r.code, 0, `${script} --help: ${r.stderr}`);
    assert.equal(r.stderr, "", `${script} --help prints nothing on stderr`);
    helps.set(script, r.stdout);
  }
  return helps.get(script)!;
}

Deno.test("every script's --help documents every flag with what it accepts, numbers with both bounds", async () => {
  assert.ok(SCRIPTS.includes("training") && SCRIPTS.includes("figures"), SCRIPTS.join(" "));
  for (const s of SCRIPTS) await helpOf(s);
  for (const script of SCRIPTS) {
    const help = helps.get(script)!;
    assert.match(help, /^Usage: deno task \S+ --/, script);
    const flags = helpFlags(help);
    assert.ok(flags.some((f) => f.name === "out"), `${script} documents --out`);
    assert.match(help, /\n {2}--help +print this help and exit/, script);
    for (const f of flags) {
      if (/^(an integer|a finite number)/.test(f.accepted)) {
        assert.match(f.accepted, RANGE, `${script} --${f.name}: numbers need a lower and an upper bound: ${f.line}`);
      }
      badValues(f.accepted); // every kind of flag is one this test knows how to attack
    }
  }
});

/** The flags each script parses, from the command layer that defines them (lib/cli). */
const COMMAND_FLAGS: Record<string, Record<string, FlagSpec<unknown>>> = {
  ...Object.fromEntries(STATIC_SCRIPTS.map((s) => [s.name, s.flags as Record<string, FlagSpec<unknown>>])),
  training: TRAINING_FLAGS,
  subgradient_sweep: SWEEP_FLAGS,
  dead_units: DEAD_UNIT_FLAGS,
  figures: FIGURES_FLAGS,
  mnist_bifurcation: BIFURCATION_FLAGS,
  mnist_training: MNIST_TRAINING_FLAGS,
  vanishing_gradients: VANISHING_FLAGS,
  explore: {},
};

/** The flags of `script` (with `--out`); `undefined` for one this table does not know, tested as a subprocess only. */
function specFlags(script: string): Record<string, FlagSpec<unknown>> | undefined {
  const own = COMMAND_FLAGS[script];
  return own && { ...own, out: outFlag };
}

function refusal(flag: string, accepted: string, value: string): RegExp {
  return new RegExp(`^--${escape(flag)} must be ${escape(accepted)}, got "${escape(value)}"$`);
}

Deno.test("every flag of every script refuses every bad value with a message quoting what --help says it accepts", async () => {
  for (const s of SCRIPTS) await helpOf(s);
  let checked = 0;
  for (const script of SCRIPTS) {
    const flags = specFlags(script);
    if (!flags) continue;
    const documented = helpFlags(helps.get(script)!);
    assert.deepEqual(
      documented.map((f) => f.name).sort(),
      Object.keys(flags).sort(),
      `${script}: --help lists its flags`,
    );
    for (const f of documented) {
      assert.equal(flags[f.name].accepted, f.accepted, `${script} --${f.name}`);
      for (const v of badValues(f.accepted)) {
        const command = { usage: script, summary: "", flags };
        assert.throws(() => parseFlags([`--${f.name}=${v}`], command), (e: unknown) => {
          assert.ok(e instanceof UsageError, `${script} --${f.name}=${v}: ${e}`);
          assert.match(e.message, refusal(f.name, f.accepted, v), `${script} --${f.name}=${v}`);
          return true;
        });
        checked++;
      }
    }
  }
  assert.ok(checked > 200, `${checked} cases`);
  for (const script of SCRIPTS) assert.ok(specFlags(script), `${script}: its flags are known to this test`);
});

Deno.test("each script file runs the body that the in-process cases run", () => {
  for (const script of SCRIPTS) {
    if (!runsInProcess(script)) continue;
    const source = Deno.readTextFileSync(`${ROOT}/scripts/${script}.ts`);
    assert.ok(source.includes(SCRIPT_CALLS[script]), `scripts/${script}.ts calls ${SCRIPT_CALLS[script]}`);
    assert.match(source, /if \(import\.meta\.main\)/, `scripts/${script}.ts runs only as the main module`);
  }
  assert.deepEqual(SCRIPTS.filter((s) => !runsInProcess(s)), ["explore"], "every other script runs in process");
});

/** The scripts that also take one bad flag value through a real `deno run`: one per kind of command. */
const SPAWNED_ONCE = ["training", "subgradient_sweep", "dead_units", "figures", "relu"];

Deno.test("every flag of every script, given a bad value on the real command line, exits 2 with one line and writes nothing", async () => {
  for (const s of SCRIPTS) await helpOf(s);
  // Every bad value of every flag through the script's own body (runMain's exit code and line), and one per
  // command in a real process too; the value sent to a subprocess rotates, so that commands try different mistakes.
  let k = 0;
  const cases: RefusalCase[] = [];
  for (const script of SCRIPTS) {
    const flags = helpFlags(helps.get(script)!);
    const spawned = flags[k++ % flags.length];
    for (const f of flags) {
      const values = badValues(f.accepted);
      values.forEach((v, i) => {
        // --name=value, so that values starting with "-" are values, not flags
        const args = [`--${f.name}=${v}`, ...(f.name === "out" ? [] : ["--out", "$DIR/out"])];
        const pattern = new RegExp(`^error: ${refusal(f.name, f.accepted, v).source.slice(1)}`);
        cases.push({ script, args, pattern });
        if (SPAWNED_ONCE.includes(script) && f === spawned && i === k % values.length) {
          cases.push({ script, args, pattern, subprocess: true });
        }
      });
    }
  }
  assert.ok(cases.length > 200, `${cases.length} cases`);
  assert.equal(cases.filter((c) => c.subprocess).length, SPAWNED_ONCE.length);
  // A value the parser wrongly accepts would start a whole run (minutes, for an experiment): fail at once instead.
  const accepted = cases.filter((c) => {
    const flags = specFlags(c.script);
    if (!flags) return false;
    try {
      parseFlags(c.args.slice(0, 1), { usage: c.script, summary: "", flags });
      return true;
    } catch {
      return false;
    }
  });
  assert.deepEqual(accepted.map((c) => `${c.script} ${c.args[0]}`), [], "values the parser accepts");
  await refusedWithoutWriting(cases);
});

/** Rows that one flag at a time cannot show, for the scripts that train or run others. */
const COMBINATIONS: { script: string; args: string[]; pattern: RegExp }[] = [
  // float64 runs only in the fused engine on the cpu backend
  {
    script: "training",
    args: ["--precision", "float64", "--backend", "wasm"],
    pattern: /^error: --precision float64 needs --backend cpu or auto .*, got --backend wasm$/,
  },
  {
    script: "training",
    args: ["--precision", "float64", "--engine", "autodiff"],
    pattern: /^error: --precision float64 needs --engine fused .*, got --engine autodiff$/,
  },
  {
    script: "subgradient_sweep",
    args: ["--backend", "webgpu"],
    pattern: /^error: --precision float64 needs --backend cpu or auto .*, got --backend webgpu$/,
  },
  // sizes that would exhaust memory or time, each given in the separated form as well
  {
    script: "training",
    args: ["--hidden", "1000000000"],
    pattern: /^error: --hidden must be an integer in \[1, 4096\]/,
  },
  { script: "training", args: ["--epochs", "1e12"], pattern: /^error: --epochs must be an integer in \[1, 1000000\]/ },
  {
    script: "training",
    args: ["--hidden", "-5"],
    pattern: /^error: --hidden must be an integer in \[1, 4096\], got "-5"$/,
  },
  {
    script: "training",
    args: ["--points", "1000000", "--hidden", "4096"],
    pattern: /^error: --points × --hidden must be at most 16777216, got 1000000 × 4096 = 4096000000$/,
  },
  {
    script: "training",
    args: ["--epochs", "1000000", "--every", "1"],
    pattern:
      /^error: --every must be >= 100 for --epochs 1000000 and --hidden 7 \(at most 10001 snapshots and 1048576 snapshots × hidden\), got "1"$/,
  },
  {
    script: "training",
    args: ["--x-min", "2", "--x-max", "2"],
    pattern: /^error: --x-min must be smaller than --x-max, got 2 and 2$/,
  },
  { script: "training", args: ["--x-min=-0", "--x-max", "0"], pattern: /^error: --x-min must be smaller than --x-max/ },
  {
    script: "training",
    args: ["--epochs", "10", "--every", "11"],
    pattern: /^error: --every must be an integer in \[1, --epochs = 10\], got "11"$/,
  },
  {
    script: "training",
    args: ["--from", "x.json", "--seed", "1"],
    pattern: /^error: --seed cannot be combined with --from/,
  },
  {
    script: "training",
    args: ["--from", "x.json", "--backend", "cpu"],
    pattern: /^error: --backend cannot be combined with --from/,
  },
  // the parser's own rules, on every script that is not a static figure
  ...["training", "subgradient_sweep", "dead_units", "figures"].flatMap((script) => [
    { script, args: ["--bogus", "1"], pattern: /^error: unknown flag --bogus; accepted flags: .*--out.*--help$/ },
    { script, args: ["-x"], pattern: /^error: unknown flag -x; accepted flags: / },
    { script, args: ["stray"], pattern: /^error: unexpected argument "stray"; flags are / },
    { script, args: ["--out"], pattern: /^error: --out needs a value: a folder path$/ },
    { script, args: ["--out", "$DIR/o", "--out", "$DIR/p"], pattern: /^error: --out is given more than once$/ },
    { script, args: ["--help=yes"], pattern: /^error: --help takes no value$/ },
  ]),
  {
    script: "training",
    args: ["--epochs", "--hidden", "3"],
    pattern: /^error: --epochs needs a value: an integer in \[1, 1000000\]$/,
  },
  {
    script: "subgradient_sweep",
    args: ["--seeds"],
    pattern: /^error: --seeds needs a value: an integer in \[1, 128\]$/,
  },
  {
    script: "dead_units",
    args: ["--grad-at-zero"],
    pattern: /^error: --grad-at-zero needs a value: a number in \[0, 1\] or "random"$/,
  },
  {
    script: "subgradient_sweep",
    args: ["--epochs", "1e12"],
    pattern: /^error: --epochs must be an integer in \[1, 100000\], got "1e12"$/,
  },
  {
    script: "dead_units",
    args: ["--seeds", "1000000000"],
    pattern: /^error: --seeds must be an integer in \[1, 128\], got "1000000000"$/,
  },
];

Deno.test("flags that contradict each other or together exceed the limits are refused before anything runs", async () => {
  const cases = COMBINATIONS.map((c) => ({
    ...c,
    args: c.args.includes("--out") ? c.args : [...c.args, "--out", "$DIR/out"],
  }));
  // in process, and the first of them and one of the parser's own rules as a real command line too
  await refusedWithoutWriting([
    ...cases,
    { ...cases[0], subprocess: true },
    { ...cases.find((c) => c.script === "figures")!, subprocess: true },
  ]);
});

/** Valid settings that finish in well under a second, so that only --out can be at fault. */
const QUICK: Record<string, string[]> = {
  training: ["--epochs", "2", "--hidden", "2", "--points", "4", "--formats", "json", "--backend", "cpu"],
  subgradient_sweep: ["--seeds", "1", "--epochs", "1"],
  dead_units: ["--seeds", "1", "--epochs", "1"],
  figures: [],
  relu: [],
};

/** The scripts that take a forbidden --out through a real `deno run`. */
const SPAWNED_FOR_OUT = ["training", "relu"];

Deno.test("--out that is a file, lies under a file or is outside the writable folder is refused with nothing written", async () => {
  const outside = await Deno.makeTempDir({ prefix: "hardening-outside-" });
  try {
    // A file as --out is refused in process, for every script; a folder the script may not write needs a
    // process with narrower permissions than this test's: one training and one static script here
    // (tests/permissions_test.ts runs every script task with its own permissions against an outside --out).
    const cases: RefusalCase[] = Object.entries(QUICK).flatMap(([script, args]) => [
      {
        script,
        args: [...args, "--out", "$DIR/a-file"],
        pattern: /^error: --out must be a folder, but ".*\/a-file" is a file$/,
      },
      {
        script,
        args: [...args, "--out", "$DIR/a-file/sub"],
        pattern: /^error: --out must be a usable folder; ".*\/a-file\/sub": Not a directory/,
      },
      {
        script,
        args: [...args, "--out", `${outside}/new`],
        pattern:
          /^error: --out must be a folder this script may read and write; ".*\/new" is not allowed \(run it with /,
        subprocess: true,
      },
      {
        // the permission covers only a sibling of --out
        script,
        args: [...args, "--out", "$DIR/out"],
        pattern: /^error: --out must be a folder this script may read and write/,
        writable: (dir: string) => `${dir}/elsewhere`,
      },
    ]).filter((c) => !c.subprocess && !c.writable || SPAWNED_FOR_OUT.includes(c.script));
    await refusedWithoutWriting(cases);
    assert.deepEqual([...Deno.readDirSync(outside)], [], "nothing created outside the writable folder");
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("training --help states the limits that involve two flags", async () => {
  const help = await helpOf("training");
  for (
    const limit of [
      "points × hidden <= 16777216",
      "<= --epochs",
      "at most 10001 snapshots",
      "snapshots × hidden <= 1048576",
      "smallest input (< --x-max)",
      "only --out and --formats apply",
    ]
  ) {
    assert.ok(help.includes(limit), `training --help says "${limit}"`);
  }
});
