"""docs/rules.md is generated from the rules, so docs, examples and tests cannot drift."""

from __future__ import annotations

from pathlib import Path

from flake8_convflip.cli.explain import reference_markdown
from flake8_convflip.rules import load_rules

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rule_reference_is_up_to_date() -> None:
    expected = reference_markdown()
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/rules.md is stale: run `python -m flake8_convflip.cli.explain > docs/rules.md`"
    )


def test_rule_reference_has_every_rule_and_fences_its_examples() -> None:
    text = reference_markdown()
    for code, rule in load_rules().items():
        assert f"## {code} {rule.NAME}" in text
    assert text.count("```") % 2 == 0
