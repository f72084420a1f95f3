/**
 * The essay's static figures as scripts: each one's file name, `--help`
 * summary, flags and spec builder, in the essay's order ({@link STATIC_SCRIPTS}).
 * `deno task NAME` runs one; `deno task figures` renders them all.
 *
 * @module
 */
import type { FigureScript } from "./figure_script.ts";
import { integerFlag, numberFlag } from "./flags.ts";
import { activationsFigure } from "../plot/activations.ts";
import { SATURATING_ACTIVATIONS } from "../math/activations.ts";
import { linearity } from "../math/linearity.ts";
import { activationsMarkdown } from "../render/activation_tables.ts";
import type { FrameworkAnswers, KinkProgramsResult } from "../experiments/kink_claims.ts";
import { kinkProgramsFigure } from "../plot/kink_programs.ts";
import { ASK_FLAG, askFrameworks, frameworkTexts, kinkProgramsTexts, measureKinks, PYTHON } from "./probe_figures.ts";
import { flipFigure, horizontalShiftFigure, slopeFigure, verticalShiftFigure } from "../plot/families.ts";
import { MAX_DIAGRAM_HIDDEN, networkFigure } from "../plot/network_diagram.ts";
import { reluDerivativeFigure, reluFigure, subgradientsFigure } from "../plot/relu.ts";
import { targetFigure } from "../plot/target.ts";
import { checkRangeFlags, fixedGradAtZeroFlag } from "./common_flags.ts";

const RELU_FLAGS = {
  "z-min": numberFlag({
    description: "left end of the z range",
    default: -5,
    min: -1e6,
    max: 1e6,
  }),
  "z-max": numberFlag({
    description: "right end of the z range",
    default: 5,
    min: -1e6,
    max: 1e6,
  }),
};

/** Writes figures/relu.svg: relu(z) = max(0, z). */
export const RELU_SCRIPT: FigureScript<typeof RELU_FLAGS> = {
  name: "relu",
  summary: "ReLU, relu(z) = max(0, z), drawn exactly from its breakpoints.",
  flags: RELU_FLAGS,
  check: (v) => checkRangeFlags([v["z-min"], v["z-max"]], ["z-min", "z-max"]),
  build: (v) => reluFigure({ zMin: v["z-min"], zMax: v["z-max"] }),
};

const RELU_DERIVATIVE_FLAGS = {
  "grad-at-zero": fixedGradAtZeroFlag("the value of relu'(0) (0: TensorFlow/PyTorch, 0.5: the expected subgradient)"),
};

/** Writes figures/relu_derivative.svg: relu beside its derivative, with the value chosen at 0. */
export const RELU_DERIVATIVE_SCRIPT: FigureScript<typeof RELU_DERIVATIVE_FLAGS> = {
  name: "relu_derivative",
  summary: "ReLU and its derivative; the jump at 0 with open circles and a filled dot at the chosen relu'(0).",
  flags: RELU_DERIVATIVE_FLAGS,
  build: (v) => reluDerivativeFigure({ gradAtZero: v["grad-at-zero"] }),
};

const SUBGRADIENTS_FLAGS = {
  lines: integerFlag({
    description: "number of subgradient lines g·z drawn",
    default: 11,
    min: 2,
    max: 201,
  }),
};

/** Writes figures/subgradients.svg: the fan of subgradients of relu at 0 and E[g] = 0.5. */
export const SUBGRADIENTS_SCRIPT: FigureScript<typeof SUBGRADIENTS_FLAGS> = {
  name: "subgradients",
  summary: "ReLU with the fan of lines g·z, g in [0, 1] (its subgradients at 0), and the line of slope E[g] = 0.5.",
  flags: SUBGRADIENTS_FLAGS,
  build: (v) => subgradientsFigure({ lines: v.lines }),
};

/** Writes figures/flip.svg: relu(z), relu(-z), -relu(z) and -relu(-z) in a 2x2 grid. */
export const FLIP_SCRIPT: FigureScript<Record<never, never>> = {
  name: "flip",
  summary: "relu(z), relu(-z), -relu(z) and -relu(-z) in a 2x2 grid.",
  flags: {},
  build: () => flipFigure(),
};

/** Writes figures/slope.svg: relu(w·z) for w = 0.5, 1.0, ..., 3.0 in a 2x3 grid. */
export const SLOPE_SCRIPT: FigureScript<Record<never, never>> = {
  name: "slope",
  summary: "relu(w·z) for w = 0.5, 1.0, ..., 3.0 in a 2x3 grid.",
  flags: {},
  build: () => slopeFigure(),
};

/** Writes figures/shift_horizontal.svg: relu(z + b) for b = 0.5, ..., 3.0 in a 2x3 grid. */
export const SHIFT_HORIZONTAL_SCRIPT: FigureScript<Record<never, never>> = {
  name: "shift_horizontal",
  summary: "relu(z + b) for b = 0.5, ..., 3.0 in a 2x3 grid.",
  flags: {},
  build: () => horizontalShiftFigure(),
};

/** Writes figures/shift_vertical.svg: relu(z) + b for b = 0.5, ..., 3.0 in a 2x3 grid. */
export const SHIFT_VERTICAL_SCRIPT: FigureScript<Record<never, never>> = {
  name: "shift_vertical",
  summary: "relu(z) + b for b = 0.5, ..., 3.0 in a 2x3 grid.",
  flags: {},
  build: () => verticalShiftFigure(),
};

const TARGET_FLAGS = {
  "x-min": numberFlag({
    description: "left end of the x range",
    default: -10,
    min: -1e4,
    max: 1e4,
  }),
  "x-max": numberFlag({
    description: "right end of the x range",
    default: 10,
    min: -1e4,
    max: 1e4,
  }),
  points: integerFlag({
    description: "training points marked on the curve (0: none)",
    default: 300,
    min: 0,
    max: 10000,
  }),
};

/** Writes figures/target.svg: y = x³, the curve the network learns. */
export const TARGET_SCRIPT: FigureScript<typeof TARGET_FLAGS> = {
  name: "target",
  summary: "The target y = x³ with the training points marked.",
  flags: TARGET_FLAGS,
  check: (v) => checkRangeFlags([v["x-min"], v["x-max"]], ["x-min", "x-max"]),
  build: (v) => targetFigure({ xMin: v["x-min"], xMax: v["x-max"], points: v.points }),
};

const NETWORK_FLAGS = {
  hidden: integerFlag({
    description: "number of hidden ReLU units H",
    default: 7,
    min: 1,
    max: MAX_DIAGRAM_HIDDEN,
  }),
};

/** Writes figures/network.svg: the 1-H-1 ReLU network as a diagram. */
export const NETWORK_SCRIPT: FigureScript<typeof NETWORK_FLAGS> = {
  name: "network",
  summary: "The 1-H-1 ReLU network: input x, H ReLU units, linear output ŷ, bias units, edges labelled w0/b0/w1/b1.",
  flags: NETWORK_FLAGS,
  build: (v) => networkFigure({ hidden: v.hidden }),
};

const ACTIVATIONS_FLAGS = {
  threshold: numberFlag({
    description: "|f'(z)| below this is shaded as saturated",
    default: 0.01,
    min: 0,
    max: 0.25,
    exclusiveMin: true,
  }),
};

/**
 * Writes figures/activations.svg: sigmoid, tanh and relu with their derivatives, saturation and slope share;
 * and figures/activations.md: where sigmoid and tanh are nearly linear and where flat, measured.
 */
export const ACTIVATIONS_SCRIPT: FigureScript<typeof ACTIVATIONS_FLAGS> = {
  name: "activations",
  summary: "Sigmoid, tanh and relu beside their derivatives, saturation of sigmoid and tanh shaded, and the slope " +
    "as a share of the slope at 0; activations.md: where sigmoid and tanh are nearly linear and where flat.",
  flags: ACTIVATIONS_FLAGS,
  build: (v) => activationsFigure({ threshold: v.threshold }),
  texts: () => ({
    "activations.md": activationsMarkdown(SATURATING_ACTIVATIONS.map((a) => linearity(a))),
  }),
};

/**
 * Writes figures/kink_programs.svg (with .vl.json, .json and .md): relu(z), relu(−z) + z and
 * (relu(z) + relu(−z) + z) / 2, one function, and the three derivatives tf.grad gives them at 0.
 */
export const KINK_PROGRAMS_SCRIPT: FigureScript<Record<never, never>, KinkProgramsResult> = {
  name: "kink_programs",
  summary: "relu(z), relu(−z) + z and (relu(z) + relu(−z) + z) / 2: one function, three tf.grad derivatives at 0 " +
    "(tfjs, cpu backend). Also writes kink_programs.json (the measurements) and kink_programs.md (the table).",
  flags: {},
  measure: () => measureKinks(),
  build: (_, result) => kinkProgramsFigure(result),
  texts: (_, result) => kinkProgramsTexts(result),
};

const RELU_GRAD_FRAMEWORKS_FLAGS = { ask: ASK_FLAG };

/** Writes figures/relu_grad_frameworks.json and .md: relu′ at 0, −0, ±2⁻¹⁴⁹ and ±1 as tfjs and PyTorch compute it. */
export const RELU_GRAD_FRAMEWORKS_SCRIPT: FigureScript<typeof RELU_GRAD_FRAMEWORKS_FLAGS, FrameworkAnswers> = {
  name: "relu_grad_frameworks",
  summary: "Asks tfjs for relu′ at 0, −0, ±2⁻¹⁴⁹ and ±1 (tf.grad(tf.relu)) on the backends of --ask. Writes " +
    "relu_grad_frameworks.json and relu_grad_frameworks.md into --out, with PyTorch's row (and any backend not asked) " +
    "kept from the committed file.",
  flags: RELU_GRAD_FRAMEWORKS_FLAGS,
  measure: (v) => askFrameworks(v.ask),
  texts: (_, answers) => frameworkTexts(answers),
};

/**
 * `deno task relu_grad_frameworks:torch` (tools/relu_grad_torch.ts): asks PyTorch, through /usr/bin/python3, and
 * rewrites figures/relu_grad_frameworks.json and .md with its row, the other rows kept. Not a static figure:
 * `deno task figures` keeps the committed PyTorch row.
 */
export const RELU_GRAD_TORCH_SCRIPT: FigureScript<Record<never, never>, FrameworkAnswers> = {
  name: "relu_grad_frameworks:torch",
  summary: `Asks PyTorch for relu′ at 0, −0, ±2⁻¹⁴⁹ and ±1 (torch.relu backward, through ${PYTHON}) and rewrites ` +
    "relu_grad_frameworks.json and relu_grad_frameworks.md in --out with its row, keeping the others.",
  flags: {},
  measure: () => askFrameworks(["torch"]),
  texts: (_, answers) => frameworkTexts(answers),
};

/**
 * The static figure scripts that measure something (tfjs) before they draw:
 * `deno task figures` measures them on its main thread, which has tfjs
 * loaded, and a worker draws them. They come last in {@link STATIC_SCRIPTS}.
 */
export const MEASURED_SCRIPTS = [KINK_PROGRAMS_SCRIPT, RELU_GRAD_FRAMEWORKS_SCRIPT] as const;

/** The static figure scripts that only draw (no tfjs, no measurement), in the order of the essay. */
export const DRAWN_SCRIPTS = [
  RELU_SCRIPT,
  RELU_DERIVATIVE_SCRIPT,
  SUBGRADIENTS_SCRIPT,
  FLIP_SCRIPT,
  SLOPE_SCRIPT,
  SHIFT_HORIZONTAL_SCRIPT,
  SHIFT_VERTICAL_SCRIPT,
  TARGET_SCRIPT,
  NETWORK_SCRIPT,
  ACTIVATIONS_SCRIPT,
] as const;

/** The static figure scripts, in the order of the essay: those that only draw, then those that measure. */
export const STATIC_SCRIPTS = [...DRAWN_SCRIPTS, ...MEASURED_SCRIPTS] as const;
