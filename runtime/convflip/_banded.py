"""1-D correlation passes as banded matrix products, so that BLAS does the multiply-adds.

A pass with ``k`` taps along an axis, cut into blocks of ``block(...)`` outputs, is one matrix
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

# outputs per block: the one block size that was best for both dtypes before (16) lost 10-30%
# for float64 wherever the pass's panel (its long side times ``block + k - 1`` inputs) fits in
# a megabyte, and won beyond (2048² ⊛ 63²). Both passes of a 'same' Gaussian, one OpenBLAS
# thread, process CPU time, two runs each: float64 with 8 (16) outputs 512² ⊛ 15²/31²/63²
# 0.80/1.17/1.71 (0.82/1.14/1.75) ms, 1024² 3.8-4.3/6.1-6.4/8.9-9.1 (4.2-4.6/6.2-6.7/12.1-12.4),
# 2048² 27-28/34-35/70-81 (26-27/40-41/54-57); float32 keeps 16 (512²-1024²: 8 is 10-40% slower
# except 1024² ⊛ 63²; 32 is 10-25% faster at 2048² ⊛ 31²-63² only)
BLOCK_OUTPUTS = {np.dtype(np.float64): (8, 16), np.dtype(np.float32): (16, 16)}
_PANEL_BYTES = 1 << 20
# the row pass writes its output with this many spare elements a row: a row of 512 or 1024
# float64 is a multiple of 4 KB, and blocks written down such columns thrash the L1 sets
# (2048² ⊛ 15²: 26-28 against 29-33 ms; 1024² ⊛ 31²: 6.1-6.4 against 7.9-9.0 with 8 outputs)
_ROW_SPARE = 8
FLOAT_DTYPES = tuple(BLOCK_OUTPUTS)


def block(dtype: np.dtype, length: int, k: int) -> int:
    """Outputs per block for a pass with ``k`` taps whose panel is ``length`` long."""
    small, large = BLOCK_OUTPUTS[np.dtype(dtype)]
    return small if length * (small + k - 1) * dtype.itemsize <= _PANEL_BYTES else large


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
    k = taps.shape[0]
    width = x.shape[-1]
    ow = width + pad[0] + pad[1] - k + 1
    flat = x.reshape(-1, width)
    size = size or block(x.dtype, flat.shape[0], k)
    out = np.empty((flat.shape[0], ow + _ROW_SPARE), x.dtype)[:, :ow]
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
    k = taps.shape[0]
    size = size or block(x.dtype, x.shape[-1], k)
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


def calls(kh: int, kw: int, padded_rows: int, out_shape, dtype: np.dtype) -> int:
    """Matrix products of one pair of passes (for the per-call cost)."""
    oh, ow = out_shape
    return -(-ow // block(dtype, padded_rows, kw)) + -(-oh // block(dtype, ow, kh))


def work(kh: int, kw: int, padded_rows: int, out_shape, dtype: np.dtype) -> int:
    """Multiply-adds BLAS performs for one pair of passes, zeros of the band included."""
    oh, ow = out_shape
    rows = padded_rows * ow * (block(dtype, padded_rows, kw) + kw - 1)
    return rows + oh * ow * (block(dtype, ow, kh) + kh - 1)
