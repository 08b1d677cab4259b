"""Check every evaluation case's label by running it.

Each case in ``cases/`` is a runnable script whose last output line is
``EVAL-RESULT: agree`` or ``EVAL-RESULT: differ``: the script computes what its code
claims (or assumes) and compares it with the mathematically right answer.

* a ``buggy`` case must print ``differ`` (the mistake is real), and every
  ``# eval-fix: OLD => NEW`` header, applied to the code below the header, must turn it
  into ``agree`` (the difference is caused by the stated mistake, not by borders,
  shapes or tolerances);
* a ``clean`` case must print ``agree``.

The header's ``eval-expect`` is checked for form: known codes, lines inside the file
that are not blank.  Prints one row per case and exits 1 when any case is mislabeled.

Usage: ``python benchmarks/eval/verify_cases.py [--cases DIR] [-k SUBSTRING] [--jobs N]``
(``--cases`` defaults to ``cases/`` next to this script; ``cases2/`` is the second set).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import case_files

KNOWN_CODES = {
    "CNV101", "CNV102", "CNV201", "CNV202", "CNV203", "CNV204", "CNV205", "CNV206",
    "CNV301", "CNV302", "CNV303", "CNV401", "CNV402", "CNV403", "CNV501",
}  # fmt: skip
RESULT_RE = re.compile(r"^EVAL-RESULT:\s*(agree|differ)\s*$")
TIMEOUT_S = 300


@dataclass
class Case:
    """One evaluation case: its path, header fields and source lines."""

    path: Path
    label: str
    expect: list[tuple[str, list[int]]]
    why: str
    fixes: list[tuple[str, str]]
    header_len: int
    lines: list[str] = field(repr=False)


def parse_expect(text: str) -> list[tuple[str, list[int]]]:
    """Parse ``CNV101@12|14,CNV206@20`` into ``[("CNV101", [12, 14]), ("CNV206", [20])]``."""
    out = []
    for item in text.split(","):
        code, _, lines = item.strip().partition("@")
        out.append((code, [int(n) for n in lines.split("|")]))
    return out


def load_case(path: Path) -> Case:
    """Read a case file and its ``# eval-*`` header block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fields: dict[str, str] = {}
    fixes: list[tuple[str, str]] = []
    n = 0
    while n < len(lines) and lines[n].startswith("# eval-"):
        key, _, value = lines[n][len("# eval-") :].partition(":")
        value = value.strip()
        if key == "fix":
            old, sep, new = value.partition(" => ")
            if not sep:
                raise ValueError(f"{path.name}: eval-fix needs 'OLD => NEW', got {value!r}")
            fixes.append((old, new))
        else:
            fields[key] = value
        n += 1
    label = fields.get("label", "")
    if label not in ("buggy", "clean"):
        raise ValueError(f"{path.name}: eval-label must be 'buggy' or 'clean', got {label!r}")
    expect = parse_expect(fields["expect"]) if "expect" in fields else []
    return Case(path, label, expect, fields.get("why", ""), fixes, n, lines)


def header_problems(case: Case) -> list[str]:
    """Problems with the header's form (not its truth)."""
    problems = []
    if case.label == "buggy" and not case.expect:
        problems.append("buggy case without eval-expect")
    if case.label == "clean" and (case.expect or case.fixes):
        problems.append("clean case with eval-expect or eval-fix")
    if not case.why:
        problems.append("no eval-why")
    for code, lines in case.expect:
        if code not in KNOWN_CODES:
            problems.append(f"unknown code {code}")
        for line in lines:
            if not (case.header_len < line <= len(case.lines)) or not case.lines[line - 1].strip():
                problems.append(f"{code}@{line} is not a code line")
    body = "\n".join(case.lines[case.header_len :])
    for old, _ in case.fixes:
        if old not in body:
            problems.append(f"eval-fix text not found: {old!r}")
    return problems


def run_script(source: str, name: str) -> str:
    """Run a script in a fresh interpreter and return its EVAL-RESULT ('agree'/'differ'/error)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / name
        script.write_text(source, encoding="utf-8")
        try:
            proc = subprocess.run(
                [sys.executable, str(script)],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired:
            return "timeout"
    results = [m.group(1) for m in map(RESULT_RE.match, proc.stdout.splitlines()) if m]
    if proc.returncode != 0 or not results:
        tail = (proc.stderr.strip().splitlines() or ["no EVAL-RESULT line"])[-1]
        return f"error: {tail[:60]}"
    return results[-1]


def apply_fixes(case: Case) -> str:
    """The case's source with every eval-fix applied below the header."""
    head = case.lines[: case.header_len]
    body = "\n".join(case.lines[case.header_len :])
    for old, new in case.fixes:
        body = body.replace(old, new)
    return "\n".join([*head, body]) + "\n"


def verify(case: Case) -> tuple[str, str, str, list[str]]:
    """Run a case (and its fixed version); return (as-is result, fixed result, verdict, notes)."""
    notes = header_problems(case)
    as_is = run_script("\n".join(case.lines) + "\n", case.path.name)
    fixed = "-"
    if case.label == "buggy":
        good = as_is == "differ"
        if case.fixes:
            fixed = run_script(apply_fixes(case), case.path.name)
            good = good and fixed == "agree"
        else:
            notes.append("no eval-fix")
    else:
        good = as_is == "agree"
    n_lines = len(case.lines)
    if not 10 <= n_lines <= 80:
        notes.append(f"{n_lines} lines (outside 10-80)")
    verdict = "ok" if good and not header_problems(case) else "MISLABELED"
    return as_is, fixed, verdict, notes


def main(argv: list[str] | None = None) -> int:
    """Verify every case and print a table; return 1 when any case is mislabeled."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    case_files.add_arguments(parser)
    parser.add_argument("--jobs", type=int, default=2, help="cases run in parallel (default 2)")
    args = parser.parse_args(argv)
    cases = [load_case(p) for p in case_files.chosen(parser, args)]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(pool.map(verify, cases))
    width = max(len(c.path.name) for c in cases)
    print(f"{'case':<{width}}  label  as-is   fixed   verdict     notes")
    bad = 0
    for case, (as_is, fixed, verdict, notes) in zip(cases, rows, strict=True):
        bad += verdict != "ok"
        note = "; ".join(notes)
        runs = f"{as_is:<7} {fixed:<7}"
        print(f"{case.path.name:<{width}}  {case.label:<5}  {runs} {verdict:<10}  {note}")
    n_buggy = sum(c.label == "buggy" for c in cases)
    print(
        f"\n{len(cases)} cases ({n_buggy} buggy, {len(cases) - n_buggy} clean): "
        f"{len(cases) - bad} verified, {bad} mislabeled"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
