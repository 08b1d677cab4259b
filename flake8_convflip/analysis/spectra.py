"""Filters written in the frequency domain: ``ifft(fft(a) * H)``.

The product of two spectra is a circular convolution of the signals they transform;
a conjugated spectrum (``conj(fft(s))``) makes it a cross-correlation with ``s``.
``fft(conj(s))`` is not that spectrum: conjugating before the transform keeps the
time order, so the product convolves with ``conj(s)`` (docs/semantics.md A2).  This
module finds such products syntactically, following local names and the attributes a
class sets (``self._ref_spec = fft(...)`` read in another method).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from . import apis
from .exprs import dotted, unparenthesized
from .model import FileFacts, Scope

_FOLLOW_DEPTH = 4


@dataclass(frozen=True)
class Spectrum:
    """One forward transform in a spectral product."""

    call: cst.Call  # the forward transform
    scope: Scope  # where it is written
    signal: cst.BaseExpression  # what it transforms, a conjugate peeled off
    conj_inside: bool  # ``fft(conj(s))``
    conj_outside: bool  # ``conj(fft(s))``


@dataclass(frozen=True)
class SpectralProduct:
    """``ifft(A * B)`` with both factors forward transforms."""

    inverse: cst.Call
    scope: Scope
    factors: tuple[Spectrum, Spectrum]


def spectral_products(facts: FileFacts) -> list[SpectralProduct]:
    """Every inverse transform of a product of two forward transforms in the file."""
    found = facts.cache.get("spectral-products")
    if found is not None:
        return found
    found = []
    for scope in facts.scopes:
        for site in scope.calls:
            node = site.node
            if scope.resolve(node.func) not in apis.INVERSE_FFTS or not node.args:
                continue
            product, where = _follow(node.args[0].value, scope)
            if not isinstance(product, cst.BinaryOperation) or not isinstance(
                product.operator, cst.Multiply
            ):
                continue
            left = _spectrum(product.left, where)
            right = _spectrum(product.right, where)
            if left is not None and right is not None:
                found.append(SpectralProduct(node, scope, (left, right)))
    facts.cache["spectral-products"] = found
    return found


def _follow(expr: cst.BaseExpression, scope: Scope) -> tuple[cst.BaseExpression, Scope]:
    """The expression a name (bound once) or an attribute of ``self`` (set once in the
    class) stands for, and the scope it is written in."""
    for _ in range(_FOLLOW_DEPTH):
        expr = unparenthesized(expr)
        found = _binding_of(expr, scope)
        if found is None:
            return expr, scope
        expr, scope = found
    return expr, scope


def _binding_of(expr: cst.BaseExpression, scope: Scope) -> tuple[cst.BaseExpression, Scope] | None:
    if isinstance(expr, cst.Name):
        owner = scope.owner(expr.value, params=True)
        if owner is None or expr.value in owner.params:
            return None
        bindings = owner.bindings.get(expr.value, [])
        if len(bindings) == 1 and bindings[0].kind == "assign" and bindings[0].value is not None:
            if not bindings[0].unpack:
                return bindings[0].value, owner
        return None
    name = dotted(expr) if isinstance(expr, cst.Attribute) else None
    if name is None or name.count(".") != 1:
        return None
    head = name.partition(".")[0]
    cls = scope.parent
    if scope.kind != "function" or cls is None or cls.kind != "class":
        return None
    if not scope.params or scope.params[0] != head:
        return None
    writes = [
        (b, method)
        for method in cls.children
        if method.kind == "function" and method.params and method.params[0] == head
        for b in method.bindings.get(name, [])
    ]
    if len(writes) == 1 and writes[0][0].kind == "assign" and writes[0][0].value is not None:
        return writes[0][0].value, writes[0][1]
    return None


def _conj_of(expr: cst.BaseExpression, scope: Scope) -> cst.BaseExpression | None:
    """``x`` of ``np.conj(x)``, ``np.conjugate(x)``, ``x.conj()``, ``x.conjugate()``."""
    if not isinstance(expr, cst.Call):
        return None
    func, resolved = expr.func, scope.resolve(expr.func)
    if resolved in apis.CONJ_CALLS:
        return expr.args[0].value if expr.args else None
    if resolved is None and isinstance(func, cst.Attribute) and not expr.args:
        return func.value if func.attr.value in apis.CONJ_METHODS else None
    return None


def _spectrum(expr: cst.BaseExpression, scope: Scope) -> Spectrum | None:
    expr, scope = _follow(expr, scope)
    outside = _conj_of(expr, scope)
    if outside is not None:
        expr, scope = _follow(outside, scope)
    if not isinstance(expr, cst.Call) or scope.resolve(expr.func) not in apis.FORWARD_FFTS:
        return None
    if not expr.args or expr.args[0].keyword is not None:
        return None
    signal = expr.args[0].value
    inside = _conj_of(unparenthesized(signal), scope)
    return Spectrum(
        expr,
        scope,
        inside if inside is not None else signal,
        inside is not None,
        outside is not None,
    )
