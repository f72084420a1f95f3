/**
 * The arithmetic of the page's hand-drawn charts, without the DOM: linear and
 * log scales, nice ticks (their labels are in `labels.ts`), SVG path
 * data clipped to the plot (so a diverging curve never puts huge or NaN
 * coordinates into the page), axis domains that settle instead of jittering,
 * and min/max decimation of a long loss record to one pair per pixel column.
 *
 * @module
 */

/** A closed interval [lo, hi]. */
export type Domain = [number, number];

/** A map from data to pixels. */
export type Scale = (v: number) => number;

/**
 * A linear scale from `domain` to `range`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { linearScale } from "./scales.ts";
 * strictEqual(linearScale([0, 10], [0, 100])(2.5), 25);
 * ```
 */
export function linearScale(domain: Domain, range: Domain): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = (r1 - r0) / (d1 - d0 || 1);
  return (v) => r0 + (v - d0) * k;
}

/**
 * A log10 scale from `domain` (both ends > 0) to `range`; values ≤ 0 map to
 * the bottom of the range.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { logScale } from "./scales.ts";
 * strictEqual(logScale([1, 1000], [0, 300])(100), 200);
 * ```
 */
export function logScale(domain: Domain, range: Domain): Scale {
  const lin = linearScale([Math.log10(domain[0]), Math.log10(domain[1])], range);
  return (v) => (v > 0 ? lin(Math.log10(v)) : range[0]);
}

/**
 * About `count` evenly spaced round numbers (1, 2 or 5 times a power of ten
 * apart) inside `domain`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { niceTicks } from "./scales.ts";
 * deepStrictEqual(niceTicks([-10, 10], 5), [-10, -5, 0, 5, 10]);
 * ```
 */
export function niceTicks(domain: Domain, count = 5): number[] {
  const [lo, hi] = domain;
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / Math.max(count, 1);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * 0.99) ?? 10 * power;
  const out: number[] = [];
  for (let i = Math.ceil(lo / step - 1e-9); i * step <= hi + step * 1e-9; i++) {
    out.push(Number((i * step).toPrecision(12)) + 0);
  }
  return out;
}

/**
 * `domain` widened to the nearest multiples of its nice tick step.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { niceDomain } from "./scales.ts";
 * deepStrictEqual(niceDomain([-0.3, 9.2]), [-2, 10]);
 * ```
 */
export function niceDomain(domain: Domain, count = 5): Domain {
  let [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const ticks = niceTicks([lo, hi], count);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : hi - lo;
  return [Math.floor(lo / step + 1e-9) * step + 0, Math.ceil(hi / step - 1e-9) * step + 0];
}

/**
 * The powers of ten that span `domain` (both ends > 0), as a log axis
 * labels them.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { logTicks } from "./scales.ts";
 * deepStrictEqual(logTicks([3, 2000]), [10, 100, 1000]);
 * ```
 */
export function logTicks(domain: Domain): number[] {
  const lo = Math.ceil(Math.log10(domain[0]) - 1e-9);
  const hi = Math.floor(Math.log10(domain[1]) + 1e-9);
  const every = Math.max(1, Math.ceil((hi - lo + 1) / 7));
  const out: number[] = [];
  for (let e = lo; e <= hi; e += every) out.push(Number(`1e${e}`));
  return out;
}

/**
 * [lo, hi] widened to whole powers of ten, at least one decade apart (a log
 * axis' nice domain); values that are not positive and finite are ignored.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { logDomain } from "./scales.ts";
 * deepStrictEqual(logDomain(1372, 146388), [1000, 1000000]);
 * deepStrictEqual(logDomain(146000, 146000), [100000, 1000000]);
 * ```
 */
export function logDomain(lo: number, hi: number): Domain {
  const a = lo > 0 && Number.isFinite(lo) ? lo : 1;
  const b = hi > a && Number.isFinite(hi) ? hi : a;
  const bottom = Math.floor(Math.log10(a) + 1e-9);
  const top = Math.max(bottom + 1, Math.ceil(Math.log10(b) - 1e-9));
  return [Number(`1e${bottom}`), Number(`1e${top}`)];
}

/** The rectangle a path is clipped to, in pixels. */
export interface Box {
  /** Left. */
  x0: number;
  /** Top. */
  y0: number;
  /** Right. */
  x1: number;
  /** Bottom. */
  y1: number;
}

/** Clips the segment p→q to `box` (Liang–Barsky); returns its visible part or null. */
function clipSegment(p: [number, number], q: [number, number], box: Box): [number, number, number, number] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const edges: [number, number][] = [[-dx, p[0] - box.x0], [dx, box.x1 - p[0]], [-dy, p[1] - box.y0], [
    dy,
    box.y1 - p[1],
  ]];
  for (const [den, num] of edges) {
    if (den === 0) {
      if (num < 0) return null;
    } else {
      const t = num / den;
      if (den < 0) {
        if (t > t1) return null;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return null;
        if (t < t1) t1 = t;
      }
    }
  }
  return [p[0] + t0 * dx, p[1] + t0 * dy, p[0] + t1 * dx, p[1] + t1 * dy];
}

const px = (v: number) => String(Math.round(v * 10) / 10);

/**
 * SVG path data of the polyline through (xs[i], ys[i]), mapped by the two
 * scales and clipped to `box` (pixels, rounded to 0.1). Points with a
 * non-finite coordinate break the line; nothing outside the box is drawn.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { linearScale, pathData } from "./scales.ts";
 * const s = linearScale([0, 10], [0, 100]);
 * strictEqual(pathData([0, 5, 10], [0, 5, 1e300], s, s, { x0: 0, y0: 0, x1: 100, y1: 100 }), "M0,0L50,50L50,100");
 * strictEqual(pathData([0, 1], [NaN, 1], s, s, { x0: 0, y0: 0, x1: 100, y1: 100 }), "");
 * ```
 */
export function pathData(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  sx: Scale,
  sy: Scale,
  box: Box,
): string {
  let d = "";
  let last: [number, number] | null = null;
  let penX = NaN;
  let penY = NaN;
  for (let i = 0; i < xs.length; i++) {
    const p: [number, number] = [sx(xs[i]), sy(ys[i])];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      last = null;
      continue;
    }
    if (last !== null) {
      const seg = clipSegment(last, p, box);
      if (seg !== null) {
        const [ax, ay, bx, by] = seg.map((v) => Number(px(v)));
        if (ax !== penX || ay !== penY) d += `M${ax},${ay}`;
        d += `L${bx},${by}`;
        penX = bx;
        penY = by;
      }
    }
    last = p;
  }
  return d;
}

/**
 * An axis domain that follows the data without jittering: it grows at once
 * to a nice domain around `wanted`, and shrinks only when the data use less
 * than a third of it.
 *
 * @param current the domain shown now (null: none yet)
 * @param wanted the data's span
 * @returns the domain to show
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { settleDomain } from "./scales.ts";
 * deepStrictEqual(settleDomain([0, 10], [1, 9]), [0, 10]);
 * deepStrictEqual(settleDomain([0, 10], [0, 12]), [0, 15]);
 * deepStrictEqual(settleDomain([0, 100], [0, 2]), [0, 2]);
 * ```
 */
export function settleDomain(current: Domain | null, wanted: Domain): Domain {
  const [lo, hi] = wanted;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return current ?? [0, 1];
  if (current !== null) {
    const inside = lo >= current[0] && hi <= current[1];
    const used = (Math.max(hi, lo + 1e-12) - lo) / (current[1] - current[0]);
    if (inside && used >= 1 / 3) return current;
  }
  return niceDomain([lo, hi]);
}

/**
 * The span [min, max] of the values, NaN ignored (null when none is left or an end is infinite).
 *
 * @param values the values
 * @returns the span
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { span } from "./scales.ts";
 * deepStrictEqual([span([3, -1, 2]), span([]), span([1, NaN]), span([1, Infinity])], [[-1, 3], null, [1, 1], null]);
 * ```
 */
export function span(values: Iterable<number>): Domain | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi && Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/** A long record decimated for drawing: per column, its first index and the min and max in it. */
export interface Decimated {
  /** The first index of each column. */
  index: number[];
  /** The smallest value in each column. */
  lo: number[];
  /** The largest value in each column. */
  hi: number[];
}

/**
 * Splits `values[0..n)` into at most `columns` runs of consecutive indices
 * and keeps the min and max of each, so a line through (index, lo) and
 * (index, hi) looks like the whole record at one point per pixel column.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { decimate } from "./scales.ts";
 * deepStrictEqual(decimate([5, 1, 4, 2, 3], 5, 2), { index: [0, 3], lo: [1, 2], hi: [5, 3] });
 * ```
 */
export function decimate(values: ArrayLike<number>, n: number, columns: number): Decimated {
  const per = Math.max(1, Math.ceil(n / Math.max(columns, 1)));
  const out: Decimated = { index: [], lo: [], hi: [] };
  for (let start = 0; start < n; start += per) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = start; i < Math.min(n, start + per); i++) {
      const v = values[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out.index.push(start);
    out.lo.push(lo);
    out.hi.push(hi);
  }
  return out;
}
