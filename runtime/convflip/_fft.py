"""FFT summation: whole-image or overlap-save tiles, batched through ``scipy.fft``.

The caller hands over the valid cross-correlation of a padded image with a kernel. With zero
fill and one tile per axis the padding stays implicit (the transform length only has to
exceed ``H + max(top, bottom)``, fewer samples than scipy's ``fftconvolve`` uses for 'same'
and 'valid'). Otherwise the padded image is cut into overlapping tiles of a fast length,
transformed as one batch, and the valid part of each tile's circular convolution is kept.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np
import scipy.fft as sfft

from ._direct import PaddedImage, workers

try:  # pragma: no cover - depends on the scipy version
    from scipy.fft._pocketfft import pypocketfft as _pocketfft
except ImportError:  # pragma: no cover
    _pocketfft = None

_REAL = (np.dtype(np.float32), np.dtype(np.float64))
_COMPLEX = (np.dtype(np.complex64), np.dtype(np.complex128))
# transforms of at least this many points run their two passes as separate calls (see
# ``_forward_rows`` and ``_inverse``); below it the extra calls cost more than they save
# (float64 64² ⊛ 63² 'same', a 96² transform: 1.23x slower split)
_SPLIT_MIN = 1 << 15


class AxisPlan(NamedTuple):
    length: int  # transform length
    step: int  # output samples per tile
    tiles: int
    implicit: bool  # one tile, zero padding left to the transform (no padded copy)


class TilePlan(NamedTuple):
    rows: AxisPlan
    cols: AxisPlan

    @property
    def implicit(self) -> bool:
        return self.rows.implicit

    def transform_size(self) -> int:
        return self.rows.length * self.cols.length

    def tiles(self) -> int:
        return self.rows.tiles * self.cols.tiles


def _fast(n: int, pow2: bool) -> int:
    return 1 << max(0, (n - 1).bit_length()) if pow2 else sfft.next_fast_len(n, real=True)


def _axis_options(n_in: int, pad, m: int, pow2: bool, zero_fill: bool) -> list[AxisPlan]:
    """Candidate transform lengths for one axis: one tile, or overlap-save tiles."""
    padded = n_in + pad[0] + pad[1]
    out_len = padded - m + 1
    options = []
    if zero_fill:
        options.append(AxisPlan(_fast(max(n_in + max(pad), m), pow2), out_len, 1, True))
    whole = _fast(padded, pow2)
    length = _fast(2 * m, pow2)
    while length < whole:
        step = length - m + 1
        options.append(AxisPlan(length, step, -(-out_len // step), False))
        length = _fast(2 * length if pow2 else length * 3 // 2, pow2)
    options.append(AxisPlan(whole, out_len, 1, False))
    return options


def _cost(rows: AxisPlan, cols: AxisPlan, nbatch: int) -> float:
    size = rows.length * cols.length
    # tiles pay for the padded copy, the window gather and the output scatter (measured)
    copies = 0 if rows.implicit else 8
    return rows.tiles * cols.tiles * nbatch * size * (math.log2(size) + 4 + copies)


@functools.lru_cache(maxsize=512)
def plan(img_shape, pads, ker_shape, nbatch: int, pow2: bool, zero_fill: bool) -> TilePlan:
    """The cheapest tiling by the ``n log n`` cost model."""
    best = None
    for rows in _axis_options(img_shape[0], pads[0], ker_shape[0], pow2, zero_fill):
        for cols in _axis_options(img_shape[1], pads[1], ker_shape[1], pow2, zero_fill):
            if rows.implicit != cols.implicit:
                continue
            cost = _cost(rows, cols, nbatch)
            if best is None or cost < best[0]:
                best = (cost, rows, cols)
    return TilePlan(best[1], best[2])


def plan_cost(p: TilePlan, nbatch: int) -> float:
    return _cost(p.rows, p.cols, nbatch)


def _threads(a: np.ndarray, shape) -> int:
    # threads only pay off on large batches of transforms
    return (
        workers()
        if a.size // max(1, a.shape[-2] * a.shape[-1]) * shape[0] * shape[1] >= 1 << 16
        else 1
    )


def _forward(a: np.ndarray, shape, real: bool) -> np.ndarray:
    threads = _threads(a, shape)
    if _direct_ok() and a.dtype in (_REAL if real else _COMPLEX):
        axes = (a.ndim - 2, a.ndim - 1)
        if real and a.shape[-2] < shape[0] and shape[0] * shape[1] >= _SPLIT_MIN:
            return _forward_rows(a, shape, threads)
        fn = _pocketfft.r2c if real else _pocketfft.c2c
        return fn(_fit(a, shape), axes, True, 0, None, threads)
    fn = sfft.rfft2 if real else sfft.fft2
    return fn(a, s=shape, axes=(-2, -1), workers=threads)


def _forward_rows(a: np.ndarray, shape, threads: int) -> np.ndarray:
    """``rfft2(a, s=shape)`` for ``a`` with fewer rows than ``shape``: the row transforms of
    ``a``'s own rows only (the padding rows transform to zeros), written into the spectrum,
    then the column transforms in place. pocketfft's two-axis r2c runs the same two passes
    in the same order, so the result has the same bits; a kernel of kh rows in an L-row
    transform saves ``(L - kh) / L`` of the row pass."""
    rows, nd = a.shape[-2], a.ndim
    spec = np.empty((*a.shape[:-2], shape[0], shape[1] // 2 + 1), _COMPLEX[a.dtype == _REAL[1]])
    _pocketfft.r2c(_fit(a, (rows, shape[1])), (nd - 1,), True, 0, spec[..., :rows, :], threads)
    spec[..., rows:, :] = 0
    return _pocketfft.c2c(spec, (nd - 2,), True, 0, spec, threads)


def _inverse(a: np.ndarray, shape, real: bool, rows=None) -> np.ndarray:
    """The inverse of ``_forward``; ``rows``, a slice, keeps only those output rows (for a
    real transform the column pass then runs on those rows only). ``a`` may be overwritten."""
    threads = _threads(a, shape)
    if _direct_ok() and a.dtype in _COMPLEX:
        axes = (a.ndim - 2, a.ndim - 1)
        split = shape[0] * shape[1] >= _SPLIT_MIN
        if real and split and a.shape[-2:] == (shape[0], shape[1] // 2 + 1):
            # the column transforms in place, then the real row transforms of the rows kept:
            # pocketfft's two-axis c2r copies the spectrum and runs the row pass on every row
            # (512² float64: 3.0 ms against 1.2 ms); the 1/n scale is applied per axis
            _pocketfft.c2c(a, (a.ndim - 2,), False, 2, a, threads)
            part = a if rows is None else a[..., rows, :]
            return _pocketfft.c2r(part, (a.ndim - 1,), shape[1], False, 2, None, threads)
        if real and a.shape[-2:] == (shape[0], shape[1] // 2 + 1):
            out = _pocketfft.c2r(a, axes, shape[1], False, 2, None, threads)
            return out if rows is None else out[..., rows, :]
        if not real and a.shape[-2:] == tuple(shape):
            out = _pocketfft.c2c(a, axes, False, 2, None, threads)
            return out if rows is None else out[..., rows, :]
    split = shape[0] * shape[1] >= _SPLIT_MIN
    if real and split and a.shape[-2:] == (shape[0], shape[1] // 2 + 1):  # as above, public API
        a = sfft.ifft(a, axis=-2, workers=threads, overwrite_x=True)
        part = a if rows is None else a[..., rows, :]
        return sfft.irfft(part, n=shape[1], axis=-1, workers=threads)
    fn = sfft.irfft2 if real else sfft.ifft2
    out = fn(a, s=shape, axes=(-2, -1), workers=threads)
    return out if rows is None else out[..., rows, :]


def _fit(a: np.ndarray, shape) -> np.ndarray:
    """``a`` zero-padded (or cut) to ``shape`` on the last two axes, as ``s=`` does."""
    if a.shape[-2:] == tuple(shape):
        return a
    out = np.zeros((*a.shape[:-2], *shape), a.dtype)
    rows, cols = min(shape[0], a.shape[-2]), min(shape[1], a.shape[-1])
    out[..., :rows, :cols] = a[..., :rows, :cols]
    return out


@functools.cache
def _direct_ok() -> bool:
    """Whether pocketfft's routines, called without scipy.fft's dispatch and argument
    normalisation (about 10 us a transform, as much as a 64² transform itself), give the
    public functions' results bit for bit. They are private, so this is checked once."""
    if _pocketfft is None:  # pragma: no cover
        return False
    try:
        rng = np.random.default_rng(11)
        base = rng.standard_normal((2, 7, 9))
        shape = (10, 12)
        for dtype in _REAL:
            a = base.astype(dtype)[:, ::-1, :]  # strided, as the tile views are
            spec = _pocketfft.r2c(_fit(a, shape), (1, 2), True, 0, None, 1)
            if not np.array_equal(spec, sfft.rfft2(a, s=shape, axes=(-2, -1))):
                return False
            back = _pocketfft.c2r(spec, (1, 2), shape[1], False, 2, None, 1)
            if not np.array_equal(back, sfft.irfft2(spec, s=shape, axes=(-2, -1))):
                return False
        for dtype in _COMPLEX:
            a = (base + 1j * base[:, ::-1]).astype(dtype)
            spec = _pocketfft.c2c(_fit(a, shape), (1, 2), True, 0, None, 1)
            if not np.array_equal(spec, sfft.fft2(a, s=shape, axes=(-2, -1))):
                return False
            back = _pocketfft.c2c(spec, (1, 2), False, 2, None, 1)
            if not np.array_equal(back, sfft.ifft2(spec, s=shape, axes=(-2, -1))):
                return False
    except Exception:  # pragma: no cover - any change in the private API: use the public one
        return False
    return True


def image_spectrum(src: PaddedImage, p: TilePlan, real: bool) -> np.ndarray:
    """Spectrum of the padded image: one transform, or one per overlap-save tile."""
    shape = (p.rows.length, p.cols.length)
    if p.implicit:
        return _forward(np.asarray(src.img, dtype=src.acc), shape, real)
    need = (
        p.rows.tiles * p.rows.step + p.rows.length - p.rows.step,
        p.cols.tiles * p.cols.step + p.cols.length - p.cols.step,
    )
    xp = src.materialize() if src.whole is not None else None
    if xp is None:
        ext = PaddedImage(src.img, _pads_to(src, need), "fill", src.fill, src.acc)
        xp = ext.materialize()
    else:
        extra = ((0, need[0] - xp.shape[-2]), (0, need[1] - xp.shape[-1]))
        xp = np.pad(xp, [(0, 0)] * (xp.ndim - 2) + list(extra))
    view = np.lib.stride_tricks.sliding_window_view(xp, shape, axis=(-2, -1))
    tiles = view[..., :: p.rows.step, :: p.cols.step, :, :]
    return _forward(tiles, shape, real)


def _pads_to(src: PaddedImage, need):
    h, w = src.img.shape[-2:]
    return ((src.top, need[0] - h - src.top), (src.left, need[1] - w - src.left))


def kernel_spectrum(kk: np.ndarray, p: TilePlan, real: bool, dtype) -> np.ndarray:
    """Spectrum of the convolution kernel ``flip(kk)``, shaped to multiply tile spectra."""
    g = np.asarray(kk[..., ::-1, ::-1], dtype=dtype)
    spec = _forward(g, (p.rows.length, p.cols.length), real)
    if not p.implicit:
        spec = spec[..., None, None, :, :]
    return spec


def assemble(spec: np.ndarray, p: TilePlan, src: PaddedImage, kshape, real: bool):
    """Inverse transform and keep the uncontaminated outputs, tile by tile (``spec`` is
    overwritten)."""
    kh, kw = kshape
    shape = (p.rows.length, p.cols.length)
    oh, ow = src.shape[0] - kh + 1, src.shape[1] - kw + 1
    if p.implicit:
        r0, c0 = kh - 1 - src.top, kw - 1 - src.left
        y = _inverse(spec, shape, real, slice(r0, r0 + oh))
        return y[..., c0 : c0 + ow]
    y = _inverse(spec, shape, real, slice(kh - 1, kh - 1 + p.rows.step))
    y = y[..., kw - 1 : kw - 1 + p.cols.step]
    y = np.moveaxis(y, -3, -2)  # (..., tiles_r, step_r, tiles_c, step_c)
    shape = (*y.shape[:-4], p.rows.tiles * p.rows.step, p.cols.tiles * p.cols.step)
    return y.reshape(shape)[..., :oh, :ow]


def correlate_valid(src: PaddedImage, kk: np.ndarray, batch, p: TilePlan) -> np.ndarray:
    """Valid cross-correlation of ``src`` with ``kk`` through the FFT (float or complex)."""
    real = src.acc.kind != "c"
    spec = image_spectrum(src, p, real)
    kspec = kernel_spectrum(kk, p, real, src.acc)
    if kspec.ndim <= spec.ndim and all(
        b in (1, a) for a, b in zip(spec.shape[::-1], kspec.shape[::-1], strict=False)
    ):
        spec *= kspec  # the image's spectrum is ours: no second spectrum-sized array
    else:
        spec = spec * kspec
    out = assemble(spec, p, src, kk.shape[-2:], real)
    if out.shape[:-2] != tuple(batch):
        out = np.broadcast_to(out, (*batch, *out.shape[-2:]))
    return out
