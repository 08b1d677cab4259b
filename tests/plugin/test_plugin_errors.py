"""The flake8 entry point never raises and never hides a failure (issue 11).

flake8-bugbear lets flake8 report its exceptions; a failure of our own code outside the
engine's per-rule guard (the engine itself raising) must still reach the user as one
CNV000 line, and must vanish when CNV000 is not selected.
"""

from __future__ import annotations

import ast

from flake8_convflip import plugin
from flake8_convflip.codes import DEFAULT_ENABLED, INTERNAL_CODE


def _raise(*args, **kwargs):
    raise MemoryError("injected")


def test_an_exception_outside_the_rules_is_one_cnv000_line(monkeypatch) -> None:
    monkeypatch.setattr(plugin, "lint_source", _raise)
    monkeypatch.setattr(plugin.ConvflipChecker, "enabled", DEFAULT_ENABLED)
    source = "import numpy as np\nk = np.flipud(np.ones((3, 3)))\n"
    checker = plugin.ConvflipChecker(ast.parse(source), source.splitlines(True), "a.py")
    assert [(line, col, message) for line, col, message, _ in checker.run()] == [
        (1, 0, "CNV000 internal error in the plugin (please report): MemoryError: injected")
    ]
    monkeypatch.setattr(plugin.ConvflipChecker, "enabled", DEFAULT_ENABLED - {INTERNAL_CODE})
    assert list(checker.run()) == []
