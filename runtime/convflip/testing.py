"""Assertions for tests: does a function compute the convolution you think it does?

``assert_xcorr2d(fn, mode)`` and ``assert_conv2d(fn, mode)`` probe ``fn(image, kernel)`` with
:func:`convflip.identify` and fail with a message that says what ``fn`` computes instead::

    AssertionError: my_conv(x, k) computes conv2d(x, k, 'valid'): the kernel is rotated 180°
    compared with xcorr2d; call convflip.xcorr2d or flip the kernel

``check_conv_gradients(forward, backward)`` checks a layer's backward pass and names the
mistake (see :mod:`convflip.gradcheck`).
"""

from __future__ import annotations

from collections.abc import Callable

from numpy.typing import DTypeLike

from . import dihedral
from .describe import _anchor_phrase, transform_phrase
from .gradcheck import GradientCheck, GradientMistake, check_conv_gradients
from .identify import Identification, identify

__all__ = [
    "GradientCheck",
    "GradientMistake",
    "assert_conv2d",
    "assert_xcorr2d",
    "check_conv_gradients",
]

_BOUNDARY_NAMES = {
    "fill": "zero",
    "pad": "zero",
    "zero": "zero",
    "wrap": "wrap",
    "circular": "wrap",
    "symm": "symmetric",
    "symmetric": "symmetric",
    "reflect": "reflect",
    "nearest": "nearest",
}
_SPELLING = {
    "zero": "fill",
    "wrap": "wrap",
    "symmetric": "symm",
    "reflect": "reflect",
    "nearest": "nearest",
}
_MODES = ("full", "valid", "same")


def _advice(relative: str, expected: str) -> str:
    if relative == "rot180":
        return f"call convflip.{expected} or flip the kernel"
    if relative in ("flipud", "fliplr"):
        return "reverse both kernel axes (k[::-1, ::-1]) or neither: a one-axis flip is wrong"
    if relative in ("transpose", "antitranspose"):
        return "a transpose is not a flip: use k[::-1, ::-1] to rotate, or k as it is"
    return "one quarter turn is not the flip: use np.rot90(k, 2) to rotate, or k as it is"


def _expected_offset(expected: str, mode: str, m: int) -> int:
    if mode == "full":
        return 0
    if mode == "valid":
        return m - 1
    return m // 2 if expected == "xcorr2d" else (m - 1) // 2


def _problems(ident: Identification, expected: str, mode: str, boundary: str, conj: bool):
    """What differs from ``expected(x, k, mode, boundary)``, most important first."""
    want = "identity" if expected == "xcorr2d" else "rot180"
    relative = dihedral.relative(ident.transform, want)
    if relative != "identity":
        return [transform_phrase(ident.transform, expected)], _advice(relative, expected)
    problems, advice = [], None
    if ident.conjugated is not None and ident.conjugated != conj:
        done = "conjugates the kernel" if ident.conjugated else "does not conjugate the kernel"
        problems.append(f"it {done}, {expected} with conj={conj} does not")
        advice = "pass conj=True to match a conjugating fn" if ident.conjugated else None
    m = ident.model.tap_shape(ident.kernel_shape)
    want_offset = tuple(_expected_offset(expected, mode, mi) for mi in m)
    if ident.mode != mode:
        problems.append(f"its output is {ident.mode!r} {ident.out_shape}, not {mode!r}")
        advice = advice or f"compare with mode {ident.mode!r} or fix the padding"
    elif ident.offset != want_offset:
        kh, kw = ident.kernel_shape
        problems.append(
            f"its 'same' output is {_anchor_phrase(ident)}; {expected} anchors kernel "
            f"element {((kh - 1) // 2, (kw - 1) // 2)}"
        )
        advice = advice or "shift by one sample on each even axis (ndimage/cv2: origin=-1)"
    reads = ident.boundary is not None
    if mode != "valid" and reads and boundary not in ident.boundaries:
        found = " or ".join(ident.boundaries)
        problems.append(f"it uses the {found} boundary rule, not {boundary}")
        spelled = _SPELLING[ident.boundaries[0]]
        advice = advice or f"pass boundary={spelled!r} or make fn use the {boundary} rule"
    return problems, advice


def _assert(fn, expected, mode, boundary, conj, **probe) -> Identification:
    if mode not in _MODES:
        raise ValueError(f"mode must be 'full', 'valid' or 'same', got {mode!r}")
    if boundary not in _BOUNDARY_NAMES:
        raise ValueError(
            f"boundary must be one of {', '.join(map(repr, _BOUNDARY_NAMES))}, got {boundary!r}"
        )
    ident = identify(fn, **probe)
    call = f"{ident.name}(x, k)"
    target = f"{expected}(x, k, {mode!r})"
    if not ident.is_filter or ident.transform is None:
        raise AssertionError(f"{ident}; expected {target}")
    problems, advice = _problems(ident, expected, mode, _BOUNDARY_NAMES[boundary], conj)
    if problems:
        message = f"{call} computes {ident.equivalent or 'another filter'}: {'; '.join(problems)}"
        raise AssertionError(f"{message}; {advice}" if advice else message)
    return ident


def assert_xcorr2d(
    fn: Callable,
    mode: str = "full",
    boundary: str = "fill",
    *,
    conj: bool = False,
    image_shape: tuple[int, int] = (9, 9),
    kernel_shape: tuple[int, int] = (3, 3),
    dtype: DTypeLike = float,
    complex: bool = False,
) -> Identification:
    """Fail unless ``fn(x, k)`` computes ``xcorr2d(x, k, mode, boundary, conj=conj)``; the
    message says what it computes instead and how to fix it. ``boundary`` also accepts
    'reflect' and 'nearest' (ndimage/cv2 rules xcorr2d lacks); it is not checked in
    'valid' mode. Returns the :class:`~convflip.identify.Identification`."""
    return _assert(
        fn,
        "xcorr2d",
        mode,
        boundary,
        conj,
        image_shape=image_shape,
        kernel_shape=kernel_shape,
        dtype=dtype,
        complex=complex,
    )


def assert_conv2d(
    fn: Callable,
    mode: str = "full",
    boundary: str = "fill",
    *,
    image_shape: tuple[int, int] = (9, 9),
    kernel_shape: tuple[int, int] = (3, 3),
    dtype: DTypeLike = float,
    complex: bool = False,
) -> Identification:
    """Fail unless ``fn(x, k)`` computes the true convolution ``conv2d(x, k, mode,
    boundary)`` (which never conjugates); otherwise as :func:`assert_xcorr2d`."""
    return _assert(
        fn,
        "conv2d",
        mode,
        boundary,
        False,
        image_shape=image_shape,
        kernel_shape=kernel_shape,
        dtype=dtype,
        complex=complex,
    )
