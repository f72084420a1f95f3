import assert from "node:assert/strict";
import { createProgressReporter, formatDuration, formatProgress, type ProgressSink } from "../lib/cli/progress.ts";

Deno.test("formatProgress() shows epoch, bar, percentage, loss, steps/s and ETA", () => {
  assert.equal(
    formatProgress({ epoch: 1000, epochs: 4000, loss: 1234.5, elapsedMs: 2000 }, { barWidth: 8 }),
    "epoch 1000/4000 [==      ]  25%  loss 1235  500 steps/s  ETA 6s",
  );
  assert.equal(
    formatProgress({ epoch: 40, epochs: 4000, loss: 146388.359375, elapsedMs: 500 }, { barWidth: 4 }),
    "epoch   40/4000 [    ]   1%  loss 146388  80 steps/s  ETA 50s",
  );
  assert.match(formatProgress({ epoch: 4000, epochs: 4000, loss: 12.3456, elapsedMs: 1 }), /loss 12\.35 /);
  assert.equal(
    formatProgress({ epoch: 10, epochs: 10, loss: 2.5e7, elapsedMs: 4000 }, { barWidth: 4 }),
    "epoch 10/10 [====] 100%  loss 25000000  2.5 steps/s  ETA 0s",
  );
});

Deno.test("formatDuration() writes seconds, minutes and hours", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(59_400), "59s");
  assert.equal(formatDuration(187_000), "3m07s");
  assert.equal(formatDuration(7_500_000), "2h05m");
  assert.equal(formatDuration(NaN), "?");
});

function sink(terminal: boolean): ProgressSink & { text: () => string } {
  const chunks: Uint8Array[] = [];
  return {
    isTerminal: () => terminal,
    writeSync(bytes) {
      chunks.push(bytes.slice());
      return bytes.length;
    },
    text: () => chunks.map((c) => new TextDecoder().decode(c)).join(""),
  };
}

Deno.test("the progress reporter is silent when stderr is not a terminal", () => {
  const s = sink(false);
  const bar = createProgressReporter(s);
  bar.update({ epoch: 10, epochs: 10, loss: 1, elapsedMs: 1 });
  bar.finish();
  assert.equal(s.text(), "");
});

Deno.test("on a terminal the reporter redraws one line in place and ends it", () => {
  const s = sink(true);
  const bar = createProgressReporter(s, { barWidth: 2, intervalMs: 0 });
  bar.update({ epoch: 5, epochs: 10, loss: 3, elapsedMs: 1000 });
  bar.update({ epoch: 10, epochs: 10, loss: 2, elapsedMs: 2000 });
  bar.finish();
  assert.equal(
    s.text(),
    "\r\x1b[2Kepoch  5/10 [= ]  50%  loss 3  5.0 steps/s  ETA 1s" +
      "\r\x1b[2Kepoch 10/10 [==] 100%  loss 2  5.0 steps/s  ETA 0s\n",
  );
});

Deno.test("the reporter skips redraws closer than its interval but always draws the last epoch", () => {
  const s = sink(true);
  const bar = createProgressReporter(s, { intervalMs: 60_000 });
  bar.update({ epoch: 1, epochs: 3, loss: 3, elapsedMs: 1 });
  bar.update({ epoch: 2, epochs: 3, loss: 2, elapsedMs: 2 });
  bar.update({ epoch: 3, epochs: 3, loss: 1, elapsedMs: 3 });
  const lines = s.text().split("\r").filter((l) => l);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /epoch 1\/3/);
  assert.match(lines[1], /epoch 3\/3/);
});
