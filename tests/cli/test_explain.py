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
    assert _value(out, "with K[::-1]") == "16"
    assert _value(out, "with K[::-1, ::-1]") == "10"


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
