import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";

/** Every module that ships: mod.ts, lib/ and scripts/. */
function shippedModules(): string[] {
  const out = [`${ROOT}/mod.ts`];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) walk(path);
      else if (e.name.endsWith(".ts")) out.push(path);
    }
  };
  walk(`${ROOT}/lib`);
  walk(`${ROOT}/scripts`);
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^"';]*?\bfrom\s+["']([^"']+)["']|(?:^|\n)\s*import\s+["']([^"']+)["']|(?:import|import\.meta\.resolve)\(\s*["'`]([^"'`$]+)/g;

Deno.test("shipped modules import npm packages by full pinned specifier, the same version as deno.json", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}/deno.json`));
  const pinned = new Map<string, string>();
  for (const target of Object.values(config.imports as Record<string, string>)) {
    const m = /^npm:(@?[^@]+)@(\d+\.\d+\.\d+)$/.exec(target);
    assert.ok(m, `deno.json pins ${target} to an exact version`);
    pinned.set(m[1], m[2]);
  }
  for (const file of shippedModules()) {
    const text = await Deno.readTextFile(file);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith(".") || spec.startsWith("node:")) continue;
      const npm = /^npm:(@?[^@/]+(?:\/[^@/]+)?)@(\d+\.\d+\.\d+)(\/.*)?$/.exec(spec);
      assert.ok(
        npm,
        `${file}: "${spec}" must be relative, node: or npm:NAME@x.y.z (importable by path from other projects)`,
      );
      const name = npm[1].startsWith("@") ? npm[1] : npm[1].split("/")[0];
      assert.equal(pinned.get(name), npm[2], `${file}: ${spec} must match the version pinned in deno.json`);
    }
  }
});
