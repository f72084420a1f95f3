/**
 * `deno task mnist_bifurcation:torch`: the bifurcation pass of
 * `deno task mnist_bifurcation` run by PyTorch itself on the CPU
 * (`lib/mnist/torch_bifurcation.py`, through /usr/bin/python3), in float32
 * and float64. It writes PyTorch's record, `mnist_bifurcation_torch.json`,
 * and re-renders `mnist_bifurcation.md` (with its figure) from the committed
 * record of ours, now with PyTorch's cells beside our own.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { type FlagValues, integerFlag, parseFlags } from "./flags.ts";
import { DEFAULT_OUT, outFlag } from "./common_flags.ts";
import { type CommandIo, stderrIo, wroteLine } from "./report.ts";
import { BIFURCATION_PASS, type BifurcationRecord, parseBifurcationRecord, torchBifurcation } from "../mnist/mod.ts";
import { MNIST_BIFURCATION_NAME, writeMnistBifurcation } from "../output/mnist.ts";
import { experimentJsonText } from "../render/json.ts";
import { checkOutDir, prepareOutDir } from "../output/files.ts";
import { probeOutDir } from "../output/probe.ts";
import { readTextInput } from "../input.ts";
import { PYTHON } from "./probe_figures.ts";
import { loadAverage } from "./mnist_bifurcation.ts";

/** The flags of `deno task mnist_bifurcation:torch`. */
export const TORCH_BIFURCATION_FLAGS = {
  inits: integerFlag({ description: "initialisations per float32 cell (0..N-1)", default: 100, min: 1, max: 100000 }),
  "inits-float64": integerFlag({ description: "initialisations per float64 cell", default: 20, min: 1, max: 100000 }),
  images: integerFlag({
    description: "training images in the pass, the first N in file order (our committed record's count by default)",
    default: 60000,
    min: 1,
    max: 60000,
  }),
  processes: integerFlag({
    description: "Python processes side by side, one thread each (the architectures dealt among them)",
    default: 2,
    min: 1,
    max: 5,
  }),
  out: outFlag,
};

/** The values of {@link TORCH_BIFURCATION_FLAGS}. */
export type TorchBifurcationValues = FlagValues<typeof TORCH_BIFURCATION_FLAGS>;

const COMMAND = {
  usage: "deno task mnist_bifurcation:torch --",
  summary: [
    `The bifurcation pass of deno task mnist_bifurcation, run by PyTorch on the CPU (${PYTHON} with torch, one ` +
    "thread): nn.Linear's own arithmetic, in float32 and float64 (PyTorch 1.13 has no half-precision matrix " +
    "product on the CPU), over the same architectures, images and batches.",
    "Writes mnist_bifurcation_torch.json and re-renders mnist_bifurcation.md, .svg and .vl.json from " +
    "figures/mnist_bifurcation.json with PyTorch's cells beside ours, into --out.",
  ].join("\n"),
  flags: TORCH_BIFURCATION_FLAGS,
};

/**
 * Runs PyTorch's pass and returns its record (nothing is written).
 *
 * @param v the flag values
 * @param args the command line, recorded in the record
 * @param io where status goes
 * @returns the record, in the layout of `mnist_bifurcation.json`
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { computeTorchBifurcation } from "./mnist_bifurcation_torch.ts";
 * const v = { inits: 1, "inits-float64": 1, images: 256, processes: 2, out: "/tmp" };
 * const record = await computeTorchBifurcation(v, [], { status: () => {} });
 * strictEqual(record.cells.length, 10); // 5 architectures × float32, float64
 * strictEqual(record.cells[0].reluCalls[0], 256 * 256); // depth 1 × width 256, one batch, no bifurcation
 * ```
 */
export async function computeTorchBifurcation(
  v: TorchBifurcationValues,
  args: readonly string[],
  io: CommandIo = stderrIo(),
): Promise<BifurcationRecord> {
  io.status(`PyTorch's pass over ${v.images} images, ${v.inits} and ${v["inits-float64"]} initialisations per cell`);
  const started = performance.now();
  const answer = await torchBifurcation({
    python: PYTHON,
    images: v.images,
    inits: v.inits,
    initsFloat64: v["inits-float64"],
    processes: v.processes,
    onLine: (line) => io.status(line),
  });
  const wallSeconds = Math.round((performance.now() - started) / 1000);
  return {
    command: ["deno task mnist_bifurcation:torch", ...args.filter((a) => a !== "--")].join(" "),
    date: new Date().toISOString(),
    machine: {
      cores: navigator.hardwareConcurrency,
      os: `${Deno.build.os} ${Deno.build.arch}`,
      deno: Deno.version.deno,
      workers: answer.processes ?? 1,
      ...(loadAverage() ? { loadAverage: loadAverage() } : {}),
    },
    wallSeconds,
    protocol: {
      images: v.images,
      ...BIFURCATION_PASS,
      arithmetic:
        `PyTorch ${answer.torch} on the CPU (BLAS ${answer.blas}, ${answer.threads} thread per process), as ` +
        "nn.Linear computes it (F.linear: the bias, then the products through the CPU matrix product, in blocks " +
        "and with fused multiply-adds where its kernel uses them)",
    },
    inits: { float16: 0, float32: v.inits, float64: v["inits-float64"] },
    cells: answer.cells,
  };
}

/**
 * Runs `deno task mnist_bifurcation:torch` with `args`: checks every flag
 * and the output folder, reads our committed record (it must be there: its
 * Markdown is re-rendered), runs PyTorch's pass, writes the files.
 *
 * @param args the command-line arguments
 * @param io where status goes (default stderr)
 * @returns one line per file written, or null after `--help`
 *
 * @example
 * ```ts
 * import { rejects, strictEqual } from "node:assert/strict";
 * import { runTorchBifurcationCommand } from "./mnist_bifurcation_torch.ts";
 * strictEqual(await runTorchBifurcationCommand(["--help"]), null); // after printing the help text
 * await rejects(() => runTorchBifurcationCommand(["--inits", "0"]), /--inits must be an integer in \[1, 100000\], got "0"/);
 * ```
 */
export async function runTorchBifurcationCommand(
  args: readonly string[],
  io: CommandIo = stderrIo(),
): Promise<string[] | null> {
  const v = parseFlags(args, COMMAND);
  if (v === null) return null;
  await checkOutDir(v.out);
  const path = `${DEFAULT_OUT}/${MNIST_BIFURCATION_NAME}.json`;
  const text = await readTextInput(path, "ours");
  const ours = parseBifurcationRecord(text, path);
  if (ours.protocol.images !== v.images) {
    throw new UsageError((n) =>
      `${n("images")} must be ${ours.protocol.images}, the images of ${path}'s passes, for the two to compare; ` +
      `got ${v.images}`
    );
  }
  await probeOutDir(v.out);
  const torch = await computeTorchBifurcation(v, args, io);
  await prepareOutDir(v.out);
  const written = await writeMnistBifurcation(v.out, ours, {
    recordText: text,
    torch: { record: torch, text: experimentJsonText(torch) },
  });
  return written.map(wroteLine);
}
