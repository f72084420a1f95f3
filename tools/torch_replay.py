#!/usr/bin/env python3
"""Replays a training run of dissecting-relu in PyTorch, independently of tfjs.

Usage: /usr/bin/python3 tools/torch_replay.py RUN.json [RUN.json ...]

For each training.json (the file `scripts/training.ts --formats json` writes)
it rebuilds the 1-H-1 ReLU regressor in float32 from the epoch-0 snapshot,
trains `config.epochs` full-batch updates with torch.optim.SGD or
torch.optim.Adam at `config.lr` on the file's x and y, and prints one line of
JSON per file, in order:

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

import numpy as np
import torch

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

# PyTorch's Adam defaults, which the project uses too (ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON in lib/engine/contract.ts).
ADAM_BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8


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


def replay(run):
    config = run["config"]
    H = config["hidden"]
    epochs = config["epochs"]
    first = run["snapshots"][0]
    if first["epoch"] != 0:
        raise ValueError(f"the first snapshot must be epoch 0, got {first['epoch']}")
    x = torch.tensor(run["x"], dtype=torch.float32).unsqueeze(1)  # (P, 1)
    y = torch.tensor(run["y"], dtype=torch.float32)  # (P,)
    P = x.shape[0]
    w0 = torch.nn.Parameter(torch.tensor(first["w0"], dtype=torch.float32))
    b0 = torch.nn.Parameter(torch.tensor(first["b0"], dtype=torch.float32))
    w1 = torch.nn.Parameter(torch.tensor(first["w1"], dtype=torch.float32))
    b1 = torch.nn.Parameter(torch.tensor(first["b1"], dtype=torch.float32))
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
        if g == "random":
            return torch.from_numpy(hash_uniform(config["seed"], k, index))
        return torch.tensor(float(g), dtype=torch.float32)

    def forward(k):
        # z = w0*x + b0 as two float32 operations, each rounded, exactly as the
        # project computes it (z = fround(fround(w0·x) + b0)). nn.Linear would
        # use addmm, which may fuse the multiply and the add (FMA, one rounding)
        # and so put z = 0 where the project has a tiny non-zero z, or the reverse.
        z = x * w0 + b0  # (P, H)
        a = ReluWithGradAtZero.apply(z, at_zero(k))
        y_hat = a @ w1 + b1
        return torch.nn.functional.mse_loss(y_hat, y), int((z == 0).sum())

    losses, zeros = [], []
    for k in range(epochs):
        opt.zero_grad()
        loss, n = forward(k)
        losses.append(loss.item())
        zeros.append(n)
        loss.backward()
        opt.step()
    with torch.no_grad():
        loss, _ = forward(epochs)
    losses.append(loss.item())
    return {"losses": losses, "zeros": zeros}


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
