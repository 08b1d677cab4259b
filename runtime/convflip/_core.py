"""One engine behind conv2d and xcorr2d: argument checks, reduction, method choice.

Every call becomes the *valid cross-correlation of a padded image with a kernel*:
``out[i, j] = sum_ab xp[i + a, j + b] * kk[a, b]``. conv2d correlates with ``flip(k)``,
xcorr2d with ``k`` (``conj(k)`` when ``conj=True``); the padding comes from the mode and
boundary (semantics.md A13); 'valid' with a kernel larger than the image swaps the roles
(A9). Then one summation engine runs, chosen by a cost model calibrated on this project's
benchmark machine (see ``_COST``):

* ``direct``: cache-tiled shift-and-add, threaded (``_direct``); for tiny outputs with many
  taps a single window-by-kernel contraction; for small problems ``scipy.ndimage.correlate``
  when it provably sums every tap (``_small``);
* ``fft``: whole-image or overlap-save ``scipy.fft`` transforms (``_fft``), floats only;
* ``exact``: integer limbs through float64 FFTs with a per-call error bound (``_exact``);
* ``cv2``: OpenCV's ``filter2D`` where it is provably equivalent (``_accel``).
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np

from . import _accel, _args, _banded, _direct, _exact, _fft, _separable, _small
from ._direct import PaddedImage

# Seconds per unit of work on one thread, measured by benchmarks/calibrate_runtime.py (process
# CPU time, so that the machine's other load does not enter; the table and its run are in
# runtime/README.md): direct = per multiply-add of the output, fft = per unit of
# ``_fft_cost``'s work (``n * (log2 n + 4)`` per real transform, two image-sized transforms
# and the kernel's; see ``_FFT_UNITS``). "direct_int" (int64 shift-and-add) is not measured by
# the script: it keeps its earlier ratio to "direct" (1.2x).
_COST = {
    "direct": 0.98e-9,
    "direct_f32": 0.38e-9,
    "direct_int": 1.17e-9,
    "ndimage": 0.90e-9,
}
# the FFT's cost per unit grows once the spectra leave the caches: (largest spectrum in
# bytes, seconds per unit) for float64 / float32, measured with the engine alone over 64²-2048²
# x k = 3-63 (float64 0.21 ns up to 256², 0.29-0.31 at 512²-1024², 0.36-0.40 at 2048²; float32
# 0.12-0.16 up to 1024², 0.18-0.21 at 2048²)
_FFT_UNITS = {
    "fft": ((1 << 20, 0.21e-9), (1 << 24, 0.30e-9), (math.inf, 0.39e-9)),
    "fft_f32": ((1 << 24, 0.14e-9), (math.inf, 0.19e-9)),
}
_OVERHEAD = {"direct": 20e-6, "direct_f32": 20e-6, "direct_int": 20e-6, "ndimage": 4e-6}
# shift-and-add per tap and row tile (two ufunc calls on slices): 1.8-1.9 us measured on
# 64² ⊛ 56²-63² 'valid', where the work term is negligible
_TAP_OVERHEAD = 1.8e-6
# the window contraction: fixed cost and cost per multiply-add (float: BLAS, integer: numpy's
# loop; fitted to 64² ⊛ 32²-63² 'valid'), the largest window copy it may make, and the most
# outputs for a float contraction (above, OpenBLAS threads its matrix-vector product: 8 ms of
# CPU for 289 x 2304)
_WINDOWS_COST = {"f": (23e-6, 0.4e-9), "i": (20e-6, 1.0e-9)}
_WINDOWS_MAX, _WINDOWS_FLOAT_ROWS = 1 << 23, 100
# the FFT path's fixed cost: the engine's intercept over 64²-256² is about 15 us (64² ⊛ 3²:
# 68 us, 53 us of it work), plus its share of the call
_FFT_OVERHEAD = 20e-6
# 'auto' keeps a direct sum that costs less than this: the FFT could save a few microseconds
# at most, and the direct sum keeps a tiny call's integer-valued float results exact
_DIRECT_FLOOR = 40e-6
# ``all_finite``: up to this size a boolean mask (2.2 us for 64²) beats a sum under errstate
# (3.5 us; 47 us against 42 us at 512²)
_FINITE_MASK_MAX = 1 << 18
_THREAD_GAIN = 1.7  # observed speed-up of 2 threads on large problems
_INT_F32_LIMIT = 2**24
# cv2 (measured as above, one thread): sepFilter2D per multiply-add of its passes and per
# call. float64 slows down with the kernel length (0.15 ns at 7 taps, 0.24 at 15, 0.40 at
# 31 and 63 on 512²), float32 does not (0.06-0.10 ns)
_SEP_CV2_COST = {
    np.dtype(np.float64): (0.10e-9, 0.01e-9, 0.40e-9),
    np.dtype(np.float32): (0.07e-9, 0.0, 0.07e-9),
}
_SEP_CV2_OVERHEAD = 6e-6
# float32 factors that are neither symmetric nor antisymmetric take OpenCV's general loop:
# 2.5x slower (512² ⊛ 31² random rank-1: 2.95 ms against 1.2 ms for a Gaussian)
_SEP_CV2_ASYMMETRIC = 2.5
# the banded BLAS passes (``_banded``, 16 outputs a block): per multiply-add BLAS performs,
# band zeros included, and per matrix product. The unit falls with the kernel length k
# (longer bands, better matrix products): (unit at k <= 7, exponent of k / 7), fitted to
# 256²-1024² x k = 7-63, one thread (float64: 0.11 ns at 7, 0.063-0.072 at 15, 0.054-0.059
# at 31, 0.050-0.076 at 63; 512² ⊛ 7² is slower, 0.22; float32: 0.04-0.09, 0.035-0.053,
# 0.030-0.055, 0.026-0.041)
_BLAS_COST = {np.dtype(np.float64): (0.11e-9, -0.4), np.dtype(np.float32): (0.055e-9, -0.2)}
_BLAS_CALL = 2e-6
# the rank-1 pivot test with its error bound (115-160 us measured at load average 8, where
# every timing ran about 3x slow) and numpy's SVD per kh * kw * min(kh, kw) (77 us at 15²,
# 430 us at 31²)
_FACTOR_COST = 50e-6
_SVD_COST = 20e-9
_CV2_DIRECT_COST = {np.dtype(np.float64): 0.156e-9, np.dtype(np.float32): 0.054e-9}
# filter2D's DFT path per call and per ``D log2 D`` of its blocks (``_accel.dft_work``), float64
# and float32 alike: 0.38-0.49 ns over 64²-256² x k = 15-63 with 15 us per call, one thread
# (float32 256² ran 0.35-0.9 ns, so the model is optimistic there; scipy.fft wins those anyway)
_CV2_DFT_COST = (15e-6, 0.45e-9)


def run(x, k, mode, boundary, fillvalue, method, dtype, *, conv: bool, conj: bool = False):
    """Shared implementation of conv2d / xcorr2d (arguments as in the public functions)."""
    call = None
    if type(x) is np.ndarray and type(k) is np.ndarray and dtype is None:
        try:  # checks that read only the arguments' types and shapes: once per combination
            call = _checked(mode, boundary, method, x.shape, x.dtype, k.shape, k.dtype, conv)
        except TypeError:  # an unhashable argument: the checks below name it
            call = None
    if call is None:
        mode = _args.check_mode(mode)
        boundary = _args.check_boundary(boundary)
        method = _args.check_method(method)
        x = _args.as_operand("x", x)
        k = _args.as_operand("k", k)
        out_dtype = _args.result_dtype(x, k, dtype)
        batch = _args.batch_shape(x, k)
        geo, plans = None, {}
    else:
        mode, boundary, method, out_dtype, batch, geo, plans = call
    fill = _args.fill_scalar(fillvalue, out_dtype, boundary)
    if geo is None:  # the fill value is checked first
        geo = _args.geometry(mode, x.shape[-2:], k.shape[-2:], conv)
    img, kk = _orient(x, k, geo.swap, conv, conj)
    if out_dtype.kind in "iu":
        out = _integer(img, kk, geo, boundary, fill, method, out_dtype, batch)
    else:
        out = _floating(img, kk, geo, boundary, fill, method, out_dtype, batch, plans)
    if geo.swap and not conv:
        out = out[..., ::-1, ::-1]
    return np.ascontiguousarray(out, dtype=out_dtype)


@functools.lru_cache(maxsize=1024)
def _checked(mode, boundary, method, x_shape, x_dtype, k_shape, k_dtype, conv):
    """``run``'s checks for ndarray operands without ``dtype=``, on stand-ins of the same
    shape and dtype (zero strides, no data): mode, boundary, method, output dtype, batch,
    geometry, and the cache of method choices for this combination (``_float_plan``)."""
    mode = _args.check_mode(mode)
    boundary = _args.check_boundary(boundary)
    method = _args.check_method(method)
    x = _args.as_operand("x", np.broadcast_to(np.zeros((), x_dtype), x_shape))
    k = _args.as_operand("k", np.broadcast_to(np.zeros((), k_dtype), k_shape))
    out_dtype, batch = _args.result_dtype(x, k, None), _args.batch_shape(x, k)
    try:
        geo = _args.geometry(mode, x_shape[-2:], k_shape[-2:], conv)
    except ValueError:  # raised in ``run``, after the fill value's checks
        geo = None
    return mode, boundary, method, out_dtype, batch, geo, {}


def _orient(x, k, swap: bool, conv: bool, conj: bool):
    """(image, correlation kernel) for the valid correlation that equals the call."""
    if conj and k.dtype.kind == "c":
        k = np.conj(k)
    if conv:
        return (k, x[..., ::-1, ::-1]) if swap else (x, k[..., ::-1, ::-1])
    # xcorr2d swapped: out[t] = sum x[a] k[a + (m - n) - t], i.e. reversed corr(k, x)
    return (k, x) if swap else (x, k)


def _workers_gain(work: float) -> float:
    return _THREAD_GAIN if work > 2e6 and _direct.workers() > 1 else 1.0


def _direct_cost(kind: str, taps: int, out_elems: int) -> float:
    work = taps * out_elems
    fixed = _OVERHEAD[kind]
    if kind != "ndimage":  # shift-and-add: two ufunc calls per tap and row tile
        fixed += _TAP_OVERHEAD * taps * (1 + out_elems * 8 // _direct.TILE_BYTES)
    return fixed + _COST[kind] * work / _workers_gain(work)


def _fft_cost(tiles: _fft.TilePlan, nbatch: int, nkernels: int, acc=None) -> float:
    """Seconds for the FFT path in ``acc`` (float64 when None; complex costs two transforms)."""
    acc = np.dtype(np.float64 if acc is None else acc)
    work = 2 * _fft.plan_cost(tiles, nbatch) + _fft.plan_cost(tiles, nkernels) / tiles.tiles()
    name = "fft_f32" if acc in (np.float32, np.complex64) else "fft"
    rows, cols = tiles.rows.length, tiles.cols.length
    kept = rows * cols if acc.kind == "c" else rows * (cols // 2 + 1) * 2  # real: half, complex
    spectrum = tiles.tiles() * nbatch * kept * acc.itemsize
    unit = next(u for most, u in _FFT_UNITS[name] if spectrum <= most)
    return _FFT_OVERHEAD + unit * work * (2 if acc.kind == "c" else 1) / _workers_gain(work)


def all_finite(a: np.ndarray) -> bool:
    """True if ``a`` has no NaN/inf; one reduction in the common case."""
    if a.size <= _FINITE_MASK_MAX:  # the mask is cheaper than errstate's context
        return bool(np.isfinite(a).all())
    with np.errstate(all="ignore"):
        if np.isfinite(a.sum()):
            return True
    return bool(np.isfinite(a).all())


class _FloatPlan(NamedTuple):
    """What ``_floating`` decides from shapes, dtypes and settings alone (cached)."""

    ndimage: float  # costs of the engines
    tiled: float
    windows: float
    loop: float
    try_separable: bool  # a split could be cheaper: the kernel is worth a rank test
    separable: tuple  # (rank, engine, costs) the passes would use, rank 0 when they lose
    cv2_direct: bool  # filter2D sums directly (the kernel has few taps)
    cv2_dft: bool  # filter2D's DFT is the better FFT
    ndimage_shape_ok: bool  # ``_small_ok`` but the kernel check
    tiles: _fft.TilePlan
    fft: float


def _floating(img, kk, geo, boundary, fill, method, acc, batch, plans):
    # float16 joins a wider operand (result_type refuses float16 results); no engine
    # takes it (ndimage raises "array type not supported"), and the cast is exact
    if img.dtype == np.float16:
        img = img.astype(acc)
    if kk.dtype == np.float16:
        kk = kk.astype(acc)
    finite = None

    def x_finite() -> bool:
        nonlocal finite
        if finite is None:
            finite = all_finite(img) and all_finite(kk) and np.isfinite(fill)
        return finite

    # the rest of the key (shapes, dtypes, mode, method) is fixed for one ``plans``
    key = (fill == 0, _accel.active(), _direct.workers())
    plan = plans.get(key)
    if plan is None:
        zero_fill = (boundary == "fill" and key[0]) or not any(sum(geo.pads, ()))
        plan = _float_plan(
            img.shape, kk.shape, kk.dtype, geo, zero_fill, method, acc, batch, *key[1:]
        )
        plans[key] = plan
    if plan.try_separable and plan.separable[0]:
        out = _floating_separable(img, kk, geo, boundary, fill, acc, batch, x_finite, plan)
        if out is not None:
            return out
    if plan.cv2_direct and method != "fft" and (_no_zero_tap(kk) or x_finite()):
        return _cv2_float(img, kk, geo, boundary, fill, acc, batch)
    if plan.cv2_dft and method != "direct" and x_finite():
        return _cv2_float(img, kk, geo, boundary, fill, acc, batch)
    small = plan.ndimage_shape_ok and _small.eligible(img, kk, geo.pads, boundary)
    direct = plan.ndimage if small else plan.tiled
    if method == "auto":
        method = "direct"
        cheapest = min(direct, plan.windows, plan.loop)
        if cheapest > _DIRECT_FLOOR and plan.fft < cheapest and x_finite():
            method = "fft"
    if method == "fft":
        src = PaddedImage(img, geo.pads, boundary, fill, acc)
        return _fft.correlate_valid(src, kk, batch, plan.tiles)
    if plan.loop < min(direct, plan.windows):
        return _small.loop_correlate(img, kk, acc)
    if plan.windows < direct:
        src = PaddedImage(img, geo.pads, boundary, fill, acc)
        return _direct.correlate_windows(src, kk, batch)
    if small:
        return _small.correlate(img, kk, geo.pads, boundary, fill, geo.out_shape, acc)
    return _direct.correlate_valid(PaddedImage(img, geo.pads, boundary, fill, acc), kk, batch, acc)


def _float_plan(
    img_shape, kshape, kdtype, geo, zero_fill, method, acc, batch, accel, workers
) -> _FloatPlan:
    """The half of ``_floating``'s choice that depends only on shapes, dtypes and settings
    (``workers`` enters through the thread gain)."""
    kh, kw = kshape[-2:]
    taps = kh * kw
    nbatch = math.prod(batch)
    out_elems = nbatch * geo.out_shape[0] * geo.out_shape[1]
    work = taps * out_elems
    ndimage = _direct_cost("ndimage", taps, out_elems)
    tiled = _direct_cost(_direct_kind(acc, False), taps, out_elems)
    windows = _windows_cost(taps, out_elems, acc)
    loop_ok = len(img_shape) == 2 and len(kshape) == 2 and acc in _small.LOOP_DTYPES
    loop = _small.loop_cost(work) if loop_ok and not any(sum(geo.pads, ())) else math.inf
    # finding factors costs more than a direct sum this small (a few outputs, say)
    sums_cheaply = min(ndimage, tiled, windows, loop) <= _FACTOR_COST
    try_separable = (
        method == "auto"
        and acc.kind == "f"
        and len(kshape) == 2
        and not sums_cheaply
        and kdtype.kind != "c"
        and _separable.worthwhile(kh, kw)
    )
    image = img_shape[-2:]
    accel_ok = accel and _accel.float_ok(acc) and _cv2_waste_ok(image, geo)
    tiles = _fft.plan(image, geo.pads, (kh, kw), nbatch, False, zero_fill)
    separable = (0, None, {})
    if try_separable:
        separable = _separable_plan(acc, accel_ok, image, geo, (kh, kw), nbatch, tiles)
    small = taps <= _accel.direct_taps(acc)
    image_work = taps * math.prod(image)
    ndimage_ok = (
        max(work, image_work * nbatch) <= _small.MAX_WORK
        and acc.kind == "f"
        and acc.itemsize <= 8
        and len(kshape) == 2
    )
    fft = math.inf
    if method != "direct":
        fft = _fft_cost(tiles, nbatch, math.prod(kshape[:-2]), acc)
    cv_fft = accel_ok and not small and _cv2_dft_cost(image, geo, (kh, kw), nbatch) < fft
    return _FloatPlan(
        ndimage, tiled, windows, loop, try_separable, separable,
        accel_ok and small, cv_fft, ndimage <= tiled and ndimage_ok, tiles, fft,
    )  # fmt: skip


def _cv2_dft_cost(image, geo, kshape, nbatch: int) -> float:
    """filter2D's DFT path: its output is the image (padded by us unless 'same')."""
    corr = [
        n + (top + bottom if top + bottom != m - 1 else 0)
        for n, (top, bottom), m in zip(image, geo.pads, kshape, strict=True)
    ]
    fixed, unit = _CV2_DFT_COST
    work = _accel.dft_work(corr, kshape)
    return nbatch * (fixed + unit * work / _workers_gain(work))


def _separable_plan(acc, accel, image, geo, kshape, nbatch, tiles) -> tuple:
    """(rank, engine, costs) of the cheapest pairs of passes, rank 0 when another method is
    cheaper than even the first pair (the factor search included)."""
    kh, kw = kshape
    out_elems = nbatch * geo.out_shape[0] * geo.out_shape[1]
    alternative = _fft_cost(tiles, nbatch, 1, acc)
    if accel and kh * kw <= _accel.direct_taps(acc):
        alternative = min(alternative, _cv2_direct_cost(acc, kh * kw, nbatch * math.prod(image)))
    elif accel:
        alternative = min(alternative, _cv2_dft_cost(image, geo, kshape, nbatch))
    if not accel:
        alternative = min(alternative, _direct_cost(_direct_kind(acc, False), kh * kw, out_elems))
    rows = image[0] + geo.pads[0][0] + geo.pads[0][1]
    rank, engine, chosen = 0, None, {}
    while _separable.worthwhile(kh, kw, rank + 1):
        costs = _separable_costs(acc, accel, rank + 1, nbatch, (kh, kw), rows, geo.out_shape)
        # finding the factors costs too: the pivot test, and an SVD beyond rank 1
        factoring = _FACTOR_COST + (0 if rank == 0 else _svd_cost(kh, kw))
        if min(costs.values()) + factoring >= alternative:
            break
        rank, engine, chosen = rank + 1, min(costs, key=costs.get), costs
    return rank, engine, chosen


def _floating_separable(img, kk, geo, boundary, fill, acc, batch, x_finite, plan):
    """Pairs of 1-D passes when the kernel has a low rank and they are the cheapest method."""
    kh, kw = kk.shape
    rank, engine, chosen = plan.separable
    rank1 = not _separable.rank1_ruled_out(kk, acc)
    if not rank1 and (rank == 1 or kh * kw < _separable.SVD_MIN_TAPS):
        return None
    if not rank1 and _separable.low_rank_ruled_out(kk, acc, rank):
        return None  # a random-looking kernel: no SVD
    pairs = _separable.float_pairs(kk, acc, rank, probed=True)
    if pairs is None or not x_finite():
        return None
    if engine == "cv2" and acc == np.float32 and not _symmetric(pairs):
        chosen = dict(chosen, cv2=chosen["cv2"] * _SEP_CV2_ASYMMETRIC)
        engine = min(chosen, key=chosen.get)
    if engine == "cv2":
        img = np.asarray(img, dtype=acc)
        return _accel.correlate_separable(
            img, pairs, geo.pads, boundary, fill, geo.out_shape, batch
        )
    src = PaddedImage(img, geo.pads, boundary, fill, acc)
    return _separable.correlate_valid(src, pairs, batch, acc)


def _symmetric(pairs) -> bool:
    """Whether every factor is symmetric or antisymmetric (OpenCV's fast 1-D loops)."""
    return all(
        np.array_equal(f, f[::-1]) or np.array_equal(f, -f[::-1]) for pair in pairs for f in pair
    )


def _svd_cost(kh: int, kw: int) -> float:
    return _SVD_COST * kh * kw * min(kh, kw)


def _separable_costs(
    acc: np.dtype, accel: bool, rank: int, nbatch: int, kshape, rows: int, out_shape
) -> dict[str, float]:
    """Seconds for ``rank`` pairs of passes per engine: cv2.sepFilter2D (accelerator),
    banded BLAS products (float accumulators), numpy's shift-and-add (int64)."""
    kh, kw = kshape
    work = nbatch * _separable.pass_work(kh, kw, rows, out_shape, rank)
    costs = {}
    if accel:
        costs["cv2"] = rank * _SEP_CV2_OVERHEAD + _sep_cv2_unit(acc, max(kshape)) * work
    if acc in _banded.FLOAT_DTYPES:
        blas = nbatch * _banded.work(kh, kw, rows, out_shape, acc)
        calls = nbatch * _banded.calls(out_shape, acc)
        costs["blas"] = rank * (_BLAS_CALL * calls + _blas_unit(acc, (kh + kw) / 2) * blas)
    else:
        oh, ow = out_shape
        passes = _direct_cost("direct_int", kw, nbatch * rows * ow)
        costs["numpy"] = rank * (passes + _direct_cost("direct_int", kh, nbatch * oh * ow))
    return costs


def _blas_unit(acc: np.dtype, length: float) -> float:
    at7, exponent = _BLAS_COST[acc]
    return at7 * (max(length, 7) / 7) ** exponent


def _sep_cv2_unit(acc: np.dtype, length: int) -> float:
    base, per_tap, most = _SEP_CV2_COST[acc]
    return min(most, base + per_tap * length)


def _cv2_direct_cost(acc: np.dtype, taps: int, image_elems: int) -> float:
    return _SEP_CV2_OVERHEAD + _CV2_DIRECT_COST[acc] * taps * image_elems


def _tiles(img, geo, boundary, fill, kshape, nbatch) -> _fft.TilePlan:
    zero_fill = (boundary == "fill" and fill == 0) or not any(sum(geo.pads, ()))
    return _fft.plan(tuple(img.shape[-2:]), geo.pads, tuple(kshape), nbatch, False, zero_fill)


def _no_zero_tap(kk: np.ndarray) -> bool:
    values = _small.kernel_values(kk) if kk.ndim == 2 else None
    if values is not None:
        return 0 not in values
    return bool((kk != 0).all())


def _windows_cost(taps: int, out_elems: int, acc: np.dtype) -> float:
    if taps * out_elems > _WINDOWS_MAX:
        return math.inf
    if acc.kind in "fc" and out_elems > _WINDOWS_FLOAT_ROWS:
        return math.inf
    fixed, unit = _WINDOWS_COST["f" if acc.kind in "fc" else "i"]
    return fixed + unit * taps * out_elems


def _cv2_waste_ok(image: tuple[int, ...], geo) -> bool:
    """filter2D computes an image-sized output; skip it when most of that is thrown away."""
    return 4 * geo.out_shape[0] * geo.out_shape[1] >= image[-2] * image[-1]


def _small_ok(img, kk, geo, boundary, acc, work) -> bool:
    """ndimage computes an image-sized output, so it is also judged by that work."""
    image_work = (
        work // max(1, geo.out_shape[0] * geo.out_shape[1]) * img.shape[-2] * img.shape[-1]
    )
    return (
        max(work, image_work) <= _small.MAX_WORK
        and acc.kind == "f"
        and acc.itemsize <= 8
        and _small.eligible(img, kk, geo.pads, boundary)
    )


def _direct_kind(acc: np.dtype, small: bool) -> str:
    if small:
        return "ndimage"
    return "direct_f32" if acc == np.float32 else "direct"


def _cv2_float(img, kk, geo, boundary, fill, acc, batch):
    img = np.asarray(img, dtype=acc)
    return _accel.correlate(img, kk, geo.pads, boundary, fill, geo.out_shape, batch)


def _integer(img, kk, geo, boundary, fill, method, out_dtype, batch):
    nbatch = math.prod(batch)
    out_elems = nbatch * geo.out_shape[0] * geo.out_shape[1]
    if method != "fft" and _loop_first(
        img.shape, kk.shape, geo.pads, out_elems, out_dtype, _accel.active()
    ):
        # exact for any magnitudes; it casts both operands to out_dtype itself
        return _small.loop_correlate(img, kk, out_dtype)
    img, kk = _as_accumulator(img, out_dtype), _as_accumulator(kk, out_dtype)
    fill = int(fill)
    kh, kw = kk.shape[-2:]
    taps = kh * kw
    mx, mk = _magnitudes(img, kk, fill, taps)
    bound = taps * mx * mk
    depth = _cv2_int_depth(img, geo, fill, taps, bound)
    if method != "direct":
        f32 = bound < _INT_F32_LIMIT
        direct = _direct_cost("direct_f32" if f32 else "direct_int", taps, out_elems)
        direct = min(direct, _windows_cost(taps, out_elems, out_dtype))
        if _small.loop_ok(img, kk, geo.pads, out_dtype):
            direct = min(direct, _small.loop_cost(taps * out_elems))
        if depth is not None:
            # filter2D's SIMD loop plus the two conversions, measured here
            direct = min(direct, 20e-6 + 0.12e-9 * taps * out_elems + 6e-9 * img.size)
        factors = None
        if method == "auto" and kk.ndim == 2 and _separable.worthwhile(kh, kw):
            rows = img.shape[-2] + geo.pads[0][0] + geo.pads[0][1]
            acc = _int_pass_dtype(bound)
            costs = _separable_costs(acc, False, 1, nbatch, (kh, kw), rows, geo.out_shape)
            sep = min(costs.values()) + _FACTOR_COST
            if sep < direct:
                factors = _separable.integer_rank1(kk)
                direct = sep if factors is not None else direct
        # the FFT costs at least its overhead: below it the plan is not even made
        if method == "fft" or direct > _FFT_OVERHEAD:
            dtype_bound = max(_dtype_max(img.dtype), abs(fill)) * _dtype_max(kk.dtype)
            measured = (mx, mk) if taps * dtype_bound >= _INT_F32_LIMIT else None
            out = _integer_fft(
                img, kk, geo, boundary, fill, method, out_dtype, batch, direct, measured
            )
            if out is not None:
                return out
        if factors is not None:
            return _int_separable(img, factors, geo, boundary, fill, bound, out_dtype, batch)
    return _int_direct(img, kk, geo, boundary, fill, bound, taps, out_dtype, batch, depth)


@functools.lru_cache(maxsize=1024)
def _loop_first(img_shape, kshape, pads, out_elems: int, out_dtype, accel: bool) -> bool:
    """Whether scipy's loop beats every integer engine at its best (before any magnitude
    scan): the few outputs of a kernel nearly as large as the image."""
    loop_ok = len(img_shape) == 2 and len(kshape) == 2 and out_dtype in _small.LOOP_DTYPES
    if not loop_ok or any(sum(pads, ())):
        return False
    taps = kshape[-2] * kshape[-1]
    loop = _small.loop_cost(taps * out_elems)
    image_work = taps * math.prod(img_shape)  # ndimage and cv2 compute an image-sized output
    tiles = _fft.plan(tuple(img_shape), pads, tuple(kshape), 1, False, True)
    best = min(
        _fft_cost(tiles, 1, 1),  # the exact FFT's float64 transforms at the least
        _direct_cost("direct_f32", taps, out_elems),
        _windows_cost(taps, out_elems, np.dtype(np.int64)),
        _direct_cost("ndimage", taps, out_elems) if image_work <= _small.MAX_WORK else math.inf,
        20e-6 + 0.12e-9 * image_work + 6e-9 * math.prod(img_shape) if accel else math.inf,
    )
    return loop < best


def _int_pass_dtype(bound: int) -> np.dtype:
    """The accumulator in which every partial sum of the passes is exact."""
    if bound < _INT_F32_LIMIT:
        return np.dtype(np.float32)
    return np.dtype(np.float64 if bound < 2**53 else np.int64)


def _int_separable(img, factors, geo, boundary, fill, bound, out_dtype, batch):
    acc = _int_pass_dtype(bound)
    pairs = [(factors[0].astype(acc), factors[1].astype(acc))]
    src = PaddedImage(
        img.astype(np.int64, copy=False) if acc.kind == "i" else img, geo.pads, boundary, fill, acc
    )
    out = _separable.correlate_valid(src, pairs, batch, acc)
    if acc.kind == "f":
        out = out.astype(np.int32 if acc == np.float32 else np.int64)
    return out.astype(out_dtype, copy=False)


def _integer_fft(img, kk, geo, boundary, fill, method, out_dtype, batch, direct, measured=None):
    """The exact FFT result when it is provable and (under 'auto') cheaper, else None.
    ``measured``: ``(max|x|, max|k|)`` already scanned from the values (``_magnitudes``)."""
    kh, kw = kk.shape[-2:]
    nbatch = math.prod(batch)
    tiles = _tiles(img, geo, boundary, fill, (kh, kw), nbatch)
    fft1 = _fft_cost(tiles, nbatch, math.prod(kk.shape[:-2]))
    if method != "fft" and fft1 >= direct:
        return None
    mx, mk = measured or (max(_exact.max_abs(img), abs(fill)), _exact.max_abs(kk))
    padded = geo.pads[0][0] + geo.pads[0][1] + img.shape[-2]
    padded *= geo.pads[1][0] + geo.pads[1][1] + img.shape[-1]
    if _exact.one_limb_proven(padded, mx, kh * kw, mk, tiles.transform_size()):
        f64 = np.dtype(np.float64)
        src = PaddedImage(img, geo.pads, boundary, fill, f64)
        out = np.rint(_fft.correlate_valid(src, kk, batch, tiles))
        return out.astype(np.int64)  # run() wraps it into out_dtype
    out = _int_limbs(img, kk, geo, boundary, fill, tiles, batch, method, direct / fft1)
    return None if out is None else out.astype(out_dtype, copy=False)


def _magnitudes(img: np.ndarray, kk: np.ndarray, fill: int, taps: int) -> tuple[int, int]:
    """Upper bounds of ``max|x|`` (with the fill) and ``max|k|``; from the dtypes when they
    already prove the cheapest exact engines (float32 sums), else from the values."""
    mx, mk = max(_dtype_max(img.dtype), abs(fill)), _dtype_max(kk.dtype)
    if taps * mx * mk < _INT_F32_LIMIT:
        return mx, mk
    return max(_exact.max_abs(img), abs(fill)), _exact.max_abs(kk)


@functools.cache
def _dtype_max(dtype: np.dtype) -> int:
    if dtype.kind == "b":
        return 1
    info = np.iinfo(dtype)
    return max(int(info.max), -int(info.min))


def _as_accumulator(a: np.ndarray, out_dtype: np.dtype) -> np.ndarray:
    """Cast an operand to the integer output type when that can change its values."""
    if a.dtype.kind == "b" or np.can_cast(a.dtype, out_dtype, "safe"):
        return a
    return a.astype(out_dtype)


def _int_limbs(img, kk, geo, boundary, fill, tiles, batch, method, budget):
    """Exact multi-limb FFT if provable and (under 'auto') cheaper than direct summation."""
    i64 = np.dtype(np.int64)
    src = PaddedImage(img.astype(i64, copy=False), geo.pads, boundary, fill, i64)
    kk = kk.astype(i64, copy=False)
    nbatch = math.prod(batch)
    chosen = _exact.choose(src, kk, tiles, nbatch)
    if chosen is None:
        if method == "fft":
            raise ValueError(
                "method='fft' cannot prove an exact integer result for these magnitudes "
                f"(within {_exact.MAX_LIMBS} limbs per operand); use method='direct' or "
                "'auto', or a float dtype="
            )
        return None
    if method == "fft" or chosen[0].transforms(1, 0) / 2 < budget:
        return _exact.correlate_valid(src, kk, batch, tiles, chosen)
    return None


def _cv2_int_depth(img, geo, fill, taps, bound):
    """The float dtype for an exact filter2D call on integers, or None."""
    if not (_accel.active() and _cv2_waste_ok(img.shape, geo)):
        return None
    return _accel.int_depth(taps, bound, img.dtype == np.uint8 and 0 <= fill <= 255)


def _int_direct(img, kk, geo, boundary, fill, bound, taps, out_dtype, batch, depth):
    if depth is not None:
        native = img.dtype == np.uint8 and 0 <= fill <= 255
        src = img if native else img.astype(depth)
        out = _accel.correlate(src, kk, geo.pads, boundary, fill, geo.out_shape, batch, depth)
        # exact either way; int64 outputs skip the intermediate
        wide = np.int64 if out_dtype == np.int64 or bound >= 2**31 else np.int32
        return out.astype(wide).astype(out_dtype, copy=False)
    work = taps * math.prod(batch) * geo.out_shape[0] * geo.out_shape[1]
    f64 = np.dtype(np.float64)
    if bound < 2**53 and _small_ok(img, kk, geo, boundary, f64, work):
        # ndimage's double sum is an exact integer here; its C cast to the wide type is exact
        wide = np.int64 if out_dtype == np.int64 or bound >= 2**31 else np.int32
        out = _small.correlate(img, kk, geo.pads, boundary, fill, geo.out_shape, wide)
        return out.astype(out_dtype, copy=False)
    i64 = np.dtype(np.int64)
    kind = "direct_f32" if bound < _INT_F32_LIMIT else "direct_int"
    tiled = _direct_cost(kind, taps, work // taps)
    windows = _windows_cost(taps, work // taps, i64)
    if _small.loop_ok(img, kk, geo.pads, out_dtype) and _small.loop_cost(work) < min(
        tiled, windows
    ):
        return _small.loop_correlate(img, kk, out_dtype)
    if windows < tiled:
        src = PaddedImage(img.astype(i64, copy=False), geo.pads, boundary, fill, i64)
        return _direct.correlate_windows(src, kk.astype(i64, copy=False), batch)
    if bound < _INT_F32_LIMIT:
        f32 = PaddedImage(img, geo.pads, boundary, fill, np.dtype(np.float32))
        return _direct.correlate_valid(f32, kk, batch, out_dtype, _exact_cast(out_dtype))
    src = PaddedImage(img.astype(i64, copy=False), geo.pads, boundary, fill, i64)
    out = _direct.correlate_valid(src, kk.astype(i64, copy=False), batch, i64)
    return out.astype(out_dtype, copy=False)


def _exact_cast(out_dtype: np.dtype):
    def finish(acc: np.ndarray) -> np.ndarray:
        return acc.astype(np.int32)  # exact (|v| < 2**24); the store wraps to out_dtype

    return finish
