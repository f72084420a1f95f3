/**
 * Writes the MNIST bifurcation experiment's files: `mnist_bifurcation.json`
 * (the record), `.md` (its tables) and `.svg` with its spec `.vl.json`,
 * atomically, as one set.
 *
 * @module
 */
import { type BifurcationRecord, summarizeBifurcation } from "../mnist/mod.ts";
import { mnistBifurcationFigure } from "../plot/mnist_bifurcation.ts";
import { experimentJsonText } from "../render/json.ts";
import { mnistBifurcationMarkdown } from "../render/mnist_bifurcation_tables.ts";
import { figureFiles } from "./figures.ts";
import { type FileToWrite, writeFilesAtomic, type WrittenFile } from "./files.ts";
import { joinPath } from "./paths.ts";

/** The files' name without extension. */
export const MNIST_BIFURCATION_NAME = "mnist_bifurcation";

/**
 * The name, without extension, of PyTorch's record (`deno task mnist_bifurcation:torch`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MNIST_BIFURCATION_TORCH_NAME } from "./mnist.ts";
 * strictEqual(`${MNIST_BIFURCATION_TORCH_NAME}.json`, "mnist_bifurcation_torch.json");
 * ```
 */
export const MNIST_BIFURCATION_TORCH_NAME = "mnist_bifurcation_torch";

/**
 * Writes the record and its renderings into `out`.
 *
 * @param out the output folder (it must exist)
 * @param record the experiment's record
 * @param options `recordText`: the record's own file text, written as it is (when re-rendering a committed record);
 *   `torch`: the record of `deno task mnist_bifurcation:torch` (set beside ours in the Markdown) and, when `text` is
 *   given, written as `mnist_bifurcation_torch.json` first
 * @returns the files written: PyTorch's JSON when written, then the JSON, the SVG, its spec, the Markdown
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { writeMnistBifurcation } from "./mnist.ts";
 * const dir = await Deno.makeTempDir();
 * const cell = { depth: 3, width: 16, precision: "float64" as const, bifurcated: [0], firstBatch: [-1], zeros: [0],
 *   reluCalls: [9], seconds: 1 };
 * const record = { command: "x", date: "2026-01-01T00:00:00Z", machine: { cores: 2, os: "linux", deno: "2", workers: 1 },
 *   wallSeconds: 1, protocol: { images: 9, batch: 256, order: "", compared: "", arithmetic: "" },
 *   inits: { float16: 1, float32: 1, float64: 1 }, cells: [cell] };
 * const written = await writeMnistBifurcation(dir, record, { recordText: "{}" });
 * deepStrictEqual(written.map((f) => f.path.slice(dir.length + 1)), [
 *   "mnist_bifurcation.json", "mnist_bifurcation.svg", "mnist_bifurcation.vl.json", "mnist_bifurcation.md",
 * ]);
 * deepStrictEqual(await Deno.readTextFile(`${dir}/mnist_bifurcation.json`), "{}");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeMnistBifurcation(
  out: string,
  record: BifurcationRecord,
  options: { recordText?: string; torch?: { record: BifurcationRecord; text?: string } } = {},
): Promise<WrittenFile[]> {
  return await writeFilesAtomic(await mnistBifurcationFiles(out, record, options));
}

/**
 * The files {@link writeMnistBifurcation} writes, rendered and not written (a worker of `deno task figures` renders
 * them; the main thread writes them).
 *
 * @param out the output folder
 * @param record the experiment's record
 * @param options as {@link writeMnistBifurcation}'s
 * @returns the files, in the order they are written
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { mnistBifurcationFiles } from "./mnist.ts";
 * const cell = { depth: 3, width: 16, precision: "float64" as const, bifurcated: [0], firstBatch: [-1], zeros: [0],
 *   reluCalls: [9], seconds: 1 };
 * const record = { command: "x", date: "2026-01-01T00:00:00Z", machine: { cores: 2, os: "linux", deno: "2", workers: 1 },
 *   wallSeconds: 1, protocol: { images: 9, batch: 256, order: "", compared: "", arithmetic: "" },
 *   inits: { float16: 1, float32: 1, float64: 1 }, cells: [cell] };
 * const files = await mnistBifurcationFiles("out", record, { recordText: "{}", torch: { record, text: "[]" } });
 * deepStrictEqual(files.map((f) => f.path), [
 *   "out/mnist_bifurcation_torch.json", "out/mnist_bifurcation.json", "out/mnist_bifurcation.svg",
 *   "out/mnist_bifurcation.vl.json", "out/mnist_bifurcation.md",
 * ]);
 * deepStrictEqual([files[0].data, files[1].data], ["[]", "{}"]);
 * ```
 */
export async function mnistBifurcationFiles(
  out: string,
  record: BifurcationRecord,
  options: { recordText?: string; torch?: { record: BifurcationRecord; text?: string } } = {},
): Promise<FileToWrite[]> {
  const rows = summarizeBifurcation(record);
  const subtitle = [
    `dots: ours, ${record.inits.float32} initialisations per float16 and float32 cell, ${record.inits.float64} per ` +
    "float64 cell, with 95 % Clopper–Pearson intervals",
    "crosses: Bertoin et al. (NeurIPS 2021), 1000 initialisations per cell",
  ];
  const name = MNIST_BIFURCATION_NAME;
  const { torch } = options;
  return [
    ...(torch?.text === undefined
      ? []
      : [{ path: joinPath(out, `${MNIST_BIFURCATION_TORCH_NAME}.json`), data: torch.text }]),
    { path: joinPath(out, `${name}.json`), data: options.recordText ?? experimentJsonText(record) },
    ...await figureFiles(out, name, mnistBifurcationFigure(rows, { subtitle })),
    { path: joinPath(out, `${name}.md`), data: mnistBifurcationMarkdown(record, torch?.record) },
  ];
}
