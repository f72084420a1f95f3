"""The bifurcation pass of `deno task mnist_bifurcation`, in PyTorch on the CPU.

Run by lib/mnist/torch_bifurcation.ts (`deno task mnist_bifurcation:torch`):

    python3 torch_bifurcation.py IMAGES.idx LABELS.idx IMAGES INITS_FLOAT32 INITS_FLOAT64 D1xW1,D2xW2,...

For each architecture, precision and initialisation (torch.manual_seed(init), then nn.Linear's default
initialisation, in float32, cast to the precision), one pass over the first IMAGES training images in file
order, batches of 256, pixels / 255 as torchvision's ToTensor gives them, softmax cross-entropy averaged over the
batch. A batch with a hidden pre-activation exactly 0 is differentiated twice, with relu'(0) = 0 and relu'(0) = 1
applied as alpha times the upstream gradient; the initialisation bifurcates when the two first-layer weight
gradients differ in any bit. The arithmetic is PyTorch's own, as nn.Linear computes it (F.linear: the bias, then
the products through its CPU matrix product, blocked and with fused multiply-adds where the kernel uses them).
float16 is left out: PyTorch 1.13 has no half-precision matrix product on the CPU.

Prints one JSON object on stdout: torch's version, its build's BLAS, and the cells in the layout of
mnist_bifurcation.json. Progress goes to stderr. Written for this project; it copies no code.
"""
import json
import sys
import time

import numpy as np
import torch

BATCH = 256


class ReluAt(torch.autograd.Function):
    """relu, whose derivative at an exact 0 is alpha, applied as alpha times the upstream gradient."""

    @staticmethod
    def forward(ctx, z, alpha):
        ctx.save_for_backward(z)
        ctx.alpha = alpha
        return z.clamp(min=0)

    @staticmethod
    def backward(ctx, upstream):
        (z,) = ctx.saved_tensors
        slope = (z > 0).to(upstream.dtype)
        slope[z == 0] = ctx.alpha
        return upstream * slope, None


def read_idx(path, offset):
    with open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def network(depth, width, init, dtype):
    torch.manual_seed(init)
    sizes = [784] + [width] * depth + [10]
    layers = [torch.nn.Linear(sizes[i], sizes[i + 1]) for i in range(depth + 1)]
    return [(l.weight.detach().to(dtype), l.bias.detach().to(dtype)) for l in layers]


def first_layer_gradient(params, x, y, alpha):
    weights = [w.clone().requires_grad_(i == 0) for i, (w, _) in enumerate(params)]
    h = x
    for i, (w, (_, b)) in enumerate(zip(weights, params)):
        z = torch.nn.functional.linear(h, w, b)
        h = ReluAt.apply(z, alpha) if i < len(params) - 1 else z
    loss = torch.nn.functional.cross_entropy(h, y)
    (grad,) = torch.autograd.grad(loss, [weights[0]])
    return grad


def one_pass(depth, width, init, dtype, x_all, y_all):
    params = network(depth, width, init, dtype)
    zeros = 0
    calls = 0
    for start in range(0, x_all.shape[0], BATCH):
        x = x_all[start:start + BATCH].to(dtype)
        y = y_all[start:start + BATCH]
        here = 0
        with torch.no_grad():
            h = x
            for w, b in params[:-1]:
                z = torch.nn.functional.linear(h, w, b)
                here += int((z == 0).sum())
                h = z.clamp(min=0)
        zeros += here
        calls += x.shape[0] * width * depth
        if here == 0:
            continue
        g0 = first_layer_gradient(params, x, y, 0.0)
        g1 = first_layer_gradient(params, x, y, 1.0)
        if not torch.equal(g0, g1):
            return 1, start // BATCH, zeros, calls
    return 0, -1, zeros, calls


def main(argv):
    images_path, labels_path = argv[1], argv[2]
    images, inits32, inits64 = int(argv[3]), int(argv[4]), int(argv[5])
    architectures = [tuple(int(n) for n in a.split("x")) for a in argv[6].split(",")]
    torch.set_num_threads(1)
    pixels = read_idx(images_path, 16).reshape(-1, 784)[:images]
    x_all = torch.from_numpy(pixels.astype(np.float32)) / 255.0
    y_all = torch.from_numpy(read_idx(labels_path, 8)[:images].astype(np.int64))
    cells = []
    for depth, width in architectures:
        for name, dtype, inits in (("float32", torch.float32, inits32), ("float64", torch.float64, inits64)):
            started = time.perf_counter()
            runs = [one_pass(depth, width, init, dtype, x_all, y_all) for init in range(inits)]
            seconds = time.perf_counter() - started
            cells.append({
                "depth": depth,
                "width": width,
                "precision": name,
                "bifurcated": [r[0] for r in runs],
                "firstBatch": [r[1] for r in runs],
                "zeros": [r[2] for r in runs],
                "reluCalls": [r[3] for r in runs],
                "seconds": round(seconds, 1),
            })
            print(f"{depth}x{width} {name}: {sum(r[0] for r in runs)} of {inits} in {seconds:.0f} s",
                  file=sys.stderr, flush=True)
    blas = [line.strip() for line in torch.__config__.show().splitlines() if "BLAS_INFO" in line]
    blas_info = blas[0].split("BLAS_INFO=")[1].split(",")[0] if blas else "unknown"
    print(json.dumps({"torch": torch.__version__, "blas": blas_info, "threads": 1, "cells": cells}))


if __name__ == "__main__":
    main(sys.argv)
