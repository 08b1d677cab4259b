"""Every declared fix, executed before and after on random arrays (see harness.py)."""

from __future__ import annotations

import dataclasses

import pytest

from flake8_convflip.rules import load_rules

from .cases import CASES
from .harness import check

pytest.importorskip("convflip")
pytest.importorskip("scipy")

PARAMS = [
    pytest.param(case, dtype, id=f"{case.id}-{dtype}") for case in CASES for dtype in case.dtypes
]


@pytest.mark.parametrize(("case", "dtype"), PARAMS)
def test_fix_keeps_or_achieves_the_documented_result(case, dtype) -> None:
    if case.code == "CNV204":
        pytest.importorskip("cv2")
    check(case, dtype)


def test_every_fixable_rule_has_a_differential_case() -> None:
    fixable = {code for code, rule in load_rules().items() if rule.FIX_AVAILABILITY != "none"}
    covered = {case.code for case in CASES}
    assert fixable <= covered, f"fixes without a differential test: {sorted(fixable - covered)}"


def test_scipy_target_fix_on_complex_data_meets_intent() -> None:
    """In 'full'/'valid' the scipy target writes convolve2d(x, k[::-1, ::-1]): no conjugate."""
    case = next(c for c in CASES if c.code == "CNV101" and c.fix_target == "scipy")
    check(dataclasses.replace(case, dtypes=("complex",)), "complex")


def test_cnv501_same_mode_fix_is_rightly_unsafe_for_even_kernels() -> None:
    """The reason the 'same' fix is unsafe: on an even kernel side it shifts by one (A8)."""
    case = next(c for c in CASES if c.id == "CNV501-same-odd-only-convflip")
    with pytest.raises(AssertionError, match="the fix changed the result"):
        check(dataclasses.replace(case, kernels=((2, 2), (3, 4))), "float")
