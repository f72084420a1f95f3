/**
 * The essay's model (H = 7, y = x³ on 300 points of [−10, 10], float32)
 * trained from a zero hidden layer (w0 = b0 = 0, w1 and b1 as seed 0 draws
 * them), where relu′(0) or the kink derivative decides the training: with
 * the fused engine on the active backend, counting exact zeros, recorded in
 * the run-file shape that `tools/torch_replay.py` replays (with the
 * activation's slopes when one is named). The PyTorch cross-checks of relu
 * and of the other activations both train their runs here.
 */
import { createFusedEngine, piecewiseSlopes } from "../../lib/engine/mod.ts";
import { createRegressor, type GradAtZero, type OptimizerName, targetData } from "../../lib/model/mod.ts";

/** What to train: the activation (relu when absent, and then not recorded), the kink derivative, optimizer, lr and epochs. */
export interface ZeroHiddenOptions {
  activation?: string;
  gradAtZero: GradAtZero;
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
}

/** The run in the run-file shape, and the exact zeros counted at each update. */
export async function zeroHiddenRun(
  o: ZeroHiddenOptions,
): Promise<{ run: Record<string, unknown> & { losses: number[] }; zeros: number[] }> {
  const config = {
    hidden: 7,
    epochs: o.epochs,
    lr: o.lr,
    optimizer: o.optimizer,
    seed: 0,
    every: o.epochs,
    points: 300,
    xMin: -10,
    xMax: 10,
    gradAtZero: o.gradAtZero,
    init: "zero-hidden" as const,
    precision: "float32" as const,
    backend: "cpu" as const,
    ...(o.activation === undefined ? {} : { activation: o.activation }),
  };
  const init = createRegressor({ hidden: config.hidden, seed: config.seed, init: "zero-hidden" });
  const { x, y } = targetData(config);
  const engine = await createFusedEngine({
    x,
    y,
    init: [init],
    seeds: [config.seed],
    lr: o.lr,
    optimizer: o.optimizer,
    gradAtZero: o.gradAtZero,
    ...(o.activation === undefined ? {} : { activation: o.activation }),
    countZeros: true,
  });
  try {
    const { losses: [losses], zeros } = await engine.step(o.epochs);
    const [last] = await engine.evaluate();
    const [params] = await engine.params();
    return {
      run: {
        config,
        ...(o.activation === undefined ? {} : { slopes: piecewiseSlopes(o.activation) }),
        x,
        y,
        losses: [...losses, last],
        snapshots: [{ epoch: 0, loss: losses[0], ...init }, { epoch: o.epochs, loss: last, ...params }],
      },
      zeros: Array.from(zeros![0]),
    };
  } finally {
    engine.dispose();
  }
}
