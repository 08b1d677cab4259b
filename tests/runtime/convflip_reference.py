"""A slow, independent oracle for conv2d / xcorr2d, written from the definitions.

Nothing here shares code with convflip: the boundary extension is an explicit index map
(no np.pad), every output is one Python-level sum over the kernel, and integer data is summed
in Python ints (object arrays), so integer results are exact before the final wrap.
"""

from __future__ import annotations

import numpy as np


def extend_index(i: int, n: int, boundary: str) -> int | None:
    """Where index ``i`` of the extended signal reads from (None: the fill value)."""
    if 0 <= i < n:
        return i
    if boundary in ("fill", "pad"):
        return None
    if boundary in ("wrap", "circular"):
        return i % n
    r = i % (2 * n)  # symmetric: ... c b a | a b c | c b a ...
    return r if r < n else 2 * n - 1 - r


def _value(x, i, j, boundary, fill):
    h, w = x.shape
    a, b = extend_index(i, h, boundary), extend_index(j, w, boundary)
    if a is None or b is None:
        return fill
    return x[a, b]


def _exactify(a: np.ndarray) -> np.ndarray:
    return a.astype(object) if a.dtype.kind in "iub" else a.astype(np.clongdouble)


def _full_index_start(mode: str, n: int, m: int, conv: bool) -> int:
    if mode == "full":
        return 0
    if mode == "same":
        return (m - 1) // 2 if conv else m // 2
    return min(n, m) - 1


def _out_len(mode: str, n: int, m: int) -> int:
    return {"full": n + m - 1, "same": n, "valid": abs(n - m) + 1}[mode]


def ref_conv2d(x, k, mode="full", boundary="fill", fillvalue=0):
    """``out[p, q] = sum_ab k[a, b] * ext(x)[p - a, q - b]`` on the mode's window of p."""
    x, k = np.asarray(x), np.asarray(k)
    if mode == "valid" and x.shape[0] <= k.shape[0] and x.shape[1] <= k.shape[1]:
        x, k = k, x  # scipy's swap; convolution commutes
    return _apply(x, k, mode, boundary, fillvalue, conv=True)


def ref_xcorr2d(x, k, mode="full", boundary="fill", fillvalue=0, conj=False):
    """``C[p, q] = sum_ab ext(x)[p - (kh-1) + a, q - (kw-1) + b] * k[a, b]`` on the window."""
    x, k = np.asarray(x), np.asarray(k)
    if conj:
        k = np.conj(k)
    return _apply(x, k, mode, boundary, fillvalue, conv=False)


def _apply(x, k, mode, boundary, fillvalue, conv):
    (h, w), (kh, kw) = x.shape, k.shape
    if mode == "valid":  # the boundary is ignored; the swapped window reads zeros
        boundary, fillvalue = "fill", 0
    xe, ke = _exactify(x), _exactify(k)
    r0 = _full_index_start(mode, h, kh, conv)
    c0 = _full_index_start(mode, w, kw, conv)
    out = np.empty((_out_len(mode, h, kh), _out_len(mode, w, kw)), dtype=xe.dtype)
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            p, q = i + r0, j + c0
            total = 0
            for a in range(kh):
                for b in range(kw):
                    if conv:
                        v = _value(xe, p - a, q - b, boundary, fillvalue)
                    else:
                        v = _value(xe, p - (kh - 1) + a, q - (kw - 1) + b, boundary, fillvalue)
                    total = total + ke[a, b] * v
            out[i, j] = total
    return out


def wrap_to(values: np.ndarray, dtype) -> np.ndarray:
    """Exact Python-int results reduced modulo 2**bits into an integer dtype."""
    dtype = np.dtype(dtype)
    bits = 8 * dtype.itemsize
    flat = [int(v) % (1 << bits) for v in values.ravel()]
    if dtype.kind == "i":
        flat = [v - (1 << bits) if v >= 1 << (bits - 1) else v for v in flat]
    return np.array(flat, dtype=dtype).reshape(values.shape)
