"""The evaluator: what each expression of a file computes, as abstract values.

One :class:`Evaluator` per file, built on the collector's facts (scopes, bindings,
resolved imports).  ``values(expr, scope)`` returns the candidate values of ``expr``
(a may-analysis: an ``if`` with two branches gives both).  Values flow through

* assignments of every kind (tuple unpacking by position, item assignment filling an
  array, ``+=`` accumulation), with the binding that reaches a use in straight-line code;
* conversions that keep the values (:data:`~..analysis.apis.TRANSPARENT_METHODS`,
  :data:`~..analysis.apis.TRANSPARENT_FUNCS`: ``astype``, ``np.asarray``, ``.numpy()``);
* calls of functions, methods and lambdas defined in the file (parameters bound to the
  arguments' values, up to :data:`MAX_CALL_DEPTH` calls deep);
* ``self.`` attributes set in one method and used in another, ``ctx.save_for_backward``
  and ``ctx.saved_tensors``, closures, comprehensions and loops over stacks.

Anything it does not understand becomes an opaque array (a value with an identity and no
other facts) or :data:`~.values.UNKNOWN`; it never guesses.  Work per file is bounded by
:data:`BUDGET` evaluations, after which everything is unknown.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import replace

import libcst as cst

from ..analysis import apis
from ..analysis.alignment import kernel_shape
from ..analysis.axes import AxisMap, swap
from ..analysis.collect import framework_mode
from ..analysis.exprs import (
    accumulated_term,
    assigned_target,
    call_arg,
    dotted,
    elements_of,
    int_tuple,
    int_value,
    string_key,
    string_value,
    walk,
)
from ..analysis.framework_layers import loaded_kernel
from ..analysis.kernels import _symmetric_ctor, axis_map_of_step, dim_source, shape_rank
from ..analysis.literals import fold
from ..analysis.model import ApiCall, Binding, CallSite, FileFacts, Scope, record_fields
from ..analysis.parity import EVEN, rot180_parity
from .calls import MAX_CALL_DEPTH, Ctx, Env, LocalCalls
from .forms import (
    accumulated_window,
    adds,
    as_part,
    assignment_of,
    conj,
    dedupe,
    dtype_of,
    einsum_kernel,
    element_move,
    expanded,
    flat,
    full_when_padded,
    index_shape,
    indexed,
    is_identity_step,
    is_position,
    last_index_names,
    literal_kind,
    multiply,
    prod_array,
    product_operands,
    reshaped,
    rounded,
    scatter_filter,
    stacked,
    unpack,
    window_filter,
    window_kernel,
)
from .numbers import (
    combined,
    converted,
    elementwise,
    leaf_numbers,
    numbers_of,
    of_array,
    operand_rank,
)
from .values import (
    IDENTITY2,
    ROT180,
    UNKNOWN,
    Arr,
    Filt,
    Func,
    Kind,
    Lay,
    Obj,
    Origin,
    Prod,
    Step,
    Tup,
    Value,
    Win,
)

BUDGET = 150_000  # evaluations per file
MAX_NESTING = 150  # expression nesting the evaluator follows


class Evaluator(LocalCalls):
    """Abstract interpretation of one file (see the module docstring)."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        # a layer class is constructed somewhere: calls of unresolved names may apply one
        self.has_layers = any(
            (api := apis.filter_api(site.qualified)) is not None and api.is_layer
            for scope in facts.scopes
            for site in scope.calls
        )
        self.memo: dict[tuple, tuple[Value, ...]] = {}
        # the environments the memo's keys name by id, kept alive with it: a freed
        # environment's id can be reused by the next call's, which would then read the
        # first call's values (``f(x, rot(g))`` then ``f(pad(g), rot(w))`` through a helper)
        self._envs: dict[int, Env] = {}
        self._parities: dict[int, str | None] = {}
        self._keyed_index: dict[str, list[tuple[Scope, Binding, str]]] | None = None
        self._dict_index: dict[tuple[int, str], list[tuple[Scope, Binding]]] | None = None
        # the evaluations under way, with their nesting level; a key met again is a
        # cycle, cut with UNKNOWN.  Until the cycle's outermost evaluation returns, what
        # is computed inside it saw the cut and is provisional: it is not memoized (a
        # provisional UNKNOWN kept the constructor arguments of an object from a later,
        # complete evaluation)
        self.active: dict[tuple, int] = {}
        self.provisional: int | None = None
        self.budget = BUDGET
        self.nesting = 0
        self.function_scopes: dict[int, Scope] = {
            id(s.node): s for s in facts.scopes if s.kind in ("function", "class")
        }
        self.api_calls: dict[int, ApiCall] = {id(c.node): c for c in facts.api_calls()}
        self.loop_windows = {id(w.accumulation.term): w for w in facts.windows() if w.accumulation}
        self._class_attrs: dict[int, dict[str, list[tuple[Binding, Scope]]]] = {}
        self._callers: dict[int, list[tuple[CallSite, int | None, list[str]]]] | None = None
        self._decorations: dict[int, list[tuple[Scope, Func]]] | None = None
        self._param_facts: dict[tuple[int, str], dict] = {}

    # -- entry points ---------------------------------------------------------------
    @property
    def exhausted(self) -> bool:
        return self.budget <= 0

    def values(
        self, node: cst.BaseExpression | None, scope: Scope, at: int | None = None
    ) -> tuple[Value, ...]:
        """The candidate values of ``node`` evaluated in ``scope`` (at statement ``at``)."""
        if node is None:
            return (UNKNOWN,)
        return self.eval(node, Ctx(scope), at)

    def eval(self, node: cst.CSTNode, ctx: Ctx, at: int | None) -> tuple[Value, ...]:
        if self._callers is None and not self.nesting:
            # the call index first, from no evaluation under way (building it evaluates
            # the functions instances hold, which an open cycle would cut)
            self.callers()
        key = (id(node), id(ctx.scope), ctx.env and id(ctx.env), ctx.depth, at)
        found = self.memo.get(key)
        if found is not None:
            return found
        level = self.active.get(key)
        if level is not None:
            if self.provisional is None or level < self.provisional:
                self.provisional = level
            return (UNKNOWN,)
        if self.budget <= 0 or self.nesting > MAX_NESTING:
            return (UNKNOWN,)
        self.budget -= 1
        mine = self.nesting
        self.active[key] = mine
        self.nesting += 1
        try:
            result = dedupe(list(self._eval(node, ctx, at)))
        finally:
            self.nesting -= 1
            del self.active[key]
        if self.provisional is not None:
            if mine > self.provisional:
                return result  # inside a cycle still open: not final
            self.provisional = None
        if ctx.env:
            self._envs[id(ctx.env)] = ctx.env
        self.memo[key] = result
        return result

    # -- dispatch -------------------------------------------------------------------
    def _eval(self, node: cst.CSTNode, ctx: Ctx, at: int | None) -> list[Value]:
        window = self.loop_windows.get(id(node))
        if window is not None:
            return self._loop_filter(window, ctx, at)
        if isinstance(node, cst.Name):
            return self._name(node.value, ctx, at)
        if isinstance(node, cst.Attribute):
            return self._attribute(node, ctx, at)
        if isinstance(node, cst.Subscript):
            return self._subscript(node, ctx, at)
        if isinstance(node, cst.Call):
            return self._call(node, ctx, at)
        if isinstance(node, cst.BinaryOperation):
            return self._binary(node, ctx, at)
        if isinstance(node, cst.UnaryOperation):
            inner = self.eval(node.expression, ctx, at)
            return [v.as_part() if isinstance(v, Filt) else v for v in inner]
        if isinstance(node, (cst.Tuple, cst.List)):
            return self._sequence(node, ctx, at)
        if isinstance(node, cst.Dict):
            return self._dict(node, ctx, at)
        if isinstance(node, cst.Lambda):
            return [Func(node, id(node))]
        if isinstance(node, cst.IfExp):
            return [*self.eval(node.body, ctx, at), *self.eval(node.orelse, ctx, at)]
        if isinstance(node, cst.BooleanOperation):
            # ``out or [0]``: either operand (a fallback for an empty one)
            return [*self.eval(node.left, ctx, at), *self.eval(node.right, ctx, at)]
        if isinstance(node, cst.DictComp):
            # ``{ph: make(ph) for ph in PHASES}``: any entry is one of the values
            return [Tup((tuple(self.eval(node.value, ctx, at)),), (None,))]
        if isinstance(node, (cst.ListComp, cst.GeneratorExp, cst.SetComp)):
            # a stack of the elements: an element's flips act on its own (trailing) axes;
            # window sums that slide with the comprehension's variables are the filter's
            # whole output (``[np.dot(x[i:i + n], k) for i in range(m)]``)
            names = _comprehension_names(node)
            return [v if _slides(v, names) else stacked(v) for v in self.eval(node.elt, ctx, at)]
        if isinstance(node, cst.NamedExpr):
            return list(self.eval(node.value, ctx, at))
        if isinstance(node, cst.Comparison):
            # ``field < threshold``: a new array of booleans (0 and 1 once converted)
            return [replace(self._leaf(node, ctx.scope), dtype="b", bound=1)]
        if isinstance(node, cst.FormattedString):
            # f"{value}" shows the value it formats (printed next to another, it is compared)
            parts = [p for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
            return [v for part in parts for v in self.eval(part.expression, ctx, at)]
        return [UNKNOWN]

    # -- names and bindings ---------------------------------------------------------
    def _name(self, name: str, ctx: Ctx, at: int | None) -> list[Value]:
        if name in ("None", "True", "False"):
            return [UNKNOWN]
        scope: Scope | None = ctx.scope
        while scope is not None:
            here = scope is ctx.scope
            bindings = scope.bindings.get(name)
            is_param = name in scope.params
            if bindings and not is_param and all(b.kind == "item" for b in bindings):
                # ``state["x"] = x`` writes into a dict or array of an enclosing scope;
                # it does not make ``state`` a local name (the value is found further out)
                bindings = None
            if bindings:
                reaching = self._reaching(bindings, at if here else None, strict=is_param)
                if reaching:
                    own = ctx if here else Ctx(scope)
                    out: list[Value] = []
                    for binding in reaching:
                        out.extend(self.binding_values(binding, scope, own))
                    if any(b.kind == "item" for b in reaching):
                        filled = self._filled(reaching, own) or self._embedded(reaching, own)
                        if filled:
                            return filled
                        out = [_written(v) for v in out]
                    return out or [UNKNOWN]
            if here:
                bound = ctx.bound(name)
                if bound is not None:
                    return list(bound)
            if is_param:
                functions = self.passed_functions(scope, name)
                return functions if functions else [self._param(scope, name)]
            scope = scope.parent
            while scope is not None and scope.kind == "class":
                scope = scope.parent
        if ctx.scope.resolve(cst.Name(name)) is not None:
            return [UNKNOWN]  # an imported module or function, not an array
        return [Arr(Origin("free", (name,)))]

    def _param(self, scope: Scope, name: str) -> Value:
        owner = self._instance_class(scope, name)
        if owner is not None and scope.params and scope.params[0] == name:
            return Obj(owner.node, id(owner.node))  # ``self``: the instance, wherever it goes
        base = Arr(Origin("param", (id(scope.node), name)))
        known = self.caller_facts(scope, name)
        if "instance" in known:
            return known["instance"]
        if known:
            return replace(base, **known)
        if scope.number_default(name) and not self.argument_values(scope, name):
            return replace(base, ndim=0)  # a number by default, and no call passes another
        return base

    def _reaching(
        self, bindings: list[Binding], at: int | None, strict: bool = False
    ) -> list[Binding]:
        """The bindings that reach a use at statement ``at`` in straight-line code.

        With ``strict`` (the name is also a parameter) a use before every assignment
        gets none: it reads the parameter.
        """
        plain = [b for b in bindings if b.kind not in ("item", "augassign")]
        updates = [b for b in bindings if b.kind in ("item", "augassign")]
        if at is None:
            return plain + updates
        before = [b for b in plain if b.order < at or (b.kind == "for" and b.order <= at)]
        if before:
            last = max(b.order for b in before)
            plain = [b for b in before if b.order == last]
            plain += self._alternatives(before, plain[0], at)
        elif strict:
            plain = []
        updates = [b for b in updates if b.order < at]
        if not plain and not updates and not strict:
            return [b for b in bindings if b.kind not in ("item", "augassign")]
        return plain + updates

    def _alternatives(self, before: list[Binding], last: Binding, at: int) -> list[Binding]:
        """The bindings that reach a use at ``at`` besides ``last``, the latest one: when
        ``last`` sits in one arm of an ``if`` or ``try`` the use comes after, the latest
        binding of every other arm (``try: f = cv2_filter`` / ``except ImportError: f =
        scipy_filter``), and the one before the statement when an arm binds nothing."""
        facts = self.facts
        here = facts.order_arms.get(at, ())
        depth = 0
        while depth < len(last.arms) and depth < len(here) and last.arms[depth] == here[depth]:
            depth += 1
        if depth == len(last.arms) or (
            depth < len(here) and here[depth][0] == last.arms[depth][0]
        ):
            return []  # the use is in the same arm as ``last`` (or in another arm of it)
        branch, _ = last.arms[depth]
        start, arms = facts.branches.get(branch, (at, frozenset()))
        prefix = last.arms[:depth]
        latest: dict[int, Binding] = {}
        outside: Binding | None = None
        for b in before:
            if b.arms[:depth] != prefix:
                continue
            if len(b.arms) > depth and b.arms[depth][0] == branch:
                arm = b.arms[depth][1]
                if arm not in latest or b.order > latest[arm].order:
                    latest[arm] = b
            elif b.order < start and (outside is None or b.order > outside.order):
                outside = b
        out = [b for arm, b in latest.items() if arm != last.arms[depth][1]]
        if outside is not None and not arms <= set(latest):
            out.append(outside)  # an arm (or the missing else) leaves the earlier value
        return out

    def _from_bindings(
        self, bindings: list[Binding], scope: Scope, ctx: Ctx, at: int | None
    ) -> list[Value]:
        out: list[Value] = []
        for binding in self._reaching(bindings, at):
            out.extend(self.binding_values(binding, scope, ctx))
        return out or [UNKNOWN]

    def binding_values(self, binding: Binding, scope: Scope, ctx: Ctx) -> list[Value]:
        """The values one binding gives its name (an accumulation, a scatter, an unpack)."""
        kind, value = binding.kind, binding.value
        if kind == "def":
            node = binding.statement
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                return [Func(node, id(node))]
            return [UNKNOWN]
        if value is None or kind in ("import", "with"):
            return [UNKNOWN]
        if kind == "augassign":
            if not adds(binding):
                return []  # ``w -= lr * dw`` updates an array in place: same identity
            return [
                self._accumulated(v, binding.statement)
                for v in self.eval(value, ctx, binding.order)
            ]
        if kind == "item":
            counted = self._counted_row(binding, scope, ctx)
            if counted:
                return counted
            scattered = self._scatter(binding, ctx)
            if scattered:
                return scattered
            found = self.eval(value, ctx, binding.order)
            return [
                self._accumulated(v, binding.statement)
                for v in found
                if isinstance(v, (Filt, Prod))
            ]
        if kind == "append":
            # a row of the list: a window cut where the loops around the append move it
            # makes the list the windows' matrix (im2col); anything else is a stack
            moving = self.facts.loop_names.get(id(value), frozenset())
            return [
                v
                if isinstance(v, Win) and v.flat and _cut_at(v, moving)
                else Tup(((v,),))
                if isinstance(v, Tup)
                else stacked(v)
                for v in self.eval(value, ctx, binding.order)
            ]
        if kind == "for":
            items = self._yielded(value, ctx, binding.order)
            if items is None:
                items = [
                    item
                    for v in self._iterable(value, ctx, binding.order)
                    for item in self._items(v)
                ]
            return [v for v in unpack(items, binding.unpack)]
        found = self.eval(value, ctx, binding.order)
        return list(unpack(list(found), binding.unpack))

    def _counted_row(self, binding: Binding, scope: Scope, ctx: Ctx) -> list[Value]:
        """``cols[row] = x[c, m:m + oh, n:n + ow].ravel()`` with ``row += 1`` beside it in
        the loops: the rows of a matrix of raveled windows, one per step of the loops
        (im2col), read like the rows a loop appends to a list.  [] for any other item."""
        small = assignment_of(binding)
        if not isinstance(small, cst.Assign) or len(small.targets) != 1:
            return []
        target = small.targets[0].target
        if not isinstance(target, cst.Subscript):
            return []
        named = [e.slice.value for e in elements_of(target) if isinstance(e.slice, cst.Index)]
        whole = all(
            isinstance(e.slice, cst.Index)
            or (e.slice.lower is None and e.slice.upper is None and e.slice.step is None)
            for e in elements_of(target)
        )
        if len(named) != 1 or not whole or not isinstance(named[0], cst.Name):
            return []
        if not _counter(scope, named[0].value, binding):
            return []
        moving = self.facts.loop_names.get(id(binding.value), frozenset())
        assert binding.value is not None
        return [
            v
            for v in self.eval(binding.value, ctx, binding.order)
            if isinstance(v, Win) and v.flat and _cut_at(v, moving)
        ]

    def _filled(self, reaching: list[Binding], ctx: Ctx) -> list[Value]:
        """An array filled element by element from another, axes moved or reversed.

        ``out[i][j] = k[H - 1 - i][W - 1 - j]`` (or ``out[H - 1 - i, W - 1 - j] = k[i, j]``)
        in loops over ``i`` and ``j`` is ``k`` rotated by 180 degrees; ``out[i, j] =
        k[j, i]`` its transpose.  The fill overwrites what the array was made as.
        """
        out: list[Value] = []
        for binding in reaching:
            if binding.kind != "item":
                continue
            small = assignment_of(binding)
            if not isinstance(small, cst.Assign) or len(small.targets) != 1:
                continue
            ends = last_index_names(ctx.scope)
            moved = element_move(small.targets[0].target, small.value, ends)
            if moved is None or binding.loop_depth < moved[0].ndim:
                continue
            axis_map, source = moved
            step = Step.of(lambda rank, m=axis_map: m if rank == m.ndim else None, small.value)
            for value in self.eval(source, ctx, binding.order):
                if isinstance(value, Arr):
                    out.append(replace(value.with_step(step), ndim=value.ndim or axis_map.ndim))
        return out

    def _embedded(self, reaching: list[Binding], ctx: Ctx) -> list[Value]:
        """A buffer made once and given an array's values in a block: that array, padded.

        ``padded = np.zeros((h + 2, w + 2))`` then ``padded[1:h + 1, 1:w + 1] = img`` is
        ``np.pad(img, 1)`` written by hand: the same image to every filter that reads it
        (as :data:`~..analysis.apis.SHAPE_KEEPING_CALLS` keep ``np.pad``'s).  Only a block
        written outside any loop the buffer was not made in counts: a write per loop
        iteration tiles or fills the buffer.
        """
        made = [b for b in reaching if b.kind == "assign"]
        if len(made) != 1:
            return []
        out: list[Value] = []
        for binding in reaching:
            if binding.kind != "item":
                continue
            small = assignment_of(binding)
            if (
                binding.loop_depth != made[0].loop_depth
                or not isinstance(small, cst.Assign)
                or len(small.targets) != 1
                or not _block(small.targets[0].target)
            ):
                return []
            for value in self.eval(small.value, ctx, binding.order):
                if not isinstance(value, Arr) or value.literal is not None:
                    return []
                out.append(value)
        return out

    def _accumulated(self, value: Value, statement: cst.CSTNode) -> Value:
        """A value summed over loops: ``dw += dy[i, j] * window`` is a correlation."""
        if isinstance(value, Prod):
            return accumulated_window(value, statement) or value
        return as_part(value)

    def _scatter(self, binding: Binding, ctx: Ctx) -> list[Value]:
        """``dx[i:i+kh, j:j+kw] += dy[i, j] * k``: a full convolution of ``dy`` with ``k``."""
        small = assignment_of(binding)
        term = accumulated_term(small) if small is not None else None
        target = assigned_target(small) if term is not None else None
        if not isinstance(target, cst.Subscript) or not index_shape(target).window:
            return []
        operands = product_operands(term, ctx.scope)
        if operands is None:
            return []
        left = self.eval(operands[0], ctx, binding.order)
        right = self.eval(operands[1], ctx, binding.order)
        out: list[Value] = []
        for a, b in ((x, y) for x in left for y in right):
            for position, kernel in ((a, b), (b, a)):
                if is_position(position) and isinstance(kernel, Arr) and not is_position(kernel):
                    out.append(scatter_filter(position, kernel, binding.statement))
        return out

    def _iterable(self, node: cst.BaseExpression, ctx: Ctx, at: int | None) -> list[Value]:
        """Values of ``node`` as the iterable of a loop (``enumerate`` and ``range`` known)."""
        if isinstance(node, cst.Call):
            name = dotted(node.func)
            if name == "enumerate" and node.args:
                inner = self.eval(node.args[0].value, ctx, at)
                return [Tup(((UNKNOWN,), tuple(i for v in inner for i in self._items(v))))]
            if name in ("range", "reversed", "sorted") and name == "range":
                return [UNKNOWN]
        return list(self.eval(node, ctx, at))

    def _yielded(self, node: cst.BaseExpression, ctx: Ctx, at: int | None) -> list[Value] | None:
        """The items a loop over a local generator gets: its ``yield`` values, evaluated
        with the call's arguments (``for i, j, w in windows(img, 3)``).  None when
        ``node`` is not a call of a local generator function."""
        if not isinstance(node, cst.Call) or ctx.depth >= MAX_CALL_DEPTH:
            return None
        bound = self.call_context(node, ctx, at)
        if bound is None or isinstance(bound[0], cst.Lambda):
            return None
        inner = bound[1]
        if not inner.scope.yields:
            return None
        out: list[Value] = []
        for value in inner.scope.yields:
            out.extend(self.eval(value, inner, None))
        return out

    def _items(self, value: Value) -> list[Value]:
        """The values an item of a loop over ``value`` can take (the loop variable).

        A list or tuple gives any of its elements (``for k in (gx, gy)``, the tuples a
        loop appended); a dict gives its keys, which are not arrays.
        """
        if (
            isinstance(value, Tup)
            and value.items
            and len(value.items) == 2
            and (value.items[0] == (UNKNOWN,))
        ):
            return [value]  # enumerate: the pair itself is the item
        if isinstance(value, Arr):
            return [indexed(value, "*", 1)]
        if isinstance(value, Tup):
            return [UNKNOWN] if value.keys else any_item(value)
        if isinstance(value, Filt):
            return [value.as_part()]
        return [UNKNOWN]

    # -- attributes -----------------------------------------------------------------
    def _attribute(self, node: cst.Attribute, ctx: Ctx, at: int | None) -> list[Value]:
        step = axis_map_of_step(node, ctx.scope)
        if step is not None:
            return self._stepped(node, step, ctx, at)
        name = dotted(node)
        if name is None:
            if isinstance(node.value, cst.Call):
                # ``Emboss().kernel``: an attribute of an object made on the spot
                for value in self.eval(node.value, ctx, at):
                    owner = (
                        self.function_scopes.get(id(value.node))
                        if isinstance(value, Obj)
                        else None
                    )
                    if owner is not None:
                        return self._instance_attr(owner, node.attr.value, value)
            return [UNKNOWN]
        head, _, attr = name.partition(".")
        if "." not in attr:
            owner, obj = self._owner(head, ctx, at)
            if owner is not None:
                return self._instance_attr(owner, attr, obj, ctx)
        bindings = ctx.scope.lookup(name)
        if bindings:
            return self._from_bindings(bindings, ctx.scope, ctx, at)
        if ctx.scope.resolve(node) is not None:
            return [UNKNOWN]
        if "." in attr:
            # ``self.layer.kernel``: an attribute of an object another object holds
            held = self._held_attr(node, ctx, at)
            if held:
                return held
        if attr in apis.NON_ARRAY_ATTRIBUTES:
            return [UNKNOWN]
        if "." not in attr and _function_of(ctx.scope) is not None:
            # a field of an object the function was given (``cache.k``, ``self.kx`` in a
            # helper handed the instance): a part of that parameter, which its callers
            # name (what they pass is followed from the parameter)
            held = self._name(head, ctx, at)
            if held and all(isinstance(v, Arr) and v.origin.kind == "param" for v in held):
                return [Arr(v.origin.item("." + attr)) for v in held if isinstance(v, Arr)]
        return [Arr(Origin("free", (name,)))]

    def _held_attr(self, node: cst.Attribute, ctx: Ctx, at: int | None) -> list[Value]:
        """The attribute of the instances ``node.value`` evaluates to (none: [])."""
        out: list[Value] = []
        for value in self.eval(node.value, ctx, at):
            owner = self.function_scopes.get(id(value.node)) if isinstance(value, Obj) else None
            if owner is None or owner.kind != "class":
                return []
            out.extend(self._instance_attr(owner, node.attr.value, value))
        return out

    def _owner(self, head: str, ctx: Ctx, at: int | None) -> tuple[Scope | None, Obj | None]:
        """The class ``head`` is an instance of (``self`` in a method, or a local object)."""
        owner = self._instance_class(ctx.scope, head)
        bound = ctx.bound(head) if owner is not None else None
        if owner is not None:
            obj = next((v for v in bound or () if isinstance(v, Obj)), None)
            return owner, obj
        if ctx.scope.resolve(cst.Name(head)) is not None:
            return None, None  # a module (``np.pi``), not an object
        for value in self._name(head, ctx, at):
            if isinstance(value, Obj):
                return self.function_scopes.get(id(value.node)), value
        return None, None

    def _instance_class(self, scope: Scope, head: str) -> Scope | None:
        """The class whose instance ``head`` is (the first parameter of a method)."""
        function = scope
        while function is not None and function.kind != "function":
            function = function.parent
        while function is not None:
            parent = function.parent
            if parent is not None and parent.kind == "class":
                if function.params and function.params[0] == head:
                    return parent
                return None
            function = parent if parent is not None and parent.kind == "function" else None
        return None

    def _class_table(self, owner: Scope) -> dict[str, list[tuple[Binding, Scope]]]:
        table = self._class_attrs.get(id(owner))
        if table is not None:
            return table
        table = {}
        for method in owner.walk():
            if method.kind != "function" or not method.params:
                continue
            me = method.params[0]
            for name, bindings in method.bindings.items():
                head, _, attr = name.partition(".")
                if head == me and attr and "." not in attr:
                    table.setdefault(attr, []).extend((b, method) for b in bindings)
            for site in method.calls:
                func = site.node.func
                if (
                    isinstance(func, cst.Attribute)
                    and func.attr.value == "save_for_backward"
                    and dotted(func.value) == me
                ):
                    saved = cst.Tuple([cst.Element(a.value) for a in site.node.args])
                    order = self.facts.statement_order.get(id(site.statement), 0)
                    binding = Binding("saved", saved, site.statement, "saved", order=order)
                    table.setdefault("saved_tensors", []).append((binding, method))
        self._class_attrs[id(owner)] = table
        return table

    def related_classes(self, owner: Scope, obj: Obj | None = None) -> list[Scope]:
        """Where a member of ``self`` may be defined: the instance's class (the object's,
        when known, else ``owner``) and what it inherits, then, for a mixin that uses
        members it does not define, the classes of every subclass that mixes it in."""
        start = self.function_scopes.get(id(obj.node)) if obj is not None else None
        if start is None or start.kind != "class":
            start = owner
        out = list(self.facts.lineage(start))
        for heir in self.facts.heirs(start):
            out.extend(c for c in self.facts.lineage(heir) if not any(c is o for o in out))
        return out

    def _instance_attr(
        self, owner: Scope, attr: str, obj: Obj | None = None, ctx: Ctx | None = None
    ) -> list[Value]:
        entries = None
        for cls in self.related_classes(owner, obj):
            entries = self._class_table(cls).get(attr)
            if entries:
                break
            prop = _property(cls, attr)
            if prop is not None:
                return self._property_values(prop, obj, ctx) or [
                    Arr(Origin("attr", (id(cls.node), attr)))
                ]
        if not entries:
            if obj is not None and attr in (record_fields(obj.node) or ()):
                given = dict(obj.init_env).get(attr)
                if given:
                    return list(given)  # a record's field: what its constructor was given
            return [Arr(Origin("attr", (id(owner.node), attr)))]
        # an attribute the running method set itself holds what it was given in this call
        # (``self.padded = np.pad(frame, 1)``, read in a caller's view of ``frame``)
        running = _function_of(ctx.scope) if ctx is not None else None
        out: list[Value] = []
        for binding, method in entries:
            if binding.kind == "saved":
                assert isinstance(binding.value, cst.Tuple)
                items = tuple(
                    self.eval(el.value, Ctx(method), binding.order)
                    for el in binding.value.elements
                )
                out.append(Tup(items))
                continue
            if ctx is not None and method is running:
                out.extend(self.binding_values(binding, method, Ctx(method, ctx.env, ctx.depth)))
                continue
            env = obj.init_env if obj is not None and method.name == "__init__" else ()
            out.extend(self.binding_values(binding, method, Ctx(method, env)))
        return out or [Arr(Origin("attr", (id(owner.node), attr)))]

    def _property_values(self, prop: Scope, obj: Obj | None, ctx: Ctx | None) -> list[Value]:
        """What a ``@property`` returns, read like a call of it on the instance.

        A property reads as an attribute, so it does not count against the call depth
        bound (``kz`` returning ``self.kx.T`` is one value, not two nested calls); a
        property that reads itself is a cycle, which :meth:`eval` cuts."""
        if not prop.params:
            return []
        self_values = (obj,) if obj is not None else (UNKNOWN,)
        inner = Ctx(prop, ((prop.params[0], self_values),), ctx.depth if ctx is not None else 0)
        out: list[Value] = []
        for value, order in zip(prop.returns, prop.return_order, strict=False):
            out.extend(self.eval(value, inner, order))
        return out

    # -- subscripts -----------------------------------------------------------------
    def _dict(self, node: cst.Dict, ctx: Ctx, at: int | None) -> list[Value]:
        keys: list[str | None] = []
        items: list[tuple[Value, ...]] = []
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                return [UNKNOWN]  # ``**other``: the keys are not all in sight
            keys.append(string_value(element.key))
            items.append(tuple(self.eval(element.value, ctx, at)))
        return [Tup(tuple(items), tuple(keys), id(node))]

    def _keyed(self, node: cst.Subscript, key: str, ctx: Ctx, at: int | None) -> list[Value]:
        """``cache["x"]``: the dict literal's value, and what any function writes there.

        ``state["x"] = x`` in a closure's forward and ``state["x"]`` in its backward name
        one array: the writes in every function that shares the dict (the one that makes
        it and those nested in it) count, wherever they are.
        """
        out: list[Value] = []
        unknown_dicts: list[Arr] = []
        for value in self.eval(node.value, ctx, at):
            if isinstance(value, Tup) and key in value.keys:
                out.extend(value.items[value.keys.index(key)])
            elif isinstance(value, Arr) and not value.has_steps:
                unknown_dicts.append(value)
            if isinstance(value, Tup) and value.made:
                # the same dict under any name: a helper given it as a parameter
                for scope, binding in self._dict_writes().get((value.made, key), ()):
                    small = assignment_of(binding)
                    assert isinstance(small, cst.Assign)
                    out.extend(self.eval(small.value, Ctx(scope), binding.order))
        base = node.value
        if isinstance(base, cst.Name):
            owner = ctx.scope
            while owner is not None and not any(
                b.kind != "item" for b in owner.bindings.get(base.value, ())
            ):
                owner = owner.parent
            for scope, binding, written in self._keyed_writes().get(base.value, ()):
                if written == key and _within(scope, owner):
                    small = assignment_of(binding)
                    assert isinstance(small, cst.Assign)
                    out.extend(self.eval(small.value, Ctx(scope), binding.order))
        if not out:
            # no write names the key: one of those under computed keys may be it
            # (``self.masks[p] = ...`` in a loop, read as ``self.masks["E5L5"]``)
            for value in self.eval(node.value, ctx, at):
                if isinstance(value, Tup) and value.made:
                    out.extend(self._any_key_writes(value.made))
        if not out:
            # a dict the function was given (``cache["x"]``): one item of it, named by the
            # key, so that callers can say what they put there (see Gradients._passed)
            out = [Arr(value.origin.item(repr(key))) for value in unknown_dicts]
        return out

    def _dict_writes(self) -> dict[tuple[int, str | None], list[tuple[Scope, Binding]]]:
        """Every ``name["key"] = value`` by the dict literal ``name`` holds there and the
        key, and under the key None every write into that dict whatever its key
        (``self.masks[p] = ...`` in a loop: a read ``self.masks[name]`` may get any of
        them). Indexed once; a read during the indexing sees what is indexed so far."""
        if self._dict_index is None:
            self._dict_index = index = {}
            for writes in self._keyed_writes().values():
                for scope, binding, key in writes:
                    small = assignment_of(binding)
                    assert isinstance(small, cst.Assign)
                    target = small.targets[0].target
                    assert isinstance(target, cst.Subscript)
                    for value in self.eval(target.value, Ctx(scope), binding.order):
                        if isinstance(value, Tup) and value.made:
                            keys = (key, None) if key is not None else (None,)
                            for each in keys:
                                index.setdefault((value.made, each), []).append((scope, binding))
        return self._dict_index

    def _keyed_writes(self) -> dict[str, list[tuple[Scope, Binding, str | None]]]:
        """Every ``name[key] = value`` with one index in the file, by name, with the key
        when it is a string (None otherwise); indexed once, not per read."""
        if self._keyed_index is None:
            index: dict[str, list[tuple[Scope, Binding, str | None]]] = {}
            for scope in self.facts.scopes:
                for name, bindings in scope.bindings.items():
                    for binding in bindings:
                        small = assignment_of(binding) if binding.kind == "item" else None
                        if not isinstance(small, cst.Assign) or len(small.targets) != 1:
                            continue
                        target = small.targets[0].target
                        if isinstance(target, cst.Subscript) and _one_index(target):
                            key = string_key(target)
                            index.setdefault(name, []).append((scope, binding, key))
            self._keyed_index = index
        return self._keyed_index

    def _any_key_writes(self, made: int) -> list[Value]:
        """What any write puts into the dict literal ``made`` (see ``_dict_writes``)."""
        out: list[Value] = []
        for scope, binding in self._dict_writes().get((made, None), ()):
            small = assignment_of(binding)
            assert isinstance(small, cst.Assign)
            out.extend(self.eval(small.value, Ctx(scope), binding.order))
        return out

    def _subscript(self, node: cst.Subscript, ctx: Ctx, at: int | None) -> list[Value]:
        step = axis_map_of_step(node, ctx.scope)
        if step is not None:
            return self._stepped(node, step, ctx, at)
        key = string_key(node)
        if key is not None:
            return self._keyed(node, key, ctx, at) or [UNKNOWN]
        if ctx.scope.resolve(node.value) in apis.GRID_STACKS:
            # one plane per slice, stacked (a single slice: the 1-D grid itself)
            count = len(elements_of(node))
            return [replace(self._leaf(node, ctx.scope), ndim=count + 1 if count > 1 else 1)]
        inner = self.eval(node.value, ctx, at)
        shape = index_shape(node)
        out: list[Value] = []
        for value in inner:
            if isinstance(value, Filt):
                out.append(_item_of_output(value, shape) or value.as_part())
            elif isinstance(value, Win):
                out.append(value)  # a window of a window view is still a window
            elif isinstance(value, Tup) and shape.item is not None:
                if 0 <= shape.item < len(value.items):
                    out.extend(value.items[shape.item])
            elif isinstance(value, Tup) and _one_index(node):
                # ``KERNELS[name]``: whichever entry it names, or any write puts there
                entries = any_item(value) if value.items else []
                if value.made:
                    entries += [v for v in self._any_key_writes(value.made) if v not in entries]
                out.extend(entries or [UNKNOWN])
            elif isinstance(value, Arr):
                if shape.new_axes and not shape.count:
                    out.append(expanded(value, shape.new_axes))
                elif shape.window:
                    out.append(Win(value, (), node, shape.rank))
                elif shape.index_key is not None:
                    out.append(indexed(value, shape.index_key, shape.count))
                elif shape.mixed_key is not None and not value.has_steps:
                    # ``image[0, :, :, 0]``: a plane of a batch in another layout
                    out.append(Arr(value.origin.item(shape.mixed_key), dtype=value.dtype))
                elif not value.has_steps and (key := _subsampling(node)) is not None:
                    # ``raw[0::2, 1::2]``: one phase of a mosaic, an array of its own
                    out.append(Arr(value.origin.item(key), dtype=value.dtype))
                else:
                    out.append(UNKNOWN)
            else:
                out.append(UNKNOWN)
        return out

    def _stepped(self, node: cst.CSTNode, step, ctx: Ctx, at: int | None) -> list[Value]:
        inner_node, make = step
        inner = self.eval(inner_node, ctx, at)
        if is_identity_step(make):
            return [self._converted(v, node) for v in inner]
        one = Step.of(make, node)
        out: list[Value] = []
        for value in inner:
            if isinstance(value, Arr):
                out.append(value.with_step(one))
            elif isinstance(value, Win):
                if value.flat and _reorders_axes_only(make):
                    # a raveled window (or im2col's matrix of them) transposed keeps each
                    # window's elements in their order
                    out.append(value)
                else:
                    out.append(replace(value, steps=(one, *value.steps)))
            elif isinstance(value, Filt):
                # kept a filter where the reversal moves onto its operands; otherwise the
                # output is an array like any other, reversed
                flipped = _output_flipped(value, make, one)
                out.append(flipped if flipped is not UNKNOWN else value.as_array().with_step(one))
            else:
                # an array the evaluator does not know, reversed all the same: not to be
                # read as the array unreversed
                out.append(Arr(Origin("expr", (id(inner_node),)), (one,), node=inner_node))
        return out

    def _converted(self, value: Value, node: cst.CSTNode) -> Value:
        """A conversion that keeps the values (``astype``, ``np.asarray``): note the dtype."""
        if isinstance(value, Arr) and isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "astype":
                dtype = call_arg(node, 0, "dtype")
            else:
                dtype = call_arg(node, None, "dtype")
            kind = dtype_of(dtype)
            if kind is not None:
                found = converted(numbers_of((value,), node, None), dtype)
                bound = found.bound if found is not None and found.integer else None
                return replace(value, dtype=kind, bound=bound)
        return value

    # -- calls ----------------------------------------------------------------------
    def _call(self, node: cst.Call, ctx: Ctx, at: int | None) -> list[Value]:
        scope = ctx.scope
        api_call = self.api_calls.get(id(node))
        if api_call is not None:
            return self._api_filter(api_call, ctx, at)
        step = axis_map_of_step(node, scope)
        if step is not None:
            return self._stepped(node, step, ctx, at)
        name = scope.resolve(node.func)
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        args = [a.value for a in node.args if a.keyword is None and not a.star]
        if name is not None:
            return self._library_call(name, node, args, ctx, at)
        if self.has_layers and isinstance(node.func, (cst.Name, cst.Attribute)):
            layers = [v for v in self.eval(node.func, ctx, at) if isinstance(v, Lay)]
            if layers:
                return self._layer_applied(node, layers, ctx, at)
        if method is not None:
            return self._method_call(method, node, args, ctx, at)
        local = self._local_call(node, ctx, at)
        if local:
            return local
        bare = dotted(node.func)
        if bare in apis.ZIP_BUILTINS and args:
            # any item of ``zip(a, b)`` is a pair of an item of ``a`` and one of ``b``
            pair = Tup(
                tuple(
                    tuple(i for v in self.eval(a, ctx, at) for i in self._items(v)) for a in args
                )
            )
            return [Tup(((pair,),))]
        if bare in apis.MAPPING_BUILTINS and len(args) >= 2:
            # ``map(f, ks)``: a stack of ``f(k)``, one item of each iterable per call
            items = [[i for v in self.eval(a, ctx, at) for i in self._items(v)] for a in args[1:]]
            applied = self._applied(self.eval(args[0], ctx, at), items, ctx)
            if applied:
                return [stacked(v) for v in applied]
        if bare in apis.BUILTIN_SUMS and args:
            return self._summed(self.eval(args[0], ctx, at), node)
        if bare in apis.TRANSPARENT_BUILTINS and len(args) == 1:
            return list(self.eval(args[0], ctx, at))
        return [self._leaf(node, scope)]

    def _library_call(
        self, name: str, node: cst.Call, args: list, ctx: Ctx, at: int | None
    ) -> list[Value]:
        api = apis.filter_api(name)
        if api is not None and api.is_layer:
            return [self._layer(api, node, ctx)]
        if name in apis.SUM_CALLS and args:
            return self._summed(self.eval(args[0], ctx, at), node)
        if name in apis.PRODUCT_CALLS and len(args) == 2:
            return self._product(args[0], args[1], node, ctx, at)
        if name == "numpy.einsum":
            return self._einsum(node, args, ctx, at)
        if name in apis.ALONG_AXIS_CALLS and len(args) >= 3:
            # ``np.apply_along_axis(f, axis, a)``: a stack of ``f`` of each 1-D slice
            slices = [i for v in self.eval(args[2], ctx, at) for i in self._items(v)]
            applied = self._applied(self.eval(args[0], ctx, at), [slices], ctx)
            if applied:
                return [stacked(v) for v in applied]
        if name == "numpy.tensordot" and len(args) >= 2:
            axes = call_arg(node, 2, "axes")
            if axes is None or int_value(axes) == 2:
                return self._summed(self._product(args[0], args[1], node, ctx, at), node)
            pairs = _axes_pairs(axes)
            if pairs is not None:
                return self._tensordot(node, args[0], args[1], pairs, ctx, at)
            return [self._leaf(node, ctx.scope)]
        if name in apis.FLAT_DOT_CALLS and len(args) == 2:
            return self._flat_dot(args[0], args[1], node, ctx, at, name in apis.FLATTENING_DOTS)
        if name in apis.WINDOW_VIEW_FUNCS and args:
            sliding = name == apis.SLIDING_WINDOW_VIEW
            return [
                _window_view(v, _window_axes(node, v) if sliding else (), node)
                for v in self.eval(args[0], ctx, at)
            ]
        if name in apis.CONJ_CALLS and args:
            return [conj(v) for v in self.eval(args[0], ctx, at)]
        if name in apis.ELEMENTWISE_CALLS and args:
            rule = apis.ELEMENTWISE_CALLS[name]
            return [
                self._elementwise(node, v, rule, ctx.scope) for v in self.eval(args[0], ctx, at)
            ]
        if name in apis.ROUNDING_CALLS and args:
            return [rounded(v) for v in self.eval(args[0], ctx, at)]
        if name in apis.SHAPE_KEEPING_CALLS and args:
            padded = self._kernel_size_pad(node, ctx, at) if name in apis.PAD_CALLS else None
            return [
                replace(v, full_pad=padded) if padded is not None and isinstance(v, Arr) else v
                for v in map(as_part, self.eval(args[0], ctx, at))
            ]
        if name == apis.INDEX_GRIDS and len(args) == 1:
            # ``np.indices((n, n))``: one plane of rank len(shape) per axis, stacked
            shape = args[0]
            count = len(shape.elements) if isinstance(shape, (cst.Tuple, cst.List)) else None
            leaf = self._leaf(node, ctx.scope)
            return [replace(leaf, ndim=count + 1) if count else leaf]
        if name == apis.OUTER_PRODUCT and len(args) == 2 and len(node.args) == 2:
            # ``np.outer(u, v)`` rotated is ``np.outer(u[::-1], v[::-1])``
            leaf = self._leaf(node, ctx.scope)
            factors = [self.eval(a, ctx, at) for a in args]
            if all(
                f and all(isinstance(v, Arr) and v.rot180_invariant for v in f) for f in factors
            ):
                return [replace(leaf, symmetric=True)]
            return [leaf]
        if name in apis.GRID_CALLS and args and len(args) == len(node.args):
            # one array per axis, each of rank len(args) and with the axes' numbers
            leaf = self._leaf(node, ctx.scope)
            found = numbers_of((v for a in args for v in self.eval(a, ctx, at)), node, None)
            planes = tuple(
                (
                    replace(
                        leaf,
                        origin=leaf.origin.item(str(i)),
                        ndim=len(args),
                        dtype=found.kind,
                        literal=None,
                        symmetric=False,
                        shape=None,
                    ),
                )
                for i in range(len(args))
            )
            return [Tup(planes)]
        if name in apis.STACKING_CALLS and args:
            out: list[Value] = []
            for v in self.eval(args[0], ctx, at):
                if isinstance(v, Tup):  # a list of arrays: its items, stacked
                    out.extend(stacked(x) for item in v.items for x in item)
                else:
                    out.append(as_part(v))
            return out
        return [self._leaf(node, ctx.scope)]

    def _method_call(
        self, method: str, node: cst.Call, args: list, ctx: Ctx, at: int | None
    ) -> list[Value]:
        assert isinstance(node.func, cst.Attribute)
        receiver = node.func.value
        if method in apis.SUM_METHODS:
            return self._summed(self.eval(receiver, ctx, at), node)
        if method in apis.CONVERSION_METHODS:
            return [self._converted(v, node) for v in self.eval(receiver, ctx, at)]
        if method in apis.FLATTEN_METHODS:
            if _raveling(args) or _rows_raveled(args) or method in ("ravel", "flatten"):
                return [flat(v) for v in self.eval(receiver, ctx, at)]
            # a reshape to another shape keeps the entries (their layout only if unflipped)
            rank = shape_rank(node, ctx.scope)
            shape = reshaped(node)
            return [
                (replace(v, ndim=rank, shape=shape) if isinstance(v, Arr) else v)
                if not (isinstance(v, Arr) and v.has_steps)
                else UNKNOWN
                for v in self.eval(receiver, ctx, at)
            ]
        if method in apis.LEADING_AXIS_METHODS and len(args) == 1 and int_value(args[0]) == 0:
            return [
                expanded(v, 1) if isinstance(v, Arr) else v for v in self.eval(receiver, ctx, at)
            ]
        if method in apis.CONJ_METHODS:
            return [conj(v) for v in self.eval(receiver, ctx, at)]
        if method in apis.ROUNDING_METHODS:
            return [rounded(v) for v in self.eval(receiver, ctx, at)]
        if method in apis.SHAPE_KEEPING_METHODS:
            return [as_part(v) for v in self.eval(receiver, ctx, at)]
        if method == "dot" and len(args) == 1:
            return self._flat_dot(receiver, args[0], node, ctx, at)
        if method in ("values", "items") and not node.args:
            views = [_dict_view(v, method) for v in self.eval(receiver, ctx, at)]
            if views and all(v is not None for v in views):
                return [v for v in views if v is not None]
        if method in ("pop", "get") and len(args) in (1, 2):
            # ``outs.pop("scipy")``: the entry of that key, or any entry of a dict whose
            # keys are not all known (a comprehension's)
            entries = self._dict_entry(receiver, args[0], ctx, at)
            if entries:
                return entries
        if method in apis.FULL_REDUCTION_METHODS and not node.args:
            return [replace(self._leaf(node, ctx.scope), ndim=0)]  # ``t.mean()``: a number
        local = self._local_call(node, ctx, at)
        if local:
            return local
        return [self._leaf(node, ctx.scope)]

    def _dict_entry(self, receiver, key_node, ctx: Ctx, at: int | None) -> list[Value]:
        """The values ``d.pop(key)`` / ``d.get(key)`` can return when every value ``d``
        can have is a dict; [] otherwise."""
        key = string_value(key_node)
        out: list[Value] = []
        for value in self.eval(receiver, ctx, at):
            if not isinstance(value, Tup) or not value.keys:
                return []
            if key is not None and key in value.keys:
                out.extend(value.items[value.keys.index(key)])
            else:
                out.extend(any_item(value))
        return out

    def _applied(self, funcs: list[Value], args: list[list[Value]], ctx: Ctx) -> list[Value]:
        """What a local function or lambda among ``funcs`` returns when a call binds its
        first parameters to ``args`` (each a list of candidate values): the body that
        ``map`` or ``apply_along_axis`` runs once per item."""
        if ctx.depth >= MAX_CALL_DEPTH or not all(args):
            return []
        out: list[Value] = []
        for func in funcs:
            scope = self.function_scopes.get(id(func.node)) if isinstance(func, Func) else None
            if scope is None or scope.kind != "function" or len(scope.params) < len(args):
                continue
            env = tuple((p, tuple(a)) for p, a in zip(scope.params, args, strict=False))
            inner = Ctx(scope, env, ctx.depth + 1)
            for value, order in zip(scope.returns, scope.return_order, strict=False):
                out.extend(self.eval(value, inner, order))
        return out

    def _leaf(self, node: cst.BaseExpression, scope: Scope) -> Arr:
        """An array made by ``node`` that the evaluator does not look into."""
        literal = fold(node, scope)
        ndim = literal.ndim if literal is not None else shape_rank(node, scope)
        if (
            ndim is None
            and isinstance(node, cst.Call)
            and scope.resolve(node.func) in apis.ONE_D_CALLS
        ):
            ndim = 1
        symmetric = (
            literal.is_rot180_symmetric()
            if literal is not None
            else (isinstance(node, cst.Call) and _symmetric_ctor(node, scope))
            or self._parity(node, scope) == EVEN
        )
        dtype = None
        if literal is not None:
            dtype = literal_kind(literal.values)
        elif isinstance(node, cst.Call):
            dtype = dtype_of(call_arg(node, None, "dtype")) or apis.call_dtype(
                scope.resolve(node.func) or ""
            )
        shown = leaf_numbers(node, scope)
        if dtype is None or dtype == shown.kind:
            dtype, bound, size = shown.kind or dtype, shown.bound, shown.size
        else:
            bound = size = None
        return Arr(
            Origin("expr", (id(node),)),
            (),
            ndim,
            dtype,
            False,
            literal,
            symmetric,
            node,
            bound=bound,
            size=size,
            shape=literal.shape if literal is not None else kernel_shape(node, scope),
        )

    def _parity(self, node: cst.BaseExpression, scope: Scope) -> str | None:
        """:func:`rot180_parity` of a leaf, once per node (leaves recur in every context)."""
        key = id(node)
        if key not in self._parities:
            self._parities[key] = rot180_parity(node, scope)
        return self._parities[key]

    def _elementwise(self, node: cst.Call, value: Value, rule: str, scope: Scope) -> Arr:
        """``np.exp(x)``: a new array of ``x``'s rank, with the numbers ``rule`` gives."""
        leaf = self._leaf(node, scope)
        if not isinstance(value, Arr):
            return leaf
        found = elementwise(rule, of_array(value))
        ndim = leaf.ndim if leaf.ndim is not None else value.ndim
        if found.kind is None:
            return replace(leaf, ndim=ndim, shape=value.shape)
        return replace(
            leaf,
            ndim=ndim,
            shape=value.shape,
            dtype=found.kind,
            bound=found.bound,
            size=found.size,
        )

    def _sequence(self, node: cst.Tuple | cst.List, ctx: Ctx, at: int | None) -> list[Value]:
        literal = fold(node, ctx.scope)
        if literal is not None:
            return [self._leaf(node, ctx.scope)]
        items = tuple(self.eval(el.value, ctx, at) for el in node.elements)
        return [Tup(items)]

    # -- products and sums ----------------------------------------------------------
    def _binary(self, node: cst.BinaryOperation, ctx: Ctx, at: int | None) -> list[Value]:
        op = node.operator
        if isinstance(op, cst.Multiply):
            return self._product(node.left, node.right, node, ctx, at)
        if isinstance(op, cst.MatrixMultiply):
            return self._flat_dot(node.left, node.right, node, ctx, at)
        if _number(node, ctx.scope):
            return [UNKNOWN]  # ``CELL**2``: a number, not an array (a scalar operand)
        left = self.eval(node.left, ctx, at)
        right = self.eval(node.right, ctx, at)
        if isinstance(op, (cst.Add, cst.Subtract, cst.Divide)):
            filters = [v.as_part() for v in (*left, *right) if isinstance(v, Filt)]
            if filters:
                return filters
            scalar_right = all(v is UNKNOWN for v in right)
            if isinstance(op, cst.Divide) and scalar_right:
                return [v for v in left if isinstance(v, (Arr, Win, Prod))] or [UNKNOWN]
        return [self._arithmetic(node, left, right, ctx.scope)]

    def _arithmetic(self, node: cst.BinaryOperation, left, right, scope: Scope) -> Arr:
        """A new array computed element by element, with the numbers numpy promotes to."""
        leaf = self._leaf(node, scope)
        found = combined(
            node.operator,
            numbers_of(left, node.left, scope),
            numbers_of(right, node.right, scope),
        )
        operands = (*left, *right)
        arrays = [v for v in operands if isinstance(v, Arr)]
        ndim = leaf.ndim if leaf.ndim is not None else operand_rank(arrays)
        shapes = {v.shape for v in arrays}
        shape = shapes.pop() if len(shapes) == 1 else None
        # element by element, a rotation commutes with the operation: arrays that equal
        # their rotation (and numbers, broadcast) give one that does
        symmetric = leaf.symmetric or (
            bool(arrays)
            and len(arrays) == len(operands)
            and all(a.rot180_invariant or a.ndim == 0 for a in arrays)
        )
        if found.kind is None:
            return replace(leaf, ndim=ndim, shape=shape, symmetric=symmetric)
        return replace(
            leaf,
            ndim=ndim,
            shape=shape,
            dtype=found.kind,
            bound=found.bound,
            size=found.size,
            symmetric=symmetric,
        )

    def _product(self, a, b, node, ctx: Ctx, at: int | None) -> list[Value]:
        left = self.eval(a, ctx, at)
        right = self.eval(b, ctx, at)
        out: list[Value] = []
        for x in left:
            for y in right:
                value = multiply(x, y, node)
                if isinstance(node, cst.BinaryOperation):
                    value = self._typed_product(value, x, y, node, ctx.scope)
                out.append(value)
        return out

    def _typed_product(
        self, value: Value, x: Value, y: Value, node: cst.BinaryOperation, scope: Scope
    ) -> Value:
        """The numbers of ``x * y``: an array times an array or a scalar (``1j * psi``)."""
        if value is UNKNOWN and isinstance(x, Arr) and isinstance(y, Arr):
            return self._arithmetic(node, (x,), (y,), scope)
        if isinstance(value, Arr) and (x is UNKNOWN or y is UNKNOWN):
            found = combined(
                node.operator,
                numbers_of((x,), node.left, scope),
                numbers_of((y,), node.right, scope),
            )
            if found.kind is not None and found.kind != value.dtype:
                return replace(value, dtype=found.kind, bound=found.bound, size=found.size)
        return value

    def _summed(self, values, node: cst.CSTNode) -> list[Value]:
        out: list[Value] = []
        for value in values:
            if isinstance(value, Prod):
                out.append(window_filter(value, node, Kind.WINDOW))
            elif isinstance(value, Filt):
                out.append(value.as_part())
            else:
                out.append(UNKNOWN)
        return out

    def _flat_dot(
        self, a, b, node, ctx: Ctx, at: int | None, flattens: bool = False
    ) -> list[Value]:
        """``np.dot(w.ravel(), k.ravel())``: the window sum; ``np.vdot`` ravels both
        operands itself, whatever their rank."""
        left, right = self.eval(a, ctx, at), self.eval(b, ctx, at)
        out: list[Value] = []
        for x in left:
            for y in right:
                pair = window_kernel(x, y)
                if pair is not None and (flattens or _flat_pair(*pair)):
                    out.append(window_filter(Prod(pair[0], pair[1], node), node, Kind.WINDOW))
        return out or [self._leaf(node, ctx.scope)]

    def _tensordot(self, node: cst.Call, a, b, pairs, ctx: Ctx, at: int | None) -> list[Value]:
        """``np.tensordot(w, x[:, i:i + kh, j:j + kw], axes=([1, 2, 3], [0, 1, 2]))``: the
        contraction spelled as the einsum it is (the window's axes and the kernel's axes
        it pairs them with), read like ``_einsum``."""
        out: list[Value] = []
        for x in self.eval(a, ctx, at):
            for y in self.eval(b, ctx, at):
                x, y = (prod_array(v) if isinstance(v, Prod) else v for v in (x, y))
                pair = window_kernel(x, y)
                if pair is None:
                    continue
                letters = _contraction_letters(_rank_of(x, pairs[0]), _rank_of(y, pairs[1]), pairs)
                if letters is None:
                    continue
                x_letters, y_letters, output = letters
                win_letters, ker_letters = (
                    (x_letters, y_letters) if isinstance(x, Win) else (y_letters, x_letters)
                )
                kernel = einsum_kernel(pair[1], win_letters, ker_letters, output, node)
                if kernel is not None:
                    out.append(window_filter(Prod(pair[0], kernel, node), node, Kind.WINDOW))
        return out or [self._leaf(node, ctx.scope)]

    def _einsum(self, node: cst.Call, args: list, ctx: Ctx, at: int | None) -> list[Value]:
        spec = string_value(args[0]) if args else None
        if spec is None or len(args) != 3:
            return [self._leaf(node, ctx.scope)]
        spec = spec.replace(" ", "")
        inputs, _, output = spec.partition("->")
        parts = inputs.split(",")
        if len(parts) == 2 and "->" in spec and sum("..." in p for p in parts) == 1:
            # ``'...ij,ij->...'``: the ellipsis stands for leading axes of one operand
            # (a batch, the window positions) kept in the output; one letter the spec
            # does not use stands for them as well
            free = next(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in spec)
            parts = [p.replace("...", free) for p in parts]
            output = output.replace("...", free)
            spec = ""
        if len(parts) != 2 or "." in spec or any("." in p for p in (*parts, output)):
            return [self._leaf(node, ctx.scope)]
        out: list[Value] = []
        for x in self.eval(args[1], ctx, at):
            for y in self.eval(args[2], ctx, at):
                x, y = (prod_array(v) if isinstance(v, Prod) else v for v in (x, y))
                win_first = isinstance(x, Win)
                pair = window_kernel(x, y)
                if pair is None:
                    continue
                win_letters, ker_letters = parts if win_first else parts[::-1]
                kernel = einsum_kernel(pair[1], win_letters, ker_letters, output, node)
                if kernel is not None:
                    out.append(window_filter(Prod(pair[0], kernel, node), node, Kind.WINDOW))
        return out or [self._leaf(node, ctx.scope)]

    # -- filters --------------------------------------------------------------------
    def _api_filter(self, call: ApiCall, ctx: Ctx, at: int | None) -> list[Value]:
        images = self.eval(call.image, ctx, at) if call.image is not None else (UNKNOWN,)
        kernels = self.eval(call.kernel, ctx, at) if call.kernel is not None else (UNKNOWN,)
        return self._filters(call.api, call.node, call.mode, call.kernel, images, kernels)

    def _kernel_size_pad(self, node: cst.Call, ctx: Ctx, at: int | None) -> Origin | None:
        """The kernel whose size minus one ``np.pad``/``F.pad`` pads by on every side
        (``np.pad(dy, ((kh - 1, kh - 1), (kw - 1, kw - 1)))`` with ``kh, kw = k.shape``),
        as its origin; None for any other padding."""
        widths = call_arg(node, 1, "pad_width") or call_arg(node, 1, "pad")
        mode = call_arg(node, 2, "mode")
        if widths is None or (mode is not None and string_value(mode) != "constant"):
            return None  # another mode pads with other values than zeros
        if call_arg(node, None, "constant_values") or call_arg(node, 3, "value"):
            return None
        found: set[Origin] = set()
        for width in _flat_items(widths):
            kernel = _size_minus_one(width, ctx.scope)
            if kernel is None:
                return None
            found.update(v.origin.root() for v in self.eval(kernel, ctx, at) if isinstance(v, Arr))
            if len(found) != 1:
                return None
        return found.pop() if found else None

    def _layer(self, api: apis.FilterApi, node: cst.Call, ctx: Ctx) -> Lay:
        """``nn.Conv2d(1, 1, 3)``: the layer, holding what the code loads into the name it
        is bound to (``conv.weight.data = k``, ``self.conv.weight.copy_(k)``,
        ``layer.set_weights([k])``), evaluated where it is bound."""
        kernels: tuple[Value, ...] = ()
        for name, bindings in ctx.scope.bindings.items():
            if any(b.value is node for b in bindings):
                loaded = loaded_kernel(name, ctx.scope)
                if loaded is not None:
                    kernels = self.eval(loaded, ctx, None)
                break
        return Lay(api, node, kernels, id(node))

    def _layer_applied(
        self, node: cst.Call, layers: list[Lay], ctx: Ctx, at: int | None
    ) -> list[Value]:
        """``conv(x)`` of a layer object: its filter of ``x`` by the kernels it holds."""
        image = call_arg(node, 0, None)
        if image is None:
            return []
        images = self.eval(image, ctx, at)
        out: list[Value] = []
        for layer in layers:
            if layer.kernels:
                mode = framework_mode(layer.node, layer.api)  # type: ignore[arg-type]
                out.extend(self._filters(layer.api, node, mode, None, images, layer.kernels))
        return out

    def _filters(
        self,
        api: apis.FilterApi,
        node: cst.Call,
        mode: str | None,
        kernel_node: cst.BaseExpression | None,
        images: tuple[Value, ...],
        kernels: tuple[Value, ...],
    ) -> list[Value]:
        """The filters a call of ``api`` computes of each image value by each kernel."""
        api_map = ROT180 if api.orientation is apis.Orientation.CONVOLUTION else IDENTITY2
        out: list[Value] = []
        images = tuple(prod_array(v) if isinstance(v, Prod) else v for v in images)
        for kernel in kernels:
            if isinstance(kernel, Prod):
                kernel = prod_array(kernel)  # a crop times an array: an array
            if isinstance(kernel, Filt):
                # another filter's output (a residual): named by that filter, like an image
                kernel = kernel.as_array(kernel_node)
            elif not isinstance(kernel, Arr):
                # a crop of an array (``x[:15, :15]``) keeps its entries' numbers
                cut = kernel.image if isinstance(kernel, Win) else None
                kernel = Arr(
                    Origin("expr", (id(kernel_node if kernel_node is not None else node),)),
                    node=kernel_node,
                    dtype=cut.dtype if cut is not None else None,
                    bound=cut.bound if cut is not None else None,
                )
            rank = api.ndim if api.ndim in (1, 2) else (kernel.ndim or api.ndim or 2)
            arg_map = kernel.spatial_map(rank)
            kmap = None if arg_map is None else arg_map.then(api_map)
            for image in images:
                if isinstance(image, Filt):
                    image = image.as_array()
                batched = api.ndim is None and _per_item(node, kernel, image)
                out.append(
                    full_when_padded(
                        Filt(
                            Kind.API,
                            image if isinstance(image, (Arr, Win)) else UNKNOWN,
                            kernel.base(),
                            kmap,
                            node,
                            api,
                            kernel,
                            mode,
                            api.conjugates_kernel != kernel.conj,
                            False,
                            id(node),
                            batched=batched,
                        )
                    )
                )
        return out

    def _loop_filter(self, window, ctx: Ctx, at: int | None) -> list[Value]:
        from ..analysis.windows import CONVOLUTION, CORRELATION

        form = {CORRELATION: IDENTITY2, CONVOLUTION: ROT180}.get(window.form)
        images = self.eval(window.image, ctx, at)
        kernels = self.eval(window.kernel.expr, ctx, at)
        out: list[Value] = []
        for kernel in kernels:
            if not isinstance(kernel, Arr):
                continue
            arg_map = kernel.spatial_map(kernel.ndim or 2)
            kmap = None if form is None or arg_map is None else arg_map.then(form)
            for image in images:
                if isinstance(image, Arr):
                    out.append(
                        full_when_padded(
                            Filt(
                                Kind.LOOP,
                                image,
                                kernel.base(),
                                kmap,
                                window.node,
                                None,
                                kernel,
                                None,
                                kernel.conj,
                                False,
                                id(window.node),
                            )
                        )
                    )
        return out


def _flat_items(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The leaves of nested tuples and lists (a pad width spec), or the node itself."""
    if isinstance(node, (cst.Tuple, cst.List)):
        return [leaf for el in node.elements for leaf in _flat_items(el.value)]
    return [node]


def _size_minus_one(
    node: cst.BaseExpression, scope: Scope, depth: int = 0
) -> cst.BaseExpression | None:
    """``K`` of ``n - 1`` where ``n`` is a size of ``K`` (:func:`dim_source`: ``K.shape[i]``,
    ``len(K)``, ``kh`` with ``kh, kw = K.shape``), or of a name bound once to such."""
    if isinstance(node, cst.Name) and depth < 4:
        bindings = scope.lookup(node.value)
        if len(bindings) == 1 and bindings[0].kind == "assign" and bindings[0].value is not None:
            return _size_minus_one(bindings[0].value, scope, depth + 1)
        return None
    if not (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Subtract)
        and int_value(node.right) == 1
    ):
        return None
    found = dim_source(node.left, scope)
    return found[0] if found is not None else None


def _item_of_output(filt: Filt, shape) -> Filt | None:
    """``whole[z]`` of a filter that filters each item on its own: the filter of
    ``image[z]`` (the same numbers, not a part of them)."""
    if not filt.batched or shape.index_key is None or shape.count != 1:
        return None
    if not isinstance(filt.image, Arr):
        return None
    return replace(filt, image=indexed(filt.image, shape.index_key, 1), batched=False)


def _per_item(node: cst.Call, kernel: Arr, image: Value) -> bool:
    """An n-d filter call that filters each item of its image's leading axis on its
    own: the kernel has a leading axis of length 1 (``k[None]``), or ``axes=`` names
    only later axes."""
    ndim = image.ndim if isinstance(image, Arr) else None
    if kernel.unit_lead:
        return ndim is None or kernel.ndim is None or ndim == kernel.ndim
    axes = int_tuple(call_arg(node, None, "axes"))
    if not axes:
        return False
    if all(axis > 0 for axis in axes):
        return True
    return ndim is not None and len(axes) < ndim and all(axis < 0 for axis in axes)


def _raveling(args: list) -> bool:
    """``reshape(-1)``, or a row or column of all the entries: ``reshape(1, -1)``,
    ``reshape(-1, 1)`` (the order of the entries is the raveled order)."""
    sizes = _reshape_sizes(args)
    return sizes.count(-1) == 1 and all(n in (-1, 1) for n in sizes)


def _reshape_sizes(args: list) -> list[int | None]:
    """The sizes a reshape spells, as varargs or one tuple (None where not literal)."""
    if len(args) == 1 and isinstance(args[0], cst.Tuple):
        return [int_value(e.value) for e in args[0].elements]
    return [int_value(a) for a in args]


def _counter(scope: Scope, name: str, row: Binding) -> bool:
    """``name`` counts the steps of the loops around ``row``: set to 0 before them, and
    incremented by one at the same loop depth as ``row`` (nowhere else rebound)."""
    bindings = scope.bindings.get(name, [])
    starts = [b for b in bindings if b.kind == "assign" and b.order < row.order]
    steps = [b for b in bindings if b.kind == "augassign"]
    if len(starts) != 1 or len(steps) != 1 or len(bindings) != 2:
        return False
    if int_value(starts[0].value) != 0 or starts[0].loop_depth >= row.loop_depth:
        return False
    step = assignment_of(steps[0])
    return (
        step is not None
        and int_value(accumulated_term(step)) == 1
        and steps[0].loop_depth == row.loop_depth
    )


def _rows_raveled(args: list) -> bool:
    """``w.reshape(F, -1)``: one raveled kernel per row (a stack of filters dotted with
    a matrix of windows, im2col): the entries of each row keep the raveled order."""
    sizes = _reshape_sizes(args)
    return len(sizes) == 2 and sizes[1] == -1 and sizes[0] != -1


def _reorders_axes_only(make) -> bool:
    """The step permutes axes and reverses none (``.T``, ``np.transpose``)."""
    try:
        axes = make(2)
    except Exception:  # a step that does not apply to two axes
        return False
    return axes is not None and not any(axes.rev)


def _flat_pair(window: Win, kernel: Arr) -> bool:
    """A dot product sums ``window * kernel`` when both are raveled, or when both are
    1-D (a window cut along one axis, dotted with 1-D taps)."""
    if window.flat and kernel.flat:
        return True
    return window.rank == 1 and kernel.ndim == 1 and not window.flat and not kernel.flat


def _comprehension_names(node: cst.ListComp | cst.GeneratorExp | cst.SetComp) -> set[str]:
    """The names a comprehension's ``for`` clauses bind."""
    names: set[str] = set()
    clause: cst.CompFor | None = node.for_in
    while clause is not None:
        names.update(n.value for n in walk(clause.target) if isinstance(n, cst.Name))
        clause = clause.inner_for_in
    return names


def _slides(value: Value, names: set[str]) -> bool:
    """A window sum (or a comprehension of them) whose window is cut at an offset the
    comprehension's variables move."""
    if not isinstance(value, Filt) or value.kind is not Kind.WINDOW or value.part:
        return False
    return value.window is not None and _cut_at(value.window, names)


def _cut_at(window: Win, names: Set[str]) -> bool:
    """The window's slice reads one of ``names`` (loop or comprehension variables)."""
    if window.node is None:
        return False
    return any(isinstance(n, cst.Name) and n.value in names for n in walk(window.node))


def _number(node: cst.BaseExpression, scope: Scope, depth: int = 0) -> bool:
    """Arithmetic of number literals and of names bound once to such (``CELL**2``)."""
    if depth > 6:
        return False
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return _number(node.expression, scope, depth + 1)
    if isinstance(node, cst.BinaryOperation):
        return _number(node.left, scope, depth + 1) and _number(node.right, scope, depth + 1)
    if isinstance(node, cst.Name):
        bindings = scope.lookup(node.value)
        if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].unpack:
            return False
        one = bindings[0]
        return (
            one.value is not None and not one.loop_depth and _number(one.value, scope, depth + 1)
        )
    return False


def any_item(value: Tup) -> list[Value]:
    """Each value an element of ``value`` can have, once (an index the code computes)."""
    out: list[Value] = []
    for item in value.items:
        out.extend(v for v in item if v not in out)
    return out or [UNKNOWN]


def _axes_pairs(axes: cst.BaseExpression) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """``([1, 2, 3], [0, 1, 2])`` of a tensordot: the paired axes of its two operands."""
    if not isinstance(axes, (cst.Tuple, cst.List)) or len(axes.elements) != 2:
        return None
    first, second = (int_tuple(e.value) for e in axes.elements)
    if first is None or second is None or len(first) != len(second) or not first:
        return None
    if min(first) < 0 or min(second) < 0:
        return None
    return first, second


def _rank_of(value: Value, contracted: tuple[int, ...]) -> int | None:
    """How many axes a tensordot operand has: its known rank (a window's from its slice),
    else None."""
    if isinstance(value, Win):
        rank = value.rank
        if isinstance(value.node, cst.Subscript):
            rank = len(elements_of(value.node))
        return rank
    if isinstance(value, Arr):
        return value.ndim
    return None


def _contraction_letters(
    rank_x: int | None, rank_y: int | None, pairs: tuple[tuple[int, ...], tuple[int, ...]]
) -> tuple[str, str, str] | None:
    """The einsum spec of ``tensordot(x, y, axes=pairs)``: (x's letters, y's, output's).
    An operand of unknown rank counts only when its paired axes are its last ones (then
    no free axis can follow them unseen)."""
    ranks = []
    for rank, axes in zip((rank_x, rank_y), pairs, strict=True):
        if rank is None:
            rank = max(axes) + 1
            if sorted(axes) != list(range(rank - len(axes), rank)):
                return None
        if max(axes) >= rank or len(set(axes)) != len(axes):
            return None
        ranks.append(rank)
    letters = iter("abcdefghijklmnopqrstuvwxyz")
    x = [next(letters) for _ in range(ranks[0])]
    y = [next(letters) for _ in range(ranks[1])]
    for i, j in zip(*pairs, strict=True):
        y[j] = x[i]
    output = [c for i, c in enumerate(x) if i not in pairs[0]]
    output += [c for j, c in enumerate(y) if j not in pairs[1]]
    return "".join(x), "".join(y), "".join(output)


def _subsampling(node: cst.Subscript) -> str | None:
    """The spelling of ``raw[0::2, 1::2]``: slices with literal bounds and positive literal
    steps, one of them above 1 (a subsampled array, not a window or a flip)."""
    spelled: list[str] = []
    strided = False
    for element in elements_of(node):
        index = element.slice
        if not isinstance(index, cst.Slice):
            return None
        numbers: list[int | None] = []
        for part in (index.lower, index.upper, index.step):
            number = None if part is None else int_value(part)
            if part is not None and number is None:
                return None
            numbers.append(number)
        step = numbers[2]
        if step is not None and step < 1:
            return None
        strided = strided or (step is not None and step > 1)
        spelled.append(":".join("" if n is None else str(n) for n in numbers))
    return ",".join(spelled) if strided else None


def _one_index(node: cst.Subscript) -> bool:
    """``seq[i]``: one index, not a slice, that is no literal (those are read exactly)."""
    return len(elements_of(node)) == 1 and isinstance(elements_of(node)[0].slice, cst.Index)


def _dict_view(value: Value, method: str) -> Tup | None:
    """``d.values()`` (the entries) or ``d.items()`` (key, entry pairs) of a dict literal."""
    if not isinstance(value, Tup) or not value.keys:
        return None
    if method == "values":
        return Tup(value.items)
    return Tup(tuple((Tup(((UNKNOWN,), item)),) for item in value.items))


def _written(value: Value) -> Value:
    """An array whose items the code assigns: what its constructor showed no longer holds
    (``np.zeros`` then ``k[0, n:] = 1`` is neither symmetric nor all zeros)."""
    if isinstance(value, Arr) and (value.symmetric or value.literal is not None):
        return replace(value, symmetric=False, literal=None)
    return value


def _property(cls: Scope, name: str) -> Scope | None:
    """The method ``name`` of ``cls`` when it is a property (read as an attribute)."""
    for child in cls.children:
        if (
            child.kind == "function"
            and child.name == name
            and isinstance(child.node, cst.FunctionDef)
        ):
            if any(dotted(d.decorator) in apis.PROPERTY_DECORATORS for d in child.node.decorators):
                return child
    return None


def _function_of(scope: Scope | None) -> Scope | None:
    """The function a scope is (or sits in: a comprehension's)."""
    while scope is not None and scope.kind != "function":
        scope = scope.parent
    return scope


def _block(target: cst.BaseExpression) -> bool:
    """``buf[a:b, c:d]``: every index a slice, one with a bound (a block, not the whole)."""
    if not isinstance(target, cst.Subscript):
        return False
    shape = index_shape(target)
    return shape.window and shape.rank == len(elements_of(target))


def _flips_only(m: AxisMap | None) -> bool:
    return m is not None and m.src == tuple(range(m.ndim))


def _output_flipped(filt: Filt, make, step: Step) -> Value:
    """A filter's output reversed along axes: the filter of both operands reversed so.

    ``xcorr(x, k)[::-1, ::-1]`` is ``xcorr(x[::-1, ::-1], k[::-1, ::-1])`` in 'valid' and
    'full' mode (each axis on its own: ``y[N-1-i] = sum_m x[N-1-i+m] k[m]`` reindexed),
    which is how a convolution layer's kernel gradient is usually written.  Only flips of
    a whole 2-D library result are read; anything else is not a filter the rules judge.
    """
    m = make(2)
    image = filt.image
    if (
        filt.kind is not Kind.API
        or filt.part
        or filt.mode not in ("valid", "full")
        or not isinstance(image, Arr)
        or not _flips_only(m)
        or not _flips_only(filt.kmap)
    ):
        return UNKNOWN
    assert m is not None and filt.kmap is not None
    return replace(
        filt,
        image=image.with_step(step),
        kmap=filt.kmap.then(m),
        out_steps=(step, *filt.out_steps),
    )


def _window_axes(node: cst.Call, value: Value) -> tuple[int, ...] | None:
    """The ``axis=`` of ``sliding_window_view``, the image axes the window's axes come from
    in order (empty: not given, every axis in order; None: not read)."""
    axis = call_arg(node, 2, "axis")
    if axis is None:
        return ()
    image = value.image if isinstance(value, Win) else value
    items = axis.elements if isinstance(axis, (cst.Tuple, cst.List)) else None
    found = [int_value(n) for n in ([e.value for e in items] if items is not None else [axis])]
    if any(v is None for v in found):
        return None
    ndim = image.ndim if isinstance(image, Arr) else None
    if ndim is not None:
        return tuple(v % ndim for v in found if v is not None and -ndim <= v < ndim)
    if all(v is not None and v >= 0 for v in found) or all(v is not None and v < 0 for v in found):
        return tuple(v for v in found if v is not None)
    return None  # -1 and 1 of an image of unknown rank: not comparable


def _window_view(value: Value, along: tuple[int, ...] | None, node: cst.Call) -> Value:
    """Windows cut from ``value`` along ``along`` (see :func:`_window_axes`).

    Two calls that cut one axis each (``axis=1``, then ``axis=0``) make one window whose
    axes come in the order of the cuts: columns first is the window transposed.
    """
    if along is None:
        return UNKNOWN
    if isinstance(value, Arr):
        image, axes = value, along
    elif isinstance(value, Win) and value.along and along and not value.steps:
        image, axes = value.image, (*value.along, *along)
    else:
        return UNKNOWN
    if len(axes) < 2:
        return Win(image, (), node, along=axes)
    if list(axes) == sorted(set(axes)):
        return Win(image, (), node)  # the window's axes in the image's order
    if len(axes) == 2 and axes[0] > axes[1]:
        return Win(image, (Step.of(lambda n: swap(n, -2, -1), node),), node)  # transposed
    return UNKNOWN


def _within(scope: Scope | None, owner: Scope | None) -> bool:
    """``scope`` is ``owner`` or nested in it (shares its local names)."""
    while scope is not None:
        if scope is owner:
            return True
        scope = scope.parent
    return False
