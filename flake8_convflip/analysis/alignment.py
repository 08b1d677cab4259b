"""'same'-mode alignment: which kernel element a 'same' output pixel lines up with.

semantics.md section 0: for a kernel axis of length ``m`` every peer anchors one
element ``c``; output pixel ``i`` is ``sum_a x[i + a - c] * k[a]`` (correlation form) or
``sum_a x[i - a + c] * k[a]`` (convolution form).  The scipy 2-D pair, scipy's n-d
convolve, torch/TensorFlow 'same' padding, ``np.convolve`` and convflip anchor
``(m - 1) // 2``; ``ndimage`` (plus ``origin``), ``cv2.filter2D`` (default anchor),
``signal.correlate`` and ``np.correlate`` anchor ``m // 2``.  The two agree on odd
axes and differ by one sample on even ones.

:func:`same_alignment` describes a call in terms of its *base* kernel (flips peeled
off): a correlation with ``flip(K)`` anchored at ``c`` is a convolution with ``K``
anchored at ``m - 1 - c``, and so on, so two calls can be compared directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from .apis import Family, Orientation, padding_position
from .arrays import array_root
from .axes import Turn
from .exprs import call_arg, dotted, int_tuple, int_value, number_value, string_value
from .kernels import _RNG_METHODS as RNG_SHAPE_METHODS
from .kernels import _SHAPE_FUNCS as SHAPE_FUNCS
from .kernels import kernel_view
from .literals import fold
from .model import ApiCall, Scope
from .padding import int_expr, leading_pads
from .windows import CONVOLUTION, CORRELATION, Window

CONV, CORR = Orientation.CONVOLUTION, Orientation.CORRELATION
_VALID_FAMILIES = {Family.SCIPY_SIGNAL, Family.NUMPY, Family.CONVFLIP, Family.FRAMEWORK}

_SCIPY_LOW = {
    "scipy.signal.convolve2d",
    "scipy.signal.correlate2d",
    "scipy.signal.convolve",
    "scipy.signal.fftconvolve",
    "scipy.signal.oaconvolve",
    "numpy.convolve",
    "convflip.conv2d",
    "convflip.xcorr2d",
}
_SCIPY_HIGH = {"scipy.signal.correlate", "numpy.correlate"}
_NDIMAGE = {"scipy.ndimage.convolve", "scipy.ndimage.correlate"}


@dataclass(frozen=True)
class Alignment:
    """A 'same' call seen as correlation or convolution of its base kernel."""

    form: Orientation
    anchors: tuple[int, ...]  # per spatial axis of the base kernel
    shape: tuple[int, ...]  # the base kernel's spatial shape
    base_key: str | None
    image: cst.BaseExpression | None = None  # the unpadded image the output lines up with

    def differs_on_even_axis(self, other: Alignment) -> bool:
        """Same form and shape, but a different anchor on some even-length axis."""
        if self.form is not other.form or self.shape != other.shape:
            return False
        return any(
            m % 2 == 0 and a != b
            for m, a, b in zip(self.shape, self.anchors, other.anchors, strict=True)
        )


def kernel_shape(
    node: cst.BaseExpression | None, scope: Scope, depth: int = 0
) -> tuple[int, ...] | None:
    """The shape of an array the code builds with visible sizes (literal or constructor)."""
    if node is None or depth > 8:
        return None
    literal = fold(node, scope)
    if literal is not None:
        return literal.shape
    if isinstance(node, cst.Name):
        bindings = scope.lookup(node.value)
        first = [b for b in bindings if b.kind == "assign"]
        if len(first) == 1 and first[0].value is not None and not first[0].loop_depth:
            return kernel_shape(first[0].value, scope, depth + 1)
        return None
    if isinstance(node, cst.Call):
        return _constructor_shape(node, scope, depth)
    return None


def _constructor_shape(call: cst.Call, scope: Scope, depth: int) -> tuple[int, ...] | None:
    name = scope.resolve(call.func)
    style = SHAPE_FUNCS.get(name or "")
    if style is None and name is None and isinstance(call.func, cst.Attribute):
        method = call.func.attr.value
        if method in ("copy", "astype"):
            return kernel_shape(call.func.value, scope, depth + 1)
        style = RNG_SHAPE_METHODS.get(method)
    if style == "shape":
        return _shape_tuple(call_arg(call, 0, "shape") or call_arg(call, None, "size"), scope)
    if style == "size":
        return int_tuple(call_arg(call, None, "size") or call_arg(call, 2, None))
    if style == "varargs":
        values = [int_value(a.value) for a in call.args if a.keyword is None]
        if values and all(v is not None for v in values):
            return tuple(v for v in values if v is not None)
    return None


def _shape_tuple(node: cst.BaseExpression | None, scope: Scope) -> tuple[int, ...] | None:
    """``(4, 4)``, ``(kh, kw)`` or ``4`` with integers the code makes visible."""
    literal = int_tuple(node)
    if literal is not None or not isinstance(node, (cst.Tuple, cst.List)):
        return literal
    values = [int_expr(e.value, scope, lambda n: None) for e in node.elements]
    if not values or None in values:
        return None
    return tuple(v for v in values if v is not None)


def _family_anchor(call: ApiCall, m: int, axis: int) -> int | None:
    """The anchor of ``call`` on one kernel axis of length ``m`` (None: not 'same')."""
    name = call.api.name
    if name in _SCIPY_LOW or name in _SCIPY_HIGH:
        if call.mode != "same":
            return None
        return (m - 1) // 2 if name in _SCIPY_LOW else m // 2
    if name in _NDIMAGE:
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
        return _framework_anchor(call, m, axis)
    return None


def _framework_anchor(call: ApiCall, m: int, axis: int) -> int | None:
    padding = call_arg(call.node, padding_position(call.api), "padding")
    if padding is None:
        return None
    text = string_value(padding)
    if text is not None:
        return (m - 1) // 2 if text.lower() == "same" else None
    return _per_axis(padding, axis, default=None)


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


def _flipped(call: ApiCall, ndim: int) -> bool | None:
    """Whether the kernel argument is the base rotated 180° (None: something else)."""
    assert call.kernel is not None
    view = kernel_view(call.kernel, call.scope)
    if not view.has_steps:
        return False
    turn = view.turn(ndim)
    if turn is Turn.ROT180:
        return True
    return False if turn is Turn.IDENTITY else None


def _valid_pads(call: ApiCall, ndim: int) -> tuple[cst.BaseExpression, tuple[int, ...]] | None:
    """A 'valid' pass over an explicitly padded image: (unpadded image, leading pads)."""
    if call.mode != "valid" or call.image is None:
        return None
    if call.api.family not in _VALID_FAMILIES:
        return None
    image = array_root(call.image, call.scope).node
    return leading_pads(image, call.scope, lambda n: kernel_shape(n, call.scope), ndim)


def same_alignment(call: ApiCall) -> Alignment | None:
    """The 'same'-mode alignment of ``call`` relative to its base kernel, when known.

    A 'valid' pass over an image padded in front by ``p`` counts as 'same'-style with
    anchor ``p`` (correlation) or ``m - 1 - p`` (convolution form).
    """
    if call.kernel is None:
        return None
    root = array_root(call.kernel, call.scope)
    shape = kernel_shape(root.node, call.scope)
    spatial = _spatial_shape(call, shape) if shape is not None else None
    if spatial is None or shape is None:
        return None
    flipped = _flipped(call, len(shape)) if call.api.family is not Family.FRAMEWORK else False
    if flipped is None or (root.flipped and call.api.family is Family.FRAMEWORK):
        return None
    padded = _valid_pads(call, len(spatial))
    image = padded[0] if padded is not None else call.image
    anchors: list[int] = []
    for axis, m in enumerate(spatial):
        if padded is not None:
            pad = padded[1][axis]
            anchor: int | None = pad if call.api.orientation is CORR else m - 1 - pad
        else:
            anchor = _family_anchor(call, m, axis)
        if anchor is None:
            return None
        anchors.append(m - 1 - anchor if flipped else anchor)
    form = call.api.orientation
    if flipped:
        form = CONV if form is CORR else CORR
    return Alignment(form, tuple(anchors), spatial, root.key, image)


def window_alignment(window: Window) -> Alignment | None:
    """A hand-rolled window sum over an explicitly padded image, as an alignment."""
    if window.form not in (CORRELATION, CONVOLUTION):
        return None
    view = window.kernel
    shape = kernel_shape(view.base if view.origin is None else view.origin, window.scope)
    if shape is None or len(shape) not in (1, 2):
        return None
    padded = leading_pads(
        window.image, window.scope, lambda n: kernel_shape(n, window.scope), len(shape)
    )
    if padded is None:
        return None
    if window.form == CORRELATION:
        return Alignment(CORR, padded[1], shape, view.key, padded[0])
    anchors = tuple(m - 1 - p for m, p in zip(shape, padded[1], strict=True))
    return Alignment(CONV, anchors, shape, view.key, padded[0])


def delta_position(node: cst.BaseExpression | None, scope: Scope) -> tuple[int, ...] | None:
    """Where a unit impulse kernel has its single 1 (None when it is not one).

    Literal kernels, and ``d = np.zeros(shape); d[i, j] = 1`` with visible indices.
    """
    literal = fold(node, scope) if node is not None else None
    if literal is None:
        return _assigned_impulse(node, scope) if isinstance(node, cst.Name) else None
    nonzero = [i for i, v in enumerate(literal.values) if v != 0]
    if len(nonzero) != 1 or literal.values[nonzero[0]] != 1:
        return None
    flat, position = nonzero[0], []
    for n in reversed(literal.shape):
        position.append(flat % n)
        flat //= n
    return tuple(reversed(position))


def _assigned_impulse(name: cst.Name, scope: Scope) -> tuple[int, ...] | None:
    bindings = scope.lookup(name.value)
    created = [b for b in bindings if b.kind == "assign"]
    items = [b for b in bindings if b.kind == "item"]
    if len(created) != 1 or len(items) != 1 or len(bindings) != 2:
        return None
    ctor = created[0].value
    if not isinstance(ctor, cst.Call) or scope.resolve(ctor.func) != "numpy.zeros":
        return None
    shape = kernel_shape(ctor, scope)
    if shape is None or number_value(items[0].value) != 1:
        return None
    for small in getattr(items[0].statement, "body", ()):
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target = small.targets[0].target
            if isinstance(target, cst.Subscript) and dotted(target.value) == name.value:
                return _index_position(target, scope, shape)
    return None


def _index_position(
    target: cst.Subscript, scope: Scope, shape: tuple[int, ...]
) -> tuple[int, ...] | None:
    values: list[int] = []
    for element in target.slice:
        index = element.slice
        if not isinstance(index, cst.Index):
            return None
        value = int_expr(index.value, scope, lambda n: kernel_shape(n, scope))
        if value is None:
            return None
        values.append(value)
    if len(values) != len(shape) or not all(
        0 <= v < m for v, m in zip(values, shape, strict=True)
    ):
        return None
    return tuple(values)
