/**
 * Where vega's mark containers are in a frame's SVG: a small tag scanner
 * (vega writes plain, well-formed markup: no comments, CDATA or `>` in
 * attribute values) for `animated_svg.ts`, which splits frames into what
 * stays and what changes.
 *
 * @module
 */

interface Tag {
  /** Offset of `<`. */
  start: number;
  /** Offset after `>`. */
  end: number;
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrs: string;
}

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=>/]+(?:\s*=\s*"[^"]*")?)*)\s*(\/?)>/g;

/** The tags of `svg` from offset `from` on, in order. */
function* tags(svg: string, from = 0): Generator<Tag> {
  TAG.lastIndex = from;
  for (let m = TAG.exec(svg); m !== null; m = TAG.exec(svg)) {
    yield {
      start: m.index,
      end: m.index + m[0].length,
      name: m[2],
      closing: m[1] === "/",
      selfClosing: m[4] === "/",
      attrs: m[3],
    };
  }
}

function attributes(attrs: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of attrs.matchAll(/([^\s=]+)\s*=\s*"([^"]*)"/g)) out.set(m[1], m[2]);
  return out;
}

/** A leaf mark container of a frame: its whole element and what it inherits. */
export interface Container {
  start: number;
  end: number;
  /** Sum of the ancestors' translations. */
  dx: number;
  dy: number;
  /** Inherited presentation attributes, innermost last. */
  inherited: Map<string, string>;
  /** False when an ancestor does something other than translate and inherit plain paint. */
  movable: boolean;
}

const IGNORED_ATTRS = new Set(["class", "role", "aria-roledescription", "aria-label", "aria-hidden", "pointer-events"]);
const INHERITED_ATTRS = new Set([
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-opacity",
  "stroke-width",
  "stroke-miterlimit",
  "stroke-linecap",
  "stroke-linejoin",
  "stroke-dasharray",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
]);

function isLeafContainer(tag: Tag): boolean {
  if (tag.name !== "g" || tag.closing || tag.selfClosing) return false;
  const cls = attributes(tag.attrs).get("class") ?? "";
  return cls.startsWith("mark-") && !cls.startsWith("mark-group");
}

/**
 * The leaf mark containers of an SVG's content (vega's `<g class="mark-…">`
 * groups that hold no group mark), in document order: each one's element,
 * and the translations and paint it inherits from its ancestors.
 *
 * @param svg the markup between the `<svg>` tags
 * @returns the containers
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { containersOf } from "./svg_containers.ts";
 * const svg = '<g transform="translate(5,2)"><g class="mark-line"><path d="M0,0"/></g></g>';
 * const [c] = containersOf(svg);
 * deepStrictEqual([svg.slice(c.start, c.end), c.dx, c.dy, c.movable], ['<g class="mark-line"><path d="M0,0"/></g>', 5, 2, true]);
 * ```
 */
export function containersOf(svg: string): Container[] {
  const out: Container[] = [];
  const stack: { name: string; attrs: Map<string, string> }[] = [];
  let open: { tag: Tag; depth: number; ancestors: Map<string, string>[] } | undefined;
  let depth = 0;
  for (const tag of tags(svg)) {
    if (open !== undefined) {
      if (tag.name === "g" && !tag.selfClosing) depth += tag.closing ? -1 : 1;
      if (depth === 0) {
        const c = locate(open.ancestors);
        out.push({ start: open.tag.start, end: tag.end, ...c });
        open = undefined;
      }
      continue;
    }
    if (tag.selfClosing) continue;
    if (tag.closing) {
      stack.pop();
      continue;
    }
    if (isLeafContainer(tag)) {
      open = { tag, depth: 1, ancestors: stack.filter((s) => s.name === "g").map((s) => s.attrs) };
      depth = 1;
      continue;
    }
    stack.push({ name: tag.name, attrs: attributes(tag.attrs) });
  }
  return out;
}

function locate(ancestors: Map<string, string>[]): Omit<Container, "start" | "end"> {
  let dx = 0;
  let dy = 0;
  let movable = true;
  const inherited = new Map<string, string>();
  for (const attrs of ancestors) {
    for (const [name, value] of attrs) {
      if (IGNORED_ATTRS.has(name)) continue;
      if (name === "transform") {
        const m = /^translate\(\s*([-+\d.eE]+)\s*[,\s]\s*([-+\d.eE]+)\s*\)$/.exec(value);
        if (m === null) movable = false;
        else {
          dx += Number(m[1]);
          dy += Number(m[2]);
        }
      } else if (INHERITED_ATTRS.has(name)) {
        inherited.set(name, value);
      } else {
        movable = false; // clip-path, opacity, display, …: cannot be reproduced by a flat wrapper
      }
    }
  }
  return { dx, dy, inherited, movable };
}

/** Where a container's element starts and ends in its frame's content. */
export interface Span {
  /** Offset of its `<g`. */
  start: number;
  /** Offset after its `</g>`. */
  end: number;
}

/** The end of the leaf container whose opening tag starts at `at`, as `containersOf` finds it; else undefined. */
function containerEnd(svg: string, at: number): number | undefined {
  let depth = 0;
  for (const tag of tags(svg, at)) {
    if (depth === 0 && (tag.start !== at || !isLeafContainer(tag))) return undefined;
    if (tag.name === "g" && !tag.selfClosing) depth += tag.closing ? -1 : 1;
    if (depth === 0) return tag.end;
  }
  return undefined;
}

/**
 * The containers of `svg` found along those of a frame made from the same
 * markup (`reference` and its `containersOf`), without parsing what lies
 * between them: each piece of markup between the reference's containers must
 * be in `svg`, unchanged and in place, and only each container is scanned,
 * for its end. That is what `containersOf` finds when the pieces are the
 * same (the scanner reads them as it read the reference's); undefined when
 * they are not (then parse `svg` whole with `containersOf`).
 *
 * @param svg a frame's content
 * @param reference another frame's content
 * @param spans where `containersOf(reference)` found its containers
 * @returns where `svg`'s containers are, or undefined
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { containersAlong, containersOf } from "./svg_containers.ts";
 * const frame = (d: string) => `<g class="axis"><g class="mark-line"><path d="${d}"/></g></g><text>x</text>`;
 * const spans = containersOf(frame("M0,0"));
 * deepStrictEqual(containersAlong(frame("M1,2L3,4"), frame("M0,0"), spans), [{ start: 16, end: 61 }]);
 * deepStrictEqual(containersOf(frame("M1,2L3,4")).map(({ start, end }) => ({ start, end })), [{ start: 16, end: 61 }]);
 * strictEqual(containersAlong(frame("M1,2").replace("x", "y"), frame("M0,0"), spans), undefined); // a piece changed
 * ```
 */
export function containersAlong(svg: string, reference: string, spans: readonly Span[]): Span[] | undefined {
  const out: Span[] = [];
  let at = 0;
  let from = 0;
  for (const span of spans) {
    const piece = reference.slice(from, span.start);
    if (!svg.startsWith(piece, at)) return undefined;
    at += piece.length;
    const end = containerEnd(svg, at);
    if (end === undefined) return undefined;
    out.push({ start: at, end });
    at = end;
    from = span.end;
  }
  return svg.length - at === reference.length - from && svg.endsWith(reference.slice(from)) ? out : undefined;
}
