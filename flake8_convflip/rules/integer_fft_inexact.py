"""CNV403 integer-fft-inexact.

## What it does
Finds an FFT-capable convolution (``scipy.signal.convolve``/``correlate`` with the
default ``method='auto'`` or ``'fft'``, ``fftconvolve``, ``oaconvolve``) of two arrays
the code shows to be integers (integer literals, ``astype(int...)``, ``rng.integers``,
``np.random.randint``, integer ``dtype=``) whose result is compared exactly
(``==``, ``np.array_equal``, ``assert_array_equal``, ``assert_equal``) or truncated to
integers with ``astype``.

Silent when exactness is provable: for ``signal.convolve``/``correlate`` (which round
integer results) when ``max|x| * max|k| * min(x.size, k.size)`` is at most 2**40 from
literals, ``integers(low, high)`` ranges or narrow dtypes (scipy's own tests on tiny
integer lists); and whenever the values are compared with a tolerance.

## Why is this bad?
An FFT computes in floating point.  ``signal.convolve`` rounds integer results, but its
``'auto'`` choice only falls back to the direct method when that bound exceeds 2**52,
and below it the rounding is already off by one for 22-bit inputs (docs/semantics.md B5).
``fftconvolve`` and ``oaconvolve`` return floats such as ``0.9999999999999998`` even for
tiny integers, so ``astype(int)`` truncates them to the wrong value and exact
comparisons fail (B4, B7).

## Example
```python
counts = rng.integers(0, 2**22, size=(256, 256))
assert (signal.convolve(counts, taps) == expected).all()
```

## Use instead
```python
assert (signal.convolve(counts, taps, method="direct") == expected).all()
# or convflip.conv2d(counts, taps): integer results are exact
```

## Fix safety
Unsafe, for ``signal.convolve``/``signal.correlate`` with the default (or an explicit
``'auto'``) method: the fix adds ``method='direct'``, which is the point of the
finding, and which changes integer results: the entries the FFT rounded wrongly
become exact (docs/semantics.md F16), and large int32 inputs wrap on overflow in the
direct method where the FFT path's float result did not (A18, B4).  An explicit
``method='fft'`` is the author's choice and is never rewritten (the finding stays).
``fftconvolve``/``oaconvolve`` get no fix: their float result type would change.

## References
- scipy.signal.convolve (``method``), scipy.signal.choose_conv_method
- docs/semantics.md B4, B5, B7, F16
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from ..analysis import apis
from ..analysis.exprs import call_arg, string_value
from ..analysis.model import ApiCall
from ..semantic import Claim, Filt, Kind, Model
from ..semantic.numbers import NOTHING, converted, product_bound
from .base import Edit, Fix, Invalid, Rule

_EXACT_LIMIT = 2**40


def _method_node(call: ApiCall) -> cst.BaseExpression | None:
    return call_arg(call.node, 3, "method")


def _may_use_fft(filt: Filt) -> bool:
    """An FFT-capable call left to choose (``method='auto'``) or told to use the FFT."""
    api = filt.api
    if filt.kind is not Kind.API or api is None or not api.fft_capable or filt.rounded:
        return False
    if api.name not in apis.INTEGER_ROUNDING_APIS:
        return True
    assert isinstance(filt.node, cst.Call)
    method = call_arg(filt.node, 3, "method")
    return method is None or string_value(method) in ("auto", "fft")


def _exact(claim: Claim) -> bool:
    """The claim holds only for equal values: ``==``, ``np.array_equal``, ``assertEqual``."""
    node = claim.node
    if claim.kind == "compare":
        return isinstance(node, cst.Comparison) and any(
            isinstance(t.operator, cst.Equal) for t in node.comparisons
        )
    if claim.kind == "compare-call":
        assert isinstance(node, cst.Call)
        return claim.scope.resolve(node.func) in apis.EXACT_COMPARE_FUNCS
    if claim.kind == "assert-method":
        assert isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
        return node.func.attr.value in apis.EXACT_UNITTEST_METHODS
    return False


def _exact_uses(model: Model) -> Iterator[Filt]:
    """Filter values compared exactly, or converted to integers without rounding."""
    for claim in model.claims():
        if _exact(claim):
            for side in model.side_values(claim):
                yield from (v for v in side if isinstance(v, Filt))
    for scope in model.facts.scopes:
        for site in scope.calls:
            func = site.node.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "astype"):
                continue
            target = converted(NOTHING, call_arg(site.node, 0, "dtype"))
            if target is None or not target.integer:
                continue
            values = model.values(func.value, scope, site.statement)
            yield from (v for v in values if isinstance(v, Filt))


class IntegerFftInexact(Rule):
    CODE = "CNV403"
    NAME = "integer-fft-inexact"
    MESSAGE = (
        "CNV403 {api} may go through a floating-point FFT, which is not exact for these "
        "integer inputs; pass method='direct' or use convflip.conv2d"
    )
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # tiny literal integers: the rounded FFT result is provably exact
        """\
        import numpy as np
        from scipy import signal
        assert np.array_equal(signal.convolve([1, 2, 3], [0, 1, 2]), [0, 1, 4, 7, 6])
        """,
        # the direct method is exact
        """\
        import numpy as np
        from scipy import signal
        rng = np.random.default_rng(1)
        big = rng.integers(-2**40, 2**40, size=(64, 64))
        taps = rng.integers(-2**20, 2**20, size=(9, 9))
        assert (signal.convolve(big, taps, method="direct") == expected).all()
        """,
        # float data compared with a tolerance
        """\
        import numpy as np
        from scipy.signal import fftconvolve
        sig = np.random.rand(128).astype(np.float32)
        np.testing.assert_allclose(fftconvolve(sig, sig[::-1]), reference, rtol=1e-5)
        """,
        # rounded before the integer conversion
        """\
        import numpy as np
        from scipy.signal import fftconvolve
        hist = np.random.randint(0, 50, size=400).astype(np.int64)
        smooth = np.round(fftconvolve(hist, hist)).astype(int)
        """,
        # 8-bit data with a small integer kernel: far below the exactness limit
        """\
        import numpy as np
        from scipy import signal
        img = frame.astype(np.uint8)
        box = np.ones((5, 5), dtype=int)
        assert np.array_equal(signal.correlate(img, box, mode="same"), ref)
        """,
        # counts of a boolean mask (a comparison) through the direct method, compared exactly
        """\
        import numpy as np
        from scipy import signal
        def plate(rng):
            return rng.integers(0, 100, (64, 64)) < 35
        def counts(occupied):
            window = np.ones((5, 5), dtype=np.int64)
            return signal.convolve(occupied, window, mode="same", method="direct").astype(np.int64)
        def test_counts(rng):
            cells = plate(rng).astype(np.int64)
            exact = signal.convolve2d(cells, np.ones((5, 5), dtype=np.int64), mode="same")
            assert np.array_equal(counts(cells), exact)
        """,
    )
    INVALID = (
        Invalid(
            """\
            import numpy as np
            from scipy import signal
            rng = np.random.default_rng(7)
            counts = rng.integers(0, 2**22, size=(256, 256)).astype(np.int64)
            taps = counts[:15, :15].astype(np.int64)
            assert (signal.convolve(counts, taps) == expected).all()
            """,
            fixed="""\
            import numpy as np
            from scipy import signal
            rng = np.random.default_rng(7)
            counts = rng.integers(0, 2**22, size=(256, 256)).astype(np.int64)
            taps = counts[:15, :15].astype(np.int64)
            assert (signal.convolve(counts, taps, method="direct") == expected).all()
            """,
        ),
        # integer dtypes of unknown range, compared exactly
        """\
        import numpy as np
        from scipy import signal
        counts = np.asarray(raw_counts, dtype=np.int64)
        kernel = np.asarray(raw_kernel, dtype="int32")
        assert np.array_equal(signal.convolve(counts, kernel), expected)
        """,
        # fftconvolve of small integers truncated with astype
        """\
        import numpy as np
        from scipy.signal import fftconvolve
        rng = np.random.default_rng(0)
        votes = rng.integers(0, 10, size=500)
        window = rng.integers(0, 10, size=7)
        tally = fftconvolve(votes, window).astype(int)
        """,
        # counts of a boolean mask (a comparison) through an FFT, compared exactly
        """\
        import numpy as np
        from scipy import signal
        def plate(rng):
            return rng.integers(0, 100, (64, 64)) < 35
        def counts(occupied):
            window = np.ones((5, 5), dtype=np.int64)
            return signal.fftconvolve(occupied, window, mode="same").astype(np.int64)
        def test_counts(rng):
            cells = plate(rng).astype(np.int64)
            exact = signal.convolve2d(cells, np.ones((5, 5), dtype=np.int64), mode="same")
            assert np.array_equal(counts(cells), exact)
        """,
        # integer limbs built in a list (with a fallback for zero), multiplied by FFT
        """\
        import numpy as np
        from scipy import signal
        def to_digits(n):
            out = []
            while n:
                n, r = divmod(n, 10000)
                out.append(r)
            return np.array(out or [0], dtype=np.int64)
        def multiply(a, b):
            da, db = to_digits(a), to_digits(b)
            return signal.fftconvolve(da, db).astype(np.int64)
        """,
    )

    def run(self) -> None:
        model = self.facts.model()
        for filt in _exact_uses(model):
            if not _may_use_fft(filt):
                continue
            image, kernel = model.numbers(filt.image), model.numbers(filt.raw_kernel)
            if not (image.integer and kernel.integer):
                continue
            assert filt.api is not None
            if filt.api.name in apis.INTEGER_ROUNDING_APIS:
                bound = product_bound(image, kernel)
                if bound is not None and bound <= _EXACT_LIMIT:
                    continue  # the rounded FFT result is provably exact
            self._report(model.evaluator.api_calls[id(filt.node)])

    # -- report and fix -------------------------------------------------------
    def _report(self, call: ApiCall) -> None:
        self.report(call.node, self.MESSAGE.format(api=call.api.short), self._fix(call))

    def _fix(self, call: ApiCall) -> Fix | None:
        if call.api.name not in apis.INTEGER_ROUNDING_APIS:
            return None
        direct = cst.SimpleString('"direct"')
        method = _method_node(call)
        if method is not None:
            if string_value(method) != "auto":
                return None  # an explicit method='fft' is the author's choice
            return Fix(False, "use the exact direct method", (Edit(method, direct),))
        if any(arg.star for arg in call.node.args):
            return None
        new_arg = cst.Arg(
            value=direct,
            keyword=cst.Name("method"),
            equal=cst.AssignEqual(
                whitespace_before=cst.SimpleWhitespace(""),
                whitespace_after=cst.SimpleWhitespace(""),
            ),
        )
        args = list(call.node.args)
        last = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
        replacement = call.node.with_changes(args=[*args[:-1], last, new_arg])
        return Fix(False, "use the exact direct method", (Edit(call.node, replacement),))
