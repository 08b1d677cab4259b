"""One engine behind conv2d and xcorr2d: argument checks, reduction, method choice.

Every call becomes the *valid cross-correlation of a padded image with a kernel*:
``out[i, j] = sum_ab xp[i + a, j + b] * kk[a, b]``. conv2d correlates with ``flip(k)``,
xcorr2d with ``k`` (``conj(k)`` when ``conj=True``); the padding comes from the mode and
boundary (semantics.md A13); 'valid' with a kernel larger than the image swaps the roles
(A9). Then one summation engine runs, chosen by a cost model calibrated on this project's
benchmark machine (see ``_costs.COST``):

* ``direct``: cache-tiled shift-and-add, threaded (``_direct``); for tiny outputs with many
  taps a single window-by-kernel contraction; for small problems ``scipy.ndimage.correlate``
  when it provably sums every tap (``_small``);
* ``fft``: whole-image or overlap-save ``scipy.fft`` transforms (``_fft``), floats only;
* ``exact``: integer limbs through float64 FFTs with a per-call error bound (``_exact``);
* ``cv2``: OpenCV's ``filter2D`` where it is provably equivalent (``_accel``);
* ``compiled``: the optional C direct sum (``_compiled``), exact for integers of any size.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from . import _accel, _args, _compiled, _costs, _direct, _exact, _fast, _fft, _separable, _small
from ._direct import PaddedImage

_INT_F32_LIMIT = 2**24


def run(x, k, mode, boundary, fillvalue, method, dtype, *, conv: bool, conj: bool = False):
    """Shared implementation of conv2d / xcorr2d (arguments as in the public functions)."""
    call = shortcuts = None
    if type(x) is np.ndarray and type(k) is np.ndarray and dtype is None:
        try:  # checks that read only the arguments' types and shapes: once per combination
            call = _checked(mode, boundary, method, x.shape, x.dtype, k.shape, k.dtype, conv)
        except TypeError:  # an unhashable argument: the checks below name it
            call = None
        if call is not None and type(fillvalue) is int and fillvalue == 0:
            settings = (_accel.active(), _direct.workers(), _compiled.mode)
            shortcuts = call[-1]
            shortcut = shortcuts.get(settings, _UNPLANNED)
            if shortcut is not None and shortcut is not _UNPLANNED:
                out = shortcut(x, k)
                if out is not None:
                    return out
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
        mode, boundary, method, out_dtype, batch, geo, plans, _ = call
    fill = _args.fill_scalar(fillvalue, out_dtype, boundary)
    if geo is None:  # the fill value is checked first
        geo = _args.geometry(mode, x.shape[-2:], k.shape[-2:], conv)
    img, kk = _orient(x, k, geo.swap, conv, conj)
    if out_dtype.kind in "iu":
        out = _integer(img, kk, geo, boundary, fill, method, out_dtype, batch, plans)
        if shortcuts is not None and settings not in shortcuts:
            shortcuts[settings] = _fast.build_integer(geo, boundary, method, out_dtype, x, k, conv)
    else:
        out = _floating(img, kk, geo, boundary, fill, method, out_dtype, batch, plans)
        if shortcuts is not None and settings not in shortcuts:
            plan = plans.get((True, *settings))  # planned just now (fill value 0)
            shortcuts[settings] = plan and _fast.build(plan, geo, boundary, method, out_dtype,
                                                       x, k, conv)  # fmt: skip
    if geo.swap and not conv:
        out = out[..., ::-1, ::-1]
    return np.ascontiguousarray(out, dtype=out_dtype)


# a combination whose shortcut is not built yet (None: it has none)
_UNPLANNED = object()


@functools.lru_cache(maxsize=1024)
def _checked(mode, boundary, method, x_shape, x_dtype, k_shape, k_dtype, conv):
    """``run``'s checks for ndarray operands without ``dtype=``, on stand-ins of the same
    shape and dtype (zero strides, no data): mode, boundary, method, output dtype, batch,
    geometry, the cache of method choices for this combination (``_costs.float_plan``) and
    the shortcuts built from them (``_fast``), each per accelerator and worker setting."""
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
    return mode, boundary, method, out_dtype, batch, geo, {}, {}


def _orient(x, k, swap: bool, conv: bool, conj: bool):
    """(image, correlation kernel) for the valid correlation that equals the call."""
    if conj and k.dtype.kind == "c":
        k = np.conj(k)
    if conv:
        return (k, x[..., ::-1, ::-1]) if swap else (x, k[..., ::-1, ::-1])
    # xcorr2d swapped: out[t] = sum x[a] k[a + (m - n) - t], i.e. reversed corr(k, x)
    return (k, x) if swap else (x, k)


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
            finite = _fast.all_finite(img) and _fast.all_finite(kk) and np.isfinite(fill)
        return finite

    # the rest of the key (shapes, dtypes, mode, method) is fixed for one ``plans``
    key = (fill == 0, _accel.active(), _direct.workers(), _compiled.mode)
    plan = plans.get(key)
    if plan is None:
        zero_fill = (boundary == "fill" and key[0]) or not any(sum(geo.pads, ()))
        plan = _costs.float_plan(
            img.shape, kk.shape, kk.dtype, geo, zero_fill, method, acc, batch, *key[1:],
            img.dtype, boundary,
        )  # fmt: skip
        plans[key] = plan
    if plan.compiled_first:  # a direct sum: NaN/inf stay local, every tap multiplied
        return _compiled_sum(img, kk, geo, fill, acc, batch)
    if plan.try_separable and plan.separable[0]:
        out = _floating_separable(img, kk, geo, boundary, fill, acc, batch, x_finite, plan)
        if out is not None:
            return out
    if plan.compiled_direct:  # the kernel did not split
        return _compiled_sum(img, kk, geo, fill, acc, batch)
    if plan.cv2_direct and method != "fft" and (_no_zero_tap(kk) or x_finite()):
        return _cv2_float(img, kk, geo, boundary, fill, acc, batch)
    if plan.cv2_dft and method != "direct" and x_finite():
        return _cv2_float(img, kk, geo, boundary, fill, acc, batch)
    small = plan.ndimage_shape_ok and _small.eligible(img, kk, geo.pads, boundary)
    direct = plan.ndimage if small else plan.tiled
    if method == "auto":
        method = "direct"
        cheapest = min(direct, plan.windows, plan.loop, plan.compiled)
        if cheapest > _costs.DIRECT_FLOOR and plan.fft < cheapest and x_finite():
            method = "fft"
    if method == "fft":
        src = PaddedImage(img, geo.pads, boundary, fill, acc)
        return _fft.correlate_valid(src, kk, batch, plan.tiles)
    if plan.compiled < min(direct, plan.windows, plan.loop):
        return _compiled_sum(img, kk, geo, fill, acc, batch)
    if plan.loop < min(direct, plan.windows):
        return _small.loop_correlate(img, kk, acc)
    if plan.windows < direct:
        src = PaddedImage(img, geo.pads, boundary, fill, acc)
        return _direct.correlate_windows(src, kk, batch)
    if small:
        return _small.correlate(img, kk, geo.pads, boundary, fill, geo.out_shape, acc)
    return _direct.correlate_valid(PaddedImage(img, geo.pads, boundary, fill, acc), kk, batch, acc)


def _floating_separable(img, kk, geo, boundary, fill, acc, batch, x_finite, plan):
    """Pairs of 1-D passes when the kernel has a low rank and they are the cheapest method."""
    rank, engine, chosen = plan.separable
    if _separable.split_ruled_out(kk, acc, rank):
        return None  # a random-looking kernel: no SVD
    pairs = _separable.float_pairs(kk, acc, rank, probed=True)
    if pairs is None:
        return None
    if engine == "compiled" and np.isfinite(fill):
        # the passes look at their outputs instead: None when one is not finite (a NaN or
        # inf in the input, or an overflow), and the next method sums the call
        src = PaddedImage(img, geo.pads, boundary, fill, acc)
        return _separable.correlate_valid(src, pairs, batch, acc, engine=engine)
    if not x_finite():
        return None
    if engine == "cv2" and acc == np.float32 and not _symmetric(pairs):
        chosen = dict(chosen, cv2=chosen["cv2"] * _costs.SEP_CV2_ASYMMETRIC)
        engine = min(chosen, key=chosen.get)
    if engine == "cv2":
        img = np.asarray(img, dtype=acc)
        return _accel.correlate_separable(
            img, pairs, geo.pads, boundary, fill, geo.out_shape, batch
        )
    src = PaddedImage(img, geo.pads, boundary, fill, acc)
    return _separable.correlate_valid(src, pairs, batch, acc, engine=engine)


def _symmetric(pairs) -> bool:
    """Whether every factor is symmetric or antisymmetric (OpenCV's fast 1-D loops)."""
    return all(
        np.array_equal(f, f[::-1]) or np.array_equal(f, -f[::-1]) for pair in pairs for f in pair
    )


def _no_zero_tap(kk: np.ndarray) -> bool:
    values = _small.kernel_values(kk) if kk.ndim == 2 else None
    if values is not None:
        return 0 not in values
    return bool((kk != 0).all())


def _compiled_sum(img, kk, geo, fill, out_dtype, batch):
    code = _compiled.codes(img.dtype, kk.dtype, out_dtype)
    return _compiled.correlate(img, kk, geo.pads, fill, geo.out_shape, out_dtype, batch, code)


def _cv2_float(img, kk, geo, boundary, fill, acc, batch):
    img = np.asarray(img, dtype=acc)
    return _accel.correlate(img, kk, geo.pads, boundary, fill, geo.out_shape, batch)


def _integer(img, kk, geo, boundary, fill, method, out_dtype, batch, plans):
    nbatch = math.prod(batch)
    out_elems = nbatch * geo.out_shape[0] * geo.out_shape[1]
    accel = _accel.active()
    img, kk = _as_accumulator(img, out_dtype), _as_accumulator(kk, out_dtype)
    if _costs.compiled_first_int(
        img.shape, kk.shape, img.dtype, kk.dtype, geo, boundary, method, out_dtype, accel,
        _direct.workers(), _compiled.mode,
    ):  # fmt: skip
        return _compiled_sum(img, kk, geo, fill, out_dtype, batch)  # exact for any magnitudes
    if method != "fft" and _costs.loop_first(
        img.shape, kk.shape, geo.pads, out_elems, out_dtype, accel
    ):
        # exact for any magnitudes; it casts both operands to out_dtype itself
        return _small.loop_correlate(img, kk, out_dtype)
    fill = int(fill)
    kh, kw = kk.shape[-2:]
    taps = kh * kw
    mx, mk = _magnitudes(img, kk, fill, taps)
    bound = taps * mx * mk
    bound_class = sum(bound >= limit for limit in _costs.BOUND_CLASSES)
    # the rest of the key (shapes, dtypes, mode, method) is fixed for one ``plans``
    key = (fill, bound_class, accel, _direct.workers(), _compiled.mode)
    plan = plans.get(key)
    if plan is None:
        native = img.dtype == np.uint8 and 0 <= fill <= 255
        ndimage_ok = kk.ndim == 2 and _small.eligible(img, kk, geo.pads, boundary)
        compiled = math.inf
        if kk.ndim == 2:
            compiled = _costs.compiled_cost(
                img.dtype, kk.dtype, out_dtype, boundary, geo, taps, math.prod(batch)
            )
        plan = plans[key] = _costs.int_plan(
            img.shape, kk.shape, geo, boundary, fill, method, batch, bound_class, accel,
            native, ndimage_ok, compiled, out_dtype,
        )  # fmt: skip
    if method != "direct":
        direct = plan.engines[plan.direct]
        factors = None
        if plan.separable < direct:
            factors = _separable.integer_rank1(kk)
            direct = plan.separable if factors is not None else direct
        if plan.cv2_dft < min(direct, plan.fft):
            out = _int_cv2_dft(img, kk, geo, boundary, fill, batch, mx, mk)
            if out is not None:
                return out
        if method == "fft" or plan.fft < direct:
            dtype_bound = max(_dtype_max(img.dtype), abs(fill)) * _dtype_max(kk.dtype)
            measured = (mx, mk) if taps * dtype_bound >= _INT_F32_LIMIT else None
            out = _integer_fft(img, kk, geo, boundary, fill, method, out_dtype, batch, direct,
                               plan, measured)  # fmt: skip
            if out is not None:
                return out
        if factors is not None:
            if plan.separable_engine == "compiled":
                src = PaddedImage(img, geo.pads, boundary, fill, out_dtype)
                return _separable.correlate_valid(
                    src, [factors], batch, out_dtype, engine="compiled"
                )
            return _int_separable(img, factors, geo, boundary, fill, bound_class, out_dtype, batch)
    return _int_direct(img, kk, geo, boundary, fill, bound, out_dtype, batch, plan)


def _int_separable(img, factors, geo, boundary, fill, bound_class, out_dtype, batch):
    acc = _costs.PASS_DTYPES[bound_class]
    pairs = [(factors[0].astype(acc), factors[1].astype(acc))]
    src = PaddedImage(
        img.astype(np.int64, copy=False) if acc.kind == "i" else img, geo.pads, boundary, fill, acc
    )
    out = _separable.correlate_valid(src, pairs, batch, acc)
    if acc.kind == "f":
        out = out.astype(np.int32 if acc == np.float32 else np.int64)
    return out.astype(out_dtype, copy=False)


def _integer_fft(img, kk, geo, boundary, fill, method, out_dtype, batch, direct, plan, measured):
    """The exact FFT result when it is provable and (under 'auto') cheaper, else None.
    ``measured``: ``(max|x|, max|k|)`` already scanned from the values (``_magnitudes``)."""
    kh, kw = kk.shape[-2:]
    tiles, fft1 = plan.tiles, plan.fft
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


def _int_cv2_dft(img, kk, geo, boundary, fill, batch, mx, mk):
    """filter2D's float64 DFT rounded to integers (int64; ``run`` wraps it into the output
    dtype), when ``_exact.dft_blocks_proven`` shows every value is within 1/2 of the exact
    one, else None. ``mx``, ``mk``: bounds of ``max|x|`` (with the fill) and ``max|k|``; the
    caller's bound class keeps ``taps * mx * mk`` below 2**53, so a direct sum by filter2D
    (if it did not take its DFT) would be exact too."""
    kh, kw = kk.shape[-2:]
    if not _exact.dft_blocks_proven(_accel.dft_sizes((kh, kw)), mx, kh * kw, mk):
        return None
    f64 = np.dtype(np.float64)
    out = _accel.correlate(img.astype(f64), kk.astype(f64), geo.pads, boundary, fill,
                           geo.out_shape, batch)  # fmt: skip
    return np.rint(out, out=out).astype(np.int64)


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


def _int_direct(img, kk, geo, boundary, fill, bound, out_dtype, batch, plan):
    """The cheapest exact direct sum of ``plan``; every engine multiplies every tap."""
    # results wider than 32 bits skip the int32 intermediate
    wide = np.int64 if out_dtype == np.int64 or bound >= 2**31 else np.int32
    if plan.direct == "compiled":
        return _compiled_sum(img, kk, geo, fill, out_dtype, batch)
    if plan.direct == "cv2":
        native = img.dtype == np.uint8 and 0 <= fill <= 255
        src = img if native else img.astype(plan.depth)
        pads, shape = geo.pads, geo.out_shape
        out = _accel.correlate(src, kk, pads, boundary, fill, shape, batch, plan.depth)
        return out.astype(wide).astype(out_dtype, copy=False)  # exact either way
    if plan.direct == "ndimage":
        # ndimage's double sum is an exact integer here; its C cast to the wide type is exact
        out = _small.correlate(img, kk, geo.pads, boundary, fill, geo.out_shape, wide)
        return out.astype(out_dtype, copy=False)
    if plan.direct == "loop":
        return _small.loop_correlate(img, kk, out_dtype)
    i64 = np.dtype(np.int64)
    if plan.direct == "windows":
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
