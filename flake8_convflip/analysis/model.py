"""The facts the collector gathers in its one pass over a file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import libcst as cst

from .apis import RECORD_BASES, RECORD_DECORATORS, FilterApi, canonical
from .exprs import accumulated_term, dotted, number_value
from .imports import ImportTable

if TYPE_CHECKING:
    from ..budget import Deadline
    from ..semantic import Model
    from .kernels import KernelView
    from .windows import Window


@dataclass
class Binding:
    """One place a name gets a value: ``x = ...``, ``x += ...``, ``x[i] = ...``, a loop."""

    name: str
    value: cst.BaseExpression | None
    statement: cst.CSTNode
    kind: str  # "assign", "augassign", "item", "for", "param", "import", "with", "def"
    loop_depth: int = 0
    unpack: tuple[int, ...] = ()  # ``a, (b, c) = v`` binds c to v[1][1]: unpack (1, 1)
    order: int = 0  # the statement's position in the file (see FileFacts.statement_order)
    # the branches it sits in, outermost first: (id of an ``if`` or ``try``, which arm);
    # two bindings in different arms of one statement are alternatives
    arms: tuple[tuple[int, int], ...] = ()


@dataclass
class CallSite:
    """A call anywhere in the file, with the scope and statement it sits in."""

    node: cst.Call
    scope: Scope
    statement: cst.CSTNode
    loop_depth: int
    qualified: str | None = None

    @property
    def canonical(self) -> str | None:
        return canonical(self.qualified)


@dataclass
class ApiCall:
    """A call of a convolution-like API (see :mod:`.apis`), with its arguments read."""

    site: CallSite
    api: FilterApi
    image: cst.BaseExpression | None
    kernel: cst.BaseExpression | None
    mode: str | None  # the literal mode (default applied), None when not a literal

    @property
    def node(self) -> cst.Call:
        return self.site.node

    @property
    def scope(self) -> Scope:
        return self.site.scope


@dataclass
class Accumulation:
    """An assignment inside a loop nest, e.g. ``acc += x[i + m, j + n] * k[m, n]``."""

    node: cst.AugAssign | cst.Assign
    statement: cst.CSTNode
    loops: tuple[cst.For | cst.While, ...]  # enclosing loops, outermost first

    @property
    def term(self) -> cst.BaseExpression:
        """What each pass adds (``P`` of ``acc += P`` and of ``acc = acc + P``); the
        assigned value for any other assignment."""
        return accumulated_term(self.node) or self.node.value


@dataclass
class Scope:
    """A module, function or class body: its bindings, calls and documentation."""

    node: cst.CSTNode
    kind: str  # "module", "function", "class"
    name: str
    parent: Scope | None
    imports: ImportTable
    docstring: str = ""
    params: list[str] = field(default_factory=list)
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    calls: list[CallSite] = field(default_factory=list)
    api_calls: list[ApiCall] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    statements: list[tuple[cst.CSTNode, int]] = field(default_factory=list)
    returns: list[cst.BaseExpression] = field(default_factory=list)
    return_order: list[int] = field(default_factory=list)  # statement order of each return
    yields: list[cst.BaseExpression] = field(default_factory=list)
    accumulations: list[Accumulation] = field(default_factory=list)
    asserts: list[cst.Assert] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    children: list[Scope] = field(default_factory=list)
    # ``f = partial(convolve2d, mode="same")``: the keywords each such alias binds
    partials: dict[str, dict[str, cst.BaseExpression]] = field(default_factory=dict)
    _locals_cache: set[str] | None = None
    # facts derived from this scope on first request (its comparisons), dropped with it
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def takes_instance(self) -> bool:
        """A method a call on an instance passes the instance (or the class) to: not a
        ``@staticmethod``, not a function outside a class.  (The attribute tables still
        read a static method's first parameter as the shared state: ``ctx`` of a
        ``torch.autograd.Function``.)"""
        if self.kind != "function" or self.parent is None or self.parent.kind != "class":
            return False
        node = self.node
        return bool(self.params) and not (
            isinstance(node, cst.FunctionDef)
            and any(dotted(d.decorator) == "staticmethod" for d in node.decorators)
        )

    def default(self, name: str) -> cst.BaseExpression | None:
        """The default value a function's parameter ``name`` declares (None: none)."""
        node = self.node
        if not isinstance(node, (cst.FunctionDef, cst.Lambda)):
            return None
        for param in (*node.params.params, *node.params.kwonly_params):
            if param.name.value == name:
                return param.default
        return None

    def number_default(self, name: str) -> bool:
        """The parameter defaults to a number: a literal (``sigma=1.0``) or a constant the
        enclosing scope binds once to one (``fs=FS`` with ``FS = 1.0e6``)."""
        default = self.default(name)
        if isinstance(default, cst.Name) and self.parent is not None:
            bindings = self.parent.lookup(default.value)
            if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].unpack:
                return False
            default = bindings[0].value
        return default is not None and number_value(default) is not None

    def bind(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)

    def lookup(self, name: str) -> list[Binding]:
        """Bindings of ``name`` in the nearest enclosing scope that has any."""
        scope = self.owner(name, params=False)
        return scope.bindings[name] if scope is not None else []

    def owner(self, name: str, params: bool = True) -> Scope | None:
        """The nearest enclosing scope that binds ``name`` (a parameter counts, unless
        ``params`` is False); class bodies do not enclose their methods' names."""
        scope: Scope | None = self
        while scope is not None:
            if scope.bindings.get(name):
                return scope
            if params and scope.kind == "function" and name in scope.params:
                return scope
            scope = scope.parent
            while scope is not None and scope.kind == "class":
                scope = scope.parent
        return None

    def resolve(self, node: cst.CSTNode) -> str | None:
        """The library path of a Name/Attribute expression, from imports and aliases."""
        name = dotted(node)
        if name is None:
            return None
        head = name.partition(".")[0]
        scope: Scope | None = self
        while scope is not None:
            resolved = scope.imports.resolve(name)
            if resolved is not None:
                return resolved
            if head in scope.bindings or head in scope.params:
                return None  # a local name shadows any import further out
            scope = scope.parent
        return None

    def bound_keywords(self, func: cst.CSTNode) -> dict[str, cst.BaseExpression]:
        """The keywords a ``partial`` alias called as ``func`` passes (``{}``: none)."""
        if not isinstance(func, cst.Name):
            return {}
        scope: Scope | None = self
        while scope is not None:
            found = scope.partials.get(func.value)
            if found is not None:
                return found
            if func.value in scope.bindings or func.value in scope.params:
                return {}
            scope = scope.parent
        return {}

    def text(self) -> str:
        """Docstring and comments of this scope, lower-cased (for intent words)."""
        return " ".join([self.docstring, *self.comments, self.name]).lower()

    def walk(self) -> list[Scope]:
        """This scope and every scope nested in it, outermost first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def record_fields(node: cst.CSTNode) -> list[str] | None:
    """The fields a record class's generated ``__init__`` takes, in order: the annotated
    names of a ``@dataclass`` or a ``NamedTuple`` subclass (None: not such a class)."""
    if not isinstance(node, cst.ClassDef):
        return None
    decorators = {
        dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator)
        for d in node.decorators
    }
    bases = {dotted(b.value) for b in node.bases}
    if not (decorators & RECORD_DECORATORS or bases & RECORD_BASES):
        return None
    fields: list[str] = []
    body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
    for line in body:
        if isinstance(line, cst.SimpleStatementLine):
            for small in line.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    fields.append(small.target.value)
    return fields


@dataclass
class FileFacts:
    """Everything the rules may ask about one file."""

    module: cst.Module
    module_scope: Scope
    scopes: list[Scope]
    functions: dict[str, Scope]  # module-level functions and methods by name
    statement_comments: dict[int, str] = field(default_factory=dict)
    statement_order: dict[int, int] = field(default_factory=dict)  # id(statement) -> position
    # id(statement or call) -> the index of the top-level statement holding it
    top_level: dict[int, int] = field(default_factory=dict)
    # the statements (by id) that hold a comparison, and a subtraction, somewhere
    compared: set[int] = field(default_factory=set)
    subtracted: set[int] = field(default_factory=set)
    # the value of each ``rows.append(value)`` -> the names its enclosing loops bind
    loop_names: dict[int, frozenset[str]] = field(default_factory=dict)
    # id(statement) -> names it binds as stand-ins where an import failed (collect.visit_Try)
    fallbacks: dict[int, set[str]] = field(default_factory=dict)
    # statement position -> the branches it sits in (as Binding.arms), and for each
    # ``if``/``try`` (by id) its position and its arms (-1: the missing ``else``)
    order_arms: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    branches: dict[int, tuple[int, frozenset[int]]] = field(default_factory=dict)
    source: str | None = None  # the text the module was parsed from, when known
    # facts derived from the whole file on first request (flow index, kernel uses, the
    # sources of every comparison, the semantic model), owned by these facts and dropped
    # with them
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    deadline: Deadline | None = field(default=None, repr=False)  # the file's time budget

    def model(self) -> Model:
        """The file's semantic model, built on first use and owned by these facts."""
        found = self.cache.get("model")
        if found is None:
            from ..semantic import Model

            found = self.cache["model"] = Model(self)
        return found

    def lineage(self, cls: Scope) -> list[Scope]:
        """``cls`` and the file's classes it inherits from, nearest first (left to right,
        depth first: the method resolution order of a hierarchy without diamonds)."""
        table = self.cache.get("lineage")
        if table is None:
            table = self.cache["lineage"] = {}
        found = table.get(id(cls.node))
        if found is not None:
            return found
        by_name = {s.name: s for s in self.scopes if s.kind == "class"}
        out: list[Scope] = []
        pending = [cls]
        while pending and len(out) < 32:
            one = pending.pop(0)
            if any(seen is one for seen in out):
                continue
            out.append(one)
            node = one.node
            if isinstance(node, cst.ClassDef):
                named = [by_name.get(dotted(b.value) or "") for b in node.bases]
                pending[:0] = [b for b in named if b is not None and b.parent is cls.parent]
        table[id(cls.node)] = out
        return out

    def heirs(self, cls: Scope) -> list[Scope]:
        """The file's classes that inherit from ``cls`` (``cls`` itself first)."""
        table = self.cache.get("heirs")
        if table is None:
            table = self.cache["heirs"] = {}
            for one in (s for s in self.scopes if s.kind == "class"):
                for ancestor in self.lineage(one):
                    table.setdefault(id(ancestor.node), []).append(one)
        return table.get(id(cls.node), [cls])

    def comment_on(self, statement: cst.CSTNode) -> str:
        """The comment text on a statement's lines (lower-cased), or ""."""
        return self.statement_comments.get(id(statement), "")

    def api_calls(self) -> list[ApiCall]:
        return [call for scope in self.scopes for call in scope.api_calls]

    def windows(self) -> list[Window]:
        return [w for scope in self.scopes for w in scope.windows]

    def kernel_view(self, expr: cst.BaseExpression, scope: Scope) -> KernelView:
        from .kernels import kernel_view

        return kernel_view(expr, scope)
