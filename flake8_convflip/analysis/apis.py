"""The library functions the rules know, keyed by qualified name.

Pure data: the ast gate and the libcst analysis share this table, so it must not
import libcst.  A qualified name is the dotted path a user reaches the function by,
after import aliases are resolved (``ss.convolve2d`` -> ``scipy.signal.convolve2d``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Orientation(str, Enum):
    """What an API does with its kernel."""

    CONVOLUTION = "convolution"  # kernel rotated 180 degrees
    CORRELATION = "correlation"  # kernel used as written


class Family(str, Enum):
    """Which kind of library an API belongs to (used in messages and rule scope)."""

    SCIPY_SIGNAL = "scipy.signal"
    SCIPY_NDIMAGE = "scipy.ndimage"
    NUMPY = "numpy"
    OPENCV = "cv2"
    FRAMEWORK = "framework"  # torch / tensorflow / keras layers and functionals
    ASTROPY = "astropy"
    CONVFLIP = "convflip"


@dataclass(frozen=True)
class FilterApi:
    """A convolution-like function: which argument is the kernel, its mode default."""

    name: str
    orientation: Orientation
    family: Family
    kernel_arg: int  # positional index of the kernel
    kernel_kw: str  # keyword name of the kernel
    image_kw: str
    ndim: int | None  # 2 for the 2-D only APIs, 1 for numpy's, None for n-d
    mode_arg: int | None = 2  # positional index of mode, None if there is none
    default_mode: str | None = "full"
    conjugates_kernel: bool = False
    fft_capable: bool = False  # may route through an FFT (method='auto'/'fft')
    is_layer: bool = False  # a class whose instances hold the kernel (nn.Conv2d)

    @property
    def short(self) -> str:
        return self.name.rsplit(".", 1)[-1]


def _api(name: str, orientation: Orientation, family: Family, **kw: object) -> FilterApi:
    defaults: dict[str, object] = {"kernel_arg": 1, "kernel_kw": "in2", "image_kw": "in1"}
    defaults.update(kw)
    return FilterApi(name, orientation, family, **defaults)  # type: ignore[arg-type]


CONV = Orientation.CONVOLUTION
CORR = Orientation.CORRELATION

_FILTER_APIS = [
    _api("scipy.signal.convolve2d", CONV, Family.SCIPY_SIGNAL, ndim=2),
    _api("scipy.signal.correlate2d", CORR, Family.SCIPY_SIGNAL, ndim=2, conjugates_kernel=True),
    _api("scipy.signal.convolve", CONV, Family.SCIPY_SIGNAL, ndim=None, fft_capable=True),
    _api(
        "scipy.signal.correlate",
        CORR,
        Family.SCIPY_SIGNAL,
        ndim=None,
        fft_capable=True,
        conjugates_kernel=True,
    ),
    _api("scipy.signal.fftconvolve", CONV, Family.SCIPY_SIGNAL, ndim=None, fft_capable=True),
    _api("scipy.signal.oaconvolve", CONV, Family.SCIPY_SIGNAL, ndim=None, fft_capable=True),
    _api(
        "scipy.ndimage.convolve",
        CONV,
        Family.SCIPY_NDIMAGE,
        ndim=None,
        kernel_kw="weights",
        image_kw="input",
        mode_arg=None,
        default_mode="same",
    ),
    _api(
        "scipy.ndimage.correlate",
        CORR,
        Family.SCIPY_NDIMAGE,
        ndim=None,
        kernel_kw="weights",
        image_kw="input",
        mode_arg=None,
        default_mode="same",
        conjugates_kernel=True,
    ),
    _api(
        "scipy.ndimage.convolve1d",
        CONV,
        Family.SCIPY_NDIMAGE,
        ndim=1,
        kernel_kw="weights",
        image_kw="input",
        mode_arg=None,
        default_mode="same",
    ),
    _api(
        "scipy.ndimage.correlate1d",
        CORR,
        Family.SCIPY_NDIMAGE,
        ndim=1,
        kernel_kw="weights",
        image_kw="input",
        mode_arg=None,
        default_mode="same",
    ),
    _api("numpy.convolve", CONV, Family.NUMPY, ndim=1, kernel_kw="v", image_kw="a"),
    _api(
        "numpy.correlate",
        CORR,
        Family.NUMPY,
        ndim=1,
        kernel_kw="v",
        image_kw="a",
        default_mode="valid",
        conjugates_kernel=True,
    ),
    _api(
        "cv2.filter2D",
        CORR,
        Family.OPENCV,
        ndim=2,
        kernel_arg=2,
        kernel_kw="kernel",
        image_kw="src",
        mode_arg=None,
        default_mode="same",
    ),
    _api(
        "torch.nn.functional.conv2d",
        CORR,
        Family.FRAMEWORK,
        ndim=4,
        kernel_kw="weight",
        image_kw="input",
        mode_arg=None,
        default_mode="valid",
    ),
    _api(
        "torch.conv2d",
        CORR,
        Family.FRAMEWORK,
        ndim=4,
        kernel_kw="weight",
        image_kw="input",
        mode_arg=None,
        default_mode="valid",
    ),
    _api(
        "torch.nn.Conv2d",
        CORR,
        Family.FRAMEWORK,
        ndim=4,
        kernel_kw="weight",
        image_kw="input",
        mode_arg=None,
        default_mode="valid",
        is_layer=True,
    ),
    _api(
        "tensorflow.nn.conv2d",
        CORR,
        Family.FRAMEWORK,
        ndim=4,
        kernel_kw="filters",
        image_kw="input",
        mode_arg=None,
        default_mode="valid",
    ),
    # 1-D framework convolutions: weights (out, in, k) in torch, (k, in, out) in TensorFlow;
    # the layer classes hold the kernel in their instances
    *(
        _api(
            name,
            CORR,
            Family.FRAMEWORK,
            ndim=3,
            kernel_kw=keyword,
            image_kw=image,
            mode_arg=None,
            default_mode="valid",
            is_layer=layer,
        )
        for name, keyword, image, layer in (
            ("torch.nn.functional.conv1d", "weight", "input", False),
            ("torch.conv1d", "weight", "input", False),
            ("tensorflow.nn.conv1d", "filters", "input", False),
            ("torch.nn.Conv1d", "weight", "input", True),
            ("tensorflow.keras.layers.Conv1D", "kernel", "inputs", True),
            ("keras.layers.Conv1D", "kernel", "inputs", True),
        )
    ),
    _api(
        "tensorflow.keras.layers.Conv2D",
        CORR,
        Family.FRAMEWORK,
        ndim=4,
        kernel_kw="kernel",
        image_kw="inputs",
        mode_arg=None,
        default_mode="valid",
        is_layer=True,
    ),
    _api(
        "keras.layers.Conv2D",
        CORR,
        Family.FRAMEWORK,
        ndim=4,
        kernel_kw="kernel",
        image_kw="inputs",
        mode_arg=None,
        default_mode="valid",
        is_layer=True,
    ),
    _api(
        "astropy.convolution.convolve",
        CONV,
        Family.ASTROPY,
        ndim=None,
        kernel_kw="kernel",
        image_kw="array",
        mode_arg=None,
        default_mode="same",
    ),
    _api(
        "astropy.convolution.convolve_fft",
        CONV,
        Family.ASTROPY,
        ndim=None,
        kernel_kw="kernel",
        image_kw="array",
        mode_arg=None,
        default_mode="same",
    ),
    _api("convflip.conv2d", CONV, Family.CONVFLIP, ndim=2, kernel_kw="k", image_kw="x"),
    _api("convflip.xcorr2d", CORR, Family.CONVFLIP, ndim=2, kernel_kw="k", image_kw="x"),
]

FILTER_APIS: dict[str, FilterApi] = {api.name: api for api in _FILTER_APIS}

# Other spellings of the same functions (submodules, re-exports).
_ALIASES = {
    "scipy.signal.signaltools.convolve2d": "scipy.signal.convolve2d",
    "scipy.signal._signaltools.convolve2d": "scipy.signal.convolve2d",
    "scipy.signal.signaltools.correlate2d": "scipy.signal.correlate2d",
    "scipy.signal._signaltools.correlate2d": "scipy.signal.correlate2d",
    "scipy.signal.signaltools.convolve": "scipy.signal.convolve",
    "scipy.signal.signaltools.correlate": "scipy.signal.correlate",
    "scipy.signal.signaltools.fftconvolve": "scipy.signal.fftconvolve",
    "scipy.ndimage.filters.convolve": "scipy.ndimage.convolve",
    "scipy.ndimage.filters.correlate": "scipy.ndimage.correlate",
    "scipy.ndimage.filters.convolve1d": "scipy.ndimage.convolve1d",
    "scipy.ndimage.filters.correlate1d": "scipy.ndimage.correlate1d",
    "numpy.core.numeric.convolve": "numpy.convolve",
    "numpy.core.numeric.correlate": "numpy.correlate",
    "torch.nn.functional.F.conv2d": "torch.nn.functional.conv2d",
    "tensorflow.keras.layers.Convolution2D": "tensorflow.keras.layers.Conv2D",
    "keras.layers.Convolution2D": "keras.layers.Conv2D",
    "tensorflow.keras.layers.Convolution1D": "tensorflow.keras.layers.Conv1D",
    "keras.layers.Convolution1D": "keras.layers.Conv1D",
    "tensorflow.compat.v1.nn.conv2d": "tensorflow.nn.conv2d",
    "cv.filter2D": "cv2.filter2D",
    "convflip.api.conv2d": "convflip.conv2d",
    "convflip.api.xcorr2d": "convflip.xcorr2d",
}

# Array helpers that matter to kernel and window facts.
FLIP_FUNCS = {
    "numpy.flip",
    "numpy.flipud",
    "numpy.fliplr",
    "numpy.rot90",
    "numpy.transpose",
    "cv2.flip",
    "torch.flip",
    "torch.rot90",
    "torch.transpose",
    "torch.fliplr",
    "torch.flipud",
}
# Methods that return the same array for orientation's sake (kernel_view and the
# evaluator look through them; the gate's flip flow too): dtype, device and container
# conversions of numpy, torch and TensorFlow.
TRANSPARENT_METHODS = frozenset(
    {"copy", "astype", "contiguous", "clone", "float", "double", "numpy"}
)
# The evaluator (flake8_convflip.semantic) also looks through device and autograd
# conversions; kernel_view keeps to the narrower set above until it is retired.
CONVERSION_METHODS = TRANSPARENT_METHODS | frozenset(
    {"half", "detach", "cpu", "cuda", "to", "type", "type_as", "requires_grad_"}
)
# Functions that convert an array without moving its entries: the same values for
# orientation's sake.
# base classes whose instances, called, run the subclass's ``forward`` (torch) or ``call``
# (Keras): ``model(x)`` of ``class Model(nn.Module)`` is its ``forward(x)``
FRAMEWORK_MODULE_BASES = frozenset(
    {
        "torch.nn.Module",
        "torch.nn.modules.module.Module",
        "tensorflow.keras.layers.Layer",
        "tensorflow.keras.Model",
        "tensorflow.keras.models.Model",
        "keras.layers.Layer",
        "keras.Model",
        "keras.models.Model",
    }
)

TRANSPARENT_FUNCS = frozenset(
    {
        "numpy.ascontiguousarray",
        "numpy.asfortranarray",
        "numpy.copy",
        "numpy.asarray",
        "numpy.asanyarray",
        "numpy.array",
        "numpy.require",
        "numpy.float16",
        "numpy.float32",
        "numpy.float64",
        "numpy.double",
        "numpy.single",
        "numpy.longdouble",
        "numpy.complex64",
        "numpy.complex128",
        "numpy.int8",
        "numpy.int16",
        "numpy.int32",
        "numpy.int64",
        "numpy.uint8",
        "numpy.uint16",
        "numpy.uint32",
        "numpy.uint64",
        "torch.from_numpy",
        "torch.tensor",
        "torch.as_tensor",
        "torch.Tensor",
        "torch.FloatTensor",
        "torch.DoubleTensor",
        "tensorflow.convert_to_tensor",
        "tensorflow.constant",
        "tensorflow.Variable",
        "jax.numpy.asarray",
        "jax.numpy.array",
    }
)
# Builtins that convert one value without changing it for orientation's sake.
TRANSPARENT_BUILTINS = frozenset({"float", "complex", "int", "list", "tuple"})
# Element-wise reductions: ``sum`` of a window-kernel product is a window sum.
SUM_CALLS = frozenset({"numpy.sum", "torch.sum", "numpy.nansum", "math.fsum"})
SUM_METHODS = frozenset({"sum", "nansum"})
BUILTIN_SUMS = frozenset({"sum"})
# Calls that run a function on every item of their iterables (``map(f, ks)``: a list
# of ``f(k)``) and on every 1-D slice of an array (``apply_along_axis(f, 0, a)``).
MAPPING_BUILTINS = frozenset({"map"})
# ``zip(a, b)``: its items are the pairs of the iterables' items.
ZIP_BUILTINS = frozenset({"zip"})
# Classes whose generated ``__init__`` takes the annotated fields in order (records).
RECORD_DECORATORS = frozenset({"dataclass", "dataclasses.dataclass"})
RECORD_BASES = frozenset({"NamedTuple", "typing.NamedTuple"})
ALONG_AXIS_CALLS = frozenset({"numpy.apply_along_axis"})
# Element-wise products.
PRODUCT_CALLS = frozenset({"numpy.multiply", "torch.mul", "torch.multiply"})
# Dot products that sum a window with a kernel when both are raveled.
FLAT_DOT_CALLS = frozenset({"numpy.dot", "numpy.inner", "numpy.vdot", "numpy.matmul", "torch.dot"})
# the ramp ``np.arange(n)``: index arithmetic (reversed ramps, centred grids) starts here
RAMP = "numpy.arange"
# the dot products that ravel their operands themselves (``np.vdot`` of two 2-D arrays)
FLATTENING_DOTS = frozenset({"numpy.vdot"})
FLATTEN_METHODS = frozenset({"ravel", "flatten", "reshape", "view"})
# Methods that add one axis (``unsqueeze(0)``: a batch or channel axis in front).
LEADING_AXIS_METHODS = frozenset({"unsqueeze", "expand_dims"})
CONJ_CALLS = frozenset({"numpy.conj", "numpy.conjugate", "torch.conj"})
CONJ_METHODS = frozenset({"conj", "conjugate"})
# Forward and inverse discrete Fourier transforms (a product of two forward transforms,
# transformed back, is a circular convolution: analysis/spectra.py).
_FFT_MODULES = ("numpy.fft", "scipy.fft", "scipy.fftpack", "torch.fft")
FORWARD_FFTS = frozenset(
    f"{module}.{name}"
    for module in _FFT_MODULES
    for name in ("fft", "fft2", "fftn", "rfft", "rfft2", "rfftn")
)
INVERSE_FFTS = frozenset(
    f"{module}.{name}"
    for module in _FFT_MODULES
    for name in ("ifft", "ifft2", "ifftn", "irfft", "irfft2", "irfftn")
)
# Calls and methods that keep a filter's output values up to shape or rounding (a claim
# about their result is a claim about the filter), and keep an array's identity.
SHAPE_KEEPING_CALLS = frozenset(
    {
        "numpy.round",
        "numpy.around",
        "numpy.squeeze",
        "numpy.ravel",
        "numpy.pad",
        "torch.nn.functional.pad",
        "numpy.real",
        "numpy.atleast_2d",
        "torch.squeeze",
        "torch.unsqueeze",
    }
)
# the padding calls among them (a pad by a kernel's size minus one makes a 'full' pass)
PAD_CALLS = frozenset({"numpy.pad", "torch.nn.functional.pad"})
SHAPE_KEEPING_METHODS = frozenset({"round", "squeeze", "unsqueeze", "item", "tolist"})
# Rounding to the nearest integer: an FFT result within 0.5 of an integer becomes exact
# (floor, ceil and trunc do not: 0.9999999999999998 floors to 0).
ROUNDING_CALLS = frozenset({"numpy.round", "numpy.around", "numpy.rint", "torch.round"})
ROUNDING_METHODS = frozenset({"round"})
# Calls that make a new 1-D array (sample grids and window functions).
ONE_D_CALLS = frozenset(
    {
        "numpy.linspace",
        "numpy.arange",
        "numpy.logspace",
        "numpy.geomspace",
        "numpy.hanning",
        "numpy.hamming",
        "numpy.blackman",
        "numpy.bartlett",
        "numpy.kaiser",
        "scipy.signal.get_window",
        "scipy.signal.firwin",
    }
)
# Element-wise functions: a new array of the argument's shape.  "float": the result is
# float, or complex for a complex argument (``np.exp``); "magnitude": real for a complex
# argument, else the argument's kind (``np.abs``).
ELEMENTWISE_CALLS = {
    **dict.fromkeys(
        (
            "numpy.exp",
            "numpy.sin",
            "numpy.cos",
            "numpy.tan",
            "numpy.tanh",
            "numpy.sqrt",
            "numpy.log",
            "numpy.log2",
            "numpy.log10",
            "numpy.sinc",
        ),
        "float",
    ),
    "numpy.abs": "magnitude",
    "numpy.absolute": "magnitude",
}
# Parity under the 180-degree rotation (analysis/parity.py).  Element-wise functions keep
# an even argument even and a number a number; the even ones also make an odd argument
# even (cos(-x) = cos(x), |-x| = |x|), the odd ones keep it odd.
PARITY_ELEMENTWISE = frozenset(ELEMENTWISE_CALLS) | {
    "numpy.cosh",
    "numpy.square",
    "numpy.arctan",
    "math.exp",
    "math.sqrt",
    "abs",
    "float",
}
EVEN_FUNCTIONS = frozenset(
    {"numpy.cos", "numpy.cosh", "numpy.sinc", "numpy.abs", "numpy.absolute", "numpy.square", "abs"}
)
ODD_FUNCTIONS = frozenset({"numpy.sin", "numpy.tanh", "numpy.arctan"})
# Reductions of a whole array to one number (no axis argument), and named constants.
FULL_REDUCTION_METHODS = SUM_METHODS | {"max", "min", "mean", "std", "ptp"}
FULL_REDUCTION_CALLS = SUM_CALLS | {"numpy.max", "numpy.min", "numpy.mean"}
SCALAR_CONSTANTS = frozenset({"numpy.pi", "math.pi", "numpy.e", "math.e"})
# Calls that stack a list of arrays (a list of filters stays a filter, element-wise).
STACKING_CALLS = frozenset({"numpy.array", "numpy.stack", "numpy.asarray", "torch.stack"})
# numpy's functions that join arrays along an axis (the literal folder computes them)
JOINING_CALLS = frozenset(
    {
        "numpy.stack",
        "numpy.vstack",
        "numpy.row_stack",
        "numpy.hstack",
        "numpy.column_stack",
        "numpy.concatenate",
    }
)
# ``np.s_[a:b, c:d]`` and ``np.index_exp[...]``: index tuples made by subscripting these
INDEX_MAKERS = frozenset({"s_", "index_exp"})
# Attributes that are never arrays (so ``x.shape`` is not an array named ``x.shape``).
NON_ARRAY_ATTRIBUTES = frozenset({"shape", "ndim", "size", "dtype", "itemsize", "nbytes"})

# numpy dtype spellings by kind letter ("b" bool, "i" signed, "u" unsigned, "f" float,
# "c" complex), for conversions such as ``astype(np.float32)`` or ``dtype="c16"``.
_DTYPE_KINDS = {
    "b": ("bool", "bool_", "bool8", "?"),
    "i": (
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "intp",
        "long",
        "short",
        "i1",
        "i2",
        "i4",
        "i8",
    ),
    "u": ("uint", "uint8", "uint16", "uint32", "uint64", "uintp", "u1", "u2", "u4", "u8"),
    "f": (
        "float",
        "float16",
        "float32",
        "float64",
        "double",
        "single",
        "half",
        "longdouble",
        "f2",
        "f4",
        "f8",
    ),
    "c": ("complex", "complex64", "complex128", "cdouble", "csingle", "c8", "c16"),
}
_KIND_OF_DTYPE = {name: kind for kind, names in _DTYPE_KINDS.items() for name in names}
# Constructors whose result has a known dtype kind.
_CALL_DTYPES = {
    "numpy.random.randint": "i",
    "numpy.random.rand": "f",
    "numpy.random.randn": "f",
    "numpy.random.random": "f",
    "numpy.random.uniform": "f",
    "numpy.random.normal": "f",
    "numpy.random.standard_normal": "f",
}


def dtype_kind(name: str) -> str | None:
    """The numpy kind letter of a dtype spelling (``float32`` -> ``f``), or None."""
    return _KIND_OF_DTYPE.get(name)


def call_dtype(qualified: str) -> str | None:
    """The dtype kind an array constructor returns by default, when it is fixed."""
    return _CALL_DTYPES.get(qualified)


# Methods that reorder or reverse axes (torch ``t``/``permute``/``flip``, numpy ``transpose``).
AXIS_METHODS = frozenset({"transpose", "t", "flip", "swapaxes", "permute"})
# Contractions that sum a window against a kernel in one call.
CONTRACTION_CALLS = frozenset({"numpy.einsum", "numpy.tensordot"})
SUM_FUNCS = {"numpy.sum", "torch.sum", "builtins.sum", *CONTRACTION_CALLS}
SLIDING_WINDOW_VIEW = "numpy.lib.stride_tricks.sliding_window_view"
WINDOW_VIEW_FUNCS = {
    SLIDING_WINDOW_VIEW,
    "numpy.lib.stride_tricks.as_strided",
}
COMPARE_FUNCS = {
    "numpy.allclose",
    "numpy.isclose",
    "numpy.array_equal",
    "numpy.testing.assert_allclose",
    "numpy.testing.assert_array_equal",
    "numpy.testing.assert_array_almost_equal",
    "numpy.testing.assert_almost_equal",
    "numpy.testing.assert_equal",
    "torch.allclose",
    "torch.testing.assert_close",
    "torch.equal",
}
# Comparisons that hold only when the values are equal bit for bit (no tolerance).
EXACT_COMPARE_FUNCS = frozenset(
    {
        "numpy.array_equal",
        "numpy.testing.assert_array_equal",
        "numpy.testing.assert_equal",
        "torch.equal",
    }
)
EXACT_UNITTEST_METHODS = frozenset(
    {"assertEqual", "assertEquals", "assertAllEqual", "assertArrayEqual"}
)
# FFT-capable filters that round an integer result back to integers (the others, such
# as fftconvolve, return floats).
INTEGER_ROUNDING_APIS = frozenset({"scipy.signal.convolve", "scipy.signal.correlate"})
# Complex conjugation in prose (``conj``, ``\bar``, ``†``, ``^*``, ``.H``, "hermitian").
CONJ_WORDS = re.compile(r"conj|\\bar|\boverline|†|\^\*|\*\s*\(|\.h\b|hermitian")
# A conjugate the prose says is absent ("no conjugate", "without conjugation"): not a
# mention of one.
NEGATED_CONJ = re.compile(
    r"\b(?:(?:no|without|not|never)\s+|non-?)(?:complex\s+)?conj\w*|\bunconjugated\b"
)
# A lagged product written out, ``x[n + m] * k[m]``: a correlation formula.
LAGGED_PRODUCT_FORMULA = re.compile(
    r"\w\[[^\]]*[+-][^\]]*\]\s*[*·]\s*\w+\[|\w\[[^\]]*\]\s*[*·]\s*\w\[[^\]]*[+-]"
)
# Names (as lower-case words) that call a result a correlation or an adjoint operator.
# a name (of a result, a function) that calls it a correlation: ``xcorr``,
# ``correlate_by_flip``, ``matched``, ``match_kernel``
CORRELATION_NAME = re.compile(r"corr|match")
ADJOINT_NAME = re.compile(r"\badj(?:oint)?\b|\bhermitian\b")
# Reductions of a difference ``f(a - b)`` that measure how far two values are apart.
DIFFERENCE_REDUCERS = frozenset(
    {
        "numpy.abs",
        "numpy.absolute",
        "numpy.max",
        "numpy.amax",
        "numpy.linalg.norm",
        "numpy.sum",
        "numpy.mean",
        "builtins.abs",
        "torch.abs",
        "torch.max",
        "torch.norm",
    }
)
# ``unittest`` (and tf.test) assertion methods whose first two arguments are claimed equal.
UNITTEST_EQUALITY_METHODS = frozenset(
    {
        "assertEqual",
        "assertEquals",
        "assertAlmostEqual",
        "assertAlmostEquals",
        "assertAllClose",
        "assertAllEqual",
        "assertArrayAlmostEqual",
        "assertArrayEqual",
        "assert_allclose",
    }
)

# Libraries whose filters a backward pass is judged on (semantic.gradients), and that
# the gate looks for before CNV206 runs: their orientation is fixed by the call.
GRADIENT_FAMILIES = frozenset(
    {Family.SCIPY_SIGNAL, Family.SCIPY_NDIMAGE, Family.CONVFLIP, Family.NUMPY}
)
# Function names that say "this computes gradients" (backward halves of layers, adjoints):
# one piece of evidence next to what the function computes (semantic.gradients).  ``bwd``
# as a word of the name (``bwd``, ``conv_bwd``), the usual partner of ``fwd``.
# Decorators that make a method read as an attribute (``self.kx`` runs ``def kx(self)``).
PROPERTY_DECORATORS = frozenset({"property", "cached_property", "functools.cached_property"})
# Decorators that hand back a method or a property, not a function a registry keeps.
PLAIN_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "abstractmethod", *PROPERTY_DECORATORS}
)
# prose whose subject is the gradient ("the backward pass convolves with rot180(W)", up to
# the end of its sentence): in a forward pass it describes the other pass.  Whole words
# only, unlike GRADIENT_NAMES (identifiers), so that "delta function" stays a forward's
GRADIENT_PROSE = re.compile(r"\b(?:backward|backprop\w*|gradients?|grad)\b[^.;\n]*$")
GRADIENT_NAMES = re.compile(
    r"(?i:backward|backprop|bprop|grad|vjp|adjoint|delta)|(?:^|_)bwd|bwd_|back$|Back"
)
# Parameter names of an upstream gradient (``dy``, ``dout``, ``grad_out``, ``delta``,
# ``dL_dY``): a ``'full'`` pass over such a parameter is an input gradient's formula.
UPSTREAM_NAMES = re.compile(
    r"(?i:d_?(?:y|out|outputs?|z|h|top)|grad(?:_?out(?:put)?|_?y|ient)?s?|\w+_grads?"
    r"|deltas?(?:_\w+)?|upstream\w*|g_?out|top_?diff|dl_?d\w+|dloss\w*)"
)
# What a layer's function names add to the layer's own name (``conv`` in ``conv_forward``,
# ``convBack``, ``conv_backward_naive``; nothing in ``fprop``/``bprop``).
LAYER_AFFIXES = re.compile(
    r"forward|backward|backprop|fwd|bwd|[fb]prop|back|grad(?:ient)?s?|pass|naive|_"
)

# Top-level packages whose imports make a name worth resolving at all.
KNOWN_ROOTS = frozenset(
    {
        "scipy",
        "numpy",
        "cv2",
        "cv",
        "torch",
        "tensorflow",
        "keras",
        "astropy",
        "convflip",
        "functools",  # for partial: ``f = partial(convolve2d, mode="same")`` is the filter
    }
)
# Calls that bind some arguments of a function and return it (``partial(f, mode="same")``).
PARTIAL_CALLS = frozenset({"functools.partial"})


def padding_position(api: FilterApi) -> int:
    """Where a framework call takes ``padding`` positionally.

    ``torch.nn.functional.conv2d(input, weight, bias, stride, padding)`` and
    ``nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding)`` against
    ``tf.nn.conv2d(input, filters, strides, padding)`` and
    ``keras.layers.Conv2D(filters, kernel_size, strides, padding)``.
    """
    return 3 if api.name.startswith(("tensorflow", "keras")) else 4


def canonical(qualified: str | None) -> str | None:
    """Map a resolved dotted name to the spelling used in this table."""
    if qualified is None:
        return None
    return _ALIASES.get(qualified, qualified)


def filter_api(qualified: str | None) -> FilterApi | None:
    """The convolution-like API a qualified name refers to, if any."""
    name = canonical(qualified)
    return FILTER_APIS.get(name) if name else None


# -- documented intent (analysis/intent.py reads them; the gate's doc words derive) ---------
# Prose that says the code computes a convolution: physical image formation, a linear
# system's response to its impulse response, deconvolution.
CONVOLUTION_PHRASES = re.compile(
    r"\bpsfs?\b|point[ -]spread|\bblur(?:s|red|ring)?\b|forward[ -]model|"
    r"image[ -]formation|convolv(?:e|es|ed|ing) (?:it |them |this |that )?with\b|"
    r"\bdeconvol\w*|\boptic(?:s|al)\b|true convolution|mathematical convolution|"
    r"\botf\b|airy (?:disk|pattern)|impulse[ -]response|\blti\b|"
    r"linear (?:time|shift|space)[ -]invariant|"
    # geophysics: a trace is the reflectivity convolved with the wavelet
    r"convolutional (?:earth )?model"
)
# Prose that says the code computes a correlation.
CORRELATION_PHRASES = re.compile(
    r"template[ -]match\w*|match\w* (?:a |the )?templates?|\btemplates?\b|"
    r"cross[- ]?correlat\w*|\bxcorr\w*|matched[ -]filter\w*|feature[ -]maps?|"
    r"conv(?:olution(?:al)?)? layers?|\bcnn\b|convnet|\bncc\b"
)

# Deconvolutions taking (image, psf): a filter2D result handed to one with the same PSF
# was meant as the blur model, a convolution.
DECONVOLUTION_FUNCS = frozenset({"richardson_lucy", "wiener", "unsupervised_wiener", "deconvolve"})

# Constructors whose result equals its own 180-degree rotation (``numpy.eye`` square and on
# its diagonal, the windows symmetric: see parity.symmetric_constructor).
SYMMETRIC_CTORS = frozenset(
    {
        "numpy.ones",
        "numpy.zeros",
        "numpy.full",
        "numpy.eye",
        "numpy.identity",
        "numpy.hanning",
        "numpy.hamming",
        "numpy.blackman",
        "numpy.bartlett",
        "scipy.signal.windows.gaussian",
        "scipy.signal.gaussian",
        "scipy.signal.windows.hann",
        "scipy.signal.windows.hamming",
        "cv2.getGaussianKernel",
    }
)
SQUARE_ONLY_CTORS = frozenset({"numpy.eye"})

# Coordinate grids of n 1-D axes: n arrays of rank n (``xx, yy = np.meshgrid(x, y)``).
GRID_CALLS = frozenset({"numpy.meshgrid"})
OUTER_PRODUCT = "numpy.outer"
# Stacks of index grids, one plane per axis (``yy, xx = np.mgrid[-r:r + 1, -r:r + 1]``).
GRID_STACKS = frozenset({"numpy.mgrid", "numpy.ogrid"})
INDEX_GRIDS = "numpy.indices"
