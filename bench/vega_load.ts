/**
 * How long loading vega and vega-lite takes in a fresh process: `lib/render/svg.ts`
 * runs their one-file browser builds where the process may read Deno's npm
 * cache, and imports the packages' ES modules (some thirty packages) where it
 * may not.
 * Each round starts `bench/import_svg_child.ts` once each way, in alternating
 * order; the child times the import of svg.ts and its first figure (relu).
 *
 * Run: `deno task bench:vega_load` prints the table and writes it, with the machine, the load and the date, to
 * `bench/results/vega_load.md` (`--results` to change, `--no-write` to print only, `--rounds` for fewer or more).
 *
 * @module
 */
import { benchMain, contextLines, median, publishResults, resultsFlags } from "./results_file.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const CHILD = `${ROOT}/bench/import_svg_child.ts`;

/** The two ways, by the read access the child gets: the project's lib, and Deno's npm cache or not. */
const WAYS = [
  { name: "browser builds (`vega.min.js`, `vega-lite.min.js`)", npmCache: true },
  { name: "packages' ES modules (`npm:vega`, `npm:vega-lite`)", npmCache: false },
] as const;

/** The npm cache folder, as the tasks find it. */
async function npmCacheDir(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", `${ROOT}/scripts/_npm_cache_dir.ts`],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout).trim();
}

/** One child run: its import and first-figure times, and the process's wall time, ms. */
async function runChild(read: string): Promise<{ importMs: number; firstFigureMs: number; processMs: number }> {
  const t0 = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", `--allow-read=${read}`, CHILD],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const processMs = performance.now() - t0;
  if (out.code !== 0) throw new Error(`vega_load: the child failed: ${new TextDecoder().decode(out.stderr)}`);
  return { ...JSON.parse(new TextDecoder().decode(out.stdout)), processMs };
}

if (import.meta.main) {
  await benchMain(
    "bench:vega_load",
    "Times loading vega and vega-lite in a fresh process, browser builds against packages, and writes " +
      "bench/results/vega_load.md.",
    { ...resultsFlags("vega_load.md", 9) },
    async (v, ctx) => {
      const cache = await npmCacheDir();
      const reads = WAYS.map((w) => (w.npmCache ? `${ROOT},${cache}` : ROOT));
      const times = WAYS.map(() => ({
        importMs: [] as number[],
        firstFigureMs: [] as number[],
        processMs: [] as number[],
      }));
      await runChild(reads[0]); // warm Deno's code cache for both
      await runChild(reads[1]);
      for (let r = 0; r < v.rounds; r++) {
        const order = r % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) {
          const t = await runChild(reads[i]);
          times[i].importMs.push(t.importMs);
          times[i].firstFigureMs.push(t.firstFigureMs);
          times[i].processMs.push(t.processMs);
        }
      }
      const ms = (xs: number[]) => median(xs).toFixed(0);
      const text = [
        "Loading vega and vega-lite in a fresh process (`bench/vega_load.ts`): `lib/render/svg.ts` runs their " +
        "one-file browser builds where the process may read Deno's npm cache (as `figures` and `train` may), and " +
        "imports the packages' ES modules otherwise. Same versions (vega 6.4.0, vega-lite 6.5.0), same SVG bytes " +
        "(`tests/render_test.ts` compares every static figure).",
        "",
        ...contextLines(ctx),
        "",
        "| vega and vega-lite from | import of svg.ts, ms | then the first figure (relu), ms | whole process, ms |",
        "| --- | --: | --: | --: |",
        ...WAYS.map((w, i) =>
          `| ${w.name} | ${ms(times[i].importMs)} | ${ms(times[i].firstFigureMs)} | ${ms(times[i].processMs)} |`
        ),
        "",
        `Medians of ${v.rounds} interleaved rounds, after one warm-up process each (Deno's code cache filled).`,
      ].join("\n") + "\n";
      await publishResults("vega_load", text, v);
    },
  );
}
