/**
 * The worker of `deno task train` (see `training.ts`) that makes
 * `training.gif` beside the main thread: it loads resvg and the fonts as
 * soon as it starts, and draws a tiny picture so that resvg's code is
 * compiled (`warmUpRaster`), while the main thread trains and renders the
 * animation's frames; it is sent those frames split into layers (the main
 * thread splits them once, for training.svg too), rasterises and encodes them
 * (`trainingGif`) while the main thread renders the other formats, and posts
 * the GIF's bytes back. It writes nothing.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { AnimationTiming, FrameLayers } from "../render/animated_svg.ts";

/** What the worker is sent: the animation's frames, split into layers, and its timing. */
export interface GifJob {
  /** The frames, as `splitFrames` returns them. */
  layers: FrameLayers;
  /** The animation's timing (default 0.2 s per frame, the last held 2 s). */
  timing?: AnimationTiming;
}

/** What it posts back: the GIF's bytes, or the error's class name and message. */
export type GifReply = { ok: true; gif: Uint8Array } | { ok: false; errorClass: string; message: string };

// Loading starts now, while the main thread trains.
const ready = (async () => {
  const [{ trainingGif }, { initRaster, warmUpRaster }] = await Promise.all([
    import("../render/training_gif.ts"),
    import("../render/raster.ts"),
  ]);
  await initRaster();
  warmUpRaster(); // resvg's code for what the frames draw compiled now, not on the first frame
  return trainingGif;
})();
ready.catch(() => {}); // reported when a job comes

self.onmessage = async (event: MessageEvent<GifJob>) => {
  try {
    const trainingGif = await ready;
    const gif = await trainingGif(event.data.layers, event.data.timing);
    self.postMessage({ ok: true, gif } satisfies GifReply);
  } catch (e) {
    const errorClass = e instanceof Error ? e.name : "Error";
    self.postMessage({ ok: false, errorClass, message: e instanceof Error ? e.message : String(e) } satisfies GifReply);
  }
};
