/**
 * Prints, as one JSON object by figure name, the SVG of every static figure
 * builder (test helper). Run without read access to Deno's npm cache, it draws
 * with the vega and vega-lite packages instead of their one-file browser builds.
 */
import { renderSvg } from "../../mod.ts";
import { FIGURE_BUILDERS } from "./figure_builders.ts";

const svgs: Record<string, string> = {};
for (const [name, build] of Object.entries(FIGURE_BUILDERS)) svgs[name] = await renderSvg(build());
console.log(JSON.stringify(svgs));
