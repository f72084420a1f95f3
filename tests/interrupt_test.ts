/**
 * Killing a real run of `scripts/training.ts` never leaves a broken or
 * temporary file behind: during training nothing has been written yet, so the
 * previous outputs stay byte for byte; during rendering every file is either
 * the previous one or a complete new one, and the process still ends at once
 * (exit code 143 for SIGTERM, 130 for SIGINT, or killed by the signal).
 *
 * Permissions: --allow-read --allow-write=/tmp --allow-run=<deno>.
 */
import assert from "node:assert/strict";
import { toJsonText } from "../lib/render/json.ts";
import { ROOT } from "./support/subprocess.ts";
import { syntheticRun } from "./support/synthetic_run.ts";

const SCRIPT = `${ROOT}/scripts/training.ts`;

function spawnTraining(args: string[], dir: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--allow-read",
      `--allow-write=${dir}`,
      "--allow-ffi",
      "--allow-sys=cpus,networkInterfaces,hostname",
      SCRIPT,
      ...args,
    ],
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

/** Every file of `dir` (hidden ones included) with its bytes. */
function contents(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const e of Deno.readDirSync(dir)) out.set(e.name, Deno.readFileSync(`${dir}/${e.name}`));
  return out;
}

/** The run ended because of `signal`: through the listener's exit code, or killed by it. */
function assertEndedBy(status: Deno.CommandStatus, signal: "SIGTERM" | "SIGINT", stderr: string): void {
  const code = signal === "SIGTERM" ? 143 : 130;
  assert.ok(
    status.code === code || status.signal === signal,
    `ended by ${signal}: code ${status.code}, signal ${status.signal}, stderr ${stderr}`,
  );
  assert.doesNotMatch(stderr, /error|\n\s+at /i, "no error and no stack trace");
}

/** Reads `stream` until `done(text so far)` holds, and keeps draining it afterwards; resolves with the text read. */
function watch(stream: ReadableStream<Uint8Array>, done: (text: string) => boolean): {
  reached: Promise<void>;
  all: Promise<string>;
} {
  let text = "";
  const { promise: reached, resolve: resolveReached } = Promise.withResolvers<void>();
  const all = (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      if (done(text)) resolveReached();
    }
    resolveReached();
    return text;
  })();
  return { reached, all };
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
      const child = spawnTraining(
        [
          ...["--engine", "autodiff", "--epochs", "1000000", "--every", "1000"],
          ...["--backend", "cpu", "--formats", "json,svg", "--out", dir],
        ],
        dir,
      );
      const stderr = watch(child.stderr, (t) => t.includes("backend: "));
      await stderr.reached;
      child.kill(signal);
      const status = await child.status;
      const text = await stderr.all;
      assert.match(text, /^backend: cpu \(asked for with --backend cpu\); engine: autodiff\n/);
      assertEndedBy(status, signal, text.replace(/^backend: .*\n/, ""));
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

function changed(before: Map<string, Uint8Array>, dir: string): boolean {
  for (const e of Deno.readDirSync(dir)) {
    const old = before.get(e.name);
    if (!old || Deno.statSync(`${dir}/${e.name}`).size !== old.length) return true;
  }
  return false;
}

function temporaryFileSeen(dir: string): boolean {
  for (const e of Deno.readDirSync(dir)) if (e.name.includes(".tmp-")) return true;
  return false;
}

/** When to send which signal, and whether the signal must find no listener (the run is between two writes). */
const KILL_POINTS: {
  when: string;
  signal: "SIGTERM" | "SIGINT";
  due: (before: Map<string, Uint8Array>, dir: string) => boolean;
  /** Milliseconds to wait after `due` before the signal. */
  after?: number;
  betweenWrites?: boolean;
}[] = [
  // training.json is written first, then ~120 frames are rendered for seconds before training.svg
  { when: "training.json has been replaced", signal: "SIGTERM", due: changed, after: 100, betweenWrites: true },
  { when: "a temporary file is seen (mid-write)", signal: "SIGINT", due: (_, dir) => temporaryFileSeen(dir) },
  { when: "a temporary file is seen (mid-write)", signal: "SIGTERM", due: (_, dir) => temporaryFileSeen(dir) },
];

for (const { when, signal, due, after: delayMs, betweenWrites } of KILL_POINTS) {
  Deno.test(`${signal} during rendering when ${when}: every file is the old one or a complete new one`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "interrupt-render-" });
    const from = `${dir}.run.json`;
    try {
      await previousRun(dir, "json,svg,gif,html");
      const before = contents(dir);
      assert.deepEqual([...before.keys()].sort(), [
        "training.gif",
        "training.html",
        "training.json",
        "training.svg",
        "training_loss.svg",
        "training_loss.vl.json",
      ]);
      await Deno.writeTextFile(from, toJsonText(syntheticRun({ hidden: 7, epochs: 12000, every: 100, points: 100 })));
      const child = spawnTraining(["--from", from, "--out", dir], dir);
      const stderr = watch(child.stderr, () => false);
      let exited = false;
      const status = child.status.then((s) => {
        exited = true;
        return s;
      });
      let sent = false;
      while (!exited) {
        if (due(before, dir)) {
          if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
          child.kill(signal);
          sent = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 1));
      }
      const s = await status;
      const text = await stderr.all;
      if (sent) {
        assertEndedBy(s, signal, text);
        if (betweenWrites) {
          // no listener outlives a write: rendering is not left deaf to Ctrl-C until the next file
          assert.equal(s.signal, signal, `terminated by ${signal} itself, not by a deferred listener (code ${s.code})`);
        }
      } else {
        assert.equal(s.code, 0, `the run finished before the kill point was seen: ${text}`);
      }
      const after = contents(dir);
      assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), "no temporary file, none missing");
      let replaced = 0;
      for (const [name, bytes] of after) {
        const old = before.get(name)!;
        if (bytes.length === old.length && bytes.every((b, i) => b === old[i])) continue;
        replaced++;
        assert.ok(complete(name, bytes), `${name} is complete (${bytes.length} bytes)`);
      }
      if (sent) {
        assert.ok(replaced < after.size, `the kill ended the run early (${replaced} of ${after.size} replaced)`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(from).catch(() => {});
    }
  });
}
