"""Fixture files with inline expectations: ``# expect: CNV301`` marks a reported line.

Every other line must stay silent, so each fixture also pins its correct look-alikes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_convflip.codes import ALL_CODES
from flake8_convflip.engine import lint_source

from .helpers import FIXTURES, expectations

FILES = sorted(FIXTURES.glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fixture_matches_inline_expectations(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    found = {(f.line, f.code) for f in lint_source(source, ALL_CODES)}
    assert found == expectations(path)
