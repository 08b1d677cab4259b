"""What kind of numbers an array holds, as far as the code shows it.

:func:`value_kind` answers "integer, real float, complex or unknown" for an expression,
with a bound on the magnitude and the element count when the code fixes them (integer
literals, ``rng.integers(0, 10, size=(8, 8))``, ``astype(np.uint8)``).  Evidence comes
only from the file: literals, ``dtype=`` arguments, ``astype``, random-integer
generators, ``1j`` arithmetic, ``np.exp(1j ...)`` and FFT outputs, followed through single
assignments.  Anything else is UNKNOWN, and rules treat UNKNOWN as "no evidence".
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

import libcst as cst

from .exprs import call_arg, dotted, int_tuple, int_value, number_value, string_value, walk
from .literals import fold
from .model import Scope


class Kind(str, Enum):
    INTEGER = "integer"
    FLOAT = "float"
    COMPLEX = "complex"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Evidence:
    """The kind of an array, with ``bound`` >= max |element| and ``size`` when known."""

    kind: Kind
    bound: int | None = None
    size: int | None = None


UNKNOWN = Evidence(Kind.UNKNOWN)
# largest |value| of each integer dtype (None: wide enough not to bound anything)
_INT_BOUNDS: dict[str, int | None] = {
    "int8": 128,
    "uint8": 255,
    "int16": 2**15,
    "uint16": 2**16 - 1,
    "int32": 2**31,
    "uint32": 2**32 - 1,
    "int64": None,
    "uint64": None,
    "int": None,
    "intp": None,
    "longlong": None,
}
# numpy's one-letter codes name the same types
_INT_BOUNDS.update(
    {
        f"{kind}{size // 8}": _INT_BOUNDS[f"{name}{size}"]
        for kind, name in (("i", "int"), ("u", "uint"))
        for size in (8, 16, 32, 64)
    }
)
_FLOATS = {"float", "float16", "float32", "float64", "double", "single", "half", "f4", "f8"}
_COMPLEX = {"complex", "complex64", "complex128", "clongdouble", "cdouble", "c8", "c16"}
_FFT_MODULES = ("numpy.fft.", "scipy.fft.", "scipy.fftpack.", "torch.fft.")
_REAL_FFTS = {"irfft", "irfft2", "irfftn", "ihfft", "fftfreq", "rfftfreq", "fftshift", "ifftshift"}
_COMPLEX_FUNCS = {"scipy.signal.hilbert", "scipy.signal.hilbert2"}
_FLOAT_FUNCS = {
    "numpy.random.rand",
    "numpy.random.randn",
    "numpy.random.random",
    "numpy.random.normal",
    "numpy.random.uniform",
    "numpy.linspace",
}
_RNG_FLOAT_METHODS = {"random", "standard_normal", "normal", "uniform"}
_SHAPED = {"numpy.ones": 1, "numpy.zeros": 0, "numpy.empty": None, "numpy.full": None}
_MAX_DEPTH = 8


def dtype_kind(node: cst.BaseExpression | None) -> Evidence | None:
    """The kind a ``dtype=``/``astype`` argument names (None when it is not readable)."""
    if node is None:
        return None
    text = string_value(node) or dotted(node)
    if text is None:
        return None
    name = text.rpartition(".")[2].lower()
    if name in _INT_BOUNDS:
        return Evidence(Kind.INTEGER, _INT_BOUNDS[name])
    if name in _FLOATS:
        return Evidence(Kind.FLOAT)
    if name in _COMPLEX:
        return Evidence(Kind.COMPLEX)
    return None


def _product(shape: tuple[int, ...] | None) -> int | None:
    if shape is None:
        return None
    size = 1
    for n in shape:
        size *= n
    return size


def _combine(a: Evidence, b: Evidence, op: cst.BaseBinaryOp) -> Evidence:
    kinds = {a.kind, b.kind}
    if Kind.COMPLEX in kinds:
        return Evidence(Kind.COMPLEX)
    if Kind.UNKNOWN in kinds:
        return UNKNOWN
    if kinds != {Kind.INTEGER} or isinstance(op, (cst.Divide, cst.Power)):
        return Evidence(Kind.FLOAT)
    return Evidence(Kind.INTEGER, integer_bound(op, a.bound, b.bound))


def integer_bound(op: cst.BaseBinaryOp, a: int | None, b: int | None) -> int | None:
    """A bound on ``|x <op> y|`` for integers bounded by ``a`` and ``b`` (None: unknown)."""
    if a is None or b is None:
        return None
    if isinstance(op, (cst.Add, cst.Subtract)):
        return a + b
    if isinstance(op, cst.Multiply):
        return a * b
    return None


class _Reader:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.depth = 0

    def read(self, node: cst.BaseExpression | None) -> Evidence:
        if node is None or self.depth > _MAX_DEPTH:
            return UNKNOWN
        self.depth += 1
        try:
            return self._read(node)
        finally:
            self.depth -= 1

    def _read(self, node: cst.BaseExpression) -> Evidence:
        if isinstance(node, (cst.List, cst.Tuple, cst.Integer, cst.Float, cst.Imaginary)):
            literal = fold(node, self.scope)
            if literal is not None:
                return _literal_evidence(literal.values)
            return Evidence(Kind.COMPLEX) if _mentions_imaginary(node) else UNKNOWN
        if isinstance(node, cst.Name):
            return self._name(node.value)
        if isinstance(node, cst.Imaginary):
            return Evidence(Kind.COMPLEX)
        if isinstance(node, cst.BinaryOperation):
            return _combine(self.read(node.left), self.read(node.right), node.operator)
        if isinstance(node, cst.UnaryOperation):
            return self.read(node.expression)
        if isinstance(node, cst.Subscript):
            return replace(self.read(node.value), size=None)
        if isinstance(node, cst.Call):
            return self._call(node)
        return UNKNOWN

    def _name(self, name: str) -> Evidence:
        bindings = self.scope.lookup(name)
        if len(bindings) != 1 or bindings[0].kind != "assign" or bindings[0].loop_depth:
            return UNKNOWN
        return self.read(bindings[0].value)

    def _call(self, call: cst.Call) -> Evidence:
        name = self.scope.resolve(call.func)
        if name is None and isinstance(call.func, cst.Attribute):
            return self._method(call, call.func.attr.value, call.func.value)
        if name is None:
            return Evidence(Kind.COMPLEX) if dotted(call.func) == "complex" else UNKNOWN
        declared = dtype_kind(call_arg(call, None, "dtype"))
        if name in _SHAPED:
            return self._shaped(call, name, declared)
        if name in ("numpy.array", "numpy.asarray", "torch.tensor"):
            inner = self.read(call_arg(call, 0, None))
            return _declared(inner, declared) if declared else inner
        if name == "numpy.random.randint":
            return _integers(call, size_pos=2)
        if name == "numpy.arange":
            return _arange(call)
        if name in ("numpy.conj", "numpy.conjugate", "numpy.exp", "numpy.real", "numpy.imag"):
            inner = self.read(call_arg(call, 0, None))
            if name in ("numpy.real", "numpy.imag") and inner.kind is Kind.COMPLEX:
                return Evidence(Kind.FLOAT)
            return replace(inner, bound=None) if name == "numpy.exp" else inner
        if name in _COMPLEX_FUNCS or _is_complex_fft(name):
            return Evidence(Kind.COMPLEX)
        if name in _FLOAT_FUNCS:
            return Evidence(Kind.FLOAT)
        return declared or UNKNOWN

    def _method(self, call: cst.Call, method: str, receiver: cst.BaseExpression) -> Evidence:
        if method == "astype":
            target = dtype_kind(call_arg(call, 0, "dtype"))
            return _declared(self.read(receiver), target) if target else UNKNOWN
        if method == "integers":
            return _integers(call, size_pos=2)
        if method in _RNG_FLOAT_METHODS:
            return Evidence(Kind.FLOAT)
        if method in ("conj", "conjugate", "copy", "reshape", "ravel", "flatten", "T"):
            return self.read(receiver)
        return UNKNOWN

    def _shaped(self, call: cst.Call, name: str, declared: Evidence | None) -> Evidence:
        size = _product(int_tuple(call_arg(call, 0, "shape")))
        fill = _SHAPED[name]
        if name == "numpy.full":
            value = number_value(call_arg(call, 1, "fill_value"))
            fill = abs(value) if isinstance(value, int) else None
            if isinstance(value, complex):
                return Evidence(Kind.COMPLEX, size=size)
        if declared is None:
            return Evidence(Kind.FLOAT, size=size)
        if declared.kind is Kind.INTEGER and fill is not None:
            return Evidence(Kind.INTEGER, fill, size)
        return replace(declared, size=size)


def _declared(inner: Evidence, target: Evidence) -> Evidence:
    """``inner`` converted to ``target``'s dtype (integer bounds kept where they hold)."""
    if target.kind is not Kind.INTEGER:
        return replace(target, size=inner.size)
    bounds = [b for b in (inner.bound, target.bound) if b is not None]
    known = inner.kind is Kind.INTEGER or target.bound is not None
    return Evidence(Kind.INTEGER, min(bounds) if bounds and known else None, inner.size)


def _mentions_imaginary(node: cst.CSTNode) -> bool:
    return any(isinstance(sub, cst.Imaginary) for sub in walk(node, into_functions=True))


def _literal_evidence(values: tuple) -> Evidence:
    if any(isinstance(v, complex) for v in values):
        return Evidence(Kind.COMPLEX, size=len(values))
    if all(isinstance(v, int) for v in values):
        return Evidence(Kind.INTEGER, max((abs(v) for v in values), default=0), len(values))
    return Evidence(Kind.FLOAT, size=len(values))


def _integers(call: cst.Call, size_pos: int) -> Evidence:
    low = int_value(call_arg(call, 0, "low"))
    high = int_value(call_arg(call, 1, "high"))
    size_node = call_arg(call, size_pos, "size")
    size = _product(int_tuple(size_node)) if size_node is not None else 1
    if low is None:
        return Evidence(Kind.INTEGER, size=size)
    bound = abs(low) if high is None else max(abs(low), abs(high - 1))
    if call_arg(call, 1, "high") is not None and high is None:
        bound = None
    return Evidence(Kind.INTEGER, bound, size)


def _arange(call: cst.Call) -> Evidence:
    args = [int_value(a.value) for a in call.args if a.keyword is None]
    if not args or any(a is None for a in args):
        return Evidence(Kind.UNKNOWN)
    ints = [a for a in args if a is not None]
    stop = ints[0] if len(ints) == 1 else ints[1]
    start = 0 if len(ints) == 1 else ints[0]
    return Evidence(Kind.INTEGER, max(abs(start), abs(stop)), abs(stop - start))


def _is_complex_fft(name: str) -> bool:
    if not name.startswith(_FFT_MODULES):
        return False
    return name.rpartition(".")[2] not in _REAL_FFTS


def value_kind(expr: cst.BaseExpression | None, scope: Scope) -> Evidence:
    """What the code shows about the numbers in ``expr`` (UNKNOWN when it shows nothing)."""
    return _Reader(scope).read(expr)


def exact_product_bound(a: Evidence, b: Evidence, assumed_size: int = 2**24) -> int | None:
    """A bound on every entry of the convolution of two integer arrays (None: unknown).

    ``max|a| * max|b| * min(a.size, b.size)``; when neither size is known the smaller
    array is assumed to hold at most ``assumed_size`` elements.
    """
    if a.kind is not Kind.INTEGER or b.kind is not Kind.INTEGER:
        return None
    if a.bound is None or b.bound is None:
        return None
    sizes = [s for s in (a.size, b.size) if s is not None]
    return a.bound * b.bound * (min(sizes) if sizes else assumed_size)
