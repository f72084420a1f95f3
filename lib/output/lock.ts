/**
 * An exclusive lock on an output folder, so that two runs writing into one
 * folder write their sets of files one after the other and the folder always
 * holds one run's set, never a mix. The lock is an advisory `flock` on the
 * file `.write-lock` in the folder: the operating system releases it when its
 * process ends, however it ends (SIGKILL included), so a lock is never stale;
 * the file is removed when the lock is released (a process killed with
 * SIGKILL while holding it leaves the empty file, which the next writer takes
 * over and removes).
 *
 * @module
 */
import { joinPath } from "./paths.ts";

/** The lock file's name in the folder it locks. */
export const LOCK_FILE = ".write-lock";

/** A held lock: see {@link lockFolder}. */
export interface FolderLock {
  /** The lock file's path. */
  path: string;
  /** Removes the lock file and releases the lock (at most once). */
  release(): void;
}

/** Whether `file` (open) is still the file at `path`: a holder may have removed it meanwhile. */
function stillAt(file: Deno.FsFile, path: string): boolean {
  const open = file.statSync();
  let named: Deno.FileInfo;
  try {
    named = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    if (e instanceof Deno.errors.NotCapable) return true; // no read permission: nothing to compare
    throw e;
  }
  return open.ino === named.ino && open.dev === named.dev;
}

/** The pid a holder wrote into the lock file, or undefined. */
function holder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(Deno.readTextFileSync(path), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the exclusive lock of folder `dir`, waiting while another process
 * (or this one) holds it. The wait does not block the event loop, so a
 * signal still ends a process that waits.
 *
 * @param dir the folder; it must exist
 * @param onWait called once, with a one-line message, when the lock is held by another writer and this one waits
 * @returns the lock; release it when the folder's files are written
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { LOCK_FILE, lockFolder } from "./lock.ts";
 * const dir = await Deno.makeTempDir();
 * const first = await lockFolder(dir);
 * strictEqual(first.path, `${dir}/${LOCK_FILE}`);
 * const waits: string[] = [];
 * const second = lockFolder(dir, (line) => waits.push(line)); // waits until the first is released
 * first.release();
 * (await second).release();
 * strictEqual(waits.length, 1);
 * deepStrictEqual(await Array.fromAsync(Deno.readDir(dir)), []); // the lock file is gone
 * await Deno.remove(dir);
 * ```
 */
export async function lockFolder(dir: string, onWait?: (line: string) => void): Promise<FolderLock> {
  const path = joinPath(dir, LOCK_FILE);
  let told = false;
  for (;;) {
    const file = Deno.openSync(path, { write: true, create: true });
    try {
      if (!file.tryLockSync(true)) {
        if (!told && onWait) {
          const pid = holder(path);
          onWait(`waiting for another run (${pid === undefined ? "" : `pid ${pid}, `}see ${path}) to finish writing`);
        }
        told = true;
        await file.lock(true);
      }
      if (!stillAt(file, path)) {
        file.close();
        continue;
      }
      file.truncateSync(0);
      file.writeSync(new TextEncoder().encode(`${Deno.pid}\n`));
    } catch (e) {
      file.close();
      throw e;
    }
    let held = true;
    return {
      path,
      release() {
        if (!held) return;
        held = false;
        try {
          Deno.removeSync(path); // while still locked: a waiter then sees that its file is gone, and retries
        } catch {
          // a folder made read-only meanwhile: the empty file stays, and the next writer takes it over
        } finally {
          file.close();
        }
      },
    };
  }
}
