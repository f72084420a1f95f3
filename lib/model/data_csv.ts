/**
 * Data of one's own: the (x, y) points of a CSV file, read by one pure
 * function that `deno task train -- --data FILE.csv` and the live page's
 * file picker share, so both accept and refuse the same text in the same
 * words.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { firstLineExcerpt } from "../input.ts";
import { DRAWABLE_ACCEPTED, drawableRangeProblem, TRAINING_LIMITS } from "./limits.ts";
import { parseDecimal } from "./setting_kinds.ts";

/** Points read from a file: inputs and targets of the same length, in the file's order. */
export interface DataPoints {
  /** Inputs. */
  x: number[];
  /** Targets. */
  y: number[];
}

/**
 * The most rows a CSV may hold: the most training points of a run
 * (`TRAINING_LIMITS.points`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { CSV_MAX_ROWS } from "./data_csv.ts";
 * strictEqual(CSV_MAX_ROWS, 1_000_000);
 * ```
 */
export const CSV_MAX_ROWS: number = TRAINING_LIMITS.points;

/**
 * The largest |y| a CSV may hold: x³ at the largest |x| (`TRAINING_LIMITS.xAbs`), so
 * that a squared error stays as far from float32 overflow as a target's does.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { CSV_MAX_ABS_Y } from "./data_csv.ts";
 * strictEqual(CSV_MAX_ABS_Y, 1e9);
 * ```
 */
export const CSV_MAX_ABS_Y: number = TRAINING_LIMITS.xAbs ** 3;

/** A cell as a message shows it: short and escaped. */
function shown(cell: string): string {
  return firstLineExcerpt(cell, 16);
}

/** The cells of a line: comma-separated, blanks around each cell dropped. */
function cells(line: string): string[] {
  return line.split(",").map((c) => c.trim());
}

/**
 * The (x, y) points of a CSV text. Rows are lines of comma-separated cells;
 * blank lines are skipped. The first line is a header when any of its cells
 * is not a number: then the columns named `x` and `y` (any case) are read,
 * or the first two when it names neither; without a header the first two
 * columns are x and y. Every row has as many cells as the first line, at
 * least two. Rows may come in any order and repeat an x.
 *
 * Refused with a one-line {@link UsageError} naming the file (as the input
 * `data`), the line and the column: a missing column, a cell that is not a
 * finite decimal number (`NaN`, `inf`, `1e999`, text), |x| above
 * `TRAINING_LIMITS.xAbs` or |y| above {@link CSV_MAX_ABS_Y}, fewer than 2
 * rows, more than {@link CSV_MAX_ROWS} rows, or inputs whose range cannot be
 * drawn (all the same x, say).
 *
 * @param text the file's text
 * @param source the file's name, for messages
 * @returns the points, in the file's order
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { parseDataCsv } from "./data_csv.ts";
 * deepStrictEqual(parseDataCsv("x,y\n1,2\n0,0.5\n", "a.csv"), { x: [1, 0], y: [2, 0.5] });
 * deepStrictEqual(parseDataCsv("y,x\n2,1\n3,0\n", "b.csv"), { x: [1, 0], y: [2, 3] });
 * throws(() => parseDataCsv("1,2\n3,abc\n", "c.csv"), {
 *   message: 'data c.csv: line 2, column 2 (y) must be a finite decimal number, got "abc"',
 * });
 * ```
 */
export function parseDataCsv(text: string, source: string): DataPoints {
  const fail = (what: string): never => {
    throw new UsageError((n) => `${n("data")} ${source}: ${what}`);
  };
  const lines = text.split(/\r?\n/).map((line, i) => ({ line, number: i + 1 })).filter((l) => l.line.trim() !== "");
  if (lines.length === 0) fail("the file holds no rows; it must hold at least 2 rows of x, y");
  const first = cells(lines[0].line);
  const width = first.length;
  if (width < 2) {
    fail(`line ${lines[0].number} must have at least 2 columns (x and y), got ${width}: ${shown(lines[0].line)}`);
  }
  const header = first.some((c) => parseDecimal(c) === undefined);
  const names = first.map((c) => c.toLowerCase());
  const ix = header && names.includes("x") ? names.indexOf("x") : 0;
  const iy = header && names.includes("y") ? names.indexOf("y") : (ix === 0 ? 1 : 0);
  const rows = header ? lines.slice(1) : lines;
  if (rows.length > CSV_MAX_ROWS) fail(`the file must hold at most ${CSV_MAX_ROWS} rows, got ${rows.length}`);
  if (rows.length < 2) fail(`the file must hold at least 2 rows of x, y, got ${rows.length}`);
  const x: number[] = [];
  const y: number[] = [];
  const bound = { x: TRAINING_LIMITS.xAbs, y: CSV_MAX_ABS_Y };
  for (const { line, number } of rows) {
    const row = cells(line);
    if (row.length !== width) {
      fail(`line ${number} must have ${width} columns like line ${lines[0].number}, got ${row.length}: ${shown(line)}`);
    }
    for (const [name, i, out] of [["x", ix, x], ["y", iy, y]] as const) {
      const value = parseDecimal(row[i]);
      const where = `line ${number}, column ${i + 1} (${name})`;
      if (value === undefined) fail(`${where} must be a finite decimal number, got ${shown(row[i])}`);
      if (Math.abs(value!) > bound[name]) {
        fail(`${where} must be a number in [-${bound[name]}, ${bound[name]}], got ${value}`);
      }
      out.push(value!);
    }
  }
  // A loop, not Math.min(...x): a million arguments overflow the stack.
  const range: [number, number] = [x.reduce((a, b) => Math.min(a, b)), x.reduce((a, b) => Math.max(a, b))];
  const problem = range[0] === range[1] ? "every x is the same" : drawableRangeProblem(range);
  if (problem) fail(`the inputs x must span ${DRAWABLE_ACCEPTED}; they span [${range[0]}, ${range[1]}]: ${problem}`);
  return { x, y };
}
