/**
 * What `--backend` accepts, beside the settings registry's backends and
 * without tfjs, so that a flag can name them in a process that never trains.
 *
 * @module
 */
import { BACKEND_NAMES, type BackendName } from "./settings.ts";

/** What `--backend` accepts: a backend, or `auto` to let `selectBackend` (`lib/engine/backend.ts`) choose. */
export type BackendChoice = "auto" | BackendName;

/**
 * The choices of `--backend`, in the order `--help` lists them: `auto`, then
 * the backends (`BACKEND_NAMES`). Here, not beside `selectBackend`, so
 * that a flag can name them without loading tfjs.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { BACKEND_CHOICES } from "./backend_choice.ts";
 * deepStrictEqual(BACKEND_CHOICES, ["auto", "webgpu", "cpu", "wasm"]);
 * ```
 */
export const BACKEND_CHOICES: readonly BackendChoice[] = ["auto", ...BACKEND_NAMES];
