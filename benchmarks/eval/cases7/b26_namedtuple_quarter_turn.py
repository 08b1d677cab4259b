# eval-label: buggy
# eval-expect: CNV303@20
# eval-why: np.rot90(w, -1) is a single quarter turn clockwise, not the 180-degree flip the input gradient of a correlation layer needs
# eval-fix: np.rot90(params.w, -1) => np.rot90(params.w, 2)
"""Functional conv layer: parameters in a namedtuple, gradients as a new namedtuple."""
from collections import namedtuple

import numpy as np
from scipy.signal import correlate2d

Params = namedtuple("Params", "w b")
Grads = namedtuple("Grads", "dx dw db")


def forward(params: Params, x):
    return correlate2d(x, params.w, "valid") + params.b


def backward(params: Params, x, dy) -> Grads:
    w_flip = np.rot90(params.w, -1)  # flip for the full correlation
    dx = correlate2d(dy, w_flip, "full")
    dw = correlate2d(x, dy, "valid")
    return Grads(dx=dx, dw=dw, db=dy.sum())


def update(params: Params, grads: Grads, lr: float) -> Params:
    return Params(w=params.w - lr * grads.dw, b=params.b - lr * grads.db)


def momentum(params: Params, grads: Grads, state, lr=1e-2, beta=0.9):
    vw = beta * state.get("w", 0.0) + grads.dw
    vb = beta * state.get("b", 0.0) + grads.db
    state.update(w=vw, b=vb)
    return Params(w=params.w - lr * vw, b=params.b - lr * vb), state


def n_params(params: Params) -> int:
    return params.w.size + 1


def describe(params: Params) -> str:
    kh, kw = params.w.shape
    return f"conv {kh}x{kw}, {n_params(params)} parameters"


def zero_like(params: Params) -> Params:
    return Params(w=np.zeros_like(params.w), b=0.0)


if __name__ == "__main__":
    rng = np.random.default_rng(30)
    p = Params(w=rng.standard_normal((3, 3)), b=0.1)
    x = rng.standard_normal((7, 7))
    dy = rng.standard_normal((5, 5))
    grads = backward(p, x, dy)
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = 1e-6
        num[idx] = ((forward(p, x + e) - forward(p, x - e)) * dy).sum() / 2e-6
    p = update(p, grads, 1e-3)
    p, _ = momentum(p, grads, {})
    print(describe(p))
    print("EVAL-RESULT:", "agree" if np.allclose(grads.dx, num, atol=1e-6) else "differ")
