/**
 * Section 4's data of one's own: a file picker and a drop on the section
 * read a CSV file with the library's parser (`parseDataCsv`, the one of
 * `deno task train -- --data`) and put its points into the link; and the
 * scene the panels draw for the run (its range, its ground truth, its test
 * points).
 *
 * @module
 */
import { UsageError } from "../errors.ts";
import { parseDataCsv } from "../model/data_csv.ts";
import type { DataSource } from "../model/run.ts";
import { truthLabel } from "../plot/training_style.ts";
import { PAGE_LIMITS } from "./config.ts";
import type { ExploreSettings } from "./config.ts";
import { formatPoints, readPoints } from "./data_link.ts";
import { byId, type Elem } from "./dom.ts";
import type { NetworkScene } from "./network_view.ts";
import { targetScene } from "./network_view.ts";
import type { Store } from "./store.ts";
import type { LiveTrainer } from "./trainer.ts";

/**
 * The data of the settings, as the live trainer takes it: the link's points and the file's name.
 *
 * @param s the settings
 * @returns the file and its points, or undefined unless the target is `data` with points
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { DEFAULT_SETTINGS } from "./config.ts";
 * import { dataOf } from "./data_view.ts";
 * deepStrictEqual(dataOf({ ...DEFAULT_SETTINGS, target: "data", data: "0,1;2,3", file: "a.csv" }), { file: "a.csv", x: [0, 2], y: [1, 3] });
 * deepStrictEqual(dataOf(DEFAULT_SETTINGS), undefined);
 * ```
 */
export function dataOf(s: Pick<ExploreSettings, "target" | "data" | "file">): DataSource | undefined {
  if (s.target !== "data" || s.data === "") return undefined;
  const read = readPoints(s.data);
  return "points" in read ? { file: s.file || "data.csv", ...read.points } : undefined;
}

/**
 * What the panels draw for a live run: a clean target's curve, or its training points as dots (noise, data),
 * and the test points.
 *
 * @param trainer the live run
 * @returns the scene
 */
export function sceneOf(trainer: LiveTrainer): NetworkScene {
  const { target = "cubic", noise = 0 } = trainer.config;
  const label = truthLabel({ config: { target, noise }, data: trainer.config.data });
  const test = trainer.test.x.length > 0 ? trainer.test : undefined;
  if (target !== "data" && noise === 0) return { ...targetScene(target), test };
  return { range: trainer.range, truth: { x: trainer.x, y: trainer.y, dots: true }, label, test };
}

/**
 * Wires the file picker (`#data-file`) and a drop of a file on section 4: the file is read, parsed by
 * `parseDataCsv` and, when accepted (and within the page's points limit), its points and name go into the link
 * with the target `data`; a refusal is said beside the picker in the parser's words.
 *
 * @param store the page's settings
 */
export function mountDataPicker(store: Store): void {
  const input = byId<Elem & { files: ArrayLike<File> | null }>("data-file");
  const take = async (file: File | undefined) => {
    if (!file) return;
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      store.note("data", `cannot read ${file.name}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    try {
      const points = parseDataCsv(text, file.name);
      if (points.x.length > PAGE_LIMITS.points) {
        store.note("data", `${file.name} holds ${points.x.length} rows; the page takes at most ${PAGE_LIMITS.points}`);
        return;
      }
      store.note("data", "");
      store.set({ target: "data", data: formatPoints(points), file: file.name.slice(0, 80), epoch: 0 });
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      store.note("data", e.describe(() => "data file"));
    }
  };
  input.addEventListener("change", () => take(input.files?.[0]));
  const section = byId("section-network");
  section.addEventListener("dragover", (e) => e.preventDefault());
  section.addEventListener("drop", (e) => {
    const file = (e as Event & { dataTransfer?: { files?: ArrayLike<File> } }).dataTransfer?.files?.[0];
    if (!file) return;
    e.preventDefault();
    take(file);
  });
}
