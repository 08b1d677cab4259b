"""1-D correlation passes as banded matrix products, so that BLAS does the multiply-adds.

A pass with ``k`` taps along an axis, cut into blocks of ``block(dtype)`` outputs, is one matrix
product per block: the ``block + k - 1`` inputs of a block times the banded Toeplitz matrix
``band[i, j] = taps[i - j]`` (zero off the band). The zeros add ``(block - 1) / k`` extra
multiply-adds, but BLAS runs them 3-8x faster per operation than cv2.sepFilter2D's loop
and 10-20x faster than numpy's shift-and-add (benchmarks/calibrate_runtime.py).

Exactness: on finite input a zero of the band contributes exactly ``+0``, so every output is
a sum of the same ``k`` products as the direct pass, in BLAS's order. The float error stays
within the passes' bound ``k * eps * sum|taps * x|`` that ``_separable`` charges, and
integer data whose every partial sum is below ``2**24`` (float32) or ``2**53`` (float64) is
summed exactly. Each output is computed by one dot product whatever the thread count of the
BLAS library (threads split the rows and columns of the product, not its inner dimension).
"""

from __future__ import annotations

import numpy as np

# outputs per block, float32 and float64 alike. Both passes of a 'same' Gaussian, one
# OpenBLAS thread, process CPU time: float64 with 16 against 8 outputs, 2048² ⊛ 15²/31²/63²
# 29/38/53 ms against 32/38/70, 1024² 5.4-6.5 against 6.0-7.1 ms (k = 7-31; 10.9 against
# 9.3 at 63), 256² and 512² equal within 10%; float32 512² ⊛ 31²/63²: 0.62/0.93 ms with 16,
# 1.0/1.4 with 32 (2048² prefers 32 by 10%)
BLOCK_OUTPUTS = 16
FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def block(dtype: np.dtype) -> int:
    """Outputs per block for an accumulator dtype."""
    return BLOCK_OUTPUTS


def _band(taps: np.ndarray, block: int) -> np.ndarray:
    """``(block + k - 1, block)``: column ``j`` holds ``taps`` in rows ``j .. j + k - 1``."""
    k = taps.shape[0]
    line = np.zeros(2 * block + k - 2, taps.dtype)
    line[block - 1 : block - 1 + k] = taps
    # window i, reversed, is line[i + block - 1 - j] = taps[i - j]
    windows = np.lib.stride_tricks.sliding_window_view(line, block)
    return np.ascontiguousarray(windows[: block + k - 1, ::-1])


def row_pass(x: np.ndarray, taps: np.ndarray, pad=(0, 0), size: int | None = None) -> np.ndarray:
    """``out[..., j] = sum_b taps[b] * xp[..., j + b]`` (valid) along the last axis, where
    ``xp`` is ``x`` with ``pad`` zeros before and after: they are never built, a block that
    reaches into them multiplies a shorter slice with the matching rows of the band."""
    size = size or block(x.dtype)
    k = taps.shape[0]
    width = x.shape[-1]
    ow = width + pad[0] + pad[1] - k + 1
    flat = x.reshape(-1, width)
    out = np.empty((flat.shape[0], ow), x.dtype)
    band = _band(taps, size)
    for j in range(0, ow, size):
        n = min(size, ow - j)
        first = j - pad[0]  # the input column under band row 0
        lo, hi = max(first, 0), min(first + n + k - 1, width)
        if lo >= hi:
            out[:, j : j + n] = 0
            continue
        np.matmul(flat[:, lo:hi], band[lo - first : hi - first, :n], out=out[:, j : j + n])
    return out.reshape((*x.shape[:-1], ow))


def column_pass(x: np.ndarray, taps: np.ndarray, pad=(0, 0), size: int | None = None):
    """``out[..., i, :] = sum_a taps[a] * xp[..., i + a, :]`` (valid) along axis -2, with
    ``pad`` implicit zero rows before and after, as in ``row_pass``."""
    size = size or block(x.dtype)
    k = taps.shape[0]
    height = x.shape[-2]
    oh = height + pad[0] + pad[1] - k + 1
    out = np.empty((*x.shape[:-2], oh, x.shape[-1]), x.dtype)
    band = np.ascontiguousarray(_band(taps, size).T)
    for i in range(0, oh, size):
        n = min(size, oh - i)
        first = i - pad[0]
        lo, hi = max(first, 0), min(first + n + k - 1, height)
        if lo >= hi:
            out[..., i : i + n, :] = 0
            continue
        rows = band[:n, lo - first : hi - first]
        np.matmul(rows, x[..., lo:hi, :], out=out[..., i : i + n, :])
    return out


def calls(out_shape, dtype: np.dtype) -> int:
    """Matrix products of one pair of passes (for the per-call cost)."""
    oh, ow = out_shape
    size = block(dtype)
    return -(-ow // size) + -(-oh // size)


def work(kh: int, kw: int, padded_rows: int, out_shape, dtype: np.dtype) -> int:
    """Multiply-adds BLAS performs for one pair of passes, zeros of the band included."""
    oh, ow = out_shape
    size = block(dtype)
    return padded_rows * ow * (size + kw - 1) + oh * ow * (size + kh - 1)
