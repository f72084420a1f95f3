/** Runs a project script in a fresh Deno process with narrow permissions (test helper). */

/** What a script run printed and returned. */
export interface ScriptResult {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** The repository root. */
export const ROOT: string = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/**
 * Runs `scripts/NAME.ts` with `args`, allowed to read everything (or only
 * `readable`, a comma-separated list) and to write only `writable` (plus any
 * extra permission flags).
 */
export async function runScript(
  name: string,
  args: readonly string[],
  options: { writable?: string; readable?: string; permissions?: readonly string[] } = {},
): Promise<ScriptResult> {
  const perms = [
    options.readable === undefined ? "--allow-read" : `--allow-read=${options.readable}`,
    ...(options.writable ? [`--allow-write=${options.writable}`] : []),
    ...(options.permissions ?? []),
  ];
  return await runDeno(["run", "--quiet", ...perms, `${ROOT}/scripts/${name}.ts`, ...args]);
}

/** Runs `deno ARGS` in `cwd` (the repository root by default) without colour, and collects what it printed and returned. */
export async function runDeno(args: readonly string[], cwd: string = ROOT): Promise<ScriptResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

/**
 * Starts `script` in a fresh Deno process that may read everything and write only `writable`, preloading the module
 * `preload` if given; its stdout is discarded and its stderr piped, its stdin piped unless `stdin` says "null".
 */
export function spawnScript(
  script: string,
  args: readonly string[],
  options: { writable: string; preload?: string; stdin?: "piped" | "null" },
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--allow-read",
      `--allow-write=${options.writable}`,
      ...(options.preload ? ["--preload", options.preload] : []),
      script,
      ...args,
    ],
    stdin: options.stdin ?? "piped",
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

/** Names and sizes of every file under `dir`, sorted, to prove that nothing changed. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    const info = Deno.statSync(`${dir}/${e.name}`);
    out.push(`${e.name}:${info.size}:${info.mtime?.getTime()}`);
  }
  return out.sort();
}

/** Runs `tasks` with at most `limit` running at once (the machine has two cores). */
export async function pool<T>(tasks: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
