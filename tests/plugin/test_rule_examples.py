"""Every rule's VALID and INVALID examples are tests (docs and tests cannot drift)."""

from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_convflip import gate
from flake8_convflip.codes import ALL_CODES, DEFAULT_DISABLED, INTERNAL_CODE, RULE_CODES
from flake8_convflip.fix.apply import fix_source
from flake8_convflip.rules import load_rules
from flake8_convflip.rules.base import Invalid

from .helpers import lint

RULES = load_rules()


def _cases(kind: str):
    for code, rule in RULES.items():
        for i, example in enumerate(getattr(rule, kind)):
            yield pytest.param(code, example, id=f"{code}-{kind}-{i}")


@pytest.mark.parametrize(("code", "example"), list(_cases("VALID")))
def test_valid_examples_are_silent(code: str, example: str) -> None:
    findings = lint(example)
    found = [f for f in findings if f.code == code]
    assert found == [], f"{code} fired on a VALID example: {found}"
    # an internal error is reported as CNV000, not as the rule's code: it must not hide here
    assert [f for f in findings if f.code == "CNV000"] == []


@pytest.mark.parametrize(("code", "example"), list(_cases("INVALID")))
def test_invalid_examples_are_reported(code: str, example: Invalid | str) -> None:
    source = example.code if isinstance(example, Invalid) else example
    findings = lint(source)
    found = [f for f in findings if f.code == code]
    assert found, f"{code} did not fire on its INVALID example"
    assert [f for f in findings if f.code == "CNV000"] == []
    assert all(f.message.startswith(code) for f in found)


@pytest.mark.parametrize(("code", "example"), list(_cases("INVALID")))
def test_gate_passes_invalid_examples(code: str, example: Invalid | str) -> None:
    source = textwrap.dedent(example.code if isinstance(example, Invalid) else example)
    assert gate.needs_analysis(ast.parse(source), source, [code])


@pytest.mark.parametrize(("code", "example"), list(_cases("INVALID")))
def test_invalid_examples_fix_as_documented(code: str, example: Invalid | str) -> None:
    if not isinstance(example, Invalid) or example.fixed is None:
        pytest.skip("no fix documented for this example")
    result = fix_source(textwrap.dedent(example.code), [code], unsafe=True)
    assert result.error is None
    assert result.source == textwrap.dedent(example.fixed)
    again = fix_source(result.source, [code], unsafe=True)
    assert again.source == result.source, "a second fix run changed the file again"


@pytest.mark.parametrize("code", list(RULES))
def test_rule_declares_its_documentation(code: str) -> None:
    rule = RULES[code]
    doc = (rule.__module__ and __import__(rule.__module__, fromlist=["_"]).__doc__) or ""
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in doc, f"{code} docs lack {section!r}"
    assert "## Fix safety" in doc or rule.FIX_AVAILABILITY == "none"
    assert rule.MESSAGE.startswith(code)
    assert rule.VALID and rule.INVALID
    assert rule.FIX_AVAILABILITY in ("none", "always", "sometimes")


def test_codes_are_registered_once() -> None:
    assert set(RULES) <= set(ALL_CODES)
    assert set(gate.RULE_GATES) == set(RULE_CODES) == set(ALL_CODES) - {INTERNAL_CODE}
    assert set(RULES) == set(RULE_CODES)
    assert set(ALL_CODES) >= DEFAULT_DISABLED
    names = [rule.NAME for rule in RULES.values()]
    assert len(names) == len(set(names))
