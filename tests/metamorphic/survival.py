"""Does a finding survive a rewrite?  The one comparison the tests and the benchmark share.

The baseline of a subject is what the linter reports on it today with every code enabled
(for a fixture: its inline expectations, which ``test_fixtures`` keeps equal to that).
Under a rewrite, a baseline finding *survives* when the same code is reported on one of
its mapped lines (:meth:`.base.Rewritten.allowed`); a finding of the rewritten source
that maps to no baseline finding is *new*.  A pair passes when nothing is lost and
nothing is new, so a VALID example must stay exactly as silent as it was.

A finding about a *pair* (a window checked against a call) may move from one member of
the pair to the other when a rewrite puts them in different functions (CNV101 reports
the check when the window sum went into a helper).  So a baseline finding with no
match on its mapped lines is still matched, one to one, by an otherwise unmatched finding
of the same code on a line mapped from the same original function.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from flake8_convflip.codes import ALL_CODES
from flake8_convflip.engine import lint_source

from .base import Rewritten
from .cases import Subject, subjects
from .rewrites import BY_NAME, REWRITES, apply

KNOWN_FAILURES = Path(__file__).resolve().parent / "known_failures.txt"
FIXTURE_PAIRS_SEED = 20261201
FIXTURE_PAIRS_SHARE = 0.3  # the tests run this seeded share of fixture x rewrite pairs

Finding = tuple[int, str]


@dataclass
class Outcome:
    """One subject under one rewrite."""

    subject: Subject
    rewrite: str
    rewritten: Rewritten
    baseline: frozenset[Finding]
    found: frozenset[Finding]
    lost: list[Finding] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.lost and not self.new

    def reason(self) -> str:
        """One line: what was lost and what is new (lines of the original / the rewrite)."""
        parts = [f"lost {code} (line {line})" for line, code in sorted(self.lost)]
        parts += [f"new {code} (rewritten line {line})" for line, code in sorted(self.new)]
        return "; ".join(parts)


@lru_cache(maxsize=4096)
def lint_all(source: str) -> tuple:
    """Every finding with every code enabled, gated as flake8 runs it (cached: the
    consistency tests ask again for the same rewritten sources)."""
    return tuple(lint_source(source, ALL_CODES))


def findings(source: str) -> frozenset[Finding]:
    """``(line, code)`` of every finding, every code enabled, gated as flake8 runs it."""
    return frozenset((f.line, f.code) for f in lint_all(source))


@cache
def baseline(subject: Subject) -> frozenset[Finding]:
    if subject.expected is not None:
        return subject.expected
    return findings(subject.source)


@cache
def rewritten(subject: Subject, rewrite: str) -> Rewritten | None:
    return apply(BY_NAME[rewrite], subject.source)


@lru_cache(maxsize=1024)
def function_lines(source: str) -> dict[int, frozenset[int]]:
    """Original line -> every line of the innermost function holding it (a line outside
    every function: every such line, the script's own body)."""
    spans: dict[int, frozenset[int]] = {}
    functions = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    inside = {
        line for node in functions for line in range(node.lineno, (node.end_lineno or 0) + 1)
    }
    script = frozenset(range(1, len(source.splitlines()) + 1)) - inside
    spans.update(dict.fromkeys(script, script))
    # outer functions first, so an inner function's lines end up with the inner span
    for node in sorted(functions, key=lambda n: (n.lineno, -(n.end_lineno or n.lineno))):
        lines = frozenset(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        for line in lines:
            spans[line] = lines
    return spans


def compare(subject: Subject, result: Rewritten) -> Outcome:
    """The survival verdict for ``subject`` rewritten as ``result``."""
    base = baseline(subject)
    found = findings(result.source)
    outcome = Outcome(subject, result.rewrite.name, result, base, found)
    lost = [
        (line, code)
        for line, code in sorted(base)
        if not any(c == code and f in result.allowed(line) for f, c in found)
    ]
    new = [
        (line, code)
        for line, code in sorted(found)
        if not any(c == code and line in result.allowed(b) for b, c in base)
    ]
    homes = function_lines(subject.source)
    for line, code in lost:
        home = homes.get(line, frozenset())
        moved = {n for h in home for n in result.allowed(h)}
        match = next((f for f in new if f[1] == code and f[0] in moved), None)
        if match is None:
            outcome.lost.append((line, code))
        else:
            new.remove(match)
    outcome.new.extend(new)
    return outcome


def evaluate(subject: Subject, rewrite: str) -> Outcome | None:
    """The verdict for one pair, or None when the rewrite does not apply."""
    result = rewritten(subject, rewrite)
    return None if result is None else compare(subject, result)


def _sampled(subject: Subject, rewrite: str) -> bool:
    if subject.kind != "fixture" or FIXTURE_PAIRS_SHARE >= 1.0:
        return True
    import hashlib

    digest = hashlib.sha256(f"{FIXTURE_PAIRS_SEED}:{subject.ident}:{rewrite}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < FIXTURE_PAIRS_SHARE


@cache
def pairs() -> tuple[tuple[Subject, str], ...]:
    """Every (subject, rewrite) pair the rewrite applies to, in a fixed order."""
    out = []
    for subject in subjects():
        for rewrite in REWRITES:
            if _sampled(subject, rewrite.name) and rewritten(subject, rewrite.name) is not None:
                out.append((subject, rewrite.name))
    return tuple(out)


def load_known_failures(path: Path = KNOWN_FAILURES) -> dict[tuple[str, str], str]:
    """``(subject id, rewrite) -> reason`` from the known-failures file."""
    out: dict[tuple[str, str], str] = {}
    if not path.exists():
        return out
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        _rule, ident, rewrite, reason = raw.split("\t", 3)
        out[(ident, rewrite)] = reason
    return out


def failure_row(outcome: Outcome) -> str:
    """The known-failures line for a failing pair: rule, subject, rewrite, reason."""
    rule = outcome.subject.rule
    if outcome.subject.kind == "fixture":
        rule = ",".join(sorted({c for _, c in outcome.lost + outcome.new}))
    return "\t".join((rule, outcome.subject.ident, outcome.rewrite, outcome.reason()))
