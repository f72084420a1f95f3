/**
 * Runs every asserting example of the doc comments under lib/, tests/ and
 * mod.ts (the folders the test task names), each as its own test named as
 * `deno test --doc` names it (`lib/math/grid.ts#16-22.ts`), but all in this
 * one module: see tests/support/doc_examples.ts for why. `deno check --doc`
 * (in the test task) type-checks them; this file runs them.
 */
import assert from "node:assert/strict";
import { type DocExample, exampleModule, extractExamples, writeExample } from "./support/doc_examples.ts";

const ROOT = new URL("../", import.meta.url);
const SOURCE = /\.(ts|tsx|mts|js|jsx|mjs)$/;

function sources(path: string): string[] {
  const info = Deno.statSync(new URL(path, ROOT));
  if (info.isFile) return SOURCE.test(path) ? [path] : [];
  return [...Deno.readDirSync(new URL(`${path}/`, ROOT))]
    .sort((a, b) => a.name < b.name ? -1 : 1)
    .flatMap((e) => sources(`${path}/${e.name}`));
}

const FILES = ["lib", "tests", "mod.ts"].flatMap(sources);
const EXAMPLES: { example: DocExample; url: URL }[] = FILES.flatMap((file) => {
  const url = new URL(file, ROOT);
  return extractExamples(file, Deno.readTextFileSync(url)).map((example) => ({ example, url }));
});

const DIR = Deno.makeTempDirSync({ prefix: "doc_examples_" });
globalThis.addEventListener("unload", () => Deno.removeSync(DIR, { recursive: true }));

for (const { example, url } of EXAMPLES) {
  Deno.test(`${example.file}#${example.first}-${example.last}.ts`, async () => {
    await import(writeExample(DIR, example, exampleModule(example, url)).href);
  });
}

Deno.test("the examples found are the fenced blocks a plain count finds: none is lost to the scanner", () => {
  let fences = 0;
  for (const file of FILES) {
    const text = Deno.readTextFileSync(new URL(file, ROOT));
    // Opening fences of runnable blocks on a JSDoc line (" * ```ts"), not marked ignore.
    fences += (text.match(/^\s*\*\s*```(ts|typescript|js)[ \t]*$/gm) ?? []).length;
  }
  assert.ok(EXAMPLES.length > 300, `only ${EXAMPLES.length} examples found`);
  assert.equal(EXAMPLES.length, fences);
});

Deno.test("extractExamples follows deno test --doc: languages, ignore, strings and Deno's line names", () => {
  const text = [
    "/**", //                                  1
    " * Doubles.", //                          2
    " *", //                                   3
    " * @example", //                          4
    " * ```ts", //                             5
    ' * import { twice } from "./x.ts";', //   6
    " * if (twice(2) !== 4) throw new Error();", // 7
    " * ```", //                               8
    " *", //                                   9
    " * ```ts ignore", //                      10
    " * throw new Error();", //                11
    " * ```", //                               12
    " * ```sh", //                             13
    " * deno task figures", //                 14
    " * ```", //                               15
    " */", //                                  16
    'const s = "/** ```ts\\n oops ``` */";', // 17
    "// /** ```ts", //                         18
    "export const twice = (x: number) => 2 * x;",
  ].join("\n");
  const found = extractExamples("lib/x.ts", text);
  assert.equal(found.length, 1);
  assert.deepEqual({ ...found[0], code: undefined }, { file: "lib/x.ts", first: 5, last: 9, code: undefined });
  const module = exampleModule(found[0], new URL("file:///repo/lib/x.ts"));
  assert.match(module, /from "file:\/\/\/repo\/lib\/x\.ts"/);
  assert.match(module, /twice\(2\) !== 4/);
});

Deno.test("a failing example fails its test, and a relative import resolves beside its file", async () => {
  const failing: DocExample = { file: "lib/x.ts", first: 1, last: 3, code: 'throw new Error("planted");' };
  const url = writeExample(DIR, failing, exampleModule(failing, new URL("lib/x.ts", ROOT)));
  assert.match(url.href, /\/lib\/x\.ts%231-3\.ts$/);
  await assert.rejects(() => import(url.href), /planted/);
  const importing: DocExample = {
    file: "lib/math/grid.ts",
    first: 1,
    last: 3,
    code: 'import { linspace } from "./grid.ts";\nif (linspace(0, 1, 3)[1] !== 0.5) throw new Error("bad grid");',
  };
  await import(writeExample(DIR, importing, exampleModule(importing, new URL("lib/math/grid.ts", ROOT))).href);
});
