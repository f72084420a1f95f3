import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";
import { writeAllFigures } from "../lib/cli/figures.ts";

const FIGURES = `${ROOT}/figures`;

/**
 * Compares every file written into `fresh` with the committed one in figures/.
 * On a mismatch, the new file is kept beside the committed one as
 * NAME-changed.EXT so that a reviewer can look at both.
 */
async function compareWithCommitted(fresh: string): Promise<string[]> {
  const differ: string[] = [];
  for (const entry of Deno.readDirSync(fresh)) {
    const now = await Deno.readFile(`${fresh}/${entry.name}`);
    let committed: Uint8Array | undefined;
    try {
      committed = await Deno.readFile(`${FIGURES}/${entry.name}`);
    } catch {
      committed = undefined;
    }
    if (committed && now.length === committed.length && now.every((b, i) => b === committed![i])) continue;
    differ.push(entry.name);
    const dot = entry.name.indexOf(".");
    await Deno.writeFile(`${FIGURES}/${entry.name.slice(0, dot)}-changed${entry.name.slice(dot)}`, now);
  }
  return differ.sort();
}

Deno.test("deno task figures reproduces every committed figure byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { lines } = await writeAllFigures(dir);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.equal(lines.length, names.length, "one line per file written");
    // explore.png is the live page's screenshot: `deno task explore:screenshot` takes it in a browser, which
    // `deno task figures` must not need.
    const committed = [...Deno.readDirSync(FIGURES)].map((e) => e.name)
      .filter((n) => !n.includes("-changed.") && n !== "explore.png")
      .sort();
    assert.deepEqual(names, committed, "the same set of files as figures/");
    const differ = await compareWithCommitted(dir);
    assert.deepEqual(differ, [], `these files differ from figures/ (see figures/*-changed.*): ${differ.join(", ")}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
