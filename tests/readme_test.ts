/**
 * README quotes generated files verbatim: every block between
 * `<!-- BEGIN path -->` and `<!-- END path -->` must be that file byte for
 * byte (between blank lines, which Markdown needs around a table), as
 * `staleQuotes` of `tools/sync_readme.ts` checks (and README with a changed
 * copy must fail that check; the flag table is made from the settings
 * registry, so a changed limit or default fails it until `deno task readme`), and the experiments section states no number
 * that the generated tables do not hold.
 */
import assert from "node:assert/strict";
import { quotedPaths, quotedText, staleQuotes } from "../tools/sync_readme.ts";
import { ROOT } from "./support/subprocess.ts";

const README = Deno.readTextFileSync(`${ROOT}/README.md`);
const read = quotedText(`${ROOT}/`);

/** The generated files README must quote. */
const REQUIRED = [
  "figures/subgradient_sweep.md",
  "figures/dead_units.md",
  "bench/results/compare.md",
  "deno-task-train-flags",
  "figures/mnist_training.md",
  "deno-task-mnist_training-flags",
];

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
  const paths = quotedPaths(README);
  for (const path of REQUIRED) assert.ok(paths.includes(path), `README quotes ${path}`);
  assert.deepEqual(staleQuotes(README, read), [], "README's copies that differ from their files (deno task readme)");
});

Deno.test("the README check reports a copy with one changed digit, a missing line or a lost blank line", () => {
  const path = "figures/subgradient_sweep.md";
  const file = read(path);
  const begin = `<!-- BEGIN ${path} -->\n\n`;
  const at = README.indexOf(begin) + begin.length;
  assert.ok(at >= begin.length && README.startsWith(file, at), `README quotes ${path} right after its marker`);
  const digit = at + file.search(/\d/);
  const changes = {
    "a changed digit": README.slice(0, digit) + ((Number(README[digit]) + 1) % 10) + README.slice(digit + 1),
    "a missing line": README.slice(0, at) + file.slice(file.indexOf("\n") + 1) + README.slice(at + file.length),
    "a lost blank line": README.slice(0, at - 1) + README.slice(at),
  };
  for (const [what, text] of Object.entries(changes)) {
    assert.notEqual(text, README, what);
    assert.deepEqual(staleQuotes(text, read), [path], what);
  }
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

Deno.test("README's flag table of deno task train is the registry's: a changed default or limit makes it stale", async () => {
  const { RUN_SETTINGS } = await import("../lib/model/settings.ts");
  const table = read("deno-task-train-flags");
  assert.ok(table.includes(`| ${RUN_SETTINGS.lr.default} `) && table.includes(RUN_SETTINGS.lr.accepted), "lr's row");
  const edited = README.replace(`| ${RUN_SETTINGS.lr.accepted} `, "| a finite number in (0, 1] ");
  assert.notEqual(edited, README, "README shows lr's accepted words");
  assert.deepEqual(staleQuotes(edited, read), ["deno-task-train-flags"]);
});
