"""The cost model behind ``method='auto'``: seconds per engine from shapes, dtypes and
settings, with the constants measured on this project's benchmark machine (their table, with
where each value comes from, is in runtime/README.md).

``float_plan`` is the half of the float method choice that reads no values (cached per
combination of shapes and dtypes by ``_core``); ``loop_first`` the same for integers. What
depends on the values (finite input, zero taps, a rank-1 kernel, integer magnitudes) is
decided by ``_core`` on every call.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import NamedTuple

import numpy as np

from . import _accel, _banded, _compiled, _direct, _fft, _separable, _small

# Seconds per unit of work on one thread, measured by benchmarks/calibrate_runtime.py (process
# CPU time, so that the machine's other load does not enter; the table and its run are in
# runtime/README.md): direct = per multiply-add of the output, fft = per unit of
# ``fft_cost``'s work (``n * (log2 n + 4)`` per real transform, two image-sized transforms
# and the kernel's; see ``FFT_UNITS``). "direct_int" (int64 shift-and-add) is not measured by
# the script: 0.70-0.86 ns on int64 128²-2048² ⊛ 3²-7², 1.1-1.35 ns at 64² (a throw-away
# script, this session).
COST = {
    "direct": 0.98e-9,
    "direct_f32": 0.38e-9,
    "direct_int": 0.85e-9,
    "ndimage": 0.90e-9,
}
# the FFT's cost per unit grows once the spectra leave the caches: (largest spectrum in
# bytes, seconds per unit) for float64 / float32, measured with the engine alone over 64²-2048²
# x k = 3-63 (float64 0.21 ns up to 256², 0.29-0.31 at 512²-1024², 0.36-0.40 at 2048²; float32
# 0.12-0.16 up to 1024², 0.18-0.21 at 2048²). Since the separate passes (``_fft._forward_rows``,
# the split inverse) float64 runs 0.66-0.92x of that from 256² on (interleaved A/B with the
# earlier engine, one thread: 512² 0.79-0.92, 1024² 0.66), and 0.23-0.27 ns at 512²-1024² with
# power-of-two lengths, 0.38-0.48 with 540 and 1080 (one run, load 1.1): the middle and top
# tiers are scaled by 0.8. The separate passes start at 2^15 points (a 256 KB float64
# spectrum, 128 KB float32): from there to 1 MB float64 runs 0.79-0.87x of the earlier
# engine (256², A/B) and 0.18 ns in the --choice check's float64 256² ⊛ 15² cell, float32
# 0.87-0.88x (256²-512²): 0.19 and 0.125 ns
FFT_UNITS = {
    "fft": ((1 << 18, 0.21e-9), (1 << 20, 0.19e-9), (1 << 24, 0.24e-9), (math.inf, 0.31e-9)),
    "fft_f32": ((1 << 17, 0.14e-9), (1 << 24, 0.125e-9), (math.inf, 0.165e-9)),
}
# (float32's top tier was 0.19 ns; float32 2048² ⊛ 15²-63² with the engine forced, accelerator
# off, one thread, CPU time: 'same' 60-68 ms, 'valid' 50 ms, 0.15-0.19 ns: 0.165; rt8 helper,
# session 8, a throw-away script)
OVERHEAD = {"direct": 20e-6, "direct_f32": 20e-6, "direct_int": 20e-6, "ndimage": 4e-6}
# shift-and-add per tap and row tile (two ufunc calls on slices): 1.8-1.9 us measured on
# 64² ⊛ 56²-63² 'valid', where the work term is negligible
TAP_OVERHEAD = 1.8e-6
# the window contraction: fixed cost, cost per multiply-add and per output (float: BLAS,
# integer: numpy's loop; fitted to 64² ⊛ 32²-63² 'valid'; the integer one's copy of the
# windows makes small kernels dear: 2.5-3.3 ns per multiply-add for int64 64²-512² ⊛ 3²,
# 1.5 ns for 7², 1.2-1.4 ns for 15²-63²), the largest window copy it may make, and the most
# outputs for a float contraction (above, OpenBLAS threads its matrix-vector product: 8 ms of
# CPU for 289 x 2304)
WINDOWS_COST = {"f": (23e-6, 0.4e-9, 0.0), "i": (20e-6, 1.2e-9, 18e-9)}
WINDOWS_MAX, WINDOWS_FLOAT_ROWS = 1 << 23, 100
# the FFT path's fixed cost: the engine's intercept over 64²-256² is about 15 us (64² ⊛ 3²:
# 68 us, 53 us of it work), plus its share of the call
FFT_OVERHEAD = 20e-6
# 'auto' keeps a direct sum that costs less than this: the FFT could save a few microseconds
# at most, and the direct sum keeps a tiny call's integer-valued float results exact
DIRECT_FLOOR = 40e-6
THREAD_GAIN = 1.7  # observed speed-up of 2 threads on large problems
# cv2 (measured as above, one thread): sepFilter2D per multiply-add of its passes and per
# call. float64 slows down with the kernel length (0.15 ns at 7 taps, 0.24 at 15, 0.40 at
# 31 and 63 on 512²), float32 less (0.06-0.10 ns on 512²; 2048² ⊛ 31²/63² Gaussians: 0.095 /
# 0.12 ns, 25 / 64 ms, this session)
SEP_CV2_COST = {
    np.dtype(np.float64): (0.10e-9, 0.01e-9, 0.40e-9),
    np.dtype(np.float32): (0.07e-9, 0.0008e-9, 0.12e-9),
}
SEP_CV2_OVERHEAD = 6e-6
# float32 factors that are neither symmetric nor antisymmetric take OpenCV's general loop:
# 2.5x slower (512² ⊛ 31² random rank-1: 2.95 ms against 1.2 ms for a Gaussian)
SEP_CV2_ASYMMETRIC = 2.5
# the banded BLAS passes (``_banded``, 16 outputs a block): per multiply-add BLAS performs,
# band zeros included, and per matrix product. The unit falls with the kernel length k
# (longer bands, better matrix products): (unit at k <= 7, exponent of k / 7), fitted to
# 256²-1024² x k = 7-63, one thread (float64: 0.11 ns at 7, 0.063-0.072 at 15, 0.054-0.059
# at 31, 0.050-0.076 at 63; 512² ⊛ 7² is slower, 0.22; float32: 0.04-0.09, 0.035-0.053,
# 0.030-0.055, 0.026-0.041)
BLAS_COST = {np.dtype(np.float64): (0.11e-9, -0.4), np.dtype(np.float32): (0.055e-9, -0.2)}
BLAS_CALL = 2e-6
# a pair of passes also pays a fixed 25-55 us (64² ⊛ 7²-63²: 76-126 us against 45-71 from the
# terms above), and its unit grows once the image leaves the caches: (largest image in bytes,
# factor) fitted to float64 'same' Gaussians with the block rule of ``_banded``: 1024² ⊛ 31²-63²
# ran 1.15-1.6x the unit, 2048² ⊛ 15²-63² 1.7-2.2x (26-36 / 34-43 / 54-70 ms against 16 / 20.5
# / 31; one thread, interleaved, this session; float32 2048² ⊛ 31²/63²: 21.6/30 ms, 1.3x)
BLAS_FIXED = 30e-6
BLAS_TIERS = {
    np.dtype(np.float64): ((1 << 21, 1.0), (1 << 23, 1.3), (math.inf, 2.0)),
    np.dtype(np.float32): ((1 << 23, 1.0), (math.inf, 1.3)),
}
# the rank-1 pivot test with its error bound (115-160 us measured at load average 8, where
# every timing ran about 3x slow) and numpy's SVD per kh * kw * min(kh, kw) (77 us at 15²,
# 430 us at 31²)
FACTOR_COST = 50e-6
SVD_COST = 20e-9
# ruling a kernel out: the rank-1 probes (4-6 us for float64 15²-63², 17 us for float32 63²)
# and the submatrix SVD for ranks above 1 (20-24 us), timeit, this session; a split is
# tried only where they cost at most TEST_SHARE of the method they would otherwise delay
RANK1_TEST_COST, LOW_RANK_TEST_COST, TEST_SHARE = 5e-6, 25e-6, 0.05
# float32 probes of long kernels cost more: 17 us at 63² (same timeit); above 31² taps the
# float32 estimate is this (float32 256² ⊛ 63² random, accelerator off: 'auto' paid about 60 us
# of tests on a 0.56 ms FFT, 1.12x, twice)
RANK1_TEST_COST_F32_LONG = 17e-6
# ``_fast.all_finite`` per element (64² 4.6 us, 256² 26 us, 1024² 411 us on a machine that ran
# 2.3-2.5x the table's unit, timeit, rt9 helper: 0.16 ns on the table's scale)
FINITE_COST = 0.16e-9
CV2_DIRECT_COST = {np.dtype(np.float64): 0.156e-9, np.dtype(np.float32): 0.054e-9}
# filter2D's DFT path per call and per ``D log2 D`` of its blocks (``_accel.dft_work``), float64
# and float32 alike; the unit falls with the kernel length (longest side; linear between the
# points, flat outside): 0.52-0.61 ns for k = 15 and 31 at 256²-2048² (0.32-0.59 at 64²),
# 0.30-0.46 at 47, 0.26-0.42 at 63, with 15 us per call (filter2D alone, one thread, CPU time,
# 64²-2048², 'same', random kernels; rt8 helper, session 8, a throw-away script). One unit of
# 0.45 ns sent float64 256² and 1024² ⊛ 63² rank-1 kernels to the BLAS passes (1.06 / 16-17
# ms) instead of filter2D's DFT (0.62-0.67 / 9.9-11 ms) and float32 1024² ⊛ 63² to scipy.fft
# (12 ms against 9.1)
# Refitted on AMD EPYC Zen 4 (rt10 helper: filter2D alone, one thread, CPU time, 256²-2048² x
# k = 15-63 'same', random kernels, medians of 3-7): 0.54-0.69 ns at k = 15 and 31, 0.36-0.52 at
# 47, 0.37-0.61 at 63 (0.50-0.61 from 512² on); at 0.34 ns for 63 the model sent float64
# 2048² ⊛ 63² rank-1 kernels to filter2D (55 ms on one thread) instead of the fused passes (39)
CV2_DFT_COST = (15e-6, ((31, 0.58e-9), (47, 0.45e-9), (63, 0.50e-9)))
# filter2D's SIMD loop on integers plus the conversions: per call, per multiply-add of its
# image-sized output and per pixel, fitted to uint8 and int64 64²-2048² ⊛ 3², 7², one thread:
# 2.0-2.9 ns a pixel at 3² (int64 2048²: 5.2), 8-11 ns at 7²; 12-15 us for 64² ⊛ 3² (a
# throw-away script, this session; the earlier 20 us + 0.12 ns + 6 ns was 2-4x too high)
CV2_INT_COST = (5e-6, 0.15e-9, 1.5e-9)
# the compiled direct engine (``_cdirect.c``): per multiply-add and per output, by accumulator
# (float64, float32; integers by the accumulator's bits, 16 for 8- and 16-bit outputs), plus
# a fixed cost per call and per image of a batch. Refitted after the two-row blocks (rt8
# helper, session 8: 64² and 512² ⊛ 3²-15² 'same' and 'valid', the engine called alone,
# medians of 7 rounds, one thread, process CPU time; float64 0.041-0.048 ns at 7²-15², float32
# 0.019-0.025, uint8 0.012-0.017, int32 0.020-0.029, int64 0.047-0.057 with AVX-512's 64-bit
# multiply; 3² costs more per multiply-add, most at 512² where the image and output leave the
# L2 cache: float64 151 us, float32 79, uint8 46, int32 79, int64 218 for 512² ⊛ 3² 'same',
# the per-output term). Before them (session 6): 0.06 / 0.031 / 0.017 / 0.031 / 0.07 ns
COMPILED_COST = {
    np.dtype(np.float64): (0.044e-9, 0.15e-9),
    np.dtype(np.float32): (0.022e-9, 0.1e-9),
    16: (0.013e-9, 0.06e-9),
    32: (0.024e-9, 0.08e-9),
    64: (0.053e-9, 0.25e-9),
}
# without AVX-512 a 64-bit product takes three multiplies: int64 sums on an AVX2 machine (AMD
# EPYC, Zen 3) ran 2.2-2.8x the float64 unit, 0.095-0.12 ns on the table's scale (256²-512² ⊛
# 7²-15² 'valid', the engine alone, medians of 7, one thread, CPU time; rt9 helper); the row
# above is AVX-512's
COMPILED_COST_64_AVX2 = (0.115e-9, 0.25e-9)
if _compiled.isa() != "x86-64-v4":
    COMPILED_COST[64] = COMPILED_COST_64_AVX2
COMPILED_CALL, COMPILED_IMAGE = 1e-6, 1.5e-6
# the separable passes on the compiled engine (``_separable.compiled_valid``): a factor on the
# 2-D engine's price of each 1-D pass. Both passes of a rank-1 kernel timed against the 2-D
# engine on the same kernel in the same run (256² and 1024² ⊛ 5²-31² 'same', medians of 9,
# one thread, process CPU time), divided by the model's ratio of the two: float64 1.38-1.90,
# float32 1.40-1.98, uint8 0.97-1.98, int64 1.02-1.37 (a throw-away script, rt9 helper; 1.1,
# fitted per multiply-add alone, sent float64 256² ⊛ 7² rank-1 kernels to the passes at 1.3x
# of the 2-D sum in the --choice check)
# The factor falls with the kernel length (the per-row and per-call costs of the passes spread
# over more taps): 1.6 up to 15 taps, 1.0 from 63 (linear between). At 1.6 throughout the
# model sent float64 512² ⊛ 63² rank-1 kernels to the BLAS passes (5.5 ms against the compiled
# passes' 2.8 ms, 0.8x the 2-D unit per multiply-add there) and float64 2048² ⊛ 63² to
# filter2D's DFT (separable block, rt9 helper)
# Refitted for the fused passes (``_cdirect.separable``, AMD EPYC Zen 4 with AVX-512: the
# 64-byte float loops; rt10 helper, the engine called alone, 256²-2048² x k = 7-63 'same',
# float64 / float32 / uint8, box kernels, medians of 5-9, one thread, process CPU time): the
# old factors priced k = 63 at 0.64-0.75x of the measured time at 512²-2048² (float64 0.061-
# 0.072 ns per multiply-add of the passes, float32 0.032-0.037, uint8 0.022-0.026) and k = 7 at
# 0.7-0.85x from 512² on; k = 15 and 31 were within 10%
COMPILED_PASSES = ((7, 2.0), (15, 1.6), (31, 1.5), (63, 1.5))
# rows narrower than one 32-byte vector are summed by scalars (per multiply-add: floats 1.3-1.5
# ns, a chain of dependent adds; integers 0.2-0.7 ns); a float row of a few vectors waits on
# its adds: about 1.2 ns per tap and block of vectors of a pair of rows (blocks of 4, 2 or 1
# vectors; 64² ⊛ 56²-63² 'valid': 0.2-0.9 ns per multiply-add for 2-9 outputs a row; after the
# two-row blocks float64 64² ⊛ 56² 'valid' 35 us against 38 from this term, 60² 23.5 against
# 26, float32 56² 22 against 38; rt8 helper, session 8), measured as above
COMPILED_SCALAR = {"f": 1.5e-9, "i": 0.7e-9}
COMPILED_CHAIN = 1.2e-9
COMPILED_VECTOR_BYTES = 32


def workers_gain(work: float) -> float:
    return THREAD_GAIN if work > 2e6 and _direct.workers() > 1 else 1.0


def direct_cost(kind: str, taps: int, out_elems: int) -> float:
    work = taps * out_elems
    fixed = OVERHEAD[kind]
    if kind == "ndimage":  # one thread
        return fixed + COST[kind] * work
    # shift-and-add: two ufunc calls per tap and row tile
    fixed += TAP_OVERHEAD * taps * (1 + out_elems * 8 // _direct.TILE_BYTES)
    return fixed + COST[kind] * work / workers_gain(work)


def ndimage_cost(taps: int, image_elems: int, out_elems: int, out_dtype: np.dtype) -> float:
    """ndimage computes an image-sized output (one thread); a cut of it is copied."""
    cost = direct_cost("ndimage", taps, image_elems)
    if out_elems != image_elems:
        cost += COPY_COST * out_dtype.itemsize * out_elems
    return cost


def fft_cost(tiles: _fft.TilePlan, nbatch: int, nkernels: int, acc=None) -> float:
    """Seconds for the FFT path in ``acc`` (float64 when None; complex costs two transforms)."""
    acc = np.dtype(np.float64 if acc is None else acc)
    work = 2 * _fft.plan_cost(tiles, nbatch) + _fft.plan_cost(tiles, nkernels) / tiles.tiles()
    name = "fft_f32" if acc in (np.float32, np.complex64) else "fft"
    rows, cols = tiles.rows.length, tiles.cols.length
    kept = rows * cols if acc.kind == "c" else rows * (cols // 2 + 1) * 2  # real: half, complex
    spectrum = tiles.tiles() * nbatch * kept * acc.itemsize
    unit = next(u for most, u in FFT_UNITS[name] if spectrum <= most)
    return FFT_OVERHEAD + unit * work * (2 if acc.kind == "c" else 1) / workers_gain(work)


def compiled_cost(img_dtype, k_dtype, out_dtype, boundary, geo, taps, nbatch) -> float:
    """Seconds for the compiled engine, inf where it cannot sum the call (no build, complex,
    a boundary other than 'fill' that pads), 0 where it is forced (``_compiled.set_engine``)."""
    if _compiled.codes(img_dtype, k_dtype, out_dtype) is None:
        return math.inf
    if boundary != "fill" and any(sum(geo.pads, ())):
        return math.inf
    if _compiled.mode:
        return 0.0
    return compiled_sum_cost(out_dtype, taps, geo.out_shape, nbatch)


def compiled_sum_cost(out_dtype: np.dtype, taps: int, out_shape, nbatch: int) -> float:
    """Seconds for one call of the compiled engine with ``taps`` taps (any kernel shape)."""
    bits = 8 * out_dtype.itemsize if out_dtype.kind == "f" else max(16, 8 * out_dtype.itemsize)
    unit, per_output = COMPILED_COST[out_dtype if out_dtype.kind == "f" else bits]
    oh, ow = out_shape
    out_elems = nbatch * oh * ow
    work = taps * out_elems
    lanes = COMPILED_VECTOR_BYTES * 8 // bits
    if ow < lanes:
        sums = COMPILED_SCALAR["f" if out_dtype.kind == "f" else "i"] * work
    else:
        sums = unit * work
        if out_dtype.kind == "f":  # blocks of 4, 2 or 1 vectors of two rows wait on their adds
            width = next(n for n in (4, 2, 1) if ow >= n * lanes) * lanes
            sums = max(sums, COMPILED_CHAIN * taps * nbatch * -(-oh // 2) * -(-ow // width))
    fixed = COMPILED_CALL + (COMPILED_IMAGE * nbatch if nbatch > 1 else 0.0)
    return fixed + (sums + per_output * out_elems) / workers_gain(work)


class FloatPlan(NamedTuple):
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
    compiled: float  # the compiled engine (inf when it cannot sum the call)
    compiled_first: bool  # ... cheaper than every other engine at its best: no value checks
    compiled_direct: bool  # ... cheaper than every engine but a split of the kernel


def float_plan(
    img_shape, kshape, kdtype, geo, zero_fill, method, acc, batch, accel, workers, compiled_mode,
    img_dtype=None, boundary="fill",
) -> FloatPlan:  # fmt: skip
    """The half of ``_floating``'s choice that depends only on shapes, dtypes and settings
    (``workers`` enters through the thread gain, ``compiled_mode`` through ``compiled_cost``;
    ``img_dtype`` defaults to ``acc``)."""
    kh, kw = kshape[-2:]
    taps = kh * kw
    nbatch = math.prod(batch)
    out_elems = nbatch * geo.out_shape[0] * geo.out_shape[1]
    work = taps * out_elems
    ndimage = ndimage_cost(taps, nbatch * math.prod(img_shape[-2:]), out_elems, acc)
    tiled = direct_cost(direct_kind(acc, False), taps, out_elems)
    windows = windows_cost(taps, out_elems, acc)
    loop_ok = len(img_shape) == 2 and len(kshape) == 2 and acc in _small.LOOP_DTYPES
    loop = math.inf
    if loop_ok and not any(sum(geo.pads, ())):
        loop = _small.loop_cost(work, out_elems)
    # finding factors costs more than a direct sum this small (a few outputs, say)
    sums_cheaply = min(ndimage, tiled, windows, loop) <= FACTOR_COST
    try_separable = (
        method == "auto"
        and acc.kind == "f"
        and len(kshape) == 2
        and not sums_cheaply
        and kdtype.kind != "c"
        and _separable.worthwhile(kh, kw)
    )
    image = img_shape[-2:]
    accel_ok = accel and _accel.float_ok(acc) and cv2_waste_ok(image, geo)
    tiles = _fft.plan(image, geo.pads, (kh, kw), nbatch, False, zero_fill)
    separable = (0, None, {})
    if try_separable:
        separable = separable_plan(acc, accel_ok, image, geo, (kh, kw), nbatch, tiles)
    small = taps <= _accel.direct_taps(acc)
    ndimage_ok = acc.kind == "f" and acc.itemsize <= 8 and len(kshape) == 2
    fft = math.inf
    if method != "direct":
        fft = fft_cost(tiles, nbatch, math.prod(kshape[:-2]), acc)
    cv_dft = cv2_dft_cost(image, geo, (kh, kw), nbatch) if accel_ok and not small else math.inf
    compiled = math.inf
    if method != "fft" and len(kshape) == 2:
        img_dtype = acc if img_dtype is None else img_dtype
        compiled = compiled_cost(img_dtype, kdtype, acc, boundary, geo, taps, nbatch)
    unsplit = min(ndimage, tiled, windows, loop, fft, cv_dft)
    if accel_ok and small:
        unsplit = min(unsplit, cv2_direct_cost(acc, taps, nbatch * math.prod(image)))
    split = math.inf
    if separable[0]:  # the costs are those of the highest rank tried; a rank-1 kernel pays 1/rank
        split = min(separable[2].values()) / separable[0] + FACTOR_COST
        # against the compiled sum, which reads no values: the shortcut's probes and the
        # finiteness scan the passes need (the compiled passes check their outputs instead)
        split += RANK1_TEST_COST
        if separable[1] != "compiled":
            split += FINITE_COST * nbatch * math.prod(image)
    return FloatPlan(
        ndimage, tiled, windows, loop, try_separable, separable,
        accel_ok and small, cv_dft < fft, ndimage <= tiled and ndimage_ok, tiles, fft,
        compiled, compiled < min(unsplit, split), compiled < unsplit,
    )  # fmt: skip


def cv2_dft_cost(image, geo, kshape, nbatch: int) -> float:
    """filter2D's DFT path: its output is the image (padded by us unless 'same')."""
    corr = [
        n + (top + bottom if top + bottom != m - 1 else 0)
        for n, (top, bottom), m in zip(image, geo.pads, kshape, strict=True)
    ]
    fixed, points = CV2_DFT_COST
    unit = _interpolate(points, max(kshape))
    work = _accel.dft_work(corr, kshape)
    return nbatch * (fixed + unit * work / workers_gain(work))


def _interpolate(points: tuple[tuple[float, float], ...], at: float) -> float:
    """The piecewise-linear function through ``points`` (sorted), flat beyond the ends."""
    if at <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if at <= x1:
            return y0 + (y1 - y0) * (at - x0) / (x1 - x0)
    return points[-1][1]


def separable_plan(acc, accel, image, geo, kshape, nbatch, tiles) -> tuple:
    """(rank, engine, costs) of the cheapest pairs of passes, rank 0 when another method is
    cheaper than even the first pair (the factor search included)."""
    kh, kw = kshape
    out_elems = nbatch * geo.out_shape[0] * geo.out_shape[1]
    alternative = fft_cost(tiles, nbatch, 1, acc)
    if accel and kh * kw <= _accel.direct_taps(acc):
        alternative = min(alternative, cv2_direct_cost(acc, kh * kw, nbatch * math.prod(image)))
    elif accel:
        alternative = min(alternative, cv2_dft_cost(image, geo, kshape, nbatch))
    if not accel:
        alternative = min(alternative, direct_cost(direct_kind(acc, False), kh * kw, out_elems))
    rows = image[0] + geo.pads[0][0] + geo.pads[0][1]
    rank, engine, chosen = 0, None, {}
    while _separable.worthwhile(kh, kw, rank + 1):
        costs = separable_costs(acc, accel, rank + 1, nbatch, (kh, kw), rows, geo.out_shape)
        # finding the factors costs too: the pivot test, and an SVD beyond rank 1
        factoring = FACTOR_COST + (0 if rank == 0 else svd_cost(kh, kw))
        # a kernel that is not split pays the tests that rule it out: a small share at most
        testing = RANK1_TEST_COST
        if acc == np.float32 and kh * kw > 31 * 31:
            testing = RANK1_TEST_COST_F32_LONG
        if rank and kh * kw >= _separable.SVD_MIN_TAPS:
            testing += LOW_RANK_TEST_COST
        if min(costs.values()) + factoring >= alternative or testing > TEST_SHARE * alternative:
            break
        rank, engine, chosen = rank + 1, min(costs, key=costs.get), costs
    return rank, engine, chosen


def svd_cost(kh: int, kw: int) -> float:
    return SVD_COST * kh * kw * min(kh, kw)


def separable_costs(
    acc: np.dtype, accel: bool, rank: int, nbatch: int, kshape, rows: int, out_shape,
    out_dtype: np.dtype | None = None,
) -> dict[str, float]:  # fmt: skip
    """Seconds for ``rank`` pairs of passes per engine: cv2.sepFilter2D (accelerator),
    banded BLAS products (float accumulators), numpy's shift-and-add (int64), the compiled
    engine's 1-D sums (in ``out_dtype``, default ``acc``; for integers exact at any bound)."""
    kh, kw = kshape
    work = nbatch * _separable.pass_work(kh, kw, rows, out_shape, rank)
    costs = {}
    out_dtype = acc if out_dtype is None else out_dtype
    if _separable.compiled_available(out_dtype) and not _compiled.mode:
        costs["compiled"] = rank * compiled_pass_cost(out_dtype, kshape, rows, out_shape, nbatch)
    if accel:
        costs["cv2"] = rank * SEP_CV2_OVERHEAD + sep_cv2_unit(acc, max(kshape)) * work
    if acc in _banded.FLOAT_DTYPES:
        blas = nbatch * _banded.work(kh, kw, rows, out_shape, acc)
        calls = nbatch * _banded.calls(kh, kw, rows, out_shape, acc)
        image = rows * out_shape[1] * acc.itemsize
        unit = blas_unit(acc, (kh + kw) / 2) * next(
            f for most, f in BLAS_TIERS[acc] if image <= most
        )
        costs["blas"] = rank * (BLAS_FIXED + BLAS_CALL * calls + unit * blas)
    else:
        oh, ow = out_shape
        passes = direct_cost("direct_int", kw, nbatch * rows * ow)
        costs["numpy"] = rank * (passes + direct_cost("direct_int", kh, nbatch * oh * ow))
    return costs


def compiled_pass_cost(out_dtype: np.dtype, kshape, rows: int, out_shape, nbatch: int) -> float:
    """One pair of compiled passes: a ``1 x kw`` sum over ``rows`` padded rows, then a
    ``kh x 1`` sum, each priced like the engine's 2-D sums (``compiled_sum_cost``)."""
    kh, kw = kshape
    mid = _separable.intermediate_dtype(out_dtype)
    row = compiled_sum_cost(mid, kw, (rows, out_shape[1]), nbatch)
    factor = _interpolate(COMPILED_PASSES, max(kshape))
    return factor * (row + compiled_sum_cost(out_dtype, kh, out_shape, nbatch))


def blas_unit(acc: np.dtype, length: float) -> float:
    at7, exponent = BLAS_COST[acc]
    return at7 * (max(length, 7) / 7) ** exponent


def sep_cv2_unit(acc: np.dtype, length: int) -> float:
    base, per_tap, most = SEP_CV2_COST[acc]
    return min(most, base + per_tap * length)


def cv2_int_cost(taps: int, image_elems: int) -> float:
    fixed, unit, per_pixel = CV2_INT_COST
    return fixed + (unit * taps + per_pixel) * image_elems


def cv2_direct_cost(acc: np.dtype, taps: int, image_elems: int) -> float:
    return SEP_CV2_OVERHEAD + CV2_DIRECT_COST[acc] * taps * image_elems


def windows_cost(taps: int, out_elems: int, acc: np.dtype) -> float:
    if taps * out_elems > WINDOWS_MAX:
        return math.inf
    if acc.kind in "fc" and out_elems > WINDOWS_FLOAT_ROWS:
        return math.inf
    fixed, unit, per_output = WINDOWS_COST["f" if acc.kind in "fc" else "i"]
    return fixed + (unit * taps + per_output) * out_elems


def cv2_waste_ok(image: tuple[int, ...], geo) -> bool:
    """filter2D computes an image-sized output; skip it when most of that is thrown away."""
    return 4 * geo.out_shape[0] * geo.out_shape[1] >= image[-2] * image[-1]


def direct_kind(acc: np.dtype, small: bool) -> str:
    if small:
        return "ndimage"
    return "direct_f32" if acc == np.float32 else "direct"


@functools.lru_cache(maxsize=1024)
def loop_first(img_shape, kshape, pads, out_elems: int, out_dtype, accel: bool) -> bool:
    """Whether scipy's loop beats every integer engine at its best (before any magnitude
    scan): the few outputs of a kernel nearly as large as the image."""
    loop_ok = len(img_shape) == 2 and len(kshape) == 2 and out_dtype in _small.LOOP_DTYPES
    if not loop_ok or any(sum(pads, ())):
        return False
    taps = kshape[-2] * kshape[-1]
    loop = _small.loop_cost(taps * out_elems, out_elems)
    tiles = _fft.plan(tuple(img_shape), pads, tuple(kshape), 1, False, True)
    best = min(
        fft_cost(tiles, 1, 1),  # the exact FFT's float64 transforms at the least
        direct_cost("direct_f32", taps, out_elems),
        windows_cost(taps, out_elems, np.dtype(np.int64)),
        direct_cost("ndimage", taps, math.prod(img_shape)),
        cv2_int_cost(taps, math.prod(img_shape)) if accel else math.inf,
    )
    return loop < best


@functools.lru_cache(maxsize=1024)
def compiled_first_int(img_shape, kshape, img_dtype, k_dtype, geo, boundary, method, out_dtype,
                       accel, workers, compiled_mode) -> bool:  # fmt: skip
    """Whether the compiled engine (exact for any magnitudes) beats every other integer engine
    at its best (before any magnitude scan); ``workers`` and ``compiled_mode`` are cache keys."""
    kh, kw = kshape[-2:]
    taps = kh * kw
    nbatch = math.prod(np.broadcast_shapes(img_shape[:-2], kshape[:-2]))
    if method == "fft" or len(kshape) != 2:
        return False
    compiled = compiled_cost(img_dtype, k_dtype, out_dtype, boundary, geo, taps, nbatch)
    if not math.isfinite(compiled):
        return False
    out_elems = nbatch * geo.out_shape[0] * geo.out_shape[1]
    image = nbatch * math.prod(img_shape[-2:])
    best = min(
        direct_cost("direct_f32", taps, out_elems),
        windows_cost(taps, out_elems, np.dtype(np.int64)),
        direct_cost("ndimage", taps, image),
        cv2_int_cost(taps, image) if accel else math.inf,
    )
    if len(img_shape) == 2 and not any(sum(geo.pads, ())):
        best = min(best, _small.loop_cost(taps * out_elems, out_elems))
    if method == "auto":
        zero_fill = boundary == "fill" or not any(sum(geo.pads, ()))
        tiles = _fft.plan(tuple(img_shape[-2:]), geo.pads, (kh, kw), nbatch, False, zero_fill)
        best = min(best, fft_cost(tiles, nbatch, 1))  # the exact FFT at its cheapest
        if _separable.worthwhile(kh, kw):
            rows = img_shape[-2] + geo.pads[0][0] + geo.pads[0][1]
            shape = (kh, kw)
            costs = separable_costs(
                PASS_DTYPES[0], False, 1, nbatch, shape, rows, geo.out_shape, out_dtype
            )
            best = min(best, min(costs.values()) + FACTOR_COST)
    return compiled < best


class IntPlan(NamedTuple):
    """What ``_integer`` decides from shapes, dtypes, settings and the class of the
    magnitude bound alone (cached)."""

    engines: dict  # exact direct engine -> seconds
    direct: str  # the cheapest of them
    separable: float  # a rank-1 split with its factor test; inf when it cannot win
    separable_engine: str | None  # the engine of those passes (``separable_costs``'s key)
    tiles: _fft.TilePlan
    fft: float  # the exact FFT with one limb at the least; inf under 'direct'
    depth: np.dtype | None  # the float type of an exact filter2D call
    cv2_dft: float  # filter2D's float64 DFT, rounded (exact when proven per call); inf if not


# an integer call through filter2D's float64 DFT: converting the image to float64, per pixel,
# and rounding the result and casting it to int64 and then to the output, per output (uint8
# 2048² ⊛ 63²: 4.8 ms and 19.5 ms around filter2D's 53.5 ms; one thread, process CPU time)
CV2_DFT_INT = (1.1e-9, 4.6e-9)
# copying a cut of an output, per byte (512² int64: 0.19 ms, 0.7 ns an element; memory-bound
# beyond the caches)
COPY_COST = 0.2e-9
# the magnitude classes of ``int_plan``: float32 sums exact, float64 sums exact, neither
BOUND_CLASSES = (2**24, 2**53)
# the accumulator of the integer passes per class: every partial sum is exact in it
PASS_DTYPES = (np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.int64))


def int_plan(
    image, kshape, geo, boundary, fill, method, batch, bound_class, accel, native, ndimage_ok,
    compiled=math.inf, out_dtype=None,
) -> IntPlan:  # fmt: skip
    """The integer engines' costs for a bound of class ``bound_class`` (an index into
    ``BOUND_CLASSES``, 2 beyond them); ``image`` is the image's full shape, ``native`` whether
    filter2D may read it as uint8, ``ndimage_ok`` whether ndimage sums every tap, ``compiled``
    the compiled engine's cost (``compiled_cost``), ``out_dtype`` the output's dtype (the
    compiled passes sum in it; None leaves them out)."""
    kh, kw = kshape[-2:]
    taps, nbatch = kh * kw, math.prod(batch)
    out_elems = nbatch * geo.out_shape[0] * geo.out_shape[1]
    engines = {
        "tiled": direct_cost("direct_f32" if bound_class == 0 else "direct_int", taps, out_elems),
        "windows": windows_cost(taps, out_elems, np.dtype(np.int64)),
    }
    if len(image) == 2 and len(kshape) == 2 and not any(sum(geo.pads, ())):
        engines["loop"] = _small.loop_cost(taps * out_elems, out_elems)
    if ndimage_ok and bound_class < 2:  # its double sums are exact integers
        engines["ndimage"] = ndimage_cost(taps, math.prod(image), out_elems, np.dtype(np.int64))
    depth = None
    if accel and cv2_waste_ok(image, geo):
        # a bound of the class stands for all of them: int_depth compares with the classes' limits
        depth = _accel.int_depth(taps, (0, *BOUND_CLASSES)[bound_class], native)
    if depth is not None:
        engines["cv2"] = cv2_int_cost(taps, math.prod(image))
    if math.isfinite(compiled):
        engines["compiled"] = compiled
    cheapest = min(engines, key=engines.get)
    separable, separable_engine = math.inf, None
    if method == "auto" and len(kshape) == 2 and _separable.worthwhile(kh, kw):
        rows = image[-2] + geo.pads[0][0] + geo.pads[0][1]
        acc = PASS_DTYPES[bound_class]
        costs = separable_costs(acc, False, 1, nbatch, (kh, kw), rows, geo.out_shape, out_dtype)
        if out_dtype is None:
            costs.pop("compiled", None)
        separable_engine = min(costs, key=costs.get)
        separable = costs[separable_engine] + FACTOR_COST
    zero_fill = (boundary == "fill" and fill == 0) or not any(sum(geo.pads, ()))
    tiles = _fft.plan(tuple(image[-2:]), geo.pads, (kh, kw), nbatch, False, zero_fill)
    fft = math.inf if method == "direct" else fft_cost(tiles, nbatch, math.prod(kshape[:-2]))
    cv2_dft = math.inf
    if (
        method == "auto" and accel and bound_class < 2 and cv2_waste_ok(image, geo)
        and _accel.int_dft_ok(taps)
    ):  # fmt: skip
        pixels, (per_pixel, per_output) = math.prod(image), CV2_DFT_INT
        cv2_dft = cv2_dft_cost(image[-2:], geo, (kh, kw), nbatch)
        cv2_dft += per_pixel * pixels + per_output * out_elems
    return IntPlan(engines, cheapest, separable, separable_engine, tiles, fft, depth, cv2_dft)
