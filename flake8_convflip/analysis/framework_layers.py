"""Framework convolution *layers* applied to data: ``conv = nn.Conv2d(...); conv(x)``.

Layer objects hold their kernel, so a layer application is not an API call with a
kernel argument.  :func:`layer_applications` finds, inside an expression (following
assignments in the scope as :func:`~.flow.provenance` does), the calls of names bound
to a layer constructor (``torch.nn.Conv2d``, ``keras.layers.Conv2D``), and reads the
kernel the code loads into that layer: ``conv.weight.data = ...``,
``conv.weight = nn.Parameter(...)``, ``conv.weight[:] = ...``,
``conv.weight.data.copy_(...)``, ``layer.set_weights([k, ...])`` or
``kernel_initializer=tf.constant_initializer(k)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from .apis import filter_api
from .exprs import call_arg, child_nodes, dotted
from .model import Scope

_WEIGHT_TARGETS = ("weight.data", "weight")
_MAX_NODES = 2000


@dataclass(frozen=True)
class LayerApplication:
    """``layer(x)``: the call, its input and the kernel loaded into the layer."""

    node: cst.Call
    image: cst.BaseExpression
    kernel: cst.BaseExpression
    layer: str  # the qualified name of the layer class
    scope: Scope


def _layer_class(name: str, scope: Scope) -> str | None:
    bindings = scope.lookup(name)
    if len(bindings) != 1 or not isinstance(bindings[0].value, cst.Call):
        return None
    ctor = bindings[0].value
    api = filter_api(scope.resolve(ctor.func))
    return api.name if api is not None and api.is_layer else None


def _constructor(name: str, scope: Scope) -> cst.Call | None:
    value = scope.lookup(name)[0].value
    return value if isinstance(value, cst.Call) else None


def _assigned_kernel(name: str, scope: Scope) -> cst.BaseExpression | None:
    for suffix in _WEIGHT_TARGETS:
        bindings = scope.lookup(f"{name}.{suffix}")
        if len(bindings) == 1 and bindings[0].value is not None:
            return bindings[0].value
    return None


def _loaded_kernel(name: str, scope: Scope) -> cst.BaseExpression | None:
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


def layer_applications(expr: cst.BaseExpression, scope: Scope) -> list[LayerApplication]:
    """Layer calls whose results flow into ``expr`` within ``scope``."""
    out: list[LayerApplication] = []
    pending: list[cst.CSTNode] = [expr]
    seen: set[str] = set()
    visited = 0
    while pending and visited < _MAX_NODES:
        node = pending.pop()
        visited += 1
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
            application = _application(node, node.func.value, scope)
            if application is not None:
                out.append(application)
        if isinstance(node, cst.Name) and node.value not in seen:
            seen.add(node.value)
            for binding in scope.lookup(node.value):
                if binding.value is not None and binding.kind == "assign":
                    pending.append(binding.value)
        if not isinstance(node, (cst.Lambda, cst.FunctionDef)):
            pending.extend(child_nodes(node))
    return out


def _application(call: cst.Call, name: str, scope: Scope) -> LayerApplication | None:
    layer = _layer_class(name, scope)
    image = call_arg(call, 0, None)
    if layer is None or image is None:
        return None
    kernel = _loaded_kernel(name, scope)
    if kernel is None:
        return None
    return LayerApplication(call, image, kernel, layer, scope)
