/**
 * The library's face: the root mod.ts exports at most {@link MAX_ROOT_NAMES}
 * names, each documented (functions and constants with an example that
 * asserts its result) and every type they name, re-exported from the layer indexes; each layer folder
 * has a mod.ts that only re-exports; deno.json's "exports" maps the root and
 * one subpath per public layer, and `deno doc --lint` is clean over them all.
 *
 * Run with: deno test --allow-read=. --allow-run=$(deno eval 'console.log(Deno.execPath())') tests/face_test.ts
 */
import assert from "node:assert/strict";
import { ROOT, runDeno } from "./support/subprocess.ts";

/** The most names (values and types together) the root mod.ts may export. */
const MAX_ROOT_NAMES = 80;

/** Every layer folder; each has a mod.ts. */
const LAYER_FOLDERS: readonly string[] = [
  "math",
  "model",
  "engine",
  "train",
  "experiments",
  "mnist",
  "plot",
  "render",
  "explore",
  "output",
  "cli",
  "notebook",
];

/** Layers that are plumbing of the repository itself: an index, but no subpath export. */
const INTERNAL_LAYERS: readonly string[] = ["explore", "cli"];

interface DocTag {
  kind: string;
  doc?: string;
}

interface DocSymbol {
  name: string;
  declarations: { kind: string; jsDoc?: { doc?: string; tags?: DocTag[] } }[];
}

let docs: Promise<Map<string, DocSymbol[]>> | undefined;

/** The symbols the root and every layer index export, as one `deno doc --json` call sees them. */
function allExported(): Promise<Map<string, DocSymbol[]>> {
  docs ??= (async () => {
    const paths = ["mod.ts", ...LAYER_FOLDERS.map((folder) => `lib/${folder}/mod.ts`)].filter((path) => {
      try {
        return Deno.statSync(`${ROOT}/${path}`).isFile;
      } catch {
        return false; // a missing index fails its own test, not every test
      }
    });
    const out = await runDeno(["doc", "--json", ...paths]);
    assert.equal(out.code, 0, out.stderr);
    const nodes = JSON.parse(out.stdout).nodes as Record<string, { symbols?: DocSymbol[] }>;
    return new Map(
      Object.entries(nodes).map(([url, node]) => [url.slice(`file://${ROOT}/`.length), node.symbols ?? []]),
    );
  })();
  return docs;
}

/** The symbols a module (`mod.ts` or `lib/<layer>/mod.ts`) exports. */
async function exported(path: string): Promise<DocSymbol[]> {
  const symbols = (await allExported()).get(path.replace(/^\.\//, ""));
  assert.ok(symbols, `deno doc read ${path}`);
  return symbols;
}

const isType = (s: DocSymbol) => s.declarations.every((d) => d.kind === "interface" || d.kind === "typeAlias");

/** The exports map of deno.json. */
async function exportsMap(): Promise<Record<string, string>> {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  assert.equal(typeof config.exports, "object", `deno.json "exports" maps "." and the subpaths`);
  return config.exports;
}

Deno.test(`the root mod.ts exports at most ${MAX_ROOT_NAMES} names, values and types together`, async () => {
  const symbols = await exported("mod.ts");
  const types = symbols.filter(isType).length;
  const values = symbols.length - types;
  assert.ok(values > 0 && types > 0, `values ${values}, types ${types}`);
  assert.ok(
    symbols.length <= MAX_ROOT_NAMES,
    `mod.ts exports ${symbols.length} names (${values} values, ${types} types), more than ${MAX_ROOT_NAMES}: ` +
      `move plumbing to its layer's mod.ts (a subpath export)`,
  );
});

Deno.test("every root export is documented; every function and constant has an example that asserts its result", async () => {
  const problems: string[] = [];
  for (const symbol of await exported("mod.ts")) {
    const docs = symbol.declarations.map((d) => d.jsDoc);
    if (!docs.some((d) => d?.doc?.trim())) problems.push(`${symbol.name}: no doc comment`);
    if (isType(symbol)) continue;
    const examples = docs.flatMap((d) => d?.tags ?? []).filter((t) => t.kind === "example").map((t) => t.doc ?? "");
    const asserting = examples.some((e) =>
      /from "node:assert(\/strict)?"/.test(e) &&
      /\b(assert|strictEqual|deepStrictEqual|equal|deepEqual|ok|match|throws|rejects)\w*\(/.test(e)
    );
    if (!asserting) problems.push(`${symbol.name}: no @example that asserts with node:assert`);
  }
  assert.deepEqual(problems, []);
});

Deno.test("the root re-exports only from the layer indexes, and each root name is in its layer's index", async () => {
  const text = await Deno.readTextFile(`${ROOT}/mod.ts`);
  const sources = [...text.matchAll(/^(?:export|import)\b[^;]*?\bfrom\s+"([^"]+)"/gm)].map((m) => m[1]);
  assert.ok(sources.length > 0);
  for (const source of sources) assert.match(source, /^\.\/lib\/[a-z_]+\/mod\.ts$/, `mod.ts imports ${source}`);
  for (const m of text.matchAll(/export\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    const layer = new Set((await exported(m[2])).map((s) => s.name));
    for (const raw of m[1].split(",")) {
      const name = raw.trim().replace(/^type\s+/, "");
      if (name) assert.ok(layer.has(name), `${name} is not exported by ${m[2]}`);
    }
  }
});

Deno.test("each layer folder has a mod.ts: a module doc ending in @module, then named re-exports and nothing else", async () => {
  const folders = [...Deno.readDirSync(`${ROOT}/lib`)].filter((e) => e.isDirectory).map((e) => e.name).sort();
  assert.deepEqual(
    folders,
    [...LAYER_FOLDERS].sort(),
    "a new layer folder needs its mod.ts and a place in LAYER_FOLDERS",
  );
  for (const folder of LAYER_FOLDERS) {
    const path = `lib/${folder}/mod.ts`;
    const text = await Deno.readTextFile(`${ROOT}/${path}`);
    const doc = /^\/\*\*([\s\S]*?)\*\/\n/.exec(text);
    assert.ok(doc, `${path} starts with a module doc comment`);
    assert.match(doc[1], /@module\s*$/, `${path}: the module doc ends in @module`);
    // Named re-exports of its own files, then (after the comment) of what its exports name from lower layers.
    const body = text.slice(doc[0].length)
      .replace(/export\s*\{[^}]*\}\s*from\s*"\.\/[^"]+";/g, "")
      .replace(/export\s+(type\s+)?\{[^}]*\}\s*from\s*"\.\.\/[a-z]+\/[^"]+";/g, "")
      .replace(/^\/\/ What this layer's exports name from lower layers.*\n\/\/ .*$/m, "")
      .trim();
    assert.equal(body, "", `${path} holds only named re-exports (export { ... } from "./file.ts")`);
    assert.ok(!/export\s*\*/.test(text), `${path}: no export *`);
    assert.ok((await exported(path)).length > 0, `${path} exports something`);
  }
});

Deno.test("deno.json exports the root and one subpath per public layer index", async () => {
  const map = await exportsMap();
  const expected: Record<string, string> = { ".": "./mod.ts" };
  for (const folder of LAYER_FOLDERS.filter((f) => !INTERNAL_LAYERS.includes(f))) {
    expected[`./${folder}`] = `./lib/${folder}/mod.ts`;
  }
  assert.deepEqual(map, expected);
});

Deno.test("deno doc --lint is clean on the root alone: every type its exports name is exported with them", async () => {
  const out = await runDeno(["doc", "--lint", "mod.ts"]);
  assert.equal(out.code, 0, out.stderr);
});

Deno.test("deno doc --lint is clean on every subpath export alone, and over all of them together", async () => {
  const entries = Object.values(await exportsMap());
  for (const entry of entries) {
    const out = await runDeno(["doc", "--lint", entry]);
    assert.equal(out.code, 0, `${entry}: ${out.stderr}`);
  }
  const out = await runDeno(["doc", "--lint", ...entries]);
  assert.equal(out.code, 0, out.stderr);
});
