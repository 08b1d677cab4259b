"""``convflip check`` and ``fix`` count lines as Python does when they look for ``# noqa``.

Issue 11: the engine split lines with ``str.splitlines()``, so a form feed, a vertical
tab, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028`` or ``\\u2029`` earlier in the file shifted
the line numbers: ``check`` reported and the safe ``fix`` rewrote a line carrying
``# noqa: CNV501`` (flake8 itself was right).  The engine's side is in
tests/plugin/test_internal_errors.py; this is the command line's.
"""

from __future__ import annotations

import pytest

from .helpers import cli

SOURCE = """\
import numpy as np
from scipy.signal import convolve2d
# a comment with a separator: {odd} here

def check(x, k):
    return convolve2d(x, k[::-1, ::-1], "valid"){noqa}
"""
SEPARATORS = ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("odd", SEPARATORS, ids=[f"U+{ord(c):04X}" for c in SEPARATORS])
def test_check_and_fix_honour_the_noqa_line(odd, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "sep.py"
    path.write_text(SOURCE.format(odd=odd, noqa=""), encoding="utf-8")
    code, out, _ = cli(capsys, "check", "--select", "CNV501", "sep.py")
    assert code == 1 and "sep.py:6:12: CNV501" in out  # without the noqa it is found
    quiet = SOURCE.format(odd=odd, noqa="  # noqa: CNV501")
    path.write_text(quiet, encoding="utf-8")
    assert cli(capsys, "check", "--select", "CNV501", "sep.py")[:2] == (
        0,
        "No findings in 1 file.\n",
    )
    assert cli(capsys, "fix", "--select", "CNV501", "--unsafe-fixes", "sep.py")[0] == 0
    assert path.read_text(encoding="utf-8") == quiet
