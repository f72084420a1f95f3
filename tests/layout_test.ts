/**
 * The shape of the tree: imports only go down the layers, scripts are thin
 * and never import each other, lib never names scripts/, no lib file is over
 * 400 lines, tests/ holds tests only.
 */
import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";

/** The layers from the bottom up; a file may import its own layer or a lower one. */
const LAYERS: [string, number][] = [
  ["lib/errors.ts", 0],
  ["lib/math/", 1],
  ["lib/input.ts", 1],
  ["lib/assets.ts", 1],
  ["lib/model/", 2],
  ["lib/essay.ts", 3],
  ["lib/engine/", 4],
  ["lib/train/", 5],
  ["lib/experiments/", 6],
  ["lib/plot/", 7],
  ["lib/render/", 8],
  ["lib/explore/", 8],
  ["lib/output/", 9],
  ["lib/notebook/", 10],
  ["lib/cli/", 11],
];

function layer(path: string): number {
  const hit = LAYERS.find(([prefix]) => path === prefix || path.startsWith(prefix));
  if (!hit) throw new Error(`${path} is in no layer`);
  return hit[1];
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

/** The relative imports of a file's code, resolved to paths from the root (doc examples, in comments, are usage). */
function imports(path: string): string[] {
  const text = Deno.readTextFileSync(`${ROOT}/${path}`).replace(/\/\*[\s\S]*?\*\//g, "");
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
    const ok = file.endsWith("_test.ts") || file.startsWith("tests/support/");
    assert.ok(ok, `${file} is neither a test nor a test helper`);
  }
});
