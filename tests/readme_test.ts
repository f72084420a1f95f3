/**
 * README quotes generated files verbatim: every block between
 * `<!-- BEGIN path -->` and `<!-- END path -->` must be that file byte for
 * byte (between blank lines, which Markdown needs around a table), and the experiments section states no number that the generated
 * tables do not hold.
 */
import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";

const README = Deno.readTextFileSync(`${ROOT}/README.md`);

/** The generated files README must quote. */
const REQUIRED = ["figures/subgradient_sweep.md", "figures/dead_units.md", "bench/results/compare.md"];

/** The quoted blocks of `text`: path and the text between the markers. */
export function quotedBlocks(text: string): { path: string; body: string }[] {
  const out: { path: string; body: string }[] = [];
  for (const m of text.matchAll(/<!-- BEGIN (\S+) -->\n\n([\s\S]*?)\n<!-- END \1 -->/g)) {
    out.push({ path: m[1], body: m[2] });
  }
  return out;
}

/** The numbers in a text, as written (digits with their decimal point and thin-space grouping). */
function numbers(text: string): Set<string> {
  return new Set([...text.matchAll(/\d+(?: \d{3})*(?:\.\d+)?/g)].map((m) => m[0]));
}

function experimentsSection(text: string): string {
  const start = text.indexOf("## What the experiments show");
  const end = text.indexOf("\n## ", start + 1);
  assert.ok(start >= 0 && end > start, "README has a section 'What the experiments show'");
  return text.slice(start, end);
}

Deno.test("README quotes every generated table it must, byte for byte", () => {
  const blocks = quotedBlocks(README);
  for (const path of REQUIRED) assert.ok(blocks.some((b) => b.path === path), `README quotes ${path}`);
  for (const { path, body } of blocks) {
    assert.equal(body, Deno.readTextFileSync(`${ROOT}/${path}`), `README's copy of ${path} is the file`);
  }
});

Deno.test("a changed digit in README's copy of a table is caught", () => {
  const [block] = quotedBlocks(README).filter((b) => b.path === "figures/subgradient_sweep.md");
  const changed = block.body.replace(/\d/, (d) => String((Number(d) + 1) % 10));
  assert.notEqual(changed, Deno.readTextFileSync(`${ROOT}/${block.path}`));
});

Deno.test("every number README's experiments section states is in a generated table", () => {
  const section = experimentsSection(README);
  const prose = section.replace(/<!-- BEGIN (\S+) -->[\s\S]*?<!-- END \1 -->/g, "");
  const tables = ["figures/subgradient_sweep.md", "figures/dead_units.md"]
    .map((p) => Deno.readTextFileSync(`${ROOT}/${p}`)).join("\n");
  const known = numbers(tables);
  const missing = [...numbers(prose)].filter((n) => !known.has(n));
  assert.deepEqual(missing, [], "numbers in README's experiments section that no generated table holds");
});
