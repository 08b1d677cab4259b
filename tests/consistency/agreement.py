"""Do the gate, the engine, ``convflip check`` and ``convflip fix`` see the same findings?

Two questions per source text:

* gated == ungated: ``engine.lint_source`` (the gate, then only the rules whose
  predicates pass) reports exactly what ``engine.analyze`` (every enabled rule, no
  gate) reports.  The gate must be a superset of what the analysis can report.
* check == fix: the findings ``convflip check`` prints are the findings ``convflip fix``
  works from.  ``fix_file`` is run as the command runs it (same loading, same gate);
  its ``fix_source`` is replaced by a recorder that keeps the findings of the fixer's
  first analysis pass, which is what the fixer chooses its edits from.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from metamorphic.survival import lint_all

from flake8_convflip import engine
from flake8_convflip.cli import runner
from flake8_convflip.codes import ALL_CODES
from flake8_convflip.config import Config
from flake8_convflip.fix import apply as fix_apply

ALL = frozenset(ALL_CODES)

Key = tuple[int, int, str, str]


def _keys(findings) -> list[Key]:
    return sorted((f.line, f.col, f.code, f.message) for f in findings)


def gated_vs_ungated(source: str, codes: frozenset[str]) -> tuple[list[Key], list[Key]]:
    """``(only gated, only ungated)`` findings; both empty when they agree."""
    gated = _keys(lint_all(source) if codes == ALL else engine.lint_source(source, codes))
    ungated = _keys(engine.analyze(source, codes))
    return sorted(set(gated) - set(ungated)), sorted(set(ungated) - set(gated))


@contextmanager
def _recording(seen: list):
    real = fix_apply.fix_source

    def record(text, codes, *, unsafe=False, fix_target="convflip"):
        seen.extend(engine.analyze(text, codes, fix_target))
        return fix_apply.FixResult(text)

    fix_apply.fix_source = record
    try:
        yield
    finally:
        fix_apply.fix_source = real


def check_vs_fix(source: str, codes: frozenset[str]) -> tuple[list, list]:
    """``(only check, only fix)`` as ``(line, col, code)``; both empty when they agree."""
    path = "subject.py"
    data = source.encode("utf-8")
    options = runner.Options(config=Config(root=Path.cwd()), codes=codes, diff=True, write=False)
    checked = runner.check_file(path, options, stdin=data)
    if checked.error is not None:
        raise AssertionError(f"check failed on the subject: {checked.error}")
    seen: list = []
    with _recording(seen):
        fixed = runner.fix_file(path, options, stdin=data)
    if fixed.error is not None:
        raise AssertionError(f"fix failed on the subject: {fixed.error}")
    lines = source.splitlines()
    fixer = {(f.line, f.col, f.code) for f in seen if not engine.suppressed(f, lines)}
    check = {(r.line, r.col, r.code) for r in checked.records}
    return sorted(check - fixer), sorted(fixer - check)
