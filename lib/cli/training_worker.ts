/**
 * The worker of `deno task train` (see `training.ts`) that renders
 * `training.gif` beside the main thread, which trains and renders the other
 * formats meanwhile: it loads vega, resvg and the fonts as soon as it
 * starts, then renders the GIF of the one run it is sent
 * (`renderTrainingGif`) and posts its bytes back. It writes nothing.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { AnimationTiming } from "../render/animated_svg.ts";
import type { TrainingRun } from "../model/run.ts";

/** What the worker is sent: the run and the animation's timing. */
export interface GifJob {
  /** The training run. */
  run: TrainingRun;
  /** The animation's timing (default 0.2 s per frame, the last held 2 s). */
  timing?: AnimationTiming;
}

/** What it posts back: the GIF's bytes, or the error's class name and message. */
export type GifReply = { ok: true; gif: Uint8Array } | { ok: false; errorClass: string; message: string };

// Loading starts now, while the main thread trains.
const ready = (async () => {
  const [{ renderTrainingGif }, { initRaster }] = await Promise.all([
    import("../render/training.ts"),
    import("../render/raster.ts"),
  ]);
  await initRaster();
  return renderTrainingGif;
})();
ready.catch(() => {}); // reported when a job comes

self.onmessage = async (event: MessageEvent<GifJob>) => {
  try {
    const renderTrainingGif = await ready;
    const gif = await renderTrainingGif(event.data.run, { timing: event.data.timing });
    self.postMessage({ ok: true, gif } satisfies GifReply);
  } catch (e) {
    const errorClass = e instanceof Error ? e.name : "Error";
    self.postMessage({ ok: false, errorClass, message: e instanceof Error ? e.message : String(e) } satisfies GifReply);
  }
};
