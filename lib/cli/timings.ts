/**
 * Where the time of `deno task figures` goes, as cheap timestamps: the main
 * thread stamps when its modules are loaded, training, each worker's
 * creation and each job's reply, and the writing; a worker stamps when its
 * entry module is loaded and, per job, when it starts and ends, and times
 * each step of it (a module loaded, an output format rendered, an
 * experiment cell trained), and posts them back with the job's result.
 * Nothing is printed here: `runFiguresCommand` hands the whole
 * {@link FiguresTimings} to its caller, and `bench/figures_profile.ts` (through
 * `bench/figures_timed.ts`) turns it into a profile.
 *
 * @module
 */

/**
 * Now, in milliseconds since the Unix epoch with sub-millisecond resolution:
 * the same clock on the main thread and in every worker (each has its own
 * `performance.timeOrigin`), and comparable with `Date.now()` in another
 * process.
 *
 * @returns the time
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { clockMs } from "./timings.ts";
 * const a = clockMs();
 * ok(Math.abs(a - Date.now()) < 1000 && clockMs() >= a);
 * ```
 */
export function clockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A step of a job and how long it took, e.g. `["gif: encode", 310.2]` (milliseconds). */
export type Step = [label: string, ms: number];

/** The timestamps of one worker job ({@link clockMs} times) and its steps. */
export interface JobTiming {
  /** When the worker's entry module had loaded (the same for every job of a worker). */
  workerLoadedAt: number;
  /** When the worker began the job. */
  startedAt: number;
  /** Its steps, in order; they may not cover the whole job (see {@link steps}). */
  steps: Step[];
  /** When the job's result was ready to post. */
  endedAt: number;
}

/** One job as the main thread saw it. */
export interface JobRecord {
  /** What the job was, e.g. `training_outputs gif` or `sweep float32 exact-zero`. */
  label: string;
  /** The worker that ran it (0 or 1). */
  worker: number;
  /** When the main thread posted it. */
  postedAt: number;
  /** When its reply arrived. */
  repliedAt: number;
  /** The worker's own stamps. */
  timing: JobTiming;
}

/** The timestamps of one `deno task figures` ({@link clockMs} times). */
export interface FiguresTimings {
  /** The process's `performance.timeOrigin`: when the runtime began. */
  origin: number;
  /** When the command began (every module of the main thread loaded). */
  startedAt: number;
  /** Training's start and end, when the training run was made. */
  training?: [number, number];
  /** When each worker was created. */
  workersCreatedAt: number[];
  /** The jobs, in the order they were posted. */
  jobs: JobRecord[];
  /** When the writing of the files began and ended. */
  writing: [number, number];
}

/**
 * A job's steps, with what they leave of the job's time added as `other`
 * (when it is more than a hundredth of a millisecond).
 *
 * @param timing a job's stamps
 * @returns `[label, ms]` per step
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { steps } from "./timings.ts";
 * const timing = { workerLoadedAt: 0, startedAt: 10, steps: [["load", 5], ["gif", 25]] as [string, number][], endedAt: 41 };
 * deepStrictEqual(steps(timing), [["load", 5], ["gif", 25], ["other", 1]]);
 * ```
 */
export function steps(timing: JobTiming): Step[] {
  const rest = timing.endedAt - timing.startedAt - timing.steps.reduce((sum, [, ms]) => sum + ms, 0);
  return rest > 0.01 ? [...timing.steps, ["other", rest]] : [...timing.steps];
}

/**
 * A stopwatch that times steps one after another: each call of `lap(label)`
 * records the time since the previous call (or since the watch was made).
 *
 * @param into where the steps go
 * @returns the lap function
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { stopwatch, type Step } from "./timings.ts";
 * const into: Step[] = [];
 * const lap = stopwatch(into);
 * lap("first");
 * lap("second");
 * strictEqual(into.map(([label]) => label).join(), "first,second");
 * ok(into.every(([, ms]) => ms >= 0));
 * ```
 */
export function stopwatch(into: Step[]): (label: string) => void {
  let last = performance.now();
  return (label) => {
    const now = performance.now();
    into.push([label, now - last]);
    last = now;
  };
}
