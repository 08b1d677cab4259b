"""Wrapping a module-level script into a pytest test or a ``unittest.TestCase`` method.

Imports, functions and classes stay at module level; every other top-level statement
moves, in order, into ``def test_script():`` (or ``TestScript.test_script``) at the end
of the file.  The rewrite does not apply when a function or class of the file reads a
name the script binds (it would stop being a global) or when the script declares
``global``.  In the ``unittest`` form, ``assert x`` becomes ``self.assertTrue(x)``.
"""

from __future__ import annotations

import libcst as cst

from .base import Context, Rewrite, with_import
from .rw_names import _target_names
from .sites import arg, attr, call, fresh, walk

_KEPT = (cst.FunctionDef, cst.ClassDef)


def _kept(stmt: cst.BaseStatement) -> bool:
    if isinstance(stmt, _KEPT):
        return True
    if isinstance(stmt, cst.SimpleStatementLine):
        return all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in stmt.body) or (
            len(stmt.body) == 1
            and isinstance(stmt.body[0], cst.Expr)
            and isinstance(stmt.body[0].value, cst.SimpleString)
        )
    return False


def _bound_by(stmts: list[cst.BaseStatement]) -> set[str]:
    out: set[str] = set()
    for stmt in stmts:
        for node in walk(stmt):
            if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For)):
                out.update(_target_names(node.target))
            elif isinstance(node, cst.AsName):
                out.update(_target_names(node.name))
            elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                out.add(node.name.value)
    return out


def _split(context: Context) -> tuple[list[cst.BaseStatement], list[cst.BaseStatement]] | None:
    body = list(context.module.body)
    kept = [s for s in body if _kept(s)]
    script = [s for s in body if not _kept(s)]
    if not script:
        return None
    if any(isinstance(n, (cst.Global, cst.Nonlocal)) for s in script for n in walk(s)):
        return None
    read_by_kept = {
        n.value for s in kept if isinstance(s, _KEPT) for n in walk(s) if isinstance(n, cst.Name)
    }
    if _bound_by(script) & read_by_kept:
        return None
    return kept, script


def _function(name: str, params: list[str], body: list[cst.BaseStatement]) -> cst.FunctionDef:
    return cst.FunctionDef(
        cst.Name(name),
        cst.Parameters([cst.Param(cst.Name(p)) for p in params]),
        cst.IndentedBlock(body),
        leading_lines=[cst.EmptyLine(), cst.EmptyLine()],
    )


def _wrap_pytest(context: Context) -> cst.Module | None:
    split = _split(context)
    if split is None:
        return None
    kept, script = split
    name = fresh(context.taken, "test_script")
    context.entry = name
    return context.module.with_changes(body=[*kept, _function(name, [], script)])


class _AssertTrue(cst.CSTTransformer):
    def __init__(self, receiver: str) -> None:
        super().__init__()
        self.receiver = receiver

    def visit_FunctionDef(self, node) -> bool:
        return False

    def visit_ClassDef(self, node) -> bool:
        return False

    def visit_Lambda(self, node) -> bool:
        return False

    def leave_Assert(self, original_node, updated_node):
        args = [arg(updated_node.test)]
        if updated_node.msg is not None:
            args.append(arg(updated_node.msg))
        return cst.Expr(call(attr(self.receiver, "assertTrue"), *args))


def _wrap_unittest(context: Context) -> cst.Module | None:
    split = _split(context)
    if split is None:
        return None
    kept, script = split
    if "self" in context.taken:
        return None
    unittest_ = context.imports.alias_of("unittest")
    module = context.module
    if unittest_ is None:
        unittest_ = "unittest" if "unittest" not in context.taken else None
        if unittest_ is None:
            return None
    converted = [s.visit(_AssertTrue("self")) for s in script]
    cls = fresh(context.taken, "TestScript")
    method = _function("test_script", ["self"], converted).with_changes(leading_lines=[])
    case = cst.ClassDef(
        cst.Name(cls),
        cst.IndentedBlock([method]),
        bases=[cst.Arg(attr(unittest_, "TestCase"))],
        leading_lines=[cst.EmptyLine(), cst.EmptyLine()],
    )
    context.entry = f"{cls}.test_script"
    module = module.with_changes(body=[*kept, case])
    if context.imports.alias_of("unittest") is None:
        module = with_import(module, "import unittest")
    return module


REWRITES = (
    Rewrite("wrap-pytest-function", "wrap", _wrap_pytest),
    Rewrite("wrap-unittest-method", "wrap", _wrap_unittest),
)
