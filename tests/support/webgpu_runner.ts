/**
 * Runs the test modules of `tests/webgpu/` under `deno run`, on the main
 * thread, one test after another, and writes what each test and step did
 * to a JSON file; `tests/webgpu_test.ts` starts it and reports each result
 * as a test of its own. Why not `deno test`: see `tests/webgpu_test.ts`.
 *
 * `Deno.test` (a no-op under `deno run`) is replaced by a collector that
 * takes the overloads the tests use; a test's context has `name`, `origin`
 * and `step` (nested steps too). The sanitizers of `deno test` do not run
 * here; `only` is refused.
 *
 * By hand, with the test task's permission flags:
 * `deno run <flags> tests/support/webgpu_runner.ts RESULTS.json [tests/webgpu/NAME.ts ...]`.
 *
 * @module
 */

/** What one test or step did. */
export interface RunResult {
  /** The test's or step's name. */
  name: string;
  /** How it ended. */
  status: "ok" | "failed" | "ignored";
  /** The error's stack (or text) when it failed. */
  error?: string;
  /** Its steps, in the order they ran. */
  steps: RunResult[];
}

type TestFn = (t: StepContext) => void | Promise<void>;
interface Registered {
  name: string;
  ignore: boolean;
  fn: TestFn;
}
interface StepContext {
  name: string;
  origin: string;
  step(a: unknown, b?: unknown): Promise<boolean>;
}

/** The options-or-name-and-function overloads of `Deno.test` and `t.step`, as one shape. */
function normalize(a: unknown, b?: unknown, c?: unknown): Registered {
  const opts: Record<string, unknown> = {};
  let fn: unknown;
  if (typeof a === "function") fn = a;
  else if (typeof a === "string") {
    opts.name = a;
    if (typeof b === "function") fn = b;
    else {
      Object.assign(opts, b);
      fn = c;
    }
  } else {
    Object.assign(opts, a);
    fn = typeof b === "function" ? b : opts.fn;
  }
  if (opts.only) throw new Error(`webgpu_runner: "only" is not supported (${opts.name})`);
  if (typeof fn !== "function") throw new Error(`webgpu_runner: a test without a function (${opts.name})`);
  return {
    name: String(opts.name ?? (fn as { name?: string }).name ?? "(anonymous)"),
    ignore: Boolean(opts.ignore),
    fn: fn as TestFn,
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

async function run(test: Registered, origin: string): Promise<RunResult> {
  const result: RunResult = { name: test.name, status: "ok", steps: [] };
  if (test.ignore) return { ...result, status: "ignored" };
  const context: StepContext = {
    name: test.name,
    origin,
    step: async (a, b) => {
      const step = await run(normalize(a, b), origin);
      result.steps.push(step);
      return step.status !== "failed";
    },
  };
  try {
    await test.fn(context);
    if (result.steps.some((s) => s.status === "failed")) {
      return { ...result, status: "failed", error: "a step failed" };
    }
  } catch (e) {
    return { ...result, status: "failed", error: errorText(e) };
  }
  return result;
}

/**
 * Imports `modules` with `Deno.test` collecting, then runs what they
 * registered, in order.
 *
 * @param modules the test modules' URLs
 * @returns per module, its tests' results
 */
export async function runModules(modules: readonly string[]): Promise<{ module: string; results: RunResult[] }[]> {
  const out: { module: string; results: RunResult[] }[] = [];
  const original = Deno.test;
  for (const module of modules) {
    const registered: Registered[] = [];
    Object.defineProperty(Deno, "test", {
      value: (a: unknown, b?: unknown, c?: unknown) => void registered.push(normalize(a, b, c)),
      writable: true,
      configurable: true,
    });
    try {
      await import(module);
    } finally {
      Object.defineProperty(Deno, "test", { value: original, writable: true, configurable: true });
    }
    const results: RunResult[] = [];
    for (const test of registered) results.push(await run(test, module));
    out.push({ module, results });
  }
  return out;
}

if (import.meta.main) {
  const [resultsFile, ...named] = Deno.args;
  if (!resultsFile) throw new Error("usage: webgpu_runner.ts RESULTS.json [MODULE.ts ...]");
  const dir = new URL("../webgpu/", import.meta.url);
  const modules = named.length > 0
    ? named.map((p) => new URL(p, `file://${Deno.cwd()}/`).href)
    : [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(".ts")).map((e) => e.name).sort()
      .map((name) => new URL(name, dir).href);
  const report = await runModules(modules);
  Deno.writeTextFileSync(resultsFile, JSON.stringify(report));
  const all = report.flatMap((m) => m.results);
  console.error(
    `webgpu_runner: ${all.filter((r) => r.status === "ok").length} ok, ` +
      `${all.filter((r) => r.status === "failed").length} failed, ` +
      `${all.filter((r) => r.status === "ignored").length} ignored in ${report.length} modules`,
  );
}
