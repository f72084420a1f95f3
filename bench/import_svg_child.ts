/**
 * Child process of `bench/vega_load.ts`: imports `lib/render/svg.ts` (which
 * loads vega and vega-lite), then draws the relu figure, and prints both
 * times in ms as JSON. Which builds svg.ts loads depends on this process's
 * read access to Deno's npm cache, which the parent sets.
 *
 * @module
 */
const t0 = performance.now();
const { renderSvg } = await import("../lib/render/svg.ts");
const t1 = performance.now();
const { reluFigure } = await import("../lib/plot/relu.ts");
const t2 = performance.now();
await renderSvg(reluFigure());
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstFigureMs: t3 - t2 }));
