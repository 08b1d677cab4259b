"""Backward passes of conv2d and xcorr2d, built from the pair itself.

Both operations are linear in each operand. Embedding ``grad_out`` at its offset ``o`` in a
zero array of the 'full' shape turns every mode into the 'full' case, whose adjoints are
'valid' cross-correlations with the conjugated operand (semantics.md F4/F7):

* ``conv2d(x, k, m)  = full_conv(x, k)[o:]``,  ``o = 0 | (kh-1)//2 | kh-1`` (full|same|valid)
* ``xcorr2d(x, k, m) = full_conv(x, flip(k))[o:]``, ``o = 0 | kh//2 | kh-1``

('valid' with a kernel larger than the image uses ``o = h-1``.) Only zero fill is
differentiated, as in every deep-learning framework.

Complex convention (PyTorch's): for a real loss ``L``, ``grad_out`` holds
``dL/dRe(out) + 1j*dL/dIm(out)`` and the returned gradients hold the same for ``x`` and
``k``; for a linear map ``out = A x`` that is ``A^H grad_out``. JAX's ``vjp`` returns the
complex conjugate of these. For real data all conventions agree.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _args
from .api import xcorr2d


def conv2d_vjp(
    x: ArrayLike, k: ArrayLike, grad_out: ArrayLike, mode: str = "full"
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients ``(grad_x, grad_k)`` of ``out = conv2d(x, k, mode)`` (zero fill) given
    ``grad_out`` of ``out``'s shape; leading dimensions broadcast as in the forward call and
    are summed back to each operand's own shape. For 'valid' with a small kernel this is
    ``grad_x = xcorr2d(g, k, 'full', conj=True)`` and
    ``grad_k = flip(xcorr2d(conj(x), g, 'valid'))``; see the module docstring for the complex
    convention."""
    x, k, full = _prepare(x, k, grad_out, mode, conv=True)
    grad_x = xcorr2d(full, k, "valid", conj=True)
    grad_k = xcorr2d(full, x, "valid", conj=True)
    return _reduce(grad_x, x.shape), _reduce(grad_k, k.shape)


def xcorr2d_vjp(
    x: ArrayLike, k: ArrayLike, grad_out: ArrayLike, mode: str = "full", *, conj: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients ``(grad_x, grad_k)`` of ``out = xcorr2d(x, k, mode, conj=conj)`` (zero fill);
    for 'valid' (the convnet layer) ``grad_x = conv2d(g, conj(k), 'full')`` and
    ``grad_k = xcorr2d(conj(x), g, 'valid')`` when ``conj`` is False. Shapes, broadcasting
    and the complex convention are as in :func:`conv2d_vjp`."""
    if not isinstance(conj, (bool, np.bool_)):
        raise TypeError(f"conj must be True or False, got {conj!r}")
    x, k, full = _prepare(x, k, grad_out, mode, conv=False)
    kt = np.conj(k) if conj and k.dtype.kind == "c" else k
    grad_x = xcorr2d(full, kt[..., ::-1, ::-1], "valid", conj=True)
    grad_h = xcorr2d(full, x, "valid", conj=True)[..., ::-1, ::-1]
    grad_k = np.conj(grad_h) if conj and grad_h.dtype.kind == "c" else grad_h
    return _reduce(grad_x, x.shape), _reduce(grad_k, k.shape)


def _prepare(x, k, grad_out, mode, conv: bool):
    mode = _args.check_mode(mode)
    x = _args.as_operand("x", x)
    k = _args.as_operand("k", k)
    g = np.asarray(grad_out)
    _args.result_dtype(x, k, None)
    _args.as_operand("grad_out", g)
    batch = _args.batch_shape(x, k)
    (h, w), (kh, kw) = x.shape[-2:], k.shape[-2:]
    geo = _args.geometry(mode, (h, w), (kh, kw), conv)
    expected = batch + geo.out_shape
    if g.shape != expected:
        raise ValueError(
            f"grad_out must have the output shape {expected} of mode {mode!r}, got {g.shape}"
        )
    offsets = [_offset(mode, n, m, conv) for n, m in ((h, kh), (w, kw))]
    full = np.zeros((*batch, h + kh - 1, w + kw - 1), np.result_type(g, x, k))
    (r, c), (oh, ow) = offsets, geo.out_shape
    full[..., r : r + oh, c : c + ow] = g
    return x, k, full


def _offset(mode: str, n: int, m: int, conv: bool) -> int:
    if mode == "full":
        return 0
    if mode == "same":
        return (m - 1) // 2 if conv else m // 2
    return min(n, m) - 1


def _reduce(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum a broadcast gradient back to an operand's shape."""
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape[:-2]) if n == 1 and grad.shape[i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad
