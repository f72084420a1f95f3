/**
 * The bifurcation pass run by PyTorch itself (`torch_bifurcation.py`, on the
 * CPU, nn.Linear's own arithmetic), and its cells set beside ours: the same
 * protocol, another order and rounding of the sums, so that the two shares
 * and the two rates of exact zeros say how much the arithmetic moves them.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { clopperPearson } from "../experiments/clopper_pearson.ts";
import type { Share } from "../experiments/intervals.ts";
import { holm } from "../experiments/stats.ts";
import {
  BIFURCATION_ARCHITECTURES,
  type BifurcationCellRecord,
  type BifurcationRecord,
  parseBifurcationRecord,
  twoProportionP,
} from "./bifurcation_grid.ts";
import { mnistFiles } from "./dataset.ts";
import { MNIST_PRECISIONS, type MnistPrecision } from "./precision.ts";

/**
 * The precisions PyTorch runs the pass in: float16 is left out, since
 * PyTorch 1.13 has no half-precision matrix product on the CPU.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { TORCH_PRECISIONS } from "./torch_bifurcation.ts";
 * strictEqual(TORCH_PRECISIONS.join(" "), "float32 float64");
 * ```
 */
export const TORCH_PRECISIONS: readonly MnistPrecision[] = MNIST_PRECISIONS.filter((p) => p !== "float16");

/**
 * The path of the Python program.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { TORCH_BIFURCATION_PROGRAM } from "./torch_bifurcation.ts";
 * ok(TORCH_BIFURCATION_PROGRAM.endsWith("/lib/mnist/torch_bifurcation.py"));
 * ```
 */
export const TORCH_BIFURCATION_PROGRAM: string = decodeURIComponent(
  new URL("./torch_bifurcation.py", import.meta.url).pathname,
);

/** What the Python program reports. */
export interface TorchBifurcation {
  /** `torch.__version__`. */
  torch: string;
  /** The BLAS its build names (`BLAS_INFO`). */
  blas: string;
  /** Threads of each process's matrix products. */
  threads: number;
  /** Python processes run side by side. */
  processes?: number;
  /** The cells, in the layout of `mnist_bifurcation.json`. */
  cells: BifurcationCellRecord[];
}

/** What to run. */
export interface TorchBifurcationOptions {
  /** The Python with torch (e.g. `/usr/bin/python3`). */
  python: string;
  /** Training images in the pass, the first N in file order. */
  images: number;
  /** Initialisations per float32 cell. */
  inits: number;
  /** Initialisations per float64 cell. */
  initsFloat64: number;
  /** Python processes side by side (default 1). */
  processes?: number;
  /** Receives each line the program prints on stderr (a cell done). */
  onLine?: (line: string) => void;
}

/**
 * The grid's architectures dealt to `groups` processes, longest first to the
 * least loaded (a pass's cost taken as its products per image: 784·w +
 * (depth − 1)·w²), each group in the grid's order.
 *
 * @param groups how many processes
 * @returns the architectures of each process (none empty)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { torchGroups } from "./torch_bifurcation.ts";
 * const names = (g: { depth: number; width: number }[][]) => g.map((a) => a.map((x) => `${x.depth}x${x.width}`));
 * deepStrictEqual(names(torchGroups(2)), [["3x256", "3x16", "3x64"], ["1x256", "2x256"]]);
 * deepStrictEqual(names(torchGroups(1)), [["1x256", "2x256", "3x256", "3x16", "3x64"]]);
 * ```
 */
export function torchGroups(groups: number): { depth: number; width: number }[][] {
  const cost = (a: { depth: number; width: number }) => 784 * a.width + (a.depth - 1) * a.width * a.width;
  const load = Array.from({ length: groups }, () => 0);
  const dealt = Array.from({ length: groups }, () => [] as number[]);
  const order = BIFURCATION_ARCHITECTURES.map((_, i) => i).sort((i, j) =>
    cost(BIFURCATION_ARCHITECTURES[j]) - cost(BIFURCATION_ARCHITECTURES[i])
  );
  for (const i of order) {
    const g = load.indexOf(Math.min(...load));
    load[g] += cost(BIFURCATION_ARCHITECTURES[i]);
    dealt[g].push(i);
  }
  return dealt.filter((d) => d.length).map((d) => d.sort((a, b) => a - b).map((i) => BIFURCATION_ARCHITECTURES[i]));
}

/**
 * Runs the pass in PyTorch over the grid's architectures, in float32 and
 * float64, in `processes` Python processes of one thread each (the
 * architectures dealt by {@link torchGroups}). A Python without torch, or
 * none, is a {@link UsageError} naming the input `torch`.
 *
 * @param options the Python, the images, the initialisations and the processes
 * @returns torch's version, its BLAS and the cells, in the grid's order
 *
 * @example
 * ```ts
 * import { rejects } from "node:assert/strict";
 * import { torchBifurcation } from "./torch_bifurcation.ts";
 * await rejects(torchBifurcation({ python: "/nonexistent/python3", images: 256, inits: 1, initsFloat64: 1 }),
 *   /torch needs \/nonexistent\/python3 with PyTorch/);
 * ```
 */
export async function torchBifurcation(options: TorchBifurcationOptions): Promise<TorchBifurcation> {
  // A process that fails stops the others: its error is the answer.
  const stop = new AbortController();
  const parts = await Promise.all(
    torchGroups(options.processes ?? 1).map((architectures) =>
      torchProcess(options, architectures, stop.signal).catch((e) => {
        stop.abort();
        throw e;
      })
    ),
  );
  const cells = BIFURCATION_ARCHITECTURES.flatMap((a) =>
    parts.flatMap((p) => p.cells).filter((c) => c.depth === a.depth && c.width === a.width)
  );
  return { ...parts[0], processes: parts.length, cells };
}

/** One Python process over `architectures`, killed when `signal` aborts. */
async function torchProcess(
  options: TorchBifurcationOptions,
  architectures: readonly { depth: number; width: number }[],
  signal: AbortSignal,
): Promise<TorchBifurcation> {
  const { python, images, inits, initsFloat64, onLine } = options;
  const refuse = (why: string) =>
    new UsageError((name) => `${name("torch")} needs ${python} with PyTorch (Debian's python3-torch): ${why}`);
  const files = mnistFiles("train");
  const grid = architectures.map((a) => `${a.depth}x${a.width}`).join(",");
  const args = [TORCH_BIFURCATION_PROGRAM, files.images, files.labels, images, inits, initsFloat64, grid];
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(python, { args: args.map(String), stdout: "piped", stderr: "piped", signal }).spawn();
  } catch (e) {
    throw refuse(e instanceof Deno.errors.NotFound ? "it is not installed" : (e as Error).message.split("\n")[0]);
  }
  const errLines: string[] = [];
  const readErr = (async () => {
    let rest = "";
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      for (const line of lines) {
        errLines.push(line);
        onLine?.(line);
      }
    }
    if (rest) errLines.push(rest);
  })();
  const [stdout, status] = await Promise.all([new Response(child.stdout).text(), child.status, readErr]);
  if (!status.success) throw refuse(errLines.filter(Boolean).at(-1) ?? `exit code ${status.code}`);
  let answer: TorchBifurcation;
  try {
    answer = JSON.parse(stdout) as TorchBifurcation;
  } catch {
    throw new Error(`the PyTorch pass printed no JSON: ${stdout.slice(0, 200)}`);
  }
  parseBifurcationRecord(JSON.stringify({ cells: answer.cells }), "the PyTorch pass's output");
  return answer;
}

/** One cell of ours beside the same cell in PyTorch. */
export interface TorchComparisonRow {
  /** Hidden layers. */
  depth: number;
  /** Units per hidden layer. */
  width: number;
  /** The precision. */
  precision: MnistPrecision;
  /** Our share in the zone, with its Clopper–Pearson 95 % interval. */
  ours: Share;
  /** PyTorch's share, with its interval. */
  torch: Share;
  /** Two-sided p of the pooled two-proportion z-test of the two shares. */
  p: number;
  /** {@link p} adjusted by Holm over the rows. */
  pHolm: number;
  /** Exact zeros per relu call: ours, PyTorch's. */
  zerosPerCall: { ours: number; torch: number };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Our cells beside PyTorch's, architecture by architecture, in the
 * precisions both ran.
 *
 * @param ours our record
 * @param torch PyTorch's record (the same layout)
 * @returns one row per cell both have
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { compareWithTorch } from "./torch_bifurcation.ts";
 * const cell = (bifurcated: number[]) => ({ depth: 1, width: 256, precision: "float32" as const, bifurcated,
 *   firstBatch: bifurcated.map((b) => (b ? 0 : -1)), zeros: bifurcated, reluCalls: bifurcated.map(() => 100), seconds: 1 });
 * const [row] = compareWithTorch({ cells: [cell([1, 0, 0, 0])] }, { cells: [cell([1, 1, 0, 0])] });
 * strictEqual(row.ours.share, 0.25);
 * strictEqual(row.torch.share, 0.5);
 * strictEqual(row.zerosPerCall.torch, 0.005);
 * strictEqual(row.p > 0.05, true);
 * ```
 */
export function compareWithTorch(
  ours: Pick<BifurcationRecord, "cells">,
  torch: Pick<BifurcationRecord, "cells">,
): TorchComparisonRow[] {
  const rows: TorchComparisonRow[] = [];
  for (const a of BIFURCATION_ARCHITECTURES) {
    for (const precision of TORCH_PRECISIONS) {
      const find = (r: Pick<BifurcationRecord, "cells">) =>
        r.cells.find((c) => c.depth === a.depth && c.width === a.width && c.precision === precision);
      const mine = find(ours);
      const theirs = find(torch);
      if (!mine?.bifurcated.length || !theirs?.bifurcated.length) continue;
      const o = clopperPearson(sum(mine.bifurcated), mine.bifurcated.length);
      const t = clopperPearson(sum(theirs.bifurcated), theirs.bifurcated.length);
      rows.push({
        ...a,
        precision,
        ours: o,
        torch: t,
        p: twoProportionP(o.k, o.n, t.k, t.n),
        pHolm: 1,
        zerosPerCall: {
          ours: sum(mine.zeros) / sum(mine.reluCalls),
          torch: sum(theirs.zeros) / sum(theirs.reluCalls),
        },
      });
    }
  }
  holm(rows.map((r) => r.p)).forEach((p, i) => (rows[i].pHolm = p));
  return rows;
}
