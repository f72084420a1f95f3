/**
 * notebooks/dissecting_relu.ipynb: the committed file carries its outputs (a
 * figure in every figure cell, no errors, a few MB at most), its code cells
 * type-check against mod.ts (with --allow-run for this Deno binary), and, where
 * Jupyter's Python client is installed, the notebook runs headless from top to
 * bottom on Deno's kernel without an error and draws every figure again, byte
 * for byte the SVG that is committed (everything is seeded and the training
 * runs on the cpu backend).
 *
 * The headless run needs Debian's `python3-nbclient` (nbclient, nbformat,
 * jupyter_client) for /usr/bin/python3 (or the interpreter named by
 * NOTEBOOK_PYTHON, read when --allow-env grants it). No kernel needs to be
 * registered: tools/run_notebook.py --deno starts this very Deno binary as the
 * kernel. The kernel itself runs with all permissions (`deno jupyter --kernel`
 * accepts no permission flags).
 *
 * Run with: deno test --allow-read --allow-write=/tmp --allow-run=/usr/bin/python3,$(deno eval 'console.log(Deno.execPath())')
 *   tests/notebook_test.ts
 * (without --allow-run, or without nbclient, the type check or the headless run is skipped with the reason printed).
 */
import assert from "node:assert/strict";
import { ROOT } from "./support/subprocess.ts";

const NOTEBOOK = `${ROOT}/notebooks/dissecting_relu.ipynb`;
const RUNNER = `${ROOT}/tools/run_notebook.py`;
const MAX_NOTEBOOK_BYTES = 4 * 1024 * 1024;

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  outputs?: { output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string }[];
}

function sourceOf(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** A cell that shows figures (`showFigure`, `showTraining`) must have an SVG among its outputs. */
function showsFigure(source: string): boolean {
  return /\bshow(?:Figure|Training)\(/.test(source);
}

/** The SVG outputs of a cell as strings (nbformat may store them as lists of lines). */
function svgOutputs(cell: NotebookCell): string[] {
  return (cell.outputs ?? []).flatMap((o) => {
    const svg = o.data?.["image/svg+xml"];
    return svg === undefined ? [] : [Array.isArray(svg) ? svg.join("") : String(svg)];
  });
}

const notebook = JSON.parse(await Deno.readTextFile(NOTEBOOK)) as {
  cells: NotebookCell[];
  metadata: { kernelspec?: { name?: string } };
};
const codeCells = notebook.cells.map((cell, index) => ({ cell, index })).filter(({ cell }) =>
  cell.cell_type === "code"
);

Deno.test("the committed notebook carries its outputs: a figure in every figure cell, no errors", async () => {
  assert.equal(notebook.metadata.kernelspec?.name, "deno");
  const size = (await Deno.stat(NOTEBOOK)).size;
  assert.ok(size < MAX_NOTEBOOK_BYTES, `the notebook is ${size} bytes, more than ${MAX_NOTEBOOK_BYTES}`);
  const figureCells = codeCells.filter(({ cell }) => showsFigure(sourceOf(cell)));
  assert.ok(figureCells.length >= 10, `expected at least 10 figure cells, found ${figureCells.length}`);
  for (const { cell, index } of codeCells) {
    const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
    assert.deepEqual(errors, [], `cell ${index} has an error output`);
  }
  for (const { cell, index } of figureCells) {
    assert.ok(
      svgOutputs(cell).length > 0,
      `cell ${index} (${sourceOf(cell).slice(0, 60)}) has no image/svg+xml output`,
    );
  }
  for (const { cell, index } of codeCells) {
    for (const m of sourceOf(cell).matchAll(/from "(\.\.\/lib\/[^"]*)"/g)) {
      assert.match(
        m[1],
        /^\.\.\/lib\/[a-z_]+\/mod\.ts$/,
        `cell ${index} imports ${m[1]}, not ../mod.ts or a layer's mod.ts`,
      );
    }
  }
});

const denoMissing = Deno.permissions.querySync({ name: "run", command: Deno.execPath() }).state === "granted" &&
    Deno.permissions.querySync({ name: "write", path: "/tmp" }).state === "granted"
  ? ""
  : `needs --allow-run=${Deno.execPath()} --allow-write=/tmp`;
if (denoMissing) console.log(`skipping the type check of the notebook's code: ${denoMissing}`);

Deno.test({
  name: "the notebook's code cells, put together as one module, type-check against mod.ts",
  ignore: denoMissing !== "",
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "notebook-check-" });
    try {
      const code = codeCells.map(({ cell }) => sourceOf(cell)).join("\n").replaceAll('"../mod.ts"', `"${ROOT}/mod.ts"`)
        .replaceAll('"../lib/', `"${ROOT}/lib/`);
      await Deno.writeTextFile(`${dir}/cells.ts`, `${code}\nexport {};\n`);
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["check", "--quiet", "--config", `${ROOT}/deno.json`, `${dir}/cells.ts`],
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const PYTHON = (() => {
  const env = Deno.permissions.querySync({ name: "env", variable: "NOTEBOOK_PYTHON" }).state === "granted"
    ? Deno.env.get("NOTEBOOK_PYTHON")
    : undefined;
  return env || "/usr/bin/python3";
})();

async function jupyterMissing(): Promise<string> {
  if (Deno.permissions.querySync({ name: "run", command: PYTHON }).state !== "granted") {
    return `no --allow-run=${PYTHON}`;
  }
  if (Deno.permissions.querySync({ name: "write", path: "/tmp" }).state !== "granted") return "no --allow-write=/tmp";
  try {
    const out = await new Deno.Command(PYTHON, {
      args: ["-c", "import nbclient, nbformat, jupyter_client"],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (out.code !== 0) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n").pop();
      return `${PYTHON} cannot import nbclient (${why}); apt-get install -y python3-nbclient`;
    }
  } catch (e) {
    return `${PYTHON} cannot run (${e instanceof Error ? e.message : e}); apt-get install -y python3-nbclient`;
  }
  return "";
}

const missing = await jupyterMissing();
if (missing) console.log(`skipping the headless run of the notebook: ${missing}`);

interface RunSummary {
  seconds: number;
  late_outputs: number;
  cells: {
    index: number;
    seconds: number;
    outputs: {
      output_type: string;
      mime_types?: string[];
      bytes?: Record<string, number>;
      text_plain?: string;
      ename?: string;
      evalue?: string;
    }[];
  }[];
}

Deno.test({
  name: "the notebook runs headless on Deno's kernel without an error and draws every figure as committed",
  ignore: missing !== "",
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "notebook-run-" });
    try {
      const out = await new Deno.Command(PYTHON, {
        args: [RUNNER, NOTEBOOK, "--deno", Deno.execPath(), "--timeout", "120", "--write", `${dir}/executed.ipynb`],
        cwd: ROOT,
        env: { PYTHONDONTWRITEBYTECODE: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.ok(stdout.trim().startsWith("{"), `the runner printed no summary (exit ${out.code}):\n${stderr}`);
      const summary = JSON.parse(stdout) as RunSummary;
      const byIndex = new Map(summary.cells.map((c) => [c.index, c]));
      const errors = summary.cells.flatMap((c) =>
        c.outputs.filter((o) => o.output_type === "error").map((o) => `cell ${c.index}: ${o.ename}: ${o.evalue}`)
      );
      assert.deepEqual(errors, []);
      assert.equal(out.code, 0, stderr);
      assert.equal(summary.cells.length, codeCells.length);
      for (const { cell, index } of codeCells) {
        if (!showsFigure(sourceOf(cell))) continue;
        const outputs = byIndex.get(index)?.outputs ?? [];
        assert.ok(
          outputs.some((o) => o.mime_types?.includes("image/svg+xml")),
          `cell ${index} (${sourceOf(cell).slice(0, 60)}) showed no image/svg+xml: ${JSON.stringify(outputs)}`,
        );
      }
      const texts = summary.cells.flatMap((c) => c.outputs.map((o) => o.text_plain ?? "")).join("\n");
      assert.match(texts, /closedForm: 0\.5/);
      assert.match(texts, /midpointRule: 0\.5/);
      const training = codeCells.find(({ cell }) => sourceOf(cell).includes("showTraining("));
      assert.ok(training, "the notebook has a training cell");
      assert.ok(byIndex.get(training.index)?.outputs.some((o) => o.mime_types?.includes("text/html")));
      const executed = JSON.parse(await Deno.readTextFile(`${dir}/executed.ipynb`)) as {
        cells: NotebookCell[];
      };
      for (const { cell, index } of codeCells) {
        assert.deepEqual(
          svgOutputs(executed.cells[index]),
          svgOutputs(cell),
          `cell ${index}: the committed figures differ from a fresh run; refresh the notebook with ` +
            "`python3 tools/run_notebook.py notebooks/dissecting_relu.ipynb --deno deno --write notebooks/dissecting_relu.ipynb " +
            "&& deno fmt notebooks/dissecting_relu.ipynb`",
        );
      }
      console.log(
        `notebook: ${summary.cells.length} code cells in ${summary.seconds} s (kernel start included), ` +
          `${summary.late_outputs} outputs recovered after the cell's idle status`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
