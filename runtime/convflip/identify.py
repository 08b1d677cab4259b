"""identify: what a function ``fn(image, kernel)`` really computes, found by probing it.

A 2-D filter is linear and shift-invariant in the image, so its response to one impulse
shows the taps and where they sit; one random image then tells the boundary rule and checks
linearity and shift invariance on every pixel, and a second image shape checks that the
answer does not depend on the shape. That is three calls of ``fn``; a fourth only when two
boundary rules agree at this kernel size (symmetric and nearest for a 3 x 3 kernel), and up
to three more only to explain a function that is not a 2-D filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields

import numpy as np
from numpy.typing import DTypeLike

from . import dihedral
from .describe import describe, equivalent_call
from .filtermodel import BOUNDARIES, FilterModel

Shape = tuple[int, int]


@dataclass(frozen=True)
class Identification:
    """What ``identify`` found. ``str()`` is one sentence; ``to_dict()`` the fields.

    ``transform`` is the rotation/reflection of the kernel relative to ``xcorr2d``
    ('identity' = cross-correlation, 'rot180' = convolution, 'flipud', 'fliplr',
    'transpose', 'antitranspose', 'rot90', 'rot270'), None when ``fn`` is not of that form.
    ``offset`` is where the output starts in the 'full' correlation with the transformed
    kernel; ``anchor`` the kernel element over ``x[i, j]`` in a 'same'-size output.
    ``boundary`` is None in 'valid' mode (nothing outside the image is read);
    ``boundaries`` lists every rule the probes cannot tell apart.
    """

    name: str
    image_shape: Shape
    kernel_shape: Shape
    calls: int
    is_filter: bool
    transform: str | None = None
    aliases: tuple[str, ...] = ()
    conjugated: bool | None = None
    mode: str | None = None
    out_shape: Shape | None = None
    offset: Shape | None = None
    anchor: Shape | None = None
    boundary: str | None = None
    boundaries: tuple[str, ...] = ()
    linear: bool | None = None
    shift_invariant: bool | None = None
    equivalent: str | None = None
    reason: str | None = None
    error: str | None = None
    model: FilterModel | None = field(default=None, repr=False, compare=False)
    exception: BaseException | None = field(default=None, repr=False, compare=False)

    def __str__(self) -> str:
        return describe(self)

    def to_dict(self) -> dict:
        """The fields as plain Python values (no model object, no exception object)."""
        skip = {"model", "exception"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}


class _Failed(Exception):
    """fn raised or returned something that is not a 2-D array."""

    def __init__(self, reason: str, error: BaseException | None = None):
        super().__init__(reason)
        self.reason, self.error = reason, error


class _Prober:
    def __init__(self, fn: Callable, name: str):
        self.fn, self.name, self.calls = fn, name, 0

    def __call__(self, x: np.ndarray, k: np.ndarray) -> np.ndarray:
        self.calls += 1
        try:
            out = self.fn(x, k)
        except Exception as exc:
            raise _Failed(
                f"it raised {type(exc).__name__}: {exc} on a {x.shape} image and a "
                f"{k.shape} kernel",
                exc,
            ) from exc
        arr = np.asarray(out)
        while arr.ndim > 2 and arr.shape[0] == 1:
            arr = arr[0]
        if arr.ndim != 2 or arr.dtype.kind not in "biufc":
            raise _Failed(
                f"it returned {type(out).__name__} of shape {np.shape(out)} and dtype "
                f"{arr.dtype} for a {x.shape} image, not a 2-D numeric array"
            )
        return arr


def _shape_arg(name: str, value) -> Shape:
    try:
        shape = tuple(int(v) for v in value)
    except TypeError:
        shape = ()
    if len(shape) != 2 or min(shape) < 1:
        raise ValueError(f"{name} must be two positive integers (rows, cols), got {value!r}")
    return shape


def _probe_dtype(dtype: DTypeLike, complex_: bool) -> np.dtype:
    dt = np.dtype(dtype)
    if dt.kind not in "iufc":
        raise TypeError(f"dtype must be a numeric numpy dtype, got {dtype!r}")
    if complex_:
        if dt.kind in "iu":
            raise TypeError(f"complex=True needs a float or complex dtype, got {dt}")
        dt = np.result_type(dt, np.complex64)
    return dt


class _Probes:
    """The probe arrays: exact small values for integers, random normals otherwise."""

    def __init__(self, dtype: np.dtype, seed: int = 0):
        self.dtype = dtype
        self.rng = np.random.default_rng(seed)

    def random(self, shape) -> np.ndarray:
        kind = self.dtype.kind
        if kind in "iu":
            low = 0 if kind == "u" else -2
            return self.rng.integers(low, 3, size=shape).astype(self.dtype)
        values = self.rng.standard_normal(shape)
        if kind == "c":
            values = values + 1j * self.rng.standard_normal(shape)
        return values.astype(self.dtype)

    def distinct_kernel(self, shape: Shape) -> np.ndarray:
        """Taps 1..n in a random order (all 8 transforms differ when both sides are > 1)."""
        n = shape[0] * shape[1]
        real = self.rng.permutation(n) + 1
        if self.dtype.kind == "c":
            return (real + 1j * (self.rng.permutation(n) + 1)).reshape(shape).astype(self.dtype)
        return real.reshape(shape).astype(self.dtype)

    def scalar(self):
        if self.dtype.kind == "u":
            return 2
        if self.dtype.kind == "i":
            return -2
        return -1.5 + 0.5j if self.dtype.kind == "c" else -1.5

    def tolerance(self, *arrays: np.ndarray) -> float:
        if self.dtype.kind in "iu" and all(a.dtype.kind in "iu" for a in arrays):
            return 0.0
        narrow = any(
            a.dtype in (np.float32, np.complex64) for a in (*arrays, np.empty(0, self.dtype))
        )
        return 1e-4 if narrow else 1e-8


def _close(probes: _Probes, got: np.ndarray, want: np.ndarray) -> bool:
    if got.shape != want.shape:
        return False
    scale = max(float(np.abs(want).max(initial=0.0)), 1.0)
    err = float(np.abs(got.astype(np.complex128) - want).max(initial=0.0))
    return err <= probes.tolerance(got, want) * scale * max(want.size, 1) ** 0.5


def _impulse_model(y0, k1, centre, image_shape, probes):
    """A model from the response to an impulse at ``centre``, or the reason there is none."""
    mag = np.abs(y0)
    peak = float(mag.max(initial=0.0))
    if peak == 0.0:
        return "its response to an impulse is zero everywhere"
    rows, cols = np.nonzero(mag > peak * 1e-6)
    r0, c0 = int(rows.min()), int(cols.min())
    patch = y0[r0 : rows.max() + 1, c0 : cols.max() + 1]
    taps = patch[::-1, ::-1]
    for conj in (False, True) if k1.dtype.kind == "c" else (False,):
        ref = np.conj(k1) if conj else k1
        found = [
            n
            for n in dihedral.NAMES
            if dihedral.apply(n, ref).shape == taps.shape
            and _close(probes, taps, dihedral.apply(n, ref))
        ]
        if found:
            offset = (centre[0] - r0, centre[1] - c0)
            delta = tuple(a - b for a, b in zip(y0.shape, image_shape, strict=True))
            return FilterModel(found[0], conj, offset, delta), tuple(found[1:])
    return _tap_reason(taps, k1, y0.shape, (r0, c0))


def _tap_reason(taps, k1, out_shape, corner) -> str:
    if taps.shape not in (k1.shape, k1.shape[::-1]):
        edge = corner[0] == 0 or corner[1] == 0
        hint = " (it touches the output's edge: try a larger image_shape)" if edge else ""
        return (
            f"its response to an impulse covers {taps.shape[0]} x {taps.shape[1]} pixels, "
            f"not the {k1.shape[0]} x {k1.shape[1]} kernel{hint}"
        )
    for name in dihedral.NAMES:
        ref = dihedral.apply(name, k1)
        if ref.shape != taps.shape:
            continue
        scale = np.vdot(ref, taps) / np.vdot(ref, ref)
        if np.allclose(taps, scale * ref, rtol=1e-6, atol=1e-9):
            return f"its taps are {_number(scale)} times {dihedral.TRANSFORMS[name].phrase}"
    return "its taps are not a rotation or reflection of the kernel"


def _number(value) -> str:
    value = complex(value)
    return f"{value.real:.4g}" if abs(value.imag) < 1e-12 else f"{value:.4g}"


def identify(
    fn: Callable,
    image_shape: tuple[int, int] = (9, 9),
    kernel_shape: tuple[int, int] = (3, 3),
    *,
    dtype: DTypeLike = float,
    complex: bool = False,
) -> Identification:
    """Probe ``fn(image, kernel)`` and say which 2-D filter it computes relative to
    ``xcorr2d``: the rotation/reflection of the kernel, the mode and 'same' anchor, the
    boundary rule, the conjugation (``complex=True``) and the equivalent ``conv2d`` /
    ``xcorr2d`` call; or why it is not a 2-D filter (nonlinear, not shift-invariant,
    shape-dependent, or the exception it raised, kept in ``.exception``). Three calls of
    ``fn`` (see the module docstring); probes have ``dtype`` and the given shapes. The image
    must be at least ``2 * kernel + 1`` on each axis (the default 9 x 9 serves kernels up to
    4 x 4): the impulse in its centre must stay clear of every copy a boundary rule makes."""
    shape = _shape_arg("image_shape", image_shape)
    kshape = _shape_arg("kernel_shape", kernel_shape)
    big = max(kshape)
    if min(shape) < 2 * big + 1:
        raise ValueError(
            f"image_shape must be at least {2 * big + 1} on each axis for a {kshape} kernel "
            f"(2 * kernel + 1: the probe impulse must stay clear of the edges), got {shape}"
        )
    probes = _Probes(_probe_dtype(dtype, complex))
    name = getattr(fn, "__name__", "fn")
    name = "fn" if not name.isidentifier() else name
    probe = _Prober(fn, name)
    base = {"name": name, "image_shape": shape, "kernel_shape": kshape}
    try:
        return _identify(probe, shape, kshape, probes, base)
    except _Failed as failed:
        return Identification(
            **base,
            calls=probe.calls,
            is_filter=False,
            reason=failed.reason,
            error=None
            if failed.error is None
            else f"{type(failed.error).__name__}: {failed.error}",
            exception=failed.error,
        )


def _identify(probe, shape, kshape, probes, base) -> Identification:
    centre = (shape[0] // 2, shape[1] // 2)
    delta = np.zeros(shape, probes.dtype)
    delta[centre] = 1
    k1 = probes.distinct_kernel(kshape)
    y0 = probe(delta, k1)
    x2, k2 = probes.random(shape), probes.random(kshape)
    y2 = probe(x2, k2)
    found = _impulse_model(y0, k1, centre, shape, probes)
    if isinstance(found, str):
        return _diagnose(probe, probes, base, found, y0, k1, y2, x2, k2, centre)
    model, aliases = found
    reads = model.reads_outside(shape, kshape)
    candidates = BOUNDARIES if reads else BOUNDARIES[:1]
    rules = [b for b in candidates if _close(probes, y2, model.with_boundary(b).apply(x2, k2))]
    if not rules:
        return _diagnose(probe, probes, base, None, y0, k1, y2, x2, k2, centre, model)
    # a second image shape: does the same model explain it?
    shape3 = (shape[0] + 2, shape[1] + 1)
    x3 = probes.random(shape3)
    y3 = probe(x3, k2)
    still = [b for b in rules if _close(probes, y3, model.with_boundary(b).apply(x3, k2))]
    if not still:
        return Identification(
            **base,
            calls=probe.calls,
            is_filter=False,
            linear=True,
            reason=(
                f"it is shape-dependent: the filter it computes on a {shape} image does not "
                f"explain its output {y3.shape} on a {shape3} image"
            ),
        )
    model = model.with_boundary(still[0])
    if reads and len(still) > 1:
        still = _separate_boundaries(probe, probes, model, still, shape, kshape)
    return _found(base, probe.calls, model, aliases, still if reads else (), probes)


def _mode(model: FilterModel, shape: Shape, kshape: Shape) -> str:
    out, m = model.out_shape(shape), model.tap_shape(kshape)
    per_axis = []
    for n, mi, o, r in zip(shape, m, model.offset, out, strict=True):
        modes = set()
        if r == n + mi - 1 and o == 0:
            modes.add("full")
        if r == n - mi + 1 and o == mi - 1:
            modes.add("valid")
        if r == n:
            modes.add("same")
        per_axis.append(modes)
    common = per_axis[0] & per_axis[1]
    return next((m for m in ("full", "valid", "same") if m in common), "cropped")


def _separate_boundaries(probe, probes, model, rules, shape, kshape) -> list[str]:
    """Boundary rules that agree for this kernel size may differ for a larger one."""
    mode = _mode(model, shape, kshape)
    grown = model.grown(mode)
    bigger = (kshape[0] + 2, kshape[1] + 2)
    if grown is None:
        return rules
    x4, k4 = probes.random(shape), probes.random(bigger)
    try:
        y4 = probe(x4, k4)
    except _Failed:
        return rules
    kept = [b for b in rules if _close(probes, y4, grown.with_boundary(b).apply(x4, k4))]
    return kept or rules


def _found(base, calls, model, aliases, rules, probes) -> Identification:
    shape, kshape = base["image_shape"], base["kernel_shape"]
    mode = _mode(model, shape, kshape)
    return Identification(
        **base,
        calls=calls,
        is_filter=True,
        transform=model.transform,
        aliases=aliases,
        conjugated=model.conjugated if probes.dtype.kind == "c" else None,
        mode=mode,
        out_shape=model.out_shape(shape),
        offset=model.offset,
        anchor=model.anchor(kshape) if mode == "same" else None,
        boundary=rules[0] if rules else None,
        boundaries=tuple(rules),
        linear=True,
        shift_invariant=True,
        equivalent=equivalent_call(model, mode, shape, kshape, tuple(rules)),
        model=model,
    )


def _diagnose(probe, probes, base, why, y0, k1, y2, x2, k2, centre, model=None):
    """fn is not a filter of the modelled form: find out which property fails."""

    def result(is_filter: bool, reason: str, **facts) -> Identification:
        return Identification(
            **base, calls=probe.calls, is_filter=is_filter, reason=reason, **facts
        )

    alpha = probes.scalar()
    if not _close(probes, probe(alpha * x2, k2), alpha * y2):
        return result(
            False,
            f"it is not linear in the image: fn({_number(alpha)} * x, k) differs from "
            f"{_number(alpha)} * fn(x, k)",
            linear=False,
        )
    if not _close(probes, probe(x2, alpha * k2), alpha * y2):
        return result(
            False,
            f"it is not linear in the kernel: fn(x, {_number(alpha)} * k) differs from "
            f"{_number(alpha)} * fn(x, k)",
            linear=False,
        )
    moved = np.zeros_like(x2, shape=x2.shape)
    moved[min(centre[0] + 1, x2.shape[0] - 1), min(centre[1] + 1, x2.shape[1] - 1)] = 1
    y5 = probe(moved, k1)
    if y5.shape != y0.shape or not _close(probes, y5[1:, 1:], y0[:-1, :-1]):
        return result(
            False,
            "it is not shift-invariant: moving the impulse one pixel down and right does not "
            "move its response the same way",
            linear=True,
            shift_invariant=False,
        )
    if model is None:
        return result(True, why, linear=True, shift_invariant=True)
    inside = model.interior(base["image_shape"], base["kernel_shape"])
    if _close(probes, y2[inside], model.apply(x2, k2)[inside]):
        reason = (
            f"its taps are {dihedral.TRANSFORMS[model.transform].phrase}, but no boundary rule "
            f"({', '.join(BOUNDARIES)}) explains its output near the edges"
        )
    else:
        reason = "its taps depend on the kernel in a way no rotation or reflection explains"
    return result(True, reason, linear=True, shift_invariant=True)
