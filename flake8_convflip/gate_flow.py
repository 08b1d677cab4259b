"""Can a flip reach a kernel?  The CNV301-303 part of the gate, on flake8's ast.

Split from :mod:`.gate` (which imports it only for files that have a flip and a
filter call, window or loop product); like the gate it never imports libcst.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from .analysis.apis import SUM_FUNCS, TRANSPARENT_METHODS, WINDOW_VIEW_FUNCS, filter_api
from .analysis.imports import ImportTable
from .gate import _is_flip_expr, _is_window_slice, _product_operands, dotted_name


def _cuts_window(node: ast.AST, imports: ImportTable) -> bool:
    """A bounded slice or a sliding-window view somewhere in ``node``."""
    for sub in ast.walk(node):
        if _is_window_slice(sub):
            return True
        if isinstance(sub, ast.Call):
            name = dotted_name(sub.func)
            if name and imports.resolve(name) in WINDOW_VIEW_FUNCS:
                return True
    return False


_OPERAND_FUNCS = SUM_FUNCS | {"numpy.multiply", "numpy.dot", "numpy.vdot", "torch.mul"}


_RANGE_LIKE = frozenset({"range", "enumerate", "zip", "reversed", "len"})


def _may_yield_windows(iterable: ast.AST) -> bool:
    """A loop over a call that is not ``range``-like (a generator or a window view)."""
    if not isinstance(iterable, ast.Call):
        return False
    name = dotted_name(iterable.func)
    return name not in _RANGE_LIKE


def _accumulated_operands(node: ast.AugAssign) -> list[ast.AST]:
    """``acc += x[i + m][j + n] * k[m][n]``: both factors, as windows.py reads them."""
    if not isinstance(node.op, ast.Add):
        return []
    operands = _product_operands(node.value)
    if len(operands) != 2 or not all(isinstance(op, ast.Subscript) for op in operands):
        return []
    return operands


def _carries_flip(value: ast.AST, flipped: set[str], imports: ImportTable) -> bool:
    """The value is a flipped name, a copy of one, or a further flip of one."""
    while True:
        if isinstance(value, (ast.Name, ast.Attribute)):
            return dotted_name(value) in flipped
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            if value.func.attr in TRANSPARENT_METHODS:
                value = value.func.value
                continue
        if _is_flip_expr(value, imports):
            return any(n in flipped for n in _names_in(value))
        return False


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
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.NamedExpr)):
            if node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [n for t in targets for n in _names_in(t)]
                assigned.append((names, node.value))
                if isinstance(node, ast.AugAssign):
                    operands += _accumulated_operands(node)  # acc += x[i + m] * k[m]
                if _cuts_window(node.value, imports):
                    window_names.update(names)
        elif isinstance(node, ast.Call):
            name = dotted_name(node.func)
            resolved = imports.resolve(name) if name else None
            method = node.func.attr if isinstance(node.func, ast.Attribute) else None
            args = [*node.args, *(kw.value for kw in node.keywords)]
            if method is not None and resolved is None:
                args.append(node.func.value)  # (window * k).sum()
            if filter_api(resolved):
                operands += args
            elif resolved in _OPERAND_FUNCS or method in ("sum", "dot"):
                windows.append(args)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            if _may_yield_windows(node.iter):
                window_names.update(_names_in(node.target))
    flipped = {n for names, value in assigned if _is_flip_expr(value, imports) for n in names}
    # a sum-like call is a window only when an argument holds a window (windows.py)
    for args in windows:
        if any(
            _cuts_window(arg, imports) or any(n in window_names for n in _names_in(arg))
            for arg in args
        ):
            operands += args
    changed = True
    while changed:
        changed = False
        for names, value in assigned:
            if not flipped.issuperset(names) and _carries_flip(value, flipped, imports):
                flipped.update(names)
                changed = True
    return any(
        _is_flip_expr(sub, imports)
        or (isinstance(sub, ast.Name) and sub.id in flipped)
        or (isinstance(sub, ast.Attribute) and dotted_name(sub) in flipped)
        for operand in operands
        for sub in ast.walk(operand)
    )
