/**
 * Stops a real script at a named point so that a test can signal it there,
 * instead of guessing the moment from outside. A test writes a small preload
 * file that imports this module and calls {@link installKillPoint}, and runs
 * the script with `deno run --preload FILE scripts/NAME.ts`: the script is
 * the real one, only a few `Deno` functions are wrapped. At the point the
 * child writes `kill point: POINT; signal listeners: N` on stderr and blocks
 * reading its stdin; the test sends its signal and, when the signal is meant
 * to be held by a listener, closes the child's stdin, which lets the child go
 * on. Test-only: nothing in `lib/` or `scripts/` knows about it.
 *
 * @module
 */

/**
 * Where to stop:
 * - `training`: the first draw of the progress bar, after the first chunk of
 *   updates (stderr is made to look like a terminal, so that the bar is drawn);
 * - `written:NAME`: file NAME has been written and renamed into place and the
 *   signal listeners held for its write are removed again (between two writes);
 * - `writing:NAME`: the temporary file of NAME has just been created, nothing
 *   written into it yet (mid-write, with the signal listeners installed).
 */
export type KillPoint = "training" | `written:${string}` | `writing:${string}`;

/** The line the child writes on stderr at `point`, with the number of signal listeners then installed. */
export function killPointLine(point: KillPoint, listeners: number): string {
  return `kill point: ${point}; signal listeners: ${listeners}\n`;
}

/** Finds the kill point's line in `text`: the number of signal listeners it reports, or undefined. */
export function parseKillPointLine(text: string, point: KillPoint): number | undefined {
  const at = text.indexOf(`kill point: ${point}; signal listeners: `);
  if (at < 0) return undefined;
  const m = /^kill point: .*; signal listeners: (\d+)\n/.exec(text.slice(at));
  return m ? Number(m[1]) : undefined;
}

const baseName = (path: string | URL): string => {
  const s = String(path);
  return s.slice(s.lastIndexOf("/") + 1);
};

/** The `Deno` functions this module wraps, as assignable properties. */
interface Wrapped {
  openSync: typeof Deno.openSync;
  renameSync: typeof Deno.renameSync;
  addSignalListener: typeof Deno.addSignalListener;
  removeSignalListener: typeof Deno.removeSignalListener;
}

/**
 * Wraps the `Deno` functions that lead to `point` (and counts the signal
 * listeners added and removed through `Deno.addSignalListener` and
 * `Deno.removeSignalListener`); at the point, reports it and waits for the test.
 */
export function installKillPoint(point: KillPoint): void {
  const deno: Wrapped = Deno;
  const stderr: { isTerminal(): boolean; writeSync(bytes: Uint8Array): number } = Deno.stderr;
  const writeErr = Deno.stderr.writeSync.bind(Deno.stderr);
  let listeners = 0;
  let fired = false;
  const stop = () => {
    if (fired) return;
    fired = true;
    writeErr(new TextEncoder().encode(killPointLine(point, listeners)));
    // Block until the test closes stdin (end of file): a signal that finds no listener ends the process here.
    for (;;) {
      try {
        Deno.stdin.readSync(new Uint8Array(1));
        return;
      } catch (e) {
        if (!(e instanceof Deno.errors.Interrupted)) throw e;
      }
    }
  };

  const [kind, name] = [point.slice(0, point.indexOf(":")), point.slice(point.indexOf(":") + 1)];
  let renamed = false;
  const add = deno.addSignalListener;
  const remove = deno.removeSignalListener;
  deno.addSignalListener = (signal: Deno.Signal, handler: () => void): void => {
    add(signal, handler);
    listeners++;
  };
  deno.removeSignalListener = (signal: Deno.Signal, handler: () => void): void => {
    remove(signal, handler);
    listeners--;
    // written:NAME: after NAME's rename, at the removal of the last signal listener its write installed.
    if (kind === "written" && renamed && listeners === 0) stop();
  };

  if (point === "training") {
    stderr.isTerminal = () => true;
    stderr.writeSync = (bytes: Uint8Array): number => {
      // the progress bar's redraw: carriage return, ESC [2K (erase the line), then "epoch "
      if (new TextDecoder().decode(bytes).startsWith("\r\x1b[2Kepoch ")) stop();
      return writeErr(bytes);
    };
  } else if (kind === "writing") {
    const openSync = deno.openSync;
    deno.openSync = (path: string | URL, options?: Deno.OpenOptions): Deno.FsFile => {
      const file = openSync(path, options);
      if (baseName(path).startsWith(`.${name}.tmp-`)) stop();
      return file;
    };
  } else {
    const renameSync = deno.renameSync;
    deno.renameSync = (from: string | URL, to: string | URL): void => {
      renameSync(from, to);
      if (baseName(to) === name) renamed = true;
    };
  }
}
