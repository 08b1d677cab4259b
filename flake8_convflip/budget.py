"""What one file may cost the analysis, and running it where deep nesting fits.

A file is measured on its ast before libcst sees it (an iterative walk: node count
and nesting depth).  A file over the node budget, or nested deeper than the analysis
can follow, is not analysed; a file that runs past the time budget stops at the next
check.  Each of those becomes one ``CNV000 file skipped: ...`` finding, never a hang
and never a silent empty result.

libcst's visitors and code generator recurse once per nesting level (several Python
frames per level), so a ``+`` chain or subscript chain a few hundred deep exhausts
Python's default recursion limit.  :func:`run_deep` runs the analysis in a thread with
a large stack and a raised recursion limit, so files up to :attr:`Budget.depth` deep
analyse like any other.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

# Python frames the analysis needs per nesting level (libcst visit + codegen + ours),
# measured on 1,000-deep sums and subscripts, with headroom.
_FRAMES_PER_LEVEL = 12
_STACK_BYTES_PER_FRAME = 1024  # C stack a recursing Python frame may take (generous)
_BASE_FRAMES = 2000


class BudgetExceeded(Exception):
    """The file costs more than its budget; the message says which part and by how much."""


@dataclass(frozen=True)
class Budget:
    """Limits for one file.  ``seconds`` is wall time from the start of its analysis."""

    seconds: float = 120.0
    nodes: int = 3_000_000  # ast nodes (about 10 MB of ordinary code)
    depth: int = 1_200  # ast nesting depth (sums and subscripts 1,000 deep fit)

    def __post_init__(self) -> None:
        for name in ("seconds", "nodes", "depth"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)!r}")

    def clock(self) -> Deadline:
        """A deadline starting now."""
        return Deadline(time.monotonic() + self.seconds, self.seconds)


@dataclass
class Deadline:
    """The time budget of one file's analysis, checked at cheap points of long loops."""

    at: float
    seconds: float
    _calls: int = field(default=0, repr=False)

    def check(self) -> None:
        """Raise :class:`BudgetExceeded` once the deadline has passed (sampled cheaply)."""
        self._calls += 1
        if self._calls & 0xFF == 0 and time.monotonic() > self.at:
            raise BudgetExceeded(f"analysis took longer than {self.seconds:g} s")

    def check_now(self) -> None:
        """Like :meth:`check`, but always reading the clock (between rules)."""
        if time.monotonic() > self.at:
            raise BudgetExceeded(f"analysis took longer than {self.seconds:g} s")


@dataclass(frozen=True)
class Size:
    """What the ast says about a file's size."""

    nodes: int
    depth: int


def measure(tree: ast.AST) -> Size:
    """Node count and maximum nesting depth of ``tree`` (iterative: any depth is fine)."""
    nodes, deepest = 0, 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if depth > deepest:
            deepest = depth
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return Size(nodes, deepest)


def over_budget(size: Size, budget: Budget) -> str | None:
    """Why a file of ``size`` is skipped under ``budget``, or None when it fits."""
    if size.nodes > budget.nodes:
        return f"{size.nodes:,} syntax nodes exceed the budget of {budget.nodes:,}"
    if size.depth > budget.depth:
        return f"nesting depth {size.depth:,} exceeds the budget of {budget.depth:,}"
    return None


def run_deep(work: Callable[[], T], depth: int) -> T:
    """``work()``, with room for ``depth`` nesting levels of recursion.

    Shallow files run in the calling thread.  Deeper ones run in a helper thread whose
    stack is sized for the recursion, under a raised recursion limit (restored after);
    the helper's exception, if any, is re-raised here.
    """
    need = _FRAMES_PER_LEVEL * depth
    frames = _BASE_FRAMES + need
    if need <= sys.getrecursionlimit() // 2 or frames <= getattr(_LOCAL, "frames", 0):
        return work()  # shallow, or already inside a deep run with room enough
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        _LOCAL.frames = frames
        try:
            result.append(work())
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)

    stack_bytes = max(frames * _STACK_BYTES_PER_FRAME * 8, 64 << 20)
    old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
    # a deep run inside a deep run (a fix made the text deeper) already holds the lock
    nested = getattr(_LOCAL, "frames", 0) > 0
    with contextlib.nullcontext() if nested else _DEEP_LOCK:
        try:
            threading.stack_size(stack_bytes)
            sys.setrecursionlimit(max(old_limit, frames))
            thread = threading.Thread(target=target, name="convflip-deep-analysis")
            thread.start()
            thread.join()
        finally:
            threading.stack_size(old_stack)
            sys.setrecursionlimit(old_limit)
    if error:
        raise error[0]
    return result[0]


_DEEP_LOCK = threading.Lock()  # the recursion limit is process-wide: one deep run at a time
_LOCAL = threading.local()  # in a deep run's thread: the frames it was sized for


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while one file is analysed.

    libcst builds one object per syntax node and keeps them all alive until the file
    is done, so every collection the allocations trigger walks a heap that only grows:
    on a 0.5 MB file that was a third of the analysis (measured by
    ``benchmarks/scaling.py``), for no memory back (the trees hold no garbage cycles;
    the peak did not change).  Reference counting still frees everything else, and
    the collector is switched back on, even on an exception.  Nested uses are no-ops.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
