/**
 * The live page's colours, legible on its white background: every colour
 * is darkened (hue kept) until its contrast with white is at least 3:1,
 * the WCAG minimum for graphics. The hidden units take the figures' unit
 * colours (`UNIT_COLORS`) so darkened, then, beyond them, colours spread
 * round the hue circle by the golden angle at three depths, so that no two
 * of the page's at most 64 units share a colour. Units that far apart in
 * hue are still hard to tell apart, so the legend names every unit.
 *
 * @module
 */
import { UNIT_COLORS } from "../plot/training_style.ts";
import { PAGE_LIMITS } from "./config.ts";

/** The smallest contrast with white that a colour of the page has (WCAG 2.1, non-text contrast). */
export const MIN_CONTRAST = 3;

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const hex = (rgb: number[]) => "#" + rgb.map((c) => Math.round(c * 255).toString(16).padStart(2, "0")).join("");
const channels = (color: string) => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255);
const luminance = (rgb: number[]) => 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];

/**
 * WCAG's contrast ratio of a colour against white.
 *
 * @param color `#rrggbb`
 * @returns the ratio, from 1 (white) to 21 (black)
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { contrastOnWhite } from "./palette.ts";
 * strictEqual(contrastOnWhite("#000000"), 21);
 * strictEqual(contrastOnWhite("#E69F00").toFixed(2), "2.25");
 * ```
 */
export function contrastOnWhite(color: string): number {
  return 1.05 / (luminance(channels(color).map(toLinear)) + 0.05);
}

/**
 * `color` darkened, its hue and saturation kept, until its contrast with
 * white is at least `contrast` (unchanged when it already is).
 *
 * @param color `#rrggbb`
 * @param contrast the contrast wanted (default {@link MIN_CONTRAST})
 * @returns `#rrggbb`
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { contrastOnWhite, onWhite } from "./palette.ts";
 * strictEqual(onWhite("#0072B2"), "#0072B2");
 * ok(contrastOnWhite(onWhite("#E69F00")) >= 3);
 * ```
 */
export function onWhite(color: string, contrast = MIN_CONTRAST): string {
  if (contrastOnWhite(color) >= contrast) return color;
  const linear = channels(color).map(toLinear);
  // Scaling the linear channels scales the luminance by the same factor; shrink a little more until rounding agrees.
  for (let target = 1.05 / contrast - 0.05; target > 0; target -= 0.002) {
    const k = target / luminance(linear);
    const out = hex(linear.map((c) => toSrgb(c * k)));
    if (contrastOnWhite(out) >= contrast) return out;
  }
  return "#000000";
}

/** An sRGB colour of hue `h` (degrees), saturation and lightness in [0, 1]. */
function hsl(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return hex([f(0), f(8), f(4)]);
}

/** The page's unit colours, unit j (0-based) first at index j; all different, each at least 3:1 on white. */
function unitPalette(count: number): string[] {
  const out: string[] = [];
  for (const c of UNIT_COLORS) {
    const dark = onWhite(c);
    if (!out.includes(dark)) out.push(dark);
  }
  const depths = [3, 4.5, 6.5];
  for (let k = 0; out.length < count; k++) {
    const c = onWhite(hsl((k * 137.508 + 15) % 360, 0.85, 0.5), depths[k % depths.length]);
    if (!out.includes(c)) out.push(c);
  }
  return out.slice(0, count);
}

/**
 * The colour of hidden unit `j` (0-based) on the page: one per unit up to
 * the page's most units, H = 64.
 *
 * @example
 * ```ts
 * import { ok, strictEqual } from "node:assert/strict";
 * import { contrastOnWhite, PAGE_UNIT_COLORS } from "./palette.ts";
 * strictEqual(new Set(PAGE_UNIT_COLORS).size, 64);
 * ok(PAGE_UNIT_COLORS.every((c) => contrastOnWhite(c) >= 3));
 * strictEqual(PAGE_UNIT_COLORS[0], "#0072B2");
 * ```
 */
export const PAGE_UNIT_COLORS: readonly string[] = Object.freeze(unitPalette(PAGE_LIMITS.hidden));
