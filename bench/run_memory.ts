/**
 * Peak memory of whole training runs, the rendering included: runs
 * `scripts/training.ts` (cpu, all formats) for the essay's 4000 epochs, for
 * 200 000 epochs (2001 snapshots) and for 10 000 epochs with a snapshot every
 * epoch (10 001 snapshots), each under `/usr/bin/time -v`, and reports its
 * peak resident memory, its time and how many frames its animations show.
 * The acceptance: a long run peaks at no more than about 1.5 times the
 * essay's run (before resvg's objects were freed and the animations sampled,
 * 2001 snapshots took 8.9 GB and crashed).
 *
 * Not a test (it takes minutes); run it by hand:
 *
 *   deno run --allow-read=.,/tmp,$(deno run -q scripts/_npm_cache_dir.ts) --allow-write=/tmp,bench/results \
 *     --allow-run=/usr/bin/time bench/run_memory.ts [--results bench/results/run_memory.md] [--no-write]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../lib/output/files.ts";
import { animationSample } from "../lib/render/animation_sample.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    results: { type: "string", default: "bench/results/run_memory.md" },
    "no-write": { type: "boolean", default: false },
  },
});

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** The runs measured: their flags, and their number of snapshots. */
const RUNS: { flags: string[]; snapshots: number }[] = [
  { flags: [], snapshots: 41 },
  { flags: ["--epochs", "200000"], snapshots: 2001 },
  { flags: ["--epochs", "10000", "--every", "1"], snapshots: 10_001 },
];

interface Measured {
  peakMb: number;
  seconds: number;
  code: number;
  note: string;
}

async function measure(flags: string[]): Promise<Measured> {
  const out = await Deno.makeTempDir({ prefix: "run-memory-" });
  try {
    const npm = new URL(import.meta.resolve("npm:gifenc@1.0.3")).pathname;
    const started = performance.now();
    const result = await new Deno.Command("/usr/bin/time", {
      args: [
        "-v",
        Deno.execPath(),
        "run",
        `--allow-read=${ROOT},${out},${npm.slice(0, npm.indexOf("/gifenc/"))}`,
        `--allow-write=${out}`,
        `${ROOT}/scripts/training.ts`,
        ...flags,
        "--backend",
        "cpu",
        "--out",
        out,
      ],
      stdout: "null",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const seconds = (performance.now() - started) / 1000;
    const stderr = new TextDecoder().decode(result.stderr);
    const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (!peak) throw new Error(`no peak memory in the output of /usr/bin/time: ${stderr}`);
    const note = /^note: .*$/m.exec(stderr)?.[0] ?? "";
    return { peakMb: Number(peak[1]) / 1024, seconds, code: result.code, note };
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

const rows: string[] = [];
let essayMb = 0;
for (const { flags, snapshots } of RUNS) {
  const m = await measure(flags);
  if (flags.length === 0) essayMb = m.peakMb;
  const frames = animationSample(snapshots).indices.length;
  rows.push(
    `| \`${["deno task train --", ...flags].join(" ")}\` | ${snapshots} | ${frames} | ${m.code} | ${
      m.seconds.toFixed(0)
    } | ` +
      `${m.peakMb.toFixed(0)} | ${(m.peakMb / essayMb).toFixed(2)} |`,
  );
  console.error(`${flags.join(" ") || "(essay)"}: ${m.peakMb.toFixed(0)} MB, ${m.seconds.toFixed(0)} s ${m.note}`);
}

const text = [
  `Peak memory of whole training runs (cpu, every format), measured with \`/usr/bin/time -v\` by`,
  `\`bench/run_memory.ts\` on ${Deno.build.os} ${Deno.build.arch}, ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| run | snapshots | animation frames | exit | s | peak MB | × essay |",
  "| --- | --: | --: | --: | --: | --: | --: |",
  ...rows,
  "",
].join("\n");
console.log(text);
if (!values["no-write"]) await writeFileAtomic(values.results, text);
