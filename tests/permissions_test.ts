/**
 * The narrowest permissions, checked: no task in deno.json grants everything,
 * ffi, an unscoped write, net, run, sys or env permission (env aside where
 * playwright-core needs it), or skips the lock file; the tasks a user runs
 * read only what they need; README names every broad task; a script run with
 * its task's own flags cannot write outside the folder those flags allow, not
 * even through a symbolic link inside it; a script allowed to write one
 * folder leaves everything beside it untouched; and the MNIST tasks write
 * only figures/ and their cache folder beside Deno's npm cache.
 *
 * Permissions: --allow-read --allow-write=/tmp --allow-run=<deno> (the task
 * runs go through `deno task`, which starts deno again).
 */
import assert from "node:assert/strict";
import { mnistCacheDir } from "../lib/mnist/dataset.ts";
import { toJsonText } from "../lib/render/json.ts";
import { pool, ROOT, runDeno } from "./support/subprocess.ts";
import { syntheticRun } from "./support/synthetic_run.ts";
import { symlink } from "./support/links.ts";

const TASKS: Record<string, string> = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`)).tasks;

/** The permission flags of a task line, as written (`--allow-write=figures`, `-A`, ...). */
function permissionFlags(line: string): string[] {
  return [...line.matchAll(/(?:^|\s)(--allow-[a-z]+(?:=\S+)?|--no-lock|-[ARWNESP](?:=\S+)?)(?=\s|$)/g)].map((m) =>
    m[1]
  );
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
  "--allow-sys": "sys",
  "-S": "sys",
};

/**
 * The deliberate exceptions: the tasks that drive Chromium through
 * playwright-core (the browser tests, the screenshot) read the environment,
 * because its bundled `debug` module lists every variable when it loads,
 * which Deno only allows with an unscoped `--allow-env`. README says so. No
 * task that runs a script of the toolkit gets it.
 */
const ALLOWED_UNSCOPED: Record<string, readonly string[]> = {
  test: ["--allow-env"],
  "explore:screenshot": ["--allow-env"],
};

/** Flags no task may have at all: native code, and running without the lock file. */
const FORBIDDEN = ["--allow-ffi", "--no-lock"];

Deno.test("no task in deno.json grants all permissions, ffi, an unscoped write, net, run, sys or env, or skips the lock", () => {
  assert.ok(Object.keys(TASKS).length > 5, "deno.json has its tasks");
  const problems: string[] = [];
  for (const [name, line] of Object.entries(TASKS)) {
    for (const flag of permissionFlags(line)) {
      if (flag === "-A" || flag === "--allow-all") problems.push(`${name}: ${flag} grants everything`);
      if (FORBIDDEN.includes(flag.split("=")[0])) problems.push(`${name}: ${flag}`);
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
      "deno run -A x.ts && deno run --no-lock --allow-read=.,$(deno eval 'x') --allow-write=figures --allow-env y.ts",
    ),
    ["-A", "--no-lock", "--allow-read=.,$(deno", "--allow-write=figures", "--allow-env"],
  );
});

/** The tasks that run a script of this repository: name and script. */
const SCRIPT_TASKS: [string, string][] = Object.entries(TASKS).flatMap(([name, line]) => {
  if (!/\bdeno run\b/.test(line)) return [];
  const scripts = [...line.matchAll(/\bscripts\/([a-z_]+)\.ts\b/g)].map((m) => m[1]).filter((s) => !s.startsWith("_"));
  return scripts.length ? [[name, scripts[scripts.length - 1]] as [string, string]] : [];
});

/** The folders a task may read, as written (the npm cache lookup, a substitution, left out). */
function readScope(line: string): string[] {
  const read = permissionFlags(line).find((f) => f.startsWith("--allow-read="));
  return read ? read.slice("--allow-read=".length).split(",").filter((p) => p && !p.startsWith("$(")) : [];
}

/** What each task a user runs may read in the project: `figures/` and, for their workers' code, `lib/`. */
const USER_READS: Record<string, readonly string[]> = {
  figures: ["figures", "lib"],
  train: ["figures", "lib"],
  mnist_bifurcation: ["figures", "lib"],
  mnist_training: ["figures", "lib"],
};

/** The MNIST experiments record the machine's load average with their results: `--allow-sys=loadavg`, no other sys. */
const LOAD_RECORDERS: readonly string[] = ["mnist_bifurcation", "mnist_training"];

Deno.test("the tasks a user runs read only figures/ (figures, train and the MNIST experiments also lib/) and the npm cache, and get no env, run or sys (but loadavg for the MNIST experiments)", () => {
  const problems: string[] = [];
  for (const [task] of SCRIPT_TASKS) {
    const line = TASKS[task];
    const extra = readScope(line).filter((p) => !(USER_READS[task] ?? ["figures"]).includes(p));
    if (extra.length) problems.push(`${task} reads ${extra.join(", ")}`);
    const npm = line.match(/--allow-read=\S*\$\(([^)]*)\)/)?.[1];
    if (npm !== undefined && npm !== "deno run -q scripts/_npm_cache_dir.ts") problems.push(`${task} reads $(${npm})`);
    for (const flag of permissionFlags(line)) {
      if (LOAD_RECORDERS.includes(task) && flag === "--allow-sys=loadavg") continue;
      if (/^(--allow-(env|sys|run|ffi|net)|-[ESN])(=|$)/.test(flag)) problems.push(`${task}: ${flag}`);
    }
  }
  assert.deepEqual(problems, []);
});

/** The substitution deno.json's tasks read Deno's npm cache by. */
const NPM_CACHE = "$(deno run -q scripts/_npm_cache_dir.ts)";
/** The MNIST cache folder as the MNIST tasks name it: beside Deno's npm cache, outside the repository. */
const MNIST_CACHE = `${NPM_CACHE}/../../dissecting-relu/mnist`;

Deno.test("the MNIST tasks may read and write their cache folder beside Deno's npm cache, which is the loader's, and write nothing else but figures/", async () => {
  for (const task of LOAD_RECORDERS) {
    const line = TASKS[task];
    assert.ok(line.includes(` --allow-read=figures,lib,${NPM_CACHE},${MNIST_CACHE} `), `${task} reads: ${line}`);
    assert.ok(line.includes(` --allow-write=figures,${MNIST_CACHE} `), `${task} writes: ${line}`);
    assert.equal(line.split("--allow-write").length, 2, `${task} has one --allow-write`);
  }
  const npm = await runDeno(["run", "-q", "scripts/_npm_cache_dir.ts"]);
  assert.equal(npm.code, 0, npm.stderr);
  const folder = new URL(`${MNIST_CACHE.replace(NPM_CACHE, npm.stdout.trim())}/`, "file:///").pathname;
  assert.equal(folder, `${mnistCacheDir()}/`);
  assert.ok(!folder.startsWith(`${ROOT}/`), `${folder} is outside the repository`);
});

/** The part of README that says which tasks have broad permissions and why. */
function readmeBroadSection(): string {
  const readme = Deno.readTextFileSync(`${ROOT}/README.md`);
  const start = readme.indexOf("- Broad, and why");
  assert.ok(start > 0, "README has its list of broad tasks");
  return readme.slice(start, readme.indexOf("\n## ", start));
}

Deno.test("README names every task with broad permissions: unscoped env, or a deno, python3 or Jupyter it starts", () => {
  const runs = (line: string) => line.split(" --").find((part) => part.startsWith("allow-run=")) ?? "";
  const broad = Object.entries(TASKS).filter(([, line]) =>
    permissionFlags(line).some((f) => f === "--allow-env" || f === "-E") ||
    /Deno\.execPath|python3/.test(runs(line)) || /^(\/usr\/bin\/)?python3\b/.test(line)
  ).map(([name]) => name);
  for (const name of ["test", "explore:screenshot", "notebook", "bench:compare", "build:explore"]) {
    assert.ok(broad.includes(name), name);
  }
  const section = readmeBroadSection();
  assert.deepEqual(
    broad.filter((name) => !section.includes(`\`${name}\``)),
    [],
    "named in README's list of broad tasks",
  );
});

Deno.test("bench/results/compare.md quotes the figures and train tasks' permissions as deno.json has them", () => {
  const row = Deno.readTextFileSync(`${ROOT}/bench/results/compare.md`).split("\n").find((l) =>
    l.includes("permissions of the `figures` / `train` tasks")
  );
  const quoted = (task: string) =>
    permissionFlags(TASKS[task].replaceAll("$(deno run -q scripts/_npm_cache_dir.ts)", "NPM_CACHE"))
      .map((f) => `\`${f}\``).join(" ");
  assert.ok(row?.includes(`figures: ${quoted("figures")}; train: ${quoted("train")}`), row);
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
  const results = await pool(
    SCRIPT_TASKS.map(([task]) => () => runDeno(["task", "--quiet", task, "--out", `${dir}/${task}`])),
  );
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

Deno.test("a script task refuses an --out that is a symbolic link inside figures/ leading outside it, and writes nothing there", async () => {
  const outside = await Deno.makeTempDir({ prefix: "permissions-link-target-" });
  // Links only this test makes, left behind by a run that was killed before its cleanup.
  for (const e of Deno.readDirSync(`${ROOT}/figures`)) {
    if (e.isSymlink && e.name.startsWith(".permissions-link-")) Deno.removeSync(`${ROOT}/figures/${e.name}`);
  }
  const link = `figures/.permissions-link-${Deno.pid}`;
  // `ln -s ../../outside figures/escape`: Deno checks the path as written, which lies inside figures/.
  await symlink(outside, `${ROOT}/${link}`);
  try {
    // One task of each kind: a static figure, training, every figure, an experiment, the live page.
    const tasks = ["relu", "train", "figures", "dead_units", "explore"];
    for (const task of tasks) assert.ok(task in TASKS, task);
    const results = await pool(
      tasks.map((task) => () => runDeno(["task", "--quiet", task, "--out", `${link}/${task}`])),
    );
    const real = await Deno.realPath(outside);
    results.forEach((r, i) => {
      const task = tasks[i];
      assert.equal(r.code, 2, `${task}: code ${r.code}, ${r.stderr}`);
      assert.equal(r.stdout, "", task);
      assert.equal(
        r.stderr,
        `error: --out must be a folder this script may read and write; "${link}/${task}" leads to ` +
          `"${real}/${task}" through a symbolic link, which is not allowed\n`,
        task,
      );
    });
    assert.deepEqual([...Deno.readDirSync(outside)], [], "nothing written where the link leads");
  } finally {
    await Deno.remove(`${ROOT}/${link}`);
    await Deno.remove(outside, { recursive: true });
  }
});
