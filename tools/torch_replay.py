#!/usr/bin/env python3
"""Replays a training run of dissecting-relu in PyTorch, independently of tfjs.

Generated from lib/render/torch_replay_py.ts by `deno task build:torch_replay`: edit that file, not this one (the
exported training.py of `deno task train -- --formats py` holds the same code).

Usage: /usr/bin/python3 tools/torch_replay.py RUN.json [RUN.json ...]

For each training.json (the file `deno task train -- --formats json` writes;
for an activation other than relu, the JSON of torchReplayRun(run) in
lib/render/training_py.ts, which adds its slopes or its name) it rebuilds the
1-H-1 regressor in the run's precision (float32 or float64) from the epoch-0 snapshot, trains `config.epochs` full-batch updates
with torch.optim.SGD or torch.optim.Adam at `config.lr` on the file's x and y,
and prints one line of JSON per file, in order:

    {"losses": [epochs + 1 numbers], "zeros": [epochs counts]}

losses[k] is the MSE before update k (and losses[epochs] after the last), the
same meaning as the run file's `losses`; zeros[k] counts the P*H
pre-activations that were exactly 0 in the forward pass of update k (what the
project's engines report with `countZeros`). relu'(0) is a custom
autograd.Function: relu'(z) is 1 for z > 0, 0 for z < 0 and g at z == 0
exactly, with g = config.gradAtZero, or for "random" the project's
hashUniform(seed, k, p*H + j) (lib/math/random.ts), reimplemented here bit for bit.
"""
import json
import sys

try:
    import numpy as np
    import torch
except ImportError as missing:
    print(f"{sys.argv[0]} needs PyTorch and numpy ({missing}); install them, e.g. pip install torch numpy",
          file=sys.stderr)
    sys.exit(3)

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

# PyTorch's Adam defaults, which the project uses too (ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON in lib/engine/contract.ts).
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
# The run's precision (config.precision, float32 when absent) as a torch dtype.
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def hash32(x):
    """lib/math/random.ts hash32 ("lowbias32") on uint32 arrays; numpy's uint32 products wrap modulo 2^32 like Math.imul."""
    x = np.asarray(x, dtype=np.uint32)
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint32(16))
        x = x * np.uint32(0x7FEB352D)
        x = x ^ (x >> np.uint32(15))
        x = x * np.uint32(0x846CA68B)
        x = x ^ (x >> np.uint32(16))
    return x


def hash_uniform(seed, step, index):
    """lib/math/random.ts hashUniform: hash32(hash32(hash32(seed) ^ step) ^ index) on float32's 24-bit grid, in [0, 1)."""
    h = hash32(hash32(hash32(np.uint32(seed)) ^ np.uint32(step)) ^ np.asarray(index, dtype=np.uint32))
    return (h >> np.uint32(8)).astype(np.float32) / np.float32(16777216)  # exact: h >> 8 < 2^24


class ReluWithGradAtZero(torch.autograd.Function):
    """relu(z) = max(z, 0); backward: 1 for z > 0, 0 for z < 0, at_zero (a tensor of z's shape, or a scalar) at z == 0."""

    @staticmethod
    def forward(ctx, z, at_zero):
        ctx.save_for_backward(z, at_zero)
        return z.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_out):
        z, at_zero = ctx.saved_tensors
        slope = torch.where(z > 0, torch.ones_like(z), torch.zeros_like(z))
        slope = torch.where(z == 0, at_zero.expand_as(z), slope)
        return grad_out * slope, None


class PiecewiseLinear(torch.autograd.Function):
    """a(z) = right*z for z > 0, left*z otherwise; backward: right for z > 0, left for z < 0, at_zero at z == 0."""

    @staticmethod
    def forward(ctx, z, at_zero, left, right):
        ctx.save_for_backward(z, at_zero)
        ctx.slopes = (left, right)
        return torch.where(z > 0, z * right, z * left)

    @staticmethod
    def backward(ctx, grad_out):
        z, at_zero = ctx.saved_tensors
        left, right = ctx.slopes
        slope = torch.where(z > 0, torch.full_like(z, right), torch.full_like(z, left))
        slope = torch.where(z == 0, at_zero.expand_as(z), slope)
        return grad_out * slope, None, None, None


RELU_SLOPES = {"left": 0.0, "right": 1.0}
# The smooth activations by name (TORCH_ACTIVATIONS in lib/render/torch_replay_py.ts).
SMOOTH = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "softplus": torch.nn.functional.softplus, "gelu": lambda z: torch.nn.functional.gelu(z, approximate="tanh")}


def replay(run, start=None, stop=None):
    """Trains full-batch updates on run["x"], run["y"] from the snapshot `start` (default run["snapshots"][0], epoch 0)
    until epoch `stop` (default run["config"]["epochs"]).

    Returns {"losses": [...], "zeros": [...], "params": {...}}: losses[i] is the MSE before update start["epoch"] + i (and the last one
    after the update before `stop`), zeros[i] the number of the P*H pre-activations that were exactly 0 in that
    update's forward pass; params the parameters after the last update. The activation is a(z) = right*z for z > 0, left*z otherwise, with the slopes of
    run["slopes"] (relu's 0 and 1 when absent); its derivative at z == 0 exactly is g = config["gradAtZero"], or for
    "random" left + (right - left) * hash_uniform(seed, k, p*H + j) at update k. Or, where run["smooth"] names one, a
    smooth activation of SMOOTH, differentiated by autograd. Adam starts from zero moments, so it
    replays from epoch 0 only; SGD's state is the parameters alone, so it may restart from any snapshot.
    """
    config = run["config"]
    dtype = DTYPES[config.get("precision", "float32")]
    H = config["hidden"]
    first = run["snapshots"][0] if start is None else start
    stop = config["epochs"] if stop is None else stop
    if config["optimizer"] != "sgd" and first["epoch"] != 0:
        raise ValueError(f"{config['optimizer']} replays from epoch 0 only, not from epoch {first['epoch']}")
    if "slopes" not in run and "smooth" not in run and config.get("activation", "relu") != "relu":
        raise ValueError(f"the run's activation {config['activation']!r} needs run['slopes'] or run['smooth']: "
                         "pass torchReplayRun(run) (lib/render/training_py.ts), not training.json as written")
    smooth = SMOOTH[run["smooth"]] if "smooth" in run else None
    slopes = run.get("slopes", RELU_SLOPES)
    left, right = float(slopes["left"]), float(slopes["right"])
    relu = (left, right) == (0.0, 1.0)
    x = torch.tensor(run["x"], dtype=dtype).unsqueeze(1)  # (P, 1)
    y = torch.tensor(run["y"], dtype=dtype)  # (P,)
    P = x.shape[0]
    w0 = torch.nn.Parameter(torch.tensor(first["w0"], dtype=dtype))
    b0 = torch.nn.Parameter(torch.tensor(first["b0"], dtype=dtype))
    w1 = torch.nn.Parameter(torch.tensor(first["w1"], dtype=dtype))
    b1 = torch.nn.Parameter(torch.tensor(first["b1"], dtype=dtype))
    params = [w0, b0, w1, b1]
    if config["optimizer"] == "sgd":
        opt = torch.optim.SGD(params, lr=config["lr"])
    elif config["optimizer"] == "adam":
        opt = torch.optim.Adam(params, lr=config["lr"], betas=ADAM_BETAS, eps=ADAM_EPS)
    else:
        raise ValueError(f"unknown optimizer {config['optimizer']!r}")
    g = config["gradAtZero"]
    index = (np.arange(P, dtype=np.uint32)[:, None] * np.uint32(H) + np.arange(H, dtype=np.uint32)[None, :])

    def at_zero(k):
        if g == "random":  # left + (right - left) * u in float64 (relu: u itself), then in the run's precision
            u = hash_uniform(config["seed"], k, index).astype(np.float64)
            return torch.from_numpy(left + (right - left) * u).to(dtype)
        return torch.tensor(float(g), dtype=dtype)

    def forward(k):
        # z = w0*x + b0 as two operations, each rounded, exactly as the project
        # computes it (z = fround(fround(w0·x) + b0) in float32). nn.Linear would
        # use addmm, which may fuse the multiply and the add (FMA, one rounding)
        # and so put z = 0 where the project has a tiny non-zero z, or the reverse.
        z = x * w0 + b0  # (P, H)
        if smooth is not None:
            a = smooth(z)
        elif relu:
            a = ReluWithGradAtZero.apply(z, at_zero(k))
        else:
            a = PiecewiseLinear.apply(z, at_zero(k), left, right)
        y_hat = a @ w1 + b1
        return torch.nn.functional.mse_loss(y_hat, y), int((z == 0).sum())

    losses, zeros = [], []
    for k in range(first["epoch"], stop):
        opt.zero_grad()
        loss, n = forward(k)
        losses.append(loss.item())
        zeros.append(n)
        loss.backward()
        opt.step()
    with torch.no_grad():
        loss, _ = forward(stop)
    losses.append(loss.item())
    final = {"w0": w0.tolist(), "b0": b0.tolist(), "w1": w1.tolist(), "b1": b1.item()}
    return {"losses": losses, "zeros": zeros, "params": final}


def test_loss(run, params):
    """The MSE on run["test"]'s held-out points at `params`, in float64 (as the project computes a run's test loss)."""
    dtype = torch.float64
    x = torch.tensor(run["test"]["x"], dtype=dtype).unsqueeze(1)
    y = torch.tensor(run["test"]["y"], dtype=dtype)
    w0, b0, w1 = (torch.tensor(params[k], dtype=dtype) for k in ("w0", "b0", "w1"))
    z = x * w0 + b0
    if "smooth" in run:
        a = SMOOTH[run["smooth"]](z)
    else:
        slopes = run.get("slopes", RELU_SLOPES)
        a = torch.where(z > 0, z * float(slopes["right"]), z * float(slopes["left"]))
    return float(((a @ w1 + float(params["b1"]) - y) ** 2).mean())


def largest_relative_deviation(curve, reference):
    """The largest |curve[k] - reference[k]| / |reference[k]| and its k; NaN (or a missing loss) counts as infinite."""
    worst, at = 0.0, 0
    for k, r in enumerate(reference):
        value = abs(curve[k] - r) / abs(r) if k < len(curve) else float("inf")
        if not value <= worst:
            worst, at = (value if value == value else float("inf")), k
    return worst, at


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in paths:
        with open(path) as f:
            print(json.dumps(replay(json.load(f))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
