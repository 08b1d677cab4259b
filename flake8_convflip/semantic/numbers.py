"""What numbers an array value holds: dtype kind, a magnitude bound, an element count.

The evaluator asks :func:`leaf_numbers` when it makes an array it does not look into
(a literal, a constructor, a random draw, ``np.exp(1j * t)``), :func:`combined` when
arithmetic joins two arrays or an array and a scalar, and :func:`converted` for
``astype``/``dtype=`` conversions.  Values that reach a function only through its
parameters get their numbers from the function's callers (:func:`caller_numbers`).

A kind is a numpy kind letter ("b", "i", "u", "f", "c"); None is "not shown by the code",
which every rule reads as "no evidence".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import libcst as cst

from ..analysis.dtypes import Evidence, Kind, dtype_kind, integer_bound, value_kind
from ..analysis.model import Scope
from .values import UNKNOWN, Arr, Value, Win

_LETTER = {Kind.INTEGER: "i", Kind.FLOAT: "f", Kind.COMPLEX: "c"}
_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


@dataclass(frozen=True)
class Numbers:
    """The kind letter of an array, with ``bound`` >= max |entry| and ``size`` when known."""

    kind: str | None = None
    bound: int | None = None
    size: int | None = None

    @property
    def integer(self) -> bool:
        return self.kind in ("i", "u", "b")

    @property
    def complex(self) -> bool:
        return self.kind == "c"


NOTHING = Numbers()


def _from_evidence(evidence: Evidence) -> Numbers:
    letter = _LETTER.get(evidence.kind)
    if letter is None:
        return NOTHING
    return Numbers(letter, evidence.bound, evidence.size)


def leaf_numbers(node: cst.BaseExpression, scope: Scope) -> Numbers:
    """The numbers an expression the evaluator does not look into is shown to hold."""
    return _from_evidence(value_kind(node, scope))


def of_array(value: Arr) -> Numbers:
    """What the evaluator recorded on ``value`` itself (callers are not asked)."""
    return Numbers(value.dtype, value.bound, value.size)


def numbers_of(values: Iterable[Value], node: cst.BaseExpression, scope: Scope | None) -> Numbers:
    """The numbers of an operand: its array values agree, or it is a scalar literal."""
    found = list(values)
    arrays = [v.image if isinstance(v, Win) else v for v in found]
    if arrays and all(isinstance(v, Arr) for v in arrays):
        return join(of_array(v) for v in arrays if isinstance(v, Arr))
    if scope is not None and all(v is UNKNOWN for v in found):
        return scalar_numbers(node, scope)
    return NOTHING


def elementwise(rule: str, argument: Numbers) -> Numbers:
    """The numbers of ``f(argument)`` for an element-wise function of kind ``rule``."""
    if argument.kind is None:
        return NOTHING
    if rule == "magnitude":
        return Numbers("f" if argument.complex else argument.kind, argument.bound, argument.size)
    return Numbers("c" if argument.complex else "f", None, argument.size)


def operand_rank(values: Iterable[Value]) -> int | None:
    """The rank of an element-wise result: the largest rank among array operands."""
    ranks = [v.ndim for v in values if isinstance(v, Arr)]
    if not ranks or None in ranks:
        return None
    return max(r for r in ranks if r is not None)


def scalar_numbers(node: cst.BaseExpression, scope: Scope) -> Numbers:
    """The numbers of a scalar operand (``1j``, ``2.0``, ``3``); NOTHING for names."""
    if isinstance(node, (cst.Integer, cst.Float, cst.Imaginary, cst.UnaryOperation)):
        return leaf_numbers(node, scope)
    if isinstance(node, cst.BinaryOperation):
        left, right = scalar_numbers(node.left, scope), scalar_numbers(node.right, scope)
        return combined(node.operator, left, right)
    return NOTHING


def combined(op: cst.BaseBinaryOp, a: Numbers, b: Numbers) -> Numbers:
    """The numbers of ``a <op> b`` under numpy's promotion (complex wins over unknown)."""
    if a.complex or b.complex:
        return Numbers("c")
    if a.kind is None or b.kind is None:
        return NOTHING
    if not (a.integer and b.integer) or isinstance(op, (cst.Divide, cst.Power)):
        return Numbers("f")
    bound = integer_bound(op, a.bound, b.bound)
    return Numbers("i", bound, a.size if a.size is not None else b.size)


def converted(numbers: Numbers, dtype: cst.BaseExpression | None) -> Numbers | None:
    """``numbers`` converted to the dtype ``dtype`` names (None when it is not readable)."""
    target = dtype_kind(dtype)
    if target is None:
        return None
    letter = _LETTER[target.kind]
    if letter != "i":
        return Numbers(letter, None, numbers.size)
    bounds = [b for b in (numbers.bound, target.bound) if b is not None]
    known = numbers.integer or target.bound is not None
    return Numbers("i", min(bounds) if bounds and known else None, numbers.size)


def join(candidates: Iterable[Numbers]) -> Numbers:
    """What every candidate agrees on (NOTHING when one of them is unknown or they differ)."""
    found = list(candidates)
    if not found or any(n.kind is None for n in found):
        return NOTHING
    kinds = {_RANK[n.kind] for n in found if n.kind is not None}
    if len(kinds) != 1:
        return NOTHING
    first = found[0]
    bounds = [n.bound for n in found]
    sizes = [n.size for n in found]
    bound = None if None in bounds else max(b for b in bounds if b is not None)
    size = None if None in sizes else max(s for s in sizes if s is not None)
    return Numbers(first.kind, bound, size)


def product_bound(a: Numbers, b: Numbers, assumed_size: int = 2**24) -> int | None:
    """A bound on every entry of the convolution of two integer arrays (None: unknown).

    ``max|a| * max|b| * min(a.size, b.size)``; when neither size is known the smaller
    array is assumed to hold at most ``assumed_size`` elements.
    """
    if not (a.integer and b.integer) or a.bound is None or b.bound is None:
        return None
    sizes = [s for s in (a.size, b.size) if s is not None]
    return a.bound * b.bound * (min(sizes) if sizes else assumed_size)
