/**
 * The live page's PyTorch export: a button that downloads `training.py` for
 * the run so far, the text that `deno task train -- --formats py` writes for
 * the same run (`trainingPy`, one library function for both).
 *
 * @module
 */
import type { TrainingRun } from "../model/run.ts";
import { TRAINING_PY_NAME, trainingPy } from "../render/training_py.ts";
import { doc, type Elem } from "./dom.ts";

/**
 * Saves `text` as a download named `name` (through a blob URL), in a browser.
 *
 * @param name the file name offered
 * @param text the file's text
 * @param type its media type
 *
 * @example
 * ```ts ignore
 * saveText("training.py", "print(1)\n", "text/x-python");
 * ```
 */
export function saveText(name: string, text: string, type: string): void {
  const a = doc.createElement("a");
  const href = URL.createObjectURL(new Blob([text], { type }));
  a.setAttribute("href", href);
  a.setAttribute("download", name);
  a.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * The note the page shows once `training.py` of `run` is saved.
 *
 * @param run the run exported
 * @returns one sentence
 *
 * @example
 * ```ts
 * import { match } from "node:assert/strict";
 * import { pyExportNote } from "./export_view.ts";
 * match(pyExportNote({ config: { epochs: 300 } }), /^saved training.py \(300 epochs\): python3 training.py/);
 * ```
 */
export function pyExportNote(run: { config: { epochs: number } }): string {
  return `saved ${TRAINING_PY_NAME} (${run.config.epochs} epochs): python3 ${TRAINING_PY_NAME} trains the run again ` +
    `in PyTorch (it needs torch and numpy) and prints how far its losses are from the page's`;
}

/** What {@link mountPyExport} needs from the page. */
export interface PyExportOptions {
  /** The button. */
  button: Elem;
  /** Where the outcome is said. */
  note: Elem;
  /** Runs a job in the page's engine queue (so that the run is read between engine calls). */
  enqueue: (job: () => void) => unknown;
  /** The run so far (throws before the first update or after a divergence), or undefined with no run. */
  run: () => TrainingRun | undefined;
}

/**
 * Makes `options.button` download `training.py` for the current run, in a browser.
 *
 * @param options the button, the note, the page's queue and the run
 *
 * @example
 * ```ts ignore
 * mountPyExport({ button: byId("download-py"), note: byId("net-note"), enqueue, run: () => trainer?.run() });
 * ```
 */
export function mountPyExport(options: PyExportOptions): void {
  const { button, note } = options;
  button.addEventListener("click", () =>
    options.enqueue(() => {
      let run: TrainingRun | undefined;
      try {
        run = options.run();
      } catch (e) {
        note.textContent = `cannot export ${TRAINING_PY_NAME}: ${e instanceof Error ? e.message : String(e)}`;
        return;
      }
      if (run === undefined) return;
      saveText(TRAINING_PY_NAME, trainingPy(run), "text/x-python");
      note.textContent = pyExportNote(run);
    }));
}
