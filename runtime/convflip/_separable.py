"""Separable and low-rank kernels: one pair of 1-D passes per rank-1 term.

A kernel ``K = sum_i u_i v_i^T`` of rank ``r`` turns a 2-D correlation with ``kh * kw`` taps per
output into ``r`` row passes (``v_i``, ``kw`` taps) and ``r`` column passes (``u_i``, ``kh``
taps). No peer does this on its own for a 2-D call.

* **Integers** (rank 1 only, exact): ``K`` is rank 1 over the rationals iff
  ``K * K[i0, j0] == outer(K[:, j0], K[i0, :])`` for a non-zero pivot; then
  ``v = K[i0, :] / gcd(K[i0, :])`` is a primitive integer vector and every row of ``K`` is an
  integer multiple of it, so ``u = K[:, j0] / v[j0]`` is an integer vector and
  ``outer(u, v) == K`` exactly (checked again). Both passes sum integers; every partial sum is
  bounded by ``taps * max|x| * max|k|`` (``max|u| * max|v| = max|k|``), so the float32/float64
  accumulators are exact under the same bounds as the direct sum, and int64 passes are exact
  modulo 2**64 (a ring homomorphism), which is the wrapping the runtime documents.
* **Floats**: a rank-1 test by the pivot row and column, or a truncated SVD for rank ``r``.
  A factorisation is accepted only when its worst-case error stays inside half the direct
  sum's own bound ``taps * eps * max|x| * sum|K|``: the passes add at most
  ``(kh + kw) * eps * max|x| * sum_i sum|u_i v_i^T|`` and the truncation (including the rounding
  of ``u_i, v_i`` to the accumulation dtype) ``max|x| * sum|K - sum_i u_i v_i^T|``.
  Separable passes are used only on finite input (a NaN/inf spreads over a pass's support,
  which can differ from the direct sum's ``inf * 0`` pattern).
"""

from __future__ import annotations

import math

import numpy as np

from . import _banded, _compiled, _direct
from ._direct import PaddedImage

# a rank-r split is tried only when r pairs of passes do at most this share of the taps
_MAX_SHARE = 0.5
SVD_MIN_TAPS = 49  # below this a truncated SVD costs more than it can save


def worthwhile(kh: int, kw: int, rank: int = 1) -> bool:
    """Whether ``rank`` pairs of 1-D passes do clearly fewer multiply-adds than ``kh * kw``."""
    return min(kh, kw) >= 2 and rank * (kh + kw) <= _MAX_SHARE * kh * kw


def integer_rank1(kk: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Exact integer ``(u, v)`` with ``outer(u, v) == kk`` (int64), or None."""
    k = np.asarray(kk, dtype=np.int64)
    flat = int(np.argmax(np.abs(k)))
    i0, j0 = divmod(flat, k.shape[1])
    pivot = int(k[i0, j0])
    if pivot == 0 or _probe_rejects(k, i0, j0, 0.0):
        return None
    if int(np.abs(k).max()) >= 2**31:  # products must not wrap in the int64 test
        return _integer_rank1_exact(k, i0, j0)
    if not np.array_equal(k * pivot, np.outer(k[:, j0], k[i0, :])):
        return None
    row = k[i0, :]
    g = int(np.gcd.reduce(row))
    v = row // g
    u = k[:, j0] // v[j0]
    if not np.array_equal(np.outer(u, v), k):  # pragma: no cover - follows from the algebra
        return None
    return u, v


def _integer_rank1_exact(k: np.ndarray, i0: int, j0: int):
    """The same test in Python integers (entries too large for int64 products)."""
    obj = k.astype(object)
    if not (obj * obj[i0, j0] == np.outer(obj[:, j0], obj[i0, :])).all():
        return None
    g = math.gcd(*(int(a) for a in obj[i0, :]))
    v = obj[i0, :] // g
    u = obj[:, j0] // v[j0]
    if not (np.outer(u, v) == obj).all():  # pragma: no cover - follows from the algebra
        return None
    return u.astype(np.int64), v.astype(np.int64)


def float_pairs(kk: np.ndarray, acc: np.dtype, max_rank: int, probed: bool = False) -> list | None:
    """``[(u_i, v_i)]`` in ``acc`` whose passes keep the float contract, or None.
    ``probed``: ``rank1_ruled_out`` already ran on this kernel (its probes are not repeated)."""
    k = np.asarray(kk, dtype=np.float64)
    kh, kw = k.shape
    eps = float(np.finfo(acc).eps)
    i0, j0 = divmod(int(np.argmax(np.abs(k))), kw)
    probe = max_rank < 2 and not probed
    if probe and _probe_rejects(k, i0, j0, _crude_slack(k, i0, j0, eps)):
        return None
    total = float(np.abs(k).sum())
    if not np.isfinite(total) or total == 0:
        return None  # a NaN or inf tap (the sum of |k| is then not finite) or a zero kernel
    budget = 0.5 * kh * kw * eps * total
    if probe and _cross_rejects(k, i0, j0, budget, eps):
        return None
    pairs = [(k[:, j0].copy(), k[i0, :] / k[i0, j0])]
    if _error(k, pairs, acc) <= budget:
        return _cast(pairs, acc)
    if max_rank < 2 or kh * kw < SVD_MIN_TAPS:
        return None
    left, s, right = np.linalg.svd(k)
    for rank in range(2, max_rank + 1):
        pairs = [(left[:, i] * s[i], right[i, :]) for i in range(rank)]
        if _error(k, pairs, acc) <= budget:
            return _cast(pairs, acc)
    return None


def _probe_rejects(k: np.ndarray, i0: int, j0: int, slack: float) -> bool:
    """A few 2x2 minors through the pivot in Python numbers: a kernel of higher rank almost
    always fails one of them, for the price of a dozen scalar reads instead of the full test.
    A rank-1 kernel (within ``slack`` per entry) never fails."""
    kh, kw = k.shape
    item = k.item
    pivot = item(i0, j0)
    for i, j in ((0, 0), (kh - 1, kw - 1), (kh // 2, kw // 3), (kh // 3, kw - 1), (kh - 1, 0)):
        minor = item(i, j) * pivot - item(i, j0) * item(i0, j)
        if abs(minor) > abs(pivot) * slack:
            return True
    return False


def rank1_ruled_out(kk: np.ndarray, acc: np.dtype) -> bool:
    """The cheap probes of ``float_pairs`` alone: True when no rank-1 split is acceptable
    (a few minors, then the residual on one row and column). Costs a few microseconds."""
    k = np.asarray(kk, dtype=np.float64)
    kh, kw = k.shape
    eps = float(np.finfo(acc).eps)
    i0, j0 = divmod(int(np.argmax(np.abs(k))), kw)
    slack = _crude_slack(k, i0, j0, eps)
    # a minor through the largest entry is at most 2 pivot**2: the probe cannot reject
    # when the slack allows that much (large float32 kernels), so it is not run
    if not slack >= 2 * abs(k.item(i0, j0)) and _probe_rejects(k, i0, j0, slack):
        return True
    total = float(np.abs(k).sum())
    if not np.isfinite(total) or total == 0:
        return True
    return _cross_rejects(k, i0, j0, 0.5 * kh * kw * eps * total, eps)


def split_ruled_out(kk: np.ndarray, acc: np.dtype, rank: int) -> bool:
    """The cheap tests alone: True when no split into ``rank`` (or fewer) pairs is
    acceptable; False when ``float_pairs`` must decide."""
    if not rank1_ruled_out(kk, acc):
        return False
    return rank == 1 or kk.size < SVD_MIN_TAPS or low_rank_ruled_out(kk, acc, rank)


def low_rank_ruled_out(kk: np.ndarray, acc: np.dtype, rank: int) -> bool:
    """True when no split into ``rank`` (or fewer) pairs is acceptable, from the singular
    values of a small submatrix, so that a random kernel does not pay for a full SVD.

    Deleting rows and columns never raises a singular value, so ``s_{r+1}(S) <= s_{r+1}(K)``
    for a submatrix ``S``, and any ``A`` of rank ``r`` has ``sum|K - A| >= ||K - A||_2 >=
    s_{r+1}(K)``. ``float_pairs`` accepts only splits whose error bound, which includes
    ``sum|K - A|``, stays within the budget: a larger ``s_{r+1}(S)`` rules them all out.
    """
    k = np.asarray(kk, dtype=np.float64)
    kh, kw = k.shape
    side = 2 * rank + 2
    if min(kh, kw) <= side:
        return False  # the submatrix would be most of the kernel: let the SVD decide
    total = float(np.abs(k).sum())
    if not np.isfinite(total) or total == 0:
        return True  # float_pairs refuses these too
    rows = [round(i * (kh - 1) / (side - 1)) for i in range(side)]  # distinct: kh > side
    cols = [round(j * (kw - 1) / (side - 1)) for j in range(side)]
    sub = np.linalg.svd(k[rows][:, cols], compute_uv=False)
    budget = 0.5 * kh * kw * float(np.finfo(acc).eps) * total
    # the computed singular value is within a few float64 roundings of ||S||_2 of the true one
    return float(sub[rank]) > budget * (1 + 1e-9) + 64 * np.finfo(np.float64).eps * float(sub[0])


def _crude_slack(k: np.ndarray, i0: int, j0: int, eps: float) -> float:
    # |K_ij K_00 - K_i0 K_0j| = |K_00| |residual_ij| <= |K_00| * budget for an acceptable
    # split, and budget <= 0.5 taps eps sum|K| <= 0.5 taps**2 eps |K_00|: probe before the sums
    return 4 * 0.5 * k.size**2 * eps * abs(k.item(i0, j0))


def _cross_rejects(k: np.ndarray, i0: int, j0: int, budget: float, eps: float) -> bool:
    """The rank-1 residual on one more row and column, against the exact budget.

    With ``r_ij = K_ij - K_i0 K_0j / K_00`` the split's error is at least ``sum |r_ij|`` minus
    the rounding of its factors to ``acc`` (at most ``3 eps |K_00|`` per entry). A row and a
    column together count each entry at most twice, so a residual ``R`` over them above
    ``2 budget + 6 eps (kh + kw) |K_00|`` proves the full test would refuse. The few minors
    of ``_probe_rejects`` compare single entries with a crude budget (``taps**2 eps``), which
    for large float32 kernels is bigger than the entries themselves and rejects nothing.
    """
    kh, kw = k.shape
    pivot = k[i0, j0]
    i1, j1 = (i0 + kh // 2) % kh, (j0 + kw // 2) % kw
    row = np.abs(k[i1, :] - k[i1, j0] * (k[i0, :] / pivot)).sum()
    col = np.abs(k[:, j1] - k[:, j0] * (k[i0, j1] / pivot)).sum()
    slack = 6 * eps * (kh + kw) * abs(pivot)
    return float(row + col) * (1 - 1e-9) > 2 * budget + slack


def _cast(pairs, acc: np.dtype) -> list:
    return [(u.astype(acc), v.astype(acc)) for u, v in pairs]


def _error(k: np.ndarray, pairs, acc: np.dtype) -> float:
    """Worst-case error bound of the passes divided by ``max|x|`` (see the module doc)."""
    kh, kw = k.shape
    eps = float(np.finfo(acc).eps)
    approx = np.zeros_like(k)
    passes = 0.0
    for u, v in _cast(pairs, acc):
        term = np.outer(u.astype(np.float64), v.astype(np.float64))
        approx += term
        passes += float(np.abs(term).sum())
    return (kh + kw) * eps * passes + float(np.abs(k - approx).sum())


def correlate_valid(
    src: PaddedImage, pairs, batch, acc: np.dtype, finish=None, engine: str | None = None
) -> np.ndarray:
    """Valid cross-correlation of ``src`` with ``sum_i outer(u_i, v_i)``: a row pass with
    ``v_i`` over every padded row, then a column pass with ``u_i``, summed over the pairs.
    float32/float64 passes are banded matrix products (``_banded``); int64 passes (exact
    modulo 2**64) are numpy's shift-and-add; ``engine='compiled'``: the compiled engine's
    1-D sums (``compiled_valid``; ``acc`` is then the output dtype)."""
    if engine == "compiled":
        return compiled_valid(src, pairs, batch, acc)
    out = None
    banded = acc in _banded.FLOAT_DTYPES
    if banded and src.whole is None and src.fill == 0:
        whole = np.asarray(src.img, dtype=acc)  # the zero padding stays implicit
        h, w = src.img.shape[-2:]
        rows = (src.top, src.shape[0] - h - src.top)
        cols = (src.left, src.shape[1] - w - src.left)
    elif banded:
        whole, rows, cols = src.materialize(), (0, 0), (0, 0)
    for u, v in pairs:
        if banded:
            part = _banded.column_pass(_banded.row_pass(whole, v, cols), u, rows)
        else:
            rows = _direct.correlate_valid(src, v[None, :], batch, acc)
            mid = PaddedImage(rows, ((0, 0), (0, 0)), "fill", 0, acc)
            part = _direct.correlate_valid(mid, u[:, None], batch, acc)
        if out is None:
            out = part
        else:
            with np.errstate(over="ignore"):
                out += part
    if out.shape[:-2] != tuple(batch):
        out = np.broadcast_to(out, (*batch, *out.shape[-2:])).copy()
    return finish(out) if finish is not None else out


def pass_work(kh: int, kw: int, padded_rows: int, out_shape, rank: int) -> int:
    """Multiply-adds of ``rank`` pairs of passes (the row pass runs on every padded row)."""
    oh, ow = out_shape
    return rank * (kw * padded_rows * ow + kh * oh * ow)


# the bytes of intermediate rows the fused passes keep in their ring of ``kh + 3`` rows: half
# of the 1 MB L2 cache of the benchmark machine (AMD EPYC, Zen 4). Whole rows where they fit:
# float64 2048² ⊛ 15² 11.4 ms in one strip, 14.2 in strips of 512; float32 2048² ⊛ 63² 16.4 /
# 17.6 / 20.0 ms in strips of 2048 / 1024 / 512, float64 2048² ⊛ 63² (a 1 MB ring) 39 ms in
# one strip, 37 in strips of 512 (one thread, CPU time, a throw-away script, rt10 helper)
_RING_CACHE = 1 << 19


def intermediate_dtype(out_dtype: np.dtype) -> np.dtype:
    """The dtype of the compiled row pass's output: the output's own, 16 bits for 8-bit
    integer outputs (the engine's accumulator; residues modulo 2**16 keep the result mod 2**8)."""
    if out_dtype.kind in "iub" and out_dtype.itemsize == 1:
        return np.dtype(np.uint16)
    return out_dtype


def compiled_available(out_dtype: np.dtype) -> bool:
    """Whether the compiled engine can run both passes for this output dtype."""
    mid = intermediate_dtype(out_dtype)
    return _compiled.codes(mid, mid, out_dtype) is not None


def column_strip(kh: int, width: int, dtype: np.dtype) -> int:
    """Output columns per strip of the fused passes: all of them while the ring of ``kh + 3``
    intermediate rows fits in ``_RING_CACHE``, else a power of two that fits (at least 64)."""
    fits = _RING_CACHE // ((kh + 3) * dtype.itemsize)
    if fits >= width:
        return width
    return max(64, 1 << (fits.bit_length() - 1))


def compiled_valid(src: PaddedImage, pairs, batch, out_dtype: np.dtype) -> np.ndarray:
    """The passes as the compiled engine's 1-D sums, fused (``_cdirect.separable``): the row
    pass with ``v`` of each padded image row goes into a ring of ``kh + 3`` rows that the
    column pass with ``u`` reads, in column strips whose ring stays in the L2 cache (the same
    bits as the two passes run one after the other). Floats in their own type, tap by tap,
    integers modulo ``2**bits`` of the output (residues of the factors, a ring homomorphism:
    exact with the output's wrapping for any magnitudes; 8-bit outputs keep 16-bit rows). The
    'fill' boundary stays implicit: the row pass pads columns with the fill value, rows outside
    the image are the row pass of a fill row; other boundaries are materialised first. Rows
    are split over the engine's threads (``_compiled.THREAD_MIN_WORK``).

    Float input need not be known finite: the passes look for NaN and inf in each block of
    output rows while it is in the L1 cache and None is returned when there is one (the
    caller then takes another method). A non-finite input reaches every output whose window
    holds it (inf * 0 is NaN, and no sum or product of a NaN or inf is finite), so finite
    outputs prove that no window held one; the scan of the input this replaces cost 0.07 ms for
    float64 512² and pushed the image through the caches once more (conv2d 512² ⊛ 15² rank-1:
    0.23 ms over the passes alone with it)."""
    mid_dtype = intermediate_dtype(out_dtype)
    if src.whole is None:
        img, (top, left) = src.img, (src.top, src.left)
        fill = src.fill.item()
    else:
        img, top, left, fill = src.whole, 0, 0, 0
    ph, pw = src.shape
    out = None
    for u, v in pairs:
        kh, kw = len(u), len(v)
        oh, ow = ph - kh + 1, pw - kw + 1
        code = _compiled.codes(img.dtype, u.dtype, out_dtype)
        col_k, row_k = u[:, None], v[None, :]
        strip = column_strip(kh, ow, mid_dtype)
        threads = 1
        if pass_work(kh, kw, ph, (oh, ow), 1) >= _compiled.THREAD_MIN_WORK:
            threads = min(_direct.workers(), oh)
        part = np.empty((*batch, oh, ow), out_dtype)
        run = _compiled._cdirect.separable
        for idx in np.ndindex(*batch):
            x2 = _compiled._at(img, idx)
            if not run(x2, col_k, row_k, part[idx], code, top, left, fill, strip, 0, oh, threads):
                return None  # a NaN or inf: see the docstring
        if out is None:
            out = part
        else:
            with np.errstate(over="ignore"):
                out += part
    return out
