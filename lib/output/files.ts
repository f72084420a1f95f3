/**
 * The only place that writes files. A set of files (a run's outputs) is
 * written as one: every file to a temporary file beside it
 * (`.NAME.tmp-PID-N`), flushed to disk, and only when all of them are
 * written, each renamed over its final name. A write that fails (a read-only
 * folder, a full disk) removes the temporary files and replaces none of the
 * set, and is reported in one line (`cannot write PATH: REASON`). The set is written
 * under the folder's lock (`lock.ts`), so that two runs writing into one
 * folder leave one run's set in it, never a mix.
 *
 * Interrupts: listeners for SIGINT, SIGTERM and SIGHUP are installed from
 * before the folder's lock is taken until the set is renamed; a listener
 * removes the temporary files and the lock file this process holds, then
 * exits with 130, 143 or 129 (what a shell reports for those signals). The
 * files are created, written, flushed and renamed in one synchronous step,
 * and a listener runs only between tasks of the event loop, so a signal that
 * arrives meanwhile waits until the whole set is in place. The write then
 * waits twice 5 ms on a timer, so that the event loop polls for signals and
 * the listener can run, and removes the listeners again. (One turn with a
 * zero timeout was not enough: with both cores busy, 2 of 30 signals sent
 * mid-write were dropped with the listeners; with two 5 ms waits 0 of 60.)
 * Outside a write no listener is installed and a signal terminates the
 * process at once, as it would without this module (a listener kept for the
 * whole run would leave Ctrl-C unanswered through seconds of synchronous
 * rendering). So an interrupted run leaves the set either as it was or
 * complete and new, and no temporary file behind (SIGKILL aside, which
 * nothing can catch). Workers do not write: in a Web Worker `Deno.exit` would
 * end only the worker, so no listener is installed there, and a worker's
 * files are handed to the main thread to write (see `cli/figures.ts`).
 *
 * @module
 */
import { firstLine, RunError, UsageError } from "../errors.ts";
import { type FolderLock, lockFolder } from "./lock.ts";
import { basename, dirname, joinPath } from "./paths.ts";
import { checkRealOutDir } from "./probe.ts";

/** The signals that end a run, with the exit code a shell reports for each: 128 + its number. */
const SIGNAL_EXIT: readonly [Deno.Signal, number][] = [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]];

/** The temporary files and lock files of the writes in progress: what a signal's listener removes before it exits. */
const pending = new Set<string>();

function removePending(): void {
  for (const path of pending) {
    try {
      Deno.removeSync(path);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

const exitOn: [Deno.Signal, () => void][] = SIGNAL_EXIT.map((
  [signal, code],
) => [signal, () => {
  removePending();
  Deno.exit(code);
}]);
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
 * Writes `data` to `path` atomically, as a set of one file (see
 * {@link writeFilesAtomic}): a temporary file beside it (`.NAME.tmp-PID-N`),
 * flushed, then renamed. On failure the temporary file is removed and the old
 * content of `path`, if any, is left untouched; a SIGINT, SIGTERM or SIGHUP
 * that arrives meanwhile ends the process (exit code 130, 143, 129) only once
 * the file is complete.
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

/** Options of {@link writeFilesAtomic}. */
export interface WriteOptions {
  /** Receives one line when another run holds a folder's lock (see `lock.ts`) and this write waits for it. */
  onWait?: (line: string) => void;
}

/** Why a write failed, in a few words: the system's message, without the path Deno appends to it. */
function reason(e: unknown): string {
  const line = firstLine(e);
  return /^.*?\(os error \d+\)/.exec(line)?.[0] ?? line;
}

/** The one-line error of a failed write of `path` (a missing Deno permission is left as it is: a usage error). */
function writeError(path: string, e: unknown): Error {
  if (e instanceof Deno.errors.NotCapable || e instanceof RunError) return e as Error;
  const error = new RunError(`cannot write ${path}: ${reason(e)}`);
  error.cause = e;
  return error;
}

/** Throws when `path` is a folder: renaming a file over it would fail after other files of the set were renamed. */
function checkNotFolder(path: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch {
    return; // absent (or not readable): the rename will tell
  }
  if (info.isDirectory) throw new Error("it is a folder");
}

/**
 * Writes a set of files as one: under the lock of each folder (see
 * `lock.ts`), every file to a temporary file beside it, flushed, and only
 * once all are written, each renamed over its name. When any write fails
 * (a read-only folder, a full disk, a folder in the place of a file), the
 * temporary files are removed, none of the set replaces its old file, and
 * the error is a one-line {@link RunError}: `cannot write PATH: REASON`
 * (a missing Deno permission stays `Deno.errors.NotCapable`). Signals that
 * arrive meanwhile end the process once the whole set is in place (see the
 * module's text), and the short wait that lets a held signal through is paid
 * once for the set.
 *
 * @param files the paths and contents; each folder must exist
 * @param options whom to tell when the write waits for another run's lock
 * @returns the paths and sizes written, in order
 *
 * @example
 * ```ts
 * import { deepStrictEqual, rejects } from "node:assert/strict";
 * import { writeFilesAtomic } from "./files.ts";
 * import { RunError } from "../errors.ts";
 * const dir = await Deno.makeTempDir();
 * const written = await writeFilesAtomic([
 *   { path: `${dir}/a.txt`, data: "relu" },
 *   { path: `${dir}/b.bin`, data: new Uint8Array([1, 2, 3]) },
 * ]);
 * deepStrictEqual(written, [{ path: `${dir}/a.txt`, bytes: 4 }, { path: `${dir}/b.bin`, bytes: 3 }]);
 * // b.bin cannot be written, so a.txt is not replaced either:
 * await Deno.mkdir(`${dir}/sub/c.txt`, { recursive: true });
 * await rejects(
 *   writeFilesAtomic([{ path: `${dir}/a.txt`, data: "new" }, { path: `${dir}/sub/c.txt`, data: "" }]),
 *   new RunError(`cannot write ${dir}/sub/c.txt: it is a folder`),
 * );
 * deepStrictEqual(await Deno.readTextFile(`${dir}/a.txt`), "relu");
 * deepStrictEqual((await Array.fromAsync(Deno.readDir(dir), (e) => e.name)).sort(), ["a.txt", "b.bin", "sub"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFilesAtomic(
  files: readonly FileToWrite[],
  options: WriteOptions = {},
): Promise<WrittenFile[]> {
  const folders = [...new Set(files.map((f) => dirname(f.path)))].sort();
  const locks: FolderLock[] = [];
  const temps: string[] = [];
  holdSignals();
  try {
    for (const dir of folders) {
      try {
        locks.push(await lockFolder(dir, options.onWait));
      } catch (e) {
        throw writeError(files.find((f) => dirname(f.path) === dir)!.path, e);
      }
      pending.add(locks[locks.length - 1].path);
    }
    // From here on synchronous: a signal's listener runs only once the whole set is in place.
    const done = files.map(({ path, data }) => {
      const tmp = joinPath(dirname(path), `.${basename(path)}.tmp-${Deno.pid}-${written++}`);
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      try {
        checkNotFolder(path);
        const file = Deno.openSync(tmp, { write: true, createNew: true });
        temps.push(tmp);
        pending.add(tmp);
        try {
          for (let at = 0; at < bytes.length;) at += file.writeSync(bytes.subarray(at));
          file.syncSync();
        } finally {
          file.close();
        }
      } catch (e) {
        throw writeError(path, e);
      }
      return { path, bytes: bytes.length, tmp };
    });
    for (const { path, tmp } of done) {
      try {
        Deno.renameSync(tmp, path);
      } catch (e) {
        throw writeError(path, e);
      }
      pending.delete(tmp);
    }
    return done.map(({ path, bytes }) => ({ path, bytes }));
  } finally {
    for (const tmp of temps) {
      if (!pending.delete(tmp)) continue;
      try {
        Deno.removeSync(tmp);
      } catch {
        // already gone
      }
    }
    for (const lock of locks) {
      pending.delete(lock.path);
      lock.release();
    }
    await releaseSignals();
  }
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
