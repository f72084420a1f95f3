/**
 * Writes `tools/torch_replay.py`, the PyTorch cross-check's replayer, from
 * its one definition in `lib/render/torch_replay_py.ts` (the exported
 * `training.py` holds the same replay code). Run it with
 * `deno task build:torch_replay` after changing that file;
 * tests/training_py_test.ts checks that the committed file is its text.
 *
 * @module
 */
import { torchReplayTool } from "../lib/render/torch_replay_py.ts";

/** The file written, relative to the repository root. */
export const TORCH_REPLAY_PATH = "tools/torch_replay.py";

if (import.meta.main) {
  const path = new URL(`../${TORCH_REPLAY_PATH}`, import.meta.url);
  await Deno.writeTextFile(path, torchReplayTool());
  console.log(`wrote ${TORCH_REPLAY_PATH}`);
}
