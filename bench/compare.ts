/**
 * Side-by-side timing against the essay's own workflow (PyTorch +
 * matplotlib, `shared/peers/seed_pytorch.py`), on this machine, in one run:
 *
 * 1. training: ms per full-batch SGD step at the defaults (H = 7, 300 points,
 *    4000 epochs), our fused engine on tfjs cpu against PyTorch's loop;
 * 2. end to end: `deno task figures` as a whole process against
 *    `python3 seed_pytorch.py OUT` as a whole process, both for the essay's
 *    scope (static figures + training with its frames) and for everything
 *    `deno task figures` makes (the experiments too).
 *
 * Where `/usr/bin/python3` cannot import torch and matplotlib (install them
 * with `apt-get install -y python3-torch python3-matplotlib`), or the peer
 * script is missing, it says so and exits 0.
 *
 * @module
 */
import { integerFlag, optionalStringFlag, parseFlags, runMain } from "../lib/cli/flags.ts";
import { joinPath, prepareOutDir, writeFileAtomic } from "../lib/output/files.ts";
import { selectBackend } from "../lib/engine/backend.ts";
import { ENGINES } from "../lib/engine/registry.ts";
import { trainRegressor } from "../lib/train/loop.ts";
import { ESSAY_DEFAULTS } from "../lib/train/network.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const PYTHON = "/usr/bin/python3";

/** Median of a non-empty list. */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function command(cmd: string, args: string[], cwd = ROOT): Promise<{ code: number; out: string; s: number }> {
  const t0 = performance.now();
  const r = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" }).output();
  const s = (performance.now() - t0) / 1000;
  const out = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  return { code: r.code, out, s };
}

async function peerMissing(peer: string): Promise<string | null> {
  try {
    await Deno.stat(peer);
  } catch {
    return `the peer script ${peer} is missing (give its path with --peer)`;
  }
  try {
    const r = await command(PYTHON, ["-c", "import torch, matplotlib"]);
    return r.code === 0 ? null : `${PYTHON} cannot import torch and matplotlib ` +
      "(apt-get install -y python3-torch python3-matplotlib)";
  } catch {
    return `${PYTHON} is not installed`;
  }
}

/**
 * ms per step of our default training run (fused engine, tfjs cpu): the first
 * run in this process (cold: V8 has not optimised the kernel yet, as in a
 * fresh `deno task train`) and the median of `repeats` runs after it (warm).
 */
async function oursMsPerStep(repeats: number): Promise<{ cold: number; warm: number }> {
  await selectBackend("cpu");
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const t0 = performance.now();
    await trainRegressor({ ...ESSAY_DEFAULTS, createEngine: ENGINES.fused });
    times.push((performance.now() - t0) / ESSAY_DEFAULTS.epochs);
  }
  return { cold: times[0], warm: median(times.slice(1)) };
}

/** Seconds of a whole `deno task figures` process (with `--only` parts) writing into a temporary folder. */
async function oursFigures(only: string, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const out = await Deno.makeTempDir({ prefix: "bench-figures-" });
    try {
      const cache = (await command(Deno.execPath(), ["run", "-q", "scripts/_npm_cache_dir.ts"])).out.trim();
      const r = await command(Deno.execPath(), [
        "run",
        `--allow-read=.,${cache},${out}`,
        `--allow-write=${out}`,
        "--allow-ffi",
        "--allow-sys=cpus,networkInterfaces,hostname",
        "scripts/figures.ts",
        "--only",
        only,
        "--out",
        out,
      ]);
      if (r.code !== 0) throw new Error(`deno task figures failed:\n${r.out}`);
      times.push(r.s);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  }
  return median(times);
}

/** The peer's whole process in seconds and the ms/step it reports, medians of `repeats`. */
async function peer(script: string, repeats: number): Promise<{ seconds: number; msPerStep: number }> {
  const seconds: number[] = [];
  const steps: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const out = await Deno.makeTempDir({ prefix: "bench-peer-" });
    try {
      const r = await command(PYTHON, [script, out]);
      if (r.code !== 0) throw new Error(`the peer failed:\n${r.out}`);
      seconds.push(r.s);
      const m = /train_ms_per_step ([\d.]+)/.exec(r.out);
      if (m) steps.push(Number(m[1]));
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  }
  return { seconds: median(seconds), msPerStep: median(steps) };
}

if (import.meta.main) {
  await runMain(async () => {
    const v = parseFlags(Deno.args, {
      usage: "deno task bench:compare --",
      summary: "Times training and `deno task figures` against the PyTorch + matplotlib peer, same machine, " +
        "same run, and prints the ratios (medians of --repeats runs).",
      flags: {
        repeats: integerFlag({ description: "runs of each measurement", default: 3, min: 1, max: 20 }),
        peer: optionalStringFlag({
          description: "the peer script (default ../shared/peers/seed_pytorch.py beside the repository)",
          accepted: "a path to seed_pytorch.py",
        }),
        out: optionalStringFlag({
          description: "also write the table as bench_compare.md into this folder (default: print only)",
          accepted: "a folder path",
        }),
      },
    });
    if (v === null) return;
    if (v.out !== undefined) await prepareOutDir(v.out);
    const script = v.peer ?? `${ROOT}/../shared/peers/seed_pytorch.py`;
    const missing = await peerMissing(script);
    if (missing) {
      console.log(`bench:compare: skipped, ${missing}`);
      return;
    }
    const cpus = (await command("nproc", [])).out.trim();
    const ms = await oursMsPerStep(v.repeats);
    const essay = await oursFigures("essay,training", v.repeats);
    const all = await oursFigures("essay,training,experiments", v.repeats);
    const p = await peer(script, v.repeats);
    const rows = [
      [
        "training, ms per step (defaults), warm",
        ms.warm.toFixed(4),
        p.msPerStep.toFixed(4),
        ms.warm / p.msPerStep,
        "<= 0.1",
      ],
      [
        "training, ms per step (defaults), cold",
        ms.cold.toFixed(4),
        p.msPerStep.toFixed(4),
        ms.cold / p.msPerStep,
        "-",
      ],
      [
        "essay figures + training, whole process (s)",
        essay.toFixed(2),
        p.seconds.toFixed(2),
        essay / p.seconds,
        "<= 0.25",
      ],
      ["deno task figures incl. experiments (s)", all.toFixed(2), p.seconds.toFixed(2), all / p.seconds, "-"],
    ] as const;
    const lines = [
      `machine: ${cpus} cores, ${Deno.build.os}/${Deno.build.arch}, Deno ${Deno.version.deno}; ` +
      `medians of ${v.repeats} runs`,
      "",
      "| measurement | dissecting-relu | PyTorch peer | ratio | target |",
      "|---|---|---|---|---|",
      ...rows.map(([name, ours, theirs, ratio, target]) =>
        `| ${name} | ${ours} | ${theirs} | ${ratio.toFixed(3)} | ${target} |`
      ),
    ];
    console.log(lines.join("\n"));
    if (v.out !== undefined) {
      const path = joinPath(v.out, "bench_compare.md");
      await writeFileAtomic(path, lines.join("\n") + "\n");
      console.log(`wrote ${path}`);
    }
  });
}
