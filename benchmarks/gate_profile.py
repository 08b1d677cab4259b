"""Which files reach libcst, which rule's gate predicate lets them through, and the cost.

    python benchmarks/gate_profile.py /tmp/corpora/scipy-git [--codes default|all] [--top 25]

In one process: the text gate, the ast summary walk and the libcst stage are timed
per file, then the files that reach libcst are listed by libcst seconds with the
rules whose predicates passed them.  Use it to tighten a predicate without guessing.
"""

from __future__ import annotations

import argparse
import ast
import time
from collections import Counter
from pathlib import Path

from flake8_convflip import engine, gate
from flake8_convflip.codes import ALL_CODES, DEFAULT_ENABLED


def profile(root: Path, codes: frozenset[str], top: int) -> None:
    """Print the gate's per-stage times and the most expensive files that pass it."""
    text_s = walk_s = libcst_s = 0.0
    total_lines = 0
    rows = []
    by_rule: Counter[str] = Counter()
    for path in sorted(root.rglob("*.py")):
        source = path.read_bytes().decode("utf-8", "replace")
        lines = source.count("\n")
        total_lines += lines
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        start = time.perf_counter()
        passed_text = gate.text_may_have_candidates(source)
        text_s += time.perf_counter() - start
        if not passed_text:
            continue
        start = time.perf_counter()
        rules = sorted(gate.gated_codes(tree, source, codes))
        walk_s += time.perf_counter() - start
        if not rules:
            continue
        start = time.perf_counter()
        engine.analyze(source, frozenset(rules))  # as lint_source does
        spent = time.perf_counter() - start
        libcst_s += spent
        by_rule.update(rules)
        rows.append((spent, lines, str(path.relative_to(root)), rules))
    passed_lines = sum(r[1] for r in rows)
    print(f"{root}: {total_lines} lines; text gate {text_s:.2f}s, ast walk {walk_s:.2f}s, ")
    print(
        f"libcst stage {libcst_s:.2f}s on {len(rows)} files "
        f"({passed_lines / total_lines:.1%} of lines)"
    )
    print(
        "files passed per rule predicate: "
        + ", ".join(f"{c} {n}" for c, n in sorted(by_rule.items()))
    )
    for spent, lines, name, rules in sorted(rows, reverse=True)[:top]:
        print(f"  {spent:6.2f}s {lines:6d} lines  {name}  [{' '.join(rules)}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--codes", choices=("default", "all"), default="default")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    codes = DEFAULT_ENABLED if args.codes == "default" else frozenset(ALL_CODES)
    profile(args.root, codes, args.top)


if __name__ == "__main__":
    main()
