"""Direct summation: cache-tiled shift-and-add, threaded over row tiles.

Every call is reduced (by the caller) to the valid cross-correlation of a padded image with a
kernel, ``out[i, j] = sum_ab xp[i + a, j + b] * kk[a, b]``. The padded image is never built
whole for zero/constant fill: each row tile builds its own padded slab, so the working set
stays in cache. Every tap is multiplied, including zeros, so ``inf * 0`` gives NaN exactly as
in scipy's direct loop, and a NaN only reaches the outputs whose window contains it.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ._settings import env

# Bytes per row tile: measured best here (tile, product buffer and slab near L2 size).
TILE_BYTES = 1 << 20
# Below this many multiply-adds threads cost more than they save.
_THREAD_MIN_WORK = 1 << 21

_pool: ThreadPoolExecutor | None = None


_override: int | None = None


def set_workers(count: int | None) -> None:
    """Set how many threads convflip's own engines may use (1 turns threading off; ``None``
    follows ``CONVFLIP_WORKERS``, default all CPUs). Results are identical for every count:
    threads split the output into row tiles or the FFT into independent 1-D transforms, and
    every output is summed in the same order. OpenCV keeps its own setting
    (``cv2.setNumThreads``)."""
    global _override
    if count is not None and (
        isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < 1
    ):
        raise ValueError(f"count must be a positive integer or None, got {count!r}")
    _override = None if count is None else int(count)


def workers() -> int:
    """Threads convflip may use (``set_workers``, else env ``CONVFLIP_WORKERS``, default: all
    CPUs)."""
    if _override is not None:
        return _override
    return _workers(env("CONVFLIP_WORKERS", ""))


@functools.cache
def _workers(env: str) -> int:
    if env.strip():
        try:
            return max(1, int(env))
        except ValueError:
            raise ValueError(f"CONVFLIP_WORKERS must be a positive integer, got {env!r}") from None
    return os.cpu_count() or 1


def _get_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1))
    return _pool


def _forget_pool() -> None:
    # a forked child inherits the executor but not its threads: start a fresh one there
    global _pool
    _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


class PaddedImage:
    """An image with its boundary extension, served one row slab at a time."""

    def __init__(self, img: np.ndarray, pads, boundary: str, fill, acc: np.dtype):
        self.img = img
        self.acc = acc
        (self.top, bottom), (self.left, right) = pads
        h, w = img.shape[-2:]
        self.shape = (h + self.top + bottom, w + self.left + right)
        self.fill = acc.type(fill) if fill is not None else acc.type(0)
        self.whole = None
        if boundary != "fill" and any(p for pair in pads for p in pair):
            mode = "wrap" if boundary == "wrap" else "symmetric"
            widths = [(0, 0)] * (img.ndim - 2) + [tuple(p) for p in pads]
            self.whole = np.pad(img, widths, mode=mode)

    def rows(self, r0: int, r1: int) -> np.ndarray:
        """Rows ``r0:r1`` of the padded image, in the accumulation dtype."""
        if self.whole is not None:
            return self.whole[..., r0:r1, :]
        h, w = self.img.shape[-2:]
        lo, hi = max(r0 - self.top, 0), min(r1 - self.top, h)
        if r0 >= self.top and r1 - self.top <= h and self.left == 0 and self.shape[1] == w:
            return np.asarray(self.img[..., lo:hi, :], dtype=self.acc)
        slab = np.empty((*self.img.shape[:-2], r1 - r0, self.shape[1]), self.acc)
        slab[...] = self.fill
        if lo < hi:
            dst = slab[..., lo + self.top - r0 : hi + self.top - r0, self.left : self.left + w]
            dst[...] = self.img[..., lo:hi, :]
        return slab

    def materialize(self) -> np.ndarray:
        """The whole padded image (used by the FFT and accelerator paths)."""
        if self.whole is not None:
            return np.asarray(self.whole, dtype=self.acc)
        return np.asarray(self.rows(0, self.shape[0]), dtype=self.acc)


def _taps(kk: np.ndarray, acc: np.dtype):
    kk = np.asarray(kk, dtype=acc)
    if kk.ndim == 2:
        return [[kk[a, b] for b in range(kk.shape[1])] for a in range(kk.shape[0])]
    return [
        [kk[..., a, b][..., None, None] for b in range(kk.shape[-1])] for a in range(kk.shape[-2])
    ]


def _tile(src: PaddedImage, taps, shape, r0: int, r1: int, out: np.ndarray, finish) -> None:
    kh, kw = len(taps), len(taps[0])
    batch, ow = shape[:-2], shape[-1]
    slab = src.rows(r0, r1 + kh - 1)
    rows = r1 - r0
    acc = np.empty((*batch, rows, ow), src.acc)
    tmp = np.empty_like(acc)
    np.multiply(slab[..., 0:rows, 0:ow], taps[0][0], out=acc)
    for a in range(kh):
        for b in range(kw):
            if a or b:
                np.multiply(slab[..., a : a + rows, b : b + ow], taps[a][b], out=tmp)
                np.add(acc, tmp, out=acc)
    out[..., r0:r1, :] = finish(acc) if finish is not None else acc


def correlate_valid(
    src: PaddedImage,
    kk: np.ndarray,
    batch: tuple[int, ...],
    out_dtype: np.dtype,
    finish: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """Valid cross-correlation of ``src`` with ``kk`` by shift-and-add, tile by tile."""
    kh, kw = kk.shape[-2:]
    oh, ow = src.shape[0] - kh + 1, src.shape[1] - kw + 1
    shape = (*batch, oh, ow)
    out = np.empty(shape, out_dtype)
    nbatch = math.prod(batch)
    step = max(1, TILE_BYTES // (src.acc.itemsize * max(1, ow * nbatch)))
    starts = list(range(0, oh, step))
    taps = _taps(kk, src.acc)

    def run(chunk):
        # silent on inf * 0 and overflow, like scipy's C loop (errstate is per thread)
        with np.errstate(invalid="ignore", over="ignore"):
            for r0 in chunk:
                _tile(src, taps, shape, r0, min(r0 + step, oh), out, finish)

    nthreads = min(workers(), len(starts))
    if nthreads > 1 and kh * kw * oh * ow * nbatch >= _THREAD_MIN_WORK:
        chunks = [starts[i::nthreads] for i in range(nthreads)]
        list(_get_pool().map(run, chunks))
    else:
        run(starts)
    return out


def correlate_windows(src: PaddedImage, kk: np.ndarray, batch: tuple[int, ...]) -> np.ndarray:
    """Valid cross-correlation as one window-by-kernel contraction (few outputs, many taps).

    Shift-and-add pays two ufunc calls per tap; when the output is tiny (a kernel nearly as
    large as the image in 'valid' mode) that overhead dominates, and a single contraction of
    the ``(oh, ow, kh, kw)`` window view with the kernel is a cheaper direct sum.
    """
    kh, kw = kk.shape[-2:]
    xp = src.materialize()
    windows = np.lib.stride_tricks.sliding_window_view(xp, (kh, kw), axis=(-2, -1))
    oh, ow = windows.shape[-4:-2]
    rows = windows.reshape((*windows.shape[:-4], oh * ow, kh * kw))  # the one copy
    kernel = np.asarray(kk, dtype=src.acc).reshape((*kk.shape[:-2], kh * kw, 1))
    with np.errstate(invalid="ignore", over="ignore"):
        out = np.matmul(rows, kernel)
    out = out.reshape((*out.shape[:-2], oh, ow))
    return out if out.shape[:-2] == tuple(batch) else np.broadcast_to(out, (*batch, oh, ow))
