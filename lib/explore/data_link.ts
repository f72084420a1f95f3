/**
 * Data of one's own in the page's link: the points of a CSV file, read by
 * the library's parser (`parseDataCsv`, the one `deno task train -- --data`
 * uses), written into the hash as `x,y;x,y;…` (each number as JavaScript
 * writes it back exactly), and the file's name beside them; so that a link
 * carries the data and the page trains on the same points after a reload.
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { type DataPoints, parseDataCsv } from "../model/data_csv.ts";
import type { Setting } from "../model/setting_kinds.ts";

/** The most points a link may carry: the page's points limit (`PAGE_LIMITS.points`). */
const MOST = 10_000;

/**
 * The points as the link writes them: `x,y` pairs joined by `;`.
 *
 * @param points the points
 * @returns the text
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { formatPoints } from "./data_link.ts";
 * strictEqual(formatPoints({ x: [0.1, -2], y: [3, 1e-7] }), "0.1,3;-2,1e-7");
 * ```
 */
export function formatPoints(points: DataPoints): string {
  return points.x.map((x, i) => `${x},${points.y[i]}`).join(";");
}

/**
 * The points of the link's text, read by `parseDataCsv` (rows are the `;`-separated pairs).
 *
 * @param text the link's text, `x,y;x,y;…`
 * @returns the points, or why they were refused (one line)
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { readPoints } from "./data_link.ts";
 * deepStrictEqual(readPoints("0,1;2,3"), { points: { x: [0, 2], y: [1, 3] } });
 * deepStrictEqual(readPoints("0,1"), { error: "the data holds 1 point; it needs at least 2" });
 * ```
 */
export function readPoints(text: string): { points: DataPoints } | { error: string } {
  try {
    const points = parseDataCsv(text.split(";").join("\n"), "link");
    if (points.x.length > MOST) {
      return { error: `the data holds ${points.x.length} points; the page takes at most ${MOST}` };
    }
    return { points };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const rows = text.split(";").filter((r) => r.trim() !== "").length;
    if (rows < 2) return { error: `the data holds ${rows} point${rows === 1 ? "" : "s"}; it needs at least 2` };
    return { error: e.describe(() => "the data").replace(/^the data link: line (\d+)/, "the data: point $1") };
  }
}

/**
 * The page's setting of the data's points: empty (no data) or `x,y;x,y;…`, read by {@link readPoints}.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DATA_POINTS_SETTING } from "./data_link.ts";
 * deepStrictEqual([DATA_POINTS_SETTING.parse(""), DATA_POINTS_SETTING.parse("0,1; 2,3"), DATA_POINTS_SETTING.parse("0,1")], ["", "0,1;2,3", undefined]);
 * ```
 */
export const DATA_POINTS_SETTING: Setting<string> = {
  kind: "text",
  help: "the data's points",
  default: "",
  accepted: `empty, or 2 to ${MOST} points x,y separated by ; (as the rows of a CSV file)`,
  accepts: (v: unknown): v is string => typeof v === "string" && (v === "" || "points" in readPoints(v)),
  parse(text) {
    if (text.trim() === "") return "";
    const read = readPoints(text);
    return "points" in read ? formatPoints(read.points) : undefined;
  },
  format: String,
};

/** At most 80 characters, none of them a control character. */
const fileName = (text: string) => text.length <= 80 && [...text].every((c) => c >= " " && c !== "\x7f");

/**
 * The page's setting of the data file's name: at most 80 printable characters (empty without data).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DATA_FILE_SETTING } from "./data_link.ts";
 * deepStrictEqual([DATA_FILE_SETTING.parse("my.csv"), DATA_FILE_SETTING.parse("a\nb")], ["my.csv", undefined]);
 * ```
 */
export const DATA_FILE_SETTING: Setting<string> = {
  kind: "text",
  help: "the data file's name",
  default: "",
  accepted: "a file name of at most 80 printable characters",
  accepts: (v: unknown): v is string => typeof v === "string" && fileName(v),
  parse: (text) => fileName(text) ? text : undefined,
  format: String,
};
