"""CNV401 complex-conjugation.

## What it does
Finds complex data passed through a correlation with the wrong conjugation convention.
Needs evidence in the file that the kernel is complex (complex literals or dtypes,
``1j`` arithmetic, ``np.exp(1j ...)``, FFT outputs, ``astype(complex)``); silent for real
data, where conjugation changes nothing.

* ``correlate2d``, ``signal.correlate``, ``np.correlate`` or ``ndimage.correlate`` (all
  conjugate the kernel) whose result is compared with a correlation that does not
  conjugate (torch ``conv2d``, ``convflip.xcorr2d`` without ``conj=True``, a hand-rolled
  window), or whose function documents a formula without a conjugate
  (``sum x[n + m] * k[m]``).
* a "cross-correlation" (so named or documented) built as ``fftconvolve(a, b[::-1])``
  or ``convolve2d(a, b[::-1, ::-1])`` with a complex ``b`` and no ``np.conj``.

## Why is this bad?
For complex signals the cross-correlation is ``sum x[n + m] * conj(k[m])``.  scipy,
numpy and ndimage correlate that way (docs/semantics.md A17, C7, E1); PyTorch's ``conv2d``
and a plain window sum do not (D9).  Reversing the kernel turns a convolution into a
correlation only for real data: without the conjugate, ``fftconvolve(a, b[::-1])``
is not the cross-correlation of complex ``a`` and ``b`` (A2), so matched filters and
delay estimates on analytic or FFT-domain data peak in the wrong place or with the
wrong phase.

## Example
```python
chirp = np.exp(1j * np.pi * t**2)
xcorr = fftconvolve(received, chirp[::-1])
```

## Use instead
```python
xcorr = fftconvolve(received, np.conj(chirp[::-1]))
```

## Fix safety
Unsafe: the fix conjugates the reversed kernel, ``fftconvolve(a, np.conj(b[::-1]))``,
which changes the result to the cross-correlation the code names (docs/semantics.md A2:
``correlate2d(x, k) == convolve2d(x, conj(flip(k)))``).  The conjugating-API case has
no fix: whether the documented formula or the library is right is the author's call.

## References
- scipy.signal.correlate, numpy.correlate (``conj`` of the second argument)
- torch.nn.functional.conv2d (no conjugation); docs/semantics.md A2, A17, C7, D9, E1
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from ..analysis import apis
from ..analysis.apis import Family, Orientation
from ..analysis.intent import documented_intent, documented_orientation, words_of_name
from ..analysis.kernels import axis_map_of_step
from ..analysis.model import ApiCall, Scope
from ..analysis.spectra import Spectrum, spectral_products
from ..fix.build import local_name_for, replace_expr
from ..semantic import Arr, Filt, Kind, Model, same_operands
from .base import Fix, Invalid, Rule


def _assigned_names(statement: cst.CSTNode) -> list[str]:
    names: list[str] = []
    for small in getattr(statement, "body", ()):
        if isinstance(small, cst.Assign):
            for target in small.targets:
                names.extend(_target_names(target.target))
    return names


def _target_names(node: cst.BaseExpression) -> list[str]:
    if isinstance(node, (cst.Tuple, cst.List)):
        return [n for e in node.elements for n in _target_names(e.value)]
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Attribute):
        return [node.attr.value]
    return []


def _reversal_correlation(filt: Filt) -> bool:
    """A non-conjugating convolution of the 180-degree-rotated kernel: a correlation
    that leaves the kernel unconjugated (``fftconvolve(a, b[::-1])``)."""
    api = filt.api
    return (
        filt.kind is Kind.API
        and api is not None
        and api.orientation is Orientation.CONVOLUTION
        and api.family in (Family.SCIPY_SIGNAL, Family.NUMPY)
        and not api.conjugates_kernel
        and filt.raw_kernel is not None
        and filt.raw_kernel.has_steps
        and filt.orientation is Orientation.CORRELATION
        and not filt.conj
    )


def _reversed(model: Model, signal: cst.BaseExpression, scope: Scope) -> bool:
    """The transformed signal is reversed, or may be (``s[::-1]``, ``np.flip(s)``, a
    helper that flips; anything the model cannot read counts)."""
    if axis_map_of_step(signal, scope) is not None:
        return True
    return any(not isinstance(v, Arr) or v.has_steps for v in model.values(signal, scope))


def _conjugating(filt: Filt) -> bool:
    """A library correlation that conjugates the kernel (``correlate2d``, ``np.correlate``)."""
    api = filt.api
    return (
        filt.kind is Kind.API
        and api is not None
        and api.conjugates_kernel
        and filt.conj
        and filt.orientation is Orientation.CORRELATION
    )


def _called_correlation(names: list[str], scope: Scope, model: Model) -> bool:
    """The result is named, or its function named or documented, as a correlation or
    an adjoint (``xcorr = ...``, ``def A_adj``, "cross-correlate ... with")."""
    words = [words_of_name(n) for n in names]
    if scope.kind == "function":
        words.append(words_of_name(scope.name))  # ``def cross_correlation(a, b)``
    if any(apis.CORRELATION_NAME.search(w.replace(" ", "")) for w in words):
        return True
    if scope.kind == "function" and apis.ADJOINT_NAME.search(words_of_name(scope.name)):
        return True
    intent = documented_intent(scope, model.facts)
    return (
        intent is not None
        and intent.orientation is Orientation.CORRELATION
        and "corr" in intent.phrase
    )


def _computed_in(model: Model, scope: Scope) -> Iterator[Filt]:
    """The filters a scope calls, and the ones it returns (computed by a helper)."""
    for call in scope.api_calls:
        for value in model.values(call.node, scope, call.site.statement):
            if isinstance(value, Filt):
                yield value
    for node, order in zip(scope.returns, scope.return_order, strict=False):
        for value in model.evaluator.values(node, scope, order):
            if isinstance(value, Filt):
                yield value


def _named_results(model: Model) -> Iterator[tuple[Filt, list[str], Scope]]:
    """Each filter value with the names that hold it and the scope that names it.

    A call of the filter API where it stands, what a function returns, and every
    assignment of a call (a helper computing the filter: ``xcorr = matched(received,
    chirp)``), each evaluated where it stands.
    """
    facts = model.facts
    for call in facts.api_calls():
        names = _assigned_names(call.site.statement)
        for value in model.values(call.node, call.scope, call.site.statement):
            if isinstance(value, Filt):
                yield value, names, call.scope
    api_nodes = model.evaluator.api_calls
    for scope in facts.scopes:
        for node, order in zip(scope.returns, scope.return_order, strict=False):
            if id(node) in api_nodes:
                continue  # the call itself, above
            for found in model.evaluator.values(node, scope, order):
                if isinstance(found, Filt):
                    yield found, [], scope
        for name, bindings in scope.bindings.items():
            for binding in bindings:
                value = binding.value
                if binding.kind != "assign" or not isinstance(value, cst.Call):
                    continue
                if id(value) in api_nodes:
                    continue
                for found in model.values(value, scope, binding.statement):
                    if isinstance(found, Filt):
                        yield found, [name], scope


class ComplexConjugation(Rule):
    CODE = "CNV401"
    NAME = "complex-conjugation"
    MESSAGE = "CNV401 complex kernel: {detail}"
    FIX_AVAILABILITY = "sometimes"
    VALID = (
        # real data: conjugation is a no-op
        """\
        import numpy as np
        from scipy.signal import fftconvolve
        pulse = np.random.rand(64)
        xcorr = fftconvolve(received, pulse[::-1])
        """,
        # complex data, conjugated
        """\
        import numpy as np
        from scipy.signal import fftconvolve
        chirp = np.exp(1j * np.linspace(0, 40, 256) ** 2)
        xcorr = fftconvolve(received, np.conj(chirp[::-1]))
        """,
        # the library conjugates and nothing says otherwise
        """\
        import numpy as np
        from scipy import signal
        ref = np.fft.fft(np.random.rand(32))
        lag = np.argmax(np.abs(signal.correlate(meas, ref)))
        """,
        # complex, reversed, but a convolution (a filter), not called a correlation
        """\
        import numpy as np
        from scipy.signal import fftconvolve
        taps = np.exp(2j * np.pi * 0.1 * np.arange(16))
        shifted = fftconvolve(samples, taps[::-1])
        """,
        # a chip cut from the scene and rephased, matched with its conjugate
        """\
        import numpy as np
        from scipy import signal
        def window_match(master, chip):
            h, w = chip.shape
            score = np.zeros((master.shape[0] - h + 1, master.shape[1] - w + 1), complex)
            for i in range(score.shape[0]):
                for j in range(score.shape[1]):
                    score[i, j] = np.sum(master[i:i + h, j:j + w] * np.conj(chip))
            return score
        def test_match(master):
            chip = master[9:15, 5:11] * np.exp(0.3j)
            fast = signal.correlate2d(master, chip, "valid")
            assert np.allclose(window_match(master, chip), fast)
        """,
        # the formula conjugates the taps; the other operand is said to be left alone
        '''\
        import numpy as np
        def matched(x, h):
            """y[n] = sum_m x[n + m] * conj(h[m]), with no conjugate on x."""
            return np.correlate(x, h, "valid")
        y = matched(np.ones(32, complex), np.exp(1j * np.arange(5)))
        ''',
        # a spectral matched filter, its reference spectrum conjugated after the transform
        """\
        import numpy as np
        class Compressor:
            \"\"\"Range compression: correlate the echo with the sent pulse.\"\"\"
            def __init__(self, pulse, n):
                self.nfft = n
                self._ref = np.conj(np.fft.fft(pulse, n))
            def compress(self, rx):
                return np.fft.ifft(np.fft.fft(rx, self.nfft) * self._ref)
        """,
        # a spectral matched filter, its reference spectrum of the reversed conjugate
        """\
        import numpy as np
        class Compressor:
            \"\"\"Range compression: correlate the echo with the sent pulse.\"\"\"
            def __init__(self, pulse, n):
                self.nfft = n
                self._ref = np.fft.fft(np.conj(pulse[::-1]), n)
            def compress(self, rx):
                return np.fft.ifft(np.fft.fft(rx, self.nfft) * self._ref)
        """,
    )
    INVALID = (
        Invalid(
            """\
            import numpy as np
            from scipy.signal import fftconvolve
            chirp = np.exp(1j * np.linspace(0, 40, 256) ** 2)
            xcorr = fftconvolve(received, chirp[::-1])
            """,
            fixed="""\
            import numpy as np
            from scipy.signal import fftconvolve
            chirp = np.exp(1j * np.linspace(0, 40, 256) ** 2)
            xcorr = fftconvolve(received, np.conj(chirp[::-1]))
            """,
        ),
        # correlate2d conjugates, torch does not: they disagree for complex kernels
        """\
        import numpy as np
        import torch
        import torch.nn.functional as F
        from scipy.signal import correlate2d
        field = np.random.rand(8, 8) + 1j * np.random.rand(8, 8)
        probe = np.random.rand(3, 3) + 1j * np.random.rand(3, 3)
        ref = correlate2d(field, probe, "valid")
        got = F.conv2d(torch.from_numpy(field)[None, None], torch.from_numpy(probe)[None, None])
        assert np.allclose(got[0, 0].numpy(), ref)
        """,
        # the documented formula has no conjugate
        """\
        import numpy as np
        from scipy import signal
        def lagged_products(sig, ref):
            \"\"\"out[n] = sum_m sig[n + m] * ref[m]\"\"\"
            return signal.correlate(sig, ref, mode="valid")
        spectrum = np.fft.fft(np.random.rand(16))
        out = lagged_products(data, spectrum)
        """,
        # the taps are complex through a product with a real window slice
        '''\
        import numpy as np
        def apply_taps(x, h):
            """y[n] = sum_m x[n + m] * h[m]"""
            return np.correlate(x, h, mode="valid")
        h = np.exp(2j * np.pi * np.arange(6) / 6.0) * np.hanning(8)[1:7]
        y = apply_taps(np.ones(32, complex), h)
        ''',
        # the reversed template is kept on the instance and read by __call__
        '''\
        import numpy as np
        from scipy import signal
        def tone(n=64, f=0.1):
            return np.exp(2j * np.pi * f * np.arange(n))
        class Detector:
            """Cross-correlate the input with a stored template."""
            def __init__(self, template):
                self.rev = template[::-1]
            def __call__(self, x):
                return signal.fftconvolve(x, self.rev)
        ref = tone()
        det = Detector(ref)
        x = np.roll(np.concatenate([ref, np.zeros(64)]), 10)
        np.testing.assert_allclose(det(x), signal.correlate(x, ref))
        ''',
        # the sweep is 1-D: its parameters default to module constants and t.mean() is a number
        '''\
        import numpy as np
        from scipy import signal
        RATE = 0.05
        N = 48
        def sweep(n=N, rate=RATE):
            t = np.arange(n)
            return np.exp(1j * rate * (t - t.mean()) ** 2)
        def detect(rx, ref):
            """Cross-correlate the capture with the reference sweep."""
            return signal.oaconvolve(rx, ref[::-1])
        ref = sweep()
        rx = np.concatenate([np.zeros(20), ref, np.zeros(20)])
        out = detect(rx, ref)
        ''',
        # a chip cut from the scene and rephased is a complex array: the loop does not conjugate it
        """\
        import numpy as np
        from scipy import signal
        def window_match(master, chip):
            h, w = chip.shape
            score = np.zeros((master.shape[0] - h + 1, master.shape[1] - w + 1), complex)
            for i in range(score.shape[0]):
                for j in range(score.shape[1]):
                    score[i, j] = np.sum(master[i:i + h, j:j + w] * chip)
            return score
        def test_match(master):
            chip = master[9:15, 5:11] * np.exp(0.3j)
            fast = signal.correlate2d(master, chip, "valid")
            assert np.allclose(window_match(master, chip), fast)
        """,
        # a port of a complex layer whose formula says there is no conjugate
        '''\
        import numpy as np
        def complex_layer(x, h):
            """y[n] = sum_m x[n + m] * h[m] (as the framework computes it, no conjugate)."""
            return np.correlate(x, h, "valid")
        y = complex_layer(np.ones(32, complex), np.exp(1j * np.arange(5)))
        ''',
        # a spectral matched filter, its reference spectrum taken of the conjugate
        """\
        import numpy as np
        class Compressor:
            \"\"\"Range compression: correlate the echo with the sent pulse.\"\"\"
            def __init__(self, pulse, n):
                self.nfft = n
                self._ref = np.fft.fft(np.conj(pulse), n)
            def compress(self, rx):
                return np.fft.ifft(np.fft.fft(rx, self.nfft) * self._ref)
        """,
        Invalid(
            '''\
            # the reference is complex because it is filtered complex data
            import numpy as np
            from scipy import signal
            def to_baseband(rf, taps=15):
                mixed = rf * np.exp(-2j * np.pi * 0.25 * np.arange(rf.size))
                return np.convolve(mixed, np.ones(taps) / taps, mode="same")
            def cross_correlation(a, b):
                """r[l] = sum_n a[n + l] * conj(b[n])."""
                return signal.oaconvolve(a, b[::-1], mode="full")
            up = to_baseband(np.random.rand(64))
            r = cross_correlation(to_baseband(np.random.rand(64)), up)
            '''
        ),
        Invalid(
            '''\
            # the correlator is registered by a decorator and called through an instance attribute
            import numpy as np
            from scipy import signal
            REGISTRY = {}
            def register(name):
                def deco(fn):
                    REGISTRY[name] = fn
                    return fn
                return deco
            @register("fx")
            def _fx(a, b):
                """Cross-correlation r[k] = sum_n a[n + k] * conj(b[n])."""
                return signal.convolve(a, np.flip(b), mode="full")
            class Search:
                def __init__(self, name):
                    self.corr = REGISTRY[name]
                def lags(self, v1, v2):
                    return self.corr(v1, v2)
            noise = np.random.rand(64) + 1j * np.random.rand(64)
            r = Search("fx").lags(noise, noise[::2])
            '''
        ),
    )

    def run(self) -> None:
        model = self.facts.model()
        self._reversed_correlations(model)
        self._compared(model)
        self._documented_formulas(model)
        self._spectra_of_conjugates(model)

    # -- a matched filter's spectrum taken of the conjugate ---------------------
    def _spectra_of_conjugates(self, model: Model) -> None:
        """``ifft(fft(x) * fft(conj(s)))``: the spectrum of ``conj(s)`` keeps its time
        order, so the product convolves with ``conj(s)``; the cross-correlation (a
        matched filter) needs ``conj(fft(s))``.  Silent where the signal is reversed
        before the transform (``fft(conj(s[::-1]))`` correlates) and where the code
        documents a convolution."""
        reported: set[int] = set()
        for product in spectral_products(self.facts):
            for mine, other in (product.factors, product.factors[::-1]):
                if not mine.conj_inside or mine.conj_outside or other.conj_inside:
                    continue
                if other.conj_outside or id(mine.call) in reported:
                    continue
                if _reversed(model, mine.signal, mine.scope):
                    continue
                if any(
                    documented_orientation(s, self.facts) is Orientation.CONVOLUTION
                    for s in (product.scope, mine.scope)
                ):
                    continue
                reported.add(id(mine.call))
                detail = (
                    "the spectrum of conj(s) keeps s's time order, so ifft(fft(x) * "
                    "fft(conj(s))) convolves with conj(s) instead of cross-correlating "
                    "with s; use np.conj(fft(s))"
                )
                self.report(
                    mine.call, self.MESSAGE.format(detail=detail), self._spectrum_fix(mine)
                )

    def _spectrum_fix(self, spectrum: Spectrum) -> Fix | None:
        """``fft(conj(s), n)`` -> ``conj(fft(s, n))`` (unsafe: the correlation it names)."""
        local, imports = local_name_for(self.facts, "numpy.conj")
        if imports:
            return None
        call = spectrum.call
        inner = call.with_changes(
            args=[call.args[0].with_changes(value=spectrum.signal), *call.args[1:]]
        )
        wrapped = cst.parse_expression(f"{local}(_)")
        assert isinstance(wrapped, cst.Call)
        wrapped = wrapped.with_changes(args=[wrapped.args[0].with_changes(value=inner)])
        return replace_expr(call, wrapped, safe=False, title="conjugate the spectrum")

    def _complex(self, model: Model, filt: Filt) -> bool:
        return filt.raw_kernel is not None and model.numbers(filt.raw_kernel).complex

    # -- a reversal standing in for a correlation ------------------------------
    def _reversed_correlations(self, model: Model) -> None:
        for filt, names, scope in _named_results(model):
            if not _reversal_correlation(filt) or not self._complex(model, filt):
                continue
            if _called_correlation(names, scope, model):
                self._report_reversal(model, filt)

    def _report_reversal(self, model: Model, filt: Filt) -> None:
        call = model.evaluator.api_calls[id(filt.node)]
        detail = (
            f"{call.api.short} of the reversed kernel is a cross-correlation only for real "
            "data; conjugate it: np.conj(kernel[::-1])"
        )
        self.report(call.node, self.MESSAGE.format(detail=detail), self._conj_fix(call))

    # -- a conjugating correlation against a non-conjugating one --------------
    def _compared(self, model: Model) -> None:
        for pair in model.claimed_pairs():
            ref, other = pair.a, pair.b
            if not (isinstance(ref, Filt) and isinstance(other, Filt)):
                continue
            if not _conjugating(ref) or other.conj or other.orientation is not ref.orientation:
                continue
            framework = any(
                f.api is not None and f.api.family is Family.FRAMEWORK for f in (ref, other)
            )
            if not same_operands(ref, other, across_layouts=framework):
                continue
            if not self._complex(model, ref):
                continue
            if _reversal_correlation(other):
                self._report_reversal(model, other)  # the stand-in lost the conjugate
                continue
            assert ref.api is not None
            detail = (
                f"{ref.api.short} conjugates it, but it is checked against a "
                "correlation that does not; conjugate one side explicitly"
            )
            self.report(ref.node, self.MESSAGE.format(detail=detail))

    # -- a conjugating correlation under a conjugate-free formula -------------
    def _documented_formulas(self, model: Model) -> None:
        for scope in self.facts.scopes:
            doc = scope.docstring
            if not doc or apis.LAGGED_PRODUCT_FORMULA.search(doc) is None:
                continue
            if apis.CONJ_WORDS.search(apis.NEGATED_CONJ.sub(" ", doc.lower())):
                continue
            for filt in _computed_in(model, scope):
                if _conjugating(filt) and self._complex(model, filt):
                    assert filt.api is not None
                    detail = (
                        f"{filt.api.short} conjugates it, but the documented formula has no "
                        "conjugate; pass np.conj(kernel) or document the conjugate"
                    )
                    self.report(filt.node, self.MESSAGE.format(detail=detail))

    def _conj_fix(self, call: ApiCall) -> Fix | None:
        local, imports = local_name_for(self.facts, "numpy.conj")
        if imports or call.kernel is None:
            return None
        wrapped = cst.parse_expression(f"{local}(_)")
        assert isinstance(wrapped, cst.Call)
        wrapped = wrapped.with_changes(args=[wrapped.args[0].with_changes(value=call.kernel)])
        return replace_expr(call.kernel, wrapped, safe=False, title="conjugate the kernel")
