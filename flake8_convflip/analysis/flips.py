"""Flip verdicts: what a kernel's flips amount to where the kernel is used.

A *kernel use* is the kernel argument of a convolution-like API call or the kernel
operand of a hand-rolled window.  Where it is used fixes the kernel's rank and which
axes are spatial (2-D APIs: both axes; n-d scipy APIs: every axis; torch weights
``(out, in, kh, kw)``: the last two; TensorFlow/Keras ``(kh, kw, in, out)``: the first
two), so the flips written on it can be judged exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from .apis import GRADIENT_NAMES, Family
from .axes import Turn, Verdict
from .kernels import KernelView
from .loopnest import enclosing_loops
from .model import ApiCall, FileFacts, Scope
from .windows import Window


@dataclass
class KernelUse:
    """A kernel expression at the place it acts as a kernel."""

    view: KernelView
    scope: Scope
    statement: cst.CSTNode
    ndim: int | None
    spatial: tuple[int, ...]  # axes that must all be reversed for a 180-degree rotation
    api: ApiCall | None = None
    window: Window | None = None


def _use_of_call(
    call: ApiCall, facts: FileFacts, operand: cst.BaseExpression | None = None
) -> KernelUse | None:
    operand = call.kernel if operand is None else operand
    if operand is None:
        return None
    view = facts.kernel_view(operand, call.scope)
    api = call.api
    ndim: int | None
    if api.ndim == 1 or (api.family is Family.FRAMEWORK and api.ndim == 3):
        return None  # reversing a 1-D kernel is the whole flip
    if api.family is Family.FRAMEWORK:
        ndim = 4
        spatial: tuple[int, ...] = (2, 3) if api.name.startswith("torch") else (0, 1)
    elif api.ndim == 2:
        ndim, spatial = 2, (0, 1)
    else:
        ndim = view.ndim()
        spatial = tuple(range(ndim)) if ndim else ()
    return KernelUse(view, call.scope, call.site.statement, ndim, spatial, api=call)


def _use_of_window(window: Window, view: KernelView | None = None) -> KernelUse:
    """The kernel operand of a window sum (or ``view``: the window operand itself)."""
    view = window.kernel if view is None else view
    ndim = view.ndim() or 2
    spatial = (ndim - 2, ndim - 1) if ndim >= 2 else (0,)
    return KernelUse(view, window.scope, window.statement, ndim, spatial, window=window)


def kernel_uses(facts: FileFacts) -> list[KernelUse]:
    """Every kernel use in the file whose kernel carries flips, transposes or turns."""
    cached = facts.cache.get("kernel_uses")
    if cached is not None:
        return cached
    uses: list[KernelUse] = []
    for call in facts.api_calls():
        use = _use_of_call(call, facts)
        if use is not None and use.view.has_steps:
            uses.append(use)
        if call.image is not None and call.api.family is not Family.FRAMEWORK:
            # in a gradient formula both operands are kernels of each other
            if gradient_scope(call.scope):
                use = _use_of_call(call, facts, call.image)
                if use is not None and use.view.has_steps:
                    uses.append(use)
    for window in facts.windows():
        if window.kernel.has_steps:
            uses.append(_use_of_window(window))
        elif _turned_sliding_window(window):
            # ``win.T * K`` flips the window instead of the kernel: the same product-sum
            uses.append(_use_of_window(window, window.window_view))
    facts.cache["kernel_uses"] = uses
    return uses


def _turned_sliding_window(window: Window) -> bool:
    """``np.sum(x[i:i+3, j:j+3].T * k)`` in a loop: not ``np.dot(pts, affine[:3, :3].T)``."""
    if window.kind != "slice-sum" or window.window_view is None:
        return False
    if not window.window_view.has_steps:
        return False
    return bool(enclosing_loops(window.scope, window.statement))


def gradient_scope(scope: Scope) -> bool:
    """True for a function whose name says it computes gradients (backward, grad, vjp)."""
    return scope.kind == "function" and GRADIENT_NAMES.search(scope.name) is not None


def _cancels_for_any_rank(view: KernelView) -> bool:
    maps = [view.axis_map(n) for n in (2, 3, 4)]
    return all(m is not None and m == type(m).identity(m.ndim) for m in maps)


def verdict(use: KernelUse) -> Verdict | None:
    """What the flips on this kernel amount to (None: unknown rank or a layout change)."""
    view = use.view
    if use.ndim is None:
        return Verdict.NOOP if _cancels_for_any_rank(view) else None
    m = view.axis_map(use.ndim)
    if m is None:
        return None
    if len(use.spatial) != 2:
        if m.src != tuple(range(use.ndim)):
            return None
        reversed_axes = {i for i, r in enumerate(m.rev) if r}
        if reversed_axes == set(use.spatial):
            return Verdict.PROPER
        return Verdict.NOOP if not reversed_axes else Verdict.HALF
    pair = (use.spatial[0], use.spatial[1])
    turn = m.restricted(pair)
    others = m.touches_other_axes(pair)
    if turn is Turn.MIXED:
        return None
    if turn is Turn.ROT180:
        return Verdict.WRONG_AXES if others else Verdict.PROPER
    if turn is Turn.IDENTITY:
        return Verdict.WRONG_AXES if others else Verdict.NOOP
    if others:
        return None
    return {
        Turn.FLIP_ROWS: Verdict.HALF,
        Turn.FLIP_COLS: Verdict.HALF,
        Turn.TRANSPOSE: Verdict.TRANSPOSE,
        Turn.ANTI_TRANSPOSE: Verdict.TRANSPOSE,
        Turn.QUARTER: Verdict.QUARTER,
    }[turn]


def step_count(view: KernelView) -> int:
    return sum(1 for _, make in view.steps if make.__name__ != "identity")
