/**
 * gifenc's `quantize` (format rgb565, the pairwise nearest-neighbour
 * quantizer of pnnquant2, MIT, © 2017 Matt DesLauriers), with the same
 * result for the same pixels, made cheap where gifenc is slow before the JIT
 * has warmed up: gifenc bins every pixel into a sparse array of objects; here
 * the bins' sums are typed arrays filled in one tight loop. A bin's sums are
 * integers far below 2⁵³, so they do not depend on the order of the pixels,
 * and the bins are then made and merged exactly as gifenc makes and merges
 * them.
 *
 * @module
 */

interface Bin {
  rc: number;
  gc: number;
  bc: number;
  cnt: number;
  nn: number;
  fw: number;
  bk: number;
  tm: number;
  mtm: number;
  err: number;
}

const sqr = (v: number) => v * v;

/** pnnquant2's nearest bin of `bins[idx]` among the bins after it in the list. */
function findNearest(bins: Bin[], idx: number): void {
  let nn = 0;
  let err = 1e100;
  const bin1 = bins[idx];
  const n1 = bin1.cnt;
  const wr = bin1.rc;
  const wg = bin1.gc;
  const wb = bin1.bc;
  for (let i = bin1.fw; i != 0; i = bins[i].fw) {
    const bin = bins[i];
    const n2 = bin.cnt;
    const nerr2 = (n1 * n2) / (n1 + n2);
    if (nerr2 >= err) continue;
    let nerr = 0;
    nerr += nerr2 * sqr(bin.rc - wr);
    if (nerr >= err) continue;
    nerr += nerr2 * sqr(bin.gc - wg);
    if (nerr >= err) continue;
    nerr += nerr2 * sqr(bin.bc - wb);
    if (nerr >= err) continue;
    err = nerr;
    nn = i;
  }
  bin1.err = err;
  bin1.nn = nn;
}

/**
 * The palette of at most `maxColors` colours that gifenc's
 * `quantize(rgba, maxColors)` returns (format rgb565, its defaults), for the
 * same pixels.
 *
 * @param rgba RGBA pixels, 4 bytes each (alpha ignored)
 * @param maxColors the most colours
 * @returns the palette, `[r, g, b]` per colour
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { quantizeRgb565 } from "./gif_quantize.ts";
 * const pixels = new Uint8Array([255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 250, 255]);
 * deepStrictEqual(quantizeRgb565(pixels, 16), [[0, 0, 250], [255, 0, 0]]); // in the order of their bins
 * // Two red pixels and a blue one, merged, each bin weighing the square root of its count:
 * deepStrictEqual(quantizeRgb565(pixels, 1), [[149, 0, 104]]);
 * ```
 */
export function quantizeRgb565(rgba: Uint8Array, maxColors: number): number[][] {
  const sums = new BinSums();
  for (let p = 0; p < rgba.length - 3; p += 4) sums.add(rgba[p], rgba[p + 1], rgba[p + 2], 1);
  return mergeBins(sums, maxColors);
}

/**
 * The palette {@link quantizeRgb565} gives for the frames made of each of
 * `tops` drawn over `base` (as `compositeOver` draws them, see `raster.ts`),
 * without making them: the base's pixels are binned once, and each top
 * changes only the bins of the pixels it covers. A bin's sums are exact
 * integers, so they are the same as the frames' own.
 *
 * @param base an opaque image
 * @param tops images of the same size, premultiplied alpha
 * @param maxColors the most colours
 * @returns the palette, `[r, g, b]` per colour
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { quantizeOver, quantizeRgb565 } from "./gif_quantize.ts";
 * import { compositeOver } from "./raster.ts";
 * const base = { width: 2, height: 1, data: new Uint8Array([255, 255, 255, 255, 0, 0, 0, 255]) };
 * const top = { width: 2, height: 1, data: new Uint8Array([128, 0, 0, 128, 0, 0, 0, 0]) };
 * const frame = compositeOver(base, top).data;
 * deepStrictEqual(quantizeOver(base, [top, top], 2), quantizeRgb565(new Uint8Array([...frame, ...frame]), 2));
 * ```
 */
export function quantizeOver(
  base: { data: Uint8Array },
  tops: readonly { data: Uint8Array }[],
  maxColors: number,
): number[][] {
  const sums = new BinSums();
  const u = base.data;
  const n = u.length >> 2;
  const times = tops.length;
  // The base's pixels in runs of one colour, each added at once: a pixel costs a comparison before the JIT has
  // warmed up (most of a frame is one colour).
  const under = wordsOf(u);
  for (let i = 0; i < n;) {
    const c = under[i];
    let j = i + 1;
    while (j < n && under[j] === c) j++;
    sums.add(c & 255, (c >> 8) & 255, (c >> 16) & 255, (j - i) * times);
    i = j;
  }
  for (const top of tops) {
    const t = top.data;
    const over = wordsOf(t);
    for (let i = 0; i < n; i++) {
      const a = over[i] >>> 24;
      if (a === 0) continue;
      const p = 4 * i;
      sums.add(u[p], u[p + 1], u[p + 2], -1);
      if (a === 255) sums.add(t[p], t[p + 1], t[p + 2], 1);
      else {
        const k = (255 - a) / 255;
        sums.add(
          Math.round(t[p] + u[p] * k),
          Math.round(t[p + 1] + u[p + 1] * k),
          Math.round(t[p + 2] + u[p + 2] * k),
          1,
        );
      }
    }
  }
  return mergeBins(sums, maxColors);
}

/** The little-endian words of RGBA bytes (copied only when unaligned), one per pixel (a trailing partial pixel left out). */
function wordsOf(bytes: Uint8Array): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
}

/** The bins' sums, by rgb565 key: gifenc's create_bin_list, as typed arrays. */
class BinSums {
  readonly rs: Float64Array = new Float64Array(65536);
  readonly gs: Float64Array = new Float64Array(65536);
  readonly bs: Float64Array = new Float64Array(65536);
  readonly cs: Float64Array = new Float64Array(65536);

  /** Adds `times` pixels of colour (r, g, b) (removes them when negative). */
  add(r: number, g: number, b: number, times: number): void {
    const key = ((r << 8) & 0xf800) | ((g << 2) & 0x3e0) | (b >> 3);
    this.rs[key] += r * times;
    this.gs[key] += g * times;
    this.bs[key] += b * times;
    this.cs[key] += times;
  }
}

/** gifenc's quantize from its bins on: the bins merged pairwise, nearest first, down to `maxColors`. */
function mergeBins(sums: BinSums, maxColors: number): number[][] {
  const bincount = 65536;
  const { rs, gs, bs, cs } = sums;
  const bins: Bin[] = [];
  for (let key = 0; key < bincount; key++) {
    if (cs[key] === 0) continue;
    const d = 1 / cs[key];
    bins.push({
      rc: rs[key] * d,
      gc: gs[key] * d,
      bc: bs[key] * d,
      cnt: cs[key],
      nn: 0,
      fw: 0,
      bk: 0,
      tm: 0,
      mtm: 0,
      err: 0,
    });
  }
  // From here on, gifenc's quantize, line for line (hasAlpha false).
  const bincountMinusOne = bincount - 1;
  const heap = new Uint32Array(bincount + 1);
  const maxbins = bins.length;
  const useSqrt = !(sqr(maxColors) / maxbins < 0.022);
  let i = 0;
  for (; i < maxbins - 1; ++i) {
    bins[i].fw = i + 1;
    bins[i + 1].bk = i;
    if (useSqrt) bins[i].cnt = Math.sqrt(bins[i].cnt);
  }
  if (useSqrt) bins[i].cnt = Math.sqrt(bins[i].cnt);
  let h: number, l: number, l2: number;
  for (i = 0; i < maxbins; ++i) {
    findNearest(bins, i);
    const err = bins[i].err;
    for (l = ++heap[0]; l > 1; l = l2) {
      l2 = l >> 1;
      if (bins[h = heap[l2]].err <= err) break;
      heap[l] = h;
    }
    heap[l] = i;
  }
  const extbins = maxbins - maxColors;
  for (i = 0; i < extbins;) {
    let tb: Bin;
    for (;;) {
      let b1 = heap[1];
      tb = bins[b1];
      if (tb.tm >= tb.mtm && bins[tb.nn].mtm <= tb.tm) break;
      if (tb.mtm == bincountMinusOne) b1 = heap[1] = heap[heap[0]--];
      else {
        findNearest(bins, b1);
        tb.tm = i;
      }
      const err = bins[b1].err;
      for (l = 1; (l2 = l + l) <= heap[0]; l = l2) {
        if (l2 < heap[0] && bins[heap[l2]].err > bins[heap[l2 + 1]].err) l2++;
        if (err <= bins[h = heap[l2]].err) break;
        heap[l] = h;
      }
      heap[l] = b1;
    }
    const nb = bins[tb.nn];
    const n1 = tb.cnt;
    const n2 = nb.cnt;
    const d = 1 / (n1 + n2);
    tb.rc = d * (n1 * tb.rc + n2 * nb.rc);
    tb.gc = d * (n1 * tb.gc + n2 * nb.gc);
    tb.bc = d * (n1 * tb.bc + n2 * nb.bc);
    tb.cnt += nb.cnt;
    tb.mtm = ++i;
    bins[nb.bk].fw = nb.fw;
    bins[nb.fw].bk = nb.bk;
    nb.mtm = bincountMinusOne;
  }
  const palette: number[][] = [];
  for (i = 0;;) {
    const color = [bins[i].rc, bins[i].gc, bins[i].bc].map((v) => Math.min(255, Math.max(0, Math.round(v))));
    if (!palette.some((c) => c[0] === color[0] && c[1] === color[1] && c[2] === color[2])) palette.push(color);
    if ((i = bins[i].fw) == 0) break;
  }
  return palette;
}
