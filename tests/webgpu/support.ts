/**
 * What `tests/support/webgpu.ts` and `tests/support/subnormals.ts` answer
 * (their examples would ask for an adapter in the doc-example module, which
 * `tests/support/webgpu_guard.ts` refuses; so they are tests here).
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { mayFlushSubnormals } from "../support/subnormals.ts";
import { onBackend, WEBGPU_MISSING } from "../support/webgpu.ts";

Deno.test("onBackend() names and ignores a webgpu test as the adapter and CI decide; cpu always runs", () => {
  deepStrictEqual(onBackend("cpu", "t"), { name: "t", ignore: false });
  if (WEBGPU_MISSING) {
    deepStrictEqual(onBackend("webgpu", "t", false), { name: `t (ignored: ${WEBGPU_MISSING})`, ignore: true });
    deepStrictEqual(onBackend("webgpu", "t", true), {
      name: `t (CI, so not ignored: ${WEBGPU_MISSING})`,
      ignore: false,
    });
  } else {
    deepStrictEqual(onBackend("webgpu", "t", true), { name: "t", ignore: false });
  }
});

Deno.test("mayFlushSubnormals() is false on cpu and wasm", () => {
  strictEqual(mayFlushSubnormals("cpu"), false);
  strictEqual(mayFlushSubnormals("wasm"), false);
});
