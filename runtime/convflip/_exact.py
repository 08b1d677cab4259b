"""Exact integer convolution through float64 FFTs of small limbs.

Integer results are computed modulo 2**64 (which is what wrapping int64 arithmetic does, and
what every narrower integer output is a quotient of). Each operand is split into balanced
limbs ``v = sum_i v_i * 2**(B*i)`` with ``|v_i| <= 2**(B-1)``; every limb product
``x_i (*) k_j`` goes through a float64 FFT whose rounding error is bounded *per call* by

    ||err||_inf <= ||x_i||_2 * ||k_j||_2 * E(n),

Percival's worst-case bound for an FFT-based convolution of transform size ``n`` (radix-2,
``E(n) = (1+e)^(3L) (1+e*sqrt(5))^(3L+1) (1+mu)^(3L) - 1``, ``L = log2 n``, unit roundoff
``e = mu = 2**-53``). scipy.fft (pocketfft) uses mixed radix 2/3/5/7/11 butterflies, for which
that radix-2 analysis is not a formal proof; we take ``L = ceil(log2 n) + 2`` (two extra levels
for the real-to-complex packing) and a safety factor of 8, which leaves a margin of more than
2**10 over the errors measured here. A limb split is accepted only
when the summed bound of every output group is below 1/2, so rounding to the nearest integer
recovers the exact value; the groups are then recombined in wrapping uint64 arithmetic.
Limbs never exceed 2**53 in magnitude, so converting them to float64 is exact.
"""

from __future__ import annotations

import math
from itertools import product

import numpy as np

from . import _fft
from ._direct import PaddedImage

MAX_LIMBS = 3
_SAFETY = 8.0
_EPS = 2.0**-53


def error_factor(transform_size: int) -> float:
    """Upper bound E(n) on ``||err||_inf / (||x||_2 ||k||_2)`` for one FFT product."""
    levels = math.ceil(math.log2(transform_size)) + 2
    e = _EPS
    bound = (1 + e) ** (3 * levels) * (1 + e * math.sqrt(5)) ** (3 * levels + 1)
    bound *= (1 + e) ** (3 * levels)
    return _SAFETY * (bound - 1)


def dft_blocks_proven(sizes, mx: int, taps: int, mk: int) -> bool:
    """Whether filter2D's float64 DFT path (OpenCV's ``crossCorr``: the output in blocks,
    each a circular correlation of one image block with the kernel through DFTs of the
    lengths ``sizes``, at most) returns values within 1/2 of the exact integers.

    Each block is one FFT product, bounded as above by ``||x_b||_2 ||k||_2 E'``, with
    ``||x_b||_2 <= sqrt(D0 D1) max|x|`` (a block has at most ``D0 D1`` samples) and
    ``||k||_2 <= sqrt(taps) max|k|``. ``E'`` is ``error_factor``'s bound with one change:
    OpenCV builds the twiddle factors of a length that is not a power of two by a recurrence
    (``w_i = w_(i-1) w_1``, modules/core/src/dxt.cpp ``DFTInit``), so their error grows with
    ``i`` up to ``n/2`` complex products, each within ``3 e`` of its exact value, after a
    ``w_1`` within about ``2 e`` (a sine and a square root) and an angle off by ``2 pi e`` at
    most: ``mu = (3 n + 8) e`` for the longest length ``n`` covers them all (power-of-two
    lengths read a table and do better). The same caveat as for pocketfft applies: mixed
    radix butterflies, so not a formal proof; the safety factor stays. Example: uint8 with a
    63 x 63 uint8 kernel, DFT blocks of 360 x 360: ``360 * 255 * 63 * 255 * 8 E' = 0.08``."""
    n = math.prod(sizes)
    levels = math.ceil(math.log2(n)) + 2
    e, mu = _EPS, (3 * max(sizes) + 8) * _EPS
    bound = (1 + e) ** (3 * levels) * (1 + e * math.sqrt(5)) ** (3 * levels + 1)
    bound *= (1 + mu) ** (3 * levels)
    return math.sqrt(n) * mx * math.sqrt(taps) * mk * _SAFETY * (bound - 1) < 0.5


def max_abs(a: np.ndarray) -> int:
    """``max |a|`` as a Python int (no int64 overflow at ``-2**63``)."""
    if a.dtype.kind == "u":
        return int(a.max())
    return max(abs(int(a.max())), abs(int(a.min())))


def one_limb_proven(padded_size: int, mx: int, taps: int, mk: int, transform: int) -> bool:
    """Whether a single float64 FFT product is exact, from ``||v||_2 <= sqrt(n) max|v|``."""
    return math.sqrt(padded_size) * mx * math.sqrt(taps) * mk * error_factor(transform) < 0.5


def split(a: np.ndarray, width: int, count: int) -> list[np.ndarray]:
    """Balanced limbs of an int64 array modulo 2**64 (the last limb keeps the rest)."""
    if count == 1:
        return [a.astype(np.float64)]
    limbs, rest, half, mask = [], a, 1 << (width - 1), (1 << width) - 1
    for i in range(count):
        if i == count - 1:
            limbs.append(rest.astype(np.float64))
            break
        low = ((rest + half) & mask) - half
        limbs.append(low.astype(np.float64))
        rest = (rest >> width) + (low < 0)
    return limbs


def _width(bits: int, count: int) -> int:
    # balanced digits: `count` limbs of `width` bits cover |v| < 2**(count*width - 1)
    return min(-(-(bits + 1) // count), -(-64 // count))


class LimbPlan:
    """A limb split of both operands that the error bound proves exact."""

    def __init__(self, nx: int, nk: int, bx: int, bk: int):
        self.nx, self.nk = nx, nk
        self.wx, self.wk = _width(bx, nx), _width(bk, nk)
        shifts = {}
        for i, j in product(range(nx), range(nk)):
            shift = self.wx * i + self.wk * j if nx > 1 or nk > 1 else 0
            if shift < 64:
                shifts.setdefault(shift, []).append((i, j))
        self.groups = shifts

    def transforms(self, image_cost: float, kernel_cost: float) -> float:
        return (self.nx + len(self.groups)) * image_cost + self.nk * kernel_cost


def _norms(limbs: list[np.ndarray], pad_count: int, fill_limbs) -> list[float]:
    out = []
    for limb, f in zip(limbs, fill_limbs, strict=True):
        sq = float(np.einsum("...ij,...ij->...", limb, limb).max()) + pad_count * f * f
        out.append(math.sqrt(sq))
    return out


def _proven(plan: LimbPlan, xn, kn, factor: float) -> bool:
    worst = max(sum(xn[i] * kn[j] for i, j in pairs) for pairs in plan.groups.values())
    return worst * factor < 0.5


def choose(src: PaddedImage, kk: np.ndarray, tiles: _fft.TilePlan, nbatch: int):
    """The cheapest provably exact limb split, with the limbs, or None."""
    img = src.whole if src.whole is not None else src.img
    pad_count = 0
    if src.whole is None:
        pad_count = src.shape[0] * src.shape[1] - img.shape[-2] * img.shape[-1]
    bx = max(max_abs(img), abs(int(src.fill))).bit_length()
    bk = max_abs(kk).bit_length()
    factor = error_factor(tiles.transform_size())
    image_cost = _fft.plan_cost(tiles, nbatch)
    kernel_cost = _fft.plan_cost(tiles, 1) / max(1, tiles.tiles())
    counts = range(1, MAX_LIMBS + 1)
    plans = [LimbPlan(nx, nk, bx, bk) for nx in counts for nk in counts]
    plans.sort(key=lambda q: q.transforms(image_cost, kernel_cost))
    for lp in plans:
        xl = split(img, lp.wx, lp.nx)
        fl = [float(v[()]) for v in split(np.asarray(src.fill, np.int64), lp.wx, lp.nx)]
        kl = split(np.asarray(kk, np.int64), lp.wk, lp.nk)
        if _proven(lp, _norms(xl, pad_count, fl), _norms(kl, 0, [0.0] * lp.nk), factor):
            return lp, xl, fl, kl
    return None


def correlate_valid(src: PaddedImage, kk: np.ndarray, batch, tiles, chosen) -> np.ndarray:
    """Exact valid cross-correlation (int64, wrapping) from a proven limb split."""
    lp, xl, fl, kl = chosen
    pads = (
        (src.top, src.shape[0] - src.img.shape[-2] - src.top),
        (src.left, src.shape[1] - src.img.shape[-1] - src.left),
    )
    f64 = np.dtype(np.float64)
    if src.whole is not None:
        pads = ((0, 0), (0, 0))
    specs = [
        _fft.image_spectrum(PaddedImage(limb, pads, "fill", f, f64), tiles, True)
        for limb, f in zip(xl, fl, strict=True)
    ]
    kspecs = [_fft.kernel_spectrum(k, tiles, True, f64) for k in kl]
    ref = PaddedImage(xl[0], pads, "fill", 0, f64)
    total = None
    for shift, pairs in lp.groups.items():
        spec = sum(specs[i] * kspecs[j] for i, j in pairs)
        part = _fft.assemble(spec, tiles, ref, kk.shape[-2:], True)
        part = np.rint(part).astype(np.int64).view(np.uint64)
        if shift:
            part = part * np.uint64(1 << shift)
        total = part if total is None else total + part
    return np.broadcast_to(total.view(np.int64), batch + total.shape[-2:])
