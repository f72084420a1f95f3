/**
 * A training run into its output files: `training.json`, the animated
 * `training.svg` with `training_loss.svg`, `training.gif` and the interactive
 * `training.html`. Frames come from one reused vega view; every file is
 * written atomically and the same run always gives the same bytes.
 *
 * Permissions: read and write access to the output folder (an atomic rename
 * needs both); for html, read access to Deno's npm cache (vega's browser
 * build); for gif, read access to Deno's npm cache, `--allow-ffi` and
 * `--allow-sys=cpus,networkInterfaces,hostname` (resvg's native addon, loaded
 * only when a GIF is written, probes the platform when it loads; it reads the
 * DejaVu font files itself). json and svg need no more than the folder.
 *
 * @module
 */
import {
  animateFrames,
  type AnimationTiming,
  type FrameLayers,
  frameLayerSvg,
  frameSchedule,
  splitFrames,
  staticLayerSvg,
} from "../render/animated_svg.ts";
import { encodeGif } from "../render/gif.ts";
import { joinPath, toJsonText, writeFileAtomic } from "./files.ts";
import { lossMarkerData, trainingDomains, trainingFrame, trainingFrameData, trainingLoss } from "../plot/training.ts";
import type { RgbaImage } from "../render/raster.ts";
import { compileSpec, createFrameRenderer, writeFigure } from "../render/svg.ts";
import type { TrainingRun } from "../model/run.ts";
import { trainingHtml } from "../render/training_html.ts";

/** The output formats: `svg` means `training.svg` and `training_loss.svg`. */
export type TrainingFormat = "json" | "svg" | "gif" | "html";

/** Every {@link TrainingFormat}, in the order files are written. */
export const TRAINING_FORMATS: readonly TrainingFormat[] = ["json", "svg", "gif", "html"];

/** Options of {@link writeTrainingOutputs}. */
export interface TrainingOutputOptions {
  /** The folder to write into; it must exist (see `prepareOutDir`). */
  outDir: string;
  /** Which files to write. */
  formats: readonly TrainingFormat[];
  /** Frame timing of the SVG and GIF animations (default 0.2 s per frame, last frame held 2 s). */
  timing?: AnimationTiming;
}

/** One file written. */
export interface WrittenFile {
  /** Its path. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
}

/**
 * Renders every snapshot of `run` to an SVG frame with one vega view, swapping
 * the frame's datasets and title signals between renders.
 */
export async function renderTrainingFrames(run: TrainingRun): Promise<string[]> {
  const domains = trainingDomains(run);
  const renderer = createFrameRenderer(trainingFrame(run, { domains }));
  try {
    const frames: string[] = [];
    for (let i = 0; i < run.snapshots.length; i++) {
      const { datasets, signals } = trainingFrameData(run, i);
      frames.push(await renderer.render(datasets, signals));
    }
    return frames;
  } finally {
    renderer.finalize();
  }
}

/**
 * Rasterises split frames: the static layer once, then per frame only the
 * changing markup, composited over it.
 */
export async function rasterizeFrames(layers: FrameLayers): Promise<RgbaImage[]> {
  // Loaded on first use: resvg is a native addon (--allow-ffi), which json, svg and html outputs do not need.
  const { compositeOver, rasterize } = await import("../render/raster.ts");
  const base = rasterize(staticLayerSvg(layers), { background: "white" });
  return layers.frames.map((_, k) => compositeOver(base, rasterize(frameLayerSvg(layers, k))));
}

/** The GIF of split frames, timed like the animated SVG. */
export async function trainingGif(layers: FrameLayers, timing: AnimationTiming = {}): Promise<Uint8Array> {
  const { starts, ends } = frameSchedule(layers.frames.length, timing);
  return encodeGif(await rasterizeFrames(layers), { delayMs: starts.map((s, k) => Math.round((ends[k] - s) * 1000)) });
}

/**
 * The local path of a file of vega's npm package, found from where the
 * `vega` import resolves (inside Deno's npm cache; nothing is hard-coded).
 */
export function vegaPackageFile(relative: string): string {
  const entry = import.meta.resolve("npm:vega@6.4.0");
  if (!entry.startsWith("file://")) {
    throw new Error(`Cannot find vega's browser build: "vega" resolves to ${entry}, not a local file`);
  }
  const root = new URL("../", entry); // entry is <package>/build/vega.module.js
  return decodeURIComponent(new URL(relative, root).pathname);
}

/** Reads vega's browser build (`build/vega.min.js`) from the installed npm package. */
export async function readVegaBrowserBuild(): Promise<string> {
  const path = vegaPackageFile("build/vega.min.js");
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(
      `Cannot read vega's browser build at ${path} (needs --allow-read on Deno's npm cache): ${
        e instanceof Error ? e.message : e
      }`,
    );
  }
}

/** The self-contained training page of `run`. */
export function trainingPage(run: TrainingRun, vegaSource: string, timing: AnimationTiming = {}): string {
  const domains = trainingDomains(run);
  const { config } = run;
  const last = run.snapshots[run.snapshots.length - 1];
  return trainingHtml({
    title: `A 1-${config.hidden}-1 ReLU network learning y = x³`,
    description: `${config.optimizer}, lr ${config.lr}, ${config.epochs} epochs on ${config.points} points in ` +
      `[${config.xMin}, ${config.xMax}], seed ${config.seed}, relu'(0) = ${config.gradAtZero}, ` +
      `backend ${config.backend}; ${run.snapshots.length} snapshots every ${config.every} epochs.`,
    vegaSource,
    frameSpec: compileSpec(trainingFrame(run, { domains })),
    lossSpec: compileSpec(trainingLoss(run, { marker: last?.epoch ?? 0, width: 1000, height: 220 })),
    frames: run.snapshots.map((s, i) => {
      const { datasets, signals } = trainingFrameData(run, i);
      return { epoch: s.epoch, loss: lossMarkerData(run, s.epoch)[0]?.loss ?? s.loss, datasets, signals };
    }),
    frameMs: Math.round((timing.frameSeconds ?? 0.2) * 1000),
  });
}

function byteLength(data: string | Uint8Array): number {
  return typeof data === "string" ? new TextEncoder().encode(data).length : data.length;
}

/**
 * Writes the training outputs of `run` into `options.outDir`: `training.json`
 * (json), `training.svg` and `training_loss.svg` with its `.vl.json` (svg),
 * `training.gif` (gif), `training.html` (html). Returns the files written.
 */
export async function writeTrainingOutputs(
  run: TrainingRun,
  options: TrainingOutputOptions,
): Promise<WrittenFile[]> {
  const { outDir, timing = {} } = options;
  const formats = new Set(options.formats);
  for (const f of formats) {
    if (!TRAINING_FORMATS.includes(f)) {
      throw new RangeError(
        `Cannot write training outputs: unknown format "${f}" (accepted: ${TRAINING_FORMATS.join(", ")})`,
      );
    }
  }
  if (run.snapshots.length === 0) throw new RangeError("Cannot write training outputs: the run has no snapshots");
  const written: WrittenFile[] = [];
  const write = async (name: string, data: string | Uint8Array) => {
    const path = joinPath(outDir, name);
    await writeFileAtomic(path, data);
    written.push({ path, bytes: byteLength(data) });
  };
  if (formats.has("json")) await write("training.json", toJsonText(run));
  const frames = formats.has("svg") || formats.has("gif") ? await renderTrainingFrames(run) : [];
  if (formats.has("svg")) {
    await write("training.svg", animateFrames(frames, timing));
    const lossSpec = trainingLoss(run);
    const loss = await writeFigure(outDir, "training_loss", lossSpec);
    written.push({ path: loss.svg, bytes: loss.bytes });
    written.push({ path: loss.spec, bytes: byteLength(toJsonText(lossSpec)) });
  }
  if (formats.has("gif")) await write("training.gif", await trainingGif(splitFrames(frames), timing));
  if (formats.has("html")) await write("training.html", trainingPage(run, await readVegaBrowserBuild(), timing));
  return written;
}
