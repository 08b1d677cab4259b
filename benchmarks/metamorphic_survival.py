"""How many findings survive the metamorphic rewrites, per rule and per rewrite.

    python benchmarks/metamorphic_survival.py [--share 1.0] [--rewrites NAME ...]

Uses the machinery of ``tests/metamorphic`` (the same subjects, rewrites and verdicts as
``test_survival.py``), but on every fixture x rewrite pair unless ``--share`` samples
them.  A cell is ``survived/total`` baseline findings of that rule under that rewrite,
over every subject the rewrite applies to; "silent" counts the (VALID example, rewrite)
pairs that report nothing the original did not.  Not a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from metamorphic import survival
from metamorphic.rewrites import REWRITES


def _rate(good: int, total: int) -> str:
    return f"{100 * good / total:5.1f}%" if total else "    -"


def measure(rewrites: list[str]) -> dict:
    """Survival counts: per (rule, rewrite), VALID silence, new findings per rewrite."""
    survived: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    valid_pairs: Counter[str] = Counter()
    valid_silent: Counter[str] = Counter()
    new_findings: Counter[str] = Counter()
    passed = failed = 0
    for subject, rewrite in survival.pairs():
        if rewrite not in rewrites:
            continue
        outcome = survival.evaluate(subject, rewrite)
        if outcome is None:
            continue
        passed, failed = passed + outcome.passed, failed + (not outcome.passed)
        lost = set(outcome.lost)
        for line, code in outcome.baseline:
            total[(code, rewrite)] += 1
            survived[(code, rewrite)] += (line, code) not in lost
        new_findings[rewrite] += len(outcome.new)
        if subject.kind == "VALID":
            valid_pairs[rewrite] += 1
            valid_silent[rewrite] += not outcome.new
    return {
        "survived": survived,
        "total": total,
        "valid_pairs": valid_pairs,
        "valid_silent": valid_silent,
        "new": new_findings,
        "pairs": (passed, failed),
    }


def report(counts: dict, rewrites: list[str]) -> None:
    survived, total = counts["survived"], counts["total"]
    codes = sorted({code for code, _ in total})
    width = max(len(r) for r in rewrites)
    print(f"{'rewrite':<{width}} " + " ".join(f"{c:>7}" for c in codes) + "     all  silent  new")
    for rewrite in rewrites:
        cells = [
            f"{_rate(survived[(c, rewrite)], total[(c, rewrite)]):>7}"
            if total[(c, rewrite)]
            else "      ."
            for c in codes
        ]
        good = sum(survived[(c, rewrite)] for c in codes)
        alls = sum(total[(c, rewrite)] for c in codes)
        vp, vs = counts["valid_pairs"][rewrite], counts["valid_silent"][rewrite]
        silent = f"{vs}/{vp}" if vp else "-"
        new = counts["new"][rewrite]
        print(
            f"{rewrite:<{width}} "
            + " ".join(cells)
            + f"  {_rate(good, alls)}  {silent:>6}  {new:>3}"
        )
    print()
    print("per rule:")
    for code in codes:
        good = sum(survived[(code, r)] for r in rewrites)
        alls = sum(total[(code, r)] for r in rewrites)
        print(f"  {code}  {_rate(good, alls)}  ({good}/{alls} findings x rewrites)")
    good, alls = sum(survived.values()), sum(total.values())
    vp, vs = sum(counts["valid_pairs"].values()), sum(counts["valid_silent"].values())
    passed, failed = counts["pairs"]
    print()
    print(f"overall survival: {_rate(good, alls)} ({good}/{alls} findings x rewrites)")
    print(f"VALID examples silent: {vs}/{vp} (VALID example, rewrite) pairs")
    print(f"new findings under rewrites (all subjects): {sum(counts['new'].values())}")
    print(f"pairs passing: {passed}/{passed + failed}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=1.0, help="fixture x rewrite share")
    parser.add_argument("--rewrites", nargs="*", default=[r.name for r in REWRITES])
    args = parser.parse_args(argv)
    survival.FIXTURE_PAIRS_SHARE = args.share
    start = time.process_time()
    counts = measure(args.rewrites)
    report(counts, args.rewrites)
    print(f"({time.process_time() - start:.1f} s CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
