"""Axis bookkeeping for flips, transposes and quarter turns.

An array operation that only reorders and reverses axes is a *signed permutation*:
output axis ``i`` reads input axis ``src[i]``, reversed when ``rev[i]``.  Composing
these exactly is what lets the rules tell ``K[::-1][::-1]`` (nothing) from
``K[::-1, ::-1]`` (a 180-degree rotation) from ``np.rot90(K)`` (a quarter turn).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Turn(str, Enum):
    """What a signed permutation does to the two spatial axes of a kernel."""

    IDENTITY = "identity"
    ROT180 = "rot180"
    FLIP_ROWS = "flip-rows"  # axis 0 reversed only (flipud)
    FLIP_COLS = "flip-cols"  # axis 1 reversed only (fliplr)
    TRANSPOSE = "transpose"
    ANTI_TRANSPOSE = "anti-transpose"
    QUARTER = "quarter-turn"
    MIXED = "mixed"  # spatial axes exchanged with non-spatial ones (a layout change)


class Verdict(str, Enum):
    """What the flips on a kernel amount to where it is used (see :func:`flip_verdict`)."""

    PROPER = "rot180"  # the right rotation on the right axes
    NOOP = "cancelled"  # several flips that add up to nothing
    HALF = "half"  # one spatial axis reversed
    WRONG_AXES = "wrong-axes"  # non-spatial axes reversed (kernel stacks)
    TRANSPOSE = "transpose"
    QUARTER = "quarter-turn"


@dataclass(frozen=True)
class AxisMap:
    """A signed permutation of ``len(src)`` axes."""

    src: tuple[int, ...]
    rev: tuple[bool, ...]

    @classmethod
    def identity(cls, ndim: int) -> AxisMap:
        return cls(tuple(range(ndim)), (False,) * ndim)

    @classmethod
    def reversal(cls, ndim: int) -> AxisMap:
        """Every axis reversed: the 180-degree rotation of a 2-D kernel, the reversal of
        a 1-D one."""
        return cls(tuple(range(ndim)), (True,) * ndim)

    @property
    def ndim(self) -> int:
        return len(self.src)

    def then(self, other: AxisMap) -> AxisMap:
        """Apply ``self`` first, then ``other``."""
        src = tuple(self.src[j] for j in other.src)
        rev = tuple(other.rev[i] ^ self.rev[j] for i, j in enumerate(other.src))
        return AxisMap(src, rev)

    def restricted(self, axes: tuple[int, int]) -> Turn:
        """The effect on two (spatial) axes, or MIXED when they trade with others."""
        a, b = axes
        sa, sb = self.src[a], self.src[b]
        if {sa, sb} != {a, b}:
            return Turn.MIXED
        ra, rb = self.rev[a], self.rev[b]
        if sa == a:
            return {
                (False, False): Turn.IDENTITY,
                (True, True): Turn.ROT180,
                (True, False): Turn.FLIP_ROWS,
                (False, True): Turn.FLIP_COLS,
            }[(ra, rb)]
        if ra == rb:
            return Turn.ANTI_TRANSPOSE if ra else Turn.TRANSPOSE
        return Turn.QUARTER

    def touches_other_axes(self, axes: tuple[int, int]) -> bool:
        """True when an axis outside ``axes`` is reversed or moved."""
        return any((self.src[i] != i or self.rev[i]) for i in range(self.ndim) if i not in axes)


def _norm(axis: int, ndim: int) -> int | None:
    if -ndim <= axis < ndim:
        return axis % ndim
    return None


def flip(ndim: int, axes: tuple[int, ...] | None) -> AxisMap | None:
    """``np.flip(a, axes)``; ``axes=None`` reverses every axis."""
    targets = range(ndim) if axes is None else [_norm(a, ndim) for a in axes]
    if any(t is None for t in targets):
        return None
    rev = [False] * ndim
    for t in targets:
        rev[t] = not rev[t]  # type: ignore[index]
    return AxisMap(tuple(range(ndim)), tuple(rev))


def transpose(ndim: int, perm: tuple[int, ...] | None) -> AxisMap | None:
    """``np.transpose(a, perm)``; ``perm=None`` reverses the axis order (``a.T``)."""
    if perm is None:
        perm = tuple(reversed(range(ndim)))
    norm = [_norm(p, ndim) for p in perm]
    if len(norm) != ndim or any(p is None for p in norm) or len(set(norm)) != ndim:
        return None
    return AxisMap(tuple(p for p in norm if p is not None), (False,) * ndim)


def swap(ndim: int, a: int, b: int) -> AxisMap | None:
    """``np.swapaxes(x, a, b)``."""
    na, nb = _norm(a, ndim), _norm(b, ndim)
    if na is None or nb is None:
        return None
    perm = list(range(ndim))
    perm[na], perm[nb] = perm[nb], perm[na]
    return AxisMap(tuple(perm), (False,) * ndim)


def move(ndim: int, source: int, destination: int) -> AxisMap | None:
    """``np.moveaxis(x, source, destination)``: axis ``source`` now sits at
    ``destination``, the others keep their order."""
    ns, nd = _norm(source, ndim), _norm(destination, ndim)
    if ns is None or nd is None:
        return None
    order = [axis for axis in range(ndim) if axis != ns]
    order.insert(nd, ns)
    return AxisMap(tuple(order), (False,) * ndim)


def rot90(ndim: int, k: int, axes: tuple[int, int] = (0, 1)) -> AxisMap | None:
    """``np.rot90(a, k, axes)`` as numpy defines it (flip and transpose)."""
    a0, a1 = (_norm(a, ndim) for a in axes)
    if a0 is None or a1 is None or a0 == a1:
        return None
    k %= 4
    ident = AxisMap.identity(ndim)
    exchange = swap(ndim, a0, a1)
    assert exchange is not None
    if k == 0:
        return ident
    if k == 2:
        both = flip(ndim, (a0, a1))
        return both
    if k == 1:
        first = flip(ndim, (a1,))
        assert first is not None
        return first.then(exchange)
    first_flip = flip(ndim, (a1,))
    assert first_flip is not None
    return exchange.then(first_flip)


def flip_verdict(m: AxisMap, spatial: tuple[int, ...], touched: bool = True) -> Verdict | None:
    """What ``m`` does to a kernel whose ``spatial`` axes a filter rotates.

    ``touched``: some step moves or reverses a spatial axis (two flips that cancel are a
    NOOP; a transpose of the channel axes alone is no flip at all).  Non-spatial axes may
    be reordered among themselves (``w.transpose(1, 0, 2, 3)`` swaps the channel roles
    of an input gradient) but not reversed: that is a flip over the wrong axes.  None
    when the spatial axes trade places with other axes (a layout change) or nothing
    was attempted.
    """
    inside = set(spatial)
    if any((m.src[i] in inside) != (i in inside) for i in range(m.ndim)):
        return None
    others_reversed = any(m.rev[i] for i in range(m.ndim) if i not in inside)
    if len(spatial) != 2:
        if any(m.src[i] != i for i in spatial):
            return None
        reversed_axes = {i for i in spatial if m.rev[i]}
        if others_reversed:
            return Verdict.WRONG_AXES
        if reversed_axes == inside:
            return Verdict.PROPER
        if not reversed_axes:
            return Verdict.NOOP if touched else None
        return Verdict.HALF
    turn = m.restricted((spatial[0], spatial[1]))
    if turn in (Turn.TRANSPOSE, Turn.ANTI_TRANSPOSE, Turn.QUARTER):
        if others_reversed:
            return None
        return Verdict.QUARTER if turn is Turn.QUARTER else Verdict.TRANSPOSE
    if others_reversed:
        return Verdict.WRONG_AXES
    if turn is Turn.ROT180:
        return Verdict.PROPER
    if turn is Turn.IDENTITY:
        return Verdict.NOOP if touched else None
    return Verdict.HALF
