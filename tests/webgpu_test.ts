/**
 * The tests that use WebGPU, run outside `deno test`'s process: this module
 * starts `tests/support/webgpu_runner.ts` under `deno run` (with the test
 * task's permission flags, read from deno.json), which runs the modules of
 * `tests/webgpu/` on its main thread, and reports each of their tests (and
 * steps) here as a test of its own, named `webgpu/MODULE.ts: NAME`.
 *
 * Why: a `deno test` process in which test modules used WebGPU through
 * Mesa's llvmpipe can abort after every test has passed (glibc's "double
 * free or corruption", exit code 134; a CI run failed so): a core dump
 * showed the main thread exiting (running the shared libraries'
 * destructors) while another thread, one that had used WebGPU, was ending.
 * `deno task bench:webgpu_exit` counts it (`bench/results/webgpu_exit_race.md`):
 * aborts with eight test modules using WebGPU, and still with one, under
 * `deno test`; none under `deno run`, where WebGPU stays on the main thread.
 * `tests/support/webgpu_guard.ts`, which the test task preloads, fails any
 * test module that asks for a WebGPU adapter in `deno test`'s process.
 *
 * @module
 */
import type { RunResult } from "./support/webgpu_runner.ts";

const ROOT = new URL("../", import.meta.url);
const RUNNER = new URL("./support/webgpu_runner.ts", import.meta.url);

/** The permission flags of the test task in deno.json, with its two `$(...)` resolved. */
async function testTaskFlags(): Promise<string[]> {
  const task: string = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT))).tasks.test;
  const cacheDir = new TextDecoder().decode(
    (await new Deno.Command(Deno.execPath(), {
      args: ["run", "-q", "scripts/_npm_cache_dir.ts"],
      cwd: ROOT,
      stdout: "piped",
    }).output()).stdout,
  ).trim();
  const resolved = task
    .replaceAll("$(deno run -q scripts/_npm_cache_dir.ts)", cacheDir)
    .replaceAll("$(deno eval 'console.log(Deno.execPath())')", Deno.execPath());
  if (resolved.includes("$(")) throw new Error(`the test task has a $(...) this module cannot resolve: ${resolved}`);
  const command = resolved.slice(resolved.lastIndexOf("deno test "));
  return command.split(/\s+/).filter((t) => t.startsWith("--allow-"));
}

async function runWebgpuModules(): Promise<{ module: string; results: RunResult[] }[] | { failure: string }> {
  const resultsFile = await Deno.makeTempFile({ prefix: "webgpu_results_", suffix: ".json" });
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...(await testTaskFlags()), RUNNER.pathname, resultsFile],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    if (!out.success) {
      return { failure: `the runner exited with ${out.code}:\n${text(out.stdout)}\n${text(out.stderr)}` };
    }
    return JSON.parse(await Deno.readTextFile(resultsFile));
  } finally {
    await Deno.remove(resultsFile);
  }
}

/** The runner's error as thrown there: its first line the message, its stack the runner's. */
function runnerError(text = ""): Error {
  return Object.assign(new Error(text.split("\n")[0].replace(/^\w*Error: /, "")), { stack: text });
}

async function replay(t: Deno.TestContext, step: RunResult): Promise<void> {
  await t.step({
    name: step.name,
    ignore: step.status === "ignored",
    fn: async (inner) => {
      for (const s of step.steps) await replay(inner, s);
      if (step.status === "failed" && step.error !== "a step failed") throw runnerError(step.error);
    },
  });
}

const report = await runWebgpuModules();
if ("failure" in report) {
  Deno.test("the WebGPU tests ran (tests/support/webgpu_runner.ts under deno run)", () => {
    throw new Error(report.failure);
  });
} else {
  Deno.test("the WebGPU runner found test modules in tests/webgpu/, each with tests", () => {
    if (report.length === 0 || report.some((m) => m.results.length === 0)) {
      throw new Error(`modules and their test counts: ${report.map((m) => `${m.module} ${m.results.length}`)}`);
    }
  });
  for (const { module, results } of report) {
    const where = `webgpu/${module.slice(module.lastIndexOf("/") + 1)}`;
    for (const r of results) {
      Deno.test({
        name: `${where}: ${r.name}`,
        ignore: r.status === "ignored",
        fn: async (t) => {
          for (const s of r.steps) await replay(t, s);
          if (r.status === "failed" && r.error !== "a step failed") throw runnerError(r.error);
        },
      });
    }
  }
}
