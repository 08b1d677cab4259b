"""Which base array an expression is, through framework wrappers and added axes.

Comparing a framework call with a scipy call means asking whether
``torch.from_numpy(ker)[None, None].float()`` and ``ker`` are the same array.
:func:`array_root` peels conversions (``torch.from_numpy``, ``torch.tensor``,
``tf.constant``, ``np.asarray``), device/dtype/grad methods (``.numpy()``,
``.detach()``, ``.float()``), inserted or removed unit axes (``[None, None]``,
``unsqueeze``, ``squeeze``, ``[0, 0]`` on a result) and simple assignments, and notes
whether a flip, transpose or turn was applied on the way (then the two sides are not
"the same unflipped kernel").
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from .axes import AxisMap
from .exprs import call_arg, dotted, expr_key, int_value
from .flow import Source
from .kernels import axis_map_of_step
from .model import Scope

_CONVERSIONS = {
    "torch.from_numpy",
    "torch.tensor",
    "torch.as_tensor",
    "torch.Tensor",
    "torch.FloatTensor",
    "torch.DoubleTensor",
    "torch.nn.Parameter",
    "numpy.asarray",
    "numpy.array",
    "numpy.ascontiguousarray",
    "numpy.copy",
    "numpy.squeeze",
    "numpy.expand_dims",
    "numpy.atleast_2d",
    "numpy.float32",
    "numpy.float64",
    "tensorflow.constant",
    "tensorflow.convert_to_tensor",
    "tensorflow.Variable",
}
_METHODS = {
    "numpy",
    "detach",
    "cpu",
    "cuda",
    "float",
    "double",
    "copy",
    "clone",
    "contiguous",
    "astype",
    "to",
    "requires_grad_",
    "unsqueeze",
    "squeeze",
    "reshape",
    "view",
    "item",
}
_MAX_STEPS = 24


@dataclass(frozen=True)
class ArrayRoot:
    """The base array an expression reaches, and whether it was flipped on the way."""

    key: str | None
    node: cst.BaseExpression
    flipped: bool


def _unit_index(element: cst.SubscriptElement) -> bool:
    """``None``, ``np.newaxis``, ``:``, ``...`` or a literal ``0``: no data selection."""
    index = element.slice
    if isinstance(index, cst.Slice):
        return index.lower is None and index.upper is None and index.step is None
    value = index.value
    if isinstance(value, cst.Ellipsis) or int_value(value) == 0:
        return True
    return dotted(value) in ("None", "np.newaxis", "numpy.newaxis")


def _peel_once(node: cst.BaseExpression, scope: Scope) -> tuple[cst.BaseExpression, bool] | None:
    """(inner, is_flip) when ``node`` wraps one inner array, else None."""
    if isinstance(node, cst.Subscript) and all(_unit_index(e) for e in node.slice):
        return node.value, False
    step = axis_map_of_step(node, scope)
    if step is not None:
        return step[0], step[1] != AxisMap.identity
    if not isinstance(node, cst.Call):
        return None
    func = node.func
    if isinstance(func, cst.Attribute) and func.attr.value in _METHODS:
        if scope.resolve(func) is None:
            return func.value, False
    if scope.resolve(func) in _CONVERSIONS:
        inner = call_arg(node, 0, None)
        if inner is not None:
            return inner, False
    return None


def _assigned(node: cst.BaseExpression, scope: Scope) -> cst.BaseExpression | None:
    if not isinstance(node, cst.Name):
        return None
    bindings = scope.lookup(node.value)
    if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].loop_depth:
        return None
    return bindings[0].value


def array_root(expr: cst.BaseExpression, scope: Scope) -> ArrayRoot:
    """Peel wrappers and single assignments off ``expr`` down to a named base array."""
    node, flipped = expr, False
    named = node if expr_key(node) is not None else None
    for _ in range(_MAX_STEPS):
        peeled = _peel_once(node, scope)
        if peeled is not None:
            node, flipped = peeled[0], flipped or peeled[1]
        else:
            value = _assigned(node, scope)
            if value is None or (_peel_once(value, scope) is None and not dotted(value)):
                break
            node = value
        if expr_key(node) is not None:
            named = node
    if named is None:
        return ArrayRoot(None, node, flipped)
    return ArrayRoot(expr_key(named), named, flipped)


def same_array(a: ArrayRoot, b: ArrayRoot) -> bool:
    """Both roots are the same named array."""
    return a.key is not None and a.key == b.key


def same_across(a: Source, root_a: ArrayRoot, b: Source, root_b: ArrayRoot) -> bool:
    """The roots of two computations compared in one scope name the same array there.

    Keys are translated through the helper-parameter mapping of each :class:`Source`,
    so ``naive(pic, taps)`` compared with ``convolve2d(pic, taps)`` matches inside
    ``naive``'s own names.
    """
    key_a, key_b = a.key(root_a.key), b.key(root_b.key)
    return key_a is not None and key_a == key_b
