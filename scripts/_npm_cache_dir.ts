/**
 * Prints the folder of Deno's npm cache that holds this project's packages,
 * for scoping `--allow-read` in deno.json's tasks: scripts read the font, the
 * vega browser build and the tfjs .wasm files from there, and nothing else
 * outside the project.
 *
 * @module
 */
// Puts a package into the module graph, so it is installed before it is resolved.
import "npm:dejavu-fonts-ttf@2.37.3/package.json" with { type: "json" };
import { fileURLToPath } from "node:url";

const url = import.meta.resolve("npm:dejavu-fonts-ttf@2.37.3/package.json");
if (!url.startsWith("file://")) throw new Error(`npm packages are not in a local folder: ${url}`);
// <cache>/<registry>/dejavu-fonts-ttf/2.37.3/package.json -> <cache>/<registry>
// A file URL to a path (spaces and non-ASCII letters decoded), without its final slash.
console.log(fileURLToPath(new URL("../../", url)).replace(/\/$/, ""));
