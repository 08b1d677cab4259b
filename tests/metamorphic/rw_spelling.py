"""Spelling rewrites: how an equality is claimed, and how a library is imported.

Comparison spellings keep the *claim* (these two values are equal), not the tolerance:
``assert np.allclose(a, b)``, ``np.testing.assert_allclose(a, b)``, ``assert abs(a - b)
< 1e-9`` (only where one side is a scalar: an element ``y[0, 0]`` or a product-sum) and
``expected = b`` followed by ``np.testing.assert_allclose(a, expected)``.

Import spellings: ``from scipy.signal import convolve2d`` / ``import scipy.signal as sig``
/ ``from scipy import signal`` (the same for ``scipy.ndimage``), and ``import numpy`` /
``import numpy as npy`` for numpy.  Every use is respelled; the rewrite does not apply
when a module alias is used other than as ``alias.name``, when an import of the module
sits inside a function, or when the new name is already taken.
"""

from __future__ import annotations

import libcst as cst

from .base import Context, Rewrite, moved_here, numpy_alias, origin_id, visit_where
from .rw_values import product_sum
from .sites import (
    arg,
    atom,
    attr,
    bare,
    call,
    call_args,
    dotted,
    fresh,
    numpy_module_call,
    plain_names,
    stored_names,
    walk,
)

# -- comparisons ------------------------------------------------------------------------


def claim(small: cst.BaseSmallStatement, context: Context):
    """``(a, b, form)`` when a small statement asserts that ``a`` equals ``b``."""
    imports = context.imports
    if isinstance(small, cst.Assert) and small.msg is None:
        test = small.test
        if numpy_module_call(test, imports, "allclose"):
            pair = _two_positional(test)
            return None if pair is None else (*pair, "allclose")
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            op = test.comparisons[0]
            if isinstance(op.operator, cst.Equal):
                return test.left, op.comparator, "equal"
            if isinstance(op.operator, cst.LessThan) and _abs_difference(test.left):
                diff = bare(bare(test.left).args[0].value)
                return diff.left, diff.right, "abs"
        return None
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        if imports.qualify(small.value.func) == "numpy.testing.assert_allclose":
            pair = _two_positional(small.value)
            return None if pair is None else (*pair, "testing")
    return None


def _two_positional(node: cst.Call):
    try:
        pos, kws = call_args(node)
    except ValueError:
        return None
    return (pos[0], pos[1]) if len(pos) == 2 and not kws else None


def _abs_difference(node) -> bool:
    node = bare(node)
    if not (isinstance(node, cst.Call) and getattr(node.func, "value", None) == "abs"):
        return False
    if len(node.args) != 1:
        return False
    inner = bare(node.args[0].value)
    return isinstance(inner, cst.BinaryOperation) and isinstance(inner.operator, cst.Subtract)


def _scalar_names(context: Context) -> set[str]:
    out = set()
    for node in walk(context.module):
        if isinstance(node, cst.Assign) and _scalar(node.value, context, set()):
            out.update(t.target.value for t in node.targets if isinstance(t.target, cst.Name))
    return out


def _scalar(node, context: Context, names: set[str]) -> bool:
    node = bare(node)
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.Name):
        return node.value in names
    if isinstance(node, cst.Subscript):
        return (
            all(
                isinstance(e.slice, cst.Index) and not isinstance(e.slice.value, cst.Ellipsis)
                for e in node.slice
            )
            and len(node.slice) >= 2
        )
    return isinstance(node, cst.Call) and product_sum(node, context) is not None


def _space(op):
    return op(
        whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")
    )


def _comparison(target: str):
    def transform(context: Context) -> cst.Module | None:
        claims = [
            s
            for n in walk(context.module)
            if isinstance(n, cst.SimpleStatementLine)
            for s in n.body
            if claim(s, context)
        ]
        if not claims:
            return None
        np_ = numpy_alias(context)
        scalars = _scalar_names(context)
        rewriter = _ClaimRewriter(context, target, np_, scalars)

        def wanted(node) -> bool:
            return isinstance(node, cst.BaseSmallStatement) and claim(node, context) is not None

        out = visit_where(context.module, rewriter, wanted)
        return out if rewriter.changed else None

    return transform


class _ClaimRewriter(cst.CSTTransformer):
    def __init__(self, context: Context, target: str, np_: str, scalars: set[str]) -> None:
        super().__init__()
        self.context, self.target, self.np, self.scalars = context, target, np_, scalars
        self.changed = 0

    def _testing(self, a, b) -> cst.Expr:
        func = attr(self.np, "testing", "assert_allclose")
        return cst.Expr(call(func, arg(bare(a)), arg(bare(b))))

    def _small(self, a, b, form):
        if self.target == "allclose" and form != "allclose":
            return cst.Assert(call(attr(self.np, "allclose"), arg(bare(a)), arg(bare(b))))
        if self.target == "testing" and form != "testing":
            return self._testing(a, b)
        if self.target == "abs" and form != "abs":
            if not (
                _scalar(a, self.context, self.scalars) or _scalar(b, self.context, self.scalars)
            ):
                return None
            diff = cst.BinaryOperation(atom(a), _space(cst.Subtract), atom(b))
            test = cst.Comparison(
                call(cst.Name("abs"), arg(diff)),
                [cst.ComparisonTarget(_space(cst.LessThan), cst.Float("1e-9"))],
            )
            return cst.Assert(test)
        return None

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if self.target == "expected":
            return self._through_variable(updated_node)
        body = []
        for small in updated_node.body:
            found = claim(small, self.context)
            new = None if found is None else self._small(*found)
            if new is not None:
                self.changed += 1
                new = new.with_changes(semicolon=small.semicolon)
            body.append(new if new is not None else small)
        return updated_node.with_changes(body=body)

    def _through_variable(self, stmt: cst.SimpleStatementLine):
        if len(stmt.body) != 1:
            return stmt
        found = claim(stmt.body[0], self.context)
        if found is None:
            return stmt
        a, b, _ = found
        name = fresh(self.context.taken, "expected")
        binding = cst.SimpleStatementLine(
            [cst.Assign([cst.AssignTarget(cst.Name(name))], bare(b))]
        )
        self.changed += 1
        return cst.FlattenSentinel(
            [
                moved_here(binding, origin_id(stmt)),
                stmt.with_changes(body=[self._testing(a, cst.Name(name))]),
            ]
        )


# -- imports --------------------------------------------------------------------------


class _ImportPlan:
    """How ``module`` (``scipy.signal``) is bound in a file, or why it cannot be respelled."""

    def __init__(self, context: Context, module: str) -> None:
        self.module = module
        self.members: dict[str, str] = {}  # local name -> member (``c2`` -> ``convolve2d``)
        self.aliases: set[str] = set()  # local names bound to the module itself
        self.statements: set[int] = set()  # ids of top-level statements that bind them
        self.ok = True
        top = {id(s) for s in context.module.body}
        for stmt in walk(context.module):
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                if self._binds(small) and id(stmt) not in top:
                    self.ok = False
                elif self._binds(small):
                    self.statements.add(id(stmt))

    def _binds(self, small) -> bool:
        found = False
        if isinstance(small, cst.Import):
            for alias in small.names:
                if dotted(alias.name) == self.module and alias.asname is not None:
                    self.aliases.add(alias.asname.name.value)
                    found = True
        elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            base = dotted(small.module)
            if isinstance(small.names, cst.ImportStar):
                if base == self.module:
                    self.ok = False
                return False
            for alias in small.names:
                local = (alias.asname.name if alias.asname else alias.name).value
                if base == self.module:
                    self.members[local] = alias.name.value
                    found = True
                elif f"{base}.{alias.name.value}" == self.module:
                    self.aliases.add(local)
                    found = True
        return found

    def trimmed(self, stmt: cst.SimpleStatementLine) -> cst.SimpleStatementLine | None:
        """``stmt`` without the aliases that bind the module (None when nothing is left)."""
        body = []
        for small in stmt.body:
            if isinstance(small, cst.Import):
                names = [
                    a for a in small.names if not (dotted(a.name) == self.module and a.asname)
                ]
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                base = dotted(small.module) if small.module else None
                names = [
                    a
                    for a in small.names
                    if base != self.module and f"{base}.{a.name.value}" != self.module
                ]
            else:
                body.append(small)
                continue
            if names:
                names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                body.append(small.with_changes(names=names))
        return stmt.with_changes(body=body) if body else None


class _Respell(cst.CSTTransformer):
    def __init__(self, plan: _ImportPlan, context: Context, spell) -> None:
        super().__init__()
        self.plan, self.context, self.spell = plan, context, spell
        self.used: list[str] = []
        self.changed = 0

    def visit_Import(self, node) -> bool:
        return False

    def visit_ImportFrom(self, node) -> bool:
        return False

    def leave_Attribute(self, original_node, updated_node):
        if self.context.imports.qualify(original_node.value) == self.plan.module and (
            isinstance(original_node.value, (cst.Name, cst.Attribute))
        ):
            member = original_node.attr.value
            if member not in self.used:
                self.used.append(member)
            self.changed += 1
            return self.spell(member).with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        return updated_node.with_changes(attr=original_node.attr)

    def leave_Arg(self, original_node, updated_node):
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Name(self, original_node, updated_node):
        member = self.plan.members.get(original_node.value)
        if member is None:
            return updated_node
        if member not in self.used:
            self.used.append(member)
        self.changed += 1
        return self.spell(member)


def _alias_uses_ok(context: Context, plan: _ImportPlan) -> bool:
    """Every use of a module alias is ``alias.member``; no member name is reassigned."""
    attribute_values = {id(n.value) for n in walk(context.module) if isinstance(n, cst.Attribute)}
    in_imports: set[int] = set()
    for n in walk(context.module):
        if isinstance(n, (cst.Import, cst.ImportFrom)):
            in_imports.update(id(x) for x in walk(n))
        if isinstance(n, cst.Attribute):
            in_imports.add(id(n.attr))
        if isinstance(n, cst.Arg) and n.keyword is not None:
            in_imports.add(id(n.keyword))
    for n in walk(context.module):
        if isinstance(n, cst.Name) and id(n) not in in_imports:
            if n.value in plan.aliases and id(n) not in attribute_values:
                return False
    return not (set(plan.members) & stored_names(context.module))


def _imports(module: str, target: str, alias: str | None = None):
    parent, _, last = module.rpartition(".")

    def transform(context: Context) -> cst.Module | None:
        plan = _ImportPlan(context, module)
        if not plan.ok or not (plan.members or plan.aliases) or not _alias_uses_ok(context, plan):
            return None
        own = set(plan.members) | plan.aliases
        others = plain_names(context.module) - own

        if target == "names":

            def spell(member):
                return cst.Name(member)
        else:
            if target == "package":
                local = last
            elif target == "plain":
                local = module
            else:
                local = alias if alias not in others else fresh(context.taken, alias)
            if local.split(".")[0] in others and target != "plain":
                return None
            if target == "plain" and context.imports.bound.get(parent or module, module) != (
                parent or module
            ):
                return None

            def spell(member):
                return attr(cst.parse_expression(local), member)

        respell = _Respell(plan, context, spell)
        names = own | {"scipy", "numpy"}

        def wanted(node) -> bool:
            return isinstance(node, cst.Name) and node.value in names

        body = list(visit_where(context.module, respell, wanted).body)
        if not respell.changed:
            return None
        if target == "names" and set(respell.used) & others:
            return None
        return context.module.with_changes(
            body=_with_new_import(
                body, context, plan, target, local if target != "names" else None, respell.used
            )
        )

    return transform


def _new_import(
    module: str, target: str, local: str | None, used: list[str]
) -> cst.SimpleStatementLine:
    parent, _, last = module.rpartition(".")
    if target == "names":
        names = ", ".join(sorted(used))
        return cst.parse_statement(f"from {module} import {names}")
    if target == "package":
        return cst.parse_statement(f"from {parent} import {last}")
    if target == "plain":
        return cst.parse_statement(f"import {module}")
    return cst.parse_statement(f"import {module} as {local}")


def _with_new_import(body, context: Context, plan: _ImportPlan, target, local, used):
    new_import = _new_import(plan.module, target, local, used)
    originals = list(context.module.body)
    out: list[cst.BaseStatement] = []
    placed = False
    for original, stmt in zip(originals, body, strict=True):
        if id(original) not in plan.statements:
            out.append(stmt)
            continue
        trimmed = plan.trimmed(stmt)
        if trimmed is not None:
            out.append(trimmed)
        if not placed:
            lines = stmt.leading_lines if trimmed is None else ()
            out.append(new_import.with_changes(leading_lines=lines))
            placed = True
    return out


REWRITES = (
    *(
        Rewrite(f"import-{short}-{target}", "import", _imports(module, target, alias))
        for module, short, alias in (
            ("scipy.signal", "signal", "sig"),
            ("scipy.ndimage", "ndimage", "ndi"),
        )
        for target in ("names", "alias", "package")
    ),
    Rewrite("import-numpy-plain", "import", _imports("numpy", "plain")),
    Rewrite("import-numpy-alias", "import", _imports("numpy", "alias", "npy")),
    *(
        Rewrite(f"compare-{t}", "comparison", _comparison(t))
        for t in ("allclose", "testing", "abs", "expected")
    ),
)
