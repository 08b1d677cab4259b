"""'same'-mode anchors of filter values: which kernel element an output pixel lines up with.

semantics.md section 0: for a kernel axis of length ``m`` every library anchors one
element ``c``; output pixel ``i`` is ``sum_a x[i + a - c] * k[a]`` (correlation form) or
``sum_a x[i - a + c] * k[a]`` (convolution form).  The scipy 2-D pair, scipy's n-d
convolve, torch/TensorFlow 'same' padding, ``np.convolve`` and convflip anchor
``(m - 1) // 2``; ``ndimage`` (plus ``origin``), ``cv2.filter2D`` (default anchor),
``signal.correlate`` and ``np.correlate`` anchor ``m // 2``.  The two agree on odd
axes and differ by one sample on even ones.

:func:`alignment` describes a filter value relative to its *base* kernel (the model's
orientation is already normalised: a correlation with ``flip(K)`` anchored at ``c`` is a
convolution with ``K`` anchored at ``m - 1 - c``), so two filters compare directly.  A
'valid' pass over an image padded in front by ``p`` (``np.pad(x, k // 2)``) is a
'same'-style filter anchored at ``p``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from ..analysis.alignment import index_position
from ..analysis.apis import Family, Orientation, padding_position
from ..analysis.exprs import call_arg, int_tuple, number_value, string_value
from ..analysis.model import ApiCall, FileFacts, Scope
from ..analysis.padding import leading_pads
from .values import Arr, Filt, Kind

_VALID_FAMILIES = {Family.SCIPY_SIGNAL, Family.NUMPY, Family.CONVFLIP, Family.FRAMEWORK}
_LOW = {
    "scipy.signal.convolve2d",
    "scipy.signal.correlate2d",
    "scipy.signal.convolve",
    "scipy.signal.fftconvolve",
    "scipy.signal.oaconvolve",
    "numpy.convolve",
    "convflip.conv2d",
    "convflip.xcorr2d",
}
_HIGH = {"scipy.signal.correlate", "numpy.correlate"}


def _family_anchor(call: ApiCall, m: int, axis: int) -> int | None:
    """The anchor of ``call`` on one kernel axis of length ``m`` (None: not 'same')."""
    name = call.api.name
    if name in _LOW or name in _HIGH:
        if call.mode != "same":
            return None
        return (m - 1) // 2 if name in _LOW else m // 2
    if call.api.family is Family.SCIPY_NDIMAGE:  # n-d and 1-D alike: m // 2 + origin
        origin = _per_axis(call_arg(call.node, None, "origin"), axis, default=0)
        return None if origin is None else m // 2 + origin
    if name == "cv2.filter2D":
        anchor = call_arg(call.node, 4, "anchor")
        point = int_tuple(anchor) if anchor is not None else (-1, -1)
        if point is None or len(point) != 2:
            return None
        value = point[1 - axis]  # OpenCV anchors are (x = column, y = row)
        return m // 2 if value == -1 else value
    if call.api.family is Family.FRAMEWORK:
        padding = call_arg(call.node, padding_position(call.api), "padding")
        if padding is None:
            return None
        text = string_value(padding)
        if text is not None:
            return (m - 1) // 2 if text.lower() == "same" else None
        return _per_axis(padding, axis, default=None)
    return None


def _per_axis(node: cst.BaseExpression | None, axis: int, default: int | None) -> int | None:
    if node is None:
        return default
    values = int_tuple(node)
    if values is None:
        return None
    if len(values) == 1:
        return values[0]
    return values[axis] if axis < len(values) else None


def _spatial_shape(call: ApiCall, shape: tuple[int, ...]) -> tuple[int, ...] | None:
    if call.api.ndim == 1:
        return shape if len(shape) == 1 else None
    if len(shape) == 2:
        return shape
    if call.api.family is Family.FRAMEWORK and len(shape) == 4:
        return shape[:2] if call.api.name.startswith(("tensorflow", "keras")) else shape[2:]
    return None


@dataclass(frozen=True)
class Alignment:
    """A 'same'-style filter seen as correlation or convolution of its base kernel."""

    form: Orientation
    anchors: tuple[int, ...]  # per spatial axis of the base kernel
    shape: tuple[int, ...]  # the base kernel's spatial shape
    label: str  # what computes it, for messages

    def differs_on_even_axis(self, other: Alignment) -> bool:
        """Same form and shape, but a different anchor on some even-length axis."""
        if self.form is not other.form or self.shape != other.shape:
            return False
        return any(
            m % 2 == 0 and a != b
            for m, a, b in zip(self.shape, self.anchors, other.anchors, strict=True)
        )


ShapeOf = Callable[[cst.BaseExpression, Scope], "tuple[int, ...] | None"]


def alignment(
    filt: Filt,
    kernel_shape: tuple[int, ...] | None,
    call: ApiCall | None,
    scope: Scope | None,
    shape_of: ShapeOf,
) -> Alignment | None:
    """The 'same'-mode alignment of ``filt`` relative to its base kernel, when known.

    ``kernel_shape`` is the shape of the filter's base kernel; ``call`` the library
    call of an API filter; ``scope`` the scope a hand-rolled
    window sum is computed in (where its padding is read); ``shape_of`` the shape of
    an expression in a scope (for pad widths such as ``k.shape[0] // 2``).
    """
    if filt.raw_kernel is None or kernel_shape is None:
        return None
    if filt.kind is Kind.API:
        return None if call is None else _call_alignment(filt, call, kernel_shape, shape_of)
    if filt.kind is Kind.WINDOW and scope is not None:
        return _window_alignment(filt, scope, kernel_shape, shape_of)
    return None


def _call_alignment(
    filt: Filt, call: ApiCall, shape: tuple[int, ...], shape_of: ShapeOf
) -> Alignment | None:
    spatial = _spatial_shape(call, shape)
    if spatial is None:
        return None
    if call.api.family is Family.FRAMEWORK:
        if filt.raw_kernel is not None and filt.raw_kernel.has_steps:
            return None  # a layout change of the weights, not an anchor question
        form, flipped = call.api.orientation, False
    else:
        if filt.orientation is None:
            return None
        form = filt.orientation
        flipped = form is not call.api.orientation
    pads = _valid_pads(call, len(spatial), shape_of)
    anchors: list[int] = []
    for axis, m in enumerate(spatial):
        if pads is not None:
            pad = pads[axis]
            anchor: int | None = (
                pad if call.api.orientation is Orientation.CORRELATION else m - 1 - pad
            )
        else:
            anchor = _family_anchor(call, m, axis)
        if anchor is None:
            return None
        anchors.append(m - 1 - anchor if flipped else anchor)
    return Alignment(form, tuple(anchors), spatial, call.api.short)


def _valid_pads(call: ApiCall, ndim: int, shape_of: ShapeOf) -> tuple[int, ...] | None:
    """A 'valid' pass over an explicitly padded image: the zeros in front of each axis."""
    if call.mode != "valid" or call.image is None or call.api.family not in _VALID_FAMILIES:
        return None
    image = call.image
    while isinstance(image, cst.Call) and not isinstance(image.func, cst.Name):
        # ``np.pad(x, 1).astype(float)``: conversions of the padded image
        if not isinstance(image.func, cst.Attribute) or image.func.attr.value not in (
            "astype",
            "copy",
        ):
            break
        image = image.func.value
    found = leading_pads(image, call.scope, lambda n: shape_of(n, call.scope), ndim)
    return None if found is None else found[1]


def _window_alignment(
    filt: Filt, scope: Scope, shape: tuple[int, ...], shape_of: ShapeOf
) -> Alignment | None:
    """A hand-rolled window sum over an explicitly padded image, as an alignment."""
    window = filt.window
    if filt.orientation is None or len(shape) not in (1, 2) or window is None:
        return None
    subscript = window.node
    if not isinstance(subscript, cst.Subscript):
        return None
    found = leading_pads(subscript.value, scope, lambda n: shape_of(n, scope), len(shape))
    if found is None:
        return None
    pads = found[1]
    label = "the hand-rolled window"
    if filt.orientation is Orientation.CORRELATION:
        return Alignment(Orientation.CORRELATION, pads, shape, label)
    anchors = tuple(m - 1 - p for m, p in zip(shape, pads, strict=True))
    return Alignment(Orientation.CONVOLUTION, anchors, shape, label)


ValuesOf = Callable[[cst.BaseExpression, Scope], "tuple[object, ...]"]


def assigned_impulse(facts: FileFacts, values_of: ValuesOf, kernel: Arr) -> tuple[int, ...] | None:
    """``d = np.zeros(shape); d[i, j] = 1``: where the array ``kernel`` holds its one 1.

    The name holding the zeros is found by value (``np.asarray(np.zeros(...))`` too);
    it must be set exactly once, by one item assignment of 1 at visible indices.
    """
    if kernel.shape is None:
        return None
    found = impulse_assignment(facts, values_of, kernel)
    return None if found is None else index_position(found[1], found[0], kernel.shape)


def impulse_assignment(
    facts: FileFacts, values_of: ValuesOf, kernel: Arr
) -> tuple[Scope, cst.Subscript] | None:
    """The scope and the target of the one ``d[i, j] = 1`` that makes the zeros
    ``kernel`` a unit impulse (see :func:`assigned_impulse`)."""
    if not isinstance(kernel.node, cst.Call) or kernel.has_steps:
        return None
    for scope in facts.scopes:
        for bindings in scope.bindings.values():
            if len(bindings) != 2 or {b.kind for b in bindings} != {"assign", "item"}:
                continue
            created, item = sorted(bindings, key=lambda b: b.kind)
            if scope.resolve(kernel.node.func) != "numpy.zeros":
                continue
            if created.value is None or number_value(item.value) != 1:
                continue
            values = values_of(created.value, scope)
            if not any(isinstance(v, Arr) and v.origin == kernel.origin for v in values):
                continue
            for small in getattr(item.statement, "body", ()):
                if isinstance(small, cst.Assign) and isinstance(
                    small.targets[0].target, cst.Subscript
                ):
                    return scope, small.targets[0].target
    return None


def impulse_position(kernel: Arr) -> tuple[int, ...] | None:
    """Where a literal unit impulse kernel has its single 1 (None when it is not one)."""
    literal = kernel.literal
    if literal is None:
        return None
    nonzero = [i for i, v in enumerate(literal.values) if v != 0]
    if len(nonzero) != 1 or literal.values[nonzero[0]] != 1:
        return None
    flat, position = nonzero[0], []
    for n in reversed(literal.shape):
        position.append(flat % n)
        flat //= n
    return tuple(reversed(position))
