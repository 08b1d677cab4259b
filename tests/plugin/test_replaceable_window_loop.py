"""CNV102's fix, executed: the loop nest and the call it becomes compute the same array."""

from __future__ import annotations

import numpy as np
import pytest

from flake8_convflip.fix.apply import fix_source

from .helpers import codes

pytest.importorskip("convflip")

_NEST = """\
import numpy as np

def slide(pic, taps):
    rows, cols = pic.shape
    th, tw = taps.shape
    res = np.zeros((rows - th + 1, cols - tw + 1){dtype})
    for a in range(res.shape[0]):
        for b in range(cols - tw + 1):
            res[a, b] = np.sum(pic[a:a + th, b:b + tw] * {kernel})
    return res
"""


def _run(source: str, pic: np.ndarray, taps: np.ndarray) -> np.ndarray:
    namespace: dict = {}
    exec(compile(source, "<cnv102>", "exec"), namespace)
    return namespace["slide"](pic, taps)


@pytest.mark.parametrize("kernel", ["taps", "taps[::-1, ::-1]"])
@pytest.mark.parametrize("dtype", ["", ", dtype=np.float32"])
def test_fixed_code_computes_the_same_array(kernel: str, dtype: str) -> None:
    before = _NEST.format(kernel=kernel, dtype=dtype)
    result = fix_source(before, ["CNV102"], unsafe=True)
    assert result.error is None
    assert "for a in" not in result.source, "the canonical nest was not replaced"
    rng = np.random.default_rng(7)
    for shape, kshape in (((9, 7), (3, 2)), ((5, 5), (5, 1)), ((6, 8), (1, 1))):
        pic, taps = rng.standard_normal(shape), rng.standard_normal(kshape)
        want, got = _run(before, pic, taps), _run(result.source, pic, taps)
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-5 if dtype else 1e-12)


def test_unsafe_fix_is_held_back_without_unsafe() -> None:
    before = _NEST.format(kernel="taps", dtype="")
    result = fix_source(before, ["CNV102"], unsafe=False)
    assert result.source == before
    assert result.held_back_unsafe == 1


@pytest.mark.parametrize(
    "change",
    [
        # off by one: the loop covers less than the valid correlation
        ("range(res.shape[0])", "range(rows - th)"),
        # the loop variable is read after the loop
        ("    return res", "    return res, a"),
        # something else is written in the loop
        ("            res[a, b] =", "            print(a)\n            res[a, b] ="),
        # the output is not freshly allocated right before the loops
        ("np.zeros(", "np.ones("),
        # the window extent is not the kernel's shape
        ("pic[a:a + th", "pic[a:a + 2"),
    ],
)
def test_reported_without_fix_when_not_provably_canonical(change: tuple[str, str]) -> None:
    before = _NEST.format(kernel="taps", dtype="").replace(*change)
    assert before != _NEST.format(kernel="taps", dtype="")
    assert [code for _, code in codes(before, ["CNV102"])] == ["CNV102"]
    assert fix_source(before, ["CNV102"], unsafe=True).source == before


def test_default_off() -> None:
    from flake8_convflip.engine import lint_source

    assert all(f.code != "CNV102" for f in lint_source(_NEST.format(kernel="taps", dtype="")))
