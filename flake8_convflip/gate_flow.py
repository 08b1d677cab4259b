"""Can a flip reach a kernel?  The CNV301-303 part of the gate, on flake8's ast.

Split from :mod:`.gate` (which imports it only for files that have a flip and a
filter call, window or loop product); like the gate it never imports libcst.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from .analysis.apis import (
    FLAT_DOT_CALLS,
    PRODUCT_CALLS,
    SUM_FUNCS,
    filter_api,
)
from .analysis.imports import ImportTable
from .gate import _cuts_window, _is_flip_expr, _product_operands, added_term, dotted_name

_OPERAND_FUNCS = SUM_FUNCS | PRODUCT_CALLS | FLAT_DOT_CALLS


_RANGE_LIKE = frozenset({"range", "enumerate", "zip", "reversed", "len"})


def _may_yield_windows(iterable: ast.AST) -> bool:
    """A loop over a call that is not ``range``-like (a generator or a window view)."""
    if not isinstance(iterable, ast.Call):
        return False
    name = dotted_name(iterable.func)
    return name not in _RANGE_LIKE


def _accumulated_operands(node: ast.AST) -> list[ast.AST]:
    """``acc += x[i + m][j + n] * k[m][n]`` (or ``acc = acc + ...``): both factors, as
    windows.py reads them."""
    term = added_term(node)
    if term is None:
        return []
    operands = _product_operands(term)
    if len(operands) != 2 or not all(isinstance(op, ast.Subscript) for op in operands):
        return []
    return operands


def _carries_flip(value: ast.AST, flipped: set[str], helpers: set[str], imports) -> bool:
    """Some part of ``value`` is a flip, a flipped name or a call of a flipping helper.

    Deliberately coarse (a superset of what the semantic model follows: conversions,
    items of stacks, arithmetic, containers): the gate must never drop a file a flip
    rule could report on.
    """
    for sub in ast.walk(value):
        if _is_flip_expr(sub, imports):
            return True
        if isinstance(sub, (ast.Name, ast.Attribute)) and dotted_name(sub) in flipped:
            return True
        if isinstance(sub, ast.Attribute) and sub.attr in helpers:
            return True  # a property returning a flip (``self.rotated``)
        if isinstance(sub, ast.Call):
            func = sub.func
            name = func.attr if isinstance(func, ast.Attribute) else dotted_name(func)
            if name in helpers:
                return True
    return False


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[str]:
    """Every parameter name of a function or lambda."""
    args = node.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    return [a.arg for a in every if a.arg not in ("self", "cls")]


def _names_in(node: ast.AST) -> Iterable[str]:
    for sub in ast.walk(node):
        if isinstance(sub, (ast.Name, ast.Attribute)):
            name = dotted_name(sub)
            if name is not None:
                yield name


def flip_reaches_operand(tree: ast.AST, imports: ImportTable) -> bool:
    """Can a flip be an operand of a filter call or of a product (a window sum)?

    Over-approximates what the kernel analysis follows: a flip written inside an
    operand, or a name (``k_rot = np.flip(k)``, chains of such names) used in one.
    Operands are every argument of a filter or sum-like call and both sides of a
    product assigned or accumulated as a whole (the loop form of a window).  Only
    computed for files that could otherwise reach libcst for it.
    """
    assigned: list[tuple[list[str], ast.AST]] = []
    operands: list[ast.AST] = []
    windows: list[list[ast.AST]] = []  # arguments of sum-like calls
    window_names: set[str] = set()  # names that may hold a window (slices, loop targets)
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    function_results: dict[int, list[ast.AST]] = {}
    parameters: dict[str, list[str]] = {}
    local_calls: list[tuple[str, list[ast.AST]]] = []  # calls of names, not of libraries
    filled: set[str] = set()  # arrays filled element by element in reversed order
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append(node)
            function_results[id(node)] = [
                sub.value
                for sub in ast.walk(node)
                if isinstance(sub, (ast.Return, ast.Yield)) and sub.value is not None
            ]
            parameters.setdefault(node.name, []).extend(_params(node))
            if any(_cuts_window(r, imports) for r in function_results[id(node)]):
                window_names.add(node.name)  # ``patch(i, j)`` returns a window
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            windows.append([node.left, node.right])  # ``cols @ k.ravel()``
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            if node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [n for t in targets for n in _names_in(t)]
                assigned.append((names, node.value))
                if isinstance(node.value, ast.Lambda):
                    for name in names:
                        parameters.setdefault(name, []).extend(_params(node.value))
                operands += _accumulated_operands(node)  # acc += x[i + m] * k[m]
                if any(
                    isinstance(t, ast.Subscript) and _is_flip_expr(t, imports) for t in targets
                ):
                    filled.update(names)  # ``out[n - 1 - i] = k[i]``: ``out`` is a flip
                if _cuts_window(node.value, imports):
                    window_names.update(names)
        elif isinstance(node, ast.Call):
            name = dotted_name(node.func)
            resolved = imports.resolve(name) if name else None
            method = node.func.attr if isinstance(node.func, ast.Attribute) else None
            args = [*node.args, *(kw.value for kw in node.keywords)]
            if resolved is None and (method or name):
                local_calls.append((method or name or "", args))
            if method is not None and resolved is None:
                args.append(node.func.value)  # (window * k).sum()
            if filter_api(resolved):
                operands += args
            elif resolved in _OPERAND_FUNCS or method in ("sum", "dot"):
                windows.append(args)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            if _may_yield_windows(node.iter):
                window_names.update(_names_in(node.target))
            assigned.append((list(_names_in(node.target)), node.iter))  # ``for w in W_rot``
    flipped = {n for names, value in assigned if _is_flip_expr(value, imports) for n in names}
    flipped |= filled
    # a sum-like call is a window only when an argument holds a window (windows.py)
    for args in windows:
        if any(
            _cuts_window(arg, imports) or any(n in window_names for n in _names_in(arg))
            for arg in args
        ):
            operands += args
    # values flow through helpers too: a function returning a flip makes its calls flips
    # (``rot180(W)``), a flip passed to a function makes its parameters flips
    helpers: set[str] = set()
    changed = True
    while changed:
        changed = False
        for names, value in assigned:
            if not flipped.issuperset(names) and _carries_flip(value, flipped, helpers, imports):
                flipped.update(names)
                changed = True
        for function in functions:
            if function.name not in helpers and any(
                _carries_flip(r, flipped, helpers, imports) for r in function_results[id(function)]
            ):
                helpers.add(function.name)
                changed = True
        for name, args in local_calls:
            params = parameters.get(name, [])
            if params and not flipped.issuperset(params):
                if any(_carries_flip(a, flipped, helpers, imports) for a in args):
                    flipped.update(params)
                    changed = True
    return any(_carries_flip(operand, flipped, helpers, imports) for operand in operands)
