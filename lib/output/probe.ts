/**
 * An output folder, checked before any work: where it really is (symbolic
 * links resolved, since Deno checks a path as written and a link inside an
 * allowed folder would otherwise lead a write anywhere), and whether a file
 * can really be created in it (a read-only disk, a folder that even root may
 * not write), so that a long run fails at its start rather than after it.
 *
 * @module
 */
import { firstLine, UsageError } from "../errors.ts";

/** Whether `path` is itself a symbolic link (false when it does not exist or cannot be looked at). */
async function isLink(path: string): Promise<boolean> {
  try {
    return (await Deno.lstat(path)).isSymlink;
  } catch {
    return false;
  }
}

/** `parts` joined under the folder `head`, which is `/` or has no trailing slash. */
function under(head: string, parts: readonly string[]): string {
  return parts.length === 0 ? head : `${head === "/" ? "" : head}/${parts.join("/")}`;
}

/**
 * Where the folder `dir` really is: the real path of `dir`, or of its nearest
 * existing ancestor followed by the parts still to be created. An ancestor
 * this script may not read ends the search (links above what Deno allows are
 * the allowed folder's own location) and gives `dir` as written, as does a
 * path that cannot be resolved for another reason (under a file, a loop of
 * links), which the caller's own checks then report.
 *
 * Throws a one-line {@link UsageError} naming `outDir` when `dir` or one of
 * its ancestors is a symbolic link whose target does not exist (creating the
 * folder would fail after the work, or create it wherever the link points).
 *
 * @param dir the output folder, existing or not
 * @returns its absolute real path (or `dir` when nothing above it can be read)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { realOutDir } from "./probe.ts";
 * const dir = await Deno.makeTempDir(); // (Deno.symlink needs every permission: tests/output_probe_test.ts makes links)
 * strictEqual(await realOutDir(`${dir}/not-yet/made`), `${await Deno.realPath(dir)}/not-yet/made`);
 * await Deno.remove(dir);
 * ```
 */
export async function realOutDir(dir: string): Promise<string> {
  const parts = dir.split("/");
  for (let k = parts.length; k >= 0; k--) {
    const head = k === 0 ? "." : parts.slice(0, k).join("/") || "/";
    const rest = parts.slice(k).filter((p) => p !== "" && p !== ".");
    try {
      return under(await Deno.realPath(head), rest);
    } catch (e) {
      // Not allowed to look (above the allowed folder), not a folder, a loop of links: the path as written,
      // which the caller's own checks then look at.
      if (!(e instanceof Deno.errors.NotFound)) return dir;
      if (await isLink(head)) {
        const target = await Deno.readLink(head).catch(() => "?");
        throw new UsageError((n) =>
          `${n("outDir")} must be a folder or a path where one can be created; "${head}" is a symbolic link ` +
          `to a missing ${JSON.stringify(target)}`
        );
      }
    }
  }
  return dir;
}

/**
 * Checks that `dir`, symbolic links resolved ({@link realOutDir}), lies where
 * this script may read and write: throws a one-line {@link UsageError} naming
 * `outDir` when a link inside an allowed folder leads outside it (or into a
 * folder the script may not write, such as the library's sources). The
 * allowed folder itself may be a link: what lies under where it leads counts
 * as inside it.
 *
 * @param dir the output folder, existing or not; Deno must allow it as written
 * @returns when its real location is allowed too
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { checkRealOutDir } from "./probe.ts";
 * const dir = await Deno.makeTempDir();
 * await checkRealOutDir(`${dir}/figures`);
 * await rejects(checkRealOutDir("/etc"), { message: `outDir must be a folder this script may read and write; "/etc" is not allowed` });
 * await Deno.remove(dir);
 * ```
 */
export async function checkRealOutDir(dir: string): Promise<void> {
  const real = await realOutDir(dir);
  if (await mayReadAndWrite(real)) return;
  // The allowed folder itself may be a link (figures -> /data/figures): what lies under where it leads is allowed.
  const root = await allowedRoot(dir);
  const rootReal = root === undefined ? undefined : await realOutDir(root);
  if (rootReal !== undefined && (real === rootReal || real.startsWith(`${rootReal.replace(/\/$/, "")}/`))) return;
  const where = real === dir ? "is not allowed" : `leads to "${real}" through a symbolic link, which is not allowed`;
  throw new UsageError((n) => `${n("outDir")} must be a folder this script may read and write; "${dir}" ${where}`);
}

async function mayReadAndWrite(path: string): Promise<boolean> {
  const read = await Deno.permissions.query({ name: "read", path });
  const write = await Deno.permissions.query({ name: "write", path });
  return read.state === "granted" && write.state === "granted";
}

/** The shortest leading part of `dir`, as written, that this script may read and write: the allowed folder. */
async function allowedRoot(dir: string): Promise<string | undefined> {
  const parts = dir.split("/");
  for (let k = 1; k <= parts.length; k++) {
    const head = parts.slice(0, k).join("/");
    if (head !== "" && await mayReadAndWrite(head)) return head;
  }
  return undefined;
}

/** The missing folders from `dir` up to its nearest existing ancestor, nearest first. */
async function missingFolders(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let path = dir.replace(/\/+$/, ""); path !== "" && path !== "." && path !== "/";) {
    try {
      await Deno.lstat(path);
      break;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) break;
    }
    missing.push(path);
    const i = path.lastIndexOf("/");
    path = i < 0 ? "" : path.slice(0, i);
  }
  return missing;
}

/**
 * Checks that a file can be created in `dir` now: creates the folders that
 * are missing, creates a uniquely named empty file with `createNew` and
 * removes it again, then removes the folders it created, so that nothing is
 * left. Throws a one-line {@link UsageError} naming `outDir` and the system's
 * reason (a read-only file system, a folder not even root may write, no space
 * for a new entry, ...) otherwise. Commands that work for minutes before they
 * write call it first. Synchronous between the file's creation and its
 * removal, so no task of the script runs in between.
 *
 * @param dir the output folder, existing or not; Deno must allow writing it
 * @returns when a file could be created and removed
 *
 * @example
 * ```ts
 * import { deepStrictEqual, rejects } from "node:assert/strict";
 * import { probeOutDir } from "./probe.ts";
 * const dir = await Deno.makeTempDir();
 * await probeOutDir(`${dir}/not/yet`);
 * deepStrictEqual(await Array.fromAsync(Deno.readDir(dir)), []); // nothing left behind
 * await Deno.writeTextFile(`${dir}/file`, "");
 * await rejects(probeOutDir(`${dir}/file/sub`), {
 *   message: `outDir must be a folder a file can be created in; "${dir}/file/sub": Not a directory (os error 20)`,
 * });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function probeOutDir(dir: string): Promise<void> {
  const created: string[] = [];
  try {
    for (const folder of (await missingFolders(dir)).reverse()) {
      Deno.mkdirSync(folder);
      created.push(folder);
    }
    const probe = `${dir.replace(/\/+$/, "")}/.write-probe-${Deno.pid}-${crypto.randomUUID()}`;
    Deno.openSync(probe, { write: true, createNew: true }).close();
    Deno.removeSync(probe);
  } catch (e) {
    // Deno appends the call and its path ("Permission denied (os error 13): open '/out/.write-probe-...'").
    const why = firstLine(e).replace(/: [a-z]+ '.*'$/, "");
    throw new UsageError((n) => `${n("outDir")} must be a folder a file can be created in; "${dir}": ${why}`);
  } finally {
    for (const folder of created.reverse()) {
      try {
        Deno.removeSync(folder);
      } catch {
        // another run put something in it meanwhile: it stays
      }
    }
  }
}
