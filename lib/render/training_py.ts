/**
 * A training run as `training.py`, a standalone PyTorch script that rebuilds
 * it: the run's data, its initial parameters (snapshot 0), relu′(0) through a
 * `torch.autograd.Function`, its optimizer, precision and epochs (the replay
 * code of `torch_replay_py.ts`, which the PyTorch cross-check runs too). The
 * script prints its losses beside the stored ones and the largest relative
 * deviation from them, and exits 1 when that exceeds the cross-check's bound
 * (`TORCH_AGREEMENT`, 2^-18). Pure: the same run gives the same text, on the
 * command line (`--formats py`) and on the live page.
 *
 * @module
 */
import type { TrainingRun } from "../model/run.ts";
import { activationOf, isPiecewise } from "../math/activation_registry.ts";
import { TORCH_ACTIVATIONS, TORCH_AGREEMENT, TORCH_MISSING_EXIT, TORCH_REPLAY_LIBRARY } from "./torch_replay_py.ts";

/** The name of the exported script. */
export const TRAINING_PY_NAME = "training.py";

/** Exit status of `training.py` when its losses deviate from the stored ones by more than the bound. */
export const TRAINING_PY_DEVIATES = 1;

/**
 * A number as a Python literal that reads back as the same double (`-0.0`,
 * `float("inf")` and `float("nan")` included).
 *
 * @param n the number
 * @returns its Python text
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { pyNumber } from "./training_py.ts";
 * deepStrictEqual([1e-7, 3, -0, 1 / 3, Infinity, NaN].map(pyNumber), [
 *   "1e-7", "3", "-0.0", "0.3333333333333333", 'float("inf")', 'float("nan")',
 * ]);
 * ```
 */
export function pyNumber(n: number): string {
  if (Object.is(n, -0)) return "-0.0";
  if (Number.isNaN(n)) return 'float("nan")';
  if (!Number.isFinite(n)) return n > 0 ? 'float("inf")' : 'float("-inf")';
  return String(n); // the shortest text that reads back as n; Python reads "1e-7", "1.5e+21" alike
}

/**
 * A JSON value as a Python literal (dicts, lists, str, float, True/False/None);
 * lists of numbers are wrapped at `width` characters, indented by `indent`.
 *
 * @param value plain JSON data (numbers may be -0, infinite or NaN)
 * @param indent the indentation of the value's first line
 * @param width the longest line of a wrapped number list
 * @returns the Python expression
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { pyLiteral } from "./training_py.ts";
 * strictEqual(pyLiteral({ a: [1, -0], b: "x\"y", c: true, d: null }), '{"a": [1, -0.0], "b": "x\\"y", "c": True, "d": None}');
 * ```
 */
export function pyLiteral(value: unknown, indent = "", width = 116): string {
  if (typeof value === "number") return pyNumber(value);
  if (typeof value === "string") return JSON.stringify(value); // a JSON string is a Python string literal
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null || value === undefined) return "None";
  if (Array.isArray(value)) {
    const items = value.map((v) => pyLiteral(v, indent + "    ", width));
    const flat = `[${items.join(", ")}]`;
    if (flat.length + indent.length <= width || !value.every((v) => typeof v === "number")) return flat;
    const lines: string[] = [];
    let line = "";
    for (const item of items) {
      if (line !== "" && indent.length + 4 + line.length + item.length + 2 > width) {
        lines.push(line.trimEnd());
        line = "";
      }
      line += `${item}, `;
    }
    if (line !== "") lines.push(line.trimEnd());
    return `[\n${lines.map((l) => `${indent}    ${l}`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v, indent, width)}`).join(", ")}}`;
}

/**
 * The run as the PyTorch replay reads it (what `training.py` embeds, and what
 * `tools/torch_replay.py` takes as JSON): the config, the activation's
 * `slopes` (piecewise-linear, not relu) or `smooth` name, the data, the test
 * points if any, snapshot 0 (the initial parameters) and every stored loss.
 *
 * @param run the training run (its first snapshot is epoch 0 and it has epochs + 1 losses, else a RangeError)
 * @returns plain JSON data
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { torchReplayRun } from "./training_py.ts";
 * const config = { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 2, xMin: -1,
 *   xMax: 1, gradAtZero: 0, init: "pytorch" as const, precision: "float32" as const, backend: "cpu" as const,
 *   activation: "abs" };
 * const snapshots = [{ epoch: 0, loss: 1, w0: [1], b0: [0], w1: [1], b1: 0 }, { epoch: 1, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0.1 }];
 * const replayed = torchReplayRun({ config, x: [-1, 1], y: [1, 1], losses: [1, 0.5], snapshots });
 * deepStrictEqual(replayed.slopes, { left: -1, right: 1 });
 * deepStrictEqual(replayed.snapshots, [snapshots[0]]);
 * ```
 */
export function torchReplayRun(run: TrainingRun): Record<string, unknown> {
  const first = run.snapshots[0];
  if (first === undefined || first.epoch !== 0) {
    throw new RangeError(
      "Cannot export training.py: the run's first snapshot must be epoch 0 (its initial parameters)",
    );
  }
  if (run.losses.length !== run.config.epochs + 1) {
    throw new RangeError(
      `Cannot export training.py: the run has ${run.losses.length} losses, expected epochs + 1 = ${
        run.config.epochs + 1
      }`,
    );
  }
  const { epoch, loss, w0, b0, w1, b1 } = first; // the later snapshots are not needed: the replay recomputes them
  const snapshots = [{ epoch, loss, w0, b0, w1, b1 }];
  const test = run.test === undefined ? {} : { test: run.test };
  return { config: run.config, ...activationFields(run), x: run.x, y: run.y, ...test, losses: run.losses, snapshots };
}

/**
 * How the replay computes the run's activation (`config.activation`, relu when absent): `slopes` for a
 * piecewise-linear one, the name of a smooth one as `smooth`; a RangeError for a smooth one PyTorch is not given.
 */
function activationFields(run: TrainingRun): { slopes?: { left: number; right: number }; smooth?: string } {
  const text = (run.config as { activation?: string }).activation ?? "relu";
  const activation = activationOf(text);
  if (isPiecewise(activation)) {
    const { left, right } = activation.slopes;
    return left === 0 && right === 1 ? {} : { slopes: { left, right } };
  }
  if (!(activation.name in TORCH_ACTIVATIONS)) {
    throw new RangeError(`Cannot export training.py: no PyTorch function is given for the activation "${text}"`);
  }
  return { smooth: activation.name };
}

/**
 * `training.py` for `run`: a standalone PyTorch script (Python 3, torch,
 * numpy) that trains the run again from its initial parameters and compares.
 * Run as `python3 training.py` it prints the loss at about 11 evenly spaced
 * epochs beside the stored one, then the line
 * `largest relative deviation from the stored losses: D at epoch K (bound B)`,
 * and exits 0, or {@link TRAINING_PY_DEVIATES} when D > B (B =
 * `TORCH_AGREEMENT`); `--losses` prints every epoch, `--json` one line
 * `{"losses", "zeros", "deviation", "epoch", "bound"}` instead.
 *
 * @param run the training run (its first snapshot is epoch 0 and it has epochs + 1 losses, else a RangeError)
 * @returns the script's text
 *
 * @example
 * ```ts
 * import { ok, throws } from "node:assert/strict";
 * import { trainingPy } from "./training_py.ts";
 * const run = {
 *   config: { hidden: 1, epochs: 1, lr: 1e-4, optimizer: "sgd" as const, seed: 0, every: 1, points: 3, xMin: -1,
 *     xMax: 1, gradAtZero: "random" as const, init: "pytorch" as const, precision: "float32" as const,
 *     backend: "cpu" as const },
 *   x: [-1, 0, 1], y: [-1, 0, 1], losses: [0.5, 0.25],
 *   snapshots: [{ epoch: 0, loss: 0.5, w0: [1], b0: [0], w1: [1], b1: 0 }, {
 *     epoch: 1, loss: 0.25, w0: [1], b0: [0], w1: [1], b1: 0.5 }],
 * };
 * const script = trainingPy(run);
 * ok(script.startsWith("#!/usr/bin/env python3\n"));
 * ok(script.includes('"gradAtZero": "random"') && script.includes('"losses": [0.5, 0.25]'));
 * throws(() => trainingPy({ ...run, losses: [0.5] }), /expected epochs \+ 1 = 2/);
 * ```
 */
export function trainingPy(run: TrainingRun): string {
  const embedded = torchReplayRun(run);
  const settings = Object.entries(run.config).map(([k, v]) => `#   ${k}: ${JSON.stringify(v)}`);
  const runLines = Object.entries(embedded).map(([k, v]) => `    ${JSON.stringify(k)}: ${pyLiteral(v, "    ")},`);
  const bound = Number.isInteger(Math.log2(TORCH_AGREEMENT))
    ? `2 ** ${Math.log2(TORCH_AGREEMENT)}`
    : pyNumber(TORCH_AGREEMENT);
  return `#!/usr/bin/env python3
"""training.py: a training run of dissecting-relu, rebuilt in PyTorch.

Written by \`deno task train -- --formats py\` or by the live page's export, for the run whose settings are listed
below. It needs Python 3 with PyTorch and numpy, and nothing else: the run's data, its initial parameters (snapshot 0)
and the loss the project recorded at every epoch are in RUN at the end of this file.

    python3 training.py            # the loss at 11 epochs beside the stored one, and the largest deviation
    python3 training.py --losses   # every epoch
    python3 training.py --json     # one line of JSON: losses, zeros, deviation, epoch, bound

It trains the 1-H-1 network (unit j: a(w0[j]*x + b0[j]) with the run's activation a, relu unless config says
otherwise; prediction: sum_j w1[j]*a(...) + b1; loss: the mean squared error over the training points) for
config["epochs"] full-batch updates with torch.optim.SGD or torch.optim.Adam in the run's precision, with the
derivative at the kink (relu'(0)) chosen as the run chose it, through a torch.autograd.Function. It exits with status
${TORCH_MISSING_EXIT} when PyTorch or numpy is missing, and ${TRAINING_PY_DEVIATES} when a loss deviates from the stored one by
more than BOUND, relative: the bound that the project's PyTorch cross-check justifies (64 float32 rounding units).
"""
# The run's settings:
${settings.join("\n")}

${TORCH_REPLAY_LIBRARY}

def main(args):
    result = replay(RUN)
    losses, stored = result["losses"], RUN["losses"]
    deviation, epoch = largest_relative_deviation(losses, stored)
    leaves = next((k for k, (a, b) in enumerate(zip(losses, stored)) if not abs(a - b) / abs(b) <= BOUND), None)
    if "--json" in args:
        print(json.dumps({**result, "deviation": deviation, "epoch": epoch, "bound": BOUND, "leaves": leaves}))
    else:
        epochs = len(stored) - 1
        shown = range(epochs + 1) if "--losses" in args else sorted({round(i * epochs / 10) for i in range(11)})
        print(f"{'epoch':>8}  {'PyTorch loss':>22}  {'stored loss':>22}  relative deviation")
        for k in shown:
            print(f"{k:>8}  {losses[k]:>22.17g}  {stored[k]:>22.17g}  {abs(losses[k] - stored[k]) / abs(stored[k]):.2e}")
        if leaves is not None and leaves > 0:
            before, _ = largest_relative_deviation(losses[:leaves], stored[:leaves])
            print(f"the losses agree within the bound up to epoch {leaves - 1} (largest relative deviation {before:.3e}) "
                  f"and exceed it from epoch {leaves} on: where training amplifies small differences (the loss rising, "
                  "oscillating), the two programs' rounding differences grow until the curves part")
        if "test" in RUN:  # the held-out points' MSE at the last parameters (not part of the check)
            mine, theirs = test_loss(RUN, result["params"]), RUN["test"]["losses"][-1]
            print(f"test MSE on the {len(RUN['test']['x'])} held-out points at epoch {epochs}: PyTorch {mine:.17g}, "
                  f"stored {theirs:.17g}, relative deviation {abs(mine - theirs) / abs(theirs):.2e}")
        print(f"largest relative deviation from the stored losses: {deviation:.3e} at epoch {epoch} (bound {BOUND:.3e})")
    if not deviation <= BOUND:
        print(f"training.py: the PyTorch losses deviate from the stored ones by more than {BOUND:.3e}", file=sys.stderr)
        return ${TRAINING_PY_DEVIATES}
    return 0


# The largest relative deviation allowed (TORCH_AGREEMENT in lib/render/torch_replay_py.ts).
BOUND = ${bound}

# The run: its settings, its data, its initial parameters (snapshot 0) and the loss recorded at every epoch.
RUN = {
${runLines.join("\n")}
}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
`;
}
