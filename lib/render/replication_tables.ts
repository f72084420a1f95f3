/**
 * The replications' tables and sentences as Markdown (`bench/results/replications.md`), generated from their result:
 * the initialiser's Kolmogorov–Smirnov tests, the consecutive-seed correlation, the plateau share and 1 vs 0.5
 * with more seeds. README quotes this file verbatim.
 *
 * @module
 */
import { formatInterval, formatNumber, formatP, markdownDocument, markdownTable } from "./markdown.ts";
import { median } from "../experiments/stats.ts";
import type { HalfVsOne, InitCheck, PlateauShare } from "../experiments/replications.ts";

/** What `deno task replications` measures. */
export interface Replications {
  /** The initialiser check. */
  init: InitCheck;
  /** The plateau share at the essay's defaults. */
  plateau: PlateauShare;
  /** 1 vs 0.5 in the zero-initialised setting with many seeds. */
  halfVsOne: HalfVsOne;
}

const share = (s: { k: number; n: number; lo: number; hi: number }) =>
  `${s.k} of ${s.n} (${(100 * s.k / s.n).toFixed(1)} %) ${formatInterval(s)}`;

/**
 * The Markdown of `replications.md`.
 *
 * @param r the replications
 * @returns the Markdown text
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { replicationMarkdown } from "./replication_tables.ts";
 * const ks = { n: 10, d: 0.1, p: 0.9 };
 * const md = replicationMarkdown({
 *   init: { hidden: 7, seeds: 2, ks: { w0: ks, b0: ks, w1: ks, b1: ks, all: ks }, consecutive: { pairs: 22, r: 0.01, p: 0.9 } },
 *   plateau: { lr: 1e-4, hidden: 7, epochs: 1, threshold: 1, share: { k: 1, n: 2, share: 0.5, lo: 0.1, hi: 0.9 },
 *     first64: { k: 1, n: 2, share: 0.5, lo: 0.1, hi: 0.9 }, finalLoss: [2, 0] },
 *   halfVsOne: { seeds: 2, rows: [{ seeds: 2, medianDifference: 1, ci: [0, 2], signP: 0.5, wilcoxonP: 0.5 }] },
 * });
 * ok(/\| all +\| 10 +\| 0\.1 +\| 0\.9 \|/.test(md));
 * ```
 */
export function replicationMarkdown(r: Replications): string {
  const { init, plateau, halfVsOne } = r;
  const ksRows = (["w0", "b0", "w1", "b1", "all"] as const).map((k) => [
    k,
    String(init.ks[k].n),
    formatNumber(init.ks[k].d),
    formatP(init.ks[k].p),
  ]);
  const largest = halfVsOne.rows[0];
  const [uniform, independent] = [init.ks.all.p > 0.01, init.consecutive.p > 0.01];
  const significant = largest.wilcoxonP < 0.05;
  return markdownDocument([
    "<!-- generated from replications.json by deno task replications; do not edit -->",
    "",
    `**More seeds.** The initial draws of seeds 0–${init.seeds - 1} (H = ${init.hidden}) ${
      uniform ? "are what PyTorch's initialiser draws" : "differ from what PyTorch's initialiser draws"
    }, U(−1/√fan_in, 1/√fan_in): the Kolmogorov–Smirnov statistic over all ${formatNumber(init.ks.all.n)} draws ` +
    `is D = ${formatNumber(init.ks.all.d)} (p = ${formatP(init.ks.all.p)}), and consecutive seeds' draws are ` +
    `${independent ? "uncorrelated" : "correlated"} (r = ${formatNumber(init.consecutive.r)} over ` +
    `${formatNumber(init.consecutive.pairs)} pairs, p = ${formatP(init.consecutive.p)})${
      uniform && independent ? ", so seeds need no hashing" : ""
    }. At lr ${plateau.lr.toExponential()}, H = ` +
    `${plateau.hidden}, ${share(plateau.share)} seeds end on the plateau (final MSE median ${
      formatNumber(median(plateau.finalLoss.filter((v): v is number => v !== null && v > plateau.threshold)))
    }, above ` +
    `${formatNumber(plateau.threshold)}), against ${plateau.first64.k} of the first ${plateau.first64.n}: the ` +
    `dead-unit grid's ${plateau.first64.n} seeds ${
      plateau.first64.share > plateau.share.hi ? "drew more plateaus than the long-run share" : "are in line with it"
    }. In the ` +
    `zero-initialised setting (float32), 1 vs 0.5 over ${largest.seeds} seeds is ` +
    `${formatNumber(largest.medianDifference)} [${formatNumber(largest.ci[0])}, ${formatNumber(largest.ci[1])}] ` +
    `(Wilcoxon p = ${formatP(largest.wilcoxonP)}): ${
      significant ? "with enough seeds 0.5 does better than 1" : "even with this many seeds 0.5 is not shown better"
    }.`,
    "",
    `**Initialiser**: Kolmogorov–Smirnov tests of the draws of seeds 0–${init.seeds - 1}, each mapped to [0, 1] by ` +
    "its bound (1 for w0 and b0, 1/√H for w1 and b1); asymptotic p with Stephens' factor.",
    "",
    markdownTable(["parameter", "draws", "KS D", "p"], ksRows),
    `**Plateau** at lr ${plateau.lr.toExponential()}, H = ${plateau.hidden}, ${plateau.epochs} SGD updates, ` +
    `relu'(0) = 0, float32: seeds whose final MSE is above ${formatNumber(plateau.threshold)}, with a Wilson 95 % ` +
    "interval.",
    "",
    markdownTable(["seeds", "on the plateau"], [
      [`0–${plateau.first64.n - 1}`, share(plateau.first64)],
      [`0–${plateau.share.n - 1}`, share(plateau.share)],
    ]),
    "**1 vs 0.5** in the zero-initialised setting, float32, final MSE of 1 minus that of 0.5 on the same seeds.",
    "",
    markdownTable(
      ["seeds", "median of 1 − 0.5 [95 % CI]", "sign p", "Wilcoxon p"],
      halfVsOne.rows.map((row) => [
        `0–${row.seeds - 1}`,
        `${formatNumber(row.medianDifference)} [${formatNumber(row.ci[0])}, ${formatNumber(row.ci[1])}]`,
        formatP(row.signP),
        formatP(row.wilcoxonP),
      ]),
    ),
  ]);
}
