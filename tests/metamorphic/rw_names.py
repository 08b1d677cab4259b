"""Consistent renaming of user-defined names.

Every name the file binds or uses freely is renamed to an opaque fresh one (``v_1``,
``fn_1``), one mapping for the whole file, so shadowing is kept exactly.  Left alone:
imported names, builtins, ``self``/``cls``, dunders, attributes, class names, names bound
in a class body (class attributes and methods are reached through attributes), keywords
of calls to anything not defined in the file, and free names used only as ``x.attr``
(they may be modules a snippet forgot to import).  Test functions keep their ``test_``
prefix so pytest still collects them.
"""

from __future__ import annotations

import builtins

import libcst as cst

from .base import Context, Rewrite
from .sites import fresh, walk

_KEEP = frozenset(dir(builtins)) | {"self", "cls"}


def _target_names(node: cst.CSTNode) -> list[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        return [n for e in node.elements for n in _target_names(e.value)]
    if isinstance(node, cst.StarredElement):
        return _target_names(node.value)
    return []


class _Survey(cst.CSTVisitor):
    """Which names are bound, how, and where names are used."""

    def __init__(self) -> None:
        super().__init__()
        self.bound: set[str] = set()
        self.imported: set[str] = set()
        self.functions: set[str] = set()  # non-method function names
        self.class_level: set[str] = set()
        self.classes: set[str] = set()
        self.order: list[str] = []
        self.non_attribute_use: set[str] = set()
        self._scopes: list[str] = ["module"]

    def _bind(self, names: list[str]) -> None:
        self.bound.update(names)
        if self._scopes[-1] == "class":
            self.class_level.update(names)

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            target = alias.asname.name if alias.asname else alias.name
            while isinstance(target, cst.Attribute):
                target = target.value
            if isinstance(target, cst.Name):
                self.imported.add(target.value)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                target = alias.asname.name if alias.asname else alias.name
                if isinstance(target, cst.Name):
                    self.imported.add(target.value)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind([node.name.value])
        self.classes.add(node.name.value)
        self._scopes.append("class")

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._scopes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._scopes[-1] != "class":
            self.functions.add(node.name.value)
        self._bind([node.name.value])
        self._scopes.append("function")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._scopes.pop()

    def visit_Param(self, node: cst.Param) -> None:
        self.bound.add(node.name.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._bind(_target_names(node.target))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(_target_names(node.target))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(_target_names(node.target))

    def visit_For(self, node: cst.For) -> None:
        self._bind(_target_names(node.target))

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.bound.update(_target_names(node.target))

    def visit_AsName(self, node: cst.AsName) -> None:
        self._bind(_target_names(node.name))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(_target_names(node.target))

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if not isinstance(node.value, cst.Name):
            node.value.visit(self)
        elif node.value.value not in self.order:
            self.order.append(node.value.value)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value not in self.order:
            self.order.append(node.value)
        self.non_attribute_use.add(node.value)


def _plan(module: cst.Module, functions: bool) -> dict[str, str]:
    survey = _Survey()
    module.visit(survey)
    taken = {n.value for n in walk(module) if isinstance(n, cst.Name)}
    plan: dict[str, str] = {}
    for name in survey.order:
        if (
            name in _KEEP
            or name in survey.imported
            or name in survey.class_level
            or name in survey.classes
            or (name.startswith("__") and name.endswith("__"))
        ):
            continue
        if name not in survey.bound and name not in survey.non_attribute_use:
            continue  # a free name used only as ``x.attr``: maybe a module
        if (name in survey.functions) != functions:
            continue
        if functions:
            plan[name] = fresh(taken, "test_fn" if name.startswith("test") else "fn")
        else:
            plan[name] = fresh(taken, "v")
    return plan


class _Renamer(cst.CSTTransformer):
    def __init__(self, plan: dict[str, str], callables: set[str]) -> None:
        super().__init__()
        self.plan = plan
        self.callables = callables  # names whose keyword arguments are their parameters
        self._class_depth = 0

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return True

    def leave_Attribute(self, original_node, updated_node):
        return updated_node.with_changes(attr=original_node.attr)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._class_depth += 1

    def leave_ClassDef(self, original_node, updated_node):
        self._class_depth -= 1
        return updated_node.with_changes(name=original_node.name)

    def leave_Name(self, original_node, updated_node):
        new = self.plan.get(original_node.value)
        return updated_node if new is None else updated_node.with_changes(value=new)

    def leave_Arg(self, original_node, updated_node):
        if original_node.keyword is None:
            return updated_node
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Call(self, original_node, updated_node):
        func = original_node.func
        callee = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        if callee not in self.callables:
            return updated_node
        args = [
            a.with_changes(keyword=a.keyword.with_changes(value=self.plan[a.keyword.value]))
            if a.keyword is not None and a.keyword.value in self.plan
            else a
            for a in updated_node.args
        ]
        return updated_node.with_changes(args=args)


def _defined_callables(module: cst.Module) -> set[str]:
    return {n.name.value for n in walk(module) if isinstance(n, (cst.FunctionDef, cst.ClassDef))}


def _rename(functions: bool):
    def transform(context: Context) -> cst.Module | None:
        plan = _plan(context.module, functions)
        if not plan:
            return None
        context.renamed.update(plan)
        renamer = _Renamer(plan, _defined_callables(context.module))
        return context.module.visit(renamer)

    return transform


REWRITES = (
    Rewrite("rename-variables", "rename", _rename(functions=False)),
    Rewrite("rename-functions", "rename", _rename(functions=True)),
)
