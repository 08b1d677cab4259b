"""The subjects of the metamorphic suite: rule examples and fixture files.

Collected the way ``tests/plugin/test_rule_examples.py`` and ``test_fixtures.py`` collect
them, with the same ids (``CNV301-INVALID-0``) so a failure names the example.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flake8_convflip.rules import load_rules
from flake8_convflip.rules.base import Invalid

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>CNV\d{3}(?:\s*,\s*CNV\d{3})*)")


@dataclass(frozen=True)
class Subject:
    """One source the rewrites are applied to."""

    ident: str  # "CNV301-INVALID-0", or the fixture's file name
    kind: str  # "INVALID", "VALID" or "fixture"
    rule: str  # the example's rule; for a fixture, the codes it expects (or "-")
    source: str
    expected: frozenset[tuple[int, str]] | None = None  # a fixture's inline expectations


def fixture_expectations(source: str) -> frozenset[tuple[int, str]]:
    """``# expect: CNV301`` at the end of a line: that line must be reported."""
    out = set()
    for number, line in enumerate(source.splitlines(), 1):
        match = EXPECT.search(line)
        if match:
            out.update((number, code.strip()) for code in match.group("codes").split(","))
    return frozenset(out)


@cache
def subjects() -> tuple[Subject, ...]:
    """Every rule's VALID and INVALID examples, then every fixture file, in a fixed order."""
    out: list[Subject] = []
    for code, rule in load_rules().items():
        for kind in ("INVALID", "VALID"):
            for i, example in enumerate(getattr(rule, kind)):
                text = example.code if isinstance(example, Invalid) else example
                out.append(Subject(f"{code}-{kind}-{i}", kind, code, textwrap.dedent(text)))
    for path in sorted(FIXTURES.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        expected = fixture_expectations(source)
        codes = ",".join(sorted({c for _, c in expected})) or "-"
        out.append(Subject(path.name, "fixture", codes, source, expected))
    return tuple(out)
