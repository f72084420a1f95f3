/**
 * The narrowest permissions, checked: no task in deno.json grants everything
 * or an unscoped write, net, run or env permission; a script run with its
 * task's own flags cannot write outside the folder those flags allow; and a
 * script allowed to write one folder leaves everything beside it untouched.
 *
 * Permissions: --allow-read --allow-write=/tmp --allow-run=<deno> (the task
 * runs go through `deno task`, which starts deno again).
 */
import assert from "node:assert/strict";
import { toJsonText } from "../lib/render/json.ts";
import { pool, ROOT } from "./support/subprocess.ts";
import { syntheticRun } from "./support/synthetic_run.ts";

const TASKS: Record<string, string> = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`)).tasks;

/** The permission flags of a task line, as written (`--allow-write=figures`, `-A`, ...). */
function permissionFlags(line: string): string[] {
  return [...line.matchAll(/(?:^|\s)(--allow-[a-z]+(?:=\S+)?|-[ARWNESP](?:=\S+)?)(?=\s|$)/g)].map((m) => m[1]);
}

/** Permissions that must always name what they allow. */
const MUST_BE_SCOPED: Record<string, string> = {
  "--allow-write": "write",
  "-W": "write",
  "--allow-net": "net",
  "-N": "net",
  "--allow-run": "run",
  "--allow-env": "env",
  "-E": "env",
};

/**
 * The one deliberate exception: the `test` task lets the test runner read the
 * environment, because playwright-core (the browser tests of the HTML viewer
 * and the notebook display) copies the whole environment into Chromium's
 * process, which Deno only allows with an unscoped `--allow-env`. No task that
 * runs a script of the toolkit gets it.
 */
const ALLOWED_UNSCOPED: Record<string, readonly string[]> = {
  test: ["--allow-env"],
  // playwright-core reads environment variables it does not name in advance (browser paths, proxies, debug flags).
  "explore:screenshot": ["--allow-env"],
};

Deno.test("no task in deno.json grants all permissions or an unscoped write, net, run or env", () => {
  assert.ok(Object.keys(TASKS).length > 5, "deno.json has its tasks");
  const problems: string[] = [];
  for (const [name, line] of Object.entries(TASKS)) {
    for (const flag of permissionFlags(line)) {
      if (flag === "-A" || flag === "--allow-all") problems.push(`${name}: ${flag} grants everything`);
      if (flag in MUST_BE_SCOPED && !(ALLOWED_UNSCOPED[name] ?? []).includes(flag)) {
        problems.push(`${name}: ${flag} allows every ${MUST_BE_SCOPED[flag]} target`);
      }
    }
  }
  assert.deepEqual(problems, [], `tasks with too wide permissions:\n${problems.join("\n")}`);
});

Deno.test("the permission flags are found in task lines as deno reads them", () => {
  assert.deepEqual(
    permissionFlags(
      "deno run -A x.ts && deno run --allow-read=.,$(deno eval 'x') --allow-write=figures --allow-env y.ts",
    ),
    ["-A", "--allow-read=.,$(deno", "--allow-write=figures", "--allow-env"],
  );
});

/** The tasks that run a script of this repository: name and script. */
const SCRIPT_TASKS: [string, string][] = Object.entries(TASKS).flatMap(([name, line]) => {
  if (!/\bdeno run\b/.test(line)) return [];
  const scripts = [...line.matchAll(/\bscripts\/([a-z_]+)\.ts\b/g)].map((m) => m[1]).filter((s) => !s.startsWith("_"));
  return scripts.length ? [[name, scripts[scripts.length - 1]] as [string, string]] : [];
});

/** Recursive listing of `dir`: path, size and modification time of everything in it. */
function tree(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const path = `${dir}/${e.name}`;
    const info = Deno.lstatSync(path);
    out.push(`${prefix}${e.name}:${info.size}:${info.mtime?.getTime()}`);
    if (e.isDirectory) out.push(...tree(path, `${prefix}${e.name}/`));
  }
  return out.sort();
}

Deno.test("every script task, with its own permission flags, refuses an --out outside its folder and creates nothing", async () => {
  const names = SCRIPT_TASKS.map(([, s]) => s);
  for (const s of ["relu", "figures", "training"]) assert.ok(names.includes(s), `a task runs scripts/${s}.ts`);
  // Inside the repository (readable by the test task) but outside figures/ and /tmp, the only folders tasks write.
  const dir = `${ROOT}/.permissions-test-${Deno.pid}`;
  const results = await pool(SCRIPT_TASKS.map(([task]) => async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", task, "--out", `${dir}/${task}`],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
    };
  }));
  results.forEach((r, i) => {
    const task = SCRIPT_TASKS[i][0];
    assert.equal(r.code, 2, `deno task ${task} --out ${dir}/${task}: code ${r.code}, ${r.stderr}`);
    assert.equal(r.stdout, "", task);
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `${task}: ${r.stderr}`);
    assert.match(lines[0], /^error: --out must be a folder this script may read and write; ".*" is not allowed/, task);
  });
  assert.equal(await Deno.stat(dir).then(() => true, () => false), false, "nothing created outside the allowed folder");
});

Deno.test("a script allowed to write one folder writes only there: everything beside it is untouched", async () => {
  const parent = await Deno.makeTempDir({ prefix: "permissions-scope-" });
  try {
    const allowed = `${parent}/allowed`;
    await Deno.mkdir(allowed);
    await Deno.mkdir(`${parent}/sibling`);
    await Deno.writeTextFile(`${parent}/sibling/keep.txt`, "beside the output folder");
    await Deno.writeTextFile(`${parent}/top.txt`, "above the output folder");
    const run = `${parent}/run.json`;
    await Deno.writeTextFile(run, toJsonText(syntheticRun({ hidden: 3, epochs: 20, every: 10, points: 12 })));
    const before = tree(parent);
    const runs: [string, string[], string[]][] = [
      ["relu", [], ["relu.svg", "relu.vl.json"]],
      ["training", ["--from", run, "--formats", "json,svg,html"], [
        "training.html",
        "training.json",
        "training.svg",
        "training_loss.svg",
        "training_loss.vl.json",
      ]],
      ["subgradient_sweep", ["--seeds", "1", "--epochs", "2"], [
        "subgradient_sweep.json",
        "subgradient_sweep.md",
        "subgradient_sweep.svg",
        "subgradient_sweep.vl.json",
      ]],
    ];
    const results = await pool(runs.map(([script, args]) => async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--quiet",
          "--allow-read",
          `--allow-write=${allowed}/${script}`,
          `${ROOT}/scripts/${script}.ts`,
          ...args,
          "--out",
          `${allowed}/${script}`,
        ],
        // run from the parent, so a stray relative path would land beside the output folder
        cwd: parent,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
    }));
    results.forEach((r, i) => assert.equal(r.code, 0, `${runs[i][0]}: ${r.stderr}`));
    const after = tree(parent);
    const beside = (l: string) => !l.startsWith("allowed");
    assert.deepEqual(after.filter(beside), before.filter(beside));
    for (const [script, , files] of runs) {
      assert.deepEqual([...Deno.readDirSync(`${allowed}/${script}`)].map((e) => e.name).sort(), files, script);
    }
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});
