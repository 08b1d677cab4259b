"""The semantic model: what each expression of a file computes, evaluated once.

:class:`Model` is what rules read.  It owns the evaluator (:mod:`.evaluate`) over the
abstract values of :mod:`.values`, and the claimed equalities of :mod:`.claims`.  It is
created lazily by :meth:`FileFacts.model` and dropped with the facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from ..analysis import apis
from ..analysis.alignment import index_exprs, shape_exprs
from ..analysis.exprs import dotted, walk
from ..analysis.flips import gradient_scope
from ..analysis.model import FileFacts, Scope
from .anchors import assigned_impulse, impulse_assignment
from .calls import MAX_CALL_DEPTH
from .claims import Claim, claims
from .evaluate import Evaluator
from .flips import KernelUse, Verdict, filter_sites, kernel_uses
from .gradients import Gradients, GradStep, Layer, Role, item_chain, items_along
from .integers import Sizes
from .numbers import NOTHING, Numbers, combined, join, of_array
from .values import UNKNOWN, Arr, Filt, Kind, Origin, Prod, Value, Win, leaves

__all__ = [
    "UNKNOWN",
    "Arr",
    "Claim",
    "Filt",
    "GradStep",
    "KernelUse",
    "Kind",
    "Layer",
    "Model",
    "Numbers",
    "Origin",
    "Placed",
    "Role",
    "Value",
    "Win",
]


@dataclass(frozen=True)
class Placed:
    """A filter with the scope it is written in and the loops around it there.

    A *view* (see :meth:`Model.views`) is the same filter as a caller of its function
    sees it: ``scope`` is the caller, ``filt`` is evaluated with the caller's arguments
    and ``via`` lists the functions it was reached through (innermost first).
    """

    filt: Filt
    scope: Scope
    loop_depth: int
    via: tuple[Scope, ...] = ()
    call: cst.Call | None = None  # for a view: the call in ``scope`` that yields the filter


@dataclass(frozen=True)
class ClaimedPair:
    """Two values a claim says are equal (``a`` from one side, ``b`` from another)."""

    claim: Claim
    a: Value
    b: Value


class Model:
    """One file's semantic model (see the package docstring)."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self.evaluator = Evaluator(facts)
        self._claims: list[Claim] | None = None
        self._claim_values: dict[int, list[tuple]] = {}
        self._kernel_uses: list[KernelUse] | None = None
        self._filters: list[Placed] | None = None
        self._gradients: Gradients | None = None
        self._numbers: dict[tuple[Origin, int], Numbers] = {}
        self._passed: dict[Origin, frozenset[Origin]] = {}
        self._local: set[int] | None = None
        self._views: dict[tuple, list[Placed]] = {}
        self._placed: dict[int, Placed] | None = None
        self._claimed: set[tuple[int, int]] | None = None
        self._backward: set[int] | None = None
        self._scope_of: dict[int, Scope] | None = None
        self._sizes: Sizes | None = None

    def gradients(self) -> Gradients:
        """Forward passes paired with their backward formulas (see :mod:`.gradients`)."""
        if self._gradients is None:
            self._gradients = Gradients(self)
        return self._gradients

    def gradient_code(self, scope: Scope) -> bool:
        """A function that computes gradients: named so, or some layer's backward pass
        (:mod:`.gradients` pairs those by what they compute)."""
        if gradient_scope(scope):
            return True
        if self._backward is None:
            layers = self.gradients().layers()
            self._backward = {id(step.scope) for layer in layers for step in layer.steps}
        return id(scope) in self._backward

    def at(self, statement: cst.CSTNode | None) -> int | None:
        """The position of ``statement`` in the file, for flow-sensitive lookups."""
        if statement is None:
            return None
        return self.facts.statement_order.get(id(statement))

    def values(
        self,
        node: cst.BaseExpression | None,
        scope: Scope,
        statement: cst.CSTNode | None = None,
    ) -> tuple[Value, ...]:
        """The candidate values of ``node`` in ``scope`` (at ``statement``)."""
        return self.evaluator.values(node, scope, self.at(statement))

    def numbers(self, value: Value, depth: int = 0) -> Numbers:
        """What the code shows of an array's entries (dtype kind, bound, size).

        An array known only as a parameter (or an item of one) gets what every call of
        its function in the file agrees on, up to MAX_CALL_DEPTH calls out.
        """
        if isinstance(value, Prod):
            # a product of a slice with an array (``taps * np.hanning(8)[1:7]``), whether
            # or not it is summed later: numpy's promotion of the two
            return combined(
                cst.Multiply(),
                self.numbers(value.window, depth),
                self.numbers(value.kernel, depth),
            )
        if isinstance(value, Win):
            value = value.image
        if isinstance(value, Filt):
            value = value.as_array()  # what the code shows of the result's entries
        if not isinstance(value, Arr):
            return NOTHING
        own = of_array(value)
        if own.kind is not None:
            return own
        root = value.origin.root()
        if root.kind != "param" or depth >= MAX_CALL_DEPTH:
            return NOTHING
        # by depth: what a caller far out sees (its budget spent) is not the answer
        found = self._numbers.get((root, depth))
        if found is None:
            self._numbers[(root, depth)] = NOTHING  # a recursive function asks itself
            found = self._caller_numbers(root, depth)
            self._numbers[(root, depth)] = found
        if root != value.origin:
            found = Numbers(found.kind, found.bound)  # an item: fewer entries
        return found

    def _caller_numbers(self, param: Origin, depth: int) -> Numbers:
        sites = self.evaluator.passed_for(param)
        return join(join(self.numbers(v, depth + 1) for v in values) for values in sites)

    def passed(self, origin: Origin) -> frozenset[Origin]:
        """The one array every call in the file passes for a parameter, or for an item of
        one (``state["w"]`` of a ``state`` dict literal, ``cache[1]``): a set of one
        origin, else empty (unknown, or a parameter again)."""
        found = self._passed.get(origin)
        if found is not None:
            return found
        root, chain = item_chain(origin)
        out: set[Origin] = set()
        for site in self.evaluator.passed_for(root):
            for value in site:
                for leaf in items_along(value, chain):
                    if not isinstance(leaf, Arr) or leaf.origin.kind == "param":
                        self._passed[origin] = frozenset()
                        return frozenset()
                    out.add(leaf.origin)
        result = frozenset(out) if len(out) == 1 else frozenset()
        self._passed[origin] = result
        return result

    def passed_root(self, origin: Origin) -> Origin:
        """The root of the array ``origin`` is, through what the callers pass (two
        functions given one module-level ``state`` read the same arrays from it)."""
        found = self.passed(origin)
        return next(iter(found)).root() if found else origin.root()

    def shape(self, value: Value, depth: int = 0) -> tuple[int, ...] | None:
        """The shape of an array: its own, or the one every caller passes (a parameter)."""
        if not isinstance(value, Arr):
            return None
        if value.shape is not None or value.origin.kind != "param" or depth >= 2:
            return value.shape
        sites = self.evaluator.passed_for(value.origin)
        shapes = {self.shape(v, depth + 1) for values in sites for v in values}
        return shapes.pop() if len(shapes) == 1 else None

    def scope_of(self, node: cst.CSTNode) -> Scope | None:
        """The innermost scope whose own code holds ``node`` (indexed on first use)."""
        if self._scope_of is None:
            index: dict[int, Scope] = {}
            for scope in self.facts.scopes:
                for statement, _ in scope.statements:
                    for inner in walk(statement):
                        index.setdefault(id(inner), scope)
            self._scope_of = index
        return self._scope_of.get(id(node))

    def sizes(self) -> Sizes:
        """Integer sizes world by world (see :mod:`.integers`)."""
        if self._sizes is None:
            self._sizes = Sizes(self.evaluator)
        return self._sizes

    def made(self, value: Value) -> list[Arr]:
        """The arrays ``value`` is: itself, or what the callers pass for a parameter."""
        if not isinstance(value, Arr):
            return []
        if value.origin.kind != "param" or value.has_steps:
            return [value]
        passed = self.evaluator.passed_for(value.origin)
        out = [v for site in passed for v in site if isinstance(v, Arr) and not v.has_steps]
        return out if passed and len(out) == sum(len(site) for site in passed) else [value]

    def shapes(self, value: Value) -> list[tuple[int, ...]]:
        """The shapes an array can have: its known shape, or one per world of the sizes
        its constructor is given (``np.zeros((n, n))`` with ``n`` from each caller)."""
        known = self.shape(value)
        if known is not None:
            return [known]
        out: list[tuple[int, ...]] = []
        for made in self.made(value):
            out.extend(s for s in self._made_shapes(made) if s not in out)
        return out

    def _made_shapes(self, value: Arr) -> list[tuple[int, ...]]:
        if value.node is None or value.has_steps:
            return []
        scope = self.scope_of(value.node)
        exprs = shape_exprs(value.node, scope) if scope is not None else None
        if scope is None or exprs is None:
            return []
        out: list[tuple[int, ...]] = []
        for world in self.sizes().worlds(exprs, scope):
            if all(v is not None and v > 0 for v in world):
                out.append(tuple(v for v in world if v is not None))
        return out

    def impulses(self, kernel: Arr) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        """(shape, position of the one 1) of a unit impulse ``d = np.zeros(...); d[i, j] =
        1``, once per world of its sizes (the shape and the indices read together), for
        ``kernel`` or for each array the callers pass for it."""
        if kernel.has_steps:
            return []
        shape = self.shape(kernel)
        position = assigned_impulse(self.facts, self.values, kernel) if shape else None
        if shape is not None and position is not None:
            return [(shape, position)]
        out: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        for made in self.made(kernel):
            site = impulse_assignment(self.facts, self.values, made)
            scope = site[0] if site is not None else None
            exprs = shape_exprs(made.node, scope) if scope is not None else None
            indices = index_exprs(site[1]) if site is not None else None
            if scope is None or exprs is None or indices is None or len(indices) != len(exprs):
                continue
            for world in self.sizes().worlds([*exprs, *indices], scope):
                sizes, where = world[: len(exprs)], world[len(exprs) :]
                if None in world or not all(
                    0 <= p < m  # type: ignore[operator]
                    for p, m in zip(where, sizes, strict=True)
                ):
                    continue
                found = (tuple(sizes), tuple(where))
                if found not in out:
                    out.append(found)  # type: ignore[arg-type]
        return out

    def all_kernel_uses(self) -> list[KernelUse]:
        """Every filter whose kernel (or window) carries steps, with a verdict (once)."""
        if self._kernel_uses is None:
            self._kernel_uses = kernel_uses(self)
        return self._kernel_uses

    def kernel_uses(self) -> list[KernelUse]:
        """The kernel uses whose steps are not the proper rotation (the flip rules')."""
        return [u for u in self.all_kernel_uses() if u.verdict is not Verdict.PROPER]

    def rotations(self) -> list[KernelUse]:
        """The kernel uses whose steps are exactly the 180-degree rotation."""
        return [u for u in self.all_kernel_uses() if u.verdict is Verdict.PROPER]

    def filters(self) -> list[Placed]:
        """Every filter the file computes, evaluated where it is written (computed once).

        A library call, a window sum in any reduction spelling, an accumulation loop; a
        filter computed in a helper is placed in the helper (its own scope), once.
        """
        if self._filters is None:
            found: dict[int, Placed] = {}
            for site in filter_sites(self):
                for value in self.values(site.node, site.scope, site.statement):
                    if isinstance(value, Filt) and value.ident == id(site.node):
                        found.setdefault(value.ident, Placed(value, site.scope, site.loop_depth))
            for window in self.evaluator.loop_windows.values():
                node = window.accumulation.term
                for value in self.values(node, window.scope, window.statement):
                    if isinstance(value, Filt):
                        found.setdefault(value.ident, Placed(value, window.scope, 1))
            self._filters = list(found.values())
        return self._filters

    def filters_in(self, scope: Scope) -> list[Filt]:
        """The library filters ``scope`` calls, as evaluated there: its own calls, and
        those it makes through the file's functions (``_blur(x, psf)``)."""
        out: list[Filt] = []
        for call in scope.api_calls:
            out += [
                v
                for v in self.values(call.node, scope, call.site.statement)
                if isinstance(v, Filt)
            ]
        local = self._local_calls()
        for site in scope.calls:
            if id(site.node) in local:
                out += [
                    v
                    for v in self.values(site.node, scope, site.statement)
                    if isinstance(v, Filt) and v.kind is Kind.API
                ]
        return out

    def placed(self, ident: int) -> Placed | None:
        """Where the filter computed by node ``ident`` is written."""
        if self._placed is None:
            self._placed = {p.filt.ident: p for p in self.filters()}
        return self._placed.get(ident)

    def claimed_idents(self) -> set[tuple[int, int]]:
        """(ident, ident) of every two filters a claim says are equal (both orders)."""
        if self._claimed is None:
            self._claimed = {
                (pair.a.ident, pair.b.ident)
                for pair in self.claimed_pairs()
                if isinstance(pair.a, Filt) and isinstance(pair.b, Filt)
            }
        return self._claimed

    def one_caller_each(self, view: Placed) -> bool:
        """Every function ``view`` was reached through has that one call in the file (so
        an edit of the filter changes what this caller gets and nothing else here)."""
        callers = self.evaluator.callers()
        return all(len(callers.get(id(f.node), ())) == 1 for f in view.via)

    def _local_calls(self) -> set[int]:
        """The call nodes (by id) that call one of the file's own functions."""
        if self._local is None:
            callers = self.evaluator.callers().values()
            self._local = {id(site.node) for found in callers for site, _, _ in found}
        return self._local

    def views(self, placed: Placed) -> list[Placed]:
        """``placed`` and the same filter as each caller of its function sees it.

        A helper (``def _apply(x, k): return correlate2d(x, k)``) says nothing about
        what it is for; the function that calls it may (``def blur(img, psf)``, a
        docstring).  Each call of the helper in the file evaluates the filter with the
        caller's arguments, so the caller's words, its other filters and the kernel it
        passes (a Gaussian, a rotated array) judge it there.  Up to
        :data:`~.calls.MAX_CALL_DEPTH` functions out; recursion is not followed.
        """
        key = (placed.filt, id(placed.scope), placed.loop_depth, placed.via, id(placed.call))
        known = self._views.get(key)
        if known is not None:
            return list(known)
        out = [placed]
        frontier = [placed]
        callers = self.evaluator.callers()
        for _ in range(MAX_CALL_DEPTH):
            reached: list[Placed] = []
            for view in frontier:
                function = view.scope
                if function.kind != "function":
                    continue
                for site, _, _ in callers.get(id(function.node), ()):
                    if site.scope is function or site.scope in view.via:
                        continue
                    found = self.values(site.node, site.scope, site.statement)
                    for value in (leaf for v in found for leaf in leaves(v)):
                        if isinstance(value, Filt) and value.ident == placed.filt.ident:
                            via = (*view.via, function)
                            reached.append(
                                Placed(value, site.scope, site.loop_depth, via, site.node)
                            )
            out += reached
            frontier = reached
        self._views[key] = out
        return list(out)

    def claims(self) -> list[Claim]:
        if self._claims is None:
            self._claims = claims(self.facts)
        return self._claims

    def side_values(self, claim: Claim) -> list[tuple[Value, ...]]:
        """The values of each side of ``claim`` (computed once)."""
        found = self._claim_values.get(id(claim))
        if found is None:
            ats = claim.side_at or (claim.at,) * len(claim.sides)
            found = [
                self.evaluator.values(side, claim.scope, at)
                for side, at in zip(claim.sides, ats, strict=True)
            ]
            if claim.kind == "print":
                found = [v for v in found if any(isinstance(x, Filt) for x in v)]
            self._claim_values[id(claim)] = found
        return found

    def claimed_pairs(self) -> Iterator[ClaimedPair]:
        """Every ordered pair of values from two different sides of one claim."""
        for claim in self.claims():
            sides = self.side_values(claim)
            for i, left in enumerate(sides):
                for j, right in enumerate(sides):
                    if i == j or (claim.kind == "print" and abs(i - j) != 1):
                        continue
                    for a in left:
                        for b in right:
                            yield ClaimedPair(claim, a, b)


def image_origin(value: object) -> Origin | None:
    """The origin of the array a filter reads (through a window or a crop)."""
    if isinstance(value, Win):
        value = value.image
    return value.origin if isinstance(value, Arr) else None


def same_operands(
    a: Filt, b: Filt, *, across_layouts: bool = False, model: Model | None = None
) -> bool:
    """Both filters read the same image with the same base kernel (the image may be
    every item of an array on one side and the item a loop names on the other).

    ``across_layouts`` compares the arrays the operands are cut from, for a framework
    call on a batch (``x[None, None]``, NHWC) against a reference on one plane of it;
    with ``model``, through what the callers pass (:meth:`Model.passed_root`).
    """
    ia, ib = image_origin(a.image), image_origin(b.image)
    if ia is None or ib is None:
        return False
    ka, kb = a.kernel.origin, b.kernel.origin
    if across_layouts:
        if ia.root() == ib.root() and ka.root() == kb.root():
            return True
        if model is None:
            return False
        return model.passed_root(ia) == model.passed_root(ib) and model.passed_root(
            ka
        ) == model.passed_root(kb)
    return (ia.same_item(ib) or _each_item(a, ia, ib) or _each_item(b, ib, ia)) and ka == kb


def _each_item(batch: Filt, whole: Origin, item: Origin) -> bool:
    """``batch`` filters every item of ``whole`` on its own, and ``item`` is an item of
    it (whichever one a loop visits): the two filters read the same planes."""
    return batch.batched and item.kind == "item" and item.parent == whole


def adjoint_partner(model: Model, filt: Filt, scope: Scope) -> bool:
    """``scope`` also filters with the same kernel in the other orientation.

    A forward model next to its adjoint (Richardson-Lucy convolves with the PSF and with
    its mirror image) uses both orientations on purpose, and so does a function the file
    dot-tests against another (:meth:`Gradients.declared_adjoints`): each is half of a
    model and its adjoint, which CNV206 judges as a pair.
    """
    if any(id(scope.node) in pair for pair in model.gradients().declared_adjoints()):
        return True
    claimed = model.claimed_idents()
    for other in model.filters_in(scope):
        if other.ident == filt.ident or other.kernel.origin != filt.kernel.origin:
            continue
        if (filt.ident, other.ident) in claimed:
            continue  # claimed equal to it: a test of the two, not a model and its adjoint
        mine, theirs = image_origin(filt.image), image_origin(other.image)
        if mine is not None and mine == theirs:
            continue  # the same input both ways: two answers to one question, not an adjoint
        if other.orientation is not None and other.orientation is not filt.orientation:
            if _named_adjoint_of(model, other, filt):
                continue  # ``adjoint()`` follows ``forward()``: it cannot excuse it
            return True
    return False


def _named_adjoint_of(model: Model, other: Filt, filt: Filt) -> bool:
    """``other`` is written in a function named as an adjoint (``adjoint``, ``A_T``,
    ``backward``) and ``filt`` in another function not so named: the forward model is
    judged by what it documents, its adjoint by the forward."""
    here, there = model.placed(filt.ident), model.placed(other.ident)
    if here is None or there is None or here.scope is there.scope:
        return False
    if here.scope.kind != "function" or there.scope.kind != "function":
        return False

    def adjoint_named(scope: Scope) -> bool:
        return bool(apis.ADJOINT_NAME.search(scope.name) or apis.GRADIENT_NAMES.search(scope.name))

    return adjoint_named(there.scope) and not adjoint_named(here.scope)


def passed_turned(model: Model, array: Arr) -> bool:
    """``array`` is a parameter some call of its function passes flipped or turned.

    A wrapper documented as one orientation whose caller rotates the kernel computes the
    other on purpose (``conv(x, k[::-1, ::-1])`` to correlate): its own body proves
    nothing.
    """
    passed = model.evaluator.passed_for(array.origin.root())
    return any(isinstance(v, Arr) and _turned(v) for values in passed for v in values)


def _turned(value: Arr) -> bool:
    """Steps that may turn one orientation into the other.  A 2-D kernel mirrored on one
    axis only (``k[:, ::-1]``: a motion blur to the left) is another kernel, not that."""
    if not value.steps:
        return False
    m = value.spatial_map(2) if value.ndim == 2 else None
    return m is None or m.src != (0, 1) or m.rev.count(True) != 1


def kernel_names(model: Model, filt: Filt) -> list[str | None]:
    """Names the kernel goes by (for intent read from names): its array's, when it is a
    named input, and the call's kernel argument as written; ``None`` first (no name)."""
    names: list[str | None] = [None]
    origin = filt.kernel.origin.root()
    if origin.kind in ("param", "free", "attr") and origin.key:
        names.append(str(origin.key[-1]))
    call = model.evaluator.api_calls.get(filt.ident)
    if call is not None and call.kernel is not None:
        names.append(dotted(call.kernel))
    return names


def symmetric_kernel(filt: Filt) -> bool:
    """The kernel provably equals its own 180-degree rotation (orientation cannot matter)."""
    return filt.kernel.rot180_invariant
