/**
 * Another Deno project (its own deno.json, no import map) imports this
 * repository's mod.ts (and the notebook layer's subpath module for the mime
 * constants) by path and builds display bundles, as a notebook in another
 * folder would.
 *
 * Run with: deno test --allow-read --allow-write=/tmp --allow-run=$(deno eval 'console.log(Deno.execPath())')
 *   tests/display_consumer_test.ts
 */
import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";

Deno.test("a separate Deno project imports mod.ts and ./notebook by path and gets figure bundles with SVG and Vega-Lite", async () => {
  const dir = await Deno.makeTempDir({ prefix: "display-consumer-" });
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ name: "@someone/notebook", version: "0.0.1" }));
    await Deno.writeTextFile(
      `${dir}/main.ts`,
      [
        `import { reluDerivativeFigure, showFigure } from "${ROOT}/mod.ts";`,
        `import { JUPYTER_DISPLAY, VEGA_LITE_V5_MIME } from "${ROOT}/lib/notebook/mod.ts";`,
        `const shown = await showFigure(reluDerivativeFigure({ gradAtZero: 0.5 }));`,
        `const bundle = shown[Symbol.for("Jupyter.display") as typeof JUPYTER_DISPLAY]();`,
        `const spec = bundle[VEGA_LITE_V5_MIME] as { $schema: string };`,
        `console.log(JSON.stringify({`,
        `  keys: Object.keys(bundle),`,
        `  svg: (bundle["image/svg+xml"] as string).slice(0, 4),`,
        `  schema: spec.$schema,`,
        `  text: bundle["text/plain"],`,
        `}));`,
      ].join("\n"),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", "main.ts"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const result = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.deepEqual(result.keys, ["text/plain", "image/svg+xml", "application/vnd.vegalite.v5+json"]);
    assert.equal(result.svg, "<svg");
    assert.equal(result.schema, "https://vega.github.io/schema/vega-lite/v5.json");
    assert.match(result.text, /^ReLU and its derivative \(Vega-Lite figure, \d+×\d+ SVG\)$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
