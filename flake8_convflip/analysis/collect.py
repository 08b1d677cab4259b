"""The one libcst pass: walk a module once and record the facts rules ask about.

The collector keeps no metadata providers: scopes, bindings and import aliases are
tracked by hand while walking, and names are resolved afterwards from the file's own
imports (see :mod:`.imports`).  Positions are not computed here; the engine asks for
them only when a rule reports something.
"""

from __future__ import annotations

import libcst as cst

from .apis import (
    FILTER_APIS,
    PARTIAL_CALLS,
    FilterApi,
    canonical,
    filter_api,
    padding_position,
)
from .exprs import (
    accumulated_term,
    call_arg,
    child_nodes,
    docstring_of,
    dotted,
    int_value,
    string_value,
    walk,
)
from .imports import ImportTable
from .model import Accumulation, ApiCall, Binding, CallSite, FileFacts, Scope

_LOOPS = (cst.For, cst.While)


def _import_module_name(node: cst.BaseExpression) -> str | None:
    return dotted(node)


def _target_names(target: cst.BaseExpression) -> list[str]:
    return [name for name, _ in _unpacked_names(target)]


def _unpacked_names(
    target: cst.BaseExpression, path: tuple[int, ...] = ()
) -> list[tuple[str, tuple[int, ...]]]:
    """The names a target binds, each with its position in the unpacked value.

    ``a, (b, c) = v`` gives ``[("a", (0,)), ("b", (1, 0)), ("c", (1, 1))]``; a starred
    element ends the known positions (its names get the path up to the star).
    """
    if isinstance(target, cst.Name):
        return [(target.value, path)]
    if isinstance(target, (cst.Tuple, cst.List)):
        names: list[tuple[str, tuple[int, ...]]] = []
        starred = False
        for i, element in enumerate(target.elements):
            if isinstance(element, cst.StarredElement):
                starred = True
                names.extend((n, path) for n, _ in _unpacked_names(element.value))
                continue
            sub = path if starred else (*path, i)
            names.extend(_unpacked_names(element.value, sub))
        return names
    if isinstance(target, cst.StarredElement):
        return [(n, path) for n, _ in _unpacked_names(target.value)]
    return []


def _loop_targets(
    target: cst.BaseExpression, iterable: cst.BaseExpression
) -> list[tuple[str, cst.BaseExpression, tuple[int, ...]]]:
    """(name, iterable it takes its items from, position in the item).

    ``for a, k in zip(xs, ks)`` gives k -> ks; ``for i, w in enumerate(ws)`` gives
    w -> the ``enumerate`` call with position (1,).
    """
    if (
        isinstance(target, (cst.Tuple, cst.List))
        and isinstance(iterable, cst.Call)
        and dotted(iterable.func) == "zip"
        and len(iterable.args) == len(target.elements)
        and all(arg.keyword is None and not arg.star for arg in iterable.args)
    ):
        return [
            (name, arg.value, path)
            for element, arg in zip(target.elements, iterable.args, strict=True)
            for name, path in _unpacked_names(element.value)
        ]
    return [(name, iterable, path) for name, path in _unpacked_names(target)]


def _same_length_tuples(target: cst.BaseExpression, value: cst.BaseExpression) -> bool:
    sequences = (cst.Tuple, cst.List)
    if not isinstance(target, sequences) or not isinstance(value, sequences):
        return False
    elements = (*target.elements, *value.elements)
    if any(isinstance(el, cst.StarredElement) for el in elements):
        return False
    return len(target.elements) == len(value.elements)


def _item_base(target: cst.BaseExpression) -> str | None:
    """``out`` for ``out[i, j]`` or ``self.out[i]`` targets (item assignment)."""
    if isinstance(target, cst.Subscript):
        return dotted(target.value) or _item_base(target.value)
    return None


class _Collector:
    """Hand-driven walk (libcst's visitor rebuilds every node, which costs ~3x)."""

    def run(self, module: cst.Module) -> None:
        dispatch = self._dispatch
        tops = {id(statement): index for index, statement in enumerate(module.body)}
        stack: list[tuple[cst.CSTNode, bool]] = [(module, False)]
        while stack:
            node, leaving = stack.pop()
            if not leaving:
                top = tops.get(id(node))
                if top is not None:
                    self.top = top
            enter, leave = dispatch(type(node))
            if leaving:
                if leave is not None:
                    leave(node)
                continue
            if enter is not None:
                enter(node)
            if leave is not None:
                stack.append((node, True))
            children = list(child_nodes(node))
            stack.extend((child, False) for child in reversed(children))

    def _dispatch(self, kind: type):
        found = self._methods.get(kind)
        if found is None:
            name = kind.__name__
            found = (getattr(self, f"visit_{name}", None), getattr(self, f"leave_{name}", None))
            self._methods[kind] = found
        return found

    def __init__(self) -> None:
        self._methods: dict[type, tuple] = {}
        self.scopes: list[Scope] = []
        self.stack: list[Scope] = []
        self.statements: list[cst.CSTNode] = []
        self.loops: list[cst.For | cst.While] = []
        self.loop_marks: list[int] = []
        self.functions: dict[str, Scope] = {}
        self.statement_comments: dict[int, str] = {}
        self.statement_order: dict[int, int] = {}
        self.top = 0  # the top-level statement being walked (its index in the module)
        self.top_level: dict[int, int] = {}  # id(statement or call) -> that index
        self.compared: set[int] = set()  # statements holding a comparison
        # id(statement) -> names: a handler's stand-ins for modules its ``try`` imports
        self.fallbacks: dict[int, set[str]] = {}
        self.subtracted: set[int] = set()  # statements holding a subtraction
        self.loop_names: dict[int, frozenset[str]] = {}  # appended value -> loop variables
        self.lambda_names: dict[int, str] = {}  # id(lambda) -> the name it is assigned to
        # the branch arms being walked, and the arm each block opens (see Binding.arms)
        self.arms: list[tuple[int, int]] = []
        self.arm_of: dict[int, tuple[int, int]] = {}
        self.order_arms: dict[int, tuple[tuple[int, int], ...]] = {}
        self.branches: dict[int, tuple[int, frozenset[int]]] = {}

    # -- scopes ---------------------------------------------------------------
    @property
    def scope(self) -> Scope:
        return self.stack[-1]

    def _push(self, node: cst.CSTNode, kind: str, name: str) -> Scope:
        parent = self.stack[-1] if self.stack else None
        imports = ImportTable()
        scope = Scope(node=node, kind=kind, name=name, parent=parent, imports=imports)
        scope.docstring = docstring_of(node) or ""
        if parent is not None:
            parent.children.append(scope)
        self.scopes.append(scope)
        self.stack.append(scope)
        self.loop_marks.append(len(self.loops))
        return scope

    def _pop(self) -> None:
        self.stack.pop()
        del self.loops[self.loop_marks.pop() :]

    def visit_Module(self, node: cst.Module) -> None:
        scope = self._push(node, "module", "<module>")
        scope.comments.extend(
            line.comment.value.lower() for line in (*node.header, *node.footer) if line.comment
        )

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        name = node.name.value
        self._bind(name, None, node, "def")
        scope = self._push(node, "function", name)
        scope.params.extend(_param_names(node.params))
        if len(self.stack) == 2 or (len(self.stack) == 3 and self.stack[1].kind == "class"):
            self.functions.setdefault(name, scope)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        """A lambda is a function whose one return is its body (``blur = lambda a, k:
        fftconvolve(a, k)`` is read like the ``def`` it abbreviates)."""
        name = self.lambda_names.get(id(node), "<lambda>")
        statement = self._statement()
        scope = self._push(node, "function", name)
        scope.params.extend(_param_names(node.params))
        scope.returns.append(node.body)
        scope.return_order.append(self.statement_order.get(id(statement), 0))
        if id(node) in self.lambda_names and self.stack[-2].kind in ("module", "class"):
            self.functions.setdefault(name, scope)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value, None, node, "def")
        self._push(node, "class", node.name.value)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._pop()

    # -- statements and loops -------------------------------------------------
    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.order_arms[len(self.statement_order)] = tuple(self.arms)
        self.statement_order[id(node)] = len(self.statement_order)
        self.top_level[id(node)] = self.top
        self.statements.append(node)
        self.scope.statements.append((node, len(self.loops) - self.loop_marks[-1]))
        comment = node.trailing_whitespace.comment
        texts = [line.comment.value for line in node.leading_lines if line.comment]
        if comment is not None:
            texts.append(comment.value)
        if texts:
            text = " ".join(texts).lower()
            self.statement_comments[id(node)] = text
            self.scope.comments.append(text)

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine) -> None:
        self.statements.pop()

    def _enter_compound(self, node: cst.CSTNode) -> None:
        self.order_arms[len(self.statement_order)] = tuple(self.arms)
        self.statement_order[id(node)] = len(self.statement_order)
        self.top_level[id(node)] = self.top
        self.statements.append(node)
        texts = [line.comment.value for line in getattr(node, "leading_lines", ()) if line.comment]
        body = getattr(node, "body", None)
        header = getattr(body, "header", None)
        if header is not None and header.comment is not None:
            texts.append(header.comment.value)
        if texts:
            text = " ".join(texts).lower()
            self.statement_comments[id(node)] = text
            self.scope.comments.append(text)

    def visit_For(self, node: cst.For) -> None:
        self._enter_compound(node)
        for name, items, path in _loop_targets(node.target, node.iter):
            self._bind(name, items, node, "for", path)
        self.loops.append(node)

    def leave_For(self, original_node: cst.For) -> None:
        self.loops.pop()
        self.statements.pop()

    def visit_While(self, node: cst.While) -> None:
        self._enter_compound(node)
        self.loops.append(node)

    def leave_While(self, original_node: cst.While) -> None:
        self.loops.pop()
        self.statements.pop()

    def visit_If(self, node: cst.If) -> None:
        self._enter_arm(node)  # an ``elif`` is the ``else`` arm of the ``if`` before it
        self._enter_compound(node)
        self.arm_of[id(node.body)] = (id(node), 0)
        if node.orelse is not None:
            self.arm_of[id(node.orelse)] = (id(node), 1)
        arms = frozenset({0, 1 if node.orelse is not None else -1})
        self.branches[id(node)] = (self.statement_order[id(node)], arms)

    def leave_If(self, original_node: cst.If) -> None:
        self.statements.pop()
        self._leave_arm(original_node)

    def visit_Try(self, node: cst.Try) -> None:
        self._enter_compound(node)
        self.arm_of[id(node.body)] = (id(node), 0)
        if node.orelse is not None:
            self.arm_of[id(node.orelse)] = (id(node), 0)  # runs on from the body
        for i, handler in enumerate(node.handlers, start=1):
            self.arm_of[id(handler)] = (id(node), i)
        arms = frozenset(range(len(node.handlers) + 1))
        self.branches[id(node)] = (self.statement_order[id(node)], arms)
        self._note_fallbacks(node)

    def leave_Try(self, original_node: cst.Try) -> None:
        self.statements.pop()

    def _enter_arm(self, node: cst.CSTNode) -> None:
        arm = self.arm_of.get(id(node))
        if arm is not None:
            self.arms.append(arm)

    def _leave_arm(self, node: cst.CSTNode) -> None:
        if id(node) in self.arm_of:
            self.arms.pop()

    visit_IndentedBlock = visit_SimpleStatementSuite = visit_Else = _enter_arm
    visit_ExceptHandler = _enter_arm
    leave_IndentedBlock = leave_SimpleStatementSuite = leave_Else = _leave_arm
    leave_ExceptHandler = _leave_arm

    def visit_With(self, node: cst.With) -> None:
        self._enter_compound(node)
        for item in node.items:
            if item.asname is not None:
                for name in _target_names(item.asname.name):
                    self._bind(name, item.item, node, "with")

    def leave_With(self, original_node: cst.With) -> None:
        self.statements.pop()

    def visit_CompFor(self, node: cst.CompFor) -> None:
        for name, items, path in _loop_targets(node.target, node.iter):
            self._bind(name, items, self._statement(), "for", path)

    # -- bindings -------------------------------------------------------------
    def _statement(self) -> cst.CSTNode:
        return self.statements[-1] if self.statements else self.scope.node

    def _loop_depth(self) -> int:
        return len(self.loops) - self.loop_marks[-1]

    def _bind(
        self,
        name: str,
        value: cst.BaseExpression | None,
        stmt: cst.CSTNode,
        kind: str,
        unpack: tuple[int, ...] = (),
    ):
        order = self.statement_order.get(id(stmt), 0)
        arms = tuple(self.arms)
        self.scope.bind(Binding(name, value, stmt, kind, self._loop_depth(), unpack, order, arms))

    def _bind_target(self, target: cst.BaseExpression, value: cst.BaseExpression, kind: str):
        if _same_length_tuples(target, value):
            # ``self.x, self.k = x, k`` binds element by element
            assert isinstance(target, (cst.Tuple, cst.List))
            assert isinstance(value, (cst.Tuple, cst.List))
            for sub_target, sub_value in zip(target.elements, value.elements, strict=True):
                self._bind_target(sub_target.value, sub_value.value, kind)
            return
        for name, path in _unpacked_names(target):
            self._bind(name, value, self._statement(), kind, path)
        base = _item_base(target)
        if base is not None:
            self._bind(base, value, self._statement(), "item")
            if self.loops[self.loop_marks[-1] :]:
                self._note_loop_names(value)
        elif isinstance(target, cst.Attribute):
            name = dotted(target)
            if name is not None:
                self._bind(name, value, self._statement(), kind)

    def _note_accumulation(self, node: cst.AugAssign | cst.Assign) -> None:
        if self._loop_depth() > 0:
            loops = tuple(self.loops[self.loop_marks[-1] :])
            self.scope.accumulations.append(Accumulation(node, self._statement(), loops))

    def visit_Assign(self, node: cst.Assign) -> None:
        term = accumulated_term(node) if self._loop_depth() > 0 else None
        if term is not None:  # ``acc = acc + x * k`` in a loop: the running sum ``+=`` is
            self._bind_target(node.targets[0].target, term, "augassign")
            self._note_accumulation(node)
            return
        for target in node.targets:
            self._bind_target(target.target, node.value, "assign")
            if isinstance(node.value, cst.Lambda) and isinstance(target.target, cst.Name):
                self.lambda_names.setdefault(id(node.value), target.target.value)
        self._note_accumulation(node)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind_target(node.target, node.value, "assign")

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind_target(node.target, node.value, "augassign")
        self._note_accumulation(node)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_target(node.target, node.value, "assign")

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            module = _import_module_name(alias.name)
            asname = alias.evaluated_alias
            if module:
                self.scope.imports.bind_import(module, asname)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = _import_module_name(node.module)
        if not module:
            return
        for alias in node.names:
            name = alias.evaluated_name
            self.scope.imports.bind_from(module, name, alias.evaluated_alias)

    # -- expressions ----------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        site = CallSite(node, self.scope, self._statement(), self._loop_depth())
        self.scope.calls.append(site)
        self.top_level[id(node)] = self.top
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value == "append"
            and isinstance(func.value, cst.Name)
            and len(node.args) == 1
            and node.args[0].keyword is None
            and not node.args[0].star
        ):
            # ``rows.append(v)`` adds a row to the list ``rows`` (a stack of the values)
            value = node.args[0].value
            self._bind(func.value.value, value, self._statement(), "append")
            self._note_loop_names(value)

    def _note_loop_names(self, value: cst.BaseExpression) -> None:
        """The names the loops around a row written into a stack bind (an appended row,
        or an item assigned in a loop: ``cols[row] = x[m:m + oh, n:n + ow].ravel()``)."""
        loops = self.loops[self.loop_marks[-1] :]
        self.loop_names[id(value)] = frozenset(
            n.value
            for loop in loops
            if isinstance(loop, cst.For)
            for n in walk(loop.target)
            if isinstance(n, cst.Name)
        )

    def visit_Comparison(self, node: cst.Comparison) -> None:
        self.compared.add(id(self._statement()))

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Subtract):
            self.subtracted.add(id(self._statement()))

    def visit_Return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.scope.returns.append(node.value)
            self.scope.return_order.append(self.statement_order.get(id(self._statement()), 0))

    def visit_Yield(self, node: cst.Yield) -> None:
        if isinstance(node.value, cst.BaseExpression):
            self.scope.yields.append(node.value)

    def visit_Assert(self, node: cst.Assert) -> None:
        self.scope.asserts.append(node)

    def _note_fallbacks(self, node: cst.Try) -> None:
        """``try: import cv2`` / ``except ImportError: cv2 = stand_in``: the handler's
        binding stands in for the module, so the name keeps resolving to it; so does a
        name the ``try`` body binds beside its imports (``to_tensor = torch.from_numpy``
        / ``except ImportError: to_tensor = np.asarray``)."""
        imported = _imported_names(node.body)
        if not imported:
            return
        imported |= _assigned_names(node.body)
        for handler in node.handlers:
            if not _catches_import_error(handler):
                continue
            for statement in walk(handler.body):
                # ``cv2 = None``, ``cv2 = stub`` or a stand-in ``class cv2:`` / ``def``
                if isinstance(statement, (cst.SimpleStatementLine, cst.ClassDef, cst.FunctionDef)):
                    self.fallbacks.setdefault(id(statement), set()).update(imported)


def _assigned_names(body: cst.BaseSuite) -> set[str]:
    """Plain names the statements of ``body`` assign (not in nested blocks)."""
    names: set[str] = set()
    for statement in getattr(body, "body", ()):
        for small in (
            getattr(statement, "body", ())
            if isinstance(statement, cst.SimpleStatementLine)
            else ()
        ):
            if isinstance(small, cst.Assign):
                names.update(
                    t.target.value for t in small.targets if isinstance(t.target, cst.Name)
                )
    return names


def _imported_names(body: cst.BaseSuite) -> set[str]:
    names: set[str] = set()
    for node in walk(body):
        if isinstance(node, (cst.Import, cst.ImportFrom)) and not isinstance(
            node.names, cst.ImportStar
        ):
            for alias in node.names:
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    names.add(alias.asname.name.value)
                else:
                    names.add(dotted(alias.name).partition(".")[0])
    return names


def _catches_import_error(handler: cst.ExceptHandler) -> bool:
    kinds = handler.type
    if kinds is None:
        return True
    found = kinds.elements if isinstance(kinds, cst.Tuple) else [kinds]
    names = {dotted(el.value if isinstance(el, cst.Element) else el) for el in found}
    return bool(names & {"ImportError", "ModuleNotFoundError", "Exception"})


def _register_aliases(scope: Scope, fallbacks: dict[int, set[str]]) -> None:
    """``f = ss.convolve2d`` makes ``f`` an alias; any other rebinding shadows an import,
    except a stand-in bound where the import failed (``except ImportError: cv2 = ...``)."""
    for name, bindings in scope.bindings.items():
        if "." in name:
            continue
        bindings = [b for b in bindings if name not in fallbacks.get(id(b.statement), ())]
        if not bindings:
            continue
        only = bindings[0] if len(bindings) == 1 else None
        if only is not None and only.kind == "assign" and only.value is not None:
            value, keywords = _partial_of(only.value, scope)
            resolved = scope.resolve(value)
            if resolved is not None:
                scope.imports.bind_alias(name, resolved)
                if keywords:
                    scope.partials[name] = keywords
                continue
        if all(_is_none(b.value) for b in bindings):
            continue  # ``except ImportError: torch = None`` keeps the import for the rest
        scope.imports.unbind(name)


def _param_names(params: cst.Parameters) -> list[str]:
    """A ``def``'s or a lambda's parameter names, in order (``*args`` and ``**kw`` too)."""
    names = [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return names


def _partial_of(
    value: cst.BaseExpression, scope: Scope
) -> tuple[cst.BaseExpression, dict[str, cst.BaseExpression]]:
    """``partial(f, mode="same")`` is ``f`` with keywords bound; anything else is itself.

    A partial that binds positional arguments too is not read through (the call's
    arguments would shift): it stays an unknown value.
    """
    if not isinstance(value, cst.Call) or scope.resolve(value.func) not in PARTIAL_CALLS:
        return value, {}
    args = value.args
    if not args or args[0].keyword is not None or args[0].star:
        return value, {}
    if any(a.keyword is None for a in args[1:]):
        return value, {}
    keywords = {a.keyword.value: a.value for a in args[1:] if a.keyword is not None}
    return args[0].value, keywords


def _is_none(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def framework_mode(node: cst.Call, api: FilterApi) -> str | None:
    """The mode of a framework convolution call or layer constructor from its
    ``padding`` ("valid", "same", None when it is not a literal of either)."""
    padding = call_arg(node, padding_position(api), "padding")
    if padding is None:
        return "valid"
    text = (string_value(padding) or "").lower()  # TensorFlow spells it "SAME"
    if text in ("same", "valid"):
        return text
    return "valid" if int_value(padding) == 0 else None


def _literal_mode(
    site: CallSite, api: FilterApi, bound: dict[str, cst.BaseExpression]
) -> str | None:
    """The mode the call runs in when it is spelled as a literal (None otherwise);
    ``bound``: the keywords a ``partial`` alias adds."""
    node = site.node
    if api.family.value == "framework":
        return framework_mode(node, api)
    if api.mode_arg is None:
        return api.default_mode
    mode_node = call_arg(node, api.mode_arg, "mode") or bound.get("mode")
    return api.default_mode if mode_node is None else string_value(mode_node)


def _read_api_call(site: CallSite, api: FilterApi, scope: Scope) -> ApiCall:
    node = site.node
    image = call_arg(node, 0, api.image_kw)
    kernel = call_arg(node, api.kernel_arg, api.kernel_kw)
    return ApiCall(
        site, api, image, kernel, _literal_mode(site, api, scope.bound_keywords(node.func))
    )


def _resolve_calls(scope: Scope) -> None:
    for site in scope.calls:
        site.qualified = scope.resolve(site.node.func)
        api = filter_api(site.qualified)
        if api is not None and not api.is_layer:
            scope.api_calls.append(_read_api_call(site, api, scope))


def collect(module: cst.Module, source: str | None = None) -> FileFacts:
    """Walk ``module`` once and return its facts (scopes, calls, windows).

    ``source`` is the text ``module`` was parsed from, when the caller has it (some
    questions about the whole file are answered faster on the text).
    """
    collector = _Collector()
    collector.run(module)
    for scope in collector.scopes:
        _register_aliases(scope, collector.fallbacks)
    for scope in collector.scopes:
        _resolve_calls(scope)
    facts = FileFacts(
        module=module,
        module_scope=collector.scopes[0],
        scopes=collector.scopes,
        functions=collector.functions,
        statement_comments=collector.statement_comments,
        statement_order=collector.statement_order,
        top_level=collector.top_level,
        compared=collector.compared,
        subtracted=collector.subtracted,
        loop_names=collector.loop_names,
        fallbacks=collector.fallbacks,
        order_arms=collector.order_arms,
        branches=collector.branches,
        source=source,
    )
    from .windows import find_windows

    for scope in collector.scopes:
        scope.windows.extend(find_windows(scope, facts))
    return facts


__all__ = ["FILTER_APIS", "canonical", "collect"]
