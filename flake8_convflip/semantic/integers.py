"""Which integers a size can hold, world by world.

A kernel's size often reaches its constructor through the code: a default (``ntaps=NTAPS``),
a loop over sizes (``for kh, kw in [(3, 3), (4, 4)]``), a config dict (``cfg["size"]``), a
helper's parameter.  :meth:`Sizes.worlds` enumerates the *worlds* a few integer expressions
can be evaluated in: every name is bound once per world, so ``np.zeros((n, n))`` and
``k[n // 2, n // 2]`` are read with the same ``n`` (evaluating each alone would pair a
4x4 shape with the centre of a 6x6 one).

A world binds the names the expressions depend on, through straight-line assignments:
a loop variable takes each element of a literal sequence or ``range`` in turn (the names one
loop unpacks move together); a parameter takes what each call site passes (evaluated in the
caller, recursively), or its default; a module constant its value.  A value the code does
not show is None.  At most :data:`MAX_WORLDS` worlds are kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from ..analysis.exprs import dotted, int_value, string_key, string_value
from ..analysis.model import Binding, Scope
from ..analysis.padding import int_op
from .calls import argument

MAX_WORLDS = 16
_MAX_DEPTH = 4

# a world's value of a root name: an integer, a dict literal (with the scope it is
# written in, for string-key reads) or None (not shown)
Bound = int | tuple[cst.Dict | cst.Tuple | cst.List, Scope] | None
World = dict[tuple[int, str], Bound]


class Sizes:
    """The worlds of integer expressions in one file (the evaluator's callers index)."""

    def __init__(self, evaluator) -> None:
        self.evaluator = evaluator

    def worlds(
        self, exprs: Sequence[cst.BaseExpression], scope: Scope, depth: int = 0
    ) -> list[tuple[int | None, ...]]:
        """The joint values of ``exprs`` (written in ``scope``), once per distinct world."""
        out: list[tuple[int | None, ...]] = []
        for values in self._joint(exprs, scope, depth):
            ints = tuple(_as_int(v) for v in values)
            if ints not in out:
                out.append(ints)
        return out

    def _joint(self, exprs, scope: Scope, depth: int) -> list[tuple[Bound, ...]]:
        """:meth:`worlds` keeping dict literals (a config passed on to a callee)."""
        out: list[tuple[Bound, ...]] = []
        for world in self._worlds(exprs, scope, depth):
            values = tuple(self._value(e, scope, world, 0) for e in exprs)
            if values not in out:
                out.append(values)
        return out

    # -- the roots a set of expressions depends on -----------------------------------
    def _roots(self, node: cst.CSTNode, scope: Scope, depth: int = 0) -> Iterator[tuple]:
        """(scope, binding or None, name) of every name ``node`` reads that is not a
        straight-line local value (those are read through)."""
        if depth > 6:
            return
        for name in _names(node):
            owner, bindings = _owner(name, scope)
            if owner is None:
                continue
            plain = _single_assign(bindings) or _single_unpack(bindings)
            if plain is not None:
                assert plain.value is not None
                yield from self._roots(plain.value, owner, depth + 1)
            else:
                yield owner, _loop_binding(bindings), name

    def _worlds(self, exprs, scope: Scope, depth: int) -> list[World]:
        worlds: list[World] = [{}]
        groups: dict[tuple, list[tuple[Scope, Binding | None, str]]] = {}
        for expr in exprs:
            for owner, binding, name in self._roots(expr, scope):
                if binding is not None:
                    key = ("for", id(binding.statement))
                elif name in owner.params and owner.kind == "function":
                    key = ("param", id(owner.node))
                else:
                    continue  # unknown: the name reads None in every world
                group = groups.setdefault(key, [])
                if (owner, binding, name) not in group:
                    group.append((owner, binding, name))
        for (kind, _), members in groups.items():
            if kind == "for":
                options = self._loop_options(members)
            else:
                options = self._param_options(members, depth)
            worlds = [{**w, **o} for w in worlds for o in options][:MAX_WORLDS]
        return worlds

    def _loop_options(self, members) -> list[World]:
        """One world per element of the literal sequence a loop runs over."""
        owner, binding, _ = members[0]
        elements = _elements(binding.value, owner)
        if elements is None:
            return [{}]
        out: list[World] = []
        for element in elements[:MAX_WORLDS]:
            world: World = {}
            for scope, one, name in members:
                node = _unpacked(element, one.unpack) if one is not None else None
                world[(id(scope.node), name)] = (
                    self._value(node, scope, {}, 0) if node is not None else None
                )
            out.append(world)
        return out or [{}]

    def _param_options(self, members, depth: int) -> list[World]:
        """One world per call site's arguments (evaluated in the caller), or the defaults."""
        function = members[0][0]
        names = [name for _, _, name in members]
        defaults: dict[str, Bound] = {}
        for name in names:
            default = function.default(name)
            if default is not None:
                defaults[name] = self._value(default, function.parent, {}, 0)
        sites = self.evaluator.callers().get(id(function.node), ())
        out: list[World] = []
        for site, _, params in sites if depth < _MAX_DEPTH else ():
            passed: dict[str, cst.BaseExpression] = {}
            for name in names:
                arg = argument(site.node, params, name)
                if arg is None and any(a.star == "**" for a in site.node.args):
                    arg = _starred(site.node, name)
                if arg is not None:
                    passed[name] = arg
            for values in self._joint(list(passed.values()), site.scope, depth + 1):
                world: World = {(id(function.node), n): defaults.get(n) for n in names}
                for name, value in zip(passed, values, strict=True):
                    world[(id(function.node), name)] = value
                out.append(world)
        if not sites:
            # never called in the file: the defaults are all there is to read
            out.append({(id(function.node), n): defaults.get(n) for n in names})
        return out[:MAX_WORLDS] or [{}]

    # -- values -------------------------------------------------------------------------
    def _value(self, node, scope: Scope | None, world: World, depth: int) -> Bound:
        if node is None or scope is None or depth > 8:
            return None
        literal = int_value(node)
        if literal is not None:
            return literal
        if isinstance(node, cst.Name):
            owner, bindings = _owner(node.value, scope)
            if owner is None:
                return None
            plain = _single_assign(bindings)
            if plain is not None:
                return self._value(plain.value, owner, world, depth + 1)
            unpacked = _single_unpack(bindings)
            if unpacked is not None:
                # ``kh, kw = shape``: the element of the tuple ``shape`` is in this world
                whole = self._value(unpacked.value, owner, world, depth + 1)
                if not isinstance(whole, tuple) or isinstance(whole[0], cst.Dict):
                    return None
                element = _unpacked(whole[0], unpacked.unpack)
                return self._value(element, whole[1], world, depth + 1)
            return world.get((id(owner.node), node.value))
        if isinstance(node, (cst.Dict, cst.Tuple, cst.List)):
            return (node, scope)
        if isinstance(node, cst.BinaryOperation):
            left = _as_int(self._value(node.left, scope, world, depth + 1))
            right = _as_int(self._value(node.right, scope, world, depth + 1))
            return int_op(node.operator, left, right)
        if isinstance(node, cst.Subscript):
            key = string_key(node)
            base = self._value(node.value, scope, world, depth + 1)
            if key is None or not isinstance(base, tuple) or not isinstance(base[0], cst.Dict):
                return None
            found = _entry(base[0], key, base[1], self, world, depth)
            return found
        if isinstance(node, cst.Call) and dotted(node.func) == "int" and len(node.args) == 1:
            return self._value(node.args[0].value, scope, world, depth + 1)
        return None


def _as_int(value: Bound) -> int | None:
    return value if isinstance(value, int) else None


def _entry(node: cst.Dict, key: str, scope: Scope, sizes: Sizes, world: World, depth: int):
    """The value ``node[key]`` reads: the last explicit entry, else a ``**`` splat's."""
    for element in reversed(node.elements):
        if isinstance(element, cst.DictElement) and string_value(element.key) == key:
            return sizes._value(element.value, scope, world, depth + 1)
        if isinstance(element, cst.StarredDictElement):
            inner = sizes._value(element.value, scope, world, depth + 1)
            if not isinstance(inner, tuple):
                return None  # the splat may hold the key: not known
            found = _entry(inner[0], key, inner[1], sizes, world, depth + 1)
            if found is not None:
                return found
    return None


def _names(node: cst.CSTNode) -> Iterator[str]:
    """The names an integer expression reads (not attributes, keys or callees)."""
    if isinstance(node, cst.Name):
        yield node.value
    elif isinstance(node, cst.BinaryOperation):
        yield from _names(node.left)
        yield from _names(node.right)
    elif isinstance(node, cst.UnaryOperation):
        yield from _names(node.expression)
    elif isinstance(node, cst.Subscript):
        yield from _names(node.value)
    elif isinstance(node, cst.Call) and node.args:
        yield from _names(node.args[0].value)
    elif isinstance(node, cst.Dict):
        for element in node.elements:
            yield from _names(element.value)


def _owner(name: str, scope: Scope) -> tuple[Scope | None, list[Binding]]:
    """The scope whose binding of ``name`` a read in ``scope`` sees, with the bindings."""
    owner = scope.owner(name)
    return owner, (owner.bindings.get(name, []) if owner is not None else [])


def _single_assign(bindings: list[Binding]) -> Binding | None:
    """The one straight-line ``name = value`` (no unpacking) a name has, if that is all."""
    if len(bindings) != 1:
        return None
    one = bindings[0]
    if one.kind != "assign" or one.unpack or one.loop_depth or one.value is None:
        return None
    return one


def _single_unpack(bindings: list[Binding]) -> Binding | None:
    """The one straight-line unpacking ``a, b = value`` a name has, if that is all."""
    if len(bindings) != 1:
        return None
    one = bindings[0]
    if one.kind != "assign" or not one.unpack or one.loop_depth or one.value is None:
        return None
    return one


def _loop_binding(bindings: list[Binding]) -> Binding | None:
    loops = [b for b in bindings if b.kind == "for"]
    return loops[0] if len(bindings) == 1 and loops else None


def _elements(node: cst.BaseExpression | None, scope: Scope) -> list[cst.BaseExpression] | None:
    """The elements of a literal sequence or of ``range`` with literal bounds."""
    if isinstance(node, cst.Name):
        owner, bindings = _owner(node.value, scope)
        plain = _single_assign(bindings) if owner is not None else None
        return _elements(plain.value, owner) if plain is not None and owner else None
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        if any(isinstance(e, cst.StarredElement) for e in node.elements):
            return None
        return [e.value for e in node.elements]
    if isinstance(node, cst.Call) and dotted(node.func) == "range":
        bounds = [int_value(a.value) for a in node.args]
        if not bounds or None in bounds or len(bounds) > 3:
            return None
        values = range(*[b for b in bounds if b is not None])
        if len(values) > MAX_WORLDS:
            return None
        return [cst.Integer(str(v)) for v in values]
    return None


def _unpacked(node: cst.BaseExpression, path: tuple[int, ...]) -> cst.BaseExpression | None:
    for position in path:
        if not isinstance(node, (cst.Tuple, cst.List)) or position >= len(node.elements):
            return None
        node = node.elements[position].value
    return node


def _starred(call: cst.Call, name: str) -> cst.BaseExpression | None:
    """``f(**spec)``: the entry ``name`` of the dict splatted into the call."""
    for arg in call.args:
        if arg.star == "**":
            key = cst.Index(cst.SimpleString(repr(name)))
            return cst.Subscript(arg.value, [cst.SubscriptElement(key)])
    return None
