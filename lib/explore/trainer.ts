/**
 * Live training for the page: a network that trains a few steps at a time
 * (one animation frame's worth) on any engine of the engine contract, and
 * can at any moment hand back the run so far as the project's
 * `training.json` — the same record, number for number, that `deno task
 * train` writes for as many epochs with the same settings on the same
 * backend. Engine calls never cross a multiple of the snapshot interval, so
 * snapshots land where the command line takes them.
 *
 * @module
 */
import type { EngineFactory, TrainingEngine } from "../engine/contract.ts";
import { defaultEvery, ESSAY } from "../essay.ts";
import { createRegressor, targetData } from "../model/regressor.ts";
import type {
  GradAtZero,
  HiddenInit,
  OptimizerName,
  Precision,
  RegressorParams,
  Snapshot,
  TrainingConfig,
  TrainingRun,
} from "../model/run.ts";
import { TRAINING_LIMITS } from "../model/limits.ts";
import { PAGE_LIMITS } from "./config.ts";

/** What shapes the numbers of a live run. */
export interface LiveConfig {
  /** Hidden units H. */
  hidden: number;
  /** Learning rate. */
  lr: number;
  /** Optimizer. */
  optimizer: OptimizerName;
  /** relu'(0) during training. */
  gradAtZero: GradAtZero;
  /** How the hidden layer starts. */
  init: HiddenInit;
  /** Seed of the initialisation (and of relu'(0) = random). */
  seed: number;
  /** Training points, evenly spaced in [xMin, xMax]. */
  points: number;
  /** The arithmetic (default float32, the command line's; float64 runs on the cpu backend only). */
  precision?: Precision;
}

/** The input range of the page's runs: the essay's [−10, 10]. */
export const LIVE_RANGE: Readonly<{ xMin: number; xMax: number }> = Object.freeze({
  xMin: ESSAY.xMin,
  xMax: ESSAY.xMax,
});

/** The snapshot interval of the page's runs: the essay's 100 (or the run's length when shorter). */
export const LIVE_EVERY: number = ESSAY.every;

/** Why a live run stopped on its own. */
export interface LiveStop {
  /** `diverged` (a NaN or infinite loss) or `limit` (the most epochs a training.json holds). */
  reason: "diverged" | "limit";
  /** The epoch it stopped at. */
  epoch: number;
  /** The loss there (not finite after a divergence). */
  loss: number;
  /** One line for the reader, worded as the command line words it. */
  message: string;
}

/** A network training live. */
export interface LiveTrainer {
  /** The settings. */
  readonly config: Readonly<LiveConfig>;
  /** The backend the engine runs on. */
  readonly backend: TrainingEngine["backend"];
  /** Training inputs. */
  readonly x: readonly number[];
  /** Training targets. */
  readonly y: readonly number[];
  /** Updates done. */
  epoch(): number;
  /** `losses()[k]`: the MSE after k updates, for k < epoch (the engine's record; not a copy). */
  losses(): readonly number[];
  /** The MSE at the current parameters (after a divergence: the last finite one, at {@link LiveTrainer.paramsEpoch}). */
  loss(): number;
  /** The current parameters (after a divergence: the last ones whose loss is finite). */
  params(): RegressorParams;
  /** The epoch of {@link LiveTrainer.params}: {@link LiveTrainer.epoch}, or one before the divergence. */
  paramsEpoch(): number;
  /** Why the run stopped, or null while it can go on. */
  stopped(): LiveStop | null;
  /** Applies up to `steps` updates (fewer at the epoch limit; none once stopped); resolves to the number done. */
  step(steps: number): Promise<number>;
  /** The run so far as `training.json` holds it; throws before the first update or after a divergence. */
  run(): TrainingRun;
  /** Frees the engine. */
  dispose(): void;
}

/** Options of {@link createLiveTrainer}. */
export interface LiveTrainerOptions {
  /** Starts the engine on the active backend (the page passes `createFusedEngine`). */
  createEngine: EngineFactory;
  /** The most epochs (default: what one training.json holds, 1,000,000). */
  maxEpochs?: number;
  /**
   * The most epochs × points × H replayed after a divergence to recover the
   * last finite parameters (default: the page's limit for replaying a link);
   * beyond it the parameters stay those of the last engine call before it.
   */
  maxRecoverWork?: number;
}

/**
 * Starts a live run: initialises the network (`createRegressor`, as the
 * command line does), starts the engine and evaluates the loss at the
 * initial parameters, in float32 (the command line's default) or float64.
 * After a divergence the run replays itself on a fresh engine to the update
 * before it, so that `params()` are the last whose loss is finite.
 *
 * @param config what shapes the numbers
 * @param options the engine
 * @returns the trainer
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createLiveTrainer } from "./trainer.ts";
 * import { createFusedEngine } from "../engine/fused.ts";
 * import { selectBackend } from "../engine/backend.ts";
 * await selectBackend("cpu");
 * const config = { hidden: 7, lr: 1e-4, optimizer: "sgd" as const, gradAtZero: 0, init: "pytorch" as const, seed: 0, points: 300 };
 * const live = await createLiveTrainer(config, { createEngine: createFusedEngine });
 * strictEqual(await live.step(150), 150);
 * strictEqual(live.run().snapshots.map((s) => s.epoch).join(), "0,100,150");
 * live.dispose();
 * ```
 */
export async function createLiveTrainer(config: LiveConfig, options: LiveTrainerOptions): Promise<LiveTrainer> {
  const c: LiveConfig = { ...config };
  const maxEpochs = options.maxEpochs ?? TRAINING_LIMITS.epochs;
  const init = createRegressor({ hidden: c.hidden, seed: c.seed, init: c.init });
  const { x, y } = targetData({ points: c.points, ...LIVE_RANGE });
  const precision = c.precision ?? "float32";
  const spec = {
    ...{ x, y, init: [init], seeds: [c.seed], lr: c.lr, optimizer: c.optimizer, gradAtZero: c.gradAtZero },
    precision,
  };
  const engine = await options.createEngine(spec);
  const maxRecoverWork = options.maxRecoverWork ?? PAGE_LIMITS.replayWork;
  const losses: number[] = [];
  const snapshots: (RegressorParams & { epoch: number })[] = [{ epoch: 0, ...init }];
  let current: RegressorParams = init;
  let currentEpoch = 0;
  let stop: LiveStop | null = null;
  let disposed = false;

  const diverged = (epoch: number, loss: number) => {
    stop = {
      reason: "diverged",
      epoch,
      loss,
      message: `training diverged at epoch ${epoch} (loss = ${loss}); try a smaller lr (now ${c.lr})`,
    };
  };
  /** The loss at the current parameters: the last entry of `losses`, replaced after each call. */
  const evaluate = async () => {
    const [loss] = await engine.evaluate();
    if (!Number.isFinite(loss)) diverged(losses.length, loss);
    return loss;
  };
  /** After a divergence: the parameters after `target` updates, replayed on a fresh engine (the same numbers). */
  const recover = async (target: number) => {
    if (target <= currentEpoch || target * c.points * c.hidden > maxRecoverWork) return;
    const again = await options.createEngine(spec);
    try {
      for (let epoch = 0; epoch < target;) {
        const next = Math.min(target, (Math.floor(epoch / LIVE_EVERY) + 1) * LIVE_EVERY);
        await again.step(next - epoch);
        epoch = next;
      }
      [current] = await again.params();
      currentEpoch = target;
    } finally {
      again.dispose();
    }
  };
  let lossNow: number;
  try {
    lossNow = await evaluate();
  } catch (e) {
    engine.dispose();
    throw e;
  }

  const live: LiveTrainer = {
    config: c,
    backend: engine.backend,
    x,
    y,
    epoch: () => losses.length,
    losses: () => losses,
    loss: () => stop?.reason === "diverged" ? losses[currentEpoch] ?? lossNow : lossNow,
    params: () => current,
    paramsEpoch: () => currentEpoch,
    stopped: () => stop,
    async step(steps: number): Promise<number> {
      if (disposed) throw new Error("The live trainer was disposed");
      if (!Number.isInteger(steps) || steps < 1) {
        throw new RangeError(`Cannot train: steps must be a positive integer, got ${steps}`);
      }
      const start = losses.length;
      const end = Math.min(start + steps, maxEpochs);
      while (stop === null && losses.length < end) {
        const epoch = losses.length;
        const next = Math.min(end, (Math.floor(epoch / LIVE_EVERY) + 1) * LIVE_EVERY);
        const { losses: [chunk] } = await engine.step(next - epoch);
        for (const loss of chunk) {
          if (!Number.isFinite(loss)) {
            diverged(losses.length, loss);
            break;
          }
          losses.push(loss);
        }
        if (stop !== null) break;
        const [params] = await engine.params();
        current = params;
        currentEpoch = next;
        if (next % LIVE_EVERY === 0) snapshots.push({ epoch: next, ...params });
      }
      if (stop !== null) await recover(losses.length - 1);
      if (stop === null) lossNow = await evaluate();
      if (stop === null && losses.length >= maxEpochs) {
        stop = {
          reason: "limit",
          epoch: losses.length,
          loss: lossNow,
          message: `stopped at epoch ${losses.length}, the most one training.json holds`,
        };
      }
      return losses.length - start;
    },
    run(): TrainingRun {
      const epochs = losses.length;
      if (stop?.reason === "diverged") throw new Error(`a diverged run cannot be saved: ${stop.message}`);
      if (epochs < 1) throw new Error("a run needs at least one update before it can be saved");
      const every = defaultEvery(epochs);
      const all = [...losses, lossNow];
      // The command line snapshots every `every` epochs and at the end; a run shorter than LIVE_EVERY has only the two.
      const kept = snapshots.filter((s) => s.epoch % every === 0 && s.epoch < epochs);
      const last = { epoch: epochs, ...current };
      const runConfig: TrainingConfig = {
        hidden: c.hidden,
        epochs,
        lr: c.lr,
        optimizer: c.optimizer,
        seed: c.seed,
        every,
        points: c.points,
        xMin: LIVE_RANGE.xMin,
        xMax: LIVE_RANGE.xMax,
        gradAtZero: c.gradAtZero,
        init: c.init,
        precision,
        backend: engine.backend,
      };
      const out: Snapshot[] = [...kept, last].map(({ epoch, w0, b0, w1, b1 }) => ({
        epoch,
        loss: all[epoch],
        w0: [...w0],
        b0: [...b0],
        w1: [...w1],
        b1,
      }));
      return { config: runConfig, x: [...x], y: [...y], losses: all, snapshots: out };
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      engine.dispose();
    },
  };
  return live;
}
