/**
 * Makes the write of one output file fail as a full disk does, in a real
 * script: a test writes a small preload file that imports this module and
 * calls {@link installWriteFault}, and runs the script with
 * `deno run --preload FILE scripts/NAME.ts`. Test-only: nothing in `lib/` or
 * `scripts/` knows about it.
 *
 * @module
 */

/** What the failed write throws: the message Deno gives for ENOSPC. */
export const DISK_FULL = "No space left on device (os error 28)";

const baseName = (path: string | URL): string => {
  const s = String(path);
  return s.slice(s.lastIndexOf("/") + 1);
};

/**
 * Wraps `Deno.openSync` so that writing into the temporary file of `name`
 * (`.NAME.tmp-…`) throws an Error with {@link DISK_FULL} as its message.
 */
export function installWriteFault(name: string): void {
  const deno: { openSync: typeof Deno.openSync } = Deno;
  const openSync = deno.openSync;
  deno.openSync = (path: string | URL, options?: Deno.OpenOptions): Deno.FsFile => {
    const file = openSync(path, options);
    if (baseName(path).startsWith(`.${name}.tmp-`)) {
      file.writeSync = () => {
        throw new Error(DISK_FULL);
      };
    }
    return file;
  };
}
