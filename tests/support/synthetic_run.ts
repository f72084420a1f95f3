/**
 * A synthetic {@link TrainingRun} for rendering tests and benchmarks, so they
 * need no trainer: the parameters drift from a PyTorch-like initialisation to a
 * least-squares ReLU fit of y = x³ along a seeded random walk, and the last
 * unit ends up dead.
 *
 * @module
 */
import { createRng } from "../../lib/math/random.ts";
import type { RegressorParams, Snapshot, TrainingRun } from "../../lib/model/run.ts";

/** Options of {@link syntheticRun}. */
export interface SyntheticRunOptions {
  /** Hidden units (default 7). */
  hidden?: number;
  /** Epochs (default 4000). */
  epochs?: number;
  /** Snapshot interval (default 100, so 41 snapshots). */
  every?: number;
  /** Training points (default 300). */
  points?: number;
  /** Seed (default 0). */
  seed?: number;
}

function mse(p: RegressorParams, x: readonly number[], y: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    let out = p.b1;
    for (let j = 0; j < p.w0.length; j++) out += p.w1[j] * Math.max(0, p.w0[j] * x[i] + p.b0[j]);
    sum += (out - y[i]) ** 2;
  }
  return sum / x.length;
}

/** Solves the least-squares output layer for fixed hidden units (normal equations, Gaussian elimination). */
function fitOutput(
  w0: number[],
  b0: number[],
  x: readonly number[],
  y: readonly number[],
): { w1: number[]; b1: number } {
  const n = w0.length + 1;
  const features = x.map((xi) => [...w0.map((w, j) => Math.max(0, w * xi + b0[j])), 1]);
  const a = Array.from(
    { length: n },
    (_, r) =>
      Array.from(
        { length: n + 1 },
        (_, c) =>
          c < n
            ? features.reduce((s, f) => s + f[r] * f[c], 0) + (r === c ? 1e-6 : 0)
            : features.reduce((s, f, i) => s + f[r] * y[i], 0),
      ),
  );
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const k = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= k * a[col][c];
    }
  }
  const sol = a.map((row, r) => row[n] / row[r]);
  return { w1: sol.slice(0, n - 1), b1: sol[n - 1] };
}

/** A deterministic synthetic training run (41 snapshots with the defaults). */
export function syntheticRun(options: SyntheticRunOptions = {}): TrainingRun {
  const { hidden = 7, epochs = 4000, every = 100, points = 300, seed = 0 } = options;
  const rng = createRng(seed);
  const xMin = -10;
  const xMax = 10;
  const x = Array.from({ length: points }, (_, i) => xMin + ((xMax - xMin) * i) / (points - 1));
  const y = x.map((v) => v ** 3);
  const bound = 1 / Math.sqrt(hidden);
  const init: RegressorParams = {
    w0: Array.from({ length: hidden }, () => rng.uniform(-1, 1)),
    b0: Array.from({ length: hidden }, () => rng.uniform(-1, 1)),
    w1: Array.from({ length: hidden }, () => rng.uniform(-bound, bound)),
    b1: rng.uniform(-bound, bound),
  };
  // Target: kinks spread over the interval, alternating directions; the last unit is dead (w0·x + b0 < 0 on [-10, 10]).
  const tw0 = init.w0.map((_, j) => (j === hidden - 1 ? 0.3 : j % 2 === 0 ? 1 : -1));
  const tb0 = tw0.map((w, j) => (j === hidden - 1 ? -4 : -w * (xMin + ((xMax - xMin) * (j + 1)) / hidden)));
  const live = fitOutput(tw0.slice(0, -1), tb0.slice(0, -1), x, y);
  const target: RegressorParams = { w0: tw0, b0: tb0, w1: [...live.w1, 0], b1: live.b1 };
  const noise = { w0: init.w0.map(() => 0), b0: init.b0.map(() => 0), w1: init.w1.map(() => 0), b1: 0 };
  const losses: number[] = [];
  const snapshots: Snapshot[] = [];
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const s = 1 - Math.exp(-epoch / (epochs / 5));
    const damp = 1 - s;
    if (epoch > 0) {
      for (let j = 0; j < hidden; j++) {
        noise.w0[j] += 0.02 * (rng.next() - 0.5);
        noise.b0[j] += 0.05 * (rng.next() - 0.5);
        noise.w1[j] += 0.5 * (rng.next() - 0.5);
      }
      noise.b1 += 2 * (rng.next() - 0.5);
    }
    const mix = (a: number, b: number, n: number) => a + (b - a) * s + n * damp;
    const p: RegressorParams = {
      w0: init.w0.map((v, j) => mix(v, target.w0[j], noise.w0[j])),
      b0: init.b0.map((v, j) => mix(v, target.b0[j], noise.b0[j])),
      w1: init.w1.map((v, j) => mix(v, target.w1[j], noise.w1[j])),
      b1: mix(init.b1, target.b1, noise.b1),
    };
    const loss = mse(p, x, y);
    losses.push(loss);
    if (epoch % every === 0 || epoch === epochs) snapshots.push({ epoch, loss, ...p });
  }
  return {
    config: {
      hidden,
      epochs,
      lr: 1e-4,
      optimizer: "sgd",
      seed,
      every,
      points,
      xMin,
      xMax,
      gradAtZero: 0,
      init: "pytorch",
      precision: "float32",
      backend: "cpu",
    },
    x,
    y,
    losses,
    snapshots,
  };
}
