/**
 * A run's outputs are written as one set: a write that fails replaces none of
 * them and is reported in one line (`error: cannot write PATH: REASON`, exit
 * 1), and two runs writing into one folder at once leave one run's set in it,
 * never a mix.
 *
 * The concurrent runs are ordered by events, not delays: the first stops
 * inside its write at a kill point it reports itself
 * (`tests/support/kill_point.ts`), the second is started then, and the first
 * is let go on once the second says that it waits for the folder (or has
 * ended, which it did before the folder had a lock).
 *
 * Permissions: --allow-read --allow-write=/tmp --allow-run=<deno> --allow-sys (uid).
 */
import assert from "node:assert/strict";
import { RunError } from "../lib/errors.ts";
import { writeTrainingOutputs } from "../lib/output/training.ts";
import { toJsonText } from "../lib/render/json.ts";
import { parseKillPointLine } from "./support/kill_point.ts";
import { ROOT, spawnScript } from "./support/subprocess.ts";
import { syntheticRun } from "./support/synthetic_run.ts";
import { DISK_FULL } from "./support/write_fault.ts";

const SCRIPT = `${ROOT}/scripts/training.ts`;
const support = (name: string) => new URL(`./support/${name}`, import.meta.url).href;

/** Starts the training script writing only `dir`, with `preload` (a module's source) run first. */
async function spawnTraining(args: string[], dir: string, preload?: string): Promise<Deno.ChildProcess> {
  let file: string | undefined;
  if (preload !== undefined) {
    file = await Deno.makeTempFile({ prefix: "preload-", suffix: ".ts" });
    await Deno.writeTextFile(file, preload);
  }
  return spawnScript(SCRIPT, args, { writable: dir, preload: file });
}

/** Collects `stream` as text; `until(text)` resolves once `test` holds for the text so far (false if it never does). */
function collect(stream: ReadableStream<Uint8Array>): {
  until: (test: (text: string) => boolean) => Promise<boolean>;
  all: Promise<string>;
} {
  let text = "";
  const waiting: { test: (text: string) => boolean; resolve: (hit: boolean) => void }[] = [];
  const all = (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      for (const w of waiting.filter((w) => w.test(text))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(true);
      }
    }
    for (const w of waiting) w.resolve(false);
    return text;
  })();
  const until = (test: (text: string) => boolean) =>
    test(text) ? Promise.resolve(true) : new Promise<boolean>((resolve) => waiting.push({ test, resolve }));
  return { until, all };
}

/** Every file of `dir` (hidden ones included) with its bytes. */
function contents(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const e of Deno.readDirSync(dir)) out.set(e.name, Deno.readFileSync(`${dir}/${e.name}`));
  return out;
}

/** A saved synthetic run of `seed` (a few small frames: quick to render), as a file beside `dir`. */
async function savedRun(dir: string, seed: number): Promise<string> {
  const path = `${dir}.seed-${seed}.json`;
  await Deno.writeTextFile(path, toJsonText(syntheticRun({ hidden: 2, epochs: 10, every: 5, points: 8, seed })));
  return path;
}

/** Renders saved run `from` into `dir` with `formats`, as the script does; fails unless it exits 0. */
async function render(from: string, dir: string, formats: string): Promise<void> {
  const child = await spawnTraining(["--from", from, "--formats", formats, "--out", dir], dir);
  await child.stdin.close();
  const stderr = await new Response(child.stderr).text();
  assert.equal((await child.status).code, 0, stderr);
}

Deno.test("a full disk while training.gif is written: one line, exit 1, and none of the set replaced", async () => {
  const dir = await Deno.makeTempDir({ prefix: "output-set-" });
  const [old, next] = [await savedRun(dir, 3), await savedRun(dir, 4)];
  try {
    await render(old, dir, "json,svg,gif,html");
    const before = contents(dir);
    const child = await spawnTraining(
      ["--from", next, "--out", dir],
      dir,
      `import { installWriteFault } from ${JSON.stringify(support("write_fault.ts"))};\n` +
        `installWriteFault("training.gif");\n`,
    );
    await child.stdin.close();
    const stderr = await new Response(child.stderr).text();
    const status = await child.status;
    assert.equal(stderr, `error: cannot write ${dir}/training.gif: ${DISK_FULL}\n`);
    assert.equal(status.code, 1);
    assert.deepEqual(contents(dir), before, "every file the old one, no temporary file left");
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(old);
    await Deno.remove(next);
  }
});

/**
 * A folder the user running the tests cannot add a file to: mode 555 where that stops them; for root, whom no mode
 * stops, a folder whose path is so long that no temporary file name fits under PATH_MAX (ENAMETOOLONG stops root too).
 * The old file is written straight into it first (`training.json` itself still fits).
 */
async function readOnlyFolder(base: string): Promise<{ dir: string; reason: string }> {
  if (Deno.uid() !== 0) {
    const dir = `${base}/ro`;
    await Deno.mkdir(dir);
    return { dir, reason: "Permission denied (os error 13)" };
  }
  let dir = base;
  while (dir.length < 4070) dir += "/" + "d".repeat(Math.min(200, 4070 - dir.length));
  await Deno.mkdir(dir, { recursive: true });
  return { dir, reason: "File name too long (os error 36)" };
}

Deno.test({
  name: "a read-only folder: writeTrainingOutputs rejects with one line and leaves the old files",
  ignore: Deno.build.os === "windows",
  async fn() {
    const base = await Deno.makeTempDir({ prefix: "output-readonly-" });
    const { dir, reason } = await readOnlyFolder(base);
    try {
      const run = syntheticRun({ hidden: 2, epochs: 10, every: 5, points: 8 });
      await Deno.writeTextFile(`${dir}/training.json`, "an older run\n");
      const before = contents(dir);
      if (Deno.uid() !== 0) await Deno.chmod(dir, 0o555);
      await assert.rejects(
        writeTrainingOutputs({ ...run, losses: run.losses.map((l) => l / 2) }, { outDir: dir, formats: ["json"] }),
        (e) => e instanceof RunError && e.message === `cannot write ${dir}/training.json: ${reason}`,
      );
      assert.deepEqual(contents(dir), before);
    } finally {
      if (Deno.uid() !== 0) await Deno.chmod(dir, 0o755);
      await Deno.remove(base, { recursive: true });
    }
  },
});

Deno.test("a folder no file can be created in (here under a file, so that root too is refused): one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "output-unwritable-" });
  try {
    await Deno.writeTextFile(`${dir}/file`, "");
    const run = syntheticRun({ hidden: 2, epochs: 10, every: 5, points: 8 });
    await assert.rejects(
      writeTrainingOutputs(run, { outDir: `${dir}/file/sub`, formats: ["json", "html"] }),
      (e) =>
        e instanceof RunError &&
        e.message === `cannot write ${dir}/file/sub/training.json: Not a directory (os error 20)`,
    );
    assert.deepEqual([...contents(dir).keys()], ["file"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("two runs writing into one folder at once leave one run's set in it, and both succeed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "output-concurrent-" });
  const [first, second] = [await savedRun(dir, 1), await savedRun(dir, 2)];
  const point = "writing:training.html";
  try {
    // The first run stops inside its write, training.json and training.html both on their way.
    const a = await spawnTraining(
      ["--from", first, "--formats", "json,html", "--out", dir],
      dir,
      `import { installKillPoint } from ${JSON.stringify(support("kill_point.ts"))};\n` +
        `installKillPoint(${JSON.stringify(point)});\n`,
    );
    const aErr = collect(a.stderr);
    assert.ok(await aErr.until((t) => parseKillPointLine(t, point) !== undefined), "the first run reached its write");
    // The second starts now, and waits for the folder (or, without a lock, writes its files and ends).
    const b = await spawnTraining(["--from", second, "--formats", "json,html", "--out", dir], dir);
    await b.stdin.close();
    const bErr = collect(b.stderr);
    const waited = await Promise.race([
      bErr.until((t) => t.includes("waiting for another run")),
      b.status.then(() => false),
    ]);
    await a.stdin.close(); // the first goes on
    const [aStatus, bStatus] = [await a.status, await b.status];
    const [aText, bText] = [await aErr.all, await bErr.all];
    assert.equal(aStatus.code, 0, aText);
    assert.equal(bStatus.code, 0, bText);
    const json = JSON.parse(await Deno.readTextFile(`${dir}/training.json`));
    const html = await Deno.readTextFile(`${dir}/training.html`);
    const htmlSeed = Number(/, seed (\d+),/.exec(html)?.[1]);
    assert.deepEqual([json.config.seed, htmlSeed], [2, 2], "training.json and training.html both of the later run");
    assert.equal(aText.replace(/kill point: .*\n/, ""), "");
    assert.match(
      bText,
      new RegExp(`^waiting for another run \\(pid ${a.pid}, see ${dir}/\\.write-lock\\) to finish writing\\n$`),
    );
    assert.ok(waited, "the second run waited for the first");
    assert.deepEqual(
      [...contents(dir).keys()].sort(),
      ["training.html", "training.json"],
      "no lock or temporary file left",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(first);
    await Deno.remove(second);
  }
});
