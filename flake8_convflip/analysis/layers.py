"""Layer facts: forward passes paired with their backward passes, and their conventions.

A *layer* is a forward function and the backward functions that differentiate it:
methods of one class (``forward`` with ``backward``/``grad``/``vjp``/``adjoint``,
``*_forward`` with ``*_backward``) or module functions that share a prefix
(``conv_forward_naive`` / ``conv_backward_naive``).  For each layer this module reads

* the forward *orientation*: every forward convolution-like call (or hand-rolled
  window) after folding 180-degree rotations of its kernel, when they all agree;
* every backward call whose operands are the upstream gradient and the forward's
  kernel (an *input gradient*) or the forward's input (a *kernel gradient*), and the
  forward orientation that formula is the correct gradient of (semantics.md F7):

  ============================  ===========================  ============================
  forward ``y = f(x, K, 'valid')``  input gradient            kernel gradient
  ============================  ===========================  ============================
  ``xcorr(x, K)``               ``conv(dy, K, 'full')``      ``xcorr(x, dy, 'valid')``
  ``conv(x, K)``                ``xcorr(dy, K, 'full')``     ``rot180(xcorr(x, dy))`` =
                                                             ``conv(rot180(x), dy)``
  ============================  ===========================  ============================

Scatter-form gradients (``dx[i:i+kh, j:j+kw] += W * dy[i, j]``) are the exact adjoint of
the forward's indexing and need no flip; :func:`scatter_gradients` lists them so rules
can treat such a backward pass as correct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

import libcst as cst

from .apis import Family, Orientation
from .axes import Turn
from .exprs import dotted
from .kernels import kernel_view
from .model import Accumulation, ApiCall, FileFacts, Scope
from .operands import Operand, aliases, operand, strip_items
from .windows import CONVOLUTION, CORRELATION, Window

_FORWARD = re.compile(r"^(?:forward|fprop|call|__call__)$|forward|_fwd$|^fwd_")
_BACKWARD = re.compile(r"backward|backprop|bprop|_bwd$|^bwd_|^grad|_grad$|vjp|adjoint")
_GRAD_OPERAND = re.compile(
    r"(?:^|_)(?:d|dy|dz|dx|dout|grad\w*|gradient\w*|delta\w*|err|error\w*|upstream)(?:_|$)|"
    r"^d[a-z]\w*$|grad|delta"
)
_JUDGED_FAMILIES = frozenset({Family.SCIPY_SIGNAL, Family.CONVFLIP})


class Role(str, Enum):
    """What a backward call computes."""

    INPUT_GRAD = "input gradient"
    KERNEL_GRAD = "kernel gradient"


class Implied(str, Enum):
    """The forward orientation a backward formula is the gradient of."""

    CORRELATION = "correlation"
    CONVOLUTION = "convolution"
    NEITHER = "neither"  # wrong for both orientations (e.g. conv(x, dy) as kernel gradient)


@dataclass
class GradientStep:
    """One backward call, its role, and which forward orientation it implies."""

    call: ApiCall
    role: Role
    implied: Implied
    kernel_rotated: bool  # the forward kernel operand carries a 180-degree rotation
    scope: Scope
    grad_first: bool = False  # the upstream gradient is the first (image) argument


@dataclass
class Layer:
    """A forward function with its backward functions and their conventions."""

    forward: Scope
    backward: list[Scope]
    forward_calls: list[ApiCall]
    forward_windows: list[Window]
    orientation: Orientation | None  # of the forward pass, when every op agrees
    mode: str | None  # the forward's literal mode, when every call agrees
    steps: list[GradientStep] = field(default_factory=list)
    scatter: list[Accumulation] = field(default_factory=list)


def _opposite(orientation: Orientation) -> Orientation:
    if orientation is Orientation.CONVOLUTION:
        return Orientation.CORRELATION
    return Orientation.CONVOLUTION


def _implied(orientation: Orientation) -> Implied:
    return Implied(orientation.value)


# -- pairing ----------------------------------------------------------------------------


def _class_pairs(cls: Scope) -> list[tuple[Scope, list[Scope]]]:
    methods = [c for c in cls.children if c.kind == "function"]
    forwards = [m for m in methods if _FORWARD.search(m.name) and not _BACKWARD.search(m.name)]
    backwards = [m for m in methods if _BACKWARD.search(m.name)]
    if len(forwards) != 1 or not backwards:
        return []
    return [(forwards[0], backwards)]


def _function_pairs(module: Scope) -> list[tuple[Scope, list[Scope]]]:
    functions = {c.name: c for c in module.children if c.kind == "function"}
    pairs = []
    for name, scope in functions.items():
        for fwd, bwd in (("forward", "backward"), ("fwd", "bwd")):
            if fwd in name and name.replace(fwd, bwd) in functions:
                pairs.append((scope, [functions[name.replace(fwd, bwd)]]))
    return pairs


def _forward_orientation(calls: list[ApiCall], windows: list[Window]) -> Orientation | None:
    found: set[Orientation] = set()
    for call in calls:
        kernel = operand(call.kernel, call.scope, 2 if call.api.ndim == 2 else None)
        if kernel.turn is Turn.IDENTITY:
            found.add(call.api.orientation)
        elif kernel.turn is Turn.ROT180:
            found.add(_opposite(call.api.orientation))
        else:
            return None
    for window in windows:
        form = _window_orientation(window)
        if form is None:
            return None
        found.add(form)
    return found.pop() if len(found) == 1 else None


def _window_orientation(window: Window) -> Orientation | None:
    form = window.form
    if window.kind == "loop" and window.kernel.has_steps:
        turn = window.kernel.turn(window.kernel.ndim() or 2)
        if turn is Turn.ROT180:
            form = CORRELATION if form == CONVOLUTION else CONVOLUTION
        elif turn is not Turn.IDENTITY:
            return None
    if form == CORRELATION:
        return Orientation.CORRELATION
    if form == CONVOLUTION:
        return Orientation.CONVOLUTION
    return None


def _judged(call: ApiCall) -> bool:
    return call.api.family in _JUDGED_FAMILIES and call.api.ndim != 1


def _build(forward: Scope, backward: list[Scope], facts: FileFacts) -> Layer | None:
    calls = [c for c in forward.api_calls if _judged(c)]
    windows = list(forward.windows)
    if not calls and not windows:
        return None
    modes = {c.mode for c in calls} | ({"valid"} if windows else set())
    layer = Layer(
        forward=forward,
        backward=backward,
        forward_calls=calls,
        forward_windows=windows,
        orientation=_forward_orientation(calls, windows),
        mode=modes.pop() if len(modes) == 1 else None,
    )
    kernels, images = _forward_roots(layer)
    for scope in backward:
        layer.scatter.extend(scatter_gradients(scope))
        outer = _outer_flipped_calls(scope)
        for call in scope.api_calls:
            if _judged(call):
                step = _classify(call, layer, kernels, images, id(call.node) in outer)
                if step is not None:
                    layer.steps.append(step)
    return layer


def _forward_roots(layer: Layer) -> tuple[set[str], set[str]]:
    kernels: set[str] = set()
    images: set[str] = set()
    for call in layer.forward_calls:
        ndim = 2 if call.api.ndim == 2 else None
        for expr, into in ((call.kernel, kernels), (call.image, images)):
            root = operand(expr, call.scope, ndim).root
            if root is not None:
                into.add(root)
    for window in layer.forward_windows:
        for expr, into in ((window.kernel.base, kernels), (window.image, images)):
            root = dotted(strip_items(expr))
            if root is not None:
                into.add(root)
    kernels, images = aliases(kernels, layer.forward), aliases(images, layer.forward)
    return kernels - images, images - kernels


def layers(facts: FileFacts) -> list[Layer]:
    """Every forward/backward pairing in the file (cached on the facts)."""
    cached = facts.__dict__.get("_layers")
    if cached is not None:
        return cached
    found: list[Layer] = []
    pairs = _function_pairs(facts.module_scope)
    for scope in facts.scopes:
        if scope.kind == "class":
            pairs.extend(_class_pairs(scope))
    for forward, backward in pairs:
        layer = _build(forward, backward, facts)
        if layer is not None:
            found.append(layer)
    facts.__dict__["_layers"] = found
    return found


def backward_scopes(facts: FileFacts) -> set[int]:
    """ids of the scopes that are the backward pass of some layer."""
    return {id(scope) for layer in layers(facts) for scope in layer.backward}


# -- classifying backward calls --------------------------------------------------------


def _is_grad(op: Operand, scope: Scope, forward_roots: set[str]) -> bool:
    if op.root is None or op.root in forward_roots:
        return False
    name = op.root.rpartition(".")[2].lower()
    return op.root in scope.params or _GRAD_OPERAND.search(name) is not None


def _classify(
    call: ApiCall, layer: Layer, kernels: set[str], images: set[str], outer_flip: bool
) -> GradientStep | None:
    if layer.orientation is None:
        return None
    ndim = 2 if call.api.ndim == 2 else None
    first = operand(call.image, call.scope, ndim)
    second = operand(call.kernel, call.scope, ndim)
    known = kernels | images
    scope = call.scope
    if _is_grad(first, scope, known) and second.root in kernels:
        implied = _input_grad(call, layer, first, second, grad_first=True)
        role, rotated = Role.INPUT_GRAD, second.turn is Turn.ROT180
    elif _is_grad(second, scope, known) and first.root in kernels:
        implied = _input_grad(call, layer, second, first, grad_first=False)
        role, rotated = Role.INPUT_GRAD, first.turn is Turn.ROT180
    elif _is_grad(second, scope, known) and first.root in images:
        implied = _kernel_grad(call, first, second, image_first=True, outer_flip=outer_flip)
        role, rotated = Role.KERNEL_GRAD, False
    elif _is_grad(first, scope, known) and second.root in images:
        implied = _kernel_grad(call, second, first, image_first=False, outer_flip=outer_flip)
        role, rotated = Role.KERNEL_GRAD, False
    else:
        return None
    if implied is None:
        return None
    grad_first = _is_grad(first, scope, known)
    return GradientStep(call, role, implied, rotated, scope, grad_first)


def _input_mode_fits(layer: Layer, call: ApiCall, grad: Operand) -> bool:
    if layer.mode == "valid":
        return call.mode == "full" or (call.mode == "valid" and grad.padded)
    if layer.mode == "same":
        return call.mode == "same"
    if layer.mode == "full":
        return call.mode == "valid" and not grad.padded
    return False


def _input_grad(
    call: ApiCall, layer: Layer, grad: Operand, kernel: Operand, *, grad_first: bool
) -> Implied | None:
    """conv(dy, K) is the input gradient of a correlation; xcorr(dy, K) of a convolution."""
    if grad.turn is not Turn.IDENTITY or kernel.turn not in (Turn.IDENTITY, Turn.ROT180):
        return None
    if not grad_first and call.api.orientation is Orientation.CORRELATION:
        return None  # xcorr(K, dy) is a rotated result; not a standard formula
    if not _input_mode_fits(layer, call, grad):
        return None
    effective = call.api.orientation
    if kernel.turn is Turn.ROT180:
        effective = _opposite(effective)
    return _implied(_opposite(effective))


# (api orientation, image operand rotated, grad operand rotated, image first) -> implied
_KERNEL_GRAD_TABLE: dict[tuple[Orientation, bool, bool, bool], Implied] = {
    (Orientation.CORRELATION, False, False, True): Implied.CORRELATION,
    (Orientation.CONVOLUTION, False, False, True): Implied.NEITHER,
    (Orientation.CONVOLUTION, False, False, False): Implied.NEITHER,
    (Orientation.CONVOLUTION, False, True, True): Implied.CORRELATION,
    (Orientation.CONVOLUTION, False, True, False): Implied.CORRELATION,
    (Orientation.CONVOLUTION, True, False, True): Implied.CONVOLUTION,
    (Orientation.CONVOLUTION, True, False, False): Implied.CONVOLUTION,
    (Orientation.CORRELATION, False, True, True): Implied.NEITHER,
    (Orientation.CORRELATION, False, False, False): Implied.CONVOLUTION,
}


def _kernel_grad(
    call: ApiCall, image: Operand, grad: Operand, *, image_first: bool, outer_flip: bool
) -> Implied | None:
    """Which forward a kernel-gradient formula belongs to (semantics.md F7)."""
    if call.mode != "valid":
        return None
    turns = (image.turn, grad.turn)
    if any(t not in (Turn.IDENTITY, Turn.ROT180) for t in turns):
        return None
    key = (call.api.orientation, image.turn is Turn.ROT180, grad.turn is Turn.ROT180, image_first)
    implied = _KERNEL_GRAD_TABLE.get(key)
    if outer_flip and implied is Implied.CORRELATION:
        return Implied.CONVOLUTION
    if outer_flip:
        return None
    return implied


def _outer_flipped_calls(scope: Scope) -> set[int]:
    """ids of calls in ``scope`` whose result is rotated by 180 degrees before use."""
    out: set[int] = set()
    values = [b.value for bs in scope.bindings.values() for b in bs if b.value is not None]
    for value in [*values, *scope.returns]:
        view = kernel_view(value, scope)
        if not view.has_steps or view.turn(2) is not Turn.ROT180:
            continue
        for candidate in (view.base, view.origin):
            if isinstance(candidate, cst.Call):
                out.add(id(candidate))
    return out


# -- scatter-form gradients --------------------------------------------------------------


def _is_scatter_target(target: cst.BaseExpression) -> bool:
    if not isinstance(target, cst.Subscript):
        return False
    for element in target.slice:
        index = element.slice
        if isinstance(index, cst.Slice) and (index.lower is not None or index.upper is not None):
            return True
        if isinstance(index, cst.Index) and isinstance(index.value, cst.BinaryOperation):
            return True
    return False


def scatter_gradients(scope: Scope) -> list[Accumulation]:
    """``dx[i:i+kh, j:j+kw] += W * dy[i, j]``: accumulations that scatter a product.

    These gradients follow the forward's own indexing, so they are correct for either
    orientation and must never be asked for a flip.
    """
    out = []
    for acc in scope.accumulations:
        node = acc.node
        if not isinstance(node, cst.AugAssign) or not isinstance(node.operator, cst.AddAssign):
            continue
        value = node.value
        product = isinstance(value, cst.BinaryOperation) and isinstance(
            value.operator, cst.Multiply
        )
        if product and _is_scatter_target(node.target):
            out.append(acc)
    return out


def forward_is_culprit(layer: Layer) -> bool:
    """True when two or more backward formulas all belong to the *other* orientation.

    Then the backward pass is self-consistent and the forward op is the odd one out
    (CNV201's finding); a lone disagreeing formula is blamed on the backward (CNV206).
    """
    if layer.orientation is None or len(layer.steps) < 2:
        return False
    other = _implied(_opposite(layer.orientation))
    roles = {step.role for step in layer.steps}
    return len(roles) == 2 and all(step.implied is other for step in layer.steps)


def mismatched_steps(layer: Layer) -> list[GradientStep]:
    """Backward formulas that are not the gradient of this layer's forward op."""
    if layer.orientation is None or forward_is_culprit(layer):
        return []
    expected = _implied(layer.orientation)
    return [step for step in layer.steps if step.implied is not expected]
