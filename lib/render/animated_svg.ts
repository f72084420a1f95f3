/**
 * Many vega frame SVGs of one figure into one animated SVG that loops in any
 * browser without script: what is the same in every frame is kept once; the
 * vega mark containers that change are moved, per frame, into a group that
 * SMIL shows during its time slot.
 *
 * @module
 */

import { type Container, containersAlong, containersOf, type Span } from "./svg_containers.ts";

/** One frame group of a split animation: the markup that frame adds on top of the static layer. */
export interface FrameLayers {
  /** The `<svg …>` start tag of the frames. */
  svgOpen: string;
  /** Markup drawn in every frame (between the start tag and `</svg>`). */
  staticContent: string;
  /** Per frame, the markup that changes, already positioned in the SVG's coordinates. */
  frames: string[];
  /** Number of mark containers that change between frames (0 when frames were kept whole). */
  dynamicContainers: number;
}

function splitSvg(svg: string): { svgOpen: string; content: string } {
  const open = /<svg\b[^>]*>/.exec(svg);
  const close = svg.lastIndexOf("</svg>");
  if (open === null || close < 0) {
    throw new Error(`Cannot animate frames: a frame is not an SVG document (starts with "${svg.slice(0, 40)}")`);
  }
  return { svgOpen: open[0], content: svg.slice(open.index + open[0].length, close) };
}

function round(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

/** The attributes of the group that puts a moved container where it was ("" when none are needed). */
function wrapperAttrs(container: Container): string {
  const attrs = [...container.inherited].map(([k, v]) => ` ${k}="${v}"`).join("");
  const transform = container.dx === 0 && container.dy === 0
    ? ""
    : ` transform="translate(${round(container.dx)},${round(container.dy)})"`;
  return transform + attrs;
}

/** Moved containers, consecutive ones with the same placement sharing one group. */
function placeAll(placed: readonly { attrs: string; element: string }[]): string {
  let out = "";
  for (let i = 0; i < placed.length;) {
    let j = i;
    let run = "";
    while (j < placed.length && placed[j].attrs === placed[i].attrs) run += placed[j++].element;
    out += placed[i].attrs === "" ? run : `<g${placed[i].attrs}>${run}</g>`;
    i = j;
  }
  return out;
}

/**
 * Splits frame SVGs of one figure into the static layer and, per frame, the
 * markup that changes. Frames are split at vega's mark containers
 * (`<g class="mark-line …">`, …); a container that differs between frames
 * moves with its ancestors' translations and inherited paint. When frames
 * differ elsewhere (another layout), every frame is kept whole.
 *
 * @param frames the frame SVGs; an Error unless they share the SVG start tag (same size)
 * @returns the static layer and each frame's changing markup
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { splitFrames } from "./animated_svg.ts";
 * const frame = (y: number) =>
 *   `<svg width="9" height="9"><g class="mark-rule"><line/></g><g class="mark-line"><path d="M0,${y}"/></g></svg>`;
 * const layers = splitFrames([frame(1), frame(2)]);
 * strictEqual(layers.staticContent, `<g class="mark-rule"><line/></g>`);
 * deepStrictEqual(layers.frames, [1, 2].map((y) => `<g class="mark-line"><path d="M0,${y}"/></g>`));
 * strictEqual(layers.dynamicContainers, 1);
 * ```
 */
export function splitFrames(frames: readonly string[]): FrameLayers {
  if (frames.length === 0) throw new RangeError("Cannot animate frames: got no frames");
  const parts = frames.map(splitSvg);
  const svgOpen = parts[0].svgOpen;
  parts.forEach((p, k) => {
    if (p.svgOpen !== svgOpen) {
      throw new Error(`Cannot animate frames: frame ${k} has another size or root (${p.svgOpen}, frame 0: ${svgOpen})`);
    }
  });
  const whole = (): FrameLayers => ({
    svgOpen,
    staticContent: "",
    frames: parts.map((p) => p.content),
    dynamicContainers: 0,
  });
  const first = containersOf(parts[0].content);
  const skeleton = (content: string, cs: readonly Span[]) => {
    let out = "";
    let at = 0;
    for (const c of cs) {
      out += content.slice(at, c.start);
      at = c.end;
    }
    return out + content.slice(at);
  };
  const skeleton0 = skeleton(parts[0].content, first);
  // A later frame is found along the first one's containers when the markup between them is the first one's (as
  // when vega laid it out the same way); else it is parsed whole, and its markup between its containers compared.
  const containers: (readonly Span[])[] = [first];
  for (let k = 1; k < parts.length; k++) {
    const along = containersAlong(parts[k].content, parts[0].content, first);
    if (along !== undefined) {
      containers.push(along);
      continue;
    }
    const own = containersOf(parts[k].content);
    if (own.length !== first.length || skeleton(parts[k].content, own) !== skeleton0) return whole();
    containers.push(own);
  }
  const element = (k: number, i: number) => parts[k].content.slice(containers[k][i].start, containers[k][i].end);
  const dynamic = first.map((_, i) => parts.some((_, k) => element(k, i) !== element(0, i)));
  if (dynamic.some((d, i) => d && !first[i].movable)) return whole();
  let staticContent = "";
  let at = 0;
  first.forEach((c, i) => {
    if (!dynamic[i]) return;
    staticContent += parts[0].content.slice(at, c.start);
    at = c.end;
  });
  staticContent += parts[0].content.slice(at);
  return {
    svgOpen,
    staticContent,
    frames: parts.map((_, k) =>
      placeAll(
        first.flatMap((c, i) => (dynamic[i] ? [{ attrs: wrapperAttrs(c), element: element(k, i) }] : [])),
      )
    ),
    dynamicContainers: dynamic.filter(Boolean).length,
  };
}

/** Options of {@link animateFrames}. */
export interface AnimationTiming {
  /** Seconds each frame is shown (default 0.2). */
  frameSeconds?: number;
  /** Seconds the last frame is held before the loop restarts (default 2). */
  holdSeconds?: number;
}

/**
 * Start and end second of each frame, and the loop's length.
 *
 * @param count the number of frames
 * @param timing seconds per frame and seconds the last frame is held (both > 0, else a RangeError)
 * @returns the starts, the ends and the total
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { frameSchedule } from "./animated_svg.ts";
 * deepStrictEqual(frameSchedule(3, { frameSeconds: 0.5, holdSeconds: 2 }), {
 *   starts: [0, 0.5, 1],
 *   ends: [0.5, 1, 3],
 *   total: 3,
 * });
 * ```
 */
export function frameSchedule(
  count: number,
  timing: AnimationTiming = {},
): { starts: number[]; ends: number[]; total: number } {
  const { frameSeconds = 0.2, holdSeconds = 2 } = timing;
  if (!(frameSeconds > 0) || !(holdSeconds > 0)) {
    throw new RangeError(
      `Cannot schedule frames: frameSeconds and holdSeconds must be > 0, got ${frameSeconds} and ${holdSeconds}`,
    );
  }
  const starts = Array.from({ length: count }, (_, k) => k * frameSeconds);
  const ends = starts.map((s, k) => (k === count - 1 ? s + holdSeconds : s + frameSeconds));
  return { starts, ends, total: ends[count - 1] ?? 0 };
}

function fraction(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

function frameGroup(k: number, content: string, schedule: ReturnType<typeof frameSchedule>): string {
  const { starts, ends, total } = schedule;
  const last = k === starts.length - 1;
  const visibility = last ? "visible" : "hidden";
  if (starts.length === 1) return `<g class="frame frame-0">${content}</g>`;
  const s = starts[k] / total;
  const e = ends[k] / total;
  const [values, keyTimes] = k === 0
    ? ["visible;hidden", `0;${fraction(e)}`]
    : last
    ? ["hidden;visible", `0;${fraction(s)}`]
    : ["hidden;visible;hidden", `0;${fraction(s)};${fraction(e)}`];
  const animate = `<animate attributeName="visibility" values="${values}" keyTimes="${keyTimes}" ` +
    `dur="${fraction(total)}s" calcMode="discrete" repeatCount="indefinite"/>`;
  return `<g class="frame frame-${k}" visibility="${visibility}">${animate}${content}</g>`;
}

/**
 * One animated SVG from frame SVGs of the same figure: the static layer once,
 * then one `<g class="frame frame-K">` per frame whose SMIL `<animate>` makes
 * it visible during its time slot, looping forever. Without animation support
 * the last frame shows.
 *
 * @param frames the frame SVGs (see {@link splitFrames}), or what `splitFrames` returned for them
 * @param timing seconds per frame (default 0.2) and for the last frame (default 2)
 * @returns the animated SVG
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { animateFrames, splitFrames } from "./animated_svg.ts";
 * const frame = (y: number) =>
 *   `<svg width="9" height="9"><g class="mark-rule"><line/></g><g class="mark-line"><path d="M0,${y}"/></g></svg>`;
 * const svg = animateFrames([frame(1), frame(2), frame(3)]);
 * strictEqual(svg.match(/<animate /g)?.length, 3);
 * ok(svg.includes(`<g class="frame frame-2" visibility="visible">`));
 * strictEqual(animateFrames(splitFrames([frame(1), frame(2), frame(3)])), svg); // frames split already
 * ```
 */
export function animateFrames(frames: readonly string[] | FrameLayers, timing: AnimationTiming = {}): string {
  const layers = "svgOpen" in frames ? frames : splitFrames(frames);
  const schedule = frameSchedule(layers.frames.length, timing);
  const groups = layers.frames.map((content, k) => frameGroup(k, content, schedule)).join("\n");
  return `${layers.svgOpen}${layers.staticContent}\n${groups}\n</svg>\n`;
}

/**
 * The SVG of the static layer alone (the frame groups left out).
 *
 * @param layers what {@link splitFrames} returned
 * @returns the SVG
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { splitFrames, staticLayerSvg } from "./animated_svg.ts";
 * const frame = (y: number) =>
 *   `<svg width="9" height="9"><g class="mark-rule"><line/></g><g class="mark-line"><path d="M0,${y}"/></g></svg>`;
 * strictEqual(staticLayerSvg(splitFrames([frame(1), frame(2)])), `<svg width="9" height="9"><g class="mark-rule"><line/></g></svg>`);
 * ```
 */
export function staticLayerSvg(layers: FrameLayers): string {
  return `${layers.svgOpen}${layers.staticContent}</svg>`;
}

/**
 * The SVG of frame `index`'s changing markup alone, on a transparent
 * background, in the same coordinates as {@link staticLayerSvg}. Defs of the
 * static layer (clip paths, gradients) are carried along.
 *
 * @param layers what {@link splitFrames} returned
 * @param index the frame; a RangeError when there is no such frame
 * @returns the SVG
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { frameLayerSvg, splitFrames } from "./animated_svg.ts";
 * const frame = (y: number) =>
 *   `<svg width="9" height="9"><g class="mark-rule"><line/></g><g class="mark-line"><path d="M0,${y}"/></g></svg>`;
 * const layers = splitFrames([frame(1), frame(2)]);
 * strictEqual(frameLayerSvg(layers, 1), `<svg width="9" height="9"><g class="mark-line"><path d="M0,2"/></g></svg>`);
 * throws(() => frameLayerSvg(layers, 2), RangeError);
 * ```
 */
export function frameLayerSvg(layers: FrameLayers, index: number): string {
  const content = layers.frames[index];
  if (content === undefined) {
    throw new RangeError(`Cannot draw frame ${index}: there are ${layers.frames.length} frames`);
  }
  const defs = layers.staticContent.match(/<defs>[\s\S]*?<\/defs>/g)?.join("") ?? "";
  return `${layers.svgOpen}${defs}${content}</svg>`;
}
