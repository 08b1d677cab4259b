"""Calls of the file's own code: what a call of a local function, method, lambda or
constructor computes, and what the file's callers pass a function's parameters.

:class:`LocalCalls` is the part of the :class:`~.evaluate.Evaluator` that binds
parameters to arguments (a :class:`Ctx`, up to :data:`MAX_CALL_DEPTH` calls deep) and
indexes the call sites of every local function once (:meth:`LocalCalls.callers`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from ..analysis import apis
from ..analysis.exprs import dotted
from ..analysis.model import CallSite, Scope, record_fields
from .values import UNKNOWN, Arr, Filt, Func, Obj, Origin, Value

if TYPE_CHECKING:
    from ..analysis.model import FileFacts

MAX_CALL_DEPTH = 3

Env = tuple[tuple[str, tuple[Value, ...]], ...]


@dataclass(frozen=True)
class Ctx:
    """Where an expression is evaluated: its scope and the values of bound parameters."""

    scope: Scope
    env: Env = ()
    depth: int = 0

    def bound(self, name: str) -> tuple[Value, ...] | None:
        for key, values in self.env:
            if key == name:
                return values
        return None


class LocalCalls:
    """Local calls, as part of the evaluator (which provides ``eval``, ``_name``...)."""

    facts: FileFacts
    function_scopes: dict[int, Scope]
    related_classes: Callable[..., list[Scope]]
    _instance_class: Callable[[Scope, str], Scope | None]
    _class_table: Callable[[Scope], dict]
    _callers: dict[int, list[tuple[CallSite, int | None, list[str]]]] | None
    _param_facts: dict[tuple, dict]
    memo: dict[tuple, tuple[Value, ...]]
    _envs: dict[int, Env]
    _decorations: dict[int, list[tuple[Scope, Func]]] | None

    # -- what the file's own callers pass ---------------------------------------------
    def caller_facts(self, scope: Scope, name: str) -> dict:
        """What every call of ``scope`` in this file says of parameter ``name``.

        The rank (when every caller passes an array of the same rank) and symmetry (when
        every caller's array equals its own rotation); the numbers (dtype kind, bounds)
        are :meth:`Model.numbers`'.  The parameter keeps its identity: the facts describe
        it, they do not make it the callers' array.  A parameter every caller passes an
        instance of one local class (``instance``) is that object: its attributes are
        the class's.
        """
        key = (id(scope.node), name)
        found = self._param_facts.get(key)
        if found is not None:
            return found
        self._param_facts[key] = {}  # a recursive call sees no facts
        sites = self.callers().get(id(scope.node), ())
        passed = self.argument_values(scope, name)
        values: list[Value] = [v for found in passed for v in found]
        if len(passed) < len(sites):
            # a call relying on the default: the default's value, evaluated where the
            # function is defined (nothing is known without one)
            default = scope.default(name)
            if default is None or scope.parent is None:
                values.append(UNKNOWN)
            else:
                values += self.eval(default, Ctx(scope.parent), None) or [UNKNOWN]
        # a filter's result passed on is an array like any other (its rank, its kind)
        values = [v.as_array() if isinstance(v, Filt) else v for v in values]
        found = _agreed_facts(values)
        instance = _one_class(values)
        if instance is not None:
            found = {"instance": instance}
        self._param_facts[key] = found
        return found

    def passed_functions(self, function: Scope, name: str) -> list[Value]:
        """The file's functions every call of ``function`` passes for parameter ``name``
        (a decorator's ``fn``, a strategy handed in): the parameter is any of them.
        Empty when some call passes anything else, or none passes it."""
        key = (id(function.node), name, "functions")
        found = self._param_facts.get(key)
        if found is not None:
            return found["values"]
        self._param_facts[key] = {"values": []}  # a recursive call sees none
        passed = self.argument_values(function, name)
        values = [v for one in passed for v in one]
        sites = self.callers().get(id(function.node), ())
        every = all(argument(site.node, params, name) is not None for site, _, params in sites)
        out: list[Value] = []
        if values and every and all(isinstance(v, Func) for v in values):
            out = list(dict.fromkeys(values))
        self._param_facts[key] = {"values": out}
        return out

    def _held_callable(self, func: cst.BaseExpression, scope: Scope) -> bool:
        """``self.corr(...)`` in a method, ``corr`` no function of the file's: some method
        stores a name, an entry, an attribute or a lambda there (``self.corr =
        REGISTRY[name]``), which may be one of the file's functions, not an array."""
        if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
            return False
        owner = self._instance_class(scope, func.value.value)
        if owner is None:
            return False
        held = (cst.Name, cst.Subscript, cst.Attribute, cst.Lambda)
        stored = self._class_table(owner).get(func.attr.value, ())
        return any(isinstance(binding.value, held) for binding, _ in stored)

    def decorations(self) -> dict[int, list[tuple[Scope, Func]]]:
        """Each local function used as a decorator (by node): the functions it decorates,
        with the scope they are defined in (``@register("fx") def f``: the function
        ``register("fx")`` returns is called with ``f``)."""
        if self._decorations is not None:
            return self._decorations
        self._decorations = {}
        for scope in self.facts.scopes:
            node = scope.node
            if scope.kind != "function" or scope.parent is None:
                continue
            for decorator in getattr(node, "decorators", ()):
                if dotted(decorator.decorator) in apis.PLAIN_DECORATORS:
                    continue
                at = self.facts.statement_order.get(id(node))
                for value in self.eval(decorator.decorator, Ctx(scope.parent), at):
                    if isinstance(value, Func) and not isinstance(value.node, cst.ClassDef):
                        entry = (scope.parent, Func(node, id(node)))
                        self._decorations.setdefault(id(value.node), []).append(entry)
        return self._decorations

    def argument_values(self, function: Scope, name: str) -> list[tuple[Value, ...]]:
        """The values each call of ``function`` in the file passes for parameter ``name``.

        One entry per call site that passes it (calls relying on the default are left
        out), evaluated where the call is written.
        """
        out: list[tuple[Value, ...]] = []
        for site, at, params in self.callers().get(id(function.node), ()):
            arg = argument(site.node, params, name)
            if arg is not None:
                out.append(self.eval(arg, Ctx(site.scope), at))
        if function.params and function.params[0] == name:
            out += [(func,) for _, func in self.decorations().get(id(function.node), ())]
        return out

    def passed_for(self, param: Origin) -> list[tuple[Value, ...]]:
        """:meth:`argument_values` for the parameter ``param`` names (``[]`` when it is
        not a parameter of one of the file's functions)."""
        if param.kind != "param" or not param.key:
            return []
        function = self.function_scopes.get(param.key[0])
        if function is None:
            return []
        return self.argument_values(function, param.key[1])

    def callers(self) -> dict[int, list[tuple[CallSite, int | None, list[str]]]]:
        """Calls of the file's functions and constructors, by the callee's node.

        Each entry is the call site, its statement's position and the callee's
        parameters in argument order (``self`` dropped for methods and constructors).
        """
        if self._callers is not None:
            return self._callers
        self._callers = {}
        local_names = {s.name for s in self.facts.scopes if s.kind in ("function", "class")}
        # instances called like functions (``layer(x)``) run ``__call__``
        callable_objects = "__call__" in local_names
        passed_in: list[tuple[CallSite, int | None]] = []
        for scope in self.facts.scopes:
            for site in scope.calls:
                func = site.node.func
                at = self.facts.statement_order.get(id(site.statement))
                if isinstance(func, cst.Name) and _own_parameter(site.scope, func.value):
                    passed_in.append((site, at))  # ``f(x)`` with ``f`` a parameter: below
                    continue
                last = func.attr.value if isinstance(func, cst.Attribute) else dotted(func)
                if (
                    last not in local_names
                    and not self._held_callable(func, site.scope)
                    and not isinstance(func, cst.Subscript)
                    and not (callable_objects and isinstance(func, (cst.Name, cst.Call)))
                ):
                    continue
                for target, callee_scope, is_method in self._callees(
                    site.node, Ctx(site.scope), at
                ):
                    self._add_caller(site, at, target, callee_scope, is_method)
        # a function handed to another one and called there (``helper(img, make, n)``
        # calling ``make(n)``): its callers are known once the direct calls are indexed
        for site, at in passed_in:
            func = site.node.func
            assert isinstance(func, cst.Name)
            seen: set[int] = set()
            for values in self.argument_values(site.scope, func.value):
                for value in values:
                    if isinstance(value, Func) and id(value.node) not in seen:
                        seen.add(id(value.node))
                        scope = self.function_scopes.get(id(value.node))
                        self._add_caller(site, at, value.node, scope, False)
        # what was evaluated while the index was being built saw too few callers (a
        # function held in an attribute is found by evaluating it): computed again
        self.memo.clear()
        self._envs.clear()
        self._param_facts.clear()
        self._decorations = None
        return self._callers

    def _add_caller(
        self,
        site: CallSite,
        at: int | None,
        target: cst.CSTNode,
        callee_scope: Scope | None,
        is_method: bool,
    ) -> None:
        assert self._callers is not None
        if callee_scope is None:
            return
        if isinstance(target, cst.ClassDef):
            init = _init_of(callee_scope)
            if init is None:
                return
            callee_scope, is_method = init, True
        params = list(callee_scope.params)
        if is_method and params:
            params = params[1:]
        self._callers.setdefault(id(callee_scope.node), []).append((site, at, params))

    # -- local functions ------------------------------------------------------------
    def _callee(
        self, node: cst.Call, ctx: Ctx, at: int | None
    ) -> tuple[cst.CSTNode, Scope | None, bool] | None:
        func = node.func
        if isinstance(func, cst.Attribute):
            head = dotted(func.value)
            through_class = (
                head is not None and "." not in head and self._class_named(head, ctx, at)
            )
            if through_class:
                # ``Bank.centred_delta(kh, kw)``: called on the class, so only a
                # classmethod receives it; every argument of the others is written
                owner = self.function_scopes.get(id(through_class.node))
                for child in owner.children if owner is not None else ():
                    if child.kind == "function" and child.name == func.attr.value:
                        return child.node, child, _decorated(child, "classmethod")
                return None
            obj = None
            if head is not None and "." not in head:
                owner, obj = self._owner(head, ctx, at)
            elif (head is None and isinstance(func.value, cst.Call)) or (
                isinstance(func.value, cst.Attribute)
                and isinstance(func.value.value, cst.Name)
                and self._instance_class(ctx.scope, func.value.value.value) is not None
            ):
                # ``Helper().compute(x)``: a method of an object made on the spot;
                # ``self.sensor.expose(x)``: of the object an attribute holds
                made = self.eval(func.value, ctx, at)
                obj = next((v for v in made if isinstance(v, Obj)), None)
                owner = self.function_scopes.get(id(obj.node)) if obj is not None else None
            else:
                owner = None
            if owner is None:
                return None
            # the method the instance's class defines or inherits (a mixin's too)
            for cls in self.related_classes(owner, obj):
                for child in cls.children:
                    if child.kind == "function" and child.name == func.attr.value:
                        return child.node, child, child.takes_instance
            # a function the instance holds (``self.corr = REGISTRY[name]``)
            for value in self.eval(func, ctx, at):
                if isinstance(value, Func) and not isinstance(value.node, cst.ClassDef):
                    return value.node, self.function_scopes.get(id(value.node)), False
            return None
        if isinstance(func, cst.Call):
            # ``Filter("emboss")(img)``: an object made on the spot, called
            return self._dunder_call(self.eval(func, ctx, at))
        if isinstance(func, cst.Subscript):
            # ``BACKENDS[name](img)``: a function from a table (any of its entries)
            found = self._functions(func, ctx, at)
            if found:
                return found[0].node, self.function_scopes.get(id(found[0].node)), False
            return None
        if not isinstance(func, cst.Name):
            return None
        values = self._name(func.value, ctx, at)
        for value in values:
            if isinstance(value, Func):
                return value.node, self.function_scopes.get(id(value.node)), False
        return self._dunder_call(values)

    def _class_named(self, head: str, ctx: Ctx, at: int | None) -> Func | None:
        """The file's class ``head`` names, if it names one (not an instance of it)."""
        if ctx.scope.resolve(cst.Name(head)) is not None:
            return None
        for value in self._name(head, ctx, at):
            if isinstance(value, Func) and isinstance(value.node, cst.ClassDef):
                return value
        return None

    def _callees(
        self, node: cst.Call, ctx: Ctx, at: int | None
    ) -> list[tuple[cst.CSTNode, Scope | None, bool]]:
        """Every function a call may run: a name bound to a different function in each
        arm of an ``if`` or ``try`` runs one of them (:meth:`_callee` is the first)."""
        first = self._callee(node, ctx, at)
        if first is None or not isinstance(node.func, (cst.Name, cst.Subscript)):
            return [] if first is None else [first]
        out = [first]
        for value in self._functions(node.func, ctx, at):
            if value.node is not first[0]:
                out.append((value.node, self.function_scopes.get(id(value.node)), False))
        return out

    def _functions(self, func: cst.BaseExpression, ctx: Ctx, at: int | None) -> list[Func]:
        """The local functions a called name or table entry (``BACKENDS[name]``) holds."""
        if isinstance(func, cst.Name):
            values = self._name(func.value, ctx, at)
        else:
            values = self.eval(func, ctx, at)
        return [v for v in values if isinstance(v, Func) and not isinstance(v.node, cst.ClassDef)]

    def _dunder_call(self, values) -> tuple[cst.CSTNode, Scope | None, bool] | None:
        """An instance called like a function runs its class's ``__call__``; a framework
        module's (a class deriving from ``torch.nn.Module`` or a Keras layer or model, in
        its line of the file's classes) runs its ``forward`` (Keras: ``call``)."""
        obj = next((v for v in values if isinstance(v, Obj)), None)
        owner = self.function_scopes.get(id(obj.node)) if obj is not None else None
        if owner is None:
            return None
        lineage = self.facts.lineage(owner)
        names = ["__call__"]
        if any(_framework_module(cls) for cls in lineage):
            names += ["forward", "call"]
        for name in names:
            for cls in lineage:
                for child in cls.children:
                    if child.kind == "function" and child.name == name:
                        return child.node, child, True
        return None

    def _construct(
        self, target: cst.ClassDef, owner: Scope, node: cst.Call, ctx: Ctx, at: int | None
    ) -> Obj:
        """``Conv(k)``: an object whose ``__init__`` parameters are bound to the arguments
        (a record's generated ``__init__`` takes its fields: ``Cache(x=x, k=k)``)."""
        init = _init_of(owner)
        env: list[tuple[str, tuple[Value, ...]]] = []
        if init is not None and ctx.depth < MAX_CALL_DEPTH:
            env = self._bind(node, list(init.params)[1:], ctx, at, init)
        elif init is None and ctx.depth < MAX_CALL_DEPTH:
            fields = record_fields(target)
            if fields:
                env = self._bind(node, fields, ctx, at)
        return Obj(target, id(node), tuple(env))

    def _bind(
        self,
        node: cst.Call,
        params: list[str],
        ctx: Ctx,
        at: int | None,
        callee: Scope | None = None,
    ) -> list[tuple[str, tuple[Value, ...]]]:
        """Each parameter ``node`` passes an argument for, with the argument's values;
        a parameter left to a default that is an array or a dict (``cfg=CONFIG``) gets
        the default's values (a number or ``None`` leaves the parameter itself)."""
        env = []
        starred = any(arg.star for arg in node.args)
        for name in params:
            arg = argument(node, params, name)
            if arg is not None:
                env.append((name, self.eval(arg, ctx, at)))
            elif callee is not None and not starred and callee.parent is not None:
                default = callee.default(name)
                if default is None:
                    continue
                values = self.eval(default, Ctx(callee.parent), None)
                if any(v is not UNKNOWN for v in values):
                    env.append((name, values))
        return env

    def call_context(
        self,
        node: cst.Call,
        ctx: Ctx,
        at: int | None,
        callee: tuple[cst.CSTNode, Scope | None, bool] | None = None,
    ) -> tuple[cst.CSTNode, Ctx] | None:
        """The body a call of a local function, method or lambda runs, and its context.

        The context binds the parameters to the arguments' values (``self`` to the
        instance); None for constructors, unknown callees and beyond the depth bound.
        """
        if ctx.depth >= MAX_CALL_DEPTH:
            return None
        if callee is None:
            callee = self._callee(node, ctx, at)
        if callee is None:
            return None
        target, scope, is_method = callee
        if scope is None or isinstance(target, cst.ClassDef):
            return None
        params = list(scope.params)
        if is_method and params:
            params = params[1:]
        env = self._bind(node, params, ctx, at, scope)
        if is_method and scope.params:
            # self stays the instance: the receiver of a method, or the object called
            func = node.func
            receiver = self.eval(func.value if isinstance(func, cst.Attribute) else func, ctx, at)
            objs = tuple(v for v in receiver if isinstance(v, Obj))
            env.append((scope.params[0], objs or (UNKNOWN,)))
        return target, Ctx(scope, tuple(env), ctx.depth + 1)

    def _local_call(self, node: cst.Call, ctx: Ctx, at: int | None) -> list[Value]:
        if ctx.depth >= MAX_CALL_DEPTH:
            return []
        callee = self._callee(node, ctx, at)
        if callee is not None and isinstance(callee[0], cst.ClassDef) and callee[1] is not None:
            return [self._construct(callee[0], callee[1], node, ctx, at)]
        out: list[Value] = []
        for one in self._callees(node, ctx, at):
            bound = self.call_context(node, ctx, at, one)
            if bound is None:
                continue
            target, inner = bound
            if isinstance(target, cst.Lambda):
                out.extend(self.eval(target.body, inner, at))
                continue
            for value, order in zip(inner.scope.returns, inner.scope.return_order, strict=False):
                out.extend(self.eval(value, inner, order))
        return out


def _framework_module(cls: Scope) -> bool:
    """The class derives directly from a framework's module or layer base class, whose
    ``__call__`` runs ``forward`` (torch) or ``call`` (Keras)."""
    node = cls.node
    if not isinstance(node, cst.ClassDef):
        return False
    for base in node.bases:
        name = cls.parent.resolve(base.value) if cls.parent is not None else None
        if name is not None and name in apis.FRAMEWORK_MODULE_BASES:
            return True
    return False


def _own_parameter(scope: Scope, name: str) -> bool:
    """``name`` is a parameter of the function ``scope`` that its body never rebinds."""
    return scope.kind == "function" and name in scope.params and not scope.bindings.get(name)


def _decorated(scope: Scope, name: str) -> bool:
    node = scope.node
    return isinstance(node, cst.FunctionDef) and any(
        dotted(d.decorator) == name for d in node.decorators
    )


def argument(call: cst.Call, params: list[str], name: str) -> cst.BaseExpression | None:
    """The argument ``call`` passes for parameter ``name`` (None: the default or unknown)."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    if name not in params:
        return None
    index = params.index(name)
    positional = []
    for arg in call.args:
        if arg.star == "*":
            break  # ``f(a, *args)``: the positions from here on are not known
        if arg.keyword is None and not arg.star:
            positional.append(arg.value)  # (``**kwargs`` passes keywords only)
    return positional[index] if index < len(positional) else None


def _init_of(owner: Scope) -> Scope | None:
    """A class's ``__init__`` method, if it defines one."""
    return next((c for c in owner.children if c.kind == "function" and c.name == "__init__"), None)


def _one_class(values: list[Value]) -> Obj | None:
    """The instance every caller passes, when all pass instances of one local class
    (``Trainer(layer)`` with ``layer = Conv(k)``): the class's instance in general, as
    its own methods see ``self`` (so the attributes it reads are the ones they set).
    Not a record (a dataclass cache): its fields stay parts of the parameter, which
    the pairing of a forward with its backward follows to the arrays it was built of."""
    if not values or not all(isinstance(v, Obj) for v in values):
        return None
    classes = {id(v.node): v.node for v in values if isinstance(v, Obj)}
    if len(classes) != 1:
        return None
    (node,) = classes.values()
    if record_fields(node) is not None:
        return None  # a record's fields are what its callers built it from: a parameter
    return Obj(node, id(node))


def _agreed_facts(values: list[Value]) -> dict:
    """The facts every caller's value agrees on (see :meth:`Evaluator.caller_facts`)."""
    arrays = [v for v in values if isinstance(v, Arr)]
    if not arrays:
        return {}
    facts: dict = {}
    if len(arrays) != len(values):
        return facts
    ranks = {a.ndim for a in arrays}
    if len(ranks) == 1 and None not in ranks:
        facts["ndim"] = ranks.pop()
    if all(a.symmetric and not a.steps for a in arrays):
        facts["symmetric"] = True
    return facts
