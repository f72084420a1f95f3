/**
 * The vanishing-gradient experiment's tables as Markdown
 * (`figures/vanishing_gradients.md`), generated from its JSON: what the numbers
 * say about the essay's claim ("relu has no saturation and no vanishing
 * gradient; sigmoid and tanh do"), a table per activation and the paired
 * comparisons with relu. README quotes this file verbatim.
 *
 * @module
 */
import { formatInterval, formatNumber, formatP, markdownDocument, markdownTable } from "./markdown.ts";
import { wilson } from "../experiments/intervals.ts";
import { vanishingTargetText } from "../plot/vanishing_gradients.ts";
import { summarize } from "../experiments/stats.ts";
import { type ActivationRecord, ESSAY_SATURATING, type VanishingResult } from "../experiments/vanishing_gradients.ts";
import { gradPerResidual, VANISHING_METRICS, type VanishingComparison } from "../experiments/vanishing_comparisons.ts";

/** The level at which a Holm-corrected p-value counts as a difference. */
const ALPHA = 0.05;

const lastOf = (rows: (number | null)[][]) => rows.map((r) => r[r.length - 1]).filter((v): v is number => v !== null);
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

function spreadText(values: number[]): string {
  const s = summarize(values);
  return s.n === 0 ? "–" : `${formatNumber(s.median)} (${formatNumber(s.q10)}–${formatNumber(s.q90)})`;
}

function unitShare(counts: number[], hidden: number): string {
  if (counts.length === 0) return "all diverged";
  const [k, n] = [sum(counts), hidden * counts.length];
  return `${(100 * k / n).toFixed(1)} % (${k}/${n}) ${formatInterval(wilson(k, n))}`;
}

function activationRow(r: ActivationRecord, hidden: number): string[] {
  const diverged = r.divergedAt.filter((d) => d !== null).length;
  const flat = lastOf(r.flat);
  return [
    r.activation,
    spreadText(lastOf(r.loss)),
    spreadText(r.gradNorm.map((row) => row[0]).filter((v): v is number => v !== null)),
    spreadText(lastOf(r.gradNorm)),
    spreadText(gradPerResidual(r).filter((v): v is number => v !== null)),
    unitShare(lastOf(r.nearZero), hidden),
    unitShare(lastOf(r.exactZero), hidden),
    flat.length === 0 ? "–" : `${(100 * sum(flat) / flat.length).toFixed(1)} %`,
    String(diverged),
  ];
}

/** A median difference in words: a log10 one as a ratio (×10^d), a share one in percentage points. */
function effect(c: VanishingComparison, scale: "log10" | "share"): string {
  if (c.medianDifference === null) return "–";
  if (scale === "share") return `${formatNumber(100 * c.medianDifference)} points`;
  return `×${formatNumber(10 ** c.medianDifference)}`;
}

function interval(c: VanishingComparison, scale: "log10" | "share"): string {
  if (c.ci === null) return "–";
  if (scale === "share") return `[${formatNumber(100 * c.ci[0])}, ${formatNumber(100 * c.ci[1])}] points`;
  return `[×${formatNumber(10 ** c.ci[0])}, ×${formatNumber(10 ** c.ci[1])}]`;
}

const scaleOf = (metric: string) => VANISHING_METRICS.find((m) => m.key === metric)!.scale;

/** "larger", "smaller" or "not different", from the Holm p-value and the interval. */
function direction(c: VanishingComparison): "larger" | "smaller" | "not different" | "untested" {
  if (c.holmP === null || c.ci === null || c.medianDifference === null) return "untested";
  if (c.holmP > ALPHA || (c.ci[0] <= 0 && c.ci[1] >= 0)) return "not different";
  return c.medianDifference > 0 ? "larger" : "smaller";
}

/** "larger than", "smaller than" or "not detectably different from". */
function than(c: VanishingComparison): string {
  const d = direction(c);
  if (d === "untested") return "not comparable (no seed with both values finite) with";
  return d === "not different" ? "not detectably different from" : `${d} than`;
}

function find(comparisons: readonly VanishingComparison[], metric: string, other: string) {
  return comparisons.find((c) => c.metric === metric && c.other === other);
}

function stat(c: VanishingComparison): string {
  if (c.holmP === null) return `${c.excluded} seeds left out`;
  const scale = scaleOf(c.metric);
  return `${effect(c, scale)}, 95 % CI ${interval(c, scale)}, Holm p ${formatP(c.holmP)}`;
}

/**
 * What the numbers say about the essay's claim, in sentences generated from the result and its comparisons:
 * the gradient part (relu's first-layer gradient against sigmoid's and tanh's, at initialisation and after
 * training), the saturation part (flat pairs, and units whose gradient is exactly zero), and the final MSE.
 *
 * @param result the experiment
 * @param comparisons its paired comparisons
 * @returns the paragraphs
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { vanishingVerdict } from "./vanishing_tables.ts";
 * const rec = (activation: string, exact: number) => ({ activation, nearZero: [[0, exact]], exactZero: [[0, exact]],
 *   flat: [[0.5, 0.5]], gradNorm: [[1, 1]], loss: [[9, 1]], divergedAt: [null] });
 * const c = (metric: string, d: number) => ({ metric, other: "sigmoid", compared: "relu vs sigmoid", n: 64,
 *   excluded: 0, medianDifference: d, ci: [d - 0.1, d + 0.1] as [number, number], signP: 0, wilcoxonP: 0, holmP: 1e-9 });
 * const result = { settings: { hidden: 2, seeds: [0] }, records: [rec("relu", 1), rec("sigmoid", 0)] };
 * const comparisons = ["gradAtInit", "gradAtEnd", "gradPerResidualAtEnd", "finalLoss", "nearZeroAtEnd", "flatAtEnd"]
 *   .map((m) => c(m, 1));
 * const text = vanishingVerdict(result as never, comparisons).join(" ");
 * ok(text.includes("holds for sigmoid"));
 * ok(text.includes("1 of 2 relu units"));
 * ```
 */
export function vanishingVerdict(result: VanishingResult, comparisons: readonly VanishingComparison[]): string[] {
  const [relu, ...others] = result.records;
  const H = result.settings.hidden;
  const named = others.filter((r) => ESSAY_SATURATING.includes(r.activation));
  const verdicts = named.map((r) => {
    const [init, end, res] = ["gradAtInit", "gradAtEnd", "gradPerResidualAtEnd"].map((m) =>
      find(comparisons, m, r.activation)!
    );
    const [atInit, atEnd] = [direction(init) === "larger", direction(res) === "larger"];
    const holds = atInit && atEnd ? "" : atInit ? " at initialisation only" : atEnd ? " after training only" : null;
    const unshown = holds === null && [init, res].some((c) => direction(c) === "untested");
    const verdict = holds !== null
      ? `holds for ${r.activation}${holds}`
      : unshown
      ? `is not shown for ${r.activation}`
      : `does not hold for ${r.activation}`;
    const text = `The gradient part ${verdict}: relu's first-layer gradient norm is ${than(init)} ` +
      `${r.activation}'s at initialisation (${stat(init)}); after training it is ${than(end)} it (${stat(end)}) ` +
      `and, per unit of residual (divided by 2√MSE, which leaves out how large the error still is), ${than(res)} ` +
      `it (${stat(res)}).`;
    const raw = holds === "" || holds === " after training only"
      ? (direction(end) === "larger" ? "" : " (after training per unit of residual only)")
      : "";
    const flat = direction(find(comparisons, "flatAtEnd", r.activation)!);
    return { activation: r.activation, holds: holds === null ? null : holds + raw, unshown, text, flat };
  });
  const gradient = verdicts.map((v) => v.text);
  const flat = named.map((r) => {
    const c = find(comparisons, "flatAtEnd", r.activation)!;
    const d = direction(c);
    const reading = d === "larger"
      ? `relu saturates more, not less, than ${r.activation} here`
      : d === "smaller"
      ? `here relu saturates less than ${r.activation}`
      : "no difference is detected";
    return `After training relu is flat on a share of (unit, input) pairs ${than(c)} ${r.activation}'s ` +
      `(${stat(c)}): ${reading}.`;
  });
  const zero = (r: ActivationRecord) => sum(lastOf(r.exactZero));
  const units = (r: ActivationRecord) => H * lastOf(r.exactZero).length;
  const modelsWithDead = lastOf(relu.exactZero).filter((k) => k > 0).length;
  const othersZero = others.filter((r) => zero(r) > 0);
  const dead = `${zero(relu)} of ${units(relu)} relu units (in ${modelsWithDead} of ` +
    `${lastOf(relu.exactZero).length} models) have a first-layer gradient of exactly zero after training: dead ` +
    "units, f′ = 0 at every input, the limit of saturation. " +
    (othersZero.length === 0
      ? `No unit of ${others.map((r) => r.activation).join(", ")} has one (in exact arithmetic their f′ is never 0).`
      : `Of the others, ${othersZero.map((r) => `${r.activation} has ${zero(r)}`).join(", ")}.`);
  const flatShare = (r: ActivationRecord) => {
    const shares = lastOf(r.flat);
    return shares.length === 0 ? 0 : sum(shares) / shares.length;
  };
  const pct = (r: ActivationRecord) => `${(100 * flatShare(r)).toFixed(1)} %`;
  const names = named.map((r) => r.activation).join(" and ");
  const theyDo = named.length === 0 ? "" : `${names.charAt(0).toUpperCase()}${names.slice(1)} do saturate: after ` +
    `training |f′(z)| is below ${result.settings.nearZero} × the activation's largest slope on ` +
    `${named.map((r) => `${pct(r)} (${r.activation})`).join(" and ")} of their (unit, input) pairs. `;
  const reluJudged = lastOf(relu.flat).length > 0;
  const saturation = !reluJudged
    ? "The saturation part cannot be judged: every relu model diverged."
    : flatShare(relu) > 0 || zero(relu) > 0
    ? "The saturation part does not hold as stated: relu saturates on one side, exactly: after training " +
      `f′(z) = 0 on ${pct(relu)} of its (unit, input) pairs (mean over models). ${theyDo}${dead} ${flat.join(" ")}`
    : `The saturation part holds here: no relu unit is flat at any input after training. ${theyDo}` +
      flat.join(" ");
  const loss = others.map((r) => {
    const c = find(comparisons, "finalLoss", r.activation)!;
    return `relu's is ${than(c)} ${r.activation}'s (${stat(c)})`;
  });
  const list = (v: typeof verdicts) => v.map((x) => `${x.activation}${x.holds ?? ""}`).join(" and against ");
  const holding = verdicts.filter((v) => v.holds !== null);
  const failing = verdicts.filter((v) => v.holds === null && !v.unshown);
  const unshown = verdicts.filter((v) => v.unshown);
  const often = (d: string, words: string) => {
    const which = verdicts.filter((v) => v.flat === d).map((v) => v.activation);
    return which.length === 0 ? [] : [`${words} ${which.map((a) => `${a}'s`).join(" and ")}`];
  };
  const flatWords = [
    ...often("larger", "larger than"),
    ...often("not different", "not detectably different from"),
    ...often("smaller", "smaller than"),
  ];
  const inShort = named.length === 0 ? [] : [
    '**In short**: the "no vanishing gradient" part ' +
    [
      ...(holding.length ? [`holds against ${list(holding)}`] : []),
      ...(failing.length ? [`does not hold against ${list(failing)}`] : []),
      ...(unshown.length ? [`is not shown against ${list(unshown)} (models diverged)`] : []),
    ].join(" but ") + '; the "no saturation" part ' +
    (!reluJudged
      ? "cannot be judged: every relu model diverged."
      : flatShare(relu) > 0 || zero(relu) > 0
      ? `does not hold: relu's units are exactly flat (f′ = 0) on a share of their inputs ${flatWords.join(", ")}, ` +
        `and ${zero(relu)} of its ${units(relu)} units are dead` +
        (othersZero.length === 0 ? "; no unit of the other activations is." : "; " +
          `${othersZero.map((r) => `${r.activation} has ${zero(r)}`).join(", ")} with a gradient of exactly zero.`)
      : "holds: no relu unit is flat at any input."),
    "",
  ];
  return [
    ...inShort,
    `**The essay's claim**: "relu has no saturation and no vanishing gradient; sigmoid and tanh do". ${
      gradient.join(" ")
    }`,
    "",
    saturation,
    "",
    `**Final MSE**: ${loss.join("; ")}.`,
  ];
}

/**
 * The Markdown of `vanishing_gradients.md`.
 *
 * @param result the experiment
 * @param comparisons its paired comparisons
 * @returns the Markdown text
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { vanishingMarkdown } from "./vanishing_tables.ts";
 * const rec = (activation: string) => ({ activation, nearZero: [[0, 1]], exactZero: [[0, 1]], flat: [[0.5, 0.5]],
 *   gradNorm: [[1, 1]], loss: [[9, 1]], divergedAt: [null] });
 * const settings = { hidden: 3, seeds: [0], epochs: 1, every: 1, lr: 1e-4, points: 2, xMin: -1, xMax: 1,
 *   precision: "float32", nearZero: 1e-3, activations: ["relu"] };
 * const md = vanishingMarkdown({ settings, snapshotEpochs: [0, 1], records: [rec("relu")] } as never, []);
 * ok(md.includes("33.3 % (1/3) [6.1–79.2 %]")); // Wilson 95 % interval of 1 of 3
 * ```
 */
export function vanishingMarkdown(result: VanishingResult, comparisons: readonly VanishingComparison[]): string {
  const s = result.settings;
  const rows = comparisons.map((c) => {
    const scale = scaleOf(c.metric);
    const label = VANISHING_METRICS.find((m) => m.key === c.metric)!.label;
    return [
      label,
      c.compared,
      String(c.n),
      effect(c, scale),
      interval(c, scale),
      c.signP === null ? "–" : formatP(c.signP),
      c.wilcoxonP === null ? "–" : formatP(c.wilcoxonP),
      c.holmP === null ? "–" : formatP(c.holmP),
    ];
  });
  return markdownDocument([
    "<!-- generated from vanishing_gradients.json by deno task figures (or vanishing_gradients); do not edit -->",
    "",
    ...(comparisons.length === 0 ? [] : [...vanishingVerdict(result, comparisons), ""]),
    `**Per activation** after ${s.epochs} full-batch SGD updates at lr ${s.lr} (the same for every activation), ` +
    `H = ${s.hidden}, ${s.seeds.length} seeds (each seed's initial parameters and data the same for every ` +
    `activation), ${vanishingTargetText(result)} on ${s.points} points in [${s.xMin}, ${s.xMax}], ${s.precision}. ` +
    "Median (10–90 %) over " +
    `seeds. A unit's gradient is near zero when ‖∂L/∂(w0ⱼ, b0ⱼ)‖ is below ${s.nearZero} × the largest unit's in ` +
    `its model (it then moves over ${1 / s.nearZero} times slower than that unit under the same learning rate; ` +
    "relative to its own model, so that the threshold does not follow the size of the error, which differs by " +
    "orders of magnitude between activations), " +
    "exactly zero when it is 0 (dead: f′(z) = 0 at every input). Since ∂L/∂θ = (2/P) Σ r ∂ŷ/∂θ, the norm divided " +
    "by 2√MSE is the gradient per unit of residual r: what the network passes back, apart from how large the error " +
    "still is. A (unit, input) pair is flat when |f′(z)| is " +
    `below ${s.nearZero} × the activation's largest slope. Unit shares with a Wilson 95 % interval that treats ` +
    "units as independent (units of one model are not, so the intervals are somewhat too narrow).",
    "",
    markdownTable(
      [
        "activation",
        "final MSE",
        "‖∂L/∂(w0, b0)‖ at init",
        "‖∂L/∂(w0, b0)‖ at end",
        "the same / (2√MSE)",
        "near-zero units at end",
        "exactly-zero units at end",
        "flat pairs at end",
        "diverged",
      ],
      result.records.map((r) => activationRow(r, s.hidden)),
    ),
    ...(comparisons.length === 0 ? [] : [
      `**Paired comparisons**, ${result.records[0].activation} against each other activation on the same seeds: ` +
      "the median over seeds of the ratio (gradient norms, MSE; a log10 difference, seeds with a zero left out) " +
      "or of the difference (shares, in percentage points), its seeded bootstrap 95 % interval (10000 resamples), " +
      "the exact sign test, the Wilcoxon signed-rank test and its p-value after Holm's correction over all rows.",
      "",
      markdownTable(
        ["metric", "compared", "seeds", "median", "95 % CI", "sign p", "Wilcoxon p", "Holm p"],
        rows,
      ),
    ]),
  ]);
}
