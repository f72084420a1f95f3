/**
 * A deno.json task run as a whole process, as a user runs it, for the
 * benches that time commands side by side (`bench/compare.ts`,
 * `bench/figures_profile.ts`): the task's own command and permissions, only
 * `--allow-write=figures` pointed at a temporary folder, and its lookup of
 * Deno's npm cache folder, when it has one, timed as the separate process it is.
 *
 * @module
 */

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** What the task strings write for Deno's npm cache folder. */
export const NPM_CACHE_LOOKUP = "$(deno run -q scripts/_npm_cache_dir.ts)";

/** What {@link command} returns. */
export interface CommandResult {
  /** The exit code. */
  code: number;
  /** stdout. */
  stdout: string;
  /** stderr. */
  stderr: string;
  /** Wall seconds, spawn to exit. */
  s: number;
  /** When it was spawned, `Date.now()`. */
  spawnedAt: number;
  /** When it had exited, `Date.now()`. */
  exitedAt: number;
}

/** Runs `cmd args` in `cwd` (default the repository) and times it. */
export async function command(cmd: string, args: readonly string[], cwd = ROOT): Promise<CommandResult> {
  const spawnedAt = Date.now();
  const t0 = performance.now();
  const r = await new Deno.Command(cmd, { args: [...args], cwd, stdout: "piped", stderr: "piped" }).output();
  const s = (performance.now() - t0) / 1000;
  const exitedAt = Date.now();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: r.code, stdout: decode(r.stdout), stderr: decode(r.stderr), s, spawnedAt, exitedAt };
}

/** The tasks of deno.json. */
export async function denoTasks(): Promise<Record<string, string>> {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  return config.tasks ?? {};
}

/**
 * The arguments of `deno` for a task of deno.json (`deno run ...`), with its
 * own permissions, writing into `out` instead of `figures/`, the npm cache
 * lookup replaced by `cache`.
 */
export function taskArgs(task: string, cache: string, out: string): string[] {
  const words = task.replaceAll(NPM_CACHE_LOOKUP, cache).trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "run" || words.some((w) => w.includes("$("))) {
    throw new Error(`Cannot time the task: expected "deno run ..." with no other substitution, got "${task}"`);
  }
  let wrote = false;
  const args = words.slice(1).map((w) => {
    if (w === "--allow-write=figures") {
      wrote = true;
      return `--allow-write=${out}`;
    }
    return w.startsWith("--allow-read=") ? `${w},${out}` : w;
  });
  if (!wrote) throw new Error(`Cannot time the task: it has no --allow-write=figures to redirect: "${task}"`);
  return args;
}

/** One run of a task: its process, and the npm cache lookup's when the task has one. */
export interface TaskRun {
  /** The task's process (the lookup not included). */
  run: CommandResult;
  /** Seconds of the lookup process (0 when the task has none). */
  lookupS: number;
  /** The whole command as a user waits for it: lookup and task, seconds. */
  s: number;
}

/** What {@link runTask} may change in the task's command. */
export interface TaskRunOptions {
  /** A script to run in place of the task's own, with the task's permissions. */
  script?: string;
  /** `--v8-flags=...` in place of the task's own (none: the task's V8 flags left out). */
  v8Flags?: string | null;
  /** A command that runs the task's `deno` (its path first, then its arguments), e.g. `/usr/bin/time` and its flags. */
  wrap?: readonly string[];
}

/** The words of a task's command with its `--v8-flags=...` replaced by `flags` (left out when null). */
export function withV8Flags(words: readonly string[], flags: string | null): string[] {
  const rest = words.filter((w) => !w.startsWith("--v8-flags="));
  return flags === null ? rest : [rest[0], `--v8-flags=${flags}`, ...rest.slice(1)];
}

/**
 * Runs deno.json's task `name` with `args` (and `--out` a temporary folder,
 * removed after) as `deno task name -- args` would, and times it; an Error
 * with its output when it fails. `options` can run another script in its
 * place, with other V8 flags, or under another command (see {@link TaskRunOptions}).
 */
export async function runTask(
  name: string,
  args: readonly string[],
  options: TaskRunOptions = {},
): Promise<TaskRun> {
  const task = (await denoTasks())[name];
  if (task === undefined) throw new Error(`deno.json has no ${name} task`);
  const out = await Deno.makeTempDir({ prefix: `bench-${name}-` });
  try {
    let cache = "";
    let lookupS = 0;
    if (task.includes(NPM_CACHE_LOOKUP)) {
      const lookup = await command(Deno.execPath(), ["run", "-q", "scripts/_npm_cache_dir.ts"]);
      if (lookup.code !== 0) throw new Error(`scripts/_npm_cache_dir.ts failed:\n${lookup.stderr}`);
      cache = lookup.stdout.trim();
      lookupS = lookup.s;
    }
    let deno = taskArgs(task, cache, out);
    if (options.script !== undefined) {
      const i = deno.findIndex((w) => w.startsWith("scripts/") && w.endsWith(".ts"));
      if (i < 0) throw new Error(`Cannot run ${options.script} in place of the task's script: "${task}" names none`);
      deno = deno.with(i, options.script);
    }
    if (options.v8Flags !== undefined) deno = withV8Flags(deno, options.v8Flags);
    const [cmd, ...pre] = [...(options.wrap ?? []), Deno.execPath()];
    const run = await command(cmd, [...pre, ...deno, ...args, "--out", out]);
    if (run.code !== 0) throw new Error(`deno task ${name} -- ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
    return { run, lookupS, s: lookupS + run.s };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}
