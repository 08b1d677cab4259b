"""Where a rewrite can act: imports, convolution calls, product-sums, flips, comparisons.

This is the test suite's own small reading of the code, written independently of the
linter's analysis on purpose: a rewrite must not inherit the blind spots of the model it
measures.  Everything here is syntactic and whole-file (no scopes); a site it is unsure
about is not offered, so a rewrite stays semantics-preserving where it applies.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

import libcst as cst

# Convolution-like calls by qualified name, with the positions/keywords of the image and
# kernel arguments.  ``numpy_args`` says whether wrapping them in ``np.asarray`` keeps the
# behaviour (scipy, numpy and cv2 convert array-likes themselves; torch and tf do not).
_SCIPY_PAIR = ((0, ("in1", "input", "a")), (1, ("in2", "weights", "v")))
CONV_CALLS: dict[str, tuple[tuple[tuple[int, tuple[str, ...]], ...], bool]] = {
    **{
        f"scipy.signal.{name}": (_SCIPY_PAIR, True)
        for name in (
            "convolve",
            "convolve2d",
            "correlate",
            "correlate2d",
            "fftconvolve",
            "oaconvolve",
        )
    },
    **{
        f"scipy.ndimage.{name}": (_SCIPY_PAIR, True)
        for name in ("convolve", "correlate", "convolve1d", "correlate1d")
    },
    "numpy.convolve": (_SCIPY_PAIR, True),
    "numpy.correlate": (_SCIPY_PAIR, True),
    "cv2.filter2D": (((0, ("src",)), (2, ("kernel",))), True),
    **{
        f"torch.nn.functional.{name}": (((0, ("input",)), (1, ("weight",))), False)
        for name in ("conv1d", "conv2d", "conv3d", "conv_transpose2d")
    },
    "torch.conv2d": (((0, ("input",)), (1, ("weight",))), False),
    "tensorflow.nn.conv2d": (((0, ("input",)), (1, ("filters",))), False),
}
# scipy.signal functions whose kernel is certainly 2-D (so ``np.flip(k)`` is a rotation).
TWO_D_CALLS = frozenset({"scipy.signal.convolve2d", "scipy.signal.correlate2d"})
# numpy constructors whose result is a float64 array (``.astype(float)`` is a copy).
FLOAT_CREATORS = frozenset(
    {
        "numpy.random.rand",
        "numpy.random.randn",
        "numpy.random.random",
        "numpy.random.normal",
        "numpy.random.uniform",
        "numpy.random.standard_normal",
        "numpy.zeros",
        "numpy.ones",
        "numpy.empty",
        "numpy.eye",
        "numpy.linspace",
    }
)
_SHAPE_CREATORS_2D = frozenset(
    {"numpy.random.rand", "numpy.random.randn", "numpy.zeros", "numpy.ones"}
)


def dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` as a string, or None when the expression is not a plain name chain."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def _module_dotted(node: cst.BaseExpression) -> str:
    text = dotted(node)
    if text is None:  # pragma: no cover - import names are always name chains
        raise ValueError(f"node must be a dotted name, got {type(node).__name__}")
    return text


@dataclass
class Imports:
    """Local name -> qualified name for every import binding in a file."""

    bound: dict[str, str]
    star: bool = False

    @classmethod
    def of(cls, module: cst.Module) -> Imports:
        bound: dict[str, str] = {}
        star = False
        for node in walk(module):
            if isinstance(node, cst.Import):
                for alias in node.names:
                    full = _module_dotted(alias.name)
                    if alias.asname is not None:
                        bound[_module_dotted(alias.asname.name)] = full
                    else:
                        top = full.split(".")[0]
                        bound[top] = top
            elif isinstance(node, cst.ImportFrom) and node.module is not None:
                if node.relative:
                    continue
                base = _module_dotted(node.module)
                if isinstance(node.names, cst.ImportStar):
                    star = True
                    continue
                for alias in node.names:
                    name = _module_dotted(alias.name)
                    local = name if alias.asname is None else _module_dotted(alias.asname.name)
                    bound[local] = f"{base}.{name}"
        return cls(bound, star)

    def qualify(self, node: cst.BaseExpression) -> str | None:
        """The qualified name of a name chain whose root is an import, else None."""
        text = dotted(node)
        if text is None:
            return None
        root, _, rest = text.partition(".")
        full = self.bound.get(root)
        if full is None:
            return None
        return f"{full}.{rest}" if rest else full

    def alias_of(self, module_name: str) -> str | None:
        """The local name bound to ``module_name`` itself (``np`` for numpy), if any."""
        for local, full in sorted(self.bound.items()):
            if full == module_name:
                return local
        return None


_NOT_CODE = frozenset(
    {"lpar", "rpar", "comma", "semicolon", "leading_lines", "trailing_whitespace", "header"}
    | {"footer", "lines_after_decorators", "dot", "colon", "equal", "operator"}
)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _code_fields(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = tuple(
            f.name
            for f in fields(kind)
            if f.name not in _NOT_CODE and not f.name.startswith("whitespace")
        )
        _FIELDS[kind] = names
    return names


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The syntactic children of ``node`` in source order (libcst's ``.children`` rebuilds
    nodes and is many times slower)."""
    out: list[cst.CSTNode] = []
    for name in _code_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            out.extend(v for v in value if isinstance(v, cst.CSTNode))
    return out


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node below ``node`` (itself included), in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def _names_in(target: cst.CSTNode) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _names_in(e.value)]
    if isinstance(target, cst.StarredElement):
        return _names_in(target.value)
    return []


def stored_names(module: cst.CSTNode) -> set[str]:
    """Names the code binds other than by import: targets, parameters, defs, ``as``."""
    out: set[str] = set()
    for node in walk(module):
        targets = (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor)
        if isinstance(node, (*targets, cst.NamedExpr)):
            out.update(_names_in(node.target))
        elif isinstance(node, (cst.WithItem, cst.ExceptHandler)):
            asname = node.asname if isinstance(node, cst.WithItem) else node.name
            if asname is not None:
                out.update(_names_in(asname.name))
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param)):
            out.add(node.name.value)
    return out


def plain_names(module: cst.CSTNode) -> set[str]:
    """Names read or bound as variables (not attribute names, not call keywords)."""
    skip: set[int] = set()
    out: set[str] = set()
    for node in walk(module):
        if isinstance(node, cst.Attribute):
            skip.add(id(node.attr))
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            skip.add(id(node.keyword))
        elif isinstance(node, cst.Name) and id(node) not in skip:
            out.add(node.value)
    return out


def bound_names(module: cst.Module) -> set[str]:
    """Every simple name the file mentions (used to pick fresh names)."""
    return {n.value for n in walk(module) if isinstance(n, cst.Name)}


def fresh(taken: set[str], stem: str) -> str:
    """``stem_1``, ``stem_2``, ... : the first one not in ``taken`` (which is updated)."""
    i = 1
    while f"{stem}_{i}" in taken:
        i += 1
    name = f"{stem}_{i}"
    taken.add(name)
    return name


# -- literal helpers -------------------------------------------------------------------


def int_value(node: cst.BaseExpression | None) -> int | None:
    """The value of an integer literal (``2``, ``-3``), else None."""
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if (
        isinstance(node, cst.UnaryOperation)
        and isinstance(node.operator, cst.Minus)
        and isinstance(node.expression, cst.Integer)
    ):
        return -int(node.expression.value, 0)
    return None


def int_tuple(node: cst.BaseExpression | None) -> tuple[int, ...] | None:
    """``(0, 1)`` / ``[0, 1]`` / ``0`` as a tuple of ints, else None."""
    single = int_value(node)
    if single is not None:
        return (single,)
    if isinstance(node, (cst.Tuple, cst.List)):
        values = [int_value(e.value) for e in node.elements]
        if values and all(v is not None for v in values):
            return tuple(v for v in values if v is not None)
    return None


def int_node(value: int) -> cst.BaseExpression:
    """An integer literal node (negative values as a unary minus)."""
    if value < 0:
        return cst.UnaryOperation(cst.Minus(), cst.Integer(str(-value)))
    return cst.Integer(str(value))


def tuple_node(values: tuple[int, ...], brackets: bool = False) -> cst.BaseExpression:
    """``(0, 1)`` (or ``[0, 1]``) as a node."""
    elements = [
        cst.Element(
            int_node(v),
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            if i < len(values) - 1 or (len(values) == 1 and not brackets)
            else cst.MaybeSentinel.DEFAULT,
        )
        for i, v in enumerate(values)
    ]
    if brackets:
        return cst.List(elements)
    return cst.Tuple(elements)


def arg(value: cst.BaseExpression, keyword: str | None = None) -> cst.Arg:
    """A call argument, positional or ``keyword=value``."""
    if keyword is None:
        return cst.Arg(value)
    return cst.Arg(
        value,
        keyword=cst.Name(keyword),
        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
    )


def call(func: cst.BaseExpression, *args: cst.Arg) -> cst.Call:
    """``func(args...)`` with ``, `` between arguments."""
    with_commas = [
        a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        if i < len(args) - 1
        else a.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        for i, a in enumerate(args)
    ]
    return cst.Call(func, with_commas)


def attr(base: str | cst.BaseExpression, *names: str) -> cst.BaseExpression:
    """``base.name1.name2`` as a node."""
    node: cst.BaseExpression = cst.Name(base) if isinstance(base, str) else base
    for name in names:
        node = cst.Attribute(node, cst.Name(name))
    return node


_ATOMS = (
    cst.Name,
    cst.Attribute,
    cst.Subscript,
    cst.Call,
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.List,
    cst.Tuple,
    cst.Dict,
    cst.Set,
)


def atom(node: cst.BaseExpression) -> cst.BaseExpression:
    """``node`` with parentheses when it must bind tighter (``(a + b)[::-1]``)."""
    if isinstance(node, _ATOMS) or node.lpar:
        return node
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def bare(node: cst.BaseExpression) -> cst.BaseExpression:
    """``node`` without its outer parentheses."""
    if getattr(node, "lpar", None):
        return node.with_changes(lpar=[], rpar=[])
    return node


def positional(node: cst.Call) -> list[cst.BaseExpression] | None:
    """The positional arguments of a call, or None when it has keywords or stars."""
    if any(a.keyword is not None or a.star for a in node.args):
        return None
    return [a.value for a in node.args]


def keyword(node: cst.Call, name: str) -> cst.BaseExpression | None:
    for a in node.args:
        if a.keyword is not None and a.keyword.value == name:
            return a.value
    return None


def call_args(node: cst.Call) -> tuple[list[cst.BaseExpression], dict[str, cst.BaseExpression]]:
    """Positional values and keyword values of a call (star arguments -> ValueError)."""
    pos: list[cst.BaseExpression] = []
    kws: dict[str, cst.BaseExpression] = {}
    for a in node.args:
        if a.star:
            raise ValueError("node must not use *args or **kwargs")
        if a.keyword is None:
            pos.append(a.value)
        else:
            kws[a.keyword.value] = a.value
    return pos, kws


def conv_qualname(node: cst.CSTNode, imports: Imports) -> str | None:
    """The qualified name of a convolution-like call, else None."""
    if not isinstance(node, cst.Call):
        return None
    name = imports.qualify(node.func)
    if name is None:
        return None
    name = name.replace("scipy.ndimage.filters.", "scipy.ndimage.")
    return name if name in CONV_CALLS else None


def kernel_image_args(node: cst.Call, qualname: str) -> list[cst.Arg]:
    """The image and kernel arguments of a convolution call (as ``Arg`` nodes)."""
    slots, _ = CONV_CALLS[qualname]
    positional_args = [a for a in node.args if a.keyword is None and not a.star]
    out = []
    for index, keywords in slots:
        if index < len(positional_args):
            out.append(positional_args[index])
            continue
        for a in node.args:
            if a.keyword is not None and a.keyword.value in keywords:
                out.append(a)
    return out


def numpy_module_call(node: cst.CSTNode, imports: Imports, *names: str) -> bool:
    """Whether ``node`` is a call of one of ``numpy.<names>``."""
    if not isinstance(node, cst.Call):
        return False
    qualname = imports.qualify(node.func)
    return qualname is not None and qualname in {f"numpy.{n}" for n in names}


def literal_depth(node: cst.BaseExpression) -> int:
    """Nesting depth of a list/tuple literal of numbers (``[[1, 2]]`` -> 2), 0 otherwise."""
    if isinstance(node, (cst.List, cst.Tuple)) and node.elements:
        depths = {literal_depth(e.value) for e in node.elements}
        if len(depths) == 1:
            (inner,) = depths
            return inner + 1
        return 0
    if isinstance(node, (cst.Integer, cst.Float)) or int_value(node) is not None:
        return 0
    if isinstance(node, cst.UnaryOperation) and isinstance(node.expression, cst.Float):
        return 0
    return -1


def all_float_literal(node: cst.BaseExpression) -> bool:
    """A nested list of numbers containing at least one float and no complex."""
    leaves = [n for n in walk(node) if isinstance(n, (cst.Integer, cst.Float, cst.Imaginary))]
    return (
        bool(leaves)
        and not any(isinstance(n, cst.Imaginary) for n in leaves)
        and any(isinstance(n, cst.Float) for n in leaves)
    )


def array_value(node: cst.BaseExpression, imports: Imports) -> str | None:
    """``"float"`` for a numpy float64 array value, ``"array"`` for another numpy array,
    None when the expression is not known to be a numpy array."""
    if not isinstance(node, cst.Call):
        return None
    qualname = imports.qualify(node.func)
    if qualname is None or not qualname.startswith("numpy."):
        return None
    try:
        pos, kws = call_args(node)
    except ValueError:
        return None
    if qualname in FLOAT_CREATORS and "dtype" not in kws:
        return "float"
    if qualname in ("numpy.array", "numpy.asarray") and pos:
        depth = literal_depth(pos[0])
        if depth < 1:
            return None
        dtype = kws.get("dtype")
        if dtype is None and all_float_literal(pos[0]):
            return "float"
        if dtype is not None and dtype_is_float(dtype, imports):
            return "float"
        return "array"
    return None


def dtype_is_float(node: cst.BaseExpression, imports: Imports) -> bool:
    if isinstance(node, cst.Name) and node.value == "float":
        return True
    return imports.qualify(node) in ("numpy.float64", "numpy.double")


def shape_2d(node: cst.BaseExpression, imports: Imports) -> bool:
    """Whether a numpy constructor call certainly makes a 2-D array."""
    if not isinstance(node, cst.Call):
        return False
    qualname = imports.qualify(node.func)
    try:
        pos, _ = call_args(node)
    except ValueError:
        return False
    if qualname in ("numpy.array", "numpy.asarray") and pos:
        return literal_depth(pos[0]) == 2
    if qualname in ("numpy.random.rand", "numpy.random.randn"):
        return len(pos) == 2
    if qualname in _SHAPE_CREATORS_2D and pos:
        return isinstance(pos[0], (cst.Tuple, cst.List)) and len(pos[0].elements) == 2
    if isinstance(node.func, cst.Attribute) and node.func.attr.value == "astype":
        return shape_2d(node.func.value, imports)
    return False
