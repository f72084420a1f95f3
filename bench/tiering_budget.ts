/**
 * What the `figures` and `train` tasks' V8 flag `--wasm-tiering-budget` buys:
 * each command run as a whole process (the task's own command and
 * permissions, `bench/task_process.ts`) with V8's default budget, with other
 * budgets and with the task's own, in interleaved rounds; for each, the wall
 * time and the CPU time of all the process's threads (user + system, from
 * `/usr/bin/time`), whose difference on these 2-core machines is mostly
 * V8's background compiler threads. One more run of the essay scope per
 * budget, with `--trace-wasm-compilation-times`, counts the WebAssembly
 * functions V8's optimising compiler (TurboFan) compiled and the time it took.
 *
 * Run: `deno task bench:tiering` prints the table and writes it, with the machine, the load and the date, to
 * `bench/results/tiering_budget.md` (`--results` to change, `--no-write` to print only, `--rounds` for fewer or more).
 *
 * @module
 */
import { benchMain, contextLines, fmtNum, median, publishResults, resultsFlags } from "./results_file.ts";
import { denoTasks, runTask } from "./task_process.ts";

const TIME = "/usr/bin/time";
const FLAG = "--wasm-tiering-budget=";

/** The commands timed: the essay scope of `figures`, `train` with all its formats, and `train` writing json only. */
const SCOPES = [
  { task: "figures", args: ["--only", "essay,training"], label: "`deno task figures -- --only essay,training`" },
  { task: "train", args: [], label: "`deno task train` (all formats)" },
  { task: "train", args: ["--formats", "json"], label: "`deno task train -- --formats json`" },
] as const;

/** The budget the tasks give V8, read from deno.json (the figures and train tasks must agree). */
async function taskBudget(): Promise<number> {
  const tasks = await denoTasks();
  const budgets = ["figures", "train"].map((t) => new RegExp(`${FLAG}(\\d+)`).exec(tasks[t] ?? "")?.[1]);
  if (budgets[0] === undefined || budgets[0] !== budgets[1]) {
    throw new Error(`deno.json: the figures and train tasks must both set ${FLAG}N, the same N; got ${budgets}`);
  }
  return Number(budgets[0]);
}

/** The budgets compared: V8's own default (the flag left out), some others, the tasks' own. */
function budgets(own: number): (number | null)[] {
  return [null, ...[1.5e8, own, 2e9].filter((b, i, all) => all.indexOf(b) === i).sort((a, b) => a - b)];
}

/** One run's wall seconds and CPU seconds (user + system, every thread). */
async function timed(
  scope: typeof SCOPES[number],
  budget: number | null,
): Promise<{ wall: number; cpu: number }> {
  const file = await Deno.makeTempFile({ prefix: "bench-tiering-" });
  try {
    const { run } = await runTask(scope.task, scope.args, {
      v8Flags: budget === null ? null : `${FLAG}${budget}`,
      wrap: [TIME, "-f", "%U %S", "-o", file],
    });
    const [user, system] = (await Deno.readTextFile(file)).trim().split("\n").at(-1)!.split(" ").map(Number);
    return { wall: run.s, cpu: user + system };
  } finally {
    await Deno.remove(file);
  }
}

/** A long training run: its kernel is what must still be optimised under a large budget. */
const LONG_RUN = { task: "train", args: ["--formats", "json", "--epochs", "200001"] } as const;

/** The WebAssembly functions TurboFan compiled in one run of `scope`, and the milliseconds it took. */
async function turbofan(
  scope: { task: string; args: readonly string[] },
  budget: number | null,
): Promise<{ functions: number; ms: number }> {
  const flags = [...(budget === null ? [] : [`${FLAG}${budget}`]), "--trace-wasm-compilation-times"].join(",");
  const { run } = await runTask(scope.task, scope.args, { v8Flags: flags });
  let functions = 0;
  let us = 0;
  for (const m of run.stdout.matchAll(/^Compiled function \S+ using TurboFan, took (\d+) μs/gm)) {
    functions++;
    us += Number(m[1]);
  }
  return { functions, ms: us / 1000 };
}

if (import.meta.main) {
  await benchMain(
    "bench:tiering",
    "Times the figures and train tasks with V8's default --wasm-tiering-budget, other budgets and the tasks' own, " +
      "wall and CPU, and writes bench/results/tiering_budget.md.",
    { ...resultsFlags("tiering_budget.md", 5) },
    async (v, ctx) => {
      const own = await taskBudget();
      const list = budgets(own);
      const walls = SCOPES.map(() => list.map(() => [] as number[]));
      const cpus = SCOPES.map(() => list.map(() => [] as number[]));
      for (let r = 0; r < v.rounds; r++) {
        for (const [s, scope] of SCOPES.entries()) {
          const order = list.map((_, i) => i);
          if (r % 2) order.reverse();
          for (const i of order) {
            const t = await timed(scope, list[i]);
            walls[s][i].push(t.wall);
            cpus[s][i].push(t.cpu);
          }
        }
        console.error(`bench:tiering: round ${r + 1} of ${v.rounds}`);
      }
      const compiled = [];
      const long = [];
      for (const b of list) {
        compiled.push(await turbofan(SCOPES[0], b));
        long.push(await turbofan(LONG_RUN, b));
      }
      const name = (b: number | null) =>
        b === null
          ? "V8's default (no flag)"
          : `${b.toExponential().replace("e+", "e")}${b === own ? " (the tasks')" : ""}`;
      const text = [
        "What the `figures` and `train` tasks' `--v8-flags=--wasm-tiering-budget` buys (`bench/tiering_budget.ts`): " +
        "each command as a whole process, with the task's own command and permissions, under each budget. CPU is " +
        "user + system time of every thread (`/usr/bin/time`), V8's background compiler threads included.",
        "",
        ...contextLines(ctx),
        "",
        `| command | ${list.map(name).join(" | ")} |`,
        `| --- | ${list.map(() => "--:").join(" | ")} |`,
        ...SCOPES.map((scope, s) =>
          `| ${scope.label}: wall, s; CPU, s | ${
            list.map((_, i) => `${fmtNum(median(walls[s][i]))}; ${fmtNum(median(cpus[s][i]))}`).join(" | ")
          } |`
        ),
        `| WebAssembly functions optimised by TurboFan in one run of the essay scope; their compile time, ms | ${
          compiled.map((c) => `${c.functions}; ${fmtNum(c.ms)}`).join(" | ")
        } |`,
        `| the same in one \`deno task train -- ${LONG_RUN.args.join(" ")}\` (the training kernel's functions) | ${
          long.map((c) => `${c.functions}; ${fmtNum(c.ms)}`).join(" | ")
        } |`,
        "",
        `Medians of ${v.rounds} interleaved rounds (the budgets in turn, in alternating order). The compile times ` +
        "are summed over V8's threads (`--trace-wasm-compilation-times`), in a separate run.",
      ].join("\n") + "\n";
      await publishResults("tiering_budget", text, v);
    },
  );
}
