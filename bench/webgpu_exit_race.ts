/**
 * Why the test task runs the tests that use WebGPU under `deno run`
 * (`tests/webgpu_test.ts`), measured: `deno test` (Deno 2.9,
 * Mesa's llvmpipe through GL) sometimes aborts after every test has passed,
 * with glibc's "double free or corruption" or "corrupted size vs. prev_size"
 * and exit code 134. A core dump showed the race: the main thread exiting
 * (in `_dl_fini`, running the shared libraries' destructors) while another
 * thread was still ending (freeing its thread-specific data). `deno test`
 * runs each test module on a thread of its own; `deno run` keeps WebGPU on
 * the main thread.
 *
 * Each layout below is a folder of tiny test modules, run `--runs` times
 * with `deno test --parallel`; a module "using WebGPU" takes an adapter and
 * a device and runs 20 small compute passes, read back; a "CPU" module
 * spins for 400 ms. It counts the runs that ended in SIGABRT (134).
 *
 * The last layout runs the same tests under `deno run`, as `tests/webgpu_test.ts` does.
 *
 * - `deno task bench:webgpu_exit` writes `bench/results/webgpu_exit_race.md`
 *   (`--runs N`, default 40; `--no-write` to print only).
 *
 * @module
 */
import { booleanFlag, integerFlag } from "../lib/cli/flags.ts";
import { benchMain, contextLines, formatMarkdown, writeResults } from "./results_file.ts";

const GPU_BODY = `
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error("no WebGPU adapter");
  const device = await adapter.requestDevice();
  const module = device.createShaderModule({ code: \`@group(0) @binding(0) var<storage, read_write> a: array<f32>;
    @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3<u32>) { a[id.x] = a[id.x] * 2.0 + 1.0; }\` });
  const pipeline = device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
  for (let r = 0; r < 20; r++) {
    const buf = device.createBuffer({ size: 4096, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const read = device.createBuffer({ size: 4096, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(16);
    pass.end();
    encoder.copyBufferToBuffer(buf, 0, read, 0, 4096);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    read.unmap();
  }`;
const gpuTest = (name: string) => `Deno.test("${name}", async () => {${GPU_BODY}\n});\n`;
const CPU_TEST =
  `Deno.test("cpu", () => { let s = 0; const t = performance.now(); while (performance.now() - t < 400) s += Math.sqrt(s + 1); });\n`;

/** A layout: its description, its files (name → text) and the deno command that runs them (default `deno test --parallel`). */
interface Layout {
  label: string;
  files: Record<string, string>;
  args?: string[];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const LAYOUTS: Layout[] = [
  {
    label: "8 modules using WebGPU (the test task's layout before tests/webgpu_test.ts)",
    files: Object.fromEntries(range(8).map((i) => [`gpu${i}_test.ts`, gpuTest(`gpu${i}`)])),
  },
  {
    label: "1 module using WebGPU 8 times, finishing last (after 6 CPU modules)",
    files: {
      ...Object.fromEntries(range(6).map((i) => [`cpu${i}_test.ts`, CPU_TEST])),
      "zz_webgpu_test.ts": range(8).map((i) => gpuTest(`gpu${i}`)).join(""),
    },
  },
  {
    label: "1 module using WebGPU 8 times, started first (before 6 CPU modules)",
    files: {
      ...Object.fromEntries(range(6).map((i) => [`cpu${i}_test.ts`, CPU_TEST])),
      "_webgpu_test.ts": range(8).map((i) => gpuTest(`gpu${i}`)).join(""),
    },
  },
  {
    label: "the same 8 WebGPU tests under deno run, on the main thread (how tests/webgpu_test.ts runs them)",
    files: {
      "main.ts":
        `const tests: (() => Promise<void>)[] = [];\nconst Deno_test = (_: string, fn: () => Promise<void>) => tests.push(fn);\n` +
        range(8).map((i) => gpuTest(`gpu${i}`).replace("Deno.test(", "Deno_test(")).join("") +
        "for (const t of tests) await t();\n",
    },
    args: ["run", "main.ts"],
  },
];

async function measure(layout: Layout, runs: number): Promise<{ aborted: number; failed: number }> {
  const dir = await Deno.makeTempDir({ prefix: "webgpu_exit_" });
  try {
    for (const [name, text] of Object.entries(layout.files)) await Deno.writeTextFile(`${dir}/${name}`, text);
    let aborted = 0;
    let failed = 0;
    for (let r = 0; r < runs; r++) {
      const out = await new Deno.Command(Deno.execPath(), {
        args: layout.args ?? ["test", "-q", "--parallel", "--no-check", dir],
        cwd: dir,
        stdout: "null",
        stderr: "piped",
      }).output();
      if (out.signal === "SIGABRT" || out.code === 134) aborted++;
      else if (!out.success) failed++;
    }
    return { aborted, failed };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  await benchMain(
    "bench:webgpu_exit",
    "Runs small deno test layouts that use WebGPU many times, counts the runs that abort at exit, " +
      "and writes bench/results/webgpu_exit_race.md.",
    {
      runs: integerFlag({ description: "runs of each layout", default: 40, min: 1, max: 1000 }),
      "no-write": booleanFlag("print only, write no results file"),
    },
    async (v, ctx) => {
      const adapter = await navigator.gpu?.requestAdapter();
      const rows: string[] = [];
      for (const layout of LAYOUTS) {
        const { aborted, failed } = await measure(layout, v.runs);
        rows.push(`| ${layout.label} | ${v.runs} | ${aborted} | ${failed} |`);
        console.error(rows.at(-1));
      }
      const text = [
        "Runs that abort at exit after every test passed (`bench/webgpu_exit_race.ts`).",
        "",
        ...contextLines(ctx),
        `- WebGPU adapter: ${adapter?.info.description ?? "none"}`,
        "",
        "| layout | runs | aborted at exit (SIGABRT, 134) | failed otherwise |",
        "|---|---:|---:|---:|",
        ...rows,
      ].join("\n") + "\n";
      const path = new URL("./results/webgpu_exit_race.md", import.meta.url).pathname;
      if (v["no-write"]) console.log(await formatMarkdown(text));
      else {
        console.log(await writeResults(path, text));
        console.error(`bench:webgpu_exit: wrote ${path}`);
      }
    },
  );
}
