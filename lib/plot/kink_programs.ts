/**
 * The kink-programs figure: relu written three ways draws one curve, yet
 * tfjs's autodiff gives each program its own derivative at z = 0.
 *
 * @module
 */
import type { KinkProgramsResult } from "../experiments/kink_claims.ts";
import { evaluateKinkProgram, KINK_PROGRAMS } from "../math/kink_programs.ts";
import { axis, figure, type Row, type VegaLiteSpec } from "./spec.ts";
import { FIGURE_HEIGHT, LINE_WIDTH, PALETTE } from "./theme.ts";

/** Each program's stroke: a thick solid line under two dashed ones. */
const STROKES = [
  { width: LINE_WIDTH + 4, dash: [1, 0] },
  { width: LINE_WIDTH, dash: [10, 6] },
  { width: LINE_WIDTH - 1, dash: [2, 4] },
];

/**
 * The figure's rows: each program's value at the breakpoints (−2, 0, 2: they
 * are piecewise linear, so exact), its measured derivative on each piece,
 * and its measured derivative at 0.
 *
 * @param result what `measureKinkPrograms` found
 * @returns the value rows, the derivative pieces, and the points at 0
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { kinkProgramRows } from "./kink_programs.ts";
 * import { measureKinkPrograms } from "../experiments/kink_claims.ts";
 * const { atZero } = kinkProgramRows(await measureKinkPrograms({ points: 5 }));
 * deepStrictEqual(atZero.map((r) => r.y), [0, 1, 0.5]);
 * ```
 */
export function kinkProgramRows(result: KinkProgramsResult): { values: Row[]; pieces: Row[]; atZero: Row[] } {
  const { zMin, zMax } = result.grid;
  const values: Row[] = [];
  const pieces: Row[] = [];
  const atZero: Row[] = [];
  result.programs.forEach((p, i) => {
    const program = KINK_PROGRAMS.find((k) => k.name === p.name)!;
    for (const x of [zMin, 0, zMax]) values.push({ name: p.name, order: i, x, y: evaluateKinkProgram(program, x) });
    const [left, , right] = p.grads;
    pieces.push(
      { name: p.name, piece: "z < 0", x: zMin, y: left.grad },
      { name: p.name, piece: "z < 0", x: 0, y: left.grad },
      { name: p.name, piece: "z > 0", x: 0, y: right.grad },
      { name: p.name, piece: "z > 0", x: zMax, y: right.grad },
    );
    atZero.push({ name: p.name, x: 0, y: p.grads[1].grad, label: `${p.name}: ${p.grads[1].grad}` });
  });
  return { values, pieces, atZero };
}

/**
 * Two panels: the three programs' values overlaid (one curve), and their
 * tfjs autodiff derivatives, the same on each piece, with a filled dot per
 * program at the value tf.grad gives at z = 0.
 *
 * @param result what `measureKinkPrograms` found
 * @returns the spec
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { kinkProgramsFigure } from "./kink_programs.ts";
 * import { measureKinkPrograms } from "../experiments/kink_claims.ts";
 * strictEqual((kinkProgramsFigure(await measureKinkPrograms({ points: 5 })).hconcat as unknown[]).length, 2);
 * ```
 */
export function kinkProgramsFigure(result: KinkProgramsResult): VegaLiteSpec {
  const { values, pieces, atZero } = kinkProgramRows(result);
  const names = result.programs.map((p) => p.name);
  const z = axis("x", "z", [result.grid.zMin, result.grid.zMax]);
  const vAxis = axis("y", "value");
  const dAxis = axis("y", "tf.grad of the program", [-0.25, 1.25]);
  const color = {
    field: "name",
    type: "nominal",
    title: null,
    scale: { domain: names, range: [PALETTE[0], PALETTE[1], PALETTE[2]] },
    legend: null,
  };
  // One layer per program, the thick solid one first, so that all three show where they coincide.
  const perProgram = (rows: Row[], y: Record<string, unknown>) =>
    names.map((name, i) => ({
      data: { values: rows.filter((r) => r.name === name) },
      mark: { type: "line", strokeWidth: STROKES[i].width, strokeDash: STROKES[i].dash },
      encoding: { x: z, y, color, detail: { field: "piece" } },
    }));
  const width = 330;
  // The key, written into the first panel: each program in its colour, with its line style drawn in text.
  const key = names.map((name, i) => ({
    name,
    x: result.grid.zMin + 0.1,
    y: result.grid.zMax - 0.15 * (i + 0.5),
    label: `${["━━", "– –", "···"][i]}  ${name}`,
  }));
  return figure(
    {
      hconcat: [
        {
          width,
          height: FIGURE_HEIGHT,
          title: { text: "three programs, one function", fontSize: 15 },
          layer: [
            ...perProgram(values, vAxis),
            {
              data: { values: key },
              mark: { type: "text", align: "left", fontSize: 13, fontWeight: "bold" },
              encoding: { x: z, y: vAxis, color, text: { field: "label" } },
            },
          ],
        },
        {
          width,
          height: FIGURE_HEIGHT,
          title: { text: "three derivatives at z = 0 (tfjs autodiff)", fontSize: 15 },
          layer: [
            ...perProgram(pieces, dAxis),
            {
              data: { values: [{ x: 0, y: 0 }, { x: 0, y: 1 }] },
              mark: { type: "point", shape: "circle", filled: true, fill: "white", stroke: "#555555", size: 140 },
              encoding: { x: z, y: dAxis },
            },
            {
              data: { values: atZero },
              layer: [
                {
                  mark: { type: "point", shape: "circle", filled: true, size: 170, opacity: 1 },
                  encoding: { x: z, y: dAxis, color },
                },
                {
                  mark: { type: "text", align: "left", dx: 14, dy: -14, fontSize: 13 },
                  encoding: { x: z, y: dAxis, color, text: { field: "label" } },
                },
              ],
            },
          ],
        },
      ],
    },
    {
      text: "The derivative at the kink is the program's choice, not the function's",
      subtitle: [
        "relu(z), relu(−z) + z and (relu(z) + relu(−z) + z) / 2 are the same function, yet tf.grad gives them",
        `the derivatives ${result.programs.map((p) => p.grads[1].grad).join(", ")} at z = 0 ` +
        `(tfjs ${result.tfjs}, ${result.backend} backend; tfjs's own relu′(0) = ${
          result.programs[0].grads[1].grad
        } inside each)`,
      ],
    },
  );
}
