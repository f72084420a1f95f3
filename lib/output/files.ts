/**
 * The only place that writes files. Every file is written to a temporary file
 * in the same folder, flushed to disk and renamed over its final name, so a
 * reader (or an interrupted run) never sees half a file.
 *
 * Interrupts: the temporary file is created, written, flushed and renamed in
 * one synchronous step, with listeners for SIGINT, SIGTERM and SIGHUP
 * installed just before it. A listener runs only between tasks of the event
 * loop, so a signal that arrives meanwhile waits until the file is complete;
 * the write then waits twice 5 ms on a timer, so that the event loop polls
 * for signals and the listener can exit with 130, 143 or 129 (what a shell
 * reports for those signals), and removes the listeners again. (One turn with
 * a zero timeout was not enough: with both cores busy, 2 of 30 signals sent
 * mid-write were dropped with the listeners; with two 5 ms waits 0 of 60.) Between writes no listener is installed and a signal
 * terminates the process at once, as it would without this module (a listener
 * kept for the whole run would leave Ctrl-C unanswered through seconds of
 * synchronous rendering). So an interrupted run leaves every file either as
 * it was or complete, and no temporary file behind (SIGKILL aside, which
 * nothing can catch, and writes made in a Web Worker, where `Deno.exit` would
 * end only the worker and so no listener is installed: both can leave a
 * partial `.NAME.tmp-PID-N` beside intact files).
 *
 * @module
 */
import { firstLine, UsageError } from "../errors.ts";
import { checkRealOutDir } from "./probe.ts";

/** The signals that end a run, with the exit code a shell reports for each: 128 + its number. */
const SIGNAL_EXIT: readonly [Deno.Signal, number][] = [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]];

const exitOn: [Deno.Signal, () => void][] = SIGNAL_EXIT.map(([signal, code]) => [signal, () => Deno.exit(code)]);
let writing = 0;
let written = 0;

/**
 * In a Web Worker `Deno.exit` ends only the worker, so a listener there would
 * swallow the signal and the process would go on (or exit 0); workers leave
 * signals to their default action.
 */
const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function";

/** Defers SIGINT, SIGTERM and SIGHUP until {@link releaseSignals}; their listeners end the process. */
function holdSignals(): void {
  if (inWorker || writing++ > 0) return;
  for (const [signal, exit] of exitOn) {
    try {
      // A listener replaces the default action (terminate), so it ends the process itself.
      Deno.addSignalListener(signal, exit);
    } catch {
      // the signal does not exist on this platform (Windows has only SIGINT and SIGBREAK)
    }
  }
}

/**
 * Lets a signal that arrived while held reach its listener, then restores the
 * default action. Deno dispatches a signal only when its event loop polls for
 * it; a listener removed before that drops the signal, so this waits on a
 * timer (twice, so that the loop really sleeps and polls even when the first
 * timer has already expired on a busy machine).
 */
async function releaseSignals(): Promise<void> {
  if (inWorker) return;
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (--writing > 0) return;
  for (const [signal, exit] of exitOn) {
    try {
      Deno.removeSignalListener(signal, exit);
    } catch {
      // never added
    }
  }
}

/**
 * The folder part of `path` (`.` for a bare name, `/` for a file at the root).
 *
 * @param path a file's path, with `/` between its parts
 * @returns the folder it is in
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { dirname } from "./files.ts";
 * deepStrictEqual(["figures/relu.svg", "relu.svg", "/relu.svg"].map(dirname), ["figures", ".", "/"]);
 * ```
 */
export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * Joins a folder and a file name with one `/`.
 *
 * @param dir the folder
 * @param name the file name
 * @returns the path
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { joinPath } from "./files.ts";
 * strictEqual(joinPath("figures", "relu.svg"), "figures/relu.svg");
 * strictEqual(joinPath("/tmp/", "relu.svg"), "/tmp/relu.svg");
 * ```
 */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/** Writes all of `bytes` to a new file `tmp`, flushes it to disk and renames it to `path`; synchronous on purpose. */
function writeAndRename(tmp: string, path: string, bytes: Uint8Array): void {
  const file = Deno.openSync(tmp, { write: true, createNew: true });
  try {
    for (let done = 0; done < bytes.length;) done += file.writeSync(bytes.subarray(done));
    file.syncSync();
  } finally {
    file.close();
  }
  Deno.renameSync(tmp, path);
}

/** One file written: its path and its size in bytes. */
export interface WrittenFile {
  /** Its path. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
}

/** A file to write: where and what. */
export interface FileToWrite {
  /** Where the file goes. */
  path: string;
  /** Its content (text is written as UTF-8). */
  data: string | Uint8Array;
}

/**
 * Writes `data` to `path` atomically: a temporary file beside it
 * (`.NAME.tmp-PID-N`), flushed, then renamed. On failure the temporary file
 * is removed and the old content of `path`, if any, is left untouched; a
 * SIGINT, SIGTERM or SIGHUP that arrives meanwhile ends the process (exit
 * code 130, 143, 129) only once the file is complete.
 *
 * @param path where the file goes; its folder must exist
 * @param data the content (text is written as UTF-8)
 * @returns the path and the size written
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { writeFileAtomic } from "./files.ts";
 * const dir = await Deno.makeTempDir();
 * deepStrictEqual(await writeFileAtomic(`${dir}/note.txt`, "relu'(0)"), { path: `${dir}/note.txt`, bytes: 8 });
 * await writeFileAtomic(`${dir}/note.txt`, "½"); // replaces it whole
 * strictEqual(await Deno.readTextFile(`${dir}/note.txt`), "½");
 * deepStrictEqual(await Array.fromAsync(Deno.readDir(dir), (e) => e.name), ["note.txt"]); // no temporary file left
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
): Promise<WrittenFile> {
  const [written] = await writeFilesAtomic([{ path, data }]);
  return written;
}

/**
 * Writes several files, each atomically as {@link writeFileAtomic} does, with
 * signals held once for all of them: a signal that arrives meanwhile ends the
 * process after the file being written is complete (and before the next one
 * is started), and the whole batch pays the short wait that lets a held
 * signal through only once.
 *
 * @param files the paths and contents, written in order; each folder must exist
 * @returns the paths and sizes written
 *
 * @example
 * ```ts
 * import { deepStrictEqual, rejects } from "node:assert/strict";
 * import { writeFilesAtomic } from "./files.ts";
 * const dir = await Deno.makeTempDir();
 * const written = await writeFilesAtomic([
 *   { path: `${dir}/a.txt`, data: "relu" },
 *   { path: `${dir}/b.bin`, data: new Uint8Array([1, 2, 3]) },
 * ]);
 * deepStrictEqual(written, [{ path: `${dir}/a.txt`, bytes: 4 }, { path: `${dir}/b.bin`, bytes: 3 }]);
 * await rejects(writeFilesAtomic([{ path: `${dir}/missing/c.txt`, data: "" }]), Deno.errors.NotFound);
 * deepStrictEqual((await Array.fromAsync(Deno.readDir(dir), (e) => e.name)).sort(), ["a.txt", "b.bin"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<WrittenFile[]> {
  const done: WrittenFile[] = [];
  holdSignals();
  try {
    for (const { path, data } of files) {
      const tmp = joinPath(dirname(path), `.${basename(path)}.tmp-${Deno.pid}-${written++}`);
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      try {
        writeAndRename(tmp, path, bytes);
      } catch (e) {
        try {
          Deno.removeSync(tmp);
        } catch {
          // never created
        }
        throw e;
      }
      done.push({ path, bytes: bytes.length });
    }
  } finally {
    await releaseSignals();
  }
  return done;
}

/**
 * Checks, without creating anything, that `dir` can serve as an output
 * folder: this script may read and write it, and it is either an existing
 * folder or does not exist yet (so that {@link prepareOutDir} can create it).
 * Throws a one-line {@link UsageError} naming `outDir` otherwise: a missing
 * Deno permission, a file, a path under a file, a folder that cannot be
 * looked at. Scripts that work before they write call it first, so that a bad
 * output folder fails before minutes of training rather than after.
 *
 * @param dir the output folder
 * @returns when `dir` is usable; it rejects with a {@link UsageError} otherwise
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { checkOutDir } from "./files.ts";
 * import { UsageError } from "../errors.ts";
 * const dir = await Deno.makeTempDir();
 * await checkOutDir(dir);
 * await checkOutDir(`${dir}/not-yet`); // fine: it would be created, and nothing is created now
 * await Deno.writeTextFile(`${dir}/file`, "");
 * await rejects(checkOutDir(`${dir}/file`), UsageError); // outDir must be a folder, but ".../file" is a file
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function checkOutDir(dir: string): Promise<void> {
  const read = await Deno.permissions.query({ name: "read", path: dir });
  const write = await Deno.permissions.query({ name: "write", path: dir });
  if (read.state !== "granted" || write.state !== "granted") {
    throw new UsageError((n) =>
      `${n("outDir")} must be a folder this script may read and write; "${dir}" is not allowed ` +
      `(run it with --allow-read=${dir} --allow-write=${dir})`
    );
  }
  await checkRealOutDir(dir); // Deno checks the path as written: a symbolic link must not lead elsewhere
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    const why = firstLine(e);
    throw new UsageError((n) => `${n("outDir")} must be a usable folder; "${dir}": ${why}`);
  }
  if (!info.isDirectory) throw new UsageError((n) => `${n("outDir")} must be a folder, but "${dir}" is a file`);
}

/**
 * Checks `dir` as {@link checkOutDir} does and creates it when it does not
 * exist. Throws a {@link UsageError} naming `outDir` when `dir` is a file or
 * cannot be created or written (a missing Deno write permission included).
 *
 * @param dir the output folder
 * @returns when `dir` exists and is usable
 *
 * @example
 * ```ts
 * import { ok, rejects } from "node:assert/strict";
 * import { prepareOutDir } from "./files.ts";
 * import { UsageError } from "../errors.ts";
 * const dir = await Deno.makeTempDir();
 * await prepareOutDir(`${dir}/figures/run1`); // parents included
 * ok((await Deno.stat(`${dir}/figures/run1`)).isDirectory);
 * await Deno.writeTextFile(`${dir}/file`, "");
 * await rejects(prepareOutDir(`${dir}/file`), UsageError);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function prepareOutDir(dir: string): Promise<void> {
  await checkOutDir(dir);
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    const why = firstLine(e);
    throw new UsageError((n) => `${n("outDir")} must be a folder that can be created; "${dir}": ${why}`);
  }
}
