import assert from "node:assert/strict";
import { XMLValidator } from "fast-xml-parser";
import { compile, type TopLevelSpec } from "vega-lite";
import { ROOT } from "./support/subprocess.ts";

const FIGURES = `${ROOT}/figures`;

function specFiles(): string[] {
  return [...Deno.readDirSync(FIGURES)].map((e) => e.name).filter((n) => n.endsWith(".vl.json")).sort();
}

Deno.test("every committed spec compiles with vega-lite without a single warning", async () => {
  const names = specFiles();
  assert.ok(names.length >= 13, `found ${names.length} specs`);
  for (const name of names) {
    const spec = JSON.parse(await Deno.readTextFile(`${FIGURES}/${name}`)) as TopLevelSpec;
    const messages: string[] = [];
    const collect = (...args: unknown[]) => {
      messages.push(args.map(String).join(" "));
      return logger;
    };
    const logger = {
      level: () => 0,
      error: collect,
      warn: collect,
      info: () => logger,
      debug: () => logger,
    };
    // deno-lint-ignore no-explicit-any
    compile(spec, { logger: logger as any });
    assert.deepEqual(messages, [], `${name}: ${messages.join("; ")}`);
  }
});

Deno.test("every committed SVG is well-formed XML with an svg root of a sensible size", async () => {
  const names = [...Deno.readDirSync(FIGURES)].map((e) => e.name).filter((n) => n.endsWith(".svg")).sort();
  assert.ok(names.length >= 14, `found ${names.length} SVGs`);
  for (const name of names) {
    const text = await Deno.readTextFile(`${FIGURES}/${name}`);
    const valid = XMLValidator.validate(text);
    assert.equal(valid, true, `${name}: ${JSON.stringify(valid)}`);
    const m = /^<svg [^>]*width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(text);
    assert.ok(m, `${name} starts with an <svg> that has a width and a height`);
    const [w, h] = [Number(m[1]), Number(m[2])];
    // The sweep is four columns (two settings × two precisions); every other figure is at most 2000 wide.
    const maxWidth = name === "subgradient_sweep.svg" ? 2400 : 2000;
    assert.ok(w >= 500 && w <= maxWidth && h >= 300 && h <= 1400, `${name} is ${w}×${h}`);
  }
});
