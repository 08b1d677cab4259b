"""Structural rewrites: extract an expression into a helper, hoist it into a variable.

The sites are the three things a finding is about: a window sum (a product-sum), a flip
(an axis reversal, a transpose, a quarter turn) and a convolution-like call.

*Extraction* moves a site into ``def helper_1(<free names>): return <site>`` (or a
method of a small class) placed before the top-level statement that used it, and calls
it there.  Free names are every name the site reads except builtins and names imported
at module level, so the helper sees exactly the values the expression saw.  A site
under a lambda or a comprehension, or reading a name bound inside itself, is left alone.

*Intermediate variables* bind a site to a fresh name in a statement of its own just
before the statement that used it.  Hoisting changes evaluation order, so it is done
only in simple statements whose other calls cannot have side effects on the site (no
random draws, no calls of functions defined in the file) and never out of a lambda, a
comprehension, a conditional expression or a short-circuit operator.
"""

from __future__ import annotations

import builtins

import libcst as cst

from .base import Context, Rewrite, moved_here, origin_id, visit_where
from .rw_flips import Facts, _transposed, reversal
from .rw_values import _window, product_sum
from .sites import arg, bare, call, conv_qualname, fresh, kernel_image_args, walk

_BUILTINS = frozenset(dir(builtins))
_SCOPED = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
_CONDITIONAL = (cst.IfExp, cst.BooleanOperation, *_SCOPED)
_UNSAFE_INSIDE = (cst.Yield, cst.Await, cst.NamedExpr, *_SCOPED)


def _site_kind(kind: str, context: Context, facts: Facts):
    def is_site(node: cst.CSTNode) -> bool:
        if not isinstance(node, cst.BaseExpression):
            return False
        if kind == "window-sum":
            return product_sum(node, context) is not None
        if kind == "flip":
            if reversal(node, facts) is not None or _transposed(node, context) is not None:
                return True
            return (
                isinstance(node, cst.Call) and context.imports.qualify(node.func) == "numpy.rot90"
            )
        if kind == "convolution":
            return conv_qualname(node, context.imports) is not None
        raise ValueError(f"kind must be 'window-sum', 'flip' or 'convolution', got {kind!r}")

    return is_site


def _target_ids(stmt: cst.CSTNode) -> set[int]:
    """Ids of nodes in store position (assignment and loop targets, ``del``, ``as``)."""
    out: set[int] = set()
    for node in walk(stmt):
        targets = []
        if isinstance(
            node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.Del)
        ):
            targets.append(node.target)
        elif isinstance(node, cst.AsName):
            targets.append(node.name)
        for target in targets:
            out.update(id(n) for n in walk(target))
    return out


def free_names(expr: cst.BaseExpression, globals_: set[str]) -> list[str] | None:
    """Names ``expr`` reads, in first-use order; None when it cannot be extracted."""
    out: list[str] = []
    skip: set[int] = set()
    for node in walk(expr):
        if isinstance(node, _UNSAFE_INSIDE):
            return None
        if isinstance(node, cst.Call) and getattr(node.func, "value", None) == "super":
            return None
        if isinstance(node, cst.Attribute):
            skip.add(id(node.attr))
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            skip.add(id(node.keyword))
        elif isinstance(node, cst.Name) and id(node) not in skip:
            name = node.value
            if name not in _BUILTINS and name not in globals_ and name not in out:
                out.append(name)
    return out


def _module_imports(module: cst.Module) -> set[str]:
    names: set[str] = set()
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
                small.names, cst.ImportStar
            ):
                for alias in small.names:
                    target = alias.asname.name if alias.asname else alias.name
                    while isinstance(target, cst.Attribute):
                        target = target.value
                    names.add(target.value)
    return names


class _SiteWalker(cst.CSTTransformer):
    """Replaces outermost sites through ``self.take`` and knows their original statement."""

    def __init__(self, is_site, targets: set[int]) -> None:
        super().__init__()
        self.is_site = is_site
        self.targets = targets
        self.statements: list[int | None] = []
        self.scoped = 0
        self.inside_site: cst.CSTNode | None = None

    def take(self, original, updated) -> cst.BaseExpression | None:  # pragma: no cover
        raise NotImplementedError

    def on_visit(self, node) -> bool:
        if isinstance(node, cst.BaseStatement):
            ident = origin_id(node)
            self.statements.append(ident if ident is not None else self._current())
        if isinstance(node, _SCOPED):
            self.scoped += 1
        if (
            self.inside_site is None
            and not self.scoped
            and id(node) not in self.targets
            and self.is_site(node)
        ):
            self.inside_site = node
        return super().on_visit(node)

    def _current(self) -> int | None:
        return self.statements[-1] if self.statements else None

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(original_node, _SCOPED):
            self.scoped -= 1
        if original_node is self.inside_site:
            self.inside_site = None
            new = self.take(original_node, result)
            if new is not None:
                result = new
        if isinstance(original_node, cst.BaseStatement):
            self.statements.pop()
        return result


class _Extractor(_SiteWalker):
    def __init__(self, is_site, targets, context: Context, globals_: set[str], as_method: bool):
        super().__init__(is_site, targets)
        self.context = context
        self.globals = globals_
        self.as_method = as_method
        self.helpers: list[cst.BaseStatement] = []

    def take(self, original, updated):
        params = free_names(updated, self.globals)
        if params is None:
            return None
        body = cst.IndentedBlock([cst.SimpleStatementLine([cst.Return(bare(updated))])])
        call_args = [arg(cst.Name(p)) for p in params]
        if self.as_method:
            cls = fresh(self.context.taken, "Helper")
            receiver = "self" if "self" not in params else fresh(self.context.taken, "owner")
            method = cst.FunctionDef(
                cst.Name("compute"),
                cst.Parameters([cst.Param(cst.Name(n)) for n in [receiver, *params]]),
                body,
            )
            helper = cst.ClassDef(cst.Name(cls), cst.IndentedBlock([method]))
            func = cst.Attribute(call(cst.Name(cls)), cst.Name("compute"))
        else:
            name = fresh(self.context.taken, "helper")
            helper = cst.FunctionDef(
                cst.Name(name), cst.Parameters([cst.Param(cst.Name(p)) for p in params]), body
            )
            func = cst.Name(name)
        helper = helper.with_changes(leading_lines=[cst.EmptyLine()])
        self.helpers.append(moved_here(helper, self._current()))
        return call(func, *call_args).with_changes(lpar=updated.lpar, rpar=updated.rpar)


def _extract(kind: str, as_method: bool):
    def transform(context: Context) -> cst.Module | None:
        is_site = _site_kind(kind, context, Facts(context))
        globals_ = _module_imports(context.module)
        body: list[cst.BaseStatement] = []
        changed = False
        for stmt in context.module.body:
            if not any(is_site(n) for n in walk(stmt)):
                body.append(stmt)
                continue
            extractor = _Extractor(is_site, _target_ids(stmt), context, globals_, as_method)
            new = stmt.visit(extractor)
            if extractor.helpers:
                changed = True
                body.extend(extractor.helpers)
            body.append(new)
        return context.module.with_changes(body=body) if changed else None

    return transform


# -- intermediate variables -------------------------------------------------------------


def _impure(stmt: cst.SimpleStatementLine, context: Context, defined: set[str]) -> bool:
    for node in walk(stmt):
        if isinstance(node, _UNSAFE_INSIDE):
            return True
        if isinstance(node, cst.Call):
            name = context.imports.qualify(node.func) or ""
            if "random" in name:
                return True
            func = node.func
            root = func
            while isinstance(root, (cst.Attribute, cst.Call, cst.Subscript)):
                root = root.func if isinstance(root, cst.Call) else root.value
            if isinstance(root, cst.Name) and (root.value in defined or root.value == "self"):
                return True
    return False


class _Hoister(_SiteWalker):
    def __init__(self, is_site, targets, context: Context, whole: cst.CSTNode | None):
        super().__init__(is_site, targets)
        self.context = context
        self.whole = whole
        self.bindings: list[cst.SimpleStatementLine] = []
        self.conditional = 0

    def on_visit(self, node) -> bool:
        if isinstance(node, _CONDITIONAL):
            self.conditional += 1
        return super().on_visit(node)

    def on_leave(self, original_node, updated_node):
        result = super().on_leave(original_node, updated_node)
        if isinstance(original_node, _CONDITIONAL):
            self.conditional -= 1
        return result

    def take(self, original, updated):
        if self.conditional or original is self.whole:
            return None
        name = fresh(self.context.taken, "tmp")
        target = cst.AssignTarget(cst.Name(name))
        self.bindings.append(cst.SimpleStatementLine([cst.Assign([target], bare(updated))]))
        return cst.Name(name, lpar=updated.lpar, rpar=updated.rpar)


def _whole_value(stmt: cst.SimpleStatementLine) -> cst.CSTNode | None:
    small = stmt.body[0]
    return getattr(small, "value", None)


class _HoistStatements(cst.CSTTransformer):
    def __init__(self, is_site, context: Context, defined: set[str]) -> None:
        super().__init__()
        self.is_site = is_site
        self.context = context
        self.defined = defined
        self.changed = 0

    def leave_SimpleStatementLine(self, original_node, updated_node):
        # a simple statement holds no statement, so the original is the updated node's
        # equal; the site predicates know the original nodes by identity
        stmt = original_node
        if len(stmt.body) != 1 or _impure(stmt, self.context, self.defined):
            return updated_node
        if isinstance(stmt.body[0], (cst.Import, cst.ImportFrom, cst.Global, cst.Nonlocal)):
            return updated_node
        hoister = _Hoister(self.is_site, _target_ids(stmt), self.context, _whole_value(stmt))
        hoister.statements.append(origin_id(stmt))
        new_body = [stmt.body[0].visit(hoister)]
        if not hoister.bindings:
            return updated_node
        self.changed += 1
        origin = origin_id(stmt)
        bindings = [moved_here(b, origin) for b in hoister.bindings]
        return cst.FlattenSentinel([*bindings, stmt.with_changes(body=new_body)])


def _hoist(kind: str):
    def transform(context: Context) -> cst.Module | None:
        facts = Facts(context)
        if kind == "argument":
            is_site = _conv_argument(context)
        elif kind == "window":
            is_site = _window_operand(context)
        else:
            is_site = _site_kind(kind, context, facts)
        defined = {
            n.name.value
            for n in walk(context.module)
            if isinstance(n, (cst.FunctionDef, cst.ClassDef))
        }
        hoister = _HoistStatements(is_site, context, defined)
        out = visit_where(context.module, hoister, is_site)
        return out if hoister.changed else None

    return transform


def _conv_argument(context: Context):
    """Image and kernel arguments of convolution calls that are not plain names."""
    wanted: set[int] = set()
    for node in walk(context.module):
        name = conv_qualname(node, context.imports)
        if name is not None:
            for a in kernel_image_args(node, name):
                if not isinstance(a.value, (cst.Name, cst.Integer, cst.Float)):
                    wanted.add(id(a.value))
    return lambda node: id(node) in wanted


def _window_operand(context: Context):
    """The window subscripts multiplied in product-sums."""
    wanted: set[int] = set()
    for node in walk(context.module):
        if isinstance(node, cst.Call):
            found = product_sum(node, context)
            if found is not None:
                wanted.update(id(op) for op in found[:2] if _window(op) is not None)
    return lambda node: id(bare(node)) in wanted or id(node) in wanted


REWRITES = (
    *(
        Rewrite(f"extract-{kind}-{where}", "extract", _extract(kind, where == "method"))
        for kind in ("window-sum", "flip", "convolution")
        for where in ("function", "method")
    ),
    *(
        Rewrite(f"intermediate-{kind}", "intermediate", _hoist(kind))
        for kind in ("convolution", "argument", "window", "flip")
    ),
)
