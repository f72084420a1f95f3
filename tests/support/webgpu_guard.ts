/**
 * Preloaded into every test module by the test task (`deno test --preload`):
 * no test module may ask for a WebGPU adapter in `deno test`'s process (itself,
 * through the library or through tfjs). One that does fails at once, with one
 * line naming it: its tests belong in `tests/webgpu/`, which
 * `tests/webgpu_test.ts` runs under `deno run` and says why. Subprocesses (a
 * `deno task` a test starts) are not test modules and may use WebGPU.
 *
 * @module
 */
if (navigator.gpu) {
  Object.defineProperty(navigator.gpu, "requestAdapter", {
    value: () => {
      console.error(
        `${Deno.mainModule} asked for a WebGPU adapter inside deno test: a test that uses WebGPU in-process belongs ` +
          "in tests/webgpu/ (tests/webgpu_test.ts runs them, and says why)",
      );
      Deno.exit(70);
    },
  });
}
