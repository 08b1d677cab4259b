"""Window facts: hand-rolled sliding-window product-sums and accumulation loops.

Recognised shapes (``X`` the image, ``K`` the kernel):

* ``(X[i:i+kh, j:j+kw] * K).sum()``, ``np.sum(X[...] * K)``, ``np.sum(np.multiply(...))``
  and the same with the window held in a variable or yielded by a local generator;
* ``np.einsum("ij,ij->", win, K)`` and ``np.tensordot(win, K, axes=2)``;
* accumulation loops ``acc += X[i + m][j + n] * K[m][n]`` (correlation form) and
  ``X[i - m, j - n] * K[m, n]`` (convolution form), with flipped kernel indices
  ``K[kh - 1 - m, ...]`` understood.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from .axes import Turn
from .exprs import accumulated_term, dotted, elements_of, expr_key, index_parts, string_value, walk
from .kernels import KernelView, kernel_view
from .model import Accumulation, CallSite, Scope

if TYPE_CHECKING:
    from .model import FileFacts

CORRELATION = "correlation"
CONVOLUTION = "convolution"
MIXED = "mixed"


@dataclass
class Window:
    """One hand-rolled product-sum of an image window with a kernel."""

    node: cst.CSTNode  # the summing expression (or the accumulating statement)
    statement: cst.CSTNode
    scope: Scope
    image: cst.BaseExpression  # the image array the window is cut from
    kernel: KernelView
    form: str  # CORRELATION, CONVOLUTION or MIXED (per-axis orientation disagrees)
    kind: str  # "slice-sum", "einsum", "loop"
    window_turn: Turn = Turn.IDENTITY  # a transform applied to the window itself
    accumulation: Accumulation | None = None
    window_view: KernelView | None = None  # the window operand, with its own flips

    @property
    def image_key(self) -> str | None:
        return expr_key(self.image)

    @property
    def kernel_flipped(self) -> bool:
        """True when the kernel (or window) is rotated, making the sum a convolution."""
        return self.form == CONVOLUTION


def _product(node: cst.BaseExpression, scope: Scope) -> tuple[cst.BaseExpression, ...] | None:
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
        return node.left, node.right
    if isinstance(node, cst.Call) and scope.resolve(node.func) in ("numpy.multiply", "torch.mul"):
        args = [a.value for a in node.args if a.keyword is None]
        if len(args) == 2:
            return args[0], args[1]
    return None


def _is_window_slice(node: cst.BaseExpression) -> bool:
    if not isinstance(node, cst.Subscript):
        return False
    bounded = False
    for element in elements_of(node):
        index = element.slice
        if isinstance(index, cst.Slice):
            if index.step is not None:
                return False
            bounded = bounded or index.lower is not None or index.upper is not None
    return bounded


def _param_argument(call: cst.Call, function: Scope, param: str) -> cst.BaseExpression | None:
    params = list(function.params)
    if params and params[0] in ("self", "cls") and isinstance(call.func, cst.Attribute):
        params = params[1:]
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == param:
            return arg.value
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    if param in params and params.index(param) < len(positional):
        return positional[params.index(param)]
    return None


def _tuple_item(node: cst.BaseExpression, index: int) -> cst.BaseExpression | None:
    if isinstance(node, cst.Tuple) and index < len(node.elements):
        return node.elements[index].value
    return node if index == 0 and not isinstance(node, cst.Tuple) else None


def _for_target_index(statement: cst.CSTNode, name: str) -> int | None:
    if not isinstance(statement, cst.For):
        return None
    target = statement.target
    if isinstance(target, cst.Name):
        return 0 if target.value == name else None
    if isinstance(target, cst.Tuple):
        for i, el in enumerate(target.elements):
            if isinstance(el.value, cst.Name) and el.value.value == name:
                return i
    return None


class _WindowFinder:
    def __init__(self, scope: Scope, facts: FileFacts) -> None:
        self.scope = scope
        self.facts = facts

    def window_image(
        self, node: cst.BaseExpression, scope: Scope, depth: int = 0
    ) -> tuple[cst.BaseExpression, Turn] | None:
        """The image a window operand is cut from (through names and generators)."""
        if depth > 4:
            return None
        view = kernel_view(node, scope)
        turn = view.turn(2) if view.has_steps else Turn.IDENTITY
        base = view.base
        if _is_window_slice(base):
            assert isinstance(base, cst.Subscript)
            return base.value, turn or Turn.IDENTITY
        if isinstance(base, cst.Subscript) and self._is_window_view(base.value, scope):
            return base.value, turn or Turn.IDENTITY
        if not isinstance(base, cst.Name):
            return None
        for binding in scope.lookup(base.value):
            if binding.value is None:
                continue
            if binding.kind == "assign" and _is_window_slice(binding.value):
                inner = self.window_image(binding.value, scope, depth + 1)
                if inner is not None:
                    return inner[0], turn or Turn.IDENTITY
            if binding.kind == "for":
                found = self._from_iterable(binding, base.value, scope, depth)
                if found is not None:
                    return found, turn or Turn.IDENTITY
        return None

    def _is_window_view(self, node: cst.BaseExpression, scope: Scope) -> bool:
        if isinstance(node, cst.Call):
            return scope.resolve(node.func) == "numpy.lib.stride_tricks.sliding_window_view"
        if isinstance(node, cst.Name):
            for binding in scope.lookup(node.value):
                if binding.kind == "assign" and isinstance(binding.value, cst.Call):
                    if self._is_window_view(binding.value, scope):
                        return True
        return False

    def _from_iterable(self, binding, name: str, scope: Scope, depth: int):
        iterable = binding.value
        if self._is_window_view(iterable, scope):
            return _first_arg(iterable, scope)
        if not isinstance(iterable, cst.Call):
            return None
        callee = iterable.func
        fname = callee.attr.value if isinstance(callee, cst.Attribute) else dotted(callee)
        function = self.facts.functions.get(fname or "")
        position = _for_target_index(binding.statement, name)
        if function is None or position is None:
            return None
        for yielded in function.yields:
            item = _tuple_item(yielded, position)
            if item is None:
                continue
            found = self.window_image(item, function, depth + 1)
            if found is None:
                continue
            image = found[0]
            if isinstance(image, cst.Name) and image.value in function.params:
                argument = _param_argument(iterable, function, image.value)
                return argument
        return None

    # -- the shapes -------------------------------------------------------------
    def from_sum(self, site: CallSite) -> Window | None:
        node = site.node
        name = self.scope.resolve(node.func)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "sum" and name is None:
            summed = node.func.value
        elif name in ("numpy.sum", "torch.sum") and node.args:
            summed = node.args[0].value
        elif name in ("numpy.einsum", "numpy.tensordot", "numpy.vdot", "numpy.dot"):
            return self.from_contraction(site, name)
        else:
            return None
        operands = _product(summed, self.scope)
        if operands is None:
            return None
        return self._make(site.node, site.statement, operands, "slice-sum")

    def from_contraction(self, site: CallSite, name: str) -> Window | None:
        args = [a.value for a in site.node.args if a.keyword is None]
        if name == "numpy.einsum":
            spec = string_value(args[0]) if args else None
            if spec is None or len(args) != 3 or not _full_contraction(spec):
                return None
            args = args[1:]
        if len(args) < 2:
            return None
        return self._make(site.node, site.statement, (args[0], args[1]), "einsum")

    def _make(self, node, statement, operands, kind: str) -> Window | None:
        for win, ker in (operands, operands[::-1]):
            found = self.window_image(win, self.scope)
            if found is None:
                continue
            if self.window_image(ker, self.scope) is not None:
                return None  # both look like windows: not an image-kernel product
            image, turn = found
            view = kernel_view(ker, self.scope)
            form = _form_of(view, turn)
            window_view = kernel_view(win, self.scope)
            return Window(
                node, statement, self.scope, image, view, form, kind, turn, None, window_view
            )
        return None

    def _index_names(self, loop_vars: set[str]):
        """Resolve an index name bound once to arithmetic of the loop counters
        (``a, b = i - m, j - n`` then ``f[a, b]``) to that arithmetic."""

        def resolve(node: cst.BaseExpression) -> cst.BaseExpression:
            if not isinstance(node, cst.Name) or node.value in loop_vars:
                return node
            bindings = self.scope.bindings.get(node.value, [])
            if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].unpack:
                return node
            value = bindings[0].value
            if isinstance(value, cst.BinaryOperation) and any(
                isinstance(n, cst.Name) and n.value in loop_vars for n in walk(value)
            ):
                return value
            return node

        return resolve

    def from_accumulation(self, acc: Accumulation) -> Window | None:
        node = acc.node
        term = accumulated_term(node)  # ``acc += a * b``, ``acc = acc + a * b``
        if term is None:
            return None
        operands = _product(term, self.scope)
        if operands is None:
            return None
        loop_vars = _loop_vars(acc.loops)
        for img, ker in (operands, operands[::-1]):
            form = _loop_form(img, ker, loop_vars, self._index_names(loop_vars))
            if form is None:
                continue
            image = _subscript_base(img)
            kernel = _subscript_base(ker)
            if image is None or kernel is None:
                continue
            view = kernel_view(kernel, self.scope)
            return Window(
                node, acc.statement, self.scope, image, view, form, "loop", accumulation=acc
            )
        return None


def _first_arg(call: cst.BaseExpression, scope: Scope) -> cst.BaseExpression | None:
    if isinstance(call, cst.Call) and call.args:
        return call.args[0].value
    return None


def _full_contraction(spec: str) -> bool:
    spec = spec.replace(" ", "")
    inputs, _, output = spec.partition("->")
    parts = inputs.split(",")
    if len(parts) != 2:
        return False
    a, b = parts
    spatial = [c for c in a if c in b and c not in output]
    return len(spatial) >= 1 and sorted(a) == sorted(b)


def _form_of(view: KernelView, window_turn: Turn | None) -> str:
    turn = view.turn(view.ndim() or 2) if view.has_steps else Turn.IDENTITY
    flipped = {turn, window_turn} - {Turn.IDENTITY, None}
    if not flipped:
        return CORRELATION
    if flipped == {Turn.ROT180} and not (turn == window_turn == Turn.ROT180):
        return CONVOLUTION
    if turn == window_turn == Turn.ROT180:
        return CORRELATION
    return MIXED


def _loop_vars(loops) -> set[str]:
    names: set[str] = set()
    for loop in loops:
        if isinstance(loop, cst.For):
            target = loop.target
            if isinstance(target, cst.Name):
                names.add(target.value)
            elif isinstance(target, cst.Tuple):
                names.update(
                    el.value.value for el in target.elements if isinstance(el.value, cst.Name)
                )
    return names


def _indices(node: cst.BaseExpression) -> list[cst.BaseExpression] | None:
    """The index expressions of ``a[i][j]`` or ``a[i, j]`` (outermost last)."""
    found = index_parts(node)
    return found[1] if found is not None else None


def _subscript_base(node: cst.BaseExpression) -> cst.BaseExpression | None:
    while isinstance(node, cst.Subscript):
        node = node.value
    return node if dotted(node) is not None else None


def _sign_of(var: str, expr: cst.BaseExpression, sign: int = 1) -> int:
    """+1/-1 for how ``var`` enters ``expr`` (sums and differences only), 0 if absent."""
    if isinstance(expr, cst.Name):
        return sign if expr.value == var else 0
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        return _sign_of(var, expr.expression, -sign)
    if isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Add):
            return _sign_of(var, expr.left, sign) or _sign_of(var, expr.right, sign)
        if isinstance(expr.operator, cst.Subtract):
            return _sign_of(var, expr.left, sign) or _sign_of(var, expr.right, -sign)
    return 0


def _loop_form(
    img: cst.BaseExpression,
    ker: cst.BaseExpression,
    loop_vars: set[str],
    resolve=lambda node: node,
) -> str | None:
    img_idx, ker_idx = _indices(img), _indices(ker)
    if not img_idx or not ker_idx:
        return None
    img_idx = [resolve(e) for e in img_idx]
    # the kernel is indexed by loop variables alone; the image by sums with them
    if not any(isinstance(e, cst.BinaryOperation) for e in img_idx):
        return None
    signs = []
    for k_expr in ker_idx[-2:]:
        names = [v for v in loop_vars if _sign_of(v, k_expr)]
        if len(names) != 1:
            return None
        var = names[0]
        img_sign = next((_sign_of(var, e) for e in img_idx if _sign_of(var, e)), 0)
        if img_sign == 0:
            return None
        other = [v for v in loop_vars if v != var and _sign_of(v, k_expr)]
        if other:
            return None
        signs.append(img_sign * _sign_of(var, k_expr))
    if all(s > 0 for s in signs):
        return CORRELATION
    if all(s < 0 for s in signs):
        return CONVOLUTION
    return MIXED


def find_windows(scope: Scope, facts: FileFacts) -> list[Window]:
    """Every hand-rolled window product-sum in ``scope`` (not in nested scopes)."""
    finder = _WindowFinder(scope, facts)
    found: list[Window] = []
    for site in scope.calls:
        window = finder.from_sum(site)
        if window is not None:
            found.append(window)
    for acc in scope.accumulations:
        window = finder.from_accumulation(acc)
        if window is not None:
            found.append(window)
    return found
