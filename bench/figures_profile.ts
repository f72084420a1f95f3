/**
 * Where each second of `deno task figures` goes, for the essay scope
 * (`--only essay,training`) and the whole task: the task runs as a user runs
 * it (`bench/task_process.ts`: its own command and permissions, its npm
 * cache lookup timed as the process it is), its script replaced by
 * `bench/figures_timed.ts`, which runs the same command and prints the
 * timestamps of the main thread and of each worker job (see
 * `lib/cli/timings.ts`) as one line of JSON; this file lays them out on one
 * time line from the moment the process was spawned:
 *
 * - process start-up (spawn to the runtime's time origin) and the main
 *   thread's module loading (to the first line of the command);
 * - training, waiting for the workers, writing the files, exiting;
 * - per worker: its start-up and module loading, then each job's steps
 *   (the modules a job loads, each output format and its parts, each static
 *   figure, each experiment cell or batch) and the time it sat idle.
 *
 * `deno task bench:profile` writes one section of
 * `bench/results/figures_profile.md` (`--section before` or `after`, the
 * default), keeping the other, so the file holds the profile before and
 * after a change side by side. `--no-write` prints only.
 *
 * @module
 */
import { booleanFlag, choiceFlag, integerFlag, stringFlag } from "../lib/cli/flags.ts";
import { type FiguresTimings, steps } from "../lib/cli/timings.ts";
import { benchMain, contextLines, fmtNum, formatMarkdown, writeResults } from "./results_file.ts";
import { runTask, type TaskRun } from "./task_process.ts";

/** The scopes profiled: `--only` of each. */
const SCOPES = ["essay,training", "essay,training,experiments"] as const;

/** One row of a time line: a thread, a step, its start and end in ms from the spawn. */
interface Row {
  thread: string;
  step: string;
  from: number;
  to: number;
}

/** The timings line of a run's stderr. */
function timingsOf(run: TaskRun): FiguresTimings {
  const line = run.run.stderr.split("\n").find((l) => l.startsWith("timings: "));
  if (line === undefined) throw new Error(`deno task figures printed no timings line:\n${run.run.stderr}`);
  return JSON.parse(line.slice("timings: ".length));
}

/** The time line of one run, in ms from the spawn. */
function timeline(run: TaskRun): Row[] {
  const t = timingsOf(run);
  const at = (ms: number) => ms - run.run.spawnedAt;
  const rows: Row[] = [
    { thread: "main", step: "process start-up (spawn to the runtime's time origin)", from: 0, to: at(t.origin) },
    { thread: "main", step: "module loading (to the command's first line)", from: at(t.origin), to: at(t.startedAt) },
  ];
  if (t.training) rows.push({ thread: "main", step: "training", from: at(t.training[0]), to: at(t.training[1]) });
  const firstJob = Math.min(...t.workersCreatedAt);
  rows.push({ thread: "main", step: "waiting for the workers", from: at(firstJob), to: at(t.writing[0]) });
  rows.push({ thread: "main", step: "writing the files", from: at(t.writing[0]), to: at(t.writing[1]) });
  rows.push({ thread: "main", step: "exit", from: at(t.writing[1]), to: run.run.exitedAt - run.run.spawnedAt });
  t.workersCreatedAt.forEach((created, w) => {
    const thread = `worker ${w + 1}`;
    const jobs = t.jobs.filter((j) => j.worker === w);
    if (jobs.length === 0) return;
    rows.push({
      thread,
      step: "start-up and module loading of the worker's entry",
      from: at(created),
      to: at(jobs[0].timing.workerLoadedAt),
    });
    let free = jobs[0].timing.workerLoadedAt;
    for (const job of jobs) {
      const begin = Math.max(free, job.postedAt);
      if (job.timing.startedAt - begin > 0.5) {
        rows.push({ thread, step: "idle, waiting for a job", from: at(begin), to: at(job.timing.startedAt) });
      }
      let from = job.timing.startedAt;
      for (const [label, ms] of steps(job.timing)) {
        rows.push({ thread, step: `${job.label} · ${label}`, from: at(from), to: at(from + ms) });
        from += ms;
      }
      free = job.repliedAt;
    }
  });
  return rows;
}

/** The kind of a step, for the totals: what the issue asks the profile to name. */
function kindOf(row: Row): string {
  const s = row.step;
  if (s.startsWith("process start-up")) return "process start-up";
  if (s.includes("module loading") || /(^|· )(static: |gif: )?load /.test(s)) return "module loading";
  if (s === "training") return "training";
  if (s.startsWith("idle") || s.startsWith("waiting")) return "waiting";
  if (s.startsWith("writing") || s === "exit") return s === "exit" ? "exit" : "writing the files";
  if (s.startsWith("static figures")) return "static figures";
  if (s.startsWith("sweep") || s.startsWith("dead units")) return "experiments";
  if (/^the (sweep's|dead-unit grid's|files of the experiments)/.test(s)) return "the experiments' files (rendering)";
  const format = /· (json|svg and gif|svg|gif|html)/.exec(s);
  if (format) {
    if (format[1] !== "gif") return `training outputs: ${format[1]}`;
    if (s.includes("rasterise")) return "training outputs: gif, rasterise";
    if (s.includes("encode") || s.includes("quantize")) return "training outputs: gif, encode";
    return "training outputs: gif, other";
  }
  return "other";
}

/** The markdown of one scope's run. */
function scopeMarkdown(only: string, run: TaskRun): string[] {
  const rows = timeline(run);
  const s = (ms: number) => (ms / 1000).toFixed(3);
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (r.thread === "main" && kindOf(r) === "waiting") continue; // the main thread waits while workers work
    totals.set(kindOf(r), (totals.get(kindOf(r)) ?? 0) + r.to - r.from);
  }
  const busy = [...totals].filter(([k]) => k !== "waiting").reduce((sum, [, ms]) => sum + ms, 0);
  return [
    `### \`deno task figures -- --only ${only}\``,
    "",
    `${fmtNum(run.s)} s as a user waits for it: the task's npm cache lookup, a process of its own, ` +
    `${fmtNum(run.lookupS)} s, then the command's process ${fmtNum(run.run.s)} s.`,
    "",
    "Where the time goes, summed over the threads (main and workers; the main thread's waiting for the workers " +
    `left out): ${fmtNum(busy / 1000)} s of work and waiting in all.`,
    "",
    "| kind | s | share |",
    "| --- | --: | --: |",
    ...[...totals].sort((a, b) => b[1] - a[1]).map(([k, ms]) =>
      `| ${k} | ${s(ms)} | ${((100 * ms) / busy).toFixed(1)} % |`
    ),
    "",
    "The time line, seconds from the spawn of the command's process:",
    "",
    "| thread | step | from | to | s |",
    "| --- | --- | --: | --: | --: |",
    ...rows.map((r) => `| ${r.thread} | ${r.step} | ${s(r.from)} | ${s(r.to)} | ${s(r.to - r.from)} |`),
  ];
}

const SECTIONS = ["before", "after"] as const;

/** The text of `section` in a results file made by this bench, or undefined. */
function sectionOf(text: string, section: string): string | undefined {
  const start = text.indexOf(`\n## ${section[0].toUpperCase()}${section.slice(1)}\n`);
  if (start < 0) return undefined;
  const next = text.indexOf("\n## ", start + 1);
  return text.slice(start + 1, next < 0 ? undefined : next + 1).trimEnd();
}

if (import.meta.main) {
  await benchMain(
    "bench:profile",
    "Profiles `deno task figures` (the essay scope and the whole task) as whole processes and writes " +
      "where each second goes to bench/results/figures_profile.md.",
    {
      section: choiceFlag({
        description: "the section of the results file to write",
        default: "after",
        choices: SECTIONS,
      }),
      note: stringFlag({
        description: "a line that says what code was measured",
        default: "",
        accepted: "any text",
      }),
      repeats: integerFlag({
        description: "runs of each scope; the profile shown is the run with the median time",
        default: 1,
        min: 1,
        max: 9,
      }),
      results: stringFlag({
        description: "the markdown file to write",
        default: new URL("./results/figures_profile.md", import.meta.url).pathname,
        accepted: "a file path",
      }),
      scopes: choiceFlag({
        description: "which runs to profile: the essay scope, the whole task, or both",
        default: "both",
        choices: ["both", "essay", "whole"],
      }),
      "no-write": booleanFlag("print only, write no results file"),
    },
    async (v, ctx) => {
      const body: string[] = [];
      for (const only of SCOPES.filter((_, i) => v.scopes === "both" || i === (v.scopes === "essay" ? 0 : 1))) {
        const runs: TaskRun[] = [];
        for (let r = 0; r < v.repeats; r++) {
          console.error(`bench:profile: --only ${only}, run ${r + 1} of ${v.repeats}`);
          runs.push(await runTask("figures", ["--only", only], { script: "bench/figures_timed.ts" }));
        }
        const median = [...runs].sort((a, b) => a.s - b.s)[(runs.length - 1) >> 1];
        body.push(...scopeMarkdown(only, median), "");
      }
      const title = v.section[0].toUpperCase() + v.section.slice(1);
      const section = [
        `## ${title}`,
        "",
        ...(v.note ? [v.note, ""] : []),
        ...contextLines(ctx),
        "",
        ...body,
      ].join("\n").trimEnd();
      let old = "";
      try {
        old = await Deno.readTextFile(v.results);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
      const sections = SECTIONS.map((name) => name === v.section ? section : sectionOf(old, name))
        .filter((x) => x !== undefined);
      const text = [
        "# Where the time of `deno task figures` goes",
        "",
        "Generated by `deno task bench:profile` (`bench/figures_profile.ts`): each scope runs as a whole process, " +
        "as a user runs it (with `bench/figures_timed.ts` in place of `scripts/figures.ts`, the same command printing " +
        "its timestamps); the main thread and each worker stamp their steps (`lib/cli/timings.ts`), " +
        "laid out here from the spawn of the process. Before: the code as it was when the profile was first made; " +
        "after: the code now.",
        "",
        ...sections.flatMap((x) => [x, ""]),
      ].join("\n");
      if (v["no-write"]) console.log(await formatMarkdown(text));
      else {
        await writeResults(v.results, text);
        console.error(`bench:profile: wrote ${v.results}`);
      }
    },
  );
}
