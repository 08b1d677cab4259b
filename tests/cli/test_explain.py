"""``convflip explain`` and ``convflip rules``."""

from __future__ import annotations

import builtins
import re

import pytest

from flake8_convflip.cli import explain as explain_module
from flake8_convflip.rules import load_rules

from .helpers import cli


def _value(out: str, label: str) -> str:
    match = re.search(re.escape(label) + r"\s+(-?\d+)", out)
    assert match, f"{label!r} missing from:\n{out}"
    return match.group(1)


def test_cnv101_worked_example_is_computed_live(capsys) -> None:
    code, out, _ = cli(capsys, "explain", "CNV101")
    assert code == 0
    assert out.startswith("# CNV101 hand-rolled-correlation-window (on by default")
    assert "## Why is this bad?" in out and "## Fix safety" in out
    assert _value(out, "hand-rolled (X[:3, :3] * K).sum()") == "14"
    assert _value(out, 'scipy.signal.convolve2d(X, K, "valid")[0, 0]') == "10"
    assert _value(out, 'convflip.xcorr2d(X, K, "valid")[0, 0]') == "14"
    assert "after `convflip fix`" in out  # the INVALID example with its documented fix
    assert "{api}" not in out


def test_explain_without_numpy_degrades(monkeypatch, capsys) -> None:
    real_import = builtins.__import__

    def no_numpy(name, *args, **kwargs):
        if name.split(".")[0] in ("numpy", "scipy", "convflip"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_numpy)
    monkeypatch.setattr(explain_module.importlib, "import_module", no_numpy)
    text = explain_module.seed_example()
    assert _value(text, "hand-rolled (X[:3, :3] * K).sum()") == "14"
    assert _value(text, "with the rotated kernel K[::-1, ::-1]") == "10"
    assert "install numpy" in text and "scipy.signal" not in text


def test_flip_rule_example_by_name(capsys) -> None:
    code, out, _ = cli(capsys, "explain", "half-flip")
    assert code == 0 and out.startswith("# CNV301 half-flip")
    assert _value(out, "dy[::-1][::-1]") == "14"  # the no-op chain of the INVALID example
    assert _value(out, "dy[::-1, ::-1]") == "10"


def test_unknown_rule(capsys) -> None:
    code, _, err = cli(capsys, "explain", "CNV999")
    assert code == 2 and "unknown rule 'CNV999'" in err


@pytest.mark.parametrize("code", list(load_rules()))
def test_every_rule_explains(code, capsys) -> None:
    status, out, _ = cli(capsys, "explain", code)
    assert status == 0 and out.startswith(f"# {code} ")


def test_rules_table(capsys) -> None:
    code, out, _ = cli(capsys, "rules")
    rows = out.splitlines()[1:]
    assert code == 0 and [row.split()[0] for row in rows] == list(load_rules())
    assert any(row.startswith("CNV101 ") and " on " in row for row in rows)


def _rule_sources(code: str) -> str:
    from flake8_convflip.rules.base import Invalid

    rule = load_rules()[code]
    return "\n".join(e.code if isinstance(e, Invalid) else e for e in rule.INVALID)


def test_every_rule_has_a_worked_example(capsys) -> None:
    from flake8_convflip.cli.worked import NO_NUMBERS

    for code in load_rules():
        _, out, _ = cli(capsys, "explain", code)
        assert "## Worked example (computed now)" in out, code
        if code in NO_NUMBERS:
            assert NO_NUMBERS[code] in out
        else:
            assert "<- what the code computes" in out or code in ("CNV401", "CNV402", "CNV403")


def test_orientations_come_from_the_invalid_examples_and_change_numbers() -> None:
    import numpy as np

    from flake8_convflip.cli.worked import (
        ORIENTATIONS,
        SEED_KERNEL,
        SEED_WINDOW,
        window_sum,
    )

    for code, spec in ORIENTATIONS.items():
        assert spec.applied in _rule_sources(code), code
        kernel = spec.kernel or SEED_KERNEL
        window = spec.window or SEED_WINDOW
        used, meant = spec.applied_kernel(kernel), spec.meant_kernel(kernel)
        assert window_sum(window, used) != window_sum(window, meant), code
        if spec.expression:  # the label's numpy expression computes the drawn kernel
            value = eval(spec.expression, {"np": np, "kernel": np.array(kernel)})
            assert np.array_equal(value, np.array(used)), code


def test_orientation_picture_side_by_side(capsys) -> None:
    _, out, _ = cli(capsys, "explain", "CNV302")
    assert "  K              K[::-1, ::-1] (180°)    the code uses" in out
    assert "    4   1   1      2   1   2               4   0   2" in out  # K, rot180, K.T
    assert _value(out, "kernel.T") == "16" and _value(out, "kernel[::-1, ::-1]") == "10"


def test_even_kernel_example_matches_scipy() -> None:
    import numpy as np
    from scipy import ndimage
    from scipy.signal import correlate2d

    from flake8_convflip.cli.worked import SEED_WINDOW, _same_corr

    x, pair = np.array(SEED_WINDOW, dtype=float), np.ones((2, 2)) / 4
    low = [[_same_corr(SEED_WINDOW, pair.tolist(), 0, i, j) for j in range(3)] for i in range(3)]
    high = [[_same_corr(SEED_WINDOW, pair.tolist(), 1, i, j) for j in range(3)] for i in range(3)]
    assert np.allclose(low, correlate2d(x, pair, "same"))
    assert np.allclose(high, ndimage.correlate(x, pair, mode="constant"))
    assert not np.allclose(low, high)


def test_conjugation_and_integer_fft_examples(capsys) -> None:
    _, out, _ = cli(capsys, "explain", "CNV401")
    assert _value(out, "fftconvolve(received, chirp[::-1]) at the peak") == "0"
    assert _value(out, "the cross-correlation (conjugated) at the peak") == "4"
    _, out, _ = cli(capsys, "explain", "CNV403")
    match = re.search(r"entries that differ from method='direct': (\d+) of 72900", out)
    assert match and int(match.group(1)) > 0
