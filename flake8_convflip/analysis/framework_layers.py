"""The kernel code loads into a framework convolution *layer* object.

Layer objects hold their kernel (``conv = nn.Conv2d(1, 1, 3)``), so applying one
(``conv(x)``) is not an API call with a kernel argument.  :func:`loaded_kernel` reads what
the code puts into the layer bound to a name: ``conv.weight.data = ...``,
``conv.weight = nn.Parameter(...)``, ``conv.weight[:] = ...``,
``conv.weight.data.copy_(...)``, ``layer.set_weights([k, ...])`` or
``kernel_initializer=tf.constant_initializer(k)``.  The semantic evaluator turns the
constructor into a layer value holding that kernel, and a call of the value into its
filter (:meth:`~..semantic.evaluate.Evaluator._layer`).
"""

from __future__ import annotations

import libcst as cst

from .exprs import call_arg, dotted
from .model import Scope

_WEIGHT_TARGETS = ("weight.data", "weight")


def _constructor(name: str, scope: Scope) -> cst.Call | None:
    value = scope.lookup(name)[0].value
    return value if isinstance(value, cst.Call) else None


def _assigned_kernel(name: str, scope: Scope) -> cst.BaseExpression | None:
    for suffix in _WEIGHT_TARGETS:
        bindings = scope.lookup(f"{name}.{suffix}")
        if len(bindings) == 1 and bindings[0].value is not None:
            return bindings[0].value
    return None


def loaded_kernel(name: str, scope: Scope) -> cst.BaseExpression | None:
    """The kernel the code puts into layer ``name``, if it does so visibly."""
    assigned = _assigned_kernel(name, scope)
    if assigned is not None:
        return _unwrap_parameter(assigned, scope)
    found: list[cst.BaseExpression] = []
    current: Scope | None = scope
    while current is not None and not found:
        for site in current.calls:
            found.extend(_kernel_from_call(site.node, name))
        current = current.parent
    ctor = _constructor(name, scope)
    if ctor is not None:
        init = call_arg(ctor, None, "kernel_initializer")
        if isinstance(init, cst.Call) and (dotted(init.func) or "").endswith(
            "constant_initializer"
        ):
            value = call_arg(init, 0, "value")  # type: ignore[arg-type]
            if value is not None:
                found.append(value)
    return found[0] if len(found) == 1 else None


def _kernel_from_call(call: cst.Call, name: str) -> list[cst.BaseExpression]:
    func = dotted(call.func)
    if func in (f"{name}.weight.data.copy_", f"{name}.weight.copy_"):
        value = call_arg(call, 0, None)
        return [value] if value is not None else []
    if func == f"{name}.set_weights":
        weights = call_arg(call, 0, "weights")
        if isinstance(weights, (cst.List, cst.Tuple)) and weights.elements:
            return [weights.elements[0].value]
    return []


def _unwrap_parameter(value: cst.BaseExpression, scope: Scope) -> cst.BaseExpression:
    if isinstance(value, cst.Call) and (scope.resolve(value.func) or "").endswith("Parameter"):
        inner = call_arg(value, 0, "data")
        if inner is not None:
            return inner
    return value
