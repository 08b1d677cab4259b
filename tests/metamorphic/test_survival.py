"""Findings survive equivalence-preserving rewrites; VALID examples stay silent.

Every rule's INVALID and VALID examples and every fixture file is rewritten by every
rewrite in :mod:`metamorphic.rewrites` that applies to it; each pair is one test (see
:mod:`metamorphic.survival` for what "survives" means).  Fixture x rewrite pairs are a
seeded sample (``FIXTURE_PAIRS_SHARE``) to keep the suite fast; the benchmark
``benchmarks/metamorphic_survival.py`` runs every pair.

Pairs listed in ``known_failures.txt`` are expected to fail today, exactly as recorded
there: such a pair is an ``xfail`` while it fails the same way or less, passes once it
survives, and fails when it loses a finding the list does not record.  When the model improves,
regenerate the list (it is never edited by hand) with:

    python tests/metamorphic/regenerate_known_failures.py
"""

from __future__ import annotations

import pytest

from metamorphic.cases import subjects
from metamorphic.rewrites import BY_NAME, REWRITES, apply
from metamorphic.survival import (
    KNOWN_FAILURES,
    evaluate,
    load_known_failures,
    pairs,
)

KNOWN = load_known_failures()


def _params():
    for subject, rewrite in pairs():
        yield pytest.param(subject, rewrite, id=f"{subject.ident}-{rewrite}")


@pytest.mark.parametrize(("subject", "rewrite"), list(_params()))
def test_findings_survive_rewrite(subject, rewrite: str) -> None:
    outcome = evaluate(subject, rewrite)
    assert outcome is not None
    known = KNOWN.get((subject.ident, rewrite))
    if known is None or outcome.passed:
        assert outcome.passed, f"{outcome.reason()}\n--- rewritten ---\n{outcome.rewritten.source}"
        return
    # a known failure may shrink, never grow: a finding lost (or added) that the list
    # does not record is a regression hidden inside a pair that already fails
    worse = set(outcome.reason().split("; ")) - set(known.split("; "))
    assert not worse, f"known failure got worse: {sorted(worse)}; was: {known}"
    pytest.xfail(known)


def test_every_rewrite_applies_to_some_subject() -> None:
    from metamorphic.programs import PROGRAMS

    applied = {rewrite for _, rewrite in pairs()}
    applied |= {r.name for r in REWRITES for p in PROGRAMS.values() if apply(r, p)}
    assert applied == set(BY_NAME), f"never applied: {sorted(set(BY_NAME) - applied)}"


def test_known_failures_name_existing_pairs() -> None:
    lines = [
        line
        for line in KNOWN_FAILURES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines == sorted(set(lines)), "known_failures.txt is generated sorted and unique"
    ids = {s.ident for s in subjects()}
    for ident, rewrite in KNOWN:
        assert ident in ids, f"known failure for a subject that no longer exists: {ident}"
        assert rewrite in BY_NAME, f"known failure for an unknown rewrite: {rewrite}"


def test_line_map_follows_moved_statements() -> None:
    source = "import numpy as np\nx = np.ones((3, 3))\ny = x[::-1, ::-1]\nprint(y)\n"
    wrapped = apply(BY_NAME["wrap-pytest-function"], source)
    assert wrapped is not None
    lines = wrapped.source.splitlines()
    (new_line,) = {n for n in wrapped.allowed(3) if "x[::-1, ::-1]" in lines[n - 1]}
    assert lines[new_line - 1].strip() == "y = x[::-1, ::-1]"
    hoisted = apply(
        BY_NAME["intermediate-flip"], "import numpy as np\nprint(np.sum(k[::-1, ::-1]))\n"
    )
    assert hoisted is not None
    assert hoisted.source.splitlines()[1] == "tmp_1 = k[::-1, ::-1]"
    assert hoisted.allowed(2) == {2, 3}


def test_rewrites_are_deterministic() -> None:
    subject = next(s for s in subjects() if s.kind == "fixture")
    for rewrite in REWRITES:
        first = apply(rewrite, subject.source)
        second = apply(rewrite, subject.source)
        assert (first and first.source) == (second and second.source), rewrite.name
