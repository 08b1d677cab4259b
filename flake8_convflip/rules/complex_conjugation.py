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

import re

import libcst as cst

from ..analysis.apis import Family, Orientation
from ..analysis.arrays import array_root, same_across
from ..analysis.dtypes import Kind, value_kind
from ..analysis.exprs import call_arg, child_nodes, dotted
from ..analysis.flow import Source, compared_sources, comparisons
from ..analysis.intent import documented_intent, words_of_name
from ..analysis.model import ApiCall, Scope
from ..analysis.windows import CORRELATION, Window
from ..fix.build import local_name_for, replace_expr
from ._shared import cross_pairs
from .base import Fix, Invalid, Rule

_CONJ_FUNCS = frozenset({"numpy.conj", "numpy.conjugate", "torch.conj"})
_CONJ_WORDS = re.compile(r"conj|\\bar|\boverline|†|\^\*|\*\s*\(|\.h\b|hermitian")
# an index expression with an offset multiplied by another indexed term: x[n+m] * k[m]
_FORMULA = re.compile(
    r"\w\[[^\]]*[+-][^\]]*\]\s*[*·]\s*\w+\[|\w\[[^\]]*\]\s*[*·]\s*\w\[[^\]]*[+-]"
)
_CORRELATION_NAME = re.compile(r"corr")
_FLIP_TO_CORR = frozenset(
    {
        "scipy.signal.fftconvolve",
        "scipy.signal.oaconvolve",
        "scipy.signal.convolve",
        "scipy.signal.convolve2d",
        "numpy.convolve",
    }
)


def _mentions_conj(node: cst.CSTNode, scope: Scope) -> bool:
    stack = [node]
    seen: set[str] = set()
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Call):
            if scope.resolve(current.func) in _CONJ_FUNCS:
                return True
            func = current.func
            if isinstance(func, cst.Attribute) and func.attr.value in ("conj", "conjugate"):
                return True
        if isinstance(current, cst.Name) and current.value not in seen:
            seen.add(current.value)
            bindings = scope.lookup(current.value)
            if len(bindings) == 1 and bindings[0].value is not None:
                stack.append(bindings[0].value)
        stack.extend(child_nodes(current))
    return False


def _non_conjugating(source: Source) -> bool:
    item = source.item
    if isinstance(item, Window):
        return item.form == CORRELATION
    if not isinstance(item, ApiCall):
        return False
    if item.api.family is Family.FRAMEWORK:
        return True
    return item.api.name == "convflip.xcorr2d" and call_arg(item.node, None, "conj") is None


def _assigned_names(statement: cst.CSTNode) -> list[str]:
    names: list[str] = []
    for small in getattr(statement, "body", ()):
        if isinstance(small, cst.Assign):
            names.extend(dotted(t.target) or "" for t in small.targets)
    return names


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
    )

    def run(self) -> None:
        for call in self.facts.api_calls():
            if call.api.name in _FLIP_TO_CORR:
                self._check_reversed_correlation(call)
            elif call.api.conjugates_kernel:
                self._check_documented_formula(call)
        for scope in self.facts.scopes:
            for comparison in comparisons(scope) if scope.calls else ():
                self._check_comparison(compared_sources(comparison, self.facts))

    # -- a conjugating correlation against a non-conjugating one --------------
    def _check_comparison(self, sides: list[list[Source]]) -> None:
        for src, other in cross_pairs(sides, self._conjugating_complex, _non_conjugating):
            if not self._same_kernel(src, other):
                continue
            call = src.item
            assert isinstance(call, ApiCall)
            detail = (
                f"{call.api.short} conjugates it, but it is checked against a "
                "correlation that does not; conjugate one side explicitly"
            )
            self.report(call.node, self.MESSAGE.format(detail=detail))

    def _conjugating_complex(self, source: Source) -> bool:
        call = source.item
        return (
            isinstance(call, ApiCall) and call.api.conjugates_kernel and self._complex_kernel(call)
        )

    def _same_kernel(self, src: Source, other: Source) -> bool:
        call = src.item
        assert isinstance(call, ApiCall) and call.kernel is not None
        root = array_root(call.kernel, call.scope)
        item = other.item
        if isinstance(item, Window):
            return same_across(src, root, other, array_root(item.kernel.expr, item.scope))
        if isinstance(item, ApiCall) and item.kernel is not None:
            return same_across(src, root, other, array_root(item.kernel, item.scope))
        return False

    # -- a conjugating correlation under a conjugate-free formula -------------
    def _check_documented_formula(self, call: ApiCall) -> None:
        doc = call.scope.docstring
        if not doc or _FORMULA.search(doc) is None or _CONJ_WORDS.search(doc.lower()):
            return
        if not self._complex_kernel(call, through_callers=True):
            return
        detail = (
            f"{call.api.short} conjugates it, but the documented formula has no conjugate; "
            "pass np.conj(kernel) or document the conjugate"
        )
        self.report(call.node, self.MESSAGE.format(detail=detail))

    # -- a reversal standing in for a correlation ------------------------------
    def _check_reversed_correlation(self, call: ApiCall) -> None:
        if call.kernel is None or _mentions_conj(call.node, call.scope):
            return
        view = self.facts.kernel_view(call.kernel, call.scope)
        if not view.has_steps or not self._fully_reversed(view, call):
            return
        if value_kind(view.base, call.scope).kind is not Kind.COMPLEX:
            return
        if not self._called_correlation(call):
            return
        detail = (
            f"{call.api.short} of the reversed kernel is a cross-correlation only for real "
            "data; conjugate it: np.conj(kernel[::-1])"
        )
        self.report(call.node, self.MESSAGE.format(detail=detail), self._conj_fix(call))

    @staticmethod
    def _fully_reversed(view, call: ApiCall) -> bool:
        ndim = call.api.ndim if call.api.ndim in (1, 2) else view.ndim()
        outer = view.outer_step
        if ndim is None and isinstance(outer, cst.Subscript):
            ndim = len(outer.slice)
        if ndim is None:
            return False
        axis_map = view.axis_map(ndim)
        return axis_map is not None and axis_map.src == tuple(range(ndim)) and all(axis_map.rev)

    def _called_correlation(self, call: ApiCall) -> bool:
        names = " ".join(words_of_name(n) for n in _assigned_names(call.site.statement))
        if _CORRELATION_NAME.search(names.replace(" ", "")):
            return True
        intent = documented_intent(call.scope, self.facts)
        return (
            intent is not None
            and intent.orientation is Orientation.CORRELATION
            and "corr" in intent.phrase
        )

    def _conj_fix(self, call: ApiCall) -> Fix | None:
        local, imports = local_name_for(self.facts, "numpy.conj")
        if imports or call.kernel is None:
            return None
        wrapped = cst.parse_expression(f"{local}(_)")
        assert isinstance(wrapped, cst.Call)
        wrapped = wrapped.with_changes(args=[wrapped.args[0].with_changes(value=call.kernel)])
        return replace_expr(call.kernel, wrapped, safe=False, title="conjugate the kernel")

    # -- evidence ---------------------------------------------------------------
    def _complex_kernel(self, call: ApiCall, through_callers: bool = False) -> bool:
        if call.kernel is None:
            return False
        if value_kind(call.kernel, call.scope).kind is Kind.COMPLEX:
            return True
        if not through_callers:
            return False
        root = array_root(call.kernel, call.scope)
        if root.key not in call.scope.params:
            return False
        return self._complex_argument(call.scope, call.scope.params.index(root.key))

    def _complex_argument(self, function: Scope, position: int) -> bool:
        for scope in self.facts.scopes:
            for site in scope.calls:
                if dotted(site.node.func) != function.name:
                    continue
                arg = call_arg(site.node, position, function.params[position])
                if arg is not None and value_kind(arg, scope).kind is Kind.COMPLEX:
                    return True
        return False
