"""Run the engine over real source trees and print every finding, per rule and per file.

    python benchmarks/precision_real_trees.py                      # corpora.txt trees
    python benchmarks/precision_real_trees.py NAME=PATH [...]      # chosen trees
    python benchmarks/precision_real_trees.py --codes all ...      # every code, not default

Correct scientific code (scipy, scikit-image, astropy) must give no default-enabled
finding; any finding there is a false positive until argued otherwise.  The script
also counts crashes: an exception out of ``lint_source`` or a rule failure the engine
logged (it skips the rule for that file and carries on).  It exits 1 when anything
crashed.  Trees are listed by ``setup_corpora.sh`` in ``.venv-bench/corpora.txt``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flake8_convflip import engine
from flake8_convflip.codes import ALL_CODES, DEFAULT_ENABLED

HERE = Path(__file__).resolve().parent
CORPORA = HERE / ".venv-bench" / "corpora.txt"


@dataclass
class FileResult:
    """What linting one file gave."""

    path: str
    lines: int
    parsed: bool
    findings: list[tuple[int, int, str, str]] = field(default_factory=list)
    crash: str | None = None


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_COUNTER = _ErrorCounter()
logging.getLogger("flake8_convflip").addHandler(_COUNTER)


def lint_file(path: str, codes: tuple[str, ...]) -> FileResult:
    """Lint one file the way the flake8 plugin does (flake8 decodes it first)."""
    raw = Path(path).read_bytes()
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError:
        source = raw.decode("latin-1")
    logged = len(_COUNTER.messages)
    result = FileResult(path, source.count("\n") + 1, False)
    linter = engine.Engine(frozenset(codes))
    try:
        found = linter.lint(source)
    except Exception as exc:  # the harness exists to find these
        result.crash = f"{type(exc).__name__}: {exc}"
        return result
    result.parsed = linter.parses > 0
    result.findings = [(f.line, f.col, f.code, f.message) for f in found]
    if len(_COUNTER.messages) > logged:
        result.crash = "; ".join(_COUNTER.messages[logged:])
    return result


def _lint_many(args: tuple[list[str], tuple[str, ...]]) -> list[FileResult]:
    paths, codes = args
    return [lint_file(p, codes) for p in paths]


def read_corpora(specs: list[str]) -> list[tuple[str, Path]]:
    """``NAME=PATH`` arguments, or the trees listed in corpora.txt."""
    if specs:
        return [(s.partition("=")[0], Path(s.partition("=")[2])) for s in specs]
    if not CORPORA.exists():
        sys.exit(f"no corpora: run benchmarks/setup_corpora.sh first ({CORPORA} missing)")
    out = []
    for line in CORPORA.read_text().splitlines():
        name, _, path = line.partition("\t")
        out.append((name, Path(path)))
    return out


def run_tree(root: Path, codes: tuple[str, ...], jobs: int) -> list[FileResult]:
    """Lint every ``*.py`` file under ``root`` in ``jobs`` processes."""
    paths = sorted(str(p) for p in root.rglob("*.py"))
    chunks = [paths[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        parts = pool.map(_lint_many, [(chunk, codes) for chunk in chunks])
    return sorted((r for part in parts for r in part), key=lambda r: r.path)


def report(name: str, root: Path, results: list[FileResult]) -> int:
    """Print one tree's summary and findings; return the number of crashes."""
    lines = sum(r.lines for r in results)
    parsed = [r for r in results if r.parsed]
    per_rule = Counter(f[2] for r in results for f in r.findings)
    crashes = [r for r in results if r.crash]
    parsed_lines = sum(r.lines for r in parsed)
    print(f"## {name}: {len(results)} files, {lines} lines ({root})")
    print(
        f"reached libcst: {len(parsed)} files ({len(parsed) / max(len(results), 1):.1%}), "
        f"{parsed_lines / max(lines, 1):.1%} of lines"
    )
    counts = ", ".join(f"{code} {n}" for code, n in sorted(per_rule.items()))
    print(f"findings per rule: {counts or 'none'}")
    for r in results:
        for line, col, _code, message in r.findings:
            print(f"  {Path(r.path).relative_to(root)}:{line}:{col}: {message}")
    for r in crashes:
        print(f"  CRASH {Path(r.path).relative_to(root)}: {r.crash}")
    print()
    return len(crashes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", help="NAME=PATH (default: corpora.txt)")
    parser.add_argument("--codes", choices=("default", "all"), default="default")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    codes = tuple(sorted(DEFAULT_ENABLED if args.codes == "default" else ALL_CODES))
    print(f"codes: {args.codes} ({', '.join(codes)})\n")
    crashes = 0
    for name, root in read_corpora(args.trees):
        crashes += report(name, root, run_tree(root, codes, args.jobs))
    print(f"crashes: {crashes}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
