import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";

Deno.test("a separate Deno project imports mod.ts and a layer's subpath module by path and renders a figure", async () => {
  const dir = await Deno.makeTempDir({ prefix: "consumer-" });
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ name: "@someone/notes", version: "0.0.1" }));
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      [
        `import { expectedSubgradient, renderSvg, subgradientsFigure } from "${ROOT}/mod.ts";`,
        `import { createRng } from "${ROOT}/lib/math/mod.ts";`,
        `const svg = await renderSvg(subgradientsFigure({ lines: 5 }));`,
        `await Deno.writeTextFile("figure.svg", svg);`,
        `console.log(expectedSubgradient());`,
        `console.log(createRng(7).next() === createRng(7).next());`,
      ].join("\n"),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--allow-read", `--allow-write=${dir}`, "main.ts"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    assert.equal(new TextDecoder().decode(out.stdout), "0.5\ntrue\n");
    const svg = await Deno.readTextFile(`${dir}/figure.svg`);
    assert.match(svg, />E\[g\] = 0\.5<\/text>/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
