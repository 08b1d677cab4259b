"""Optional OpenCV accelerator (``pip install convflip[opencv]``).

``cv2.filter2D`` is a cross-correlation with a SIMD direct loop for small kernels and a tiled
DFT above ``kh*kw >= 50`` taps (float64) or ``>= 130`` (float32), following OpenCV's
``dft_filter_size`` rule. convflip uses it only where its result is the one convflip promises:

* float32/float64 real data: within the documented float contract (float32 accumulates in
  float32 as scipy does);
* non-finite input only when filter2D sums directly *and* the kernel has no zero tap
  (filter2D drops zero taps, which would turn scipy's ``inf * 0 = NaN`` into a finite value);
* integers on the direct path only when a per-call bound proves every partial sum exact in
  the float type (``taps * max|x| * max|k| < 2**24`` for float32, ``2**53`` for float64),
  after a one-time probe confirmed that filter2D really sums directly there; and on its
  float64 DFT (``int_dft_ok``), rounded to the nearest integer, only when
  ``_exact.dft_blocks_proven`` bounds every error below 1/2 (and ``taps * max|x| * max|k|
  < 2**53``, so a direct sum would be exact too), after a one-time probe at 8-bit extremes.

Disable it with ``CONVFLIP_ACCEL=0`` or ``convflip.set_accelerator(False)``.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ._settings import env

try:  # pragma: no cover - depends on the environment
    import cv2
except ImportError:  # pragma: no cover
    cv2 = None

_DFT_TAPS = {np.dtype(np.float32): 130, np.dtype(np.float64): 50}
_EXACT_LIMIT = {np.dtype(np.float32): 2**24, np.dtype(np.float64): 2**53}
_override: bool | None = None


def set_accelerator(enabled: bool | None) -> None:
    """Turn the OpenCV accelerator on or off (``None``: follow ``CONVFLIP_ACCEL``)."""
    global _override
    if enabled is not None and not isinstance(enabled, bool):
        raise TypeError(f"enabled must be True, False or None, got {enabled!r}")
    _override = enabled


def active() -> bool:
    """Whether the accelerator will be used (OpenCV importable and not disabled)."""
    if cv2 is None:
        return False
    if _override is not None:
        return _override
    return _enabled_by(env("CONVFLIP_ACCEL", "1"))


@functools.cache
def _enabled_by(env: str) -> bool:
    return env.strip().lower() not in ("0", "false", "no")


def direct_taps(acc: np.dtype) -> int:
    """Largest tap count for which filter2D sums directly in ``acc``."""
    return _DFT_TAPS.get(acc, 0) - 1


def dft_work(out_shape, kshape) -> float:
    """``sum D log2 D`` over the DFT blocks filter2D's DFT path transforms for an output of
    ``out_shape`` (OpenCV's ``crossCorr``: blocks of ``max(4.5 k, 256 - k + 1)`` outputs per
    axis, each padded to ``getOptimalDFTSize(block + k - 1)``)."""
    size, blocks = 1, 1
    for n, k in zip(out_shape, kshape, strict=True):
        dft = _block_dft(min(max(round(4.5 * k), 256 - k + 1), n), k)
        block = min(dft - k + 1, n)
        size, blocks = size * dft, blocks * -(-n // block)
    return blocks * size * math.log2(size)


def dft_sizes(kshape) -> tuple[int, ...]:
    """Per axis, the largest DFT length filter2D's DFT path uses for this kernel on any image
    (the block before it is cut to the image): what ``_exact.dft_blocks_proven`` bounds."""
    return tuple(_block_dft(max(round(4.5 * k), 256 - k + 1), k) for k in kshape)


def _block_dft(block: int, k: int) -> int:
    return max(cv2.getOptimalDFTSize(block + k - 1), 2)


def int_dft_ok(taps: int) -> bool:
    """Whether filter2D may be handed an integer call as float64 data for its DFT (taps at
    or above its DFT threshold; below it filter2D sums directly, as ``int_depth`` prices)."""
    return taps > direct_taps(np.dtype(np.float64)) and _dft_probe()


@functools.cache
def _dft_probe() -> bool:
    """Check once that filter2D's float64 DFT (8 x 8 kernel, at its threshold) rounds to
    the exact integer correlation at 8-bit extremes: a random image of 0 and 255 with a
    kernel of 255 and 254, so that every output is near 2**22."""
    rng = np.random.default_rng(2024)
    x = rng.choice([0, 255], size=(300, 280))
    k = rng.choice([254, 255], size=(8, 8))
    got = cv2.filter2D(x.astype(np.float64), cv2.CV_64F, k.astype(np.float64), anchor=(0, 0),
                       borderType=cv2.BORDER_CONSTANT)  # fmt: skip
    oh, ow = x.shape[0] - 7, x.shape[1] - 7
    want = np.zeros((oh, ow), np.int64)
    for a in range(8):
        for b in range(8):
            want += k[a, b] * x[a : a + oh, b : b + ow]
    return bool(np.array_equal(np.rint(got[:oh, :ow]), want.astype(np.float64)))


@functools.cache
def dft_spreads(acc: np.dtype) -> bool:
    """Check once that filter2D's float DFT in ``acc`` spreads a non-finite input over its
    whole block (what ``_fast`` relies on to read finiteness off the output): with the
    smallest kernel it transforms (a zero tap among its taps), a NaN, an inf or a -inf at any
    of a few image pixels, or an inf in the kernel, must make outputs far outside the bad
    pixel's window non-finite, which only a transform does (a direct sum keeps them local)."""
    taps = direct_taps(acc) + 1
    if taps <= 1:
        return False
    side = math.isqrt(taps - 1) + 1
    rng = np.random.default_rng(7)
    k = rng.standard_normal((side, side)).astype(acc)
    k[side // 2, side // 2] = 0
    x = rng.standard_normal((70, 66)).astype(acc)
    anchor = (side // 2, side // 2)
    cases = []
    for bad in (np.nan, np.inf, -np.inf):
        for r, c in ((0, 0), (69, 65), (35, 33)):
            img = x.copy()
            img[r, c] = bad
            cases.append((img, k, (69 if r < 35 else 0, 65 if c < 33 else 0)))  # a far output
    bad_k = k.copy()
    bad_k[0, side - 1] = np.inf
    cases.append((x, bad_k, (35, 33)))
    for img, kernel, far in cases:
        out = cv2.filter2D(img, -1, kernel, None, anchor, 0, cv2.BORDER_CONSTANT)
        if np.isfinite(out[far]):
            return False
    return True


def float_ok(acc: np.dtype) -> bool:
    return acc in _DFT_TAPS


def int_depth(taps: int, bound: int, native_uint8: bool) -> np.dtype | None:
    """The float dtype in which filter2D is provably exact for this call, or None.

    The image is handed to filter2D converted to that float dtype, or as uint8 when
    ``native_uint8`` (saves a conversion pass; OpenCV then switches to its DFT at 50 taps).
    """
    for acc in (np.dtype(np.float32), np.dtype(np.float64)):
        src = np.dtype(np.uint8) if native_uint8 else acc
        limit = direct_taps(acc) if src != np.uint8 else direct_taps(np.dtype(np.float64))
        if bound < _EXACT_LIMIT[acc] and taps <= limit and _probe(src, acc):
            return acc
    return None


@functools.cache
def _probe(src: np.dtype, acc: np.dtype) -> bool:
    """Check once that filter2D sums exactly at the largest direct kernel size."""
    limit = direct_taps(acc) if src != np.uint8 else direct_taps(np.dtype(np.float64))
    side = int(np.sqrt(limit))
    rng = np.random.default_rng(12345)
    top = int(np.sqrt(_EXACT_LIMIT[acc] / (side * side))) - 1
    x = rng.integers(
        0 if src == np.uint8 else -top,
        min(top, 255 if src == np.uint8 else top) + 1,
        size=(40, 40),
    )
    k = rng.integers(-top, top + 1, size=(side, side))
    depth = cv2.CV_32F if acc == np.float32 else cv2.CV_64F
    got = cv2.filter2D(
        x.astype(src if src == np.uint8 else acc),
        depth,
        k.astype(acc),
        anchor=(0, 0),
        borderType=0,
    )
    want = np.zeros((40 - side + 1, 40 - side + 1), np.int64)
    for a in range(side):
        for b in range(side):
            want += k[a, b] * x[a : a + want.shape[0], b : b + want.shape[1]]
    got = got[: want.shape[0], : want.shape[1]]
    return bool(np.array_equal(got, want.astype(acc)))


def correlate(img, kk, pads, boundary: str, fill, out_shape, batch, acc=None) -> np.ndarray:
    """Valid correlation of the padded ``img`` with ``kk`` by filter2D, batch by batch, in the
    float dtype ``acc`` (default: ``img.dtype``)."""
    return _run(img, [kk], pads, boundary, fill, out_shape, batch, acc)


def correlate_separable(img, pairs, pads, boundary: str, fill, out_shape, batch) -> np.ndarray:
    """The same for the kernel ``sum_i outer(u_i, v_i)``: one sepFilter2D call per pair."""
    return _run(img, pairs, pads, boundary, fill, out_shape, batch, None)


def _run(img, kernels, pads, boundary: str, fill, out_shape, batch, acc) -> np.ndarray:
    acc = np.dtype(acc or img.dtype)
    depth = -1 if acc == img.dtype else (cv2.CV_32F if acc == np.float32 else cv2.CV_64F)
    separable = isinstance(kernels[0], tuple)
    kh, kw = (len(kernels[0][0]), len(kernels[0][1])) if separable else kernels[0].shape[-2:]
    oh, ow = out_shape
    (top, bottom), (left, right) = pads
    h, w = img.shape[-2:]
    in_place = (top + bottom == kh - 1 and left + right == kw - 1) and (
        (boundary == "fill" and fill == 0)
        or (boundary == "symm" and max(top, bottom) <= h and max(left, right) <= w)
    )
    border = cv2.BORDER_CONSTANT if boundary == "fill" else cv2.BORDER_REFLECT
    if not in_place:
        anchor, border = (0, 0), cv2.BORDER_CONSTANT
    else:
        anchor = (left, top)

    def filt(x2, k2):
        if separable:
            total = None
            for u, v in k2:
                part = cv2.sepFilter2D(x2, depth, v, u, anchor=anchor, borderType=border)
                total = part if total is None else np.add(total, part, out=total)
            return total
        k2 = np.ascontiguousarray(k2, dtype=acc)
        return cv2.filter2D(x2, depth, k2, anchor=anchor, borderType=border)

    def one(x2, k2):
        if in_place:
            return filt(x2, k2)
        if any(pads[0]) or any(pads[1]):
            x2 = _pad(x2, pads, boundary, fill)
        return filt(x2, k2)[:oh, :ow]

    if not batch:
        return one(img, kernels if separable else kernels[0])
    out = np.empty((*batch, oh, ow), acc)
    for idx in np.ndindex(*batch):
        out[idx] = one(_at(img, idx), kernels if separable else _at(kernels[0], idx))
    return out


def _at(arr: np.ndarray, idx: tuple[int, ...]) -> np.ndarray:
    """The 2-D core of ``arr`` at batch index ``idx`` (size-1 dimensions broadcast)."""
    lead = arr.ndim - 2
    sub = idx[len(idx) - lead :] if lead else ()
    return arr[tuple(0 if arr.shape[d] == 1 else i for d, i in enumerate(sub))]


def _pad(x2: np.ndarray, pads, boundary: str, fill) -> np.ndarray:
    if boundary == "fill":
        return np.pad(x2, pads, mode="constant", constant_values=fill)
    return np.pad(x2, pads, mode="wrap" if boundary == "wrap" else "symmetric")
