/**
 * Which snapshots an animation shows. An animation of a long run keeps at
 * most {@link MAX_ANIMATION_FRAMES} frames: every k-th snapshot (the first
 * included) and the last, so that the frames stay evenly spaced in epochs, the
 * GIF stays a file one can open (2001 frames of 1000 × 540 pixels took 9 GB
 * to rasterise), the loop stays watchable (300 frames at 0.2 s are 60 s) and
 * a long run renders in about the memory of the essay's run (vega's frames,
 * held until they are split into the animation's layers, set the peak: see
 * `bench/results/run_memory.md`). The data files (`training.json`) and the
 * page with its slider (`training.html`) keep every snapshot.
 *
 * @module
 */

/**
 * The most frames an animation (`training.svg`, `training.gif`) shows.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { MAX_ANIMATION_FRAMES } from "./animation_sample.ts";
 * strictEqual(MAX_ANIMATION_FRAMES, 300);
 * ```
 */
export const MAX_ANIMATION_FRAMES = 300;

/** The snapshots an animation shows: see {@link animationSample}. */
export interface AnimationSample {
  /** The indices of the snapshots shown, ascending: 0, stride, 2·stride, …, and the last. */
  indices: number[];
  /** Every how many snapshots one is shown (1: all). */
  stride: number;
}

/**
 * The snapshots an animation of `count` snapshots shows: all of them when
 * they are at most `max`, else every `stride`-th one from the first, with the
 * smallest stride that keeps them at most `max` with the last one added.
 *
 * @param count the number of snapshots (at least 1, else a RangeError)
 * @param max the most frames (at least 2, else a RangeError; default {@link MAX_ANIMATION_FRAMES})
 * @returns the indices shown and the stride
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { animationSample } from "./animation_sample.ts";
 * deepStrictEqual(animationSample(41).stride, 1); // the essay's run: every snapshot
 * deepStrictEqual(animationSample(10, 4), { indices: [0, 3, 6, 9], stride: 3 });
 * deepStrictEqual(animationSample(11, 4), { indices: [0, 4, 8, 10], stride: 4 }); // the last one always
 * const long = animationSample(2001); // --epochs 200000
 * deepStrictEqual([long.indices.length, long.stride, long.indices.at(-1)], [287, 7, 2000]);
 * ```
 */
export function animationSample(count: number, max: number = MAX_ANIMATION_FRAMES): AnimationSample {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`Cannot sample an animation: count must be an integer >= 1, got ${count}`);
  }
  if (!Number.isInteger(max) || max < 2) {
    throw new RangeError(`Cannot sample an animation: max must be an integer >= 2, got ${max}`);
  }
  const stride = count <= max ? 1 : Math.ceil((count - 1) / (max - 1));
  const indices: number[] = [];
  for (let i = 0; i < count - 1; i += stride) indices.push(i);
  indices.push(count - 1);
  return { indices, stride };
}

/**
 * The one-line note that says an animation shows a sample of the snapshots,
 * or undefined when it shows them all.
 *
 * @param names the animation files, e.g. `["training.svg", "training.gif"]` (none: undefined)
 * @param count the number of snapshots
 * @param max the most frames (default {@link MAX_ANIMATION_FRAMES})
 * @returns the note, or undefined
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { animationNote } from "./animation_sample.ts";
 * strictEqual(animationNote(["training.gif"], 41), undefined);
 * strictEqual(
 *   animationNote(["training.svg", "training.gif"], 2001),
 *   "note: training.svg and training.gif show 287 of the 2001 snapshots (every 7th and the last): " +
 *     "an animation keeps at most 300 frames; training.json and training.html keep every snapshot",
 * );
 * ```
 */
export function animationNote(
  names: readonly string[],
  count: number,
  max: number = MAX_ANIMATION_FRAMES,
): string | undefined {
  const { indices, stride } = animationSample(count, max);
  if (stride === 1 || names.length === 0) return undefined;
  const which = names.length === 1 ? `${names[0]} shows` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} show`;
  return `note: ${which} ${indices.length} of the ${count} snapshots (every ${ordinal(stride)} and the last): ` +
    `an animation keeps at most ${max} frames; training.json and training.html keep every snapshot`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}
