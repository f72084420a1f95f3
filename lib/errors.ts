/**
 * The library's errors. They name the values they concern by the library's
 * own names (`lr`, `outDir`, `backend`, `runFile`); the command line, and
 * only it, renders those names as its flags (`--lr`, `--out`, ...).
 *
 * @module
 */

/** Renders the name of an input (`"lr"`) as the caller knows it (`"--lr"` on the command line). */
export type InputNamer = (input: string) => string;

/** A message that names inputs through an {@link InputNamer}, or a plain one. */
export type Wording = string | ((name: InputNamer) => string);

/** The library's own names for inputs, used when nobody renders them otherwise. */
export const libraryName: InputNamer = (input: string): string => input;

/** Something that can be worded for a caller that names inputs its own way. */
export interface Worded {
  /** The message, with each input named by `name`. */
  describe(name: InputNamer): string;
}

function word(wording: Wording, name: InputNamer): string {
  return typeof wording === "string" ? wording : wording(name);
}

/**
 * A mistake of the caller: a bad value, a bad input file, a backend that
 * cannot start (exit code 2 on the command line).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { UsageError } from "./errors.ts";
 * const e = new UsageError((name) => `${name("lr")} must be positive, got 0`);
 * strictEqual(e.message, "lr must be positive, got 0");
 * strictEqual(e.describe((input) => `--${input}`), "--lr must be positive, got 0");
 * ```
 */
export class UsageError extends Error implements Worded {
  readonly #wording: Wording;
  /**
   * Creates the error.
   * @param wording what is wrong and what is accepted: a string, or a function that names inputs
   */
  constructor(wording: Wording) {
    super(word(wording, libraryName));
    this.#wording = wording;
    this.name = "UsageError";
  }
  /**
   * The message with each input named by `name`.
   * @param name renders an input's library name
   * @returns the message
   */
  describe(name: InputNamer): string {
    return word(this.#wording, name);
  }
}

/**
 * A failure that is not the caller's mistake but ends the run cleanly, such
 * as a diverging loss or a lost device (exit code 1 on the command line).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { RunError } from "./errors.ts";
 * const e = new RunError((name) => `diverged; try a smaller ${name("lr")}`);
 * strictEqual(e.message, "diverged; try a smaller lr");
 * strictEqual(e.describe((input) => `--${input}`), "diverged; try a smaller --lr");
 * ```
 */
export class RunError extends Error implements Worded {
  readonly #wording: Wording;
  /**
   * Creates the error.
   * @param wording what went wrong and what to try: a string, or a function that names inputs
   */
  constructor(wording: Wording) {
    super(word(wording, libraryName));
    this.#wording = wording;
    this.name = "RunError";
  }
  /**
   * The message with each input named by `name`.
   * @param name renders an input's library name
   * @returns the message
   */
  describe(name: InputNamer): string {
    return word(this.#wording, name);
  }
}

/**
 * The first line of an error's message (or of any value as text): what a
 * one-line report quotes.
 *
 * @param e an error, a string or anything else
 * @returns its first line
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { firstLine } from "./errors.ts";
 * strictEqual(firstLine(new Error("no adapter\n  at x")), "no adapter");
 * strictEqual(firstLine("a\nb"), "a");
 * ```
 */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}
