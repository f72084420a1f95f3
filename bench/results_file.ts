/**
 * What every bench that writes `bench/results/*.md` shares: the median and
 * the number format of its tables, the machine and the time of the run, the
 * results file's header, the `deno fmt` pass and the atomic write, and the
 * flags of one that times interleaved rounds (`--rounds`, `--results`,
 * `--no-write`) with what they do.
 *
 * @module
 */
import os from "node:os";
import {
  booleanFlag,
  type FlagSpec,
  type FlagValues,
  integerFlag,
  parseFlags,
  runMain,
  stringFlag,
} from "../lib/cli/flags.ts";
import { writeFileAtomic } from "../lib/output/files.ts";
import { dirname } from "../lib/output/paths.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A number with about three significant digits, never in exponent notation. */
export function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return "0";
  return v.toFixed(Math.min(8, 2 - Math.floor(Math.log10(a))));
}

/** The 1, 5 and 15 minute load averages as text (`--allow-sys=loadavg`), or "n/a". */
export function loadAverage(): string {
  try {
    return Deno.loadavg().map((v) => v.toFixed(2)).join(", ");
  } catch {
    return "n/a";
  }
}

/** Where and when a bench ran, for the header of its results file. */
export interface RunContext {
  /** The CPU model, `model name` of /proc/cpuinfo (through node:os, `--allow-sys=cpus`). */
  cpu: string;
  /** What `nproc` prints (or navigator.hardwareConcurrency when it cannot run). */
  nproc: string;
  /** Load averages when the bench started. */
  loadBefore: string;
  /** Start time, ISO 8601 UTC to the second. */
  date: string;
  /** The command that ran the bench, as typed. */
  command: string;
}

/** Reads the machine and the time; call it when the bench starts. */
export async function runContext(command: string): Promise<RunContext> {
  let cpu = "unknown (needs --allow-sys=cpus)";
  try {
    cpu = os.cpus()[0]?.model.trim() || "unknown";
  } catch {
    // no permission: said so
  }
  let nproc = String(navigator.hardwareConcurrency);
  try {
    const r = await new Deno.Command("nproc", { stdout: "piped", stderr: "null" }).output();
    if (r.code === 0) nproc = new TextDecoder().decode(r.stdout).trim();
  } catch {
    // no permission or no nproc: the runtime's count of usable cores
  }
  return {
    cpu,
    nproc,
    loadBefore: loadAverage(),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    command,
  };
}

/** The header lines of a results file: machine, load, date and command. */
export function contextLines(ctx: RunContext): string[] {
  return [
    `- machine: ${ctx.cpu}, nproc ${ctx.nproc}, ${Deno.build.os}/${Deno.build.arch}, Deno ${Deno.version.deno}`,
    `- load average (1, 5, 15 min): ${ctx.loadBefore} at the start, ${loadAverage()} at the end`,
    `- date: ${ctx.date} (UTC)`,
    `- command: \`${ctx.command}\``,
  ];
}

/** `text` as `deno fmt` leaves a markdown file of this project (its deno.json: line width 120). */
export async function formatMarkdown(text: string): Promise<string> {
  const proc = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=md", "-"],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = proc.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const r = await proc.output();
  if (r.code !== 0) throw new Error(`deno fmt failed: ${new TextDecoder().decode(r.stderr).trim()}`);
  return new TextDecoder().decode(r.stdout);
}

/** Formats `text` with {@link formatMarkdown}, writes it to `path` (atomically) and returns what was written. */
export async function writeResults(path: string, text: string): Promise<string> {
  const formatted = await formatMarkdown(text);
  await Deno.mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, formatted);
  return formatted;
}

/** The command as typed: `deno task NAME` and the arguments it got. */
export function taskCommand(task: string, args: readonly string[] = Deno.args): string {
  return [`deno task ${task}`, ...args].join(" ");
}

/**
 * The entry of a bench run as `deno task TASK`: parses its flags (`--help` prints them and ends the run), reads the
 * run's context (machine, load, date, the command as typed) and runs `body`; a bad flag ends the run in one line, as
 * every command's does (`runMain`).
 */
export async function benchMain<S extends Record<string, FlagSpec<unknown>>>(
  task: string,
  summary: string,
  flags: S,
  body: (v: FlagValues<S>, ctx: RunContext) => Promise<void>,
): Promise<void> {
  await runMain(async () => {
    const v = parseFlags(Deno.args, { usage: `deno task ${task} --`, summary, flags });
    if (v === null) return;
    await body(v, await runContext(taskCommand(task)));
  });
}

/** The flags of a bench that times interleaved rounds and writes `bench/results/NAME`: see {@link resultsFlags}. */
export interface ResultsFlags {
  /** `--rounds`: interleaved rounds. */
  rounds: FlagSpec<number>;
  /** `--results`: the markdown file to write. */
  results: FlagSpec<string>;
  /** `--no-write`: print only. */
  "no-write": FlagSpec<boolean>;
}

/** The flags of a bench that times `rounds` interleaved rounds (by default) and writes `bench/results/{file}`. */
export function resultsFlags(file: string, rounds: number): ResultsFlags {
  return {
    rounds: integerFlag({ description: "interleaved rounds", default: rounds, min: 1, max: 100 }),
    results: stringFlag({
      description: "the markdown file to write",
      default: `${ROOT}/bench/results/${file}`,
      accepted: "a file path",
    }),
    "no-write": booleanFlag("print only, write no results file"),
  };
}

/**
 * What {@link resultsFlags} ask for: `text` formatted and printed, or written to `--results` and printed, with
 * `NAME: wrote PATH` on stderr.
 */
export async function publishResults(
  name: string,
  text: string,
  v: { results: string; "no-write": boolean },
): Promise<void> {
  if (v["no-write"]) {
    console.log(await formatMarkdown(text));
  } else {
    console.log(await writeResults(v.results, text));
    console.error(`${name}: wrote ${v.results}`);
  }
}
