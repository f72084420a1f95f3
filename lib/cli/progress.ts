/**
 * The training progress bar: a pure formatter ({@link formatProgress}) and a
 * reporter that redraws it in place on a terminal and stays silent on
 * anything else (a pipe, a file, CI logs).
 *
 * @module
 */
import { formatLoss } from "../model/loss_text.ts";
import type { TrainingProgress } from "../train/loop.ts";

/** Options of {@link formatProgress}. */
export interface FormatProgressOptions {
  /** Width of the bar in characters (default 24). */
  barWidth?: number;
}

/**
 * A duration in words for an ETA: `42s`, `3m07s`, `2h05m`.
 *
 * @param ms the duration in milliseconds
 * @returns the duration rounded to seconds, or `?` when it is negative or not finite
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { formatDuration } from "./progress.ts";
 * deepStrictEqual([42_000, 187_000, 7_500_000, NaN].map(formatDuration), ["42s", "3m07s", "2h05m", "?"]);
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const two = (n: number) => String(n).padStart(2, "0");
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
}

/**
 * One line of progress: epoch, a bar, loss (written as in the frame titles),
 * speed and time left.
 *
 * @param progress where the run stands
 * @param options the width of the bar
 * @returns the line, without a line break
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { formatProgress } from "./progress.ts";
 * const line = formatProgress({ epoch: 1000, epochs: 4000, loss: 1234.5, elapsedMs: 2000 }, { barWidth: 8 });
 * strictEqual(line, "epoch 1000/4000 [==      ]  25%  loss 1235  500 steps/s  ETA 6s");
 * ```
 */
export function formatProgress(progress: TrainingProgress, options: FormatProgressOptions = {}): string {
  const { epoch, epochs, loss, elapsedMs } = progress;
  const width = options.barWidth ?? 24;
  const fraction = epochs > 0 ? Math.min(1, epoch / epochs) : 1;
  const filled = Math.floor(fraction * width);
  const bar = "=".repeat(filled) + " ".repeat(width - filled);
  const rate = elapsedMs > 0 ? (epoch * 1000) / elapsedMs : Infinity;
  const eta = rate > 0 && Number.isFinite(rate) ? formatDuration(((epochs - epoch) / rate) * 1000) : "?";
  const steps = Number.isFinite(rate) ? `${rate >= 100 ? Math.round(rate) : rate.toPrecision(2)} steps/s` : "- steps/s";
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `epoch ${String(epoch).padStart(String(epochs).length)}/${epochs} [${bar}] ${pct}  loss ${
    formatLoss(loss)
  }  ${steps}  ETA ${eta}`;
}

/** Where the reporter writes: `Deno.stderr` or a stand-in. */
export interface ProgressSink {
  /** Whether the sink is an interactive terminal. */
  isTerminal(): boolean;
  /** Writes bytes, returning how many were written. */
  writeSync(bytes: Uint8Array): number;
}

/** Draws progress in place; see {@link createProgressReporter}. */
export interface ProgressReporter {
  /** Redraws the line (at most every `intervalMs`, and always at the last epoch). */
  update(progress: TrainingProgress): void;
  /** Ends the line so later output starts on a fresh one. */
  finish(): void;
}

/**
 * A progress reporter on `sink`: when the sink is a terminal it redraws one
 * line with a carriage return; otherwise every call does nothing.
 *
 * @param sink where to draw: `Deno.stderr` or a stand-in
 * @param options the width of the bar and the least time between redraws (default 100 ms)
 * @returns the reporter
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { createProgressReporter } from "./progress.ts";
 * const sink = (terminal: boolean, out: string[]) => ({
 *   isTerminal: () => terminal,
 *   writeSync(bytes: Uint8Array) {
 *     out.push(new TextDecoder().decode(bytes));
 *     return bytes.length;
 *   },
 * });
 * const drawn: string[] = [];
 * const bar = createProgressReporter(sink(true, drawn), { barWidth: 4 });
 * bar.update({ epoch: 4, epochs: 4, loss: 2, elapsedMs: 1000 }); // the last epoch is always drawn
 * bar.finish();
 * deepStrictEqual(drawn, ["\r\x1b[2Kepoch 4/4 [====] 100%  loss 2  4.0 steps/s  ETA 0s", "\n"]);
 * const piped: string[] = [];
 * const silent = createProgressReporter(sink(false, piped));
 * silent.update({ epoch: 4, epochs: 4, loss: 2, elapsedMs: 1000 });
 * silent.finish();
 * deepStrictEqual(piped, []);
 * ```
 */
export function createProgressReporter(
  sink: ProgressSink,
  options: FormatProgressOptions & { intervalMs?: number } = {},
): ProgressReporter {
  const active = sink.isTerminal();
  const interval = options.intervalMs ?? 100;
  const encoder = new TextEncoder();
  let drawn = false;
  let lastDraw = -Infinity;
  const write = (text: string) => {
    const bytes = encoder.encode(text);
    let offset = 0;
    while (offset < bytes.length) offset += sink.writeSync(bytes.subarray(offset));
  };
  return {
    update(progress) {
      if (!active) return;
      const now = performance.now();
      if (progress.epoch < progress.epochs && now - lastDraw < interval) return;
      lastDraw = now;
      drawn = true;
      write(`\r\x1b[2K${formatProgress(progress, options)}`);
    },
    finish() {
      if (active && drawn) write("\n");
      drawn = false;
    },
  };
}
