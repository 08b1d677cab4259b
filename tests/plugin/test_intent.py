"""Intent facts: documented orientation and how a result's sign is used."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from flake8_convflip.analysis.apis import Orientation
from flake8_convflip.analysis.collect import collect
from flake8_convflip.analysis.intent import documented_orientation, text_orientation
from flake8_convflip.analysis.usage import Usage, result_usage

CONV, CORR = Orientation.CONVOLUTION, Orientation.CORRELATION


def _facts(code: str):
    return collect(cst.parse_module(textwrap.dedent(code)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Simulate the telescope PSF on the sky model.", CONV),
        ("We convolve with the point spread function.", CONV),
        ("Richardson-Lucy deconvolution", CONV),
        ("Locate the template in the frame.", CORR),
        ("normalised cross-correlation of two patches", CORR),
        ("Unlike a cross-correlation, this is not template matching.", None),
        ("convert the image; wait for convergence", None),
        ("blur model compared with template matching", None),
    ],
)
def test_text_orientation(text: str, expected: Orientation | None) -> None:
    found = text_orientation(text)
    assert (found[0] if found else None) is expected


def test_innermost_scope_decides_and_layers_mean_correlation() -> None:
    facts = _facts(
        '''
        """Tools for the optical blur model."""
        def render(sky, kernel):
            return sky
        def match_template(frame, patch):
            return frame
        def compare(edge, blur):
            return edge
        class ConvLayer:
            def forward(self, x):
                return x
        '''
    )
    assert documented_orientation(facts.functions["render"], facts) is CONV
    assert documented_orientation(facts.functions["match_template"], facts) is CORR
    # parameter names describe values, not what the function computes
    assert documented_orientation(facts.functions["compare"], facts) is CONV  # module doc
    assert documented_orientation(facts.functions["forward"], facts) is CORR


def _usage_of_first_api_call(code: str, function: str) -> Usage:
    facts = _facts(code)
    scope = facts.functions[function]
    return result_usage(scope.api_calls[0].node, scope, facts)


def test_signed_use_through_a_binding() -> None:
    code = """
    import numpy as np
    from scipy import ndimage as ndi
    def angle(img, kx, ky):
        gx = ndi.convolve(img, kx)
        gy = ndi.convolve(img, ky)
        return np.arctan2(gy, gx), np.hypot(gx, gy)
    """
    assert _usage_of_first_api_call(code, "angle") is Usage.SIGNED


def test_magnitude_only_use() -> None:
    code = """
    import numpy as np
    from scipy import signal
    def edges(img, kx, ky):
        gx = signal.convolve2d(img, kx, "same")
        gy = signal.convolve2d(img, ky, "same")
        strength = np.sqrt(gx ** 2 + gy ** 2)
        return strength > 0.5
    """
    assert _usage_of_first_api_call(code, "edges") is Usage.MAGNITUDE


def test_sign_test_and_escape() -> None:
    signed = """
    from scipy import signal
    def rising(sig, taps):
        slope = signal.convolve(sig, taps, "same")
        return slope > 0
    """
    escaped = """
    from scipy import signal
    def slope_of(sig, taps):
        return signal.convolve(sig, taps, "same")
    """
    assert _usage_of_first_api_call(signed, "rising") is Usage.SIGNED
    assert _usage_of_first_api_call(escaped, "slope_of") is Usage.UNKNOWN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # channel and filter indices around the spatial ones
        ("x[c, i + m, j + n] * w[f, c, m, n]", "correlation"),
        ("x[n, c, i*s + m, j*s + n] * w[o, c, m, n]", "correlation"),
        ("w[f, c, m, n] * x[c, i - m, j - n]", "convolution"),
        ("y[n] = sum_k h[k] * x[n - k]", "convolution"),
        # no offset at all, or mixed signs: no orientation stated
        ("x[c, i, j] * w[c, i, j]", None),
        ("x[c, i + m, j - n] * w[f, c, m, n]", None),
        # the image carries more plane indices than the kernel
        ("x[a, b, i + m] * w[m]", "correlation"),
    ],
)
def test_written_sums_read_from_the_right(text: str, expected: str | None) -> None:
    from flake8_convflip.analysis.intent import formula_orientation

    found = formula_orientation(text)
    assert (found[0].value if found else None) == expected
