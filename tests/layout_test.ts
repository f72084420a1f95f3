/**
 * The shape of the tree: imports only go down the layers (one per lib
 * folder) and never in a circle, build outputs live in generated/ folders,
 * scripts are thin and never import each other, lib never names scripts/, no
 * lib file is over 400 lines, tests/ holds tests only.
 */
import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";

/**
 * The layers from the bottom up, one per folder (and per file at lib/'s
 * root): a file may import its own layer or a lower one. A folder's
 * subfolders (engine/webgpu/, explore/generated/) belong to its layer.
 */
const LAYERS: readonly string[] = [
  "lib/errors.ts",
  "lib/input.ts",
  "lib/assets.ts",
  "lib/tf.ts",
  "lib/math/",
  "lib/model/",
  "lib/essay.ts",
  "lib/engine/",
  "lib/train/",
  "lib/experiments/",
  "lib/mnist/",
  "lib/plot/",
  "lib/render/",
  "lib/explore/",
  "lib/output/",
  "lib/notebook/",
  "lib/cli/",
];

function layer(path: string): number {
  const hit = LAYERS.findIndex((prefix) => path === prefix || path.startsWith(prefix));
  if (hit < 0) throw new Error(`${path} is in no layer`);
  return hit;
}

function files(dir: string, ext = ".ts"): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(`${ROOT}/${dir}`)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...files(path, ext));
    else if (e.name.endsWith(ext)) out.push(path);
  }
  return out.sort();
}

/**
 * The relative imports of a code text (static, type-only, re-exports and
 * dynamic), resolved to paths from the root of the file at `path`. Doc
 * examples, in comments, are usage and do not count.
 */
function importsOf(path: string, source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const dir = path.slice(0, path.lastIndexOf("/"));
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
    const parts = `${dir}/${m[1]}`.split("/");
    const stack: string[] = [];
    for (const p of parts) {
      if (p === "..") stack.pop();
      else if (p !== ".") stack.push(p);
    }
    out.push(stack.join("/"));
  }
  return out;
}

/** The relative imports of a file's code, resolved to paths from the root. */
function imports(path: string): string[] {
  return importsOf(path, Deno.readTextFileSync(`${ROOT}/${path}`));
}

/** Files that a build task writes live in `generated/` folders: exempt from the size rule, checked fresh by their own tests. */
const LIB = files("lib").filter((f) => !f.includes("/generated/"));

Deno.test("every lib file imports only its own layer or a lower one", () => {
  const upward: string[] = [];
  for (const file of LIB) {
    for (const target of imports(file)) {
      if (!target.startsWith("lib/")) {
        upward.push(`${file} imports ${target}, outside lib/`);
      } else if (layer(target) > layer(file)) {
        upward.push(`${file} (layer ${layer(file)}) imports ${target} (layer ${layer(target)})`);
      }
    }
  }
  assert.deepEqual(upward, []);
});

/**
 * Every cycle of an import graph: one per strongly connected component of
 * more than one file (or a file that imports itself), as the path that goes
 * round it, from its first file (by name) back to that file.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  const out: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = component.toSorted()[0];
    if (component.length === 1 && !(graph.get(start) ?? []).includes(start)) continue;
    // the shortest way round: breadth first from start, inside the component, back to start
    const previous = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length > 0 && last === undefined) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (w === start) {
          last = v;
          break;
        }
        if (members.has(w) && !previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = last!; v !== start; v = previous.get(v)!) path.splice(1, 0, v);
    out.push([...path, start]);
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The import graph of the given files: each file's relative imports among them. */
function importGraph(paths: readonly string[], read: (path: string) => string): Map<string, string[]> {
  const known = new Set(paths);
  return new Map(paths.map((path) => [path, importsOf(path, read(path)).filter((target) => known.has(target))]));
}

/**
 * Cycles that are known and being fixed elsewhere, each with its reason; the
 * test fails on any other cycle, and on a listed one that is gone (so the
 * list cannot go stale).
 */
const KNOWN_CYCLES: readonly { cycle: string; reason: string }[] = [];

const TREE = [...files("lib"), ...files("bench"), ...files("tools"), ...files("scripts"), ...files("tests"), "mod.ts"];

Deno.test("no import cycle anywhere: between folders or inside one (lib, bench, tools, scripts, tests, mod.ts)", () => {
  const found = importCycles(importGraph(TREE, (path) => Deno.readTextFileSync(`${ROOT}/${path}`)))
    .map((cycle) => cycle.join(" -> "));
  const known = KNOWN_CYCLES.map(({ cycle }) => cycle);
  assert.deepEqual(found.filter((cycle) => !known.includes(cycle)), [], "import cycles");
  assert.deepEqual(known.filter((cycle) => !found.includes(cycle)), [], "known cycles that are gone: drop them");
});

Deno.test("the cycle check finds a planted cycle, inside a folder or across layers, and names its path", () => {
  const sources: Record<string, string> = {
    "lib/a/x.ts": 'import { y } from "./y.ts";\nexport const x = 1;',
    "lib/a/y.ts": 'import type { Z } from "./z.ts";',
    "lib/a/z.ts": 'export { x } from "./x.ts";\nimport("../b/w.ts");',
    "lib/b/w.ts": '/** ```ts\n * import { w } from "./w.ts";\n * ``` */\nimport "./v.ts";',
    "lib/b/v.ts": '// import { w } from "./w.ts";\nconst v = await import("./v.ts");',
    "lib/b/u.ts": 'import { x } from "../a/x.ts";',
  };
  const graph = importGraph(Object.keys(sources), (path) => sources[path]);
  assert.deepEqual(importCycles(graph), [
    ["lib/a/x.ts", "lib/a/y.ts", "lib/a/z.ts", "lib/a/x.ts"],
    ["lib/b/v.ts", "lib/b/v.ts"],
  ]);
  assert.deepEqual(importCycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", []]])), []);
  // two ways round one component: the shortest is named
  assert.deepEqual(importCycles(new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", ["a"]]])), [["a", "c", "a"]]);
});

Deno.test("every entry of lib/ has its layer, and no two folders share one", () => {
  for (const e of Deno.readDirSync(`${ROOT}/lib`)) {
    const path = `lib/${e.name}${e.isDirectory ? "/" : ""}`;
    assert.ok(LAYERS.includes(path), `${path} has no layer in LAYERS`);
  }
  assert.equal(new Set(LAYERS).size, LAYERS.length);
});

Deno.test("what a build task writes lives in a generated/ folder, and a generated/ folder holds only that", () => {
  const ALL = files("lib", "");
  const generatedFolders = new Set<string>();
  for (const file of ALL) {
    const inGenerated = file.includes("/generated/");
    if (inGenerated) generatedFolders.add(file.slice(0, file.indexOf("/generated/") + "/generated/".length));
    if (!file.endsWith(".ts")) continue;
    const stamped = /generated by `deno task [\w:]+`/i.test(Deno.readTextFileSync(`${ROOT}/${file}`).slice(0, 1000));
    assert.equal(
      inGenerated,
      stamped,
      `${file}: ${stamped ? "generated but outside" : "not generated but inside"} a generated/ folder`,
    );
  }
  assert.deepEqual([...generatedFolders].sort(), [
    "lib/engine/wasm/generated/",
    "lib/explore/generated/",
    "lib/render/wasm/generated/",
  ]);
  const config = JSON.parse(Deno.readTextFileSync(`${ROOT}/deno.json`));
  for (const folder of generatedFolders) {
    assert.ok(config.fmt.exclude.includes(folder), `deno.json's fmt excludes ${folder}`);
    assert.ok(config.lint.exclude.includes(folder), `deno.json's lint excludes ${folder}`);
  }
});

Deno.test("no lib file is over 400 lines, and each opens with a doc comment", () => {
  for (const file of LIB) {
    const text = Deno.readTextFileSync(`${ROOT}/${file}`);
    const lines = text.split("\n").length - 1;
    assert.ok(lines <= 400, `${file} has ${lines} lines`);
    assert.ok(
      text.startsWith("/**") || text.startsWith("// ") || text.startsWith("/// "),
      `${file} opens with a doc comment`,
    );
  }
});

Deno.test("scripts are thin: they import lib/cli (or lib) only, never another script", () => {
  for (const file of files("scripts")) {
    for (const target of imports(file)) {
      assert.ok(target.startsWith("lib/"), `${file} imports ${target}`);
    }
    const lines = Deno.readTextFileSync(`${ROOT}/${file}`).split("\n").length;
    assert.ok(lines <= 40, `${file} has ${lines} lines`);
  }
});

Deno.test("lib never names scripts/", () => {
  for (const file of LIB) {
    assert.ok(!/["'`]\.{0,2}\/?scripts\//.test(Deno.readTextFileSync(`${ROOT}/${file}`)), file);
  }
});

Deno.test("tests/ holds tests and their support only: no benchmark, no measurement program", () => {
  for (const file of files("tests")) {
    // tests/webgpu/: the test modules that tests/webgpu_test.ts runs (see there why)
    const ok = file.endsWith("_test.ts") || file.startsWith("tests/support/") || file.startsWith("tests/webgpu/");
    assert.ok(ok, `${file} is neither a test nor a test helper`);
  }
});
