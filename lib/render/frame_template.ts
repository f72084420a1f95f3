/**
 * A frame's SVG as the markup of an earlier frame with slots: the `d` of each
 * line mark's path and the places where a text (a title) is written. Filling
 * the slots with another frame's paths and texts gives that frame's SVG when
 * nothing else of it differs, which `svg.ts` checks before it uses one (see
 * `createFrameRenderer`). Pure strings: no vega here.
 *
 * @module
 */

/** Markup with slots: `pieces[0] + values[slots[0]] + pieces[1] + … + pieces[n]`. */
export interface FrameTemplate {
  /** The markup between the slots (one more than the slots). */
  pieces: string[];
  /** Per slot, the index of its value: line paths first, then texts. */
  slots: number[];
}

/** What {@link frameTemplate} looks for in the markup. */
export interface TemplateMarks {
  /** Each line mark's path `d`, in the order of the markup's `<g class="mark-line …">` elements. */
  paths: readonly string[];
  /** Strings that stand for the texts wherever they are written (their values follow the paths'). */
  sentinels: readonly string[];
}

/**
 * The template of `svg`: its line marks' `d` values (checked against
 * `marks.paths`, one per `mark-line` element, in order) and every occurrence
 * of each sentinel become slots. Undefined when the markup does not hold them
 * exactly so (another number of line marks, a path that differs, a sentinel
 * that never occurs or that meets a path).
 *
 * @param svg a frame's SVG, drawn with the sentinels in place of the texts
 * @param marks its line paths and the sentinels
 * @returns the template, or undefined
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { fillFrameTemplate, frameTemplate } from "./frame_template.ts";
 * const svg = `<svg><g class="mark-line"><path d="M0,1L2,3" stroke="red"/></g><text>@T@</text></svg>`;
 * const t = frameTemplate(svg, { paths: ["M0,1L2,3"], sentinels: ["@T@"] })!;
 * deepStrictEqual(t.slots, [0, 1]);
 * strictEqual(fillFrameTemplate(t, ["M5,5", "epoch 9"]), `<svg><g class="mark-line"><path d="M5,5" stroke="red"/></g><text>epoch 9</text></svg>`);
 * strictEqual(frameTemplate(svg, { paths: ["M0,0"], sentinels: [] }), undefined); // not this frame's path
 * ```
 */
export function frameTemplate(svg: string, marks: TemplateMarks): FrameTemplate | undefined {
  const cuts: { start: number; end: number; slot: number }[] = [];
  let cursor = 0;
  for (const [i, path] of marks.paths.entries()) {
    const g = svg.indexOf('<g class="mark-line', cursor);
    if (g < 0) return undefined;
    const p = svg.indexOf("<path", g);
    const d = p < 0 ? -1 : svg.indexOf(' d="', p);
    if (d < 0 || d > svg.indexOf("</g>", g)) return undefined;
    const start = d + 4;
    const end = start + path.length;
    if (svg.slice(start, end) !== path || svg[end] !== '"') return undefined;
    cuts.push({ start, end, slot: i });
    cursor = end;
  }
  if (svg.indexOf('<g class="mark-line', cursor) >= 0) return undefined;
  for (const [k, sentinel] of marks.sentinels.entries()) {
    let at = svg.indexOf(sentinel);
    if (sentinel === "" || at < 0) return undefined;
    for (; at >= 0; at = svg.indexOf(sentinel, at + sentinel.length)) {
      cuts.push({ start: at, end: at + sentinel.length, slot: marks.paths.length + k });
    }
  }
  cuts.sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    if (cut.start < from) return undefined; // a sentinel inside a path, or two that overlap
    pieces.push(svg.slice(from, cut.start));
    from = cut.end;
  }
  pieces.push(svg.slice(from));
  return { pieces, slots: cuts.map((c) => c.slot) };
}

/**
 * The markup of a template with its slots filled.
 *
 * @param template what {@link frameTemplate} made
 * @param values the line paths, then the texts, in the order the template was made with
 * @returns the SVG
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { fillFrameTemplate } from "./frame_template.ts";
 * strictEqual(fillFrameTemplate({ pieces: ["<a>", "|", "</a>"], slots: [1, 0] }, ["x", "y"]), "<a>y|x</a>");
 * ```
 */
export function fillFrameTemplate(template: FrameTemplate, values: readonly string[]): string {
  let out = template.pieces[0];
  for (let i = 0; i < template.slots.length; i++) out += values[template.slots[i]] + template.pieces[i + 1];
  return out;
}
