"""Small questions about libcst expressions that every analysis module asks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import fields

import libcst as cst

from .apis import INDEX_MAKERS

_SKIP_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "comma",
        "semicolon",
        "leading_lines",
        "trailing_whitespace",
        "header",
        "footer",
        "lines_after_decorators",
        "dot",
        "colon",
        "equal",
        "star",
        "operator",
        "whitespace_before",
        "whitespace_after",
    }
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(kind: type) -> tuple[str, ...]:
    names = _CHILD_FIELDS.get(kind)
    if names is None:
        names = tuple(
            f.name
            for f in fields(kind)
            if f.name not in _SKIP_FIELDS and not f.name.startswith("whitespace")
        )
        _CHILD_FIELDS[kind] = names
    return names


def child_nodes(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """The syntactic children of ``node`` (no whitespace), much cheaper than ``.children``."""
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            yield value
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    yield item


def walk(node: cst.CSTNode, into_functions: bool = False) -> Iterator[cst.CSTNode]:
    """``node`` and its descendants, not entering nested functions or lambdas by default."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if not into_functions and current is not node:
            if isinstance(current, (cst.Lambda, cst.FunctionDef, cst.ClassDef)):
                continue
        stack.extend(child_nodes(current))


def dotted(node: cst.CSTNode) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def expr_key(node: cst.CSTNode | None) -> str | None:
    """A whitespace-free spelling of a simple array expression, used to say "same array".

    Names, attribute chains and subscripts with simple indices (``self.W[f, c]``) get a
    key; anything computed (calls, arithmetic) gets None.
    """
    if node is None:
        return None
    name = dotted(node)
    if name is not None:
        return name
    if isinstance(node, cst.Subscript):
        base = expr_key(node.value)
        if base is None:
            return None
        parts = []
        for element in elements_of(node):
            part = _index_key(element.slice)
            if part is None:
                return None
            parts.append(part)
        return f"{base}[{','.join(parts)}]"
    return None


def _index_key(index: cst.BaseSlice) -> str | None:
    if isinstance(index, cst.Index):
        value = index.value
        if isinstance(value, cst.Integer):
            return value.value
        if isinstance(value, cst.UnaryOperation) and isinstance(value.expression, cst.Integer):
            return "-" + value.expression.value
        return dotted(value)
    if isinstance(index, cst.Slice):
        if all(getattr(index, f) is None for f in ("lower", "upper", "step")):
            return ":"
    return None


def int_value(node: cst.CSTNode | None) -> int | None:
    """The value of an integer literal (with unary minus), else None."""
    if isinstance(node, cst.Integer):
        return int(node.value.replace("_", ""), 0)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = int_value(node.expression)
        return -inner if inner is not None else None
    return None


def number_value(node: cst.CSTNode | None) -> float | complex | None:
    """The value of a numeric literal (int, float, imaginary, signed), else None."""
    if isinstance(node, cst.Integer):
        return int(node.value.replace("_", ""), 0)
    if isinstance(node, cst.Float):
        return float(node.value.replace("_", ""))
    if isinstance(node, cst.Imaginary):
        return complex(node.value.replace("_", ""))
    if isinstance(node, cst.UnaryOperation):
        inner = number_value(node.expression)
        if inner is None:
            return None
        if isinstance(node.operator, cst.Minus):
            return -inner
        if isinstance(node.operator, cst.Plus):
            return inner
    return None


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal, else None."""
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:
            return None
        return value if isinstance(value, str) else None
    return None


def int_tuple(node: cst.CSTNode | None) -> tuple[int, ...] | None:
    """``(0, 1)`` or ``[0, 1]`` or ``1`` as a tuple of ints, else None."""
    single = int_value(node)
    if single is not None:
        return (single,)
    if isinstance(node, (cst.Tuple, cst.List)):
        values = [int_value(el.value) for el in node.elements]
        if all(v is not None for v in values):
            return tuple(v for v in values if v is not None)
    return None


def string_key(node: cst.Subscript) -> str | None:
    """``"x"`` of ``cache["x"]`` (one string index), else None."""
    if len(elements_of(node)) != 1 or not isinstance(elements_of(node)[0].slice, cst.Index):
        return None
    return string_value(elements_of(node)[0].slice.value)


def call_arg(
    call: cst.Call, position: int | None, keyword: str | None
) -> cst.BaseExpression | None:
    """The expression passed at ``position`` or as ``keyword``, else None."""
    if keyword is not None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == keyword:
                return arg.value
    if position is None:
        return None
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if position < len(positional):
        return positional[position].value
    return None


def unparenthesized(node: cst.BaseExpression) -> cst.BaseExpression:
    """libcst keeps parentheses on the node; most questions ignore them."""
    return node


def _plain_docstring(node: cst.CSTNode) -> str | None:
    """A docstring without escapes, read off its quotes (libcst's own reader evaluates
    the literal with :func:`ast.literal_eval`, which costs more than the whole walk of a
    small function); None when there is none or it needs evaluating."""
    body = getattr(node, "body", None)
    while isinstance(body, (cst.BaseSuite, cst.SimpleStatementLine)):
        body = body.body
    if isinstance(body, (list, tuple)):
        first = body[0] if body else None
        if isinstance(first, cst.SimpleStatementLine):
            first = first.body[0] if first.body else None
        body = first
    if not isinstance(body, cst.Expr) or not isinstance(body.value, cst.SimpleString):
        return None
    text = body.value.value
    prefix = body.value.prefix
    if "\\" in text or prefix.lower() not in ("", "r", "u"):
        return None
    quote = body.value.quote
    return text[len(prefix) + len(quote) : len(text) - len(quote)]


def docstring_of(body: cst.CSTNode) -> str | None:
    """The docstring of a Module, FunctionDef or ClassDef, if it has one."""
    get = getattr(body, "get_docstring", None)
    if get is None:
        return None
    plain = _plain_docstring(body)
    if plain is not None:
        return plain
    try:
        return get(clean=False)
    except Exception:
        return None


def elements_of(node: cst.Subscript) -> Sequence[cst.SubscriptElement]:
    """The subscript's elements with every spelling of an index read as what it is:
    ``x[slice(a, b)]`` as ``x[a:b]`` (``slice(stop)``, ``slice(a, b, step)`` too) and
    ``x[np.s_[a:b, c:d]]`` or ``x[np.index_exp[...]]`` as ``x[a:b, c:d]``. Every reader of
    an index goes through this, so a finding does not depend on the spelling."""
    elements: Sequence[cst.SubscriptElement] = node.slice
    if len(elements) == 1 and isinstance(elements[0].slice, cst.Index):
        inner = elements[0].slice.value
        if (
            isinstance(inner, cst.Subscript)
            and (dotted(inner.value) or "").rpartition(".")[2] in INDEX_MAKERS
        ):
            elements = inner.slice
    if not any(_slice_call(e) is not None for e in elements):
        return elements
    return tuple(_as_slice(e) for e in elements)


def _slice_call(element: cst.SubscriptElement) -> list[cst.BaseExpression] | None:
    """The arguments of ``slice(...)`` written as this index, or None."""
    index = element.slice
    if not isinstance(index, cst.Index) or not isinstance(index.value, cst.Call):
        return None
    call = index.value
    if dotted(call.func) != "slice" or not 1 <= len(call.args) <= 3:
        return None
    if any(a.keyword is not None or a.star for a in call.args):
        return None
    return [a.value for a in call.args]


def _as_slice(element: cst.SubscriptElement) -> cst.SubscriptElement:
    args = _slice_call(element)
    if args is None:
        return element
    if len(args) == 1:
        args = [cst.Name("None"), *args]  # slice(stop)
    lower, upper, step = (_unless_none(a) for a in (*args, None)[:3])
    return cst.SubscriptElement(cst.Slice(lower=lower, upper=upper, step=step))


def _unless_none(node: cst.BaseExpression | None) -> cst.BaseExpression | None:
    return None if isinstance(node, cst.Name) and node.value == "None" else node


def reshape_args(call: cst.Call) -> tuple[int, ...] | None:
    """The shape ``x.reshape(4, 4)`` or ``x.reshape((4, 4))`` spells when it is literal,
    ``-1`` included (None otherwise)."""
    args = [a.value for a in call.args if a.keyword is None and not a.star]
    if len(args) != len(call.args) or not args:
        return None
    if len(args) == 1 and int_value(args[0]) is None:
        return int_tuple(args[0])
    values = [int_value(a) for a in args]
    return None if any(v is None for v in values) else tuple(v for v in values if v is not None)


def index_parts(node: cst.BaseExpression) -> tuple[cst.BaseExpression, list] | None:
    """``k[i][j]`` or ``k[i, j]``: the array and its index expressions (plain indices)."""
    parts: list = []
    while isinstance(node, cst.Subscript):
        elements = []
        for element in elements_of(node):
            if not isinstance(element.slice, cst.Index):
                return None
            elements.append(element.slice.value)
        parts = elements + parts
        node = node.value
    return (node, parts) if parts else None


def accumulated_term(small: cst.CSTNode) -> cst.BaseExpression | None:
    """What an accumulation adds: ``P`` of ``t += P``, ``t = t + P`` or ``t = P + t``
    (one spelling of a running sum; None for anything else, ``-=`` included)."""
    if isinstance(small, cst.AugAssign):
        return small.value if isinstance(small.operator, cst.AddAssign) else None
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return None
    target, value = small.targets[0].target, unparenthesized(small.value)
    if not isinstance(value, cst.BinaryOperation) or not isinstance(value.operator, cst.Add):
        return None
    if value.left.deep_equals(target):
        return value.right
    if value.right.deep_equals(target):
        return value.left
    return None


def assigned_target(small: cst.CSTNode) -> cst.BaseAssignTargetExpression | None:
    """The one target of an ``Assign`` / ``AugAssign`` / ``AnnAssign`` (None: several)."""
    if isinstance(small, (cst.AugAssign, cst.AnnAssign)):
        return small.target
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        return small.targets[0].target
    return None
