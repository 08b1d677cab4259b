"""The fixes issue 11 found making correct code wrong, and CNV403's tier, pinned.

Each snippet is run before and after ``convflip fix --unsafe-fixes`` (every rule on):
the correct lines must come out unchanged and compute what they computed.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from flake8_convflip.codes import ALL_CODES
from flake8_convflip.engine import analyze
from flake8_convflip.fix.apply import fix_source

pytest.importorskip("scipy")

# line 7 compares a window sum with correlate2d (right); line 8 a rotated window sum
# with convolve2d (also right).  CNV101's fix once rewrote line 8's convolve2d.
TWO_CHECKS = """\
import numpy as np
from scipy.signal import convolve2d, correlate2d

rng = np.random.default_rng(3)
X = rng.standard_normal((3, 3))
K = rng.standard_normal((3, 3))
print((X * K).sum(), correlate2d(X, K, "valid")[0, 0])
print((X * K[::-1, ::-1]).sum(), convolve2d(X, K, "valid")[0, 0])
"""

# SY = SX.T is the vertical Sobel kernel, not a botched flip; CNV302's fix once wrote
# SX[::-1, ::-1] (which is -SX) and turned a vertical edge's direction from 0 to -0.785.
SOBEL = """\
import numpy as np
from scipy.signal import convolve2d

SX = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


def image_gradients(image):
    SY = SX.T
    gx = convolve2d(image, SX, "same")
    gy = convolve2d(image, SY, "same")
    return np.arctan2(gy, gx)


edge = np.zeros((7, 7))
edge[:, 4:] = 1.0
print(image_gradients(edge)[3, 3])
"""


def printed(source: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<snippet>", "exec"), {"__name__": "snippet"})
    return out.getvalue()


def test_cnv101_fix_leaves_the_correct_convolve2d_alone() -> None:
    result = fix_source(TWO_CHECKS, ALL_CODES, unsafe=True)
    assert result.error is None
    kept = 'print((X * K[::-1, ::-1]).sum(), convolve2d(X, K, "valid")[0, 0])'
    assert kept in result.source.splitlines()
    assert printed(result.source) == printed(TWO_CHECKS)
    first, second = (line.split() for line in printed(TWO_CHECKS).splitlines())
    assert np.isclose(float(first[0]), float(first[1]))  # both checks agree already
    assert np.isclose(float(second[0]), float(second[1]))


def test_cnv101_does_not_pair_the_window_with_the_other_lines_convolve2d() -> None:
    assert [f for f in analyze(TWO_CHECKS, ["CNV101"]) if f.code == "CNV101"] == []


def test_cnv302_fix_never_writes_the_rotation_for_a_sobel_transpose() -> None:
    assert [f.code for f in analyze(SOBEL, ["CNV302"])] == []
    alone = fix_source(SOBEL, ["CNV302"], unsafe=True)
    assert alone.source == SOBEL
    every = fix_source(SOBEL, ALL_CODES, unsafe=True)
    assert "SX[::-1, ::-1]" not in every.source
    assert "    SY = SX.T\n" in every.source
    assert not [f for f in every.applied if f.code == "CNV302"]


def test_the_sobel_direction_on_a_vertical_edge() -> None:
    """What the harmful fix broke: arctan2(gy, gx) on a vertical edge, before and after."""
    before = float(printed(SOBEL))
    broken = float(printed(SOBEL.replace("SY = SX.T", "SY = SX[::-1, ::-1]")))
    assert not np.isclose(before, broken)  # so the assertion above can tell them apart


INTEGER_FFT = """\
import numpy as np
from scipy import signal

rng = np.random.default_rng(7)
counts = rng.integers(0, 2**22, size=(64, 64)).astype(np.int64)
taps = counts[:15, :15].astype(np.int64)
result = signal.convolve(counts, taps{method})
assert (result == expected).all()
"""


def _cnv403(method: str):
    source = INTEGER_FFT.format(method=method)
    findings = [f for f in analyze(source, ["CNV403"]) if f.code == "CNV403"]
    assert len(findings) == 1
    return source, findings[0]


@pytest.mark.parametrize("method", ["", ', method="auto"'])
def test_cnv403_direct_method_is_unsafe_because_results_change(method: str) -> None:
    from scipy import signal

    source, finding = _cnv403(method)
    assert finding.fix is not None and not finding.fix.safe
    assert fix_source(source, ["CNV403"]).source == source  # not applied by plain fix
    fixed = fix_source(source, ["CNV403"], unsafe=True).source
    assert 'method="direct"' in fixed
    rng = np.random.default_rng(7)
    counts = rng.integers(0, 2**22, size=(64, 64)).astype(np.int64)
    taps = counts[:15, :15].astype(np.int64)
    auto, direct = signal.convolve(counts, taps), signal.convolve(counts, taps, "full", "direct")
    assert not np.array_equal(auto, direct)  # why it is unsafe: the numbers change


def test_cnv403_never_rewrites_an_explicit_fft_method() -> None:
    source, finding = _cnv403(', method="fft"')
    assert finding.fix is None
    assert fix_source(source, ["CNV403"], unsafe=True).source == source
