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


RAND33 = "ker = np.random.rand(3, 3)\n"


@pytest.mark.parametrize(
    ("body", "target", "safe"),
    [
        # convflip target: the runtime raises other exceptions than scipy (bool, float16,
        # empty) and batches a 3-D image, so no rewrite to it is safe
        ("out = convolve2d(img, ker[::-1, ::-1])\n", "convflip", False),
        ("out = convolve2d(img, ker[::-1, ::-1], 'valid')\n", "convflip", False),
        (
            "ker = np.random.rand(3, 5)\nout = convolve2d(img, ker[::-1, ::-1], 'same')\n",
            "convflip",
            False,
        ),
        (RAND33 + "out = correlate2d(img, ker[::-1, ::-1], 'valid')\n", "convflip", False),
        # scipy target: a real 2-D array kernel of known shape...
        (RAND33 + "out = convolve2d(img, ker[::-1, ::-1])\n", "scipy", True),
        (RAND33 + "out = correlate2d(img, np.flip(ker), 'full')\n", "scipy", True),
        ("out = convolve2d(img, ker[::-1, ::-1], 'full')\n", "scipy", False),
        # ...odd sides in 'same' (A8)...
        (
            "ker = np.random.rand(3, 5)\nout = convolve2d(img, ker[::-1, ::-1], 'same')\n",
            "scipy",
            True,
        ),
        (
            "ker = np.random.rand(3, 4)\nout = convolve2d(img, ker[::-1, ::-1], 'same')\n",
            "scipy",
            False,
        ),
        # ...and a real image in 'valid': a kernel larger than the image swaps the operands
        (RAND33 + "out = convolve2d(img, ker[::-1, ::-1], 'valid')\n", "scipy", False),
        (
            RAND33
            + "img = np.random.rand(8, 8)\nout = convolve2d(img, ker[::-1, ::-1], 'valid')\n",
            "scipy",
            True,
        ),
        # a nested list: ker[::-1, ::-1] raised TypeError, correlate2d(img, ker) would not
        (
            "ker = [[1, 2, 0], [0, 1, 2], [2, 0, 1]]\nout = convolve2d(img, ker[::-1, ::-1])\n",
            "scipy",
            False,
        ),
        (
            "ker = np.exp(1j * np.random.rand(3, 3))\nout = correlate2d(img, ker[::-1, ::-1])\n",
            "scipy",
            False,
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
    source = HEADER + RAND33 + "out = convolve2d(img, ker[::-1, ::-1], 'full')\n"
    result = fix_source(source, ["CNV501"], fix_target="scipy")
    assert "correlate2d(img, ker, 'full')" in result.source
    held = fix_source(HEADER + "out = convolve2d(img, ker[::-1, ::-1], 'valid')\n", ["CNV501"])
    assert held.held_back_unsafe == 1
    assert "convolve2d(img, ker[::-1, ::-1], 'valid')" in held.source
