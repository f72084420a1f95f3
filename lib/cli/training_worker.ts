/**
 * A worker of `deno task train` (see `training.ts`) that makes part of
 * `training.gif` beside the main thread: it loads resvg and the fonts as
 * soon as it starts, while the main thread trains and renders the
 * animation's frames; it is sent those frames and the part of the GIF it
 * encodes, rasterises and encodes them (`trainingGifPart`) while the main
 * thread renders the other formats, and posts the part's bytes back. It
 * writes nothing.
 *
 * Two workers share the GIF: the first (its part starts at frame 0)
 * rasterises the static layer, makes the palette and sends both over its
 * port; the second rasterises its frames' layers meanwhile, then waits for
 * them on its port.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { AnimationTiming } from "../render/animated_svg.ts";
import type { GifGround } from "../render/training_gif.ts";

/** What a worker is sent: the animation's frames (vega's SVGs), its timing, its part and the port to the other. */
export interface GifJob {
  /** The frames, as `renderTrainingFrames` returns them. */
  frames: readonly string[];
  /** The animation's timing (default 0.2 s per frame, the last held 2 s). */
  timing?: AnimationTiming;
  /** The frames `[from, to)` this worker encodes (default all). */
  range?: [number, number];
  /**
   * The first part's worker sends the ground (the static layer's image and the palette) on it; a later part's
   * worker receives it there. Needed by a later part.
   */
  port?: MessagePort;
}

/** What it posts back: the part's bytes (without the GIF's trailer), or the error's class name and message. */
export type GifReply = { ok: true; part: Uint8Array } | { ok: false; errorClass: string; message: string };

// Loading starts now, while the main thread trains.
const ready = (async () => {
  const [{ splitFrames }, gif, { initRaster }] = await Promise.all([
    import("../render/animated_svg.ts"),
    import("../render/training_gif.ts"),
    import("../render/raster.ts"),
  ]);
  await initRaster();
  return { splitFrames, ...gif };
})();
ready.catch(() => {}); // reported when a job comes

/** The next message on `port`. */
function received<T>(port: MessagePort): Promise<T> {
  return new Promise((resolve) => {
    port.onmessage = (e: MessageEvent<T>) => resolve(e.data);
  });
}

self.onmessage = async (event: MessageEvent<GifJob>) => {
  try {
    const { splitFrames, trainingGifGround, trainingGifPart, rasterizeLayers } = await ready;
    const { frames, timing, port } = event.data;
    const layers = splitFrames([...frames]);
    const [from, to] = event.data.range ?? [0, frames.length];
    let part: Uint8Array;
    if (from === 0) {
      const { ground, layers: tops } = await trainingGifGround(layers);
      port?.postMessage(ground);
      part = await trainingGifPart(layers, ground, [from, to], { timing, tops });
    } else {
      if (port === undefined) throw new Error("a later part of the GIF needs the port its ground comes on");
      const groundComes = received<GifGround>(port);
      const tops = await rasterizeLayers(layers, Array.from({ length: to - from + 1 }, (_, i) => from - 1 + i));
      part = await trainingGifPart(layers, await groundComes, [from, to], { timing, tops });
    }
    port?.close();
    self.postMessage({ ok: true, part } satisfies GifReply);
  } catch (e) {
    const errorClass = e instanceof Error ? e.name : "Error";
    self.postMessage({ ok: false, errorClass, message: e instanceof Error ? e.message : String(e) } satisfies GifReply);
  }
};
