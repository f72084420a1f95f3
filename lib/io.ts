/**
 * The only place that writes files. Every file is written to a temporary file
 * in the same folder and renamed over its final name, so a reader (or an
 * interrupted run) never sees half a file. Temporary files still open when the
 * process receives SIGINT or SIGTERM are removed before it exits.
 *
 * @module
 */
import { UsageError } from "./cli.ts";

const pending = new Set<string>();
let signalsInstalled = false;

function installSignalCleanup(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  const cleanup = (code: number) => () => {
    for (const tmp of pending) {
      try {
        Deno.removeSync(tmp);
      } catch {
        // already renamed or never created
      }
    }
    pending.clear();
    Deno.exit(code);
  };
  try {
    Deno.addSignalListener("SIGINT", cleanup(130));
    Deno.addSignalListener("SIGTERM", cleanup(143));
  } catch {
    // signals are not available (Windows without SIGTERM): best effort
  }
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : i === 0 ? "/" : path.slice(0, i);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Joins a folder and a file name with one `/`. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/**
 * Writes `data` to `path` atomically: a temporary file beside it
 * (`.NAME.tmp-PID-N`), then a rename. On failure the temporary file is removed
 * and the old content of `path`, if any, is left untouched.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
): Promise<void> {
  installSignalCleanup();
  const tmp = joinPath(
    dirname(path),
    `.${basename(path)}.tmp-${Deno.pid}-${pending.size}-${Date.now()}`,
  );
  pending.add(tmp);
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    try {
      await Deno.remove(tmp);
    } catch {
      // nothing to remove
    }
    throw e;
  } finally {
    pending.delete(tmp);
  }
}

/** Serialises `value` as JSON the same way everywhere: two-space indent and a final newline. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/**
 * Checks that `dir` can serve as an output folder and creates it when it does
 * not exist. Throws a {@link UsageError} naming `--out` when `dir` is a file or
 * cannot be created or written (a missing Deno write permission included).
 */
export async function prepareOutDir(dir: string): Promise<void> {
  const read = await Deno.permissions.query({ name: "read", path: dir });
  const write = await Deno.permissions.query({ name: "write", path: dir });
  if (read.state !== "granted" || write.state !== "granted") {
    throw new UsageError(
      `--out must be a folder this script may read and write; "${dir}" is not allowed ` +
        `(run it with --allow-read=${dir} --allow-write=${dir})`,
    );
  }
  try {
    const info = await Deno.stat(dir);
    if (!info.isDirectory) {
      throw new UsageError(`--out must be a folder, but "${dir}" is a file`);
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new UsageError(
        `--out must be a usable folder; "${dir}": ${e instanceof Error ? e.message : e}`,
      );
    }
    try {
      await Deno.mkdir(dir, { recursive: true });
    } catch (e2) {
      throw new UsageError(
        `--out must be a folder that can be created; "${dir}": ${e2 instanceof Error ? e2.message.split("\n")[0] : e2}`,
      );
    }
  }
}

/** Reads a text file, turning "not found" and "is a folder" into one-line {@link UsageError}s naming `flag`. */
export async function readTextInput(
  path: string,
  flag: string,
): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new UsageError(
        `${flag} must name an existing file; "${path}" does not exist`,
      );
    }
    if (
      e instanceof Deno.errors.NotCapable ||
      e instanceof Deno.errors.PermissionDenied
    ) {
      throw new UsageError(
        `${flag} must name a file this script may read; "${path}" is not allowed`,
      );
    }
    throw new UsageError(
      `${flag} must name a readable text file; "${path}": ${e instanceof Error ? e.message.split("\n")[0] : e}`,
    );
  }
}
