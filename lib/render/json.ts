/**
 * JSON text, in the project's two layouts: plain (runs, specs) and compact
 * number arrays (experiment results).
 *
 * @module
 */

/**
 * Serialises `value` as JSON the same way everywhere: two-space indent and a
 * final newline.
 *
 * @param value anything JSON can hold
 * @returns the text
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { toJsonText } from "./json.ts";
 * strictEqual(toJsonText({ a: [1] }), '{\n  "a": [\n    1\n  ]\n}\n');
 * ```
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/**
 * Serialises experiment results as JSON: objects indented by two spaces, one
 * key per line, but arrays of numbers (or null) on one line, so that curves
 * of hundreds of numbers stay readable and small. Ends with a newline.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { experimentJsonText } from "./json.ts";
 * strictEqual(experimentJsonText({ a: [1, 2], b: { c: null } }).split("\n")[1], '  "a": [1, 2],');
 * ```
 */
export function experimentJsonText(value: unknown): string {
  const pad = (n: number) => "  ".repeat(n);
  const text = (v: unknown, depth: number): string => {
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      if (v.every((x) => x === null || typeof x !== "object")) {
        return `[${v.map((x) => JSON.stringify(x ?? null) ?? "null").join(", ")}]`;
      }
      return `[\n${v.map((x) => pad(depth + 1) + text(x, depth + 1)).join(",\n")}\n${pad(depth)}]`;
    }
    if (v !== null && typeof v === "object") {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return "{}";
      const body = entries.map(([k, x]) => `${pad(depth + 1)}${JSON.stringify(k)}: ${text(x, depth + 1)}`);
      return `{\n${body.join(",\n")}\n${pad(depth)}}`;
    }
    return JSON.stringify(v) ?? "null";
  };
  return text(value, 0) + "\n";
}
