/**
 * The assets of installed npm packages: vega's browser build (for the HTML
 * pages), the DejaVu font files and resvg's WebAssembly module (for
 * rasterising) and the folder of tfjs' wasm backend, found where the imports
 * resolve inside Deno's npm cache. Reading them needs read access to that cache.
 *
 * @module
 */
// Puts the font package into the module graph, so Deno installs it with the code that needs it.
import "npm:dejavu-fonts-ttf@2.37.3/package.json" with { type: "json" };

/** The local path of a `file:` URL, or an error naming `what` when the package is not on disk. */
function localPath(url: string, what: string): string {
  if (!url.startsWith("file://")) {
    throw new Error(`Cannot find ${what}: "${url}" is not a local file (is the npm package installed?)`);
  }
  return decodeURIComponent(new URL(url).pathname);
}

/** The local path of a file of an npm package, from the file:// URL its entry resolves to (`<package>/build/x.js`). */
function packageFile(entry: string, relative: string, what: string): string {
  localPath(entry, what);
  return decodeURIComponent(new URL(relative, new URL("../", entry)).pathname);
}

/**
 * The local path of a file of vega's npm package, found from where the
 * `vega` import resolves (inside Deno's npm cache; nothing is hard-coded).
 *
 * @param relative the file's path inside the package
 * @returns its local path; an Error when the package is not on disk
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { vegaPackageFile } from "./assets.ts";
 * ok(vegaPackageFile("build/vega.min.js").endsWith("/vega/6.4.0/build/vega.min.js"));
 * ```
 */
export function vegaPackageFile(relative: string): string {
  return packageFile(import.meta.resolve("npm:vega@6.4.0"), relative, "vega's browser build");
}

/**
 * The local path of a file of vega-lite's npm package, found as
 * {@link vegaPackageFile} finds vega's.
 *
 * @param relative the file's path inside the package
 * @returns its local path; an Error when the package is not on disk
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { vegaLitePackageFile } from "./assets.ts";
 * ok(vegaLitePackageFile("build/vega-lite.min.js").endsWith("/vega-lite/6.5.0/build/vega-lite.min.js"));
 * ```
 */
export function vegaLitePackageFile(relative: string): string {
  return packageFile(import.meta.resolve("npm:vega-lite@6.5.0"), relative, "vega-lite's browser build");
}

/**
 * Reads vega's browser build (`build/vega.min.js`) from the installed npm package.
 *
 * @returns its source; an Error naming the path when it cannot be read
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { readVegaBrowserBuild } from "./assets.ts";
 * ok((await readVegaBrowserBuild()).length > 100_000);
 * ```
 */
export async function readVegaBrowserBuild(): Promise<string> {
  const path = vegaPackageFile("build/vega.min.js");
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(
      `Cannot read vega's browser build at ${path} (needs --allow-read on Deno's npm cache): ${
        e instanceof Error ? e.message : e
      }`,
    );
  }
}

/**
 * The font faces used for rasterising: regular, bold, oblique and bold oblique DejaVu Sans.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { FONT_FACES } from "./assets.ts";
 * strictEqual(FONT_FACES[0], "DejaVuSans.ttf");
 * ```
 */
export const FONT_FACES: readonly string[] = [
  "DejaVuSans.ttf",
  "DejaVuSans-Bold.ttf",
  "DejaVuSans-Oblique.ttf",
  "DejaVuSans-BoldOblique.ttf",
];

/**
 * Local paths of the {@link FONT_FACES}, resolved from the npm package
 * `dejavu-fonts-ttf`.
 *
 * @returns one path per face
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { fontFiles } from "./assets.ts";
 * ok(fontFiles()[0].endsWith("/ttf/DejaVuSans.ttf"));
 * ```
 */
export function fontFiles(): string[] {
  return FONT_FACES.map((face) =>
    localPath(import.meta.resolve(`npm:dejavu-fonts-ttf@2.37.3/ttf/${face}`), "the DejaVu font files")
  );
}

/**
 * The folder of the installed `@tensorflow/tfjs-backend-wasm` that holds its `.wasm` files (with a final `/`).
 *
 * @returns the folder's local path
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { tfjsWasmFolder } from "./assets.ts";
 * const folder = tfjsWasmFolder();
 * ok(folder.endsWith("/") && folder.includes("tfjs-backend-wasm"));
 * ```
 */
export function tfjsWasmFolder(): string {
  const path = localPath(import.meta.resolve("npm:@tensorflow/tfjs-backend-wasm@4.22.0"), "tfjs' .wasm files");
  return path.slice(0, path.lastIndexOf("/") + 1);
}

/**
 * The local path of resvg's WebAssembly module, `index_bg.wasm` of `@resvg/resvg-wasm`.
 *
 * @returns the file's local path
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { resvgWasmFile } from "./assets.ts";
 * ok(resvgWasmFile().endsWith("/index_bg.wasm"));
 * ```
 */
export function resvgWasmFile(): string {
  const entry = localPath(import.meta.resolve("npm:@resvg/resvg-wasm@2.6.2"), "resvg's .wasm file");
  return entry.slice(0, entry.lastIndexOf("/") + 1) + "index_bg.wasm";
}
