"""Shared test helpers: lint a snippet, apply fixes, read inline expectations."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from flake8_convflip.codes import ALL_CODES
from flake8_convflip.engine import Finding, lint_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>CNV\d{3}(?:\s*,\s*CNV\d{3})*)")


def lint(code: str, enabled=ALL_CODES) -> list[Finding]:
    """Findings for a dedented snippet, with every rule enabled."""
    return lint_source(textwrap.dedent(code), enabled)


def codes(code: str, enabled=ALL_CODES) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint(code, enabled)]


def expectations(path: Path) -> set[tuple[int, str]]:
    """``# expect: CNV301`` at the end of a line means that line must be reported."""
    out = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            for code in match.group("codes").split(","):
                out.add((number, code.strip()))
    return out
