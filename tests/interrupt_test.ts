/**
 * Killing a real run of `scripts/training.ts` or `scripts/figures.ts` never
 * leaves a broken or temporary file behind: before the outputs are written
 * (training, rendering) nothing has been written yet, so the previous outputs
 * stay byte for byte; the outputs are written as one set, and a signal that
 * lands in the middle of that write ends the process with 143 (SIGTERM) or
 * 130 (SIGINT) once the whole set is in place; after it, no listener is left
 * and the signal itself terminates the process. `figures` renders in
 * workers, which write nothing: its main thread writes, so a signal in the
 * middle of writing the GIF that a worker rendered is held the same way.
 *
 * The signal is sent at a point the child reports itself, not after a delay:
 * the child runs with `--preload` of a small file that installs a kill point
 * (`tests/support/kill_point.ts`); there it writes `kill point: POINT` on
 * stderr and waits until this test has sent the signal and closed its stdin.
 * A run that ends without reaching its kill point fails the test.
 *
 * Permissions: --allow-read --allow-write=/tmp --allow-run=<deno>.
 */
import assert from "node:assert/strict";
import { toJsonText } from "../lib/render/json.ts";
import { type KillPoint, killPointLine, parseKillPointLine } from "./support/kill_point.ts";
import { ROOT, spawnScript } from "./support/subprocess.ts";
import { syntheticRun } from "./support/synthetic_run.ts";

const SCRIPT = `${ROOT}/scripts/training.ts`;
const FIGURES_SCRIPT = `${ROOT}/scripts/figures.ts`;
const KILL_POINT_MODULE = new URL("./support/kill_point.ts", import.meta.url).href;

type Signal = "SIGTERM" | "SIGINT";

/** The exit code of the listener that `lib/output/files.ts` installs during a write: what a shell reports. */
const LISTENER_EXIT: Record<Signal, number> = { SIGTERM: 143, SIGINT: 130 };

/** Starts `script` (default the training script) writing only `dir`, preloading `preload`. */
function spawnTraining(args: string[], dir: string, preload?: string, script = SCRIPT): Deno.ChildProcess {
  return spawnScript(script, args, { writable: dir, preload, stdin: preload ? "piped" : "null" });
}

/** Every file of `dir` (hidden ones included) with its bytes. */
function contents(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const e of Deno.readDirSync(dir)) out.set(e.name, Deno.readFileSync(`${dir}/${e.name}`));
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Reads `stream` until `done(text so far)` holds, and keeps draining it afterwards. */
function watch(stream: ReadableStream<Uint8Array>, done: (text: string) => boolean): {
  /** true once `done` holds, false when the stream ended first. */
  reached: Promise<boolean>;
  /** What has been read so far. */
  soFar: () => Promise<string>;
  /** Everything read, at the end of the stream. */
  all: Promise<string>;
} {
  let text = "";
  const { promise: reached, resolve } = Promise.withResolvers<boolean>();
  const all = (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      if (done(text)) resolve(true);
    }
    resolve(false);
    return text;
  })();
  return { reached, soFar: () => Promise.resolve(text), all };
}

/** How a killed run ended: its status and its stderr without the kill point's line. */
interface KilledRun {
  status: Deno.CommandStatus;
  stderr: string;
}

/**
 * How long a child that should die of the signal may take before this test
 * lets it go on, only so that a deferred signal fails the test instead of
 * hanging it; a passing run never waits for it (death takes milliseconds).
 */
const WATCHDOG_MS = 60_000;

/**
 * Runs the training script with `args` until it reports `point`, sends
 * `signal` there and waits for the end. `held`: whether the signal must find
 * the listeners of a write installed (then the child is let go on at once,
 * to finish the file), or none (then it stays at the kill point until the
 * signal has ended it). Fails when the run ends without reaching the point.
 */
async function killAt(
  point: KillPoint,
  signal: Signal,
  held: boolean,
  args: string[],
  dir: string,
  script = SCRIPT,
): Promise<KilledRun> {
  const preload = `${dir}.kill-point.ts`;
  await Deno.writeTextFile(
    preload,
    `import { installKillPoint } from ${JSON.stringify(KILL_POINT_MODULE)};\n` +
      `installKillPoint(${JSON.stringify(point)});\n`,
  );
  try {
    const child = spawnTraining(args, dir, preload, script);
    const stderr = watch(child.stderr, (text) => parseKillPointLine(text, point) !== undefined);
    const reached = await stderr.reached;
    let listeners: number | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    if (reached) {
      listeners = parseKillPointLine(await stderr.soFar(), point)!;
      if ((listeners > 0) === held) {
        child.kill(signal);
        // A held signal waits for the child to go on; one that finds no listener ends the child where it stands.
        if (held) await child.stdin.close().catch(() => {});
        else watchdog = setTimeout(() => child.stdin.close().catch(() => {}), WATCHDOG_MS);
      } else {
        child.kill("SIGKILL");
      }
    }
    const status = await child.status;
    clearTimeout(watchdog);
    await child.stdin.close().catch(() => {});
    const text = await stderr.all;
    assert.ok(
      reached,
      `the run ended (code ${status.code}, signal ${status.signal}) without reaching the kill point ` +
        `"${point}": ${text}`,
    );
    assert.equal(listeners! > 0, held, `signal listeners installed at "${point}": ${listeners}`);
    assert.doesNotMatch(text, /error|\n\s+at /i, "no error and no stack trace");
    return { status, stderr: text.replace(killPointLine(point, listeners!), "") };
  } finally {
    await Deno.remove(preload);
  }
}

/** A folder holding the outputs of a small earlier run in `formats`. */
async function previousRun(dir: string, formats: string): Promise<void> {
  const from = `${dir}.previous.json`;
  await Deno.writeTextFile(from, toJsonText(syntheticRun({ hidden: 2, epochs: 10, every: 5, points: 8, seed: 3 })));
  const child = spawnTraining(["--from", from, "--formats", formats, "--out", dir], dir);
  const stderr = await new Response(child.stderr).text();
  const status = await child.status;
  assert.equal(status.code, 0, stderr);
  await Deno.remove(from);
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`${signal} during training leaves the previous outputs byte for byte and no temporary file`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "interrupt-train-" });
    try {
      await previousRun(dir, "json,svg");
      const before = contents(dir);
      assert.equal(before.size, 4);
      // The kill point is the first progress report, after 100 of the 1 000 000 updates.
      const { status, stderr } = await killAt("training", signal, false, [
        ...["--engine", "autodiff", "--epochs", "1000000", "--every", "100"],
        ...["--backend", "cpu", "--formats", "json,svg", "--out", dir],
      ], dir);
      assert.equal(stderr, "backend: cpu (asked for with --backend cpu); engine: autodiff\n");
      assert.equal(status.signal, signal, `terminated by ${signal} itself (code ${status.code})`);
      assert.deepEqual(contents(dir), before);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

/** Whether `bytes` is a complete file of its kind. */
function complete(name: string, bytes: Uint8Array): boolean {
  const text = () => new TextDecoder().decode(bytes);
  if (name.endsWith(".json")) {
    try {
      JSON.parse(text());
      return true;
    } catch {
      return false;
    }
  }
  if (name.endsWith(".svg")) return text().trimEnd().endsWith("</svg>");
  if (name.endsWith(".gif")) return bytes.length > 13 && bytes[bytes.length - 1] === 0x3b;
  if (name.endsWith(".html")) return text().trimEnd().endsWith("</html>");
  return false;
}

/** The training outputs in the order the script renders and writes them. */
const WRITE_ORDER = [
  "training.json",
  "training.svg",
  "training_loss.svg",
  "training_loss.vl.json",
  "training.gif",
  "training.html",
];

/** Where to send which signal: in the middle of writing the set (signals held), or after it (no listener). */
const KILL_POINTS: { point: KillPoint; signal: Signal; when: string }[] = [
  { point: "writing:training.svg", signal: "SIGINT", when: "training.svg is being written" },
  { point: "writing:training.gif", signal: "SIGTERM", when: "training.gif is being written" },
  { point: "written:training.json", signal: "SIGTERM", when: "the set has been written" },
];

for (const { point, signal, when } of KILL_POINTS) {
  const midWrite = point.startsWith("writing:");
  Deno.test(
    `${signal} when ${when}: every output is a complete new one, no temporary file is left, ` +
      (midWrite ? `and it exits ${LISTENER_EXIT[signal]} once the set is in place` : `and ${signal} ends it at once`),
    async () => {
      const dir = await Deno.makeTempDir({ prefix: "interrupt-render-" });
      const from = `${dir}.run.json`;
      try {
        await previousRun(dir, "json,svg,gif,html");
        const before = contents(dir);
        assert.deepEqual([...before.keys()].sort(), [...WRITE_ORDER].sort());
        await Deno.writeTextFile(from, toJsonText(syntheticRun({ hidden: 7, epochs: 2000, every: 100, points: 100 })));
        const { status, stderr } = await killAt(point, signal, midWrite, ["--from", from, "--out", dir], dir);
        assert.equal(stderr, "");
        if (midWrite) {
          // the listener held the signal until the set was in place, then ended the run
          assert.deepEqual([status.code, status.signal], [LISTENER_EXIT[signal], null], `ended by the listener`);
        } else {
          // no listener outlives a write: rendering is not left deaf to Ctrl-C
          assert.equal(
            status.signal,
            signal,
            `terminated by ${signal} itself, not by a listener (code ${status.code})`,
          );
        }
        const after = contents(dir);
        assert.deepEqual(
          [...after.keys()].sort(),
          [...before.keys()].sort(),
          "no temporary or lock file, none missing",
        );
        for (const name of WRITE_ORDER) {
          const bytes = after.get(name)!;
          assert.ok(!sameBytes(bytes, before.get(name)!), `${name} was replaced`);
          assert.ok(complete(name, bytes), `${name} is complete (${bytes.length} bytes)`);
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
        await Deno.remove(from).catch(() => {});
      }
    },
  );
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.test(
    `figures: ${signal} while the GIF a worker rendered is being written exits ${LISTENER_EXIT[signal]} ` +
      `and leaves no temporary file`,
    async () => {
      const dir = await Deno.makeTempDir({ prefix: "interrupt-figures-" });
      try {
        // Only the main thread can hold a signal, so the kill point must be reached there: workers write nothing.
        const { status, stderr } = await killAt(
          "writing:training.gif",
          signal,
          true,
          ["--only", "training", "--out", dir],
          dir,
          FIGURES_SCRIPT,
        );
        assert.match(stderr, /^(workers busy .*\n)?$/);
        assert.deepEqual([status.code, status.signal], [LISTENER_EXIT[signal], null], `ended by the listener`);
        const after = contents(dir);
        assert.deepEqual([...after.keys()].sort(), [...WRITE_ORDER].sort(), "no temporary or lock file, none missing");
        for (const [name, bytes] of after) {
          assert.ok(complete(name, bytes), `${name} is complete (${bytes.length} bytes)`);
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );
}
