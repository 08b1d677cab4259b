"""Score the linter on the independent evaluation cases in ``cases/``.

Runs ``flake8_convflip.engine.check_source`` on every case (the ``# eval-*`` header
lines are blanked first, keeping line numbers, so the labels cannot leak into the
analysis) and prints per file what was expected and what was found, then the totals.

Definitions (one buggy file may list several acceptable ``CODE@LINE|LINE`` entries):

* a finding *hits* when its code is an expected code and its line is within 1 of one
  of that code's expected lines; a buggy file is *caught* when any finding hits;
* a buggy file is *caught with another code* when it is not caught but some finding
  lies within 1 line of an expected line;
* TP = hitting findings; FP = every other finding (on clean files, off the expected
  lines, or on an expected line with another code); FN = buggy files not caught;
* precision = TP / (TP + FP); the lenient precision also counts findings on an
  expected line with another code as right;
* recall = caught buggy files / buggy files;
* findings of the default-off advisory rules CNV102 and CNV501 (no orientation claim)
  are listed but neither TP nor FP, unless a case expects them.

Usage: ``python benchmarks/eval/score.py [--cases DIR] [--codes default|all|CNV101,...] [-v]``
(run from the repository root with the linter installed; ``--cases`` defaults to
``cases/`` next to this script, ``cases2/`` is the second set).  This is a benchmark: it
always exits 0 unless the engine cannot be imported.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import case_files

ALL_CODES = (
    "CNV101", "CNV102", "CNV201", "CNV202", "CNV203", "CNV204", "CNV205", "CNV206",
    "CNV301", "CNV302", "CNV303", "CNV401", "CNV402", "CNV403", "CNV501",
)  # fmt: skip
LINE_TOLERANCE = 1
# Default-off rules that make no orientation claim (a loop one call could replace; a
# correct call that could name its orientation): listed, but never TP or FP.
ADVISORY_CODES = frozenset({"CNV102", "CNV501"})


@dataclass
class Scored:
    """The outcome on one case file."""

    name: str
    label: str
    expect: list[tuple[str, list[int]]]
    found: list[tuple[str, int]] = field(default_factory=list)
    advisory: list[tuple[str, int]] = field(default_factory=list)
    error: str = ""
    hits: int = 0
    on_line_other_code: int = 0
    stray: int = 0

    @property
    def caught(self) -> bool:
        return self.hits > 0

    @property
    def caught_other_code(self) -> bool:
        return not self.caught and self.on_line_other_code > 0

    @property
    def fp(self) -> int:
        return len(self.found) - self.hits


def read_case(path: Path) -> tuple[str, list[tuple[str, list[int]]], str]:
    """Return (label, expectations, source with the eval header blanked)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    label, expect = "", []
    for n, line in enumerate(lines):
        if not line.startswith("# eval-"):
            break
        key, _, value = line[len("# eval-") :].partition(":")
        if key == "label":
            label = value.strip()
        elif key == "expect":
            for item in value.split(","):
                code, _, at = item.strip().partition("@")
                expect.append((code, [int(x) for x in at.split("|")]))
        lines[n] = "#"
    return label, expect, "\n".join(lines) + "\n"


def near(line: int, targets: list[int]) -> bool:
    """Whether a finding's line is within the tolerance of one of the target lines."""
    return any(abs(line - t) <= LINE_TOLERANCE for t in targets)


def score_case(path: Path, check, enabled) -> Scored:
    """Run the engine on one case and classify its findings."""
    label, expect, source = read_case(path)
    result = Scored(path.name, label, expect)
    try:
        findings = check(source) if enabled is None else check(source, enabled)
    except Exception as exc:  # a crash is reported, never hidden
        result.error = f"{type(exc).__name__}: {exc}"[:120]
        return result
    expected_codes = {c for c, _ in expect}
    claims = sorted((f.code, f.line) for f in findings)
    result.found = [x for x in claims if x[0] not in ADVISORY_CODES or x[0] in expected_codes]
    result.advisory = [x for x in claims if x not in result.found]
    all_lines = [t for _, lines in expect for t in lines]
    for code, line in result.found:
        if any(code == c and near(line, lines) for c, lines in expect):
            result.hits += 1
        elif all_lines and near(line, all_lines):
            result.on_line_other_code += 1
        else:
            result.stray += 1
    return result


def ratio(num: int, den: int) -> str:
    return f"{num / den:.2f}" if den else "n/a"


def summarize(rows: list[Scored]) -> dict:
    """Totals over all cases."""
    buggy = [r for r in rows if r.label == "buggy"]
    clean = [r for r in rows if r.label == "clean"]
    tp = sum(r.hits for r in rows)
    fp = sum(r.fp for r in rows)
    other = sum(r.on_line_other_code for r in buggy)
    caught = sum(r.caught for r in buggy)
    per_code: dict[str, list[int]] = {}
    for r in buggy:
        first = r.expect[0][0] if r.expect else "?"  # a file counts under its first code
        entry = per_code.setdefault(first, [0, 0])
        entry[0] += 1
        entry[1] += r.caught
    return {
        "buggy_files": len(buggy),
        "clean_files": len(clean),
        "caught": caught,
        "caught_with_another_code": sum(r.caught_other_code for r in buggy),
        "tp_findings": tp,
        "fp_findings": fp,
        "fp_on_clean_files": sum(len(r.found) for r in clean),
        "fp_stray_on_buggy_files": sum(r.stray for r in buggy),
        "fp_other_code_on_expected_line": other,
        "precision": tp / (tp + fp) if tp + fp else None,
        "precision_lenient": (tp + other) / (tp + fp) if tp + fp else None,
        "recall": caught / len(buggy) if buggy else None,
        "recall_lenient": (caught + sum(r.caught_other_code for r in buggy)) / len(buggy)
        if buggy
        else None,
        "clean_flagged": sum(bool(r.found) for r in clean),
        "crashes": sum(bool(r.error) for r in rows),
        "findings_by_code": dict(sorted(Counter(c for r in rows for c, _ in r.found).items())),
        "advisory_findings_by_code": dict(
            sorted(Counter(c for r in rows for c, _ in r.advisory).items())
        ),
        "recall_by_expected_code": {
            k: {"files": v[0], "caught": v[1]} for k, v in sorted(per_code.items())
        },
    }


def print_report(rows: list[Scored], totals: dict, codes_label: str, verbose: bool) -> None:
    """Print the per-file table and the totals."""
    width = max(len(r.name) for r in rows)
    print(f"codes: {codes_label}; line tolerance ±{LINE_TOLERANCE}\n")
    print(f"{'case':<{width}}  label  TP FP FN  outcome          expected / found")
    for r in rows:
        if r.label == "buggy":
            outcome = "caught" if r.caught else ("other code" if r.caught_other_code else "MISSED")
            fn = 0 if r.caught else 1
        else:
            outcome = "FLAGGED" if r.found else "silent"
            fn = 0
        if r.error:
            outcome = "CRASH"
        exp = ",".join(f"{c}@{'|'.join(map(str, ls))}" for c, ls in r.expect) or "-"
        got = " ".join(f"{c}@{ln}" for c, ln in r.found) or "-"
        if r.advisory:
            got += " (advisory " + " ".join(f"{c}@{ln}" for c, ln in r.advisory) + ")"
        counts = f"{r.hits:>3} {r.fp:>2} {fn:>2}"
        print(f"{r.name:<{width}}  {r.label:<5} {counts}  {outcome:<15}  {exp} / {got}")
        if verbose and r.error:
            print(f"    {r.error}")
    t = totals
    print()
    recall = ratio(t["caught"], t["buggy_files"])
    print(f"buggy files caught: {t['caught']}/{t['buggy_files']}  recall {recall}")
    print(
        f"  + caught with another code: {t['caught_with_another_code']}  (lenient recall "
        f"{ratio(t['caught'] + t['caught_with_another_code'], t['buggy_files'])})"
    )
    n = t["tp_findings"] + t["fp_findings"]
    print(
        f"findings: {n}  TP {t['tp_findings']}  FP {t['fp_findings']} "
        f"(clean files {t['fp_on_clean_files']}, "
        f"off the expected lines {t['fp_stray_on_buggy_files']}, "
        f"expected line but another code {t['fp_other_code_on_expected_line']})"
    )
    lenient = ratio(t["tp_findings"] + t["fp_other_code_on_expected_line"], n)
    print(f"precision {ratio(t['tp_findings'], n)}  (lenient {lenient})")
    print(f"clean look-alikes flagged: {t['clean_flagged']}/{t['clean_files']}")
    print(f"engine crashes: {t['crashes']}")
    print(
        "recall by first expected code: "
        + ", ".join(
            f"{k} {v['caught']}/{v['files']}" for k, v in t["recall_by_expected_code"].items()
        )
    )
    print(
        "findings by code: "
        + (", ".join(f"{k} {v}" for k, v in t["findings_by_code"].items()) or "none")
    )
    advisory = t["advisory_findings_by_code"]
    if advisory:
        listed = ", ".join(f"{k} {v}" for k, v in advisory.items())
        print(f"advisory findings (not scored: {', '.join(sorted(ADVISORY_CODES))}): {listed}")


def main(argv: list[str] | None = None) -> int:
    """Score every case and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--codes",
        default="default",
        help="'default' (the engine's default set), 'all', or a comma list",
    )
    case_files.add_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="print crash messages")
    parser.add_argument(
        "--json", metavar="PATH", help="also write per-file results and totals as JSON"
    )
    args = parser.parse_args(argv)
    try:
        from flake8_convflip import engine
    except ImportError as exc:
        print(f"cannot import flake8_convflip.engine: {exc}", file=sys.stderr)
        return 2
    if args.codes == "default":
        enabled = None
    elif args.codes == "all":
        enabled = frozenset(ALL_CODES)
    else:
        enabled = frozenset(c.strip() for c in args.codes.split(",") if c.strip())
        unknown = sorted(enabled - set(ALL_CODES))
        if unknown:
            parser.error(
                f"--codes: unknown codes {', '.join(unknown)}; known: {', '.join(ALL_CODES)}"
            )
    paths = case_files.chosen(parser, args)
    rows = [score_case(p, engine.check_source, enabled) for p in paths]
    totals = summarize(rows)
    print_report(rows, totals, args.codes, args.verbose)
    if args.json:
        payload = {
            "codes": args.codes,
            "totals": totals,
            "files": [
                {"case": r.name, "label": r.label, "expect": r.expect, "found": r.found,
                 "caught": r.caught, "hits": r.hits, "fp": r.fp, "error": r.error}
                for r in rows
            ],
        }  # fmt: skip
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
