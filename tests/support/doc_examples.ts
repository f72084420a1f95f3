/**
 * The asserting examples of the doc comments, found and made runnable the
 * way `deno test --doc` does it, so that all of them run in one test module
 * (one isolate) instead of one isolate each: `deno test --doc` spends about
 * a quarter of a second of start-up on every one of ~400 snippets, more than
 * the snippets themselves. `deno check --doc` still type-checks each snippet
 * as its own module (the test task runs it first).
 *
 * The rules follow Deno's (cli/util/extract.rs): a fenced block inside a
 * JSDoc comment, with the language `ts` (or none, or `js`, `javascript`,
 * `typescript`, `mts`, `tsx`...) and without the `ignore` attribute, is one
 * module; the leading ` * ` of each line is removed. Its relative imports
 * are resolved against the file that holds it, and it is written to a
 * temporary folder (the test task may write /tmp) to be imported.
 *
 * @module
 */

/** One example: where it is, and its code. */
export interface DocExample {
  /** The file, relative to the repository root, with forward slashes. */
  file: string;
  /** The lines Deno names the snippet by (`file#first-last.ts`, 1-based): its opening fence, */
  first: number;
  /** and the line after its closing fence. */
  last: number;
  /** The code, without the comment's leading stars. */
  code: string;
}

const RUN_LANGUAGES = new Set(["", "js", "javascript", "mjs", "cjs", "jsx", "ts", "typescript", "mts", "cts", "tsx"]);

/** The JSDoc comments of `text` (a TypeScript source), with the line each starts on (1-based). */
/**
 * The index after the template literal that opens at `start`, its `${…}`
 * parts skipped as code: their strings and nested templates included, so
 * `${xs.map((x) => `${x}`)}` does not end the outer literal early.
 */
function skipTemplate(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== "`") {
    if (text[i] === "\\") i += 2;
    else if (text[i] === "$" && text[i + 1] === "{") {
      i += 2;
      let depth = 1;
      while (i < text.length && depth > 0) {
        const c = text[i];
        if (c === "{") depth++;
        else if (c === "}") depth--;
        if (c === "`") i = skipTemplate(text, i);
        else if (c === '"' || c === "'") {
          i++;
          while (i < text.length && text[i] !== c) i += text[i] === "\\" ? 2 : 1;
          i++;
        } else i++;
      }
    } else i++;
  }
  return i + 1;
}

function jsdocComments(text: string): { start: number; body: string }[] {
  const comments: { start: number; body: string }[] = [];
  let line = 1;
  let i = 0;
  // A small scanner: skips strings, template literals and line comments, so a
  // "/**" inside a string (the generated page bundle has many) is not a comment.
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      line++;
      i++;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      const body = text.slice(i, stop);
      if (body.startsWith("/**") && body !== "/**/") comments.push({ start: line, body });
      for (let k = i; k < stop; k++) if (text[k] === "\n") line++;
      i = stop;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === "\\") i++;
        else if (text[i] === "\n") line++;
        i++;
      }
      i++;
    } else if (c === "`") {
      const end = skipTemplate(text, i);
      for (let k = i; k < end; k++) if (text[k] === "\n") line++;
      i = end;
    } else {
      i++;
    }
  }
  return comments;
}

/**
 * The runnable examples of one file: every fenced block of a JSDoc comment
 * whose language Deno runs and that is not marked `ignore`.
 */
export function extractExamples(file: string, text: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const comment of jsdocComments(text)) {
    const lines = comment.body.split("\n").map((l) => l.replace(/^\s*\/?\*+\/?\s?/, "").replace(/\s*\*\/$/, ""));
    let open: { lang: string; attrs: string[]; from: number } | undefined;
    let code: string[] = [];
    lines.forEach((l, k) => {
      const fence = /^(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(l);
      if (!open && fence) {
        open = { lang: fence[2].toLowerCase(), attrs: fence[3].split(/[\s,]+/).filter(Boolean), from: k + 1 };
        code = [];
      } else if (open && /^(`{3,}|~{3,})\s*$/.test(l)) {
        if (RUN_LANGUAGES.has(open.lang) && !open.attrs.includes("ignore")) {
          // Deno names a snippet by its opening fence's line and the line after its closing fence.
          examples.push({
            file,
            first: comment.start + open.from - 1,
            last: comment.start + k + 1,
            code: code.join("\n"),
          });
        }
        open = undefined;
      } else if (open) {
        code.push(l);
      }
    });
  }
  return examples;
}

/**
 * The example as a module of its own: each relative specifier (`"./x.ts"`,
 * `"../y/mod.ts"`) becomes the absolute URL it means beside `fileUrl`;
 * bare ones (`node:`, the import map's names) stay.
 */
export function exampleModule(example: DocExample, fileUrl: URL): string {
  return example.code.replace(
    /((?:from|import)\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\2/g,
    (_, lead: string, quote: string, spec: string) => `${lead}${quote}${new URL(spec, fileUrl).href}${quote}`,
  );
}

/**
 * Writes the example's module under `dir`, named as Deno names it
 * (`dir/lib/math/grid.ts#16-22.ts`, so a failure's stack says which example
 * and which of its lines), and returns its URL to import.
 */
export function writeExample(dir: string, example: DocExample, source: string): URL {
  const path = `${dir}/${example.file}#${example.first}-${example.last}.ts`;
  Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  Deno.writeTextFileSync(path, source);
  const url = new URL("file://");
  url.pathname = path;
  return url;
}
