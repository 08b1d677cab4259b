"""Layer gradients from the adjoint: is each backward formula the gradient of its forward?

A *layer* is a forward filter ``y = F(x, K)`` of a function's input and the formulas of a
backward pass of the same class or module that use the same kernel ``K`` (an input
gradient) or the same input ``x`` (a kernel gradient).  A function is a backward pass by
its name (:data:`~..analysis.apis.GRADIENT_NAMES`: ``backward``, ``bprop``, ``convBack``,
``grad``...) or by what it computes, whatever it is called: a ``'full'`` pass of what it
received with the kernel of a ``'valid'`` forward (the transposed shape), or a filter of
the input the forward cached with what it received that also updates the kernel (a
training step).  Which arrays are the same is
data flow, not spelling: the same kernel (``self.W``, a stack item ``W[f, c]``, a weight
saved with ``ctx.save_for_backward``, an alias of any of them), the input the forward
cached (``self.x = x``); for functions that both take the arrays as parameters, the same
parameter name, when the backward computes both gradients or shares the forward's stem
(``conv``/``convBack``).

The exact gradients follow from the adjoint (semantics.md F4, F7).  With the forward
written relative to cross-correlation as ``y = xcorr(x, M(K))`` (``M`` the identity or
the 180-degree rotation):

* the input gradient is ``xcorr(dy, rot180(M(K)), 'full')``: its kernel map must be
  ``rot180 . M``, the other orientation than the forward's;
* the kernel gradient is ``M(xcorr(x, dy, 'valid'))``, which as a filter of ``x`` reads
  ``xcorr(M(x), M(dy))``: the image and the upstream gradient carry the same map ``M``.

Every spelling the evaluator understands is judged the same way: a scipy call, a window
sum, a scatter loop (``dx[i:i+kh, j:j+kw] += dy[i, j] * K``), ``fftconvolve``, a helper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import libcst as cst

from ..analysis import apis
from ..analysis.apis import Orientation
from ..analysis.axes import AxisMap
from ..analysis.exprs import dotted, string_key, walk
from ..analysis.kernels import axis_map_of_step
from ..analysis.model import Scope, record_fields
from .forms import adds, assignment_of, product_operands
from .values import Arr, Filt, Kind, Obj, Origin, Tup, Win, leaves


class Role(str, Enum):
    """What a backward formula computes."""

    INPUT_GRAD = "input gradient"
    KERNEL_GRAD = "kernel gradient"


@dataclass(frozen=True)
class Located:
    """A filter value found in a function, with the node a finding about it goes on."""

    filt: Filt
    anchor: cst.CSTNode


@dataclass(frozen=True)
class GradStep:
    """One backward formula, its role, and the forward orientation it is the gradient of."""

    filt: Filt
    node: cst.CSTNode  # where to report
    scope: Scope
    role: Role
    implied: Orientation | None  # None: the gradient of neither orientation
    kernel_rotated: bool  # the kernel argument itself carries a 180-degree rotation
    local: bool  # the formula is a library call written in ``scope`` (a fix can edit it)
    image_first: bool = True  # the image of the formula is the forward input / upstream
    # an input gradient that rotates the upstream gradient instead of the kernel: its
    # result is the 180-degree rotation of a gradient, whatever the kernel's orientation
    upstream_rotated: bool = False


@dataclass
class Layer:
    """A forward function's filters on one kernel and the backward formulas paired with them."""

    scope: Scope
    forwards: list[Filt]
    orientation: Orientation
    mode: str | None
    steps: list[GradStep] = field(default_factory=list)

    def culprit_is_forward(self) -> bool:
        """Two or more backward formulas, of both roles, all of the other orientation.

        The backward pass is then self-consistent and the forward is the odd one out
        (CNV201's finding); a lone disagreeing formula is blamed on the backward (CNV206).
        """
        if len(self.steps) < 2 or len({s.role for s in self.steps}) < 2:
            return False
        other = _other(self.orientation)
        return all(step.implied is other for step in self.steps)

    def mismatched(self) -> list[GradStep]:
        if self.culprit_is_forward():
            return []
        return [s for s in self.steps if s.implied is not self.orientation]


def _other(orientation: Orientation) -> Orientation:
    if orientation is Orientation.CONVOLUTION:
        return Orientation.CORRELATION
    return Orientation.CONVOLUTION


def _orientation(m: AxisMap | None) -> Orientation | None:
    """Correlation for the identity, convolution for the rotation, at the map's rank (a
    1-D layer's ``np.correlate`` is judged like a 2-D layer's ``correlate2d``)."""
    if m is None or m.ndim not in (1, 2):
        return None
    if m == AxisMap.identity(m.ndim):
        return Orientation.CORRELATION
    if m == AxisMap.reversal(m.ndim):
        return Orientation.CONVOLUTION
    return None


def _judged(filt: Filt) -> bool:
    if filt.kind is Kind.API:
        api = filt.api
        return api is not None and api.family in apis.GRADIENT_FAMILIES
    return True


def _image(filt: Filt) -> Arr | None:
    image = filt.image
    if isinstance(image, Win):
        image = image.image
    return image if isinstance(image, Arr) else None


def _may_filter(scope: Scope, facts) -> bool:
    """A function that calls a filter, sums windows, accumulates or calls local code
    (itself or in a function it defines).

    Only such functions can hold a forward pass or a gradient formula; the others are
    not evaluated at all (most functions of a large file).
    """
    if scope.kind != "function":
        return False
    if scope.api_calls or scope.windows or scope.accumulations:
        return True
    # a lambda or nested function it defines filters (``map(lambda k: conv(x, k), ks)``)
    if any(_may_filter(child, facts) for child in scope.children):
        return True
    for site in scope.calls:
        func = site.node.func
        if isinstance(func, cst.Name) and func.value in facts.functions:
            return True
        if isinstance(func, cst.Attribute) and func.attr.value in facts.functions:
            return True
        if isinstance(func, cst.Attribute) and func.attr.value in apis.SUM_METHODS:
            return True
        if site.qualified in apis.SUM_CALLS or site.qualified in apis.FLAT_DOT_CALLS:
            return True
        if site.qualified in apis.CONTRACTION_CALLS:
            return True
    return False


def _calls_function(caller: Scope, callee: Scope) -> bool:
    """``caller`` calls a function or method named like ``callee`` (``self.f(...)``)."""
    for site in caller.calls:
        func = site.node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else dotted(func)
        if name == callee.name:
            return True
    return False


def _stem(name: str) -> str:
    """``conv`` for ``conv_forward``/``convBack``; ``prop`` for ``fprop``/``bprop``."""
    return apis.LAYER_AFFIXES.sub("", name.lower())


def _signature_forward(backward: Scope) -> Scope | None:
    """The function ``backward`` extends the parameters of (``f(x, w)`` for
    ``g(dy, x, w)``): the nearest one defined before it in the same module or class.
    None when a function beside it shares its stem (the pair is named then)."""
    beside = [
        s for s in (backward.parent.children if backward.parent else ()) if s.kind == "function"
    ]
    stem = _stem(backward.name)
    if any(other is not backward and _stem(other.name) == stem for other in beside):
        return None
    found = None
    params = set(backward.params)
    for other in beside:
        if other is backward:
            break
        if other.params and set(other.params) < params:
            found = other
    return found


class _Pairing:
    """How two functions' origins correspond (exactly, or by parameter name)."""

    def __init__(self, forward: Scope, backward: Scope, by_name: bool) -> None:
        self.ids = {id(forward.node), id(backward.node)}
        self.by_name = by_name

    def key(self, origin: Origin) -> tuple:
        if self.by_name and origin.kind == "param" and origin.key[0] in self.ids:
            return ("param-name", origin.key[1])
        if origin.kind == "item" and origin.parent is not None:
            return ("item", self.key(origin.parent), origin.index)
        return (origin.kind, origin.key)

    def exact(self, a: Origin, b: Origin) -> bool:
        return a == b

    def same(self, a: Origin, b: Origin) -> bool:
        """The same array, or one a channel slice of the other (``W[f]`` and ``W[f, c]``),
        or an unnamed item of the array the other names an item of.

        Indexing leading axes picks planes of a stack and leaves the spatial axes (and
        their orientation) alone: a forward over 3-D windows ``x[:, i:i+kh, j:j+kw] * W[f]``
        and a backward over planes ``convolve2d(dy[f], W[f, c], 'full')`` use one kernel.
        """
        ka, kb = self.key(a), self.key(b)
        if ka == kb or _restricts(ka, kb) or _restricts(kb, ka):
            return True
        # a loop over the items of an array (``for x_c in np.moveaxis(x, -1, 0)``, an
        # unnamed item ``*``) visits the planes another loop names (``x[:, :, c]``)
        return ka[0] == kb[0] == "item" and ka[1] == kb[1] and "*" in (ka[2], kb[2])


def _followed(side: cst.BaseExpression, scope: Scope) -> cst.BaseExpression:
    """A claim's side, or the one value its name was assigned (``lhs = np.sum(...)``)."""
    if isinstance(side, cst.Name):
        bindings = scope.lookup(side.value)
        if len(bindings) == 1 and bindings[0].kind == "assign" and bindings[0].value is not None:
            return bindings[0].value
    return side


def _inner_product(expr: cst.BaseExpression, scope: Scope) -> bool:
    """``np.sum(a * b)``, ``(a * b).sum()``, ``np.vdot(a, b)``: a sum of a product."""
    if not isinstance(expr, cst.Call):
        return False
    name = scope.resolve(expr.func)
    if name in ("numpy.vdot", "numpy.dot", "numpy.inner"):
        return True
    if name in apis.SUM_CALLS and expr.args:
        inner = expr.args[0].value
    elif isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "sum":
        inner = expr.func.value
    else:
        return False
    return product_operands(inner, scope) is not None


def _finished(found_at: list[tuple[int, Located]]) -> list[Located]:
    """Each filter as the function finally makes it, not its intermediate steps.

    ``tmp = correlate2d(x, dy)`` then ``dk = tmp[::-1, ::-1]`` binds one filter call twice,
    the second time rotated: the gradient is the rotated one.  Of the values one call
    takes in several statements, only the last statement's count.  A helper's filter is
    one node for all its calls, so a call is told apart by the arrays it filters too:
    ``dw = slide(x, g)`` and ``dx = slide(g_padded, w)`` are two formulas.
    """

    def key(filt: Filt) -> tuple:
        image = _image(filt)
        return (filt.ident, image and image.origin.root(), filt.kernel.origin.root())

    last: dict[tuple, int] = {}
    for order, located in found_at:
        k = key(located.filt)
        last[k] = max(last.get(k, order), order)
    return [located for order, located in found_at if order == last[key(located.filt)]]


def _transformed(scope: Scope, made: dict[int, set[int]]) -> set[tuple[str, int]]:
    """(name, filter call) pairs whose result the function goes on to flip or turn.

    ``tmp = correlate2d(x, dy)`` then ``dk = tmp[::-1, ::-1]`` (or ``np.rot90(tmp, 2)``):
    when the later value is not a filter of the same call, the evaluator does not read
    what it became, and ``tmp`` alone is an intermediate step, not the formula.
    """
    out: set[tuple[str, int]] = set()
    for bindings in scope.bindings.values():
        for binding in bindings:
            if binding.value is None:
                continue
            step = axis_map_of_step(binding.value, scope)
            if step is None or not isinstance(step[0], cst.Name):
                continue
            source = step[0].value
            kept = made.get(id(binding), set())
            for earlier in scope.bindings.get(source, ()):
                if earlier.order < binding.order:
                    out.update((source, i) for i in made.get(id(earlier), ()) if i not in kept)
    return out


def item_chain(origin: Origin) -> tuple[Origin, list[str]]:
    """The array an item comes from and the indices that reach it, outermost first
    (``cache[1]`` -> (``cache``, ["1"]))."""
    chain: list[str] = []
    root = origin
    while root.kind == "item" and root.parent is not None:
        chain.append(root.index)
        root = root.parent
    chain.reverse()
    return root, chain


def items_along(value, chain: list[str]) -> list:
    """``value[chain[0]][chain[1]]...``: tuple items by position, array items by origin,
    a record's fields (``.k``) by name."""
    if not chain:
        return [value]
    index, rest = chain[0], chain[1:]
    if isinstance(value, Tup):
        if index[:1] in ("'", '"'):  # a string key (``cache["k"]``) of a dict literal
            key = index[1:-1]
            if key not in value.keys:
                return [None]
            found = value.items[value.keys.index(key)]
            return [leaf for item in found for leaf in items_along(item, rest)]
        if not index.isdigit() or int(index) >= len(value.items):
            return [None]
        return [leaf for item in value.items[int(index)] for leaf in items_along(item, rest)]
    if isinstance(value, Arr):
        origin = value.origin
        for part in chain:
            origin = origin.item(part)
        return [Arr(origin)]
    if (
        isinstance(value, Obj)
        and index[:1] == "."
        and index[1:] in (record_fields(value.node) or ())
    ):
        # a record's field (``cache.k``): what its constructor was given
        given = dict(value.init_env).get(index[1:], ())
        return [leaf for item in given for leaf in items_along(item, rest)] or [None]
    return [None]


def _received(arr: Arr, scope_id: int) -> bool:
    """The array comes from a parameter of the function ``scope_id`` (what it was given)."""
    root = arr.origin.root()
    return root.kind == "param" and root.key[0] == scope_id


def _root(arr: Arr | None) -> Origin | None:
    return arr.origin.root() if arr is not None else None


def _passed_as(origin: Origin, parameter: Origin, env: dict[str, frozenset[Origin]]) -> bool:
    """``origin`` is the array one call passed for the forward's parameter ``parameter``."""
    if parameter.kind != "param":
        return False
    passed = env.get(parameter.key[1], frozenset())
    return origin in passed or (origin.kind == "item" and origin.root() in passed)


def _index_parts(key: tuple) -> tuple[str, ...]:
    return tuple(part.strip() for part in key[2].split(","))


def _restricts(a: tuple, b: tuple) -> bool:
    """Key ``a`` is an item of ``b``'s array taken with more leading indices."""
    if a[0] != "item":
        return False
    if a[1] == b:
        return True
    if b[0] != "item" or a[1] != b[1]:
        return False
    mine, theirs = _index_parts(a), _index_parts(b)
    return len(mine) > len(theirs) and mine[: len(theirs)] == theirs


class Gradients:
    """The layers of one file (built once by the model)."""

    def __init__(self, model) -> None:
        self.model = model
        self.evaluator = model.evaluator
        self._found: dict[int, list[Located]] = {}
        self._adjoints: set[tuple[int, int]] | None = None
        self._homes: dict[int, Scope] | None = None
        self._layers: list[Layer] | None = None
        self._signatures: dict[int, Scope | None] = {}
        self._forward_calls: dict[tuple[int, int], list[dict[str, frozenset[Origin]]]] = {}

    # -- what a function computes ---------------------------------------------------
    def located(self, scope: Scope) -> list[Located]:
        """Every filter value a function assigns or returns, with where it is written."""
        found = self._found.get(id(scope))
        if found is not None:
            return found
        from .calls import Ctx

        ctx = Ctx(scope)
        found_at: list[tuple[int, Located]] = []
        seen: set[tuple] = set()
        made: dict[int, set[int]] = {}  # id(binding) -> the filter calls its value holds

        def add(values, anchor: cst.CSTNode, order: int, key: int) -> None:
            idents = made.setdefault(key, set())
            for value in values:
                for filt in leaves(value):
                    if not isinstance(filt, Filt):
                        continue
                    idents.add(filt.ident)
                    if (filt.ident, filt.kernel, filt.image) not in seen:
                        seen.add((filt.ident, filt.kernel, filt.image))
                        found_at.append((order, Located(filt, anchor)))

        names: dict[int, str] = {}
        for name, bindings in scope.bindings.items():
            for binding in bindings:
                if binding.kind in ("assign", "augassign", "item"):
                    values = self.evaluator.binding_values(binding, scope, ctx)
                    if binding.kind == "augassign" and not adds(binding):
                        # ``self.k -= lr * convolve2d(x, err)``: the update's gradient
                        assert binding.value is not None
                        values = self.evaluator.eval(binding.value, ctx, binding.order)
                    before = len(found_at)
                    add(values, binding.statement, binding.order, id(binding))
                    for i in range(before, len(found_at)):
                        names[id(found_at[i][1])] = name
        for value, order in zip(scope.returns, scope.return_order, strict=False):
            add(self.evaluator.eval(value, ctx, order), value, order, id(value))
        transformed = _transformed(scope, made)
        out = [
            located
            for located in _finished(found_at)
            if (names.get(id(located)), located.filt.ident) not in transformed
        ]
        self._found[id(scope)] = out
        return out

    # -- layers ---------------------------------------------------------------------
    def layers(self) -> list[Layer]:
        if self._layers is None:
            self._layers = self._build()
        return self._layers

    def _build(self) -> list[Layer]:
        functions = [s for s in self.model.facts.scopes if _may_filter(s, self.model.facts)]
        # the candidates for backward passes, grouped by the class or module that holds
        # them (one pass, not one per forward); _steps asks each for its evidence
        backwards: dict[int, list[Scope]] = {}
        declared = {b for _, b in self.declared_adjoints()}
        for f in functions:
            if id(f.node) in declared or (self._may_differentiate(f) and self._backward_shaped(f)):
                backwards.setdefault(id(f.parent), []).append(f)
        layers: list[Layer] = []
        for forward in functions:
            if apis.GRADIENT_NAMES.search(forward.name):
                continue  # a backward pass, or a piece of one, is not a forward
            # a method's backward pass may be defined by a class it inherits from (a
            # gradient mixin) or by one that inherits from it
            homes = [forward.parent] if forward.parent is not None else []
            if forward.parent is not None and forward.parent.kind == "class":
                homes = self.evaluator.related_classes(forward.parent)
            beside = [b for home in homes for b in backwards.get(id(home), ())]
            # and one elsewhere that reads what this class holds (a trainer's
            # ``self.layer.kernel``, ``self.layer.inp``)
            beside.extend(
                b
                for home, found in backwards.items()
                if not any(id(h) == home for h in homes)
                for b in found
                if self._reads_from(b, forward)
            )
            if not beside:
                continue  # nothing beside it differentiates anything: not evaluated
            for filts in self._forwards(forward).values():
                orientations = {f.orientation for f in filts}
                if len(orientations) != 1 or None in orientations:
                    continue
                orientation = orientations.pop()
                assert orientation is not None
                modes = {f.mode for f in filts}
                mode = modes.pop() if len(modes) == 1 else None
                layer = Layer(forward, filts, orientation, mode)
                for backward in beside:
                    if backward is not forward:
                        layer.steps.extend(self._steps(layer, backward))
                # a backward pass called by another function (an adjoint test, a training
                # step) is judged where its formula is written, not again at the call
                written = {s.filt.ident: s.scope for s in layer.steps if s.node is s.filt.node}
                layer.steps = [
                    s for s in layer.steps if written.get(s.filt.ident, s.scope) is s.scope
                ]
                if layer.steps:
                    layers.append(layer)
        # a function shown to be some layer's backward pass is not a forward pass itself
        differentiating = {id(step.scope.node) for layer in layers for step in layer.steps}
        return [layer for layer in layers if id(layer.scope.node) not in differentiating]

    def _reads_from(self, scope: Scope, forward: Scope) -> bool:
        """``scope`` filters arrays ``forward``'s class (or ``forward`` itself) holds:
        a parameter of one of its functions, or one of its attributes."""
        owner = forward.parent if forward.parent is not None else forward
        if owner.kind != "class":
            return False
        mine = {id(owner.node)} | {id(c.node) for c in owner.children if c.kind == "function"}
        for found in self.located(scope):
            for arr in (_image(found.filt), found.filt.kernel):
                root = _root(arr)
                if root is not None and root.kind in ("param", "attr") and root.key[0] in mine:
                    return True
        return False

    def declared_adjoints(self) -> set[tuple[int, int]]:
        """(forward, adjoint) function pairs a dot test claims: ``np.sum(F(a) * b)``
        equal to ``np.sum(a * B(b))`` (or ``np.vdot``) says ``B`` is ``F``'s adjoint,
        whatever the two are called."""
        if self._adjoints is not None:
            return self._adjoints
        from .calls import Ctx

        pairs: set[tuple[int, int]] = set()
        order = {id(scope.node): i for i, scope in enumerate(self.model.facts.scopes)}
        for claim in self.model.claims():
            if len(claim.sides) != 2:
                continue
            called = []
            for side in claim.sides:
                expr = _followed(side, claim.scope)
                found = set()
                if _inner_product(expr, claim.scope):
                    for node in walk(expr):
                        if isinstance(node, cst.Call):
                            bound = self.evaluator.call_context(node, Ctx(claim.scope), claim.at)
                            if bound is not None:
                                found.add(id(bound[1].scope.node))
                called.append(found)
            for a in called[0]:
                for b in called[1]:
                    if a != b:
                        # the test cannot tell which is which: the one defined first is
                        # taken for the forward
                        pairs.add((a, b) if order[a] < order[b] else (b, a))
        self._adjoints = pairs
        return pairs

    def _may_differentiate(self, scope: Scope) -> bool:
        """What :meth:`_backward_shaped` needs, read off the syntax (no evaluation): a
        gradient name, a ``'full'`` call, a scatter loop, a method (it may read what its
        forward cached), a filter call beside a write into shared state (an attribute or
        a dict item: a training step), or a call of a local function or method in a file
        that says ``full``."""
        if apis.GRADIENT_NAMES.search(scope.name) or scope.accumulations:
            return True
        if scope.parent is not None and scope.parent.kind == "class":
            return True
        if any(call.mode == "full" for call in scope.api_calls):
            return True
        functions = self.model.facts.functions
        local_call = False
        for site in scope.calls:
            func = site.node.func
            name = func.attr.value if isinstance(func, cst.Attribute) else dotted(func)
            if name in functions:
                local_call = True  # a local function or method (``Helper().compute(...)``)
                break
        if (scope.api_calls or local_call) and any(
            b.kind == "item" or "." in name for name, bs in scope.bindings.items() for b in bs
        ):
            return True  # it filters and writes into shared state: maybe a training step
        source = self.model.facts.source
        return local_call and (source is None or "full" in source)

    def _backward_shaped(self, scope: Scope) -> bool:
        """Named like a backward pass, or computing like one: a filter in ``'full'`` mode
        (the transposed shape of a ``'valid'`` pass), or one of a value another function
        received (a method reading the input its forward cached)."""
        if apis.GRADIENT_NAMES.search(scope.name):
            return True
        located = self.located(scope)
        images = {(f.filt.ident, _root(_image(f.filt))) for f in located}
        for found in located:
            filt = found.filt
            if filt.mode == "full":
                return True
            # the input of a filter it runs, filtered with that filter's residual
            # (``correlate2d(x, predict(x, k) - y)``): the gradient of a loss
            image, kernel = _image(filt), filt.kernel
            for a, b in ((image, kernel), (kernel, image)):
                if b is not None and b.origin.kind == "filt":
                    if (b.origin.key[0], _root(a)) in images:
                        return True
            for arr in (_image(filt), filt.kernel):
                root = arr.origin.root() if arr is not None else None
                if root is not None and root.kind == "param" and root.key[0] != id(scope.node):
                    return True
        return False

    def _forwards(self, scope: Scope) -> dict[Origin, list[Filt]]:
        """Filters of the function's own input (a parameter), grouped by kernel."""
        out: dict[Origin, list[Filt]] = {}
        for found in self.located(scope):
            filt = found.filt
            image = _image(filt)
            if image is None or not _judged(filt) or image.has_steps:
                continue
            root = image.origin.root()
            if root.kind != "param" or root.key[0] != id(scope.node):
                continue
            if filt.kind is Kind.LOOP and filt.mode == "full":
                continue  # a scatter is a gradient, not a forward pass
            if filt.kernel.origin.root() == root:
                continue  # an autocorrelation is not a layer
            out.setdefault(filt.kernel.origin, []).append(filt)
        return out

    def _steps(self, layer: Layer, backward: Scope) -> list[GradStep]:
        free = layer.scope.parent is not None and layer.scope.parent.kind != "class"
        pairing = _Pairing(layer.scope, backward, by_name=True)
        forward = layer.forwards[0]
        image = _image(forward)
        assert image is not None
        named = bool(apis.GRADIENT_NAMES.search(backward.name))
        local_calls = {id(site.node) for site in backward.calls}
        local_calls.update(id(statement) for statement, _ in backward.statements)
        steps: list[GradStep] = []
        cached = False
        # what, besides a name, shows that the function differentiates the forward: a
        # kernel gradient of the input the forward cached with what the function received
        # (the upstream gradient), or an input gradient in 'full' mode of a 'valid' pass
        computes_gradient = kernel_grad_of_received = passed = False
        own = id(backward.node)
        forward_calls = self._calls_of(layer.scope, backward)
        outputs = {Origin("filt", (f.ident,)) for f in layer.forwards}
        # a function the forward calls to compute its own output (``dip`` calling
        # ``self.gradients(x)``, image gradients) is a piece of the forward, not its
        # backward pass: the filters the forward reaches through it are the forward's
        helper = _calls_function(layer.scope, backward)
        own_forwards = {id(f.filt.node) for f in self.located(layer.scope)} if helper else set()
        for found in self.located(backward):
            filt = found.filt
            if not _judged(filt) or filt.kmap is None or id(filt.node) in own_forwards:
                continue
            g_image = _image(filt)
            if g_image is None:
                continue
            if any(
                _passed_as(filt.kernel.origin, forward.kernel.origin, env)
                and _passed_as(g_image.origin, image.origin, env)
                for env in forward_calls
            ):
                continue  # the forward itself, run by the function (its prediction)
            same_kernel = pairing.same(filt.kernel.origin, forward.kernel.origin)
            same_image = pairing.same(g_image.origin, image.origin)
            if not (same_kernel or same_image):
                # fields of a record the forward built and returned (``cache.k``)
                same_kernel = self._built_by(filt.kernel.origin, layer.scope, forward.kernel)
                same_image = self._built_by(g_image.origin, layer.scope, image)
                passed = passed or same_kernel != same_image
            if not (same_kernel or same_image):
                # items of the cache the forward returns (``return out, (x, w)`` and
                # ``x, w = cache`` in the backward: the cs231n layer pair)
                same_kernel = self._returned_cache(
                    filt.kernel.origin, layer.scope, backward, forward.kernel
                )
                same_image = self._returned_cache(g_image.origin, layer.scope, backward, image)
                passed = passed or same_kernel != same_image
            if free or not (same_kernel or same_image):
                # the callers hand both functions the same array: the forward's kernel, or
                # the cache it returned (whatever the parameters are called)
                by_kernel = self._same_passed(filt.kernel.origin, forward.kernel.origin)
                by_image = self._same_passed(g_image.origin, image.origin)
                if by_kernel != by_image:
                    same_kernel, same_image, passed = by_kernel, by_image, True
            if not (same_kernel or same_image):
                # a loss gradient that runs the forward itself (``err = predict(s, k) - b``
                # and then ``correlate2d(s, err)``): what that call passes pairs them
                for env in forward_calls:
                    by_kernel = _passed_as(filt.kernel.origin, forward.kernel.origin, env)
                    by_image = _passed_as(g_image.origin, image.origin, env)
                    other = g_image if by_kernel else filt.kernel
                    if by_kernel != by_image and other.origin.root() in outputs:
                        # the other operand is made from the forward's output (a
                        # residual): the function differentiates a loss through it
                        same_kernel, same_image = by_kernel, by_image
                        passed = computes_gradient = True
                        break
            # ``correlate2d(dy, x)``: the kernel gradient with its operands swapped
            swapped = (
                not (same_kernel or same_image)
                and filt.mode in ("valid", "full")
                and pairing.same(filt.kernel.origin, image.origin)
            )
            if not (same_kernel or same_image or swapped) and g_image.origin.root() in outputs:
                # ``correlate2d(predict(x, k) - y, x)``: the same, operands swapped
                swapped = any(
                    _passed_as(filt.kernel.origin, image.origin, env) for env in forward_calls
                )
                passed = computes_gradient = computes_gradient or swapped
            if swapped:
                same_image = True
            if same_kernel == same_image:
                continue
            read = filt.kernel if swapped else g_image
            if same_image and read.origin.root() == image.origin.root():
                cached = True  # the backward reads the very input the forward saw
                kernel_grad_of_received = _received(g_image if swapped else filt.kernel, own)
                # or the residual of a forward it ran itself (``err = self.predict(x) - y``)
                upstream = g_image if swapped else filt.kernel
                computes_gradient |= upstream.origin.root() in outputs
            elif same_kernel and filt.mode == "full" and layer.mode in (None, "valid"):
                computes_gradient |= _received(g_image, own)
            step = self._step(filt, found, backward, same_kernel, g_image, local_calls, swapped)
            if step is not None:
                steps.append(step)
        if kernel_grad_of_received and (
            self._writes(backward, forward.kernel.origin.root())
            # or it also filters what it received with the forward's kernel: both
            # gradients of the layer (``learn(ups)`` returning dK and dX)
            or len({step.role for step in steps}) == 2
        ):
            computes_gradient = True  # a training step: it also updates the forward's kernel
        if (id(layer.scope.node), id(backward.node)) in self.declared_adjoints():
            computes_gradient = passed = True  # the file tests it as the forward's adjoint
        if not (named or computes_gradient):
            return []  # nothing shows that the function differentiates the forward
        if free and not cached and not passed:
            # free functions share parameter names, not values: ask for more than a name
            both_roles = len({step.role for step in steps}) == 2
            # ``backward(dy, x, w)`` for ``forward(x, w)``: the forward's parameters and
            # the upstream gradient, the signature of a backward pass whatever its name
            # (the nearest such function defined before it, unless a function beside it
            # shares its stem: ``scatter_forward`` is then its forward, not another
            # function with the same parameter names)
            stem = _stem(backward.name)
            extends = self._signature_forward(backward) is layer.scope
            if not (both_roles or extends or _stem(layer.scope.name) == stem):
                return []
        return steps

    def _signature_forward(self, backward: Scope) -> Scope | None:
        """:func:`_signature_forward`, once per function (each pairing asks again)."""
        key = id(backward.node)
        if key not in self._signatures:
            self._signatures[key] = _signature_forward(backward)
        return self._signatures[key]

    def _calls_of(self, forward: Scope, backward: Scope) -> list[dict[str, frozenset[Origin]]]:
        """What each call of ``forward`` written in ``backward`` passes, by parameter."""
        key = (id(forward.node), id(backward.node))
        found = self._forward_calls.get(key)
        if found is not None:
            return found
        from .calls import Ctx

        found = self._forward_calls[key] = []
        for site in backward.calls:
            if site.scope is not backward:
                continue
            at = self.model.at(site.statement)
            bound = self.evaluator.call_context(site.node, Ctx(backward), at)
            if bound is None or bound[1].scope is not forward:
                continue
            found.append(
                {
                    name: frozenset(v.origin for v in values if isinstance(v, Arr))
                    for name, values in bound[1].env
                }
            )
        return found

    def _returned_cache(self, origin: Origin, forward: Scope, backward: Scope, array: Arr) -> bool:
        """``origin`` is an item of a parameter of ``backward`` that, read from the
        tuple (or dict) ``forward`` returns beside its output, is ``array``: the cache
        a forward hands its backward (``return out, (x, w)``; ``x, w = cache``)."""
        if origin.kind != "item":
            return False
        root, chain = item_chain(origin)
        if root.kind != "param" or root.key[0] != id(backward.node) or "*" in chain:
            return False
        from .calls import Ctx

        for node, order in zip(forward.returns, forward.return_order, strict=False):
            for value in self.evaluator.eval(node, Ctx(forward), order):
                if not isinstance(value, Tup) or len(value.items) < 2:
                    continue
                for item in value.items[1:]:  # the output comes first
                    leaves = [leaf for v in item for leaf in items_along(v, chain)]
                    if leaves and all(
                        isinstance(leaf, Arr) and leaf.origin == array.origin for leaf in leaves
                    ):
                        return True
        return False

    def _built_by(self, origin: Origin, forward: Scope, array: Arr) -> bool:
        """``origin`` is a field of a record that ``forward`` builds from ``array`` and
        its callers hand on (``cache.k`` of ``ConvCache(x=x, k=k)`` made in the forward),
        whatever else calls the forward (a gradient check with perturbed kernels)."""
        if origin.kind != "item" or not origin.index.startswith("."):
            return False
        root, chain = item_chain(origin)
        from .calls import Ctx

        made = {id(site.node): site for site in forward.calls}
        found = False
        for site in self.evaluator.passed_for(root):
            for value in site:
                built = made.get(value.ident) if isinstance(value, Obj) else None
                if built is None:
                    return False  # some caller hands on something else
                own = self.evaluator.eval(built.node, Ctx(forward), None)
                leaves = [leaf for v in own for leaf in items_along(v, chain)]
                if not leaves or not all(
                    isinstance(leaf, Arr) and leaf.origin == array.origin for leaf in leaves
                ):
                    return False
                found = True
        return found

    def _same_passed(self, a: Origin, b: Origin) -> bool:
        """Every call of the two functions hands them one array for ``a`` and ``b``."""
        passed_a, passed_b = self._passed(a), self._passed(b)
        return bool(passed_a) and passed_a == passed_b

    def _passed(self, origin: Origin) -> frozenset[Origin]:
        return self.model.passed(origin)

    def _writes(self, scope: Scope, root: Origin) -> bool:
        """The function assigns a new value to the array ``root`` (``self.W -= lr * dW``)."""
        from .calls import Ctx

        ctx = Ctx(scope)
        for name, bindings in scope.bindings.items():
            for binding in bindings:
                if binding.kind not in ("assign", "augassign", "item"):
                    continue
                if binding.kind != "item" and "." not in name:
                    continue  # a local name: rebinding it changes no caller's array
                small = assignment_of(binding)
                target = small.target if isinstance(small, cst.AugAssign) else None
                if isinstance(small, cst.Assign) and len(small.targets) == 1:
                    target = small.targets[0].target
                if binding.kind == "item":
                    # ``state["k"] = state["k"] - lr * dk``: a kernel kept in a shared dict
                    if not isinstance(target, cst.Subscript) or string_key(target) is None:
                        continue
                elif not isinstance(target, cst.Attribute) or dotted(target) != name:
                    continue
                for value in self.evaluator.eval(target, ctx, binding.order):
                    if isinstance(value, Arr) and value.origin.root() == root:
                        return True
        return False

    def _gradient_helper(self, filt: Filt, backward: Scope) -> bool:
        """``filt`` is written in a helper named as a gradient that only ``backward``
        calls (``_kernel_grad(x, dy)``): the formula, and the finding, are there, not at
        the call (a plain wrapper of the library call is reported where it is called)."""
        if filt.kind is not Kind.API:
            return False
        helper = self._api_homes().get(filt.ident)
        if helper is None or helper is backward or helper.kind != "function":
            return False
        if not apis.GRADIENT_NAMES.search(helper.name):
            return False
        sites = self.evaluator.callers().get(id(helper.node), ())
        return bool(sites) and all(site.scope is backward for site, _, _ in sites)

    def _api_homes(self) -> dict[int, Scope]:
        """The function each library filter call is written in, by the call's id."""
        if self._homes is None:
            self._homes = {
                id(call.node): scope
                for scope in self.model.facts.scopes
                for call in scope.api_calls
            }
        return self._homes

    def _step(self, filt, found, backward, input_grad: bool, g_image, local_calls, swapped):
        local = filt.ident in local_calls
        api = filt.kind is Kind.API
        node = filt.node if local or self._gradient_helper(filt, backward) else found.anchor
        raw = filt.raw_kernel
        rank = filt.kmap.ndim if filt.kmap is not None else 2
        if (
            raw is not None
            and raw.reverses()
            and raw.spatial_map(raw.ndim or rank) == (AxisMap.identity(rank))
        ):
            return None  # flips that cancel out: CNV301 speaks
        rotated = (
            raw is not None
            and raw.has_steps
            and (raw.turn() is not None or rank == 1)
            and (raw.spatial_map(rank) == AxisMap.reversal(rank))
        )
        if input_grad:
            if g_image.has_steps:
                image_map = g_image.spatial_map(g_image.ndim or rank)
                if image_map == AxisMap.reversal(rank):
                    # xcorr(rot(dy), K) is rot(xcorr(dy, rot(K))): a rotated gradient
                    return GradStep(
                        filt,
                        node,
                        backward,
                        Role.INPUT_GRAD,
                        None,
                        rotated,
                        False,
                        upstream_rotated=True,
                    )
                if image_map != AxisMap.identity(rank):
                    return None  # a malformed flip: CNV301-CNV303 speak
            implied = _orientation(filt.kmap.then(AxisMap.reversal(rank)))
            if implied is None:
                return None  # a malformed flip: CNV301-CNV303 speak
            return GradStep(filt, node, backward, Role.INPUT_GRAD, implied, rotated, local and api)
        image_map = g_image.spatial_map(g_image.ndim or rank)
        kmap = filt.kmap
        if swapped and image_map is not None and image_map.ndim == rank:
            # xcorr(a, b) is xcorr(b, a) rotated, and a rotated output rotates both
            # operands: the input carries the kernel's map, the upstream the image's
            image_map, kmap = (
                kmap.then(AxisMap.reversal(rank)),
                image_map.then(AxisMap.reversal(rank)),
            )
        if image_map is None or _orientation(image_map) is None:
            return None
        if _orientation(kmap) is None:
            return None
        implied = _orientation(image_map) if image_map == kmap else None
        return GradStep(filt, node, backward, Role.KERNEL_GRAD, implied, rotated, local and api)
