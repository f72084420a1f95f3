/**
 * The committed WebAssembly modules (the fused kernel, the GIF encoder's
 * loops) are what `deno task build:wasm` (tools/build_wasm.ts) builds from
 * their WAT sources, byte for byte, and each base64 module carries its
 * `.wasm`: a source edited without a rebuild fails here.
 */
import { deepStrictEqual } from "node:assert/strict";
import { main as buildWasm, WASM_MODULES } from "../tools/build_wasm.ts";

Deno.test("rebuilding every wasm module gives the committed bytes, and each base64 module carries its .wasm", async () => {
  const dir = await Deno.makeTempDir({ prefix: "build_wasm_" });
  try {
    const log = console.log;
    console.log = () => {};
    try {
      await buildWasm(["--out", dir]);
    } finally {
      console.log = log;
    }
    for (const [name, { outDir, outputs, constant }] of Object.entries(WASM_MODULES)) {
      for (const file of [outputs.wasm, outputs.module]) {
        const built = await Deno.readFile(`${dir}/${file}`);
        deepStrictEqual(
          built,
          await Deno.readFile(new URL(file, outDir)),
          `${name}: ${file} is stale, run deno task build:wasm`,
        );
      }
      const carried: string = (await import(new URL(outputs.module, outDir).href))[constant];
      const decoded = Uint8Array.from(atob(carried), (ch) => ch.charCodeAt(0));
      deepStrictEqual(
        decoded,
        await Deno.readFile(new URL(outputs.wasm, outDir)),
        `${outputs.module} carries ${outputs.wasm}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
