"""CNV501's fix safety follows the identities in its docs, per fix target."""

from __future__ import annotations

import textwrap

import pytest

from flake8_convflip.engine import analyze
from flake8_convflip.fix.apply import fix_source

HEADER = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d

"""


def _safety(body: str, fix_target: str = "convflip") -> bool | None:
    findings = analyze(HEADER + textwrap.dedent(body), ["CNV501"], fix_target)
    assert len(findings) == 1
    fix = findings[0].fix
    return None if fix is None else fix.safe


@pytest.mark.parametrize(
    ("body", "target", "safe"),
    [
        # convolve2d -> xcorr2d: no conjugation on either side; 'full'/'valid' always safe
        ("out = convolve2d(img, ker[::-1, ::-1])\n", "convflip", True),
        ("out = convolve2d(img, ker[::-1, ::-1], 'valid')\n", "convflip", True),
        # 'same' needs statically odd sides (A8)
        (
            "ker = np.random.rand(3, 5)\nout = convolve2d(img, ker[::-1, ::-1], 'same')\n",
            "convflip",
            True,
        ),
        (
            "ker = np.random.rand(3, 4)\nout = convolve2d(img, ker[::-1, ::-1], 'same')\n",
            "convflip",
            False,
        ),
        ("out = convolve2d(img, ker[::-1, ::-1], 'same')\n", "convflip", False),
        ("out = convolve2d(img, ker[::-1, ::-1], mode)\n", "convflip", False),
        # correlate2d conjugates: the kernel must be shown to be real
        ("out = correlate2d(img, ker[::-1, ::-1], 'valid')\n", "convflip", False),
        (
            "ker = np.random.rand(3, 3)\nout = correlate2d(img, ker[::-1, ::-1], 'valid')\n",
            "convflip",
            True,
        ),
        (
            "ker = np.exp(1j * np.random.rand(3, 3))\nout = correlate2d(img, ker[::-1, ::-1])\n",
            "convflip",
            False,
        ),
        # scipy target: correlate2d appears on one side either way
        ("out = convolve2d(img, ker[::-1, ::-1], 'valid')\n", "scipy", False),
        (
            "ker = np.random.rand(3, 3)\nout = convolve2d(img, ker[::-1, ::-1], 'valid')\n",
            "scipy",
            True,
        ),
    ],
)
def test_fix_safety(body: str, target: str, safe: bool) -> None:
    assert _safety(body, target) is safe


def test_scipy_target_keeps_the_module_alias() -> None:
    source = textwrap.dedent(
        """\
        import numpy as np
        import scipy.signal as ss

        out = ss.convolve2d(img, np.rot90(ker, 2), "full")
        """
    )
    result = fix_source(source, ["CNV501"], unsafe=True, fix_target="scipy")
    assert 'ss.correlate2d(img, ker, "full")' in result.source
    assert "convflip" not in result.source


def test_safe_fix_applies_without_unsafe_flag() -> None:
    source = HEADER + "out = convolve2d(img, ker[::-1, ::-1], 'valid')\n"
    result = fix_source(source, ["CNV501"])
    assert "xcorr2d(img, ker, 'valid')" in result.source
    held = fix_source(HEADER + "out = correlate2d(img, ker[::-1, ::-1])\n", ["CNV501"])
    assert held.held_back_unsafe == 1
