/**
 * Output folders and paths that once got past the checks (issue 21): a
 * symbolic link inside an allowed folder that leads outside it, a dangling
 * link, a folder that not even root may write, a project in a folder whose
 * name has a space and a non-ASCII letter, an input range too narrow to draw;
 * and the backend line of a float64 run. Each is refused before any training,
 * in one line, with nothing written. In-process where the library's checks
 * are the point; a subprocess only where the permissions or the exit code are.
 *
 * Permissions: the test task's (read the project and /tmp, write /tmp and
 * figures, run deno).
 */
import assert from "node:assert/strict";
import { UsageError } from "../lib/errors.ts";
import { checkOutDir } from "../lib/output/files.ts";
import { probeOutDir, realOutDir } from "../lib/output/probe.ts";
import { runTraining, type TrainingScriptIo } from "../lib/cli/training.ts";
import { ROOT, runDeno, runScript } from "./support/subprocess.ts";
import { runInProcess } from "./support/in_process.ts";
import { symlink } from "./support/links.ts";
import "npm:dejavu-fonts-ttf@2.37.3/package.json" with { type: "json" };
import { fileURLToPath } from "node:url";

/**
 * A folder the test may read but not write: the project's lib/ (what `ln -s ../lib figures/tolib` reached), or,
 * when the project itself lies in a folder the test may write (a clone under /tmp), a package folder of the npm cache.
 */
function unwritableTarget(): string {
  const lib = `${ROOT}/lib`;
  if (Deno.permissions.querySync({ name: "write", path: lib }).state !== "granted") return lib;
  return fileURLToPath(new URL(".", import.meta.resolve("npm:dejavu-fonts-ttf@2.37.3/package.json"))).replace(
    /\/$/,
    "",
  );
}

/** An io that records the status lines (the backend line comes first when training starts). */
function recordingIo(): TrainingScriptIo & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    status: (line) => lines.push(line),
    progress: { isTerminal: () => false, writeSync: (b) => b.length },
  };
}

async function names(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir), (e) => e.name)).sort();
}

Deno.test("an --out that is a symbolic link into a folder the script may not write (lib/) is refused, however deep", async () => {
  const dir = await Deno.makeTempDir({ prefix: "paths-link-" });
  try {
    // The test may write /tmp but not the target: a link in /tmp to it is what `ln -s ../lib figures/tolib` was.
    const target = unwritableTarget();
    await symlink(target, `${dir}/tolib`);
    for (const out of [`${dir}/tolib`, `${dir}/tolib/new/sub`]) {
      await assert.rejects(checkOutDir(out), (e: unknown) => {
        assert.ok(e instanceof UsageError);
        assert.equal(
          e.message,
          `outDir must be a folder this script may read and write; "${out}" leads to ` +
            `"${out.replace(`${dir}/tolib`, target)}" through a symbolic link, which is not allowed`,
        );
        return true;
      });
    }
    assert.equal(await Deno.stat(`${target}/new`).then(() => true, () => false), false);
    // A link that stays inside what the script may write is fine, and resolved.
    await Deno.mkdir(`${dir}/real`);
    await symlink("real", `${dir}/inside`);
    await checkOutDir(`${dir}/inside/run1`);
    assert.equal(await realOutDir(`${dir}/inside/run1`), `${await Deno.realPath(dir)}/real/run1`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an allowed folder that is itself a symbolic link is written through, and a link inside it to outside is refused", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "paths-linked-root-" }));
  try {
    // figures -> elsewhere: the user keeps the outputs on another disk and allows the link as written.
    await Deno.mkdir(`${dir}/elsewhere`);
    await symlink(`${dir}/elsewhere`, `${dir}/figures`);
    await Deno.mkdir(`${dir}/outside`);
    await symlink(`${dir}/outside`, `${dir}/elsewhere/escape`);
    // Read access where the link leads too: the folder's lock (lib/output/lock.ts) is opened there.
    const options = { writable: `${dir}/figures`, readable: dir };
    const ok = await runScript("relu", ["--out", `${dir}/figures/run1`], options);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(await names(`${dir}/elsewhere/run1`), ["relu.svg", "relu.vl.json"]);
    const escape = await runScript("relu", ["--out", `${dir}/figures/escape`], options);
    assert.equal(escape.code, 2, escape.stderr);
    assert.match(
      escape.stderr,
      /^error: --out .* leads to ".*\/outside" through a symbolic link, which is not allowed\n$/,
    );
    assert.deepEqual(await names(`${dir}/outside`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a dangling symbolic link as --out is refused before training, with nothing created", async () => {
  const dir = await Deno.makeTempDir({ prefix: "paths-dangling-" });
  try {
    await symlink("nowhere/at/all", `${dir}/dangling`);
    const message =
      `--out must be a folder or a path where one can be created; "${dir}/dangling" is a symbolic link to a missing "nowhere/at/all"`;
    const io = recordingIo();
    for (const out of [`${dir}/dangling`, `${dir}/dangling/sub`]) {
      await assert.rejects(
        runTraining(["--epochs", "2", "--every", "1", "--hidden", "2", "--points", "4", "--out", out], io),
        (e: unknown) => e instanceof UsageError && e.describe((n) => n === "outDir" ? "--out" : n) === message,
      );
    }
    assert.deepEqual(io.lines, [], "no backend line: refused before training");
    assert.deepEqual(await names(dir), ["dangling"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("probeOutDir() creates a file in the folder and leaves nothing, missing folders included", async () => {
  const dir = await Deno.makeTempDir({ prefix: "paths-probe-" });
  try {
    await Deno.writeTextFile(`${dir}/keep.txt`, "old");
    await probeOutDir(dir);
    await probeOutDir(`${dir}/new/deeper`);
    assert.deepEqual(await names(dir), ["keep.txt"]);
    await assert.rejects(probeOutDir(`${dir}/keep.txt/sub`), { name: "UsageError", message: /Not a directory/ });
    assert.deepEqual(await names(dir), ["keep.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an --x-min/--x-max range too narrow to draw is refused before training, with nothing written", async () => {
  const dir = await Deno.makeTempDir({ prefix: "paths-range-" });
  try {
    const io = recordingIo();
    await assert.rejects(
      runTraining(["--x-min", "1e-320", "--x-max", "2e-320", "--epochs", "2", "--out", `${dir}/out`], io),
      { name: "UsageError", message: /^--x-min and --x-max must span a range the plots can draw .*: its width 1e-320/ },
    );
    assert.deepEqual(io.lines, []);
    assert.deepEqual(await names(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a float64 run with --backend auto says that auto chose cpu, not that cpu was asked for", async () => {
  const dir = await Deno.makeTempDir({ prefix: "paths-float64-" });
  try {
    const io = recordingIo();
    const args = ["--precision", "float64", "--epochs", "2", "--every", "1", "--hidden", "2", "--points", "4"];
    await runTraining([...args, "--formats", "json", "--out", dir], io);
    assert.deepEqual(io.lines, [
      "backend: cpu (chosen by --backend auto: float64 arithmetic runs only on cpu); engine: fused",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * Folders that exist but in which no file can be created, root included (CI runs as root, and chmod does
 * not stop root): one whose path is so long that no file name fits under PATH_MAX (4096 bytes on Linux), so
 * the system refuses every new file in it (ENAMETOOLONG); and, where it stops the user running the tests,
 * a read-only folder (chmod 555). (Deno refuses /sys and /proc without --allow-all, and a read-only mount
 * needs privileges a test does not have.)
 */
async function unwritableFolders(dir: string): Promise<string[]> {
  let long = dir;
  while (long.length < 4070) long += "/" + "d".repeat(Math.min(200, 4070 - long.length));
  await Deno.mkdir(long, { recursive: true });
  const readOnly = `${dir}/read-only`;
  await Deno.mkdir(readOnly);
  await Deno.chmod(readOnly, 0o555);
  const blocks = await Deno.writeTextFile(`${readOnly}/x`, "").then(() => false, () => true);
  if (!blocks) await Deno.remove(`${readOnly}/x`);
  return blocks ? [long, readOnly] : [long];
}

Deno.test("training into a folder no file can be created in fails before training, in one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "paths-unwritable-" });
  try {
    for (const out of await unwritableFolders(dir)) {
      // the script's own body in this process, which may write dir, as the script would be allowed to
      const r = await runInProcess("training", ["--epochs", "2", "--formats", "json", "--out", out]);
      const what = `--out ${out.slice(0, 60)}...`;
      assert.equal(r.code, 2, `${what}: ${r.stderr}`);
      assert.equal(r.stdout, "", what);
      assert.ok(
        r.stderr.startsWith(`error: --out must be a folder a file can be created in; "${out}": `),
        `${what}: ${r.stderr}`,
      );
      assert.equal(r.stderr.split("\n").length, 2, `${what}: one line, got ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /backend:/, `${what}: refused before training`);
      assert.deepEqual(await names(out), [], `${what}: nothing left in it`);
    }
  } finally {
    await Deno.chmod(`${dir}/read-only`, 0o755);
    await Deno.remove(dir, { recursive: true });
  }
});

/** Copies the files under `from` into `to`, folders included. */
async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    else if (e.isFile) await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

Deno.test("a project in a folder whose name has a space and a non-ASCII letter writes into its own figures/ by default", async () => {
  const parent = await Deno.makeTempDir({ prefix: "sp ace ü-" });
  try {
    // A copy of what `deno task relu` loads: the library, the scripts, the config and the lock file.
    const project = `${parent}/p`;
    await copyTree(`${ROOT}/lib`, `${project}/lib`);
    await copyTree(`${ROOT}/scripts`, `${project}/scripts`);
    for (const file of ["deno.json", "deno.lock"]) await Deno.copyFile(`${ROOT}/${file}`, `${project}/${file}`);
    // relu's own task permissions, run from the project's folder as `deno task` does
    const out = await runDeno(
      ["run", "--quiet", "--allow-read=figures", "--allow-write=figures", "scripts/relu.ts"],
      project,
    );
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^wrote figures\/relu\.svg \(\d+ bytes\)\n/);
    assert.deepEqual(await names(`${project}/figures`), ["relu.svg", "relu.vl.json"]);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});
