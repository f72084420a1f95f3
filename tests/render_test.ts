import assert from "node:assert/strict";
import { flipFigure, reluDerivativeFigure, reluFigure, renderSvg, subgradientsFigure, writeFigure } from "../mod.ts";
import { FIGURE_BUILDERS } from "./support/figure_builders.ts";
import { ROOT, runDeno } from "./support/subprocess.ts";

function count(haystack: string, needle: string | RegExp): number {
  return (haystack.match(new RegExp(needle, "g")) ?? []).length;
}

Deno.test("a rendered relu figure is an SVG with one line mark, its title and axis titles", async () => {
  const svg = await renderSvg(reluFigure());
  assert.match(svg, /^<svg [^>]*width="\d+" height="\d+"/);
  assert.equal(count(svg, 'class="mark-line role-mark '), 1);
  assert.match(svg, />ReLU<\/text>/);
  assert.match(svg, />relu\(z\)<\/text>/);
  assert.match(svg, /font-family="DejaVu Sans, Verdana, Arial, sans-serif"/);
});

Deno.test("the rendered derivative shows two pieces, two open circles and the chosen value", async () => {
  const svg = await renderSvg(reluDerivativeFigure({ gradAtZero: 0.5 }));
  assert.equal(count(svg, 'class="mark-symbol role-mark '), 2);
  assert.equal(count(svg, /fill="white" stroke="#D55E00"/), 2);
  assert.match(svg, /relu′\(0\) := 0\.5/);
});

Deno.test("the rendered subgradient fan has its 11 lines and the E[g] = 0.5 label", async () => {
  const svg = await renderSvg(subgradientsFigure());
  assert.match(svg, />E\[g\] = 0\.5<\/text>/);
  assert.equal(count(svg, /stroke="#E8112D"/), 11);
});

Deno.test("rendering is deterministic: the same spec gives the same bytes, clip ids included", async () => {
  // A clipped mark makes vega emit a clip-path with a global counter; the reset keeps it at clip1.
  const clipped = (n: number) => ({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: Array.from({ length: n }, (_, i) => ({ x: i, y: i * i })) },
    mark: { type: "line" as const, clip: true },
    encoding: { x: { field: "x", type: "quantitative" as const }, y: { field: "y", type: "quantitative" as const } },
  });
  const a = await renderSvg(clipped(5));
  await renderSvg(clipped(7));
  await renderSvg(flipFigure());
  const b = await renderSvg(clipped(5));
  assert.equal(a, b);
  assert.match(a, /clip-path="url\(#clip1\)"/);
});

Deno.test("writeFigure() writes NAME.svg and NAME.vl.json and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const [svg, spec] = await writeFigure(dir, "relu", reluFigure());
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["relu.svg", "relu.vl.json"]);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(spec.path)), reluFigure());
    assert.equal(svg.bytes, (await Deno.readFile(svg.path)).length);
    assert.equal(spec.bytes, (await Deno.readFile(spec.path)).length);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("renderSvg() leaves the caller's spec as it was", async () => {
  const spec = reluFigure();
  const before = JSON.stringify(spec);
  // deno-lint-ignore no-explicit-any
  const row = (spec as any).layer[0].data.values[0];
  await renderSvg(spec);
  assert.equal(JSON.stringify(spec), before);
  assert.deepEqual(Object.getOwnPropertySymbols(row), []);
});

Deno.test("vega's and vega-lite's browser builds draw every static figure as their packages do, and leave no global", async () => {
  // This process may read Deno's npm cache, so it draws with the browser builds; the child may not, so it draws
  // with the packages' ES modules.
  const global = globalThis as Record<string, unknown>;
  assert.equal(global.vega, undefined);
  assert.equal(global.vegaLite, undefined);
  const child = await runDeno([
    "run",
    "--quiet",
    "--no-check",
    `--allow-read=${ROOT}/lib,${ROOT}/tests,${ROOT}/mod.ts`,
    `${ROOT}/tests/support/render_figures.ts`,
  ]);
  assert.equal(child.code, 0, child.stderr);
  const packages: Record<string, string> = JSON.parse(child.stdout);
  assert.deepEqual(Object.keys(packages), Object.keys(FIGURE_BUILDERS));
  for (const [name, build] of Object.entries(FIGURE_BUILDERS)) {
    assert.equal(await renderSvg(build()), packages[name], name);
  }
});
