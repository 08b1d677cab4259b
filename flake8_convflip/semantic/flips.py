"""Kernel uses: every filter the model computes, with what the flips on its kernel amount to.

A *kernel use* is a :class:`~.values.Filt` (an API call, a window sum, an accumulation
loop) whose kernel, as written, carries axis steps, wherever those steps were written
(a helper ``rot180(k)``, a local alias, a rotated stack a loop runs over).  In gradient
code the image operand of a scipy-style call is a kernel too (``convolve2d(x[::-1],
dy)`` is the kernel gradient).  The place of use fixes the rank and the spatial axes:

* 2-D APIs: both axes; n-d scipy APIs: every axis of the kernel;
* torch weights ``(out, in, kh, kw)``: the last two; TensorFlow/Keras ``(kh, kw, in,
  out)``: the first two;
* window sums and loops: the last two axes of the kernel (its rank from the code: a
  literal, a shape, an einsum spec), a 1-D kernel's only axis.

The verdict (:func:`~..analysis.axes.flip_verdict`) is computed once, on the composed
map of every step at that rank, over the whole stack when the kernel is an item of one
(``np.rot90(W, 2)[f, c]`` reverses the stack's axes, not the item's).  Each use also
carries the evidence of an *attempted* rotation that the flip rules weigh before
speaking: a window or gradient code, chained flips, and the words around the steps
(names the value was stored under, the helper a step was written in, comments).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import libcst as cst

from ..analysis import apis
from ..analysis.apis import Family
from ..analysis.axes import AxisMap, Verdict, flip_verdict
from ..analysis.exprs import walk
from ..analysis.flips import gradient_scope
from ..analysis.model import CallSite, FileFacts, Scope
from .calls import Ctx
from .forms import inverse
from .values import Arr, Filt, Kind, Origin, Step, Tup, Win, behind

if TYPE_CHECKING:
    from . import Model

__all__ = ["KernelUse", "Verdict", "kernel_uses"]


@dataclass(frozen=True)
class Evidence:
    """What the code around a use says about the steps (read by the flip rules)."""

    window: bool  # a hand-rolled window sum or loop needs the rotation
    gradient: bool  # the filter is computed in gradient code
    chained: int  # how many steps there are
    words: str  # names, helper names, docstrings and comments around the steps
    literal: bool  # the kernel is a literal: turning it makes a new kernel (Sobel x -> y)


@dataclass(frozen=True)
class KernelUse:
    """A filter's kernel (or, in gradient code, image) at the place it acts as a kernel."""

    filt: Filt
    operand: Arr  # as written, steps included
    rank: int | None  # the operand's rank at the use (None: unknown)
    lead: int  # stack axes indexed away since the earliest step
    spatial: tuple[int, ...]  # the axes a rotation must reverse, at rank ``lead + rank``
    verdict: Verdict
    stack_map: AxisMap | None  # every step composed, at rank ``lead + rank`` (None: unknown)
    steps: tuple[Step, ...]  # outermost first: the operand's, or else the window's
    on_window: bool  # the steps are the window's (``patch.T * k``)
    scope: Scope | None  # where the filter is computed
    statement: cst.CSTNode | None
    evidence: Evidence
    step_scope: Scope | None  # where the outermost step is written

    @property
    def written_spatial(self) -> tuple[int, ...] | None:
        """:attr:`spatial` numbered as the code writes the operand's axes (None: a view
        of a stack whose axes the code does not number)."""
        order = self.operand.written_axes
        if not order:
            return self.spatial
        if self.lead or any(axis >= len(order) for axis in self.spatial):
            return None
        return tuple(order[axis] for axis in self.spatial)

    @property
    def outer(self) -> cst.CSTNode:
        """The outermost step: the flip a user would fix."""
        return self.steps[0].node

    @property
    def stack_rank(self) -> int | None:
        return None if self.rank is None else self.rank + self.lead


def _frame(filt: Filt, operand: Arr) -> tuple[int | None, tuple[int, ...]] | None:
    """(rank, spatial axes) of ``operand`` where ``filt`` uses it; None: not judged."""
    api = filt.api
    if filt.kind is Kind.API and api is not None:
        if api.family is Family.FRAMEWORK and api.ndim == 3:
            return None  # torch conv1d weights: (out, in, k), not judged
        if api.ndim == 1:
            return 1, (0,)  # reversing a 1-D kernel is the whole rotation
        if api.family is Family.FRAMEWORK:
            return 4, ((2, 3) if api.name.startswith("torch") else (0, 1))
        if api.ndim == 2:
            return 2, (0, 1)
        # the n-d APIs take operands of one rank: an unknown kernel has the image's
        image = filt.image
        rank = operand.ndim or (image.ndim if isinstance(image, Arr) else None)
        return rank, tuple(range(rank)) if rank else ()
    window = filt.window
    rank = operand.ndim or (window.rank if window is not None else None) or 2
    return rank, ((rank - 2, rank - 1) if rank >= 2 else (0,))


def _touches(m: AxisMap, spatial: tuple[int, ...]) -> bool:
    """The step reverses a spatial axis: a flip was attempted.  Transposes alone that
    undo each other (``convolve2d(x.T, k.T).T``, filtering along columns) attempt none."""
    return any(m.rev[i] for i in spatial)


def _judge(
    operand: Arr, window: Win | None, rank: int, spatial: tuple[int, ...]
) -> tuple[Verdict | None, AxisMap | None, int]:
    """The verdict on ``operand`` (and the window's own steps) at ``rank``.

    Also the composed map over the whole stack and the count of leading stack axes.
    """
    found = operand.stack_map(rank)
    if found is None:
        return None, None, 0
    m, lead = found
    total = rank + lead
    maps = [step.make(rank + step.lift) for step in operand.steps]
    if window is not None and window.steps:
        seen = Arr(Origin("window", ()), window.steps).axis_map(rank)
        undone = inverse(seen)
        if undone is None:
            return None, None, lead
        m = m.then(behind(undone, total))
        maps += [step.make(rank) for step in window.steps]
    if any(one is None for one in maps):
        return None, None, lead
    full = tuple(lead + axis for axis in spatial)
    touched = any(_touches(behind(one, total), full) for one in maps if one is not None)
    return flip_verdict(m, full, touched), m, lead


def _judge_any_rank(operand: Arr, window: Win | None) -> Verdict | None:
    """For an n-d API whose kernel rank is unknown: only a chain that cancels on any rank."""
    for rank in (2, 3, 4):
        verdict = _judge(operand, window, rank, tuple(range(rank)))[0]
        if verdict is not Verdict.NOOP:
            return None
    return Verdict.NOOP


class _Index:
    """Where syntax sits: the call sites, loop windows and statements of the file."""

    def __init__(self, model: Model) -> None:
        facts = model.facts
        self.facts = facts
        self.model = model
        self.sites: dict[int, CallSite] = {
            id(site.node): site for scope in facts.scopes for site in scope.calls
        }
        self.loops = {id(w.node): w for w in model.evaluator.loop_windows.values()}
        self.api_calls = model.evaluator.api_calls
        self._statements: dict[int, tuple[Scope, cst.CSTNode]] | None = None
        self._in_lambda: set[int] = set()

    def place(self, filt: Filt) -> tuple[Scope | None, cst.CSTNode | None]:
        site = self.sites.get(filt.ident)
        if site is not None:
            return site.scope, site.statement
        window = self.loops.get(filt.ident)
        if window is not None:
            return window.scope, window.statement
        return self.statement_of(filt.node)

    def statement_of(self, node: cst.CSTNode) -> tuple[Scope | None, cst.CSTNode | None]:
        """The scope and the statement ``node`` is written in."""
        if self._statements is None:
            self._statements = {}
            for scope in self.facts.scopes:
                for statement, _ in scope.statements:
                    for sub in _own_nodes(statement):
                        self._statements[id(sub)] = (scope, statement)
                        if isinstance(sub, cst.Lambda):
                            inside = list(walk(sub.body, into_functions=True))
                            self._in_lambda.update(id(n) for n in inside)
                            for node in inside:  # a lambda's body is part of its statement
                                self._statements[id(node)] = (scope, statement)
        return self._statements.get(id(node), (None, None))

    def passed_literal(self, array: Arr) -> bool:
        """``array`` is a parameter every call of its function passes a literal for."""
        passed = self.model.evaluator.passed_for(array.origin.root())
        return bool(passed) and all(
            any(isinstance(v, Arr) and v.literal is not None for v in values) for values in passed
        )

    def only_gradient_calls(self, function: Scope) -> bool:
        """Every call of ``function`` in the file is in gradient code (and there is one)."""
        if function.kind != "function":
            return False
        sites = self.model.evaluator.callers().get(id(function.node), ())
        callers = [site.scope for site, _, _ in sites if site.scope is not function]
        return bool(callers) and all(gradient_scope(scope) for scope in callers)

    def in_helper(self, node: cst.CSTNode) -> bool:
        """``node`` is written in a function or a lambda (not in module or class code)."""
        scope = self.statement_of(node)[0]
        return (scope is not None and scope.kind == "function") or id(node) in self._in_lambda


def _own_nodes(statement: cst.CSTNode):
    """The nodes of a simple statement, or of a compound statement's header."""
    if isinstance(statement, cst.SimpleStatementLine):
        yield from walk(statement)
        return
    for name in ("test", "iter", "target", "items"):
        part = getattr(statement, name, None)
        for piece in part if isinstance(part, (list, tuple)) else (part,):
            if isinstance(piece, cst.CSTNode):
                yield from walk(piece)


def _returns(statement: cst.CSTNode | None, scope: Scope | None = None) -> bool:
    """``statement`` is a ``return`` (of the value a helper hands back), or fills an
    array ``scope`` returns by name (``out[i][j] = k[n - 1 - i][m - 1 - j]`` ... ``return
    out``)."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    if any(isinstance(small, cst.Return) for small in statement.body):
        return True
    if scope is None:
        return False
    returned = {r.value for r in scope.returns if isinstance(r, cst.Name)}
    return bool(returned) and any(
        isinstance(small, cst.Assign)
        and len(small.targets) == 1
        and isinstance(small.targets[0].target, cst.Subscript)
        and _base_name(small.targets[0].target) in returned
        for small in statement.body
    )


def _base_name(node: cst.BaseExpression) -> str | None:
    while isinstance(node, cst.Subscript):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def _assigned_names(statement: cst.CSTNode | None) -> list[str]:
    names: list[str] = []
    if not isinstance(statement, cst.SimpleStatementLine):
        return names
    for small in statement.body:
        targets: list[cst.CSTNode] = []
        if isinstance(small, cst.Assign):
            targets = [t.target for t in small.targets]
        elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
            targets = [small.target]
        for target in targets:
            names += [n.value for n in walk(target) if isinstance(n, cst.Name)]
    return names


def _evidence(
    use_scope: Scope | None, statement, filt: Filt, operand: Arr, steps, index: _Index
) -> Evidence:
    """The evidence around a use.  Window and gradient evidence count where the outer
    step is written: a transposed kernel passed *into* a window helper or defined at
    module level and used in a function named ``image_gradients`` is often a second
    kernel (``SY = SX.T``), while a flip written in the window sum, in gradient code or
    in a helper whose result gradient code uses is part of the computation."""
    facts = index.facts
    words: list[str] = []
    if statement is not None:
        words.append(facts.comment_on(statement))
    api_call = index.api_calls.get(filt.ident) if filt.kind is Kind.API else None
    if api_call is not None and isinstance(api_call.kernel, cst.Name):
        words.append(api_call.kernel.value)  # ``convolve2d(x, k_flipped)``
    for step in steps:
        scope, where = index.statement_of(step.node)
        if where is not None:
            words.append(facts.comment_on(where))
            words += _assigned_names(where)
        if scope is not None and scope.kind == "function":
            words += [scope.name, scope.docstring]
    step_scope, step_statement = index.statement_of(steps[0].node)
    return Evidence(
        # written in the window sum's own code, or returned by a helper it calls
        window=filt.kind is not Kind.API
        and (
            step_scope is use_scope
            or (index.in_helper(steps[0].node) and _returns(step_statement, step_scope))
        ),
        gradient=step_scope is not None
        and (
            gradient_scope(step_scope)
            # a 'full' pass over the upstream gradient, whatever the function is called
            or _upstream_pass(filt)
            # a helper only gradient code calls (the whole formula moved out of ``backward``)
            or index.only_gradient_calls(step_scope)
            # a helper that turns the kernel for gradient code (``rot(W)`` in ``backward``)
            or (
                index.in_helper(steps[0].node)
                and step_scope is not use_scope
                and use_scope is not None
                and gradient_scope(use_scope)
            )
        ),
        chained=len(steps),
        words=" ".join(words).lower(),
        # a literal kernel turned is a new kernel; a turned window is not a literal
        literal=bool(operand.steps)
        and (operand.literal is not None or index.passed_literal(operand)),
    )


def _upstream_pass(filt: Filt) -> bool:
    """A ``'full'`` pass over a parameter named like an upstream gradient (``dy``,
    ``grad_out``, ``delta``), or over any parameter with the kernel an object holds
    (``self.noyau``, whatever the method and its parameter are called): the transposed
    shape of a layer's input gradient."""
    image = filt.image
    if filt.mode != "full" or not isinstance(image, Arr):
        return False
    root = image.origin.root()
    if root.kind != "param":
        return False
    if apis.UPSTREAM_NAMES.fullmatch(root.key[1]) is not None:
        return True
    # the kernel is not the function's own parameter: an attribute, or what the object's
    # constructor was given
    held = filt.kernel.origin.root()
    return held.kind == "attr" or (held.kind == "param" and held.key[0] != root.key[0])


def _operands(filt: Filt, scope: Scope | None) -> list[tuple[Arr, Win | None]]:
    out: list[tuple[Arr, Win | None]] = []
    kernel = filt.raw_kernel
    window = filt.window if filt.window is not None and filt.window.steps else None
    if kernel is not None and (kernel.steps or window is not None):
        out.append((kernel, window))
    api = filt.api
    if (
        filt.kind is Kind.API
        and api is not None
        and api.family is not Family.FRAMEWORK
        and isinstance(filt.image, Arr)
        and filt.image.steps
        and scope is not None
        and gradient_scope(scope)
    ):
        out.append((filt.image, None))  # in a gradient formula both operands are kernels
    return out


def _uses_of(filt: Filt, index: _Index, seen: dict) -> list[list[KernelUse]]:
    """The new kernel uses of ``filt`` (one per operand carrying steps).

    The same filter reached again (from another caller, or in its own scope) is the same
    use; its kernel is literal only if it is literal on every path, and it is a gradient
    pass if it is one on any path.
    """
    scope, statement = index.place(filt)
    out: list[list[KernelUse]] = []
    for operand, window in _operands(filt, scope):
        key = (
            filt.ident,
            tuple((s.ident, s.lift) for s in operand.steps),
            tuple(s.ident for s in window.steps) if window is not None else (),
        )
        known = seen.get(key)
        if known is not None:
            if known:
                # literal only if literal on every path; a gradient pass on any (its own
                # parameters show what a caller's arrays hide)
                evidence = known[0].evidence
                if evidence.literal and operand.literal is None:
                    evidence = replace(evidence, literal=False)
                if not evidence.gradient and _upstream_pass(filt):
                    evidence = replace(evidence, gradient=True)
                known[0] = replace(known[0], evidence=evidence)
            continue
        seen[key] = holder = []
        frame = _frame(filt, operand)
        if frame is None:
            continue
        rank, spatial = frame
        composed: AxisMap | None = None
        lead = 0
        if rank is None:
            verdict = _judge_any_rank(operand, window)
        else:
            verdict, composed, lead = _judge(operand, window, rank, spatial)
            spatial = tuple(lead + axis for axis in spatial)
        if verdict is None:
            continue
        on_window = not operand.steps
        steps = window.steps if on_window and window is not None else operand.steps
        evidence = _evidence(scope, statement, filt, operand, steps, index)
        step_scope = index.statement_of(steps[0].node)[0]
        holder.append(
            KernelUse(
                filt, operand, rank, lead, spatial, verdict, composed, steps, on_window,
                scope, statement, evidence, step_scope,
            )
        )  # fmt: skip
        out.append(holder)
    return out


def _filters(values) -> list[Filt]:
    out: list[Filt] = []
    for value in values:
        if isinstance(value, Filt):
            out.append(value)
        elif isinstance(value, Tup):
            out += [v for item in value.items for v in item if isinstance(v, Filt)]
    return out


def _local_functions(facts: FileFacts) -> set[str]:
    names = {s.name for s in facts.scopes if s.kind == "function"}
    for scope in facts.scopes:
        for name, bindings in scope.bindings.items():
            if any(isinstance(b.value, cst.Lambda) for b in bindings):
                names.add(name)
    return names


def _may_compute_filters(site: CallSite, local: set[str]) -> bool:
    """A call whose value may be a filter: a sum or a dot product, or a local function."""
    func = site.node.func
    name = site.scope.resolve(func)
    if name is not None:
        return (
            name in apis.SUM_CALLS or name in apis.FLAT_DOT_CALLS or name in apis.CONTRACTION_CALLS
        )
    if isinstance(func, cst.Attribute):
        attr = func.attr.value
        return attr in apis.SUM_METHODS or attr == "dot" or attr in local
    return isinstance(func, cst.Name) and (func.value in apis.BUILTIN_SUMS or func.value in local)


def filter_sites(model: Model) -> list[CallSite]:
    """The calls whose value may be a filter: library filters, sums, dots, local calls."""
    facts = model.facts
    evaluator = model.evaluator
    local = _local_functions(facts)
    sites = [call.site for call in facts.api_calls()]
    sites += [
        site
        for scope in facts.scopes
        for site in scope.calls
        if id(site.node) not in evaluator.api_calls and _may_compute_filters(site, local)
    ]
    return sites


def kernel_uses(model: Model) -> list[KernelUse]:
    """Every kernel use of the file whose steps the verdict judges (see above)."""
    facts = model.facts
    evaluator = model.evaluator
    index = _Index(model)
    local = _local_functions(facts)
    seen: dict = {}
    holders: list[list[KernelUse]] = []
    sites = filter_sites(model)
    visited: set[int] = set()
    for site in sites:
        if id(site.node) in visited:
            continue
        visited.add(id(site.node))
        for filt in _filters(model.values(site.node, site.scope, site.statement)):
            holders += _uses_of(filt, index, seen)
        if id(site.node) not in evaluator.api_calls:
            for filt in _filters_inside(model, site, local):
                holders += _uses_of(filt, index, seen)
    for window in evaluator.loop_windows.values():
        values = model.values(window.accumulation.term, window.scope, window.statement)
        for filt in _filters(values):
            holders += _uses_of(filt, index, seen)
    return [holder[0] for holder in holders if holder]


def _filters_inside(model: Model, site: CallSite, local: set[str]) -> list[Filt]:
    """Filters a called local function computes with this call's arguments, returned or
    not (``helper(dy, x, rot)`` whose body calls ``F.conv2d(x, rot)`` inside another call).
    """
    evaluator = model.evaluator
    bound = evaluator.call_context(site.node, Ctx(site.scope), model.at(site.statement))
    if bound is None or not isinstance(bound[0], cst.FunctionDef):
        return []
    inner = bound[1]
    out: list[Filt] = []
    for call in inner.scope.calls:
        if id(call.node) in evaluator.api_calls or _may_compute_filters(call, local):
            values = evaluator.eval(call.node, inner, model.at(call.statement))
            out += _filters(values)
    return out
